package quote

import (
	"strings"
	"unicode"

	"github.com/storyline-news/storyline/internal/analyze/names"
	"github.com/storyline-news/storyline/internal/model"
)

// nameBook remembers the names an article has used so far, to expand a
// surname ("Zelensky said") to the full name given earlier and to tie names
// to the entity stage's canonical forms.
type nameBook struct {
	bySurname map[string]string // lower-case last word → full name
	last      string            // the person named last
	scanned   string            // text already scanned, so a rescan of a prefix adds nothing
	alias     map[string]string // lower-case alias → canonical entity name
	types     map[string]string // canonical entity name → entity type
}

func newNameBook(ents []model.Entity) *nameBook {
	b := &nameBook{bySurname: map[string]string{}, alias: map[string]string{}, types: map[string]string{}}
	for _, e := range ents {
		if e.Type != model.Person && e.Type != model.Org && e.Type != model.Place && e.Type != model.Other {
			continue
		}
		b.types[e.Name] = e.Type
		b.alias[strings.ToLower(e.Name)] = e.Name
		for _, al := range e.Aliases {
			b.alias[strings.ToLower(al)] = e.Name
		}
		if e.Type == model.Person {
			if f := strings.Fields(e.Name); len(f) >= 2 {
				b.bySurname[strings.ToLower(f[len(f)-1])] = e.Name
			}
		}
	}
	return b
}

func clean(w string) string {
	w = strings.Trim(w, ".,;:!?()[]\"'\u2018\u2019\u201c\u201d")
	for _, s := range []string{"'s", "\u2019s"} {
		w = strings.TrimSuffix(w, s)
	}
	return w
}

func capitalised(w string) bool {
	for _, r := range w {
		return unicode.IsUpper(r)
	}
	return false
}

// isDemonym reports whether w only says where someone is from or which
// side they are on, before a name: a people or party word ("Ukrainian",
// "Republican"), a country's initialism ("UK", "U.S.") or the EU.
func isDemonym(w string) bool {
	if names.GroupAdjective(w) || strings.EqualFold(w, "eu") {
		return true
	}
	_, ok := names.Country(w)
	return ok && strings.ToUpper(w) == w
}

// groupAdjective reports a lower-cased word that reads as a nationality or
// party adjective ("democratic", "republican", "american", "chinese"),
// which alone names no speaker. Short ones ("green", "thai", "tory") are
// left out: alone before a verb they are as often a surname (measured on
// PolNeAR: taking them lost found quotes).
func groupAdjective(lw string) bool { return len(lw) >= 6 && names.GroupAdjective(lw) }

// runs returns the capitalised runs of words ("Dmytro Kuleba", "UK
// Ministry of Defence"), lower-case linkers allowed inside.
func runs(words []string) [][]string {
	var out [][]string
	var cur []string
	for i, raw := range words {
		w := clean(raw)
		switch {
		case w != "" && capitalised(w):
			cur = append(cur, w)
		case len(cur) > 0 && nameLinkers[strings.ToLower(w)] && i+1 < len(words) && capitalised(clean(words[i+1])):
			cur = append(cur, w)
		default:
			if len(cur) > 0 {
				out = append(out, cur)
			}
			cur = nil
		}
		if raw != w && len(cur) > 0 && (strings.ContainsAny(raw, ",;:!?") || endsSentenceWord(raw)) {
			out = append(out, cur)
			cur = nil
		}
	}
	if len(cur) > 0 {
		out = append(out, cur)
	}
	return out
}

// endsSentenceWord reports a word whose full stop ends a sentence rather
// than an abbreviation or an initial: "Danube." in "… down the Danube. She
// said", not "Sen." or "H.".
func endsSentenceWord(raw string) bool {
	w := strings.TrimRight(raw, "\"'\u2019\u201d)")
	return strings.HasSuffix(w, ".") && !abbrevBefore(w, len(w)-1)
}

// stripTitles drops titles, honorifics and nationalities before a name:
// "Ukrainian Foreign Minister Dmytro Kuleba" → "Dmytro Kuleba".
func stripTitles(run []string) []string {
	i := 0
	for i < len(run)-1 && (nameTitle(strings.ToLower(run[i])) || names.Opener(strings.ToLower(run[i])) || isDemonym(run[i]) && i+2 < len(run)) {
		i++
	}
	return run[i:]
}

// nameIn returns the name in a subject phrase, the last capitalised run
// with its titles dropped and expanded to a full name seen before.
func (b *nameBook) nameIn(words []string) string {
	rs := runs(words)
	if len(rs) == 0 {
		return ""
	}
	r := stripTitles(rs[len(rs)-1])
	for len(r) > 1 && names.NotName(strings.ToLower(strings.ReplaceAll(r[0], "\u2019", "'"))) {
		r = r[1:]
	}
	for _, w := range r {
		if _, ok := pronouns[strings.ToLower(w)]; ok {
			return "" // "Would I", "Harsh He": a sentence, not a name
		}
	}
	if len(r) == 1 {
		lw := strings.ToLower(strings.ReplaceAll(r[0], "\u2019", "'"))
		// A lone nationality or party word ("Republican claims", "a
		// Mexican official") names nobody unless it is a surname seen
		// in full before.
		if nameTitle(lw) || names.NotName(lw) || groupAdjective(lw) && b.bySurname[lw] == "" {
			return ""
		}
	}
	// "Ana Ruiz of Nevada" is Ana Ruiz; "Bank of America" and "UK
	// Ministry of Defence" stay whole.
	for k := 2; k < len(r)-1; k++ {
		if r[k] == "of" && !names.NotPersonTail(strings.ToLower(r[k-1])) {
			r = r[:k]
			break
		}
	}
	name := strings.Join(r, " ")
	if len(r) == 1 {
		if full, ok := b.bySurname[strings.ToLower(r[0])]; ok {
			return full
		}
	}
	return name
}

// scan records the full names (two or more capitalised words after titles)
// that text mentions.
func (b *nameBook) scan(text string) {
	if strings.HasPrefix(b.scanned, text) {
		return
	}
	rest := text
	if strings.HasPrefix(text, b.scanned) {
		rest = text[len(b.scanned):]
	}
	b.scanned = text
	words := strings.Fields(rest)
	for _, raw := range runs(words) {
		titled := len(raw) > 1 && nameTitle(strings.ToLower(raw[0])) && !names.Opener(strings.ToLower(raw[0]))
		r := stripTitles(raw)
		linker := false
		for _, w := range r {
			if nameLinkers[strings.ToLower(w)] {
				linker = true
			}
		}
		if linker || len(r) > 4 {
			continue // "Ministry of Defence" is no person
		}
		if c, ok := b.alias[strings.ToLower(strings.Join(r, " "))]; ok && b.types[c] != model.Person {
			continue // "strolling around Central Park": "he" is nobody there
		}
		sur := strings.ToLower(r[len(r)-1])
		if len(r) >= 2 {
			if _, ok := b.bySurname[sur]; !ok {
				b.bySurname[sur] = strings.Join(r, " ")
			}
		}
		if names.NotPersonTail(sur) {
			continue
		}
		switch {
		case len(r) >= 2 && !isDemonym(r[0]):
			b.last = b.bySurname[sur]
		case len(r) == 1 && (titled || b.bySurname[sur] != ""):
			if full := b.bySurname[sur]; full != "" {
				b.last = full
			} else {
				b.last = r[0]
			}
		}
	}
}

// canonical maps a speaker to the entity stage's canonical name, or to the
// full name a surname stands for.
func (b *nameBook) canonical(s string) string {
	if s == "" {
		return ""
	}
	if c, ok := b.alias[strings.ToLower(s)]; ok {
		return c
	}
	f := strings.Fields(s)
	if full, ok := b.bySurname[strings.ToLower(f[len(f)-1])]; ok && len(f) == 1 {
		return full
	}
	return s
}

// speakerLike reports a name that may stand as the subject who speaks when
// no reporting verb says so: a person or body the entity stage found (not
// a place), a surname of a full name seen before, or a name of two or more
// words that no entity calls a place. A capitalised word that merely opens
// the sentence ("Once", "Thirty", "Generous") is none of these.
func (b *nameBook) speakerLike(s string) bool {
	if s == "" || !isName(s) {
		return false
	}
	c := b.canonical(s)
	if _, ok := b.types[c]; ok {
		return true
	}
	f := strings.Fields(s)
	if len(f) == 1 {
		_, ok := b.bySurname[strings.ToLower(f[0])]
		return ok
	}
	return !names.Opener(strings.ToLower(f[0]))
}
