package lang

import (
	"strings"
	"unicode"
)

// scripts counts a text's letters by writing system.
type scripts struct {
	latin, cyrillic, greek, arabic, hebrew, han, kana, hangul, devanagari, thai, other int
}

func (s scripts) total() int {
	return s.latin + s.cyrillic + s.greek + s.arabic + s.hebrew + s.han + s.kana + s.hangul + s.devanagari + s.thai + s.other
}

func countScripts(text string) scripts {
	var s scripts
	for _, r := range text {
		if !unicode.IsLetter(r) {
			continue
		}
		switch {
		case r < 0x250 || unicode.Is(unicode.Latin, r):
			s.latin++
		case unicode.Is(unicode.Cyrillic, r):
			s.cyrillic++
		case unicode.Is(unicode.Greek, r):
			s.greek++
		case unicode.Is(unicode.Arabic, r):
			s.arabic++
		case unicode.Is(unicode.Hebrew, r):
			s.hebrew++
		case unicode.Is(unicode.Hiragana, r) || unicode.Is(unicode.Katakana, r) || r == 'ー':
			s.kana++
		case unicode.Is(unicode.Han, r):
			s.han++
		case unicode.Is(unicode.Hangul, r):
			s.hangul++
		case unicode.Is(unicode.Devanagari, r):
			s.devanagari++
		case unicode.Is(unicode.Thai, r):
			s.thai++
		default:
			s.other++
		}
	}
	return s
}

// clean drops the words that carry no language: web addresses, e-mail
// addresses, social-media handles and hashtags. (A token scan: a regexp
// doing the same cost a third of Detect's time.)
func clean(text string) string {
	fields := strings.Fields(text)
	kept := fields[:0]
	for _, w := range fields {
		if !isNoise(w) {
			kept = append(kept, w)
		}
	}
	return strings.Join(kept, " ")
}

var webSuffixes = []string{".com", ".org", ".net", ".co.uk", ".html", ".htm", ".php"}

func isNoise(w string) bool {
	if strings.Contains(w, "://") || strings.HasPrefix(w, "www.") || strings.HasPrefix(w, "@") || strings.HasPrefix(w, "#") {
		return true
	}
	if i := strings.IndexByte(w, '@'); i > 0 && strings.Contains(w[i:], ".") {
		return true
	}
	lw := strings.ToLower(strings.TrimRight(w, ".,;:!?)\"'"))
	for _, s := range webSuffixes {
		if strings.HasSuffix(lw, s) || strings.Contains(lw, s+"/") {
			return true
		}
	}
	return false
}

// cyrillic tells the languages written in Cyrillic apart by the letters
// only some of them use, then by function words: Russian is the default,
// being by far the most common in news.
func cyrillic(text string) string {
	has := func(set string) bool { return strings.ContainsAny(text, set) }
	switch {
	case has("ўЎ"):
		return "be"
	case has("ѓќѕЃЌЅ"):
		return "mk"
	case has("ђћЂЋ"):
		return "sr"
	case has("јљњџЈЉЊЏ"):
		return "sr"
	case has("їєґЇЄҐ"):
		return "uk"
	case has("іІ") && !has("ыэёЫЭЁ"):
		return "uk"
	case has("ыэёЫЭЁ"):
		return "ru"
	}
	var ru, bg int
	for _, w := range strings.FieldsFunc(strings.ToLower(text), func(r rune) bool { return !unicode.IsLetter(r) }) {
		if cyrillicWords["ru"][w] {
			ru++
		}
		if cyrillicWords["bg"][w] {
			bg++
		}
		if strings.HasSuffix(w, "ът") || strings.HasSuffix(w, "ят") && len(w) > 6 {
			bg++
		}
	}
	if bg > ru+1 {
		return "bg"
	}
	return "ru"
}

// cyrillicWords are function words that tell Russian from Bulgarian.
var cyrillicWords = map[string]map[string]bool{
	"ru": setOf("что это как из для его при или был была были также после он она они уже только может"),
	"bg": setOf("се са ще че това които който която във със към още след бе беше са като тази този"),
}

func setOf(list string) map[string]bool {
	m := map[string]bool{}
	for _, w := range strings.Fields(list) {
		m[w] = true
	}
	return m
}

// arabicScript tells Arabic from Persian and Urdu by the letters they add
// to the Arabic alphabet.
func arabicScript(text string) string {
	switch {
	case strings.ContainsAny(text, "ٹڈڑںےۓ"):
		return "ur"
	case strings.ContainsAny(text, "پچژگکی"):
		return "fa"
	}
	return "ar"
}
