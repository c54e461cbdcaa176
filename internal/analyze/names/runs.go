package names

import (
	"strings"
	"unicode"
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
