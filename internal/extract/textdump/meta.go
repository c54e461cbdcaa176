package textdump

import (
	"regexp"
	"strconv"
	"strings"
	"time"
	"unicode"

	"github.com/storyline-news/storyline/internal/analyze/names"
	"github.com/storyline-news/storyline/internal/extract/chrome"
)

// capWords splits a short line into words, each stripped of punctuation.
func capWords(t string) []string {
	var out []string
	for _, w := range strings.Fields(t) {
		w = strings.Trim(w, ".,;:!?()[]\"'\u2018\u2019\u201c\u201d")
		if w != "" {
			out = append(out, w)
		}
	}
	return out
}

func isCapitalised(w string) bool {
	for _, r := range w {
		return unicode.IsUpper(r)
	}
	return false
}

// isOutletLike reports whether a short line reads as a news outlet's name:
// title case, with a word outlets' names are made of ("Daily", "Standard",
// "News", "Times"…).
func isOutletLike(t string) bool {
	ws := capWords(t)
	if len(ws) == 0 || len(ws) > 5 {
		return false
	}
	// "The Northern Ledger": a short title-case name behind "The".
	hit := len(ws) >= 2 && len(ws) <= 4 && ws[0] == "The"
	for _, w := range ws {
		lw := strings.ToLower(w)
		if !isCapitalised(w) && !names.Particle(lw) && lw != "of" && lw != "the" && lw != "and" {
			return false
		}
		if outletWord(lw) {
			hit = true
		}
	}
	return hit
}

// isTitleLabel reports whether a line could be a name or label set on a
// line of its own: one to five words, the first capitalised, no sentence
// punctuation, no digits ("Marlowe", "Motoring", "The Evening Roundup").
// Its position says what it is: twice in a row it is an outlet's logo and
// name; between an outlet and a headline it is a section.
func isTitleLabel(t string) bool {
	ws := capWords(t)
	if len(ws) == 0 || len(ws) > 5 || !isCapitalised(ws[0]) || chrome.EndsSentence(t) {
		return false
	}
	if strings.IndexFunc(t, unicode.IsDigit) >= 0 || strings.ContainsAny(t, ",;:!?\"\u201c\u201d()") {
		return false
	}
	for _, w := range ws {
		if !isCapitalised(w) && !functionWords[strings.ToLower(w)] && !names.Particle(strings.ToLower(w)) {
			return false // a label is title case; lower-case words make a phrase
		}
	}
	return true
}

// isSourceCode reports whether t is a news database's code for a source or
// a document: one word of three to twelve capital letters and digits, not a
// section's name ("WSTSNT", "NYTF").
func isSourceCode(t string) bool {
	if strings.ContainsRune(t, ' ') || len(t) < 3 || len(t) > 12 || sectionWords[strings.ToLower(t)] {
		return false
	}
	for _, r := range t {
		if !unicode.IsUpper(r) && !unicode.IsDigit(r) {
			return false
		}
	}
	return true
}

// isSectionLike reports whether a short line is a newspaper section's name.
func isSectionLike(t string) bool {
	ws := capWords(t)
	if len(ws) == 0 || len(ws) > 3 {
		return false
	}
	for _, w := range ws {
		lw := strings.ToLower(w)
		if !sectionWords[lw] && lw != "&" && lw != "and" && lw != "the" {
			return false
		}
	}
	return isCapitalised(ws[0])
}

// isNameShaped reports whether a line could be a person's name: two to four
// capitalised words (particles such as "van" or "de" allowed), no digits.
func isNameShaped(t string) bool {
	if strings.IndexFunc(t, unicode.IsDigit) >= 0 || strings.ContainsAny(t, ",;:!?\"\u201c\u201d()") {
		return false
	}
	ws := strings.Fields(t)
	if len(ws) < 2 || len(ws) > 4 {
		return false
	}
	for i, w := range ws {
		lw := strings.ToLower(w)
		if names.Particle(lw) && i > 0 && i < len(ws)-1 {
			continue
		}
		if !isCapitalised(w) || functionWords[lw] || sectionWords[lw] || outletWord(lw) {
			return false
		}
	}
	return true
}

// isRoleByline reports whether a line is a name followed by the writer's
// role, without "By": "Jane Doe Transport Correspondent", "Jane Doe,
// Political Editor".
func isRoleByline(t string) bool {
	if strings.IndexFunc(t, unicode.IsDigit) >= 0 || strings.ContainsAny(t, ";:!?\"\u201c\u201d()") {
		return false
	}
	ws := capWords(t)
	if len(ws) < 3 || len(ws) > 7 || !roleWords[strings.ToLower(ws[len(ws)-1])] {
		return false
	}
	for _, w := range ws {
		if lw := strings.ToLower(w); !isCapitalised(w) && !names.Particle(lw) && lw != "and" && lw != "of" {
			return false
		}
	}
	n := nameFrom(t)
	return n != "" && len(strings.Fields(n)) < len(ws)
}

var bylineSplit = regexp.MustCompile(`\s*(?:,|&|\band\b)\s*`)

// parseByline reads the names from a byline line: "- By James Franey Europe
// Correspondent" → ["James Franey"]; "By A Smith and B Jones" → both.
func parseByline(t string) []string {
	t = bylinePrefix.ReplaceAllString(t, "")
	t = bulletPrefix.ReplaceAllString(t, "")
	// Cut off a place ("in Kyiv") or an outlet ("for The Times").
	for _, sep := range []string{" in ", " at ", " for ", " from ", " \u2013 ", " \u2014 ", " - ", " | "} {
		if i := strings.Index(t, sep); i > 0 {
			t = t[:i]
		}
	}
	var names []string
	for _, part := range bylineSplit.Split(t, -1) {
		if n := nameFrom(part); n != "" {
			names = append(names, n)
		}
	}
	return names
}

// nameFrom takes a person's name from the start of a byline part, dropping
// titles before it and job descriptions after it.
func nameFrom(part string) string {
	ws := capWords(part)
	for len(ws) > 0 && names.Honorific(ws[0]) {
		ws = ws[1:]
	}
	var name []string
	for i, w := range ws {
		lw := strings.ToLower(w)
		if roleWords[lw] {
			break
		}
		if names.Particle(lw) && i > 0 && i < len(ws)-1 {
			name = append(name, w)
			continue
		}
		if !isCapitalised(w) {
			break
		}
		name = append(name, w)
	}
	// "James Franey Europe Correspondent": a role word after the name means
	// the capitalised words just before it describe the desk, not the person.
	if len(name) > 2 && len(name) < len(ws) {
		keep := 2
		if len(name[1]) <= 2 || strings.HasSuffix(name[1], ".") { // a middle initial
			keep = 3
		}
		if keep < len(name) {
			name = name[:keep]
		}
	}
	if len(name) < 2 || len(name) > 4 {
		return ""
	}
	return strings.Join(name, " ")
}

var (
	isoDate      = regexp.MustCompile(`\b(\d{4})-(\d{2})-(\d{2})\b`)
	dayMonthYear = regexp.MustCompile(`(?i)\b(\d{1,2})(?:st|nd|rd|th)?\s+([a-z]{3,9})\.?,?\s+(\d{4})\b`)
	monthDayYear = regexp.MustCompile(`(?i)\b([a-z]{3,9})\.?\s+(\d{1,2})(?:st|nd|rd|th)?,?\s+(\d{4})\b`)
	numericDate  = regexp.MustCompile(`\b(\d{1,2})[/.](\d{1,2})[/.](\d{4})\b`)
)

// parseDateLine reads a dateline such as "Published 15 September 2022",
// "Sep 15, 2022 10:00 BST", "2022-09-15" or "updated 7/28/2004" and returns
// the ISO date. A numeric date whose day and month cannot be told apart
// ("11/09/2010") is still a dateline, with an empty date.
func parseDateLine(t string) (string, bool) {
	if m := isoDate.FindStringSubmatch(t); m != nil {
		y, _ := strconv.Atoi(m[1])
		mo, _ := strconv.Atoi(m[2])
		d, _ := strconv.Atoi(m[3])
		return isoOf(y, time.Month(mo), d)
	}
	if m := dayMonthYear.FindStringSubmatch(t); m != nil {
		if mo, ok := names.Month(m[2]); ok {
			d, _ := strconv.Atoi(m[1])
			y, _ := strconv.Atoi(m[3])
			return isoOf(y, mo, d)
		}
	}
	if m := monthDayYear.FindStringSubmatch(t); m != nil {
		if mo, ok := names.Month(m[1]); ok {
			d, _ := strconv.Atoi(m[2])
			y, _ := strconv.Atoi(m[3])
			return isoOf(y, mo, d)
		}
	}
	if m := numericDate.FindStringSubmatch(t); m != nil {
		a, _ := strconv.Atoi(m[1])
		b, _ := strconv.Atoi(m[2])
		y, _ := strconv.Atoi(m[3])
		switch {
		case a > 12 && b <= 12:
			return isoOf(y, time.Month(b), a)
		case b > 12 && a <= 12:
			return isoOf(y, time.Month(a), b)
		case a <= 12 && b <= 12:
			return "", true
		}
	}
	return "", false
}

func isoOf(y int, m time.Month, d int) (string, bool) {
	if y < 1900 || y > 2200 || m < 1 || m > 12 || d < 1 || d > 31 {
		return "", false
	}
	t := time.Date(y, m, d, 0, 0, 0, 0, time.UTC)
	if t.Day() != d {
		return "", false
	}
	return t.Format("2006-01-02"), true
}

// clockTime is a time of day: "9:06", "03:49 PM", "11:45am", "6 p.m.".
var clockTime = regexp.MustCompile(`(?i)\b\d{1,2}(?::\s?\d{2}(?::\d{2})?\s*(?:[ap]\.?\s?m\b\.?)?|\s*[ap]\.?\s?m\b\.?)`)

// timestampWords may stand beside a time of day in a line that is only a
// timestamp: labels, weekdays and the joining words.
var timestampWords = func() map[string]bool {
	m := map[string]bool{}
	for _, w := range strings.Fields(`updated update last first edited posted published modified filed date time
		on at by mon tue tues wed thu thur thurs fri sat sun monday tuesday wednesday thursday friday saturday sunday
		am pm a.m p.m a.m. p.m. today yesterday`) {
		m[w] = true
	}
	for _, w := range names.MonthWords() {
		m[w] = true
	}
	return m
}()

// timeZone is a time zone's abbreviation or a UTC offset.
var timeZone = regexp.MustCompile(`^(?:[A-Z]{1,2}[DS]?T|UTC|GMT|Z|[+-]\d{2}:?\d{2}|(?:UTC|GMT)[+-]\d{1,2}(?::?\d{2})?)$`)

// isTimestampLine reports whether t is only a timestamp — "Updated 9:06
// AM", "Edited on Mon Dec-19-05 03:49 PM", "12/23/12 06:03 PM ET EST" —
// with a time of day and nothing but dates, weekdays, labels and zones
// beside it. Such a line is page furniture, never a headline.
func isTimestampLine(t string) bool {
	if !clockTime.MatchString(t) || chrome.Words(t) > 24 {
		return false
	}
	rest := clockTime.ReplaceAllString(t, " ")
	for _, f := range strings.FieldsFunc(rest, func(r rune) bool {
		return unicode.IsSpace(r) || strings.ContainsRune(",|()/\u2022\u00b7", r)
	}) {
		w := strings.Trim(f, ".:;-\u2013\u2014")
		switch {
		case w == "":
		case timestampWords[strings.ToLower(w)], timeZone.MatchString(w):
		case strings.IndexFunc(w, unicode.IsDigit) >= 0 && isDateToken(w):
		default:
			return false
		}
	}
	return true
}

// isDateToken reports whether w, which holds a digit, is a date or part of
// one: "19", "2005", "2005-11-28", "Dec-19-05", "19th".
func isDateToken(w string) bool {
	for _, part := range strings.FieldsFunc(w, func(r rune) bool { return r == '-' || r == '.' }) {
		p := strings.ToLower(part)
		p = strings.TrimRight(p, "stndrh") // 1st, 2nd, 3rd, 19th
		if _, err := strconv.Atoi(p); err == nil && len(p) <= 4 {
			continue
		}
		if _, ok := names.Month(part); ok {
			continue
		}
		return false
	}
	return true
}
