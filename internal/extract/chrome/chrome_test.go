package chrome

import "testing"

func TestIsCallToAction(t *testing.T) {
	tests := []struct {
		line string
		want bool
	}{
		{"Sign up for our morning newsletter", true},
		{"Advertisement", true},
		{"Sponsored content", true},
		{"12 comments", true},
		{"View all comments", true},
		{"Share", true},
		{"3 min read", true},
		{"Updated 5 hours ago", true},
		{"This article was originally published on The Harbour Gazette.", true},
		{"Continue reading the main story", true},
		// Prose that happens to hold a chrome word stays.
		{"“We are truly excited about our tour,” comments Tom Hale in a statement.", false},
		{"The mayor's comments drew a sharp reply from the council.", false},
		{"Her membership of the committee lapsed in May.", false},
		{"the reader is asked to subscribe", false}, // lower case: a sentence goes on
	}
	for _, tt := range tests {
		if got := IsCallToAction(tt.line); got != tt.want {
			t.Errorf("IsCallToAction(%q) = %v, want %v", tt.line, got, tt.want)
		}
	}
}

func TestIsCreditLine(t *testing.T) {
	tests := []struct {
		line string
		want bool
	}{
		{"(Picture: AFP via Getty Images)", true},
		{"Image source, Getty Images", true},
		{"Photo: Lena Ortiz/Reuters", true},
		{"(REUTERS)", true},
		{"The ministry (MoD) said nothing.", false},
		{"Troops entered the town on Monday.", false},
	}
	for _, tt := range tests {
		if got := IsCreditLine(tt.line); got != tt.want {
			t.Errorf("IsCreditLine(%q) = %v, want %v", tt.line, got, tt.want)
		}
	}
}

func TestTableMatch(t *testing.T) {
	tab := KnownAggregators()
	for _, line := range []string{"Get all your news in one place.", "Article rank", "PressReader.com - Digital Newspaper & Magazine Subscriptions"} {
		if _, ok := tab.Match(line); !ok {
			t.Errorf("known chrome %q not matched", line)
		}
	}
	if name, ok := tab.Match("Troops entered the town on Monday."); ok {
		t.Errorf("prose matched %s's chrome", name)
	}
}
