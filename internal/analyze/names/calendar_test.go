package names

import (
	"regexp"
	"testing"
	"time"
)

func TestMonth(t *testing.T) {
	tests := []struct {
		name string
		in   string
		want time.Month
	}{
		{"written out", "March", time.March},
		{"abbreviated with a stop", "Sept.", time.September},
		{"three letters", "sep", time.September},
		{"upper case", "DEC", time.December},
		{"may", "May", time.May},
		{"no month", "Marc", 0},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, ok := Month(tt.in)
			if got != tt.want || ok != (tt.want != 0) {
				t.Errorf("Month(%q) = %v, %v; want %v", tt.in, got, ok, tt.want)
			}
		})
	}
	for _, w := range []string{"jan", "sept", "mar"} {
		if !MonthAbbreviation(w) {
			t.Errorf("MonthAbbreviation(%q) = false", w)
		}
	}
	for _, w := range []string{"may", "june", "march", "mon"} {
		if MonthAbbreviation(w) {
			t.Errorf("MonthAbbreviation(%q) = true: a full stop after it ends a sentence", w)
		}
	}
	if d, ok := Weekday("THURSDAY"); !ok || d != time.Thursday {
		t.Errorf("Weekday(THURSDAY) = %v, %v", d, ok)
	}
	if len(MonthWords()) != 24 {
		t.Errorf("MonthWords has %d words, want 12 names, 11 abbreviations (May is its own) and Sept", len(MonthWords()))
	}
}

func TestMonthPattern(t *testing.T) {
	re := regexp.MustCompile(`^` + MonthPattern() + `\b`)
	tests := []struct{ in, want string }{
		{"September 3", "September"},
		{"Sept 3", "Sept"},
		{"Sep 3", "Sep"},
		{"May 1", "May"},
		{"Mayor Hale", ""},
		{"march 3", ""}, // capitalised only; callers add (?i)
	}
	for _, tt := range tests {
		m := re.FindStringSubmatch(tt.in)
		got := ""
		if m != nil {
			got = m[1]
		}
		if got != tt.want {
			t.Errorf("MonthPattern on %q = %q, want %q", tt.in, got, tt.want)
		}
	}
}

func TestHonorificsParticlesAbbreviations(t *testing.T) {
	for w := range honorifics {
		if !Title(w) {
			t.Errorf("honorific %q is no title", w)
		}
	}
	tests := []struct {
		name string
		fn   func(string) bool
		in   string
		want bool
	}{
		{"honorific with a stop", Honorific, "Dr.", true},
		{"an office is no honorific", Honorific, "President", false},
		{"particle", Particle, "von", true},
		{"capitalised particle is a name's word", Particle, "Von", false},
		{"rank", Abbreviation, "lt", true},
		{"designator", Abbreviation, "inc", true},
		{"month", Abbreviation, "sept", true},
		{"a word", Abbreviation, "ill", false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := tt.fn(tt.in); got != tt.want {
				t.Errorf("%s(%q) = %v, want %v", tt.name, tt.in, got, tt.want)
			}
		})
	}
}

func TestOfficesAreTitles(t *testing.T) {
	for w := range offices {
		if !Title(w) {
			t.Errorf("office %q is no title", w)
		}
	}
	if Office("Mr") || !Office("Minister") {
		t.Errorf("Office(Mr) = %v, Office(Minister) = %v", Office("Mr"), Office("Minister"))
	}
}

func TestMasthead(t *testing.T) {
	for _, w := range []string{"Times", "gazette", "Courier", "Daily"} {
		if !Masthead(w) {
			t.Errorf("Masthead(%q) = false", w)
		}
	}
	for _, w := range []string{"Ministry", "Kyiv", "said"} {
		if Masthead(w) {
			t.Errorf("Masthead(%q) = true", w)
		}
	}
}

func TestSentenceOpener(t *testing.T) {
	for _, w := range []string{"Unlike", "Perhaps", "Meanwhile", "According"} {
		if !SentenceOpener(w) {
			t.Errorf("SentenceOpener(%q) = false", w)
		}
	}
	if SentenceOpener("Kuleba") || Opener("Perhaps") {
		t.Errorf("SentenceOpener(Kuleba) = %v, Opener(Perhaps) = %v; want false, false", SentenceOpener("Kuleba"), Opener("Perhaps"))
	}
}
