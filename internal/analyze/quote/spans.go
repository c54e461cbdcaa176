package quote

import (
	"unicode"
	"unicode/utf8"
)

// span is a quoted stretch of one paragraph: para[Start:End] is the text
// inside the marks; Open reports that no closing mark was found before the
// paragraph ended (the quote runs on into the next paragraph), Cont that the
// paragraph began inside a quote left open by the previous one.
type span struct {
	start, end int
	open, cont bool
}

// markKind classifies the quotation mark at para[i]: +1 opening, -1
// closing, 0 not a quotation mark (an apostrophe, a prime, a word
// character).
func markKind(para string, i int) (kind int, family rune, size int) {
	r, n := utf8.DecodeRuneInString(para[i:])
	prev, _ := utf8.DecodeLastRuneInString(para[:i])
	next, _ := utf8.DecodeRuneInString(para[i+n:])
	if i == 0 {
		prev = ' '
	}
	if i+n >= len(para) {
		next = ' '
	}
	switch r {
	case '\u201c', '\u201e': // “ „
		return 1, '"', n
	case '\u201d': // ”
		return -1, '"', n
	case '\u00ab':
		return 1, '"', n
	case '\u00bb':
		return -1, '"', n
	case '\u2018': // ‘
		if unicode.IsLetter(prev) || unicode.IsDigit(prev) {
			return 0, 0, n
		}
		return 1, '\'', n
	case '\u2019': // ’ is mostly an apostrophe: don’t, Putin’s, ’90s
		if unicode.IsLetter(next) || unicode.IsDigit(next) {
			return 0, 0, n
		}
		if unicode.IsSpace(prev) {
			return 0, 0, n
		}
		return -1, '\'', n
	case '"':
		switch {
		case isSpaceOrOpen(prev) && !unicode.IsSpace(next):
			return 1, '"', n
		case !unicode.IsSpace(prev) && (isSpaceOrClose(next)):
			return -1, '"', n
		}
		return 0, 0, n
	case '\'':
		if para[i:min(len(para), i+2)] == "''" {
			if !unicode.IsSpace(prev) || i+2 >= len(para) {
				return -1, '"', 2
			}
			return 1, '"', 2
		}
		switch {
		case isSpaceOrOpen(prev) && unicode.IsLetter(next) && i > 0 || i == 0 && unicode.IsUpper(next):
			return 1, '\'', n
		case (unicode.IsLetter(prev) || unicode.IsPunct(prev)) && isSpaceOrClose(next) && prev != 's':
			return -1, '\'', n
		}
		return 0, 0, n
	case '`':
		if para[i:min(len(para), i+2)] == "``" {
			return 1, '"', 2
		}
	}
	return 0, 0, n
}

func isSpaceOrOpen(r rune) bool {
	return unicode.IsSpace(r) || r == '(' || r == '[' || r == '\u2014' || r == '\u2013' || r == '-' || r == '/'
}

func isSpaceOrClose(r rune) bool {
	return unicode.IsSpace(r) || unicode.IsPunct(r)
}

// findSpans returns the outermost quoted spans of a paragraph. cont says the
// paragraph starts inside a quote carried over from the previous one (the
// newspaper convention: an opening mark and no closing one at a paragraph's
// end, and an opening mark again at the next paragraph's start).
func findSpans(para string) []span {
	var out []span
	depth := 0
	var family rune
	start := 0
	for i := 0; i < len(para); {
		k, fam, n := markKind(para, i)
		switch {
		case k == 1 && depth == 0:
			depth, family, start = 1, fam, i+n
		case k == 1 && depth > 0 && fam != family:
			depth++ // a nested quote of the other family
		case k == -1 && depth > 1 && fam != family:
			depth--
		case k == -1 && depth == 1 && fam == family:
			out = append(out, span{start: start, end: i})
			depth = 0
		case k == 1 && depth == 1 && fam == family:
			// A second opening mark of the same family: the first quote
			// was never closed. Start again here.
			start = i + n
		}
		i += n
	}
	if depth > 0 && start < len(para) {
		out = append(out, span{start: start, end: len(para), open: true})
	}
	return out
}
