package names

import (
	"strings"
	"unicode"
	"unicode/utf8"
)

// Capitalised reports whether w begins with an upper-case letter.
func Capitalised(w string) bool {
	for _, r := range w {
		return unicode.IsUpper(r)
	}
	return false
}

// LastCapRun returns the last run of capitalised words in words, an "of"
// between two of them kept: "the head of the UK Ministry of Defence" →
// "UK Ministry of Defence".
func LastCapRun(words []string) string {
	end := len(words)
	for end > 0 && !Capitalised(words[end-1]) {
		end--
	}
	start := end
	for start > 0 && (Capitalised(words[start-1]) || strings.EqualFold(words[start-1], "of") && start > 1 && Capitalised(words[start-2])) {
		start--
	}
	return strings.Join(words[start:end], " ")
}

// StripTitles drops the titles, title modifiers and nationality words that
// open a run of capitalised words before a name, keeping the last word:
// "Ukrainian Foreign Minister Dmytro Kuleba" → "Dmytro Kuleba",
// "Gen Carradine" → "Carradine". A demonym is dropped only before two more
// words, so a surname that is also one ("Welsh") survives alone.
func StripTitles(run []string) []string {
	i := 0
	for i < len(run)-1 && (Title(run[i]) || TitleModifier(run[i]) || Demonym(run[i]) && i+2 < len(run) || code(run[i]) && i+2 < len(run)) {
		i++
	}
	return run[i:]
}

// code reports a country's initialism as written: "UK", "U.S.".
func code(w string) bool {
	_, ok := gaz().codes[w]
	return ok
}

// PersonLike reports whether a run of capitalised words can be a person's
// name by its form: not a country, region or nationality, no organisation's
// or place's head word last, no pronoun or month in it.
func PersonLike(run []string) bool {
	if len(run) == 0 {
		return false
	}
	whole := strings.Join(run, " ")
	if Place(whole) || Demonym(whole) && len(run) == 1 {
		return false
	}
	for _, w := range run {
		if NotName(w) || Calendar(w) || Title(w) && len(run) == 1 {
			return false
		}
	}
	last := run[len(run)-1]
	return !OrgHead(last) && !PlaceHead(last) && !Platform(last)
}

// linkers are the lower-case words inside organisations' names that their
// acronyms skip or write in lower case: "Ministry of Defence" → "MoD".
var linkers = wordSet(`of and the for`)

// Initials returns the capitals of a name's words, its linking words
// skipped ("General Motors" → "GM", "Bank of England" → "BE"), or "" when a
// word is neither capitalised nor a linker.
func Initials(ws []string) string {
	var b strings.Builder
	for _, w := range ws {
		r, _ := utf8.DecodeRuneInString(w)
		if !unicode.IsUpper(r) {
			if linkers[w] {
				continue
			}
			return ""
		}
		b.WriteRune(r)
	}
	return b.String()
}

// LinkedInitials returns the initials of a name with its linking words'
// initials in lower case, as acronyms like "MoD" write them ("Ministry of
// Defence" → "MoD"), or "" when the name has no linker.
func LinkedInitials(ws []string) string {
	var b strings.Builder
	lower := false
	for _, w := range ws {
		r, _ := utf8.DecodeRuneInString(w)
		if !unicode.IsUpper(r) {
			if !linkers[w] {
				return ""
			}
			lower = true
		}
		b.WriteRune(r)
	}
	if !lower {
		return ""
	}
	return b.String()
}
