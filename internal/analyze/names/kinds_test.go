package names

import (
	"strings"
	"testing"
)

func TestNoun(t *testing.T) {
	tests := []struct {
		name, in, want string
	}{
		{"religion", "Islam", Thing},
		{"feast", "Easter", Thing},
		{"pilgrimage, any case", "HAJJ", Common},
		{"object of two words", "Space Shuttle", Common},
		{"newspaper noun", "Gazette", Common},
		{"a common noun GUM writes in names", "Trump", ""},
		{"a common noun GUM writes in place names", "Fort", ""},
		{"a natural object is a place", "Atlantic Ocean", ""},
		{"a building is a place", "Capitol", ""},
		{"group only", "Team", Group},
		{"role", "Director", Role},
		{"role no one is called", "Spokesman", Role},
		{"a surname that is also a trade", "Smith", ""},
		{"a noun that is also a person's name", "Hunt", ""},
		{"a place", "Paris", ""},
		{"unknown to the dictionary", "Zaluzhny", ""},
		{"four words are never listed", "space shuttle launch pad", ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := Noun(tt.in); got != tt.want {
				t.Errorf("Noun(%q) = %q, want %q", tt.in, got, tt.want)
			}
		})
	}
}

func TestWorkNoun(t *testing.T) {
	tests := []struct {
		name string
		in   string
		want bool
	}{
		{"film", "film", true},
		{"plural", "cards", true},
		{"novel", "novel", true},
		{"video game", "game", true},
		{"a report is no work's name", "report", false},
		{"a structure first, a card game second", "bridge", false},
		{"a person's role", "director", false},
		{"a place noun", "city", false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := WorkNoun(tt.in); got != tt.want {
				t.Errorf("WorkNoun(%q) = %v, want %v", tt.in, got, tt.want)
			}
		})
	}
}

func TestOrgHeadPlural(t *testing.T) {
	tests := []struct {
		name string
		in   string
		want bool
	}{
		{"singular", "Department", true},
		{"plural", "Departments", true},
		{"plural in -ies", "Agencies", true},
		{"a head that ends in s", "Times", true},
		{"no head", "Relations", false},
		{"too short to be a plural", "Bus", false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := OrgHead(tt.in); got != tt.want {
				t.Errorf("OrgHead(%q) = %v, want %v", tt.in, got, tt.want)
			}
		})
	}
}

func BenchmarkNoun(b *testing.B) {
	words := []string{"Islam", "Zaluzhny", "Space Shuttle", "Director", "Kharkiv", "Team"}
	Noun("warm")
	for i := 0; b.Loop(); i++ {
		Noun(words[i%len(words)])
	}
}

func TestInitials(t *testing.T) {
	tests := []struct {
		name, in, initials, linked string
	}{
		{"plain", "General Motors", "GM", ""},
		{"linker skipped or kept lower", "Ministry of Defence", "MD", "MoD"},
		{"two linkers", "Bank of the North", "BN", "BotN"},
		{"a lower-case word that is no linker", "Ministry with Defence", "", ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			ws := strings.Fields(tt.in)
			if got := Initials(ws); got != tt.initials {
				t.Errorf("Initials(%q) = %q, want %q", tt.in, got, tt.initials)
			}
			if got := LinkedInitials(ws); got != tt.linked {
				t.Errorf("LinkedInitials(%q) = %q, want %q", tt.in, got, tt.linked)
			}
		})
	}
}
