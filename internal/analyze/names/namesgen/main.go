// Command namesgen builds the names package's gazetteer (gazetteer.txt.gz)
// from two public sources:
//
//   - the npm package world-countries (data ODbL 1.0, from mledoze/countries):
//     every country's common and official English names, its Latin-script
//     alternative spellings and its English demonyms;
//   - Debian's iso-codes package (LGPL-2.1+): the first-level subdivisions of
//     every country from ISO 3166-2 (/usr/share/iso-codes/json/iso_3166-2.json)
//     with the English names its translation catalogue gives
//     (/usr/share/locale/en/LC_MESSAGES/iso_3166-2.mo);
//   - Debian's unicode-cldr-core package (Unicode-DFS-2016): CLDR's English
//     names of those subdivisions (common/subdivisions/en.xml: "Crimea",
//     "Catalonia", "Belgorod").
//
// Rebuild with:
//
//	npm pack world-countries@5.1.0 && tar xzf world-countries-5.1.0.tgz
//	apt-get install iso-codes unicode-cldr-core
//	go run ./internal/analyze/names/namesgen -countries package/countries.json -out internal/analyze/names/gazetteer.txt.gz
//
// Each output line is "kind<TAB>key<TAB>country": kind is country (a name
// of a country or a form news derives from it, key lower-cased), spelling
// (another spelling the data lists: "Holland", "Nippon"), code (an initialism written in
// capitals, "UK", "U.S.", key as written), continent (a world region,
// "Europe", "South America"), demonym (lower-cased) or region
// (a first-level subdivision's name, lower-cased); country is the
// country's common English name, or the ISO 3166-1 code for a region.
package main

import (
	"encoding/binary"
	"encoding/json"
	"encoding/xml"
	"errors"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"unicode"

	"golang.org/x/text/unicode/norm"

	"github.com/storyline-news/storyline/internal/wordlist"
)

type country struct {
	Name struct {
		Common   string `json:"common"`
		Official string `json:"official"`
	} `json:"name"`
	CCA2         string   `json:"cca2"`
	Region       string   `json:"region"`
	Subregion    string   `json:"subregion"`
	AltSpellings []string `json:"altSpellings"`
	Demonyms     map[string]struct {
		F string `json:"f"`
		M string `json:"m"`
	} `json:"demonyms"`
}

type subdivision struct {
	Code   string `json:"code"`
	Name   string `json:"name"`
	Type   string `json:"type"`
	Parent string `json:"parent"`
}

func main() {
	countriesPath := flag.String("countries", "package/countries.json", "countries.json from the npm package world-countries")
	isoDir := flag.String("iso", "/usr/share/iso-codes/json", "iso-codes JSON folder")
	cldrPath := flag.String("cldr", "/usr/share/unicode/cldr/common/subdivisions/en.xml", "CLDR English subdivision names")
	moPath := flag.String("mo", "/usr/share/locale/en/LC_MESSAGES/iso_3166-2.mo", "iso-codes English catalogue for ISO 3166-2")
	out := flag.String("out", "internal/analyze/names/gazetteer.txt.gz", "table to write")
	flag.Parse()

	var cs []country
	if err := readJSON(*countriesPath, &cs); err != nil {
		fail(err)
	}
	var subs struct {
		List []subdivision `json:"3166-2"`
	}
	if err := readJSON(filepath.Join(*isoDir, "iso_3166-2.json"), &subs); err != nil {
		fail(err)
	}
	english, err := readMO(*moPath)
	if err != nil {
		fail(err)
	}
	cldr, err := readCLDR(*cldrPath)
	if err != nil {
		fail(err)
	}
	lines := build(cs, subs.List, english, cldr)
	if err := wordlist.Write(*out, lines); err != nil {
		fail(err)
	}
	fmt.Printf("%d gazetteer lines\n", len(lines))
}

// build returns the table's lines, sorted.
func build(cs []country, subs []subdivision, english, cldr map[string]string) []string {
	// Names of a country by priority: 0 its common name, 1 its official
	// name and spellings, 2 forms derived from those. A key claimed by two
	// countries at its best priority says neither and is dropped.
	type claim struct {
		prio      int
		countries map[string]bool
	}
	names := map[string]*claim{}
	codes := map[string]*claim{}
	add := func(m map[string]*claim, key, c string, prio int) {
		if key == "" {
			return
		}
		cl := m[key]
		if cl == nil || prio < cl.prio {
			cl = &claim{prio: prio, countries: map[string]bool{}}
			m[key] = cl
		}
		if prio == cl.prio {
			cl.countries[c] = true
		}
	}
	demonyms := map[string]map[string]bool{}
	spellings := map[string]bool{} // names from the alternative spellings
	continents := map[string]string{}
	for _, c := range cs {
		for _, r := range []string{c.Region, c.Subregion} {
			if r != "" {
				continents[strings.ToLower(r)] = r // "Europe", "Eastern Europe"
			}
		}
		common := c.Name.Common
		forms := []string{c.Name.Official}
		for _, s := range c.AltSpellings {
			if latin(s) && !strings.Contains(s, ",") {
				forms = append(forms, s)
			}
		}
		add(names, strings.ToLower(common), common, 0)
		for _, f := range append([]string{common}, forms...) {
			f = strings.TrimSpace(cutParen(f))
			if isCode(f) {
				// A spelling in capitals other than the ISO code is an
				// initialism news writes ("UK", "UAE", "USA"); the ISO code
				// is one only where such a spelling extends it ("US" of
				// "USA"): "GB", "AR" or "PR" are codes, not names.
				if f != c.CCA2 || extendsCode(c.CCA2, forms) {
					add(codes, f, common, 1)
					if len(f) <= 3 {
						add(codes, dotted(f), common, 1)
					}
				}
				continue
			}
			add(names, strings.ToLower(f), common, 1)
			if f != c.Name.Official && f != common {
				spellings[strings.ToLower(f)] = true
			}
			for _, d := range derived(f) {
				add(names, strings.ToLower(d), common, 2)
			}
		}
		if d, ok := c.Demonyms["eng"]; ok {
			for _, w := range []string{d.M, d.F} {
				if w == "" {
					continue
				}
				lw := strings.ToLower(w)
				if demonyms[lw] == nil {
					demonyms[lw] = map[string]bool{}
				}
				demonyms[lw][common] = true
			}
		}
	}
	var lines []string
	emit := func(kind string, m map[string]*claim) {
		for k, cl := range m {
			if len(cl.countries) == 1 {
				for c := range cl.countries {
					lines = append(lines, kind+"\t"+k+"\t"+c)
				}
			}
		}
	}
	// Alternative spellings ("Holland", "Nippon", "Polska") are kept apart
	// from the names and the forms derived from them.
	for k, cl := range names {
		if len(cl.countries) == 1 && spellings[k] && cl.prio == 1 {
			for c := range cl.countries {
				lines = append(lines, "spelling\t"+k+"\t"+c)
			}
			delete(names, k)
		}
	}
	emit("country", names)
	emit("code", codes)
	for d, set := range demonyms {
		c := ""
		if len(set) == 1 {
			for x := range set {
				c = x
			}
		}
		lines = append(lines, "demonym\t"+d+"\t"+c) // "Dominican" names a nationality of two countries
	}
	for k, r := range continents {
		if _, isCountry := names[k]; !isCountry {
			lines = append(lines, "continent\t"+k+"\t"+r)
		}
	}
	regions := map[string]string{}
	for _, s := range subs {
		if s.Parent != "" {
			continue
		}
		cc, _, _ := strings.Cut(s.Code, "-")
		for _, n := range regionForms(s.Name, english[s.Name], cldr[s.Code]) {
			if _, isCountry := names[n]; !isCountry && len([]rune(n)) >= 4 {
				regions[n] = cc
			}
		}
	}
	for n, cc := range regions {
		lines = append(lines, "region\t"+n+"\t"+cc)
	}
	slices.Sort(lines)
	return lines
}

// derived gives the shorter forms news uses of a country's name:
// "United States of America" → "America", "Great Britain" → "Britain",
// "The Netherlands" → "Netherlands".
func derived(name string) []string {
	var out []string
	if before, after, ok := strings.Cut(name, " of "); ok && !strings.Contains(after, " and ") && allStateWords(before) {
		out = append(out, strings.TrimPrefix(strings.TrimPrefix(after, "the "), "The "))
	}
	for _, p := range []string{"The ", "Great "} {
		if rest, ok := strings.CutPrefix(name, p); ok && rest != "" {
			out = append(out, rest)
		}
	}
	return out
}

// stateWords say what kind of state an official name is of: "Republic
// of", "United States of"; "Isle of Man" is no state of "Man".
var stateWords = map[string]bool{"republic": true, "kingdom": true, "united": true, "states": true, "state": true,
	"federation": true, "commonwealth": true, "principality": true, "grand": true, "duchy": true, "sultanate": true,
	"union": true, "people's": true, "democratic": true, "socialist": true, "federal": true, "federated": true,
	"islamic": true, "plurinational": true, "bolivarian": true, "co-operative": true, "arab": true, "the": true}

func allStateWords(s string) bool {
	for _, w := range strings.Fields(s) {
		if !stateWords[strings.ToLower(w)] {
			return false
		}
	}
	return s != ""
}

// regionTypeWords are the words ISO 3166-2 romanisations add to a
// subdivision's name to say what kind it is ("Kharkivska oblast", "Guangdong
// Sheng", "Dagestan, Respublika"); news drops them.
var regionTypeWords = map[string]bool{"oblast": true, "oblast'": true, "oblys": true, "kraj": true, "kray": true,
	"respublika": true, "respublikasi": true, "sheng": true, "shi": true, "zizhiqu": true, "sar": true, "okrug": true,
	"avtonomnyy": true, "avtonomnyj": true, "avtonomnaya": true, "avtonomnaja": true, "avtonomna": true, "viloyati": true,
	"province": true, "region": true, "state": true, "county": true, "district": true, "prefecture": true,
	"governorate": true, "department": true, "municipality": true, "ken": true, "to": true, "fu": true, "do": true}

// regionForms returns the lower-cased forms of a subdivision's name news
// may write: the name without its type word, without diacritics, the
// bracketed alternative, the English name, and for Slavic adjectival forms
// ("Kharkivska", "Belgorodskaja") the noun with and without "-sk"
// ("Kharkiv", "Belgorod"; "Kursk" from "Kurskaja"): the wrong one of each
// pair is a word no text writes.
func regionForms(name string, english ...string) []string {
	var raw []string
	base, alt, _ := strings.Cut(name, "[")
	raw = append(raw, base)
	if alt != "" {
		raw = append(raw, strings.TrimSuffix(strings.TrimSpace(alt), "]"))
	}
	for _, e := range english {
		if e != "" && e != name {
			raw = append(raw, e)
		}
	}
	seen := map[string]bool{}
	var out []string
	addForm := func(s string) {
		s = strings.ToLower(strings.TrimSpace(strings.Trim(s, "*")))
		if first, _, _ := strings.Cut(s, " "); first == "of" || first == "the" || first == "and" {
			return // "District of Columbia" without its type word
		}
		if compassOnly(s) {
			return // "North-West", "Centre": a direction, not a name
		}
		if s != "" && !seen[s] && !strings.ContainsAny(s, "[]()0123456789") {
			seen[s] = true
			out = append(out, s)
		}
	}
	for _, r := range raw {
		r, _, _ = strings.Cut(r, ",")
		var kept []string
		typed := false
		for _, w := range strings.Fields(r) {
			if regionTypeWords[strings.ToLower(w)] {
				typed = true
				continue
			}
			kept = append(kept, w)
		}
		if len(kept) == 0 {
			continue
		}
		for _, s := range []string{strings.Join(kept, " "), plain(strings.Join(kept, " "))} {
			addForm(s)
			if !typed || len(kept) != 1 {
				continue
			}
			ls := strings.ToLower(s)
			for _, suf := range []string{"skaja", "skaya", "skij", "skiy", "ska"} {
				if stem, ok := strings.CutSuffix(ls, suf); ok && len(stem) >= 3 {
					addForm(stem)        // "Kharkivska" → "Kharkiv"
					addForm(stem + "sk") // "Kurskaja" → "Kursk"
				}
			}
		}
	}
	return out
}

// compassOnly reports a name made of compass and position words only.
func compassOnly(s string) bool {
	for _, w := range strings.FieldsFunc(s, func(r rune) bool { return r == ' ' || r == '-' }) {
		switch w {
		case "north", "south", "east", "west", "northern", "southern", "eastern", "western", "central", "centre",
			"center", "upper", "lower", "middle", "north-east", "north-west", "south-east", "south-west":
		default:
			return false
		}
	}
	return true
}

// plain drops diacritics: "Bihār" → "Bihar".
func plain(s string) string {
	var b strings.Builder
	for _, r := range norm.NFD.String(s) {
		if !unicode.Is(unicode.Mn, r) {
			b.WriteRune(r)
		}
	}
	return b.String()
}

func cutParen(s string) string {
	if i := strings.Index(s, "("); i >= 0 {
		return s[:i]
	}
	return s
}

func latin(s string) bool {
	for _, r := range s {
		if unicode.IsLetter(r) && !unicode.Is(unicode.Latin, r) {
			return false
		}
	}
	return true
}

func isCode(s string) bool {
	if len(s) < 2 || len(s) > 5 {
		return false
	}
	for _, r := range s {
		if r < 'A' || r > 'Z' {
			return false
		}
	}
	return true
}

// extendsCode reports whether a longer initialism among a country's
// spellings begins with its ISO code: "USA" for "US".
func extendsCode(code string, forms []string) bool {
	for _, f := range forms {
		if isCode(f) && len(f) > len(code) && strings.HasPrefix(f, code) {
			return true
		}
	}
	return false
}

func dotted(code string) string {
	var b strings.Builder
	for _, r := range code {
		b.WriteRune(r)
		b.WriteByte('.')
	}
	return b.String()
}

func readJSON(path string, v any) error {
	data, err := os.ReadFile(path)
	if err != nil {
		return err
	}
	if err := json.Unmarshal(data, v); err != nil {
		return fmt.Errorf("%s: %w", path, err)
	}
	return nil
}

// readCLDR reads CLDR's subdivision names: ISO 3166-2 code ("UA-43") →
// English name ("Crimea").
func readCLDR(path string) (map[string]string, error) {
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, err
	}
	var doc struct {
		Subdivisions []struct {
			Type string `xml:"type,attr"`
			Name string `xml:",chardata"`
		} `xml:"localeDisplayNames>subdivisions>subdivision"`
	}
	if err := xml.Unmarshal(data, &doc); err != nil {
		return nil, fmt.Errorf("%s: %w", path, err)
	}
	out := map[string]string{}
	for _, d := range doc.Subdivisions {
		if len(d.Type) > 2 {
			out[strings.ToUpper(d.Type[:2])+"-"+strings.ToUpper(d.Type[2:])] = d.Name
		}
	}
	if len(out) == 0 {
		return nil, fmt.Errorf("%s: no subdivisions", path)
	}
	return out, nil
}

// readMO reads a GNU gettext catalogue: original → translation.
func readMO(path string) (map[string]string, error) {
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, err
	}
	if len(data) < 28 {
		return nil, errors.New("mo: too short")
	}
	var bo binary.ByteOrder = binary.LittleEndian
	switch bo.Uint32(data) {
	case 0x950412de:
	case 0xde120495:
		bo = binary.BigEndian
	default:
		return nil, errors.New("mo: bad magic")
	}
	n := int(bo.Uint32(data[8:]))
	origAt, transAt := int(bo.Uint32(data[12:])), int(bo.Uint32(data[16:]))
	str := func(table, i int) (string, error) {
		at := table + 8*i
		if at+8 > len(data) {
			return "", errors.New("mo: table out of range")
		}
		l, off := int(bo.Uint32(data[at:])), int(bo.Uint32(data[at+4:]))
		if off+l > len(data) {
			return "", errors.New("mo: string out of range")
		}
		return string(data[off : off+l]), nil
	}
	out := map[string]string{}
	for i := range n {
		o, err := str(origAt, i)
		if err != nil {
			return nil, err
		}
		t, err := str(transAt, i)
		if err != nil {
			return nil, err
		}
		out[o] = t
	}
	return out, nil
}

func fail(err error) {
	fmt.Fprintf(os.Stderr, "namesgen: %v\n", err)
	os.Exit(1)
}
