package chrome

import "testing"

// The sentences are the team's own, in the shapes sign-up boxes, consent
// notices, paywalls and share bars take, beside news sentences that use the
// same words.
func TestIsBoilerplateSentence(t *testing.T) {
	tests := []struct {
		name string
		s    string
		want bool
	}{
		{"consent", "By submitting your email, you agree to our Terms of Service and Privacy Policy.", true},
		{"cookies", "We use cookies to give you the best experience on our website.", true},
		{"unsubscribe", "You can unsubscribe at any time.", true},
		{"newsletter in a title", "Morning Digest Sign up for our newsletter on what moves the markets.", true},
		{"inbox", "Get the headlines that matter delivered straight to your inbox.", true},
		{"script notice", "Media requires JavaScript to play.", true},
		{"imperative", "Download the app to keep reading.", true},
		{"paywall", "Log in for full access to every article.", true},
		{"reported speech", "The regulator said websites must let you refuse cookies.", false},
		{"quoted", "\u201cYou can unsubscribe at any time,\u201d the spokesman said.", false},
		{"news about subscribers", "The carrier had more than 52 million subscribers at the end of June.", false},
		{"news about a newsletter", "The newsletter was founded in 2014 by two former reporters.", false},
		{"no cue", "You cannot give up after one bad year.", false},
		{"site speaking", "We and our partners store information on your device using cookies.", true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := IsBoilerplateSentence(tt.s); got != tt.want {
				t.Errorf("IsBoilerplateSentence(%q) = %v, want %v", tt.s, got, tt.want)
			}
		})
	}
}

func TestIsBoilerplate(t *testing.T) {
	tests := []struct {
		name string
		p    string
		want bool
	}{
		{"sign-up box", "Breaking Alerts Get the news as it happens, in your inbox. Email Sign Up By signing up you agree to receive email alerts from us. You can unsubscribe at any time.", true},
		{"cookie wall", "We and our partners use cookies to personalise content. By clicking Accept all, you agree to our use of cookies. You can change your choices at any time.", true},
		{"article with one sign-up sentence", "The council approved the budget on Tuesday after a debate that lasted six hours. Opposition members walked out before the vote. Sign up for our newsletter.", false},
		{"paywall", "Already a subscriber? Log in for full access.", true},
		{"article", "The fire service said no homes had been lost so far.", false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := IsBoilerplate(tt.p); got != tt.want {
				t.Errorf("IsBoilerplate(%q) = %v, want %v", tt.p, got, tt.want)
			}
		})
	}
}

func TestTrimBoilerplate(t *testing.T) {
	tests := []struct {
		name, p, want string
		removed       int
	}{
		{"consent in front, share bar behind",
			"We use cookies on this site. By continuing, you agree to our use of cookies. Rain closed the coast road on Sunday. Crews reopened it by noon. Share this article Facebook Twitter Email",
			"Rain closed the coast road on Sunday. Crews reopened it by noon.", 21},
		{"learn more", "Ferries resumed on Monday. You can turn alerts off in your privacy settings. Learn more",
			"Ferries resumed on Monday.", 11},
		{"inner sentence stays", "Ferries resumed on Monday. Sign up for our newsletter. The operator apologised.",
			"Ferries resumed on Monday. Sign up for our newsletter. The operator apologised.", 0},
		{"news sentence with a call to action's word", "The newsletter was founded in 2014 by two former reporters. It has 9,000 readers.",
			"The newsletter was founded in 2014 by two former reporters. It has 9,000 readers.", 0},
		{"nothing to trim", "Ferries resumed on Monday.", "Ferries resumed on Monday.", 0},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, n := TrimBoilerplate(tt.p)
			if got != tt.want || n != tt.removed {
				t.Errorf("TrimBoilerplate(%q) = %q, %d; want %q, %d", tt.p, got, n, tt.want, tt.removed)
			}
		})
	}
}

func TestShapes(t *testing.T) {
	tests := []struct {
		name string
		fn   func(string) bool
		line string
		want bool
	}{
		{"share bar", IsShareBar, "Facebook Twitter WhatsApp Email", true},
		{"share bar with label", IsShareBar, "Share this story | Facebook | X", true},
		{"one network", IsShareBar, "Twitter", false},
		{"prose", IsShareBar, "Facebook and Twitter were fined", false},
		{"page", IsPageMarker, "Page 9", true},
		{"page of", IsPageMarker, "Page 3 of 12", true},
		{"page code", IsPageMarker, "A4", true},
		{"not a page", IsPageMarker, "Page turner", false},
		{"word count", IsWordCount, "1,204 words", true},
		{"not a word count", IsWordCount, "Three words", false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := tt.fn(tt.line); got != tt.want {
				t.Errorf("%q: %v, want %v", tt.line, got, tt.want)
			}
		})
	}
}
