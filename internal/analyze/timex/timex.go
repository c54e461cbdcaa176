// Package timex finds date expressions in articles, resolves them to
// calendar dates, and infers an article's publication date from the evidence
// in its text when no metadata gives it.
//
// Resolution is rule-based: explicit dates ("24 February", "March 10,
// 2022", "between 28 and 30 March"), weekdays with their part of day ("on
// Thursday evening", "in the early hours of Saturday"), deictic words
// ("yesterday", "last night", "tomorrow", "this week", "over the weekend")
// and counts from a dated start ("the 200th day of the war", "more than
// three weeks into the campaign", "the month-old war").
//
// Inference weighs every candidate day of the hinted year (or of the years
// the text names) against the constraints these expressions set, and gives a
// date only when one candidate is clearly best; otherwise the date stays
// unknown rather than guessed. Starts of counts ("the war began on 24
// February") are looked for across all the articles of a run, because one
// article counts the days of a war whose start another one dates. No table
// of real events' dates is used.
package timex

import (
	"regexp"
	"strconv"
	"strings"
	"time"
)

var monthNames = map[string]time.Month{
	"january": 1, "jan": 1, "february": 2, "feb": 2, "march": 3, "mar": 3, "april": 4, "apr": 4,
	"may": 5, "june": 6, "jun": 6, "july": 7, "jul": 7, "august": 8, "aug": 8,
	"september": 9, "sept": 9, "sep": 9, "october": 10, "oct": 10, "november": 11, "nov": 11,
	"december": 12, "dec": 12,
}

var weekdays = map[string]time.Weekday{
	"sunday": time.Sunday, "monday": time.Monday, "tuesday": time.Tuesday, "wednesday": time.Wednesday,
	"thursday": time.Thursday, "friday": time.Friday, "saturday": time.Saturday,
}

var ordinals = map[string]int{
	"first": 1, "second": 2, "third": 3, "fourth": 4, "fifth": 5, "sixth": 6, "seventh": 7, "eighth": 8,
	"ninth": 9, "tenth": 10, "eleventh": 11, "twelfth": 12, "thirteenth": 13, "fourteenth": 14, "fifteenth": 15,
	"twentieth": 20, "thirtieth": 30, "fortieth": 40, "fiftieth": 50, "hundredth": 100,
}

var numberWords = map[string]int{
	"one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8, "nine": 9,
	"ten": 10, "eleven": 11, "twelve": 12, "a": 1, "an": 1,
}

const (
	monthRE = `(January|February|March|April|May|June|July|August|September|October|November|December|Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sept|Sep|Oct|Nov|Dec)\.?`
	dayRE   = `(\d{1,2})(?:st|nd|rd|th)?`
	wdRE    = `(Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday)`
)

var (
	// Order matters: ranges before single dates, so "between 28 and 30 March"
	// is read whole.
	rangeDM  = regexp.MustCompile(`\b(?:between|from)\s+` + dayRE + `\s+(?:and|to|-|–)\s+` + dayRE + `\s+` + monthRE + `(?:,?\s+(\d{4}))?`)
	dateDMY  = regexp.MustCompile(`\b(?:` + wdRE + `,?\s+)?` + dayRE + `\s+(?:of\s+)?` + monthRE + `(?:,?\s+(\d{4}))?\b`)
	dateMDY  = regexp.MustCompile(`\b(?:` + wdRE + `,?\s+)?` + monthRE + `\s+` + dayRE + `\b(?:,?\s+(\d{4}))?`)
	weekday  = regexp.MustCompile(`(?i)\b(?:(last|next|this|on|early|late|by|until|since)\s+)?(?:(?:the\s+)?(?:early\s+hours|morning|evening|night)\s+of\s+)?` + `(monday|tuesday|wednesday|thursday|friday|saturday|sunday)(?:'s|’s)?(?:\s+(morning|afternoon|evening|night))?\b`)
	deictic  = regexp.MustCompile(`(?i)\b(yesterday|today|tonight|tomorrow|last night|this morning|this evening|this week|last week|next week|this weekend|over the weekend|last weekend|earlier this (?:week|month|year)|this month|last month|this year|last year)\b`)
	dayCount = regexp.MustCompile(`(?i)\b(?:the\s+)?(\d{1,4})(?:st|nd|rd|th)\s+day\s+of\s+(?:the\s+)?(war|invasion|conflict|campaign|siege|offensive|strike|protest|occupation|fighting|attack)`)
	ordDay   = regexp.MustCompile(`(?i)\b(?:the\s+)?(first|second|third|fourth|fifth|sixth|seventh|eighth|ninth|tenth|hundredth)\s+day\s+of\s+(?:the\s+)?(war|invasion|conflict|campaign|siege|offensive|strike|protest|occupation|fighting|attack)`)
	weeksIn  = regexp.MustCompile(`(?i)\b(more than|over|almost|nearly|just under|about)?\s*(\d+|one|two|three|four|five|six|seven|eight|nine|ten|a)\s+(day|week|month)s?\s+(?:into|after the start of|since the start of)\s+(?:the\s+|its\s+|their\s+)?(war|invasion|conflict|campaign|siege|offensive|fighting)`)
	nOld     = regexp.MustCompile(`(?i)\b(?:(\d+|one|two|three|four|five|six|seven|eight|nine|ten|a)[- ])?(day|week|month)[- ]old\s+(war|invasion|conflict|campaign|siege|offensive|fighting)`)
	nLong    = regexp.MustCompile(`(?i)\b(\d+|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve)[- ](day|week|month)\s+(war|invasion|conflict|campaign|siege|offensive|fighting)`)
	monthIn  = regexp.MustCompile(`\bin\s+` + monthRE + `(?:\s+(\d{4}))?\b`)
	yearIn   = regexp.MustCompile(`\b(?:in|since|of)\s+((?:19|20)\d{2})\b`)
	startCue = regexp.MustCompile(`(?i)\b(began|begun|launched|started|invaded|invasion|since|broke out|erupted|outbreak|start of|beginning of|first day)\b`)
	eventRE  = regexp.MustCompile(`(?i)\b(war|invasion|invaded|conflict|campaign|siege|offensive|attack|fighting|occupation|protest|strike)\b`)
	futureRE = regexp.MustCompile(`(?i)\b(will|would|is to|are to|set to|due to|plans? to|scheduled|expected to|going to|to be held|next)\b`)
)

func parseDay(s string) int {
	n, _ := strconv.Atoi(s)
	return n
}

func numberOf(s string) int {
	s = strings.ToLower(s)
	if n, ok := numberWords[s]; ok {
		return n
	}
	n, _ := strconv.Atoi(s)
	return n
}

func monthOf(s string) time.Month {
	return monthNames[strings.ToLower(strings.TrimSuffix(s, "."))]
}

func ymd(y int, m time.Month, d int) (time.Time, bool) {
	if m < 1 || d < 1 || d > 31 {
		return time.Time{}, false
	}
	t := time.Date(y, m, d, 0, 0, 0, 0, time.UTC)
	if t.Day() != d {
		return time.Time{}, false
	}
	return t, true
}

const iso = "2006-01-02"

func parseISO(s string) (time.Time, error) { return time.Parse(iso, s) }
