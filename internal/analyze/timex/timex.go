// Package timex finds date expressions in articles, resolves them to
// calendar dates, and infers an article's publication date from the evidence
// in its text when no metadata gives it.
//
// Resolution is rule-based: explicit dates ("24 February", "March 10,
// 2022", "between 28 and 30 March", "in 2014"), weekdays with their part of
// day ("on Thursday evening", "in the early hours of Saturday"), deictic
// words ("yesterday", "last night", "tomorrow", "this week", "over the
// weekend", "earlier this month", "two days ago") and counts from a start the
// text dates ("the 200th day of the war", "more than three weeks into the
// campaign", "the month-old war"). Whether a weekday lies before or after
// publication is read from its own clause ("will hold talks on Tuesday" is
// the coming Tuesday; "Russia on Friday claimed it would" is the last one).
//
// Inference (infer.go) scores every candidate day of the hinted year against
// the constraints these expressions set and gives a date only when one day
// is clearly best and at least two pieces of evidence agree; otherwise the
// date stays unknown rather than guessed. No table of real events' dates is
// used: a count needs its start dated in the text. We wrote this instead of
// using a library because the Go date parsers we know (when, dateparse)
// parse a given string but neither find expressions in running text nor
// weigh evidence for an unknown reference date.
package timex

import (
	"context"
	"regexp"
	"strconv"
	"strings"
	"time"

	"github.com/storyline-news/storyline/internal/analyze"
	nm "github.com/storyline-news/storyline/internal/analyze/names"
	"github.com/storyline-news/storyline/internal/model"
)

// Resolver is the analysis stage that fills Article.Dates and, when the
// article carries no publication date, infers one from its own text.
type Resolver struct {
	// Year is the user's hint of the year the articles were collected
	// (--year); 0 when unknown, in which case only years the text states or
	// implies are considered.
	Year int
}

var _ analyze.Stage = Resolver{}

// Name implements analyze.Stage.
func (Resolver) Name() string { return "timex" }

// Process implements analyze.Stage: it infers Published (setting
// PublishedInferred and PublishedEvidence) when it is empty and the evidence
// pins it down, then resolves every date expression against it.
func (r Resolver) Process(ctx context.Context, a model.Article) (model.Article, error) {
	if err := ctx.Err(); err != nil {
		return a, err
	}
	exprs := findExprs(a.Body)
	anchors := anchorsOf(exprs)
	if a.Published == "" {
		if inf, ok := infer(exprs, anchors, r.Year); ok {
			a.Published = inf.day.Format(iso)
			a.PublishedInferred = true
			a.PublishedEvidence = inf.evidence
		}
	}
	a.Dates = resolveAll(exprs, a.Published, anchors, r.Year)
	return a, nil
}

var ordinals = map[string]int{
	"first": 1, "second": 2, "third": 3, "fourth": 4, "fifth": 5, "sixth": 6, "seventh": 7, "eighth": 8,
	"ninth": 9, "tenth": 10, "eleventh": 11, "twelfth": 12, "thirteenth": 13, "fourteenth": 14, "fifteenth": 15,
	"sixteenth": 16, "seventeenth": 17, "eighteenth": 18, "nineteenth": 19, "twentieth": 20,
	"thirtieth": 30, "fortieth": 40, "fiftieth": 50, "sixtieth": 60, "seventieth": 70, "eightieth": 80,
	"ninetieth": 90, "hundredth": 100,
}

var numberWords = map[string]int{
	"one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8, "nine": 9,
	"ten": 10, "eleven": 11, "twelve": 12, "thirteen": 13, "fourteen": 14, "fifteen": 15, "sixteen": 16,
	"seventeen": 17, "eighteen": 18, "nineteen": 19, "twenty": 20, "thirty": 30, "forty": 40, "fifty": 50,
	"a": 1, "an": 1,
}

// monthRE matches a month's name or abbreviation, the names model's one
// table of them.
var monthRE = nm.MonthPattern() + `\.?`

const (
	dayRE   = `(\d{1,2})(?:st|nd|rd|th)?`
	wdRE    = `(Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday)`
	numRE   = `(\d+|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|thirteen|fourteen|fifteen|sixteen|seventeen|eighteen|nineteen|twenty|thirty|forty|fifty|a|an)`
	ordRE   = `(\d{1,4}(?:st|nd|rd|th)|first|second|third|fourth|fifth|sixth|seventh|eighth|ninth|tenth|eleventh|twelfth|thirteenth|fourteenth|fifteenth|sixteenth|seventeenth|eighteenth|nineteenth|twentieth|thirtieth|fortieth|fiftieth|sixtieth|seventieth|eightieth|ninetieth|hundredth)`
	eventRE = `(war|invasion|conflict|campaign|siege|offensive|counter-?offensive|strike|protests?|occupation|fighting|attack|operation|crisis|lockdown|blockade|standoff|uprising|revolution)`
)

var (
	// Order matters: ranges before single dates, so "between 28 and 30 March"
	// is read whole.
	rangeDM  = regexp.MustCompile(`\b(?:between|from)\s+` + dayRE + `\s+(?:and|to|-|–)\s+` + dayRE + `\s+(?:of\s+)?` + monthRE + `(?:,?\s+(\d{4}))?\b`)
	rangeMD  = regexp.MustCompile(`\b(?:between|from)\s+` + monthRE + `\s+` + dayRE + `\s+(?:and|to|-|–)\s+` + dayRE + `\b(?:,?\s+(\d{4}))?`)
	dateDMY  = regexp.MustCompile(`\b(?:` + wdRE + `,?\s+(?:the\s+)?)?` + dayRE + `\s+(?:of\s+)?` + monthRE + `(?:,?\s+(\d{4}))?\b`)
	dateMDY  = regexp.MustCompile(`\b(?:` + wdRE + `,?\s+)?` + monthRE + `\s+` + dayRE + `\b(?:,?\s+(\d{4})\b)?`)
	dateISO  = regexp.MustCompile(`\b((?:19|20)\d{2})-(\d{2})-(\d{2})\b`)
	weekday  = regexp.MustCompile(`\b(?:(last|next|this|coming|on|early|late|by|until|since|from|in)\s+)?(?:(?:the\s+)?(early\s+hours|small\s+hours|morning|afternoon|evening|night)\s+of\s+)?` + `(monday|tuesday|wednesday|thursday|friday|saturday|sunday)(?:'s|’s)?(?:\s+(morning|afternoon|evening|night))?\b`)
	deictic  = regexp.MustCompile(`\b(the day before yesterday|the day after tomorrow|yesterday|today|tonight|tomorrow|last night|this morning|this afternoon|this evening|earlier this (?:week|month|year)|later this (?:week|month|year)|this week|last week|next week|this weekend|over the weekend|at the weekend|last weekend|next weekend|this month|last month|next month|this year|last year|next year)\b`)
	ago      = regexp.MustCompile(`\b` + numRE + `\s+(day|week|month|year)s?\s+ago\b`)
	dayCount = regexp.MustCompile(`\b(?:the\s+)?` + ordRE + `\s+day\s+(?:of|since the start of|since)\s+(?:the\s+|its\s+|their\s+)?(?:\w+\s+)?` + eventRE + `\b`)
	weeksIn  = regexp.MustCompile(`\b(more than|over|almost|nearly|just under|about|some|around)?\s*` + numRE + `\s+(day|week|month)s?\s+(?:into|after the start of|since the start of|since the beginning of)\s+(?:the\s+|its\s+|their\s+|this\s+)?(?:\w+\s+)?` + eventRE + `\b`)
	nOld     = regexp.MustCompile(`\b(?:` + numRE + `[- ])?(day|week|month|year)[- ]old\s+(?:\w+\s+)?` + eventRE + `\b`)
	nLong    = regexp.MustCompile(`\b` + numRE + `[- ](day|week|month)(?:[- ]long)?\s+(?:\w+\s+)?` + eventRE + `\b`)
	nDays    = regexp.MustCompile(`\b(?:for|waiting|after|in|over|in these|in the past|in the last|for the past|for the last)\s+(\d{1,4})\s+days\b`)
	monthIn  = regexp.MustCompile(`\b(?:in|since|by|until|of|early|late|mid-?)\s+` + monthRE + `(?:,?\s+(\d{4}))?\b`)
	yearIn   = regexp.MustCompile(`\b(?:in|since|of|during)\s+((?:19|20)\d{2})\b`)
	pastNYrs = regexp.MustCompile(`\b(?:for|over|in)\s+the\s+(?:past|last)\s+` + numRE + `\s+years\b`)
	anniv    = regexp.MustCompile(`\b` + ordRE + `\s+anniversary\s+of\b`)
	// sameDay is the day the text last named, or the day of publication:
	// "ending the day down 31 points", "later in the day", "on the same day".
	sameDay  = regexp.MustCompile(`\b(?:(?:end(?:ed|ing|s)?|finish(?:ed|ing|es)?|close[ds]?|closing) the day|(?:later|late|earlier|early) in the day|for the day|the same day|the (?:start|close) of the day)\b`)
	startCue = regexp.MustCompile(`\b(began|begun|begin|launched|launch|started|start|invaded|broke out|erupted|outbreak|beginning|first day|since)\b`)
	eventCue = regexp.MustCompile(`\b` + eventRE + `\b|\binvaded\b`)
	futureR  = regexp.MustCompile(`(?i)^[\s,]*(?:\w+\s+){0,2}(will|is due|are due|is expected|are expected|is scheduled|are scheduled)\b`)
)

func parseDay(s string) int {
	n, _ := strconv.Atoi(s)
	return n
}

// numberOf reads a cardinal in digits or words.
func numberOf(s string) int {
	s = strings.ToLower(s)
	if n, ok := numberWords[s]; ok {
		return n
	}
	n, _ := strconv.Atoi(s)
	return n
}

// ordinalOf reads an ordinal in digits ("200th") or words ("tenth").
func ordinalOf(s string) int {
	s = strings.ToLower(s)
	if n, ok := ordinals[s]; ok {
		return n
	}
	n, _ := strconv.Atoi(strings.TrimRight(s, "stndrh"))
	return n
}

func monthOf(s string) time.Month {
	mo, _ := nm.Month(s)
	return mo
}

func ymd(y int, m time.Month, d int) (time.Time, bool) {
	if y < 1 || m < 1 || m > 12 || d < 1 || d > 31 {
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

// days is the whole number of days from a to b.
func days(a, b time.Time) int { return int(b.Sub(a).Hours() / 24) }
