package textdump

import (
	"strings"
	"testing"
)

func TestSplitBlock(t *testing.T) {
	// An invented block of nine sentences, 20 words each, one a quotation.
	s := "The river rose above its banks on Monday night and flooded the low streets of the old town near the harbour. "
	block := strings.Repeat(s, 4) +
		"\u201cWe have never seen water this high in the square, not once in forty years of keeping this shop open,\u201d said a baker. " +
		strings.Repeat(s, 4)
	got := splitBlock(block)
	if len(got) < 3 {
		t.Fatalf("split into %d paragraphs, want at least 3: %q", len(got), got)
	}
	if strings.Join(got, " ") != strings.TrimSpace(block) {
		t.Errorf("splitting lost or changed text")
	}
	quoted := 0
	for _, p := range got {
		if n := len(strings.Fields(p)); n > targetParagraph+25 {
			t.Errorf("paragraph of %d words: %.60q", n, p)
		}
		if strings.HasPrefix(p, "\u201c") {
			quoted++
		}
	}
	if quoted != 1 {
		t.Errorf("the quotation does not open a paragraph of its own: %q", got)
	}
}

func TestSplitBlocksKeepsNewsParagraphs(t *testing.T) {
	p := "Fire crews worked through the night to hold a line along the old railway embankment, officials said."
	got := splitBlocks([]string{p, p})
	if len(got) != 2 || got[0] != p {
		t.Errorf("splitBlocks changed ordinary paragraphs: %q", got)
	}
}

func TestOutletFromDomain(t *testing.T) {
	tests := []struct {
		name  string
		lines []string
		want  string
	}{
		{"bare domain above the name", []string{"pinecrestsignal.com", "Pinecrest Signal", "Wildfire forces evacuation of three villages"}, "Pinecrest Signal"},
		{"name with The, domain in the address", []string{"The Ashford Lamp", "Bridge reopens after repairs", "https://www.ashfordlamp.co.uk/news/bridge"}, "The Ashford Lamp"},
		{"hyphenated domain", []string{"www.vale-courier.org", "Vale Courier", "Mill to close"}, "Vale Courier"},
		{"no matching line", []string{"pinecrestsignal.com", "Regional News", "Wildfire forces evacuation"}, ""},
		{"no domain", []string{"Pinecrest Signal", "Wildfire forces evacuation"}, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var ls []line
			for _, l := range tt.lines {
				ls = append(ls, line{text: l})
			}
			if got := outletFromDomain(ls); got != tt.want {
				t.Errorf("outletFromDomain = %q, want %q", got, tt.want)
			}
		})
	}
}

func TestMarkNavigationSparesOutletBlock(t *testing.T) {
	menu := []line{{text: "Home"}, {text: "News"}, {text: "Sport"}, {text: "Weather"}}
	markNavigation(menu)
	for _, l := range menu {
		if l.kind != kChrome {
			t.Errorf("menu item %q not chrome", l.text)
		}
	}
	block := []line{{text: "Marlowe"}, {text: "Marlowe"}, {text: "National"}}
	markNavigation(block)
	for _, l := range block {
		if l.kind == kChrome {
			t.Errorf("outlet block line %q taken for a menu", l.text)
		}
	}
}

func TestIsSourceCode(t *testing.T) {
	for s, want := range map[string]bool{"WSTSNT": true, "AB12CD": true, "WORLD": false, "Reuters": false, "NO": false, "TWO WORDS": false} {
		if got := isSourceCode(s); got != want {
			t.Errorf("isSourceCode(%q) = %v, want %v", s, got, want)
		}
	}
}
