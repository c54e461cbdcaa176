package names

import (
	"strings"
	"testing"
)

func TestCheck(t *testing.T) {
	if err := Check(); err != nil {
		t.Fatal(err)
	}
	g := gaz()
	if len(g.countries) < 400 || len(g.regions) < 3000 || len(g.demonyms) < 200 {
		t.Errorf("gazetteer too small: %d country names, %d regions, %d demonyms", len(g.countries), len(g.regions), len(g.demonyms))
	}
}

func TestCountry(t *testing.T) {
	tests := []struct {
		name, in, want string
	}{
		{"initialism", "UK", "United Kingdom"},
		{"dotted initialism", "U.S.", "United States"},
		{"three-letter initialism", "UAE", "United Arab Emirates"},
		{"short form of official name", "America", "United States"},
		{"Great dropped", "Britain", "United Kingdom"},
		{"official name", "Russian Federation", "Russia"},
		{"lower case", "south korea", "South Korea"},
		{"alternative spelling", "Holland", "Netherlands"},
		{"pronoun is no code", "us", ""},
		{"ISO code is no name", "GB", ""},
		{"ambiguous short form dropped", "Korea", ""},
		{"a region is no country", "Texas", ""},
		{"a continent is no country", "Europe", ""},
		{"a person is no country", "Dana Voss", ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, ok := Country(tt.in)
			if got != tt.want || ok != (tt.want != "") {
				t.Errorf("Country(%q) = %q, %v; want %q", tt.in, got, ok, tt.want)
			}
		})
	}
}

func TestRegion(t *testing.T) {
	tests := []struct {
		name string
		in   string
		want bool
	}{
		{"Georgian region", "Abkhazia", true},
		{"Indian state", "Uttar Pradesh", true},
		{"Indian state without diacritics", "Bihar", true},
		{"Chinese province without type word", "Guangdong", true},
		{"Russian oblast from adjective", "Belgorod", true},
		{"Russian oblast ending in -sk", "Kursk", true},
		{"Ukrainian oblast from adjective", "Kharkiv", true},
		{"Russian republic", "Dagestan", true},
		{"German state by English name", "Bavaria", true},
		{"US state", "New Mexico", true},
		{"country is not a region", "Georgia", false},
		{"continent is not a region", "Europe", false},
		{"common word", "Market", false},
		{"type word alone", "Oblast", false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := Region(tt.in); got != tt.want {
				t.Errorf("Region(%q) = %v, want %v", tt.in, got, tt.want)
			}
		})
	}
}

func TestDemonym(t *testing.T) {
	tests := []struct {
		in   string
		want bool
	}{
		{"Ukrainian", true}, {"British", true}, {"Ukrainians", true}, {"Korean", true}, {"Zealander", true},
		{"European", true}, {"pro-Kremlin", true}, {"Russian-backed", true}, {"Kuleba", false}, {"Smith", false},
		{"Ministry", false}, {"Russia", false},
	}
	for _, tt := range tests {
		if got := Demonym(tt.in); got != tt.want {
			t.Errorf("Demonym(%q) = %v, want %v", tt.in, got, tt.want)
		}
	}
	if c := DemonymCountry("British"); c != "United Kingdom" {
		t.Errorf("DemonymCountry(British) = %q", c)
	}
	if c := DemonymCountry("Dominican"); c != "" {
		t.Errorf("DemonymCountry(Dominican) = %q, want none: two countries", c)
	}
}

func TestVocab(t *testing.T) {
	tests := []struct {
		name string
		fn   func(string) bool
		in   string
		want bool
	}{
		{"abbreviated title", Title, "Gen.", true},
		{"office", Title, "President", true},
		{"name is no title", Title, "Vasquez", false},
		{"modifier", TitleModifier, "Armed", true},
		{"month", Calendar, "September", true},
		{"short month", Calendar, "Sept.", true},
		{"weekday", Calendar, "Thursday", true},
		{"name is no month", Calendar, "Augustine", false},
		{"org head", OrgHead, "Ministry", true},
		{"place head", PlaceHead, "Arena", true},
		{"platform", Platform, "Telegram", true},
		{"pronoun with curly apostrophe", NotName, "They\u2019re", true},
		{"name is a name", NotName, "Mira", false},
		{"opener", Opener, "Meanwhile", true},
		{"the opens a speaker's name", Opener, "The", false},
		{"the names nobody alone", NamesNobody, "The", true},
		{"a name names someone", NamesNobody, "Mira", false},
		{"country word", func(w string) bool { return CountryWord(strings.ToLower(w)) }, "Zealand", true},
		{"generic word of official names", func(w string) bool { return CountryWord(strings.ToLower(w)) }, "Republic", false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := tt.fn(tt.in); got != tt.want {
				t.Errorf("%q: %v, want %v", tt.in, got, tt.want)
			}
		})
	}
}

func TestRuns(t *testing.T) {
	tests := []struct {
		name  string
		words string
		last  string
		strip string
	}{
		{"titles and nationality before a name", "the Ukrainian Foreign Minister Dmytro Vasko", "Ukrainian Foreign Minister Dmytro Vasko", "Dmytro Vasko"},
		{"organisation with of", "a spokesman for the Ministry of Coastal Affairs", "Ministry of Coastal Affairs", "Ministry of Coastal Affairs"},
		{"lone title and surname", "said Gen Marlow", "Gen Marlow", "Marlow"},
		{"country code before a role and name", "UK armed forces minister Ellis Brand", "Ellis Brand", "Ellis Brand"},
		{"no capitals", "officials said", "", ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			run := LastCapRun(strings.Fields(tt.words))
			if run != tt.last {
				t.Errorf("LastCapRun = %q, want %q", run, tt.last)
			}
			if got := strings.Join(StripTitles(strings.Fields(run)), " "); got != tt.strip {
				t.Errorf("StripTitles(%q) = %q, want %q", run, got, tt.strip)
			}
		})
	}
}

func TestPersonLike(t *testing.T) {
	tests := []struct {
		in   string
		want bool
	}{
		{"Lena Marsh", true}, {"Eastern Europe", false}, {"Marsh", true}, {"Abkhazia", false}, {"United States", false}, {"Britain", false},
		{"Korvin Arena", false}, {"Defence Ministry", false}, {"Facebook", false}, {"Ukrainian", false},
		{"September", false}, {"They", false},
	}
	for _, tt := range tests {
		if got := PersonLike(strings.Fields(tt.in)); got != tt.want {
			t.Errorf("PersonLike(%q) = %v, want %v", tt.in, got, tt.want)
		}
	}
}

func TestCountryWordsNoGivenNames(t *testing.T) {
	for _, w := range []string{"martin", "cook", "man", "marshall", "solomon", "christmas", "south", "islands", "dr"} {
		if CountryWord(w) {
			t.Errorf("CountryWord(%q) = true: a word of an island's or a generic name", w)
		}
	}
	for _, w := range []string{"lanka", "zealand", "ukraine", "uk", "usa", "britain"} {
		if !CountryWord(w) {
			t.Errorf("CountryWord(%q) = false", w)
		}
	}
}

func TestGroupAdjective(t *testing.T) {
	tests := []struct {
		in   string
		want bool
	}{
		{"Venetian", true}, {"Republican", true}, {"Democratic", true}, {"Ukrainian", true}, {"Thai", true},
		{"Kuleba", false}, {"Lynch", false}, {"Jordan", false}, {"Ian", false},
	}
	for _, tt := range tests {
		if got := GroupAdjective(tt.in); got != tt.want {
			t.Errorf("GroupAdjective(%q) = %v, want %v", tt.in, got, tt.want)
		}
	}
}
