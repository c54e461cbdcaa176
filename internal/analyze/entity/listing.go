package entity

import (
	"sort"
	"strings"

	"github.com/storyline-news/storyline/internal/analyze/names"
)

// singular returns the singular of a plural noun, or "" for a word that
// is none: "cities" → "city", "villages" → "village".
func singular(w string) string {
	switch {
	case strings.HasSuffix(w, "ies") && len(w) > 4:
		return w[:len(w)-3] + "y"
	case strings.HasSuffix(w, "s") && !strings.HasSuffix(w, "ss"):
		return w[:len(w)-1]
	}
	return ""
}

// listedWithPlaces retypes, across the article, the one-word names the
// tagger took for people that a comma list sets among places the article
// names elsewhere: "the cities of Dovren, Kalsk and Marvo" where Dovren
// and Marvo are places in other sentences. A name with a person's form,
// a title or a given name stays a person; "met Varenko and officials in
// London" lists nothing.
func listedWithPlaces(ms []mention, paras []string) {
	votes := map[string]int{} // name → place votes minus person votes
	for _, m := range ms {
		votes[m.name] += placeVote(m)
	}
	byPara := map[int][]int{}
	for i, m := range ms {
		byPara[m.para] = append(byPara[m.para], i)
	}
	for p, idx := range byPara {
		sort.Slice(idx, func(a, b int) bool { return ms[idx[a]].start < ms[idx[b]].start })
		// Chains of mentions joined by list separators.
		for s := 0; s < len(idx); {
			e, comma := s+1, false
			for e < len(idx) {
				gap, ok := listGap(paras[p], ms[idx[e-1]].end, ms[idx[e]].start)
				if !ok {
					break
				}
				comma = comma || gap
				e++
			}
			chain := idx[s:e]
			s = e
			if len(chain) < 2 || !comma {
				continue
			}
			// A place named elsewhere in the article: its votes less
			// those of this list.
			own := map[string]int{}
			for _, i := range chain {
				own[ms[i].name] += placeVote(ms[i])
			}
			place := false
			for _, i := range chain {
				place = place || ms[i].typ == "LOC" || votes[ms[i].name]-own[ms[i].name] > 0
			}
			if !place {
				continue
			}
			for _, i := range chain {
				m := &ms[i]
				if m.typ == "PER" && !m.titled && !strings.Contains(m.name, " ") && !givenNames()[strings.ToLower(m.name)] {
					m.typ = "LOC"
				}
			}
		}
	}
}

// placeVote is what a mention says of its name being a place's: the
// tagger's type, and "in X" as resolve weighs it.
func placeVote(m mention) int {
	v := 0
	switch m.typ {
	case "LOC":
		v++
	case "PER":
		v--
	}
	if locative[m.prev] && !m.titled && !strings.Contains(m.name, " ") {
		v += 2
	}
	return v
}

// listGap reports whether the text between two mentions only separates
// items of a list (", ", " and ", ", and ", " or "), and whether a comma
// does.
func listGap(para string, end, start int) (comma, ok bool) {
	if end > start || start > len(para) {
		return false, false
	}
	switch strings.TrimSpace(para[end:start]) {
	case ",":
		return true, true
	case ", and", ", or":
		return true, true
	case "and", "or":
		return false, true
	}
	return false, false
}

// placeContext retypes the one-word names the tagger took for people that
// their words around say are places: a place's head noun after the name
// ("the eastern Kalvia region", "the Moskva river"), an apposition that
// calls it one ("Dovren, a strategic city in the east,") or a locative
// preposition and "the" before it ("the gateway to the Donbas").
func placeContext(ms []mention, paras []string) {
	for i := range ms {
		m := &ms[i]
		if m.typ != "PER" || m.titled || strings.Contains(m.name, " ") || givenNames()[strings.ToLower(m.name)] {
			continue
		}
		para := paras[m.para]
		after := strings.Fields(para[m.end:])
		if len(after) > 0 {
			next := strings.TrimRight(after[0], ".,;:!?)\"'’”")
			if next != "" && !isCap(next) && names.PlaceHead(next) && !strings.HasSuffix(after[0], ",") {
				m.typ = "LOC"
				continue
			}
		}
		if placeApposed(para[m.end:]) {
			m.typ = "LOC"
			continue
		}
		before := strings.Fields(para[:m.start])
		if n := len(before); n >= 2 && strings.EqualFold(before[n-1], "the") && locative[strings.ToLower(before[n-2])] {
			m.typ = "LOC"
		}
	}
}

// placeApposed reports whether the text after a name opens an apposition
// whose head is a place's head noun: ", a strategic city", ", the
// regional capital", within four lower-case words.
func placeApposed(rest string) bool {
	rest, ok := strings.CutPrefix(rest, ",")
	if !ok {
		return false
	}
	f := strings.Fields(rest)
	if len(f) < 2 || (f[0] != "a" && f[0] != "an" && f[0] != "the") {
		return false
	}
	for k := 1; k < len(f) && k <= 4; k++ {
		w := strings.TrimRight(f[k], ".,;:!?")
		if w == "" || isCap(w) || functionWords[w] {
			return false
		}
		if names.PlaceHead(w) || w == "capital" {
			return true
		}
		if w != f[k] {
			return false // the apposition ended before a head noun
		}
	}
	return false
}
