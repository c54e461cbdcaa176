package timex

import (
	"regexp"
	"strings"
	"time"
	"unicode"

	nm "github.com/storyline-news/storyline/internal/analyze/names"
	"github.com/storyline-news/storyline/internal/analyze/sentence"
)

type exprKind int

const (
	kExplicit  exprKind = iota // "24 February", "March 10, 2022"
	kRange                     // "between 28 and 30 March"
	kWeekday                   // "on Tuesday", "Monday night"
	kDeictic                   // "yesterday", "this week"
	kAgo                       // "two days ago"
	kDayCount                  // "the 200th day of the war"
	kDuration                  // "three weeks into the campaign", "the month-old war"
	kCountDays                 // "for 31 days": time since a dated start, loosely
	kMonth                     // "in March", "in March 2014"
	kYear                      // "in 2014"
	kYearsPast                 // "for the past eight years"
	kAnniv                     // "the eighth anniversary of"
	kSameDay                   // "ending the day", "later in the day", "on the same day"
)

// expr is one date expression found in a paragraph, not yet resolved.
type expr struct {
	kind     exprKind
	para     int
	sent     int // index of the sentence in the article
	start    int // byte offset in the sentence
	text     string
	sentence string
	future   bool // its clause speaks of what will happen

	year       int // 0 when not stated
	month      time.Month
	day, day2  int
	weekday    time.Weekday
	hasWeekday bool
	rel        string // last, next, this, on …, or the deictic phrase
	n          int    // count of days, weeks, years; ordinal of a day count
	unit       int    // days in the unit of an "ago"
	lo, hi     int    // day offsets from the start of the counted event
	event      string // the counted event's word ("war"), or the dated start's
	loose      bool   // a duration said loosely ("the month-old war"): may run past hi
	anchor     bool   // an explicit date the text calls the start of an event
	apposed    string // "today", "yesterday" or "tomorrow" standing right before this date
}

// findExprs returns the date expressions of the paragraphs, in order.
func findExprs(body []string) []expr {
	var out []expr
	si := 0
	for pi, para := range body {
		for _, s := range sentence.Split(para) {
			out = append(out, sentenceExprs(pi, si, para[s.Start:s.End])...)
			si++
		}
	}
	return out
}

// claimer marks the bytes of a sentence that an expression has taken, so a
// later, looser pattern cannot read the same words again.
type claimer []bool

func (c claimer) claim(a, b int) bool {
	for i := a; i < b; i++ {
		if c[i] {
			return false
		}
	}
	for i := a; i < b; i++ {
		c[i] = true
	}
	return true
}

func group(s string, m []int, i int) string {
	if m[2*i] < 0 {
		return ""
	}
	return s[m[2*i]:m[2*i+1]]
}

func sentenceExprs(pi, si int, s string) []expr {
	var out []expr
	taken := make(claimer, len(s))
	add := func(e expr, a, b int) {
		e.para, e.sent, e.sentence, e.start = pi, si, s, a
		e.text = strings.TrimRight(s[a:b], ".,;: ")
		e.future = futureAt(s, a, b)
		out = append(out, e)
	}
	// Cheap tests first: most sentences name no month, weekday or unit of
	// time, and the patterns are costly to run.
	ls := asciiLower(s) // same byte offsets as s, for the lower-case patterns
	hasDigit := strings.ContainsAny(s, "0123456789")
	hasMonth := containsAny(ls, monthStems)
	hasDay := strings.Contains(ls, "day")
	hasUnit := hasDay || strings.Contains(ls, "week") || strings.Contains(ls, "month") || strings.Contains(ls, "year")
	each := func(re *regexp.Regexp, f func(m []int)) {
		switch re {
		case rangeDM, rangeMD, dateDMY, dateMDY, monthIn:
			if !hasMonth {
				return
			}
		case dateISO, yearIn, nDays:
			if !hasDigit {
				return
			}
		case weekday:
			if !hasDay {
				return
			}
		case dayCount:
			if !hasDay || !strings.Contains(ls, "day of") && !strings.Contains(ls, "day since") {
				return
			}
		case weeksIn:
			if !hasUnit || !strings.Contains(ls, "into") && !strings.Contains(ls, "start") && !strings.Contains(ls, "beginning") {
				return
			}
		case nOld:
			if !hasUnit || !strings.Contains(ls, "old") {
				return
			}
		case nLong:
			if !hasUnit || !longHint.MatchString(ls) {
				return
			}
		case ago:
			if !hasUnit || !strings.Contains(ls, "ago") {
				return
			}
		case sameDay:
			if !strings.Contains(ls, " day") {
				return
			}
		case pastNYrs:
			if !strings.Contains(ls, "years") {
				return
			}
		case anniv:
			if !strings.Contains(ls, "anniversary") {
				return
			}
		case deictic:
			if !containsAny(ls, deicticHints) && !(hasUnit && containsAny(ls, deicticUnits)) {
				return
			}
		}
		text := s
		if lowerPatterns[re] {
			text = ls
		}
		for _, m := range re.FindAllStringSubmatchIndex(text, -1) {
			if taken.claim(m[0], m[1]) {
				f(m)
			}
		}
	}
	each(rangeDM, func(m []int) {
		add(expr{kind: kRange, day: parseDay(group(s, m, 1)), day2: parseDay(group(s, m, 2)),
			month: monthOf(group(s, m, 3)), year: parseDay(group(s, m, 4))}, m[0], m[1])
	})
	each(rangeMD, func(m []int) {
		add(expr{kind: kRange, month: monthOf(group(s, m, 1)), day: parseDay(group(s, m, 2)),
			day2: parseDay(group(s, m, 3)), year: parseDay(group(s, m, 4))}, m[0], m[1])
	})
	each(dateISO, func(m []int) {
		add(expr{kind: kExplicit, year: parseDay(group(s, m, 1)), month: time.Month(parseDay(group(s, m, 2))),
			day: parseDay(group(s, m, 3))}, m[0], m[1])
	})
	explicit := func(m []int, wd, d, mo, y int) {
		e := expr{kind: kExplicit, day: parseDay(group(s, m, d)), month: monthOf(group(s, m, mo)), year: parseDay(group(s, m, y))}
		if w := group(s, m, wd); w != "" {
			e.weekday, e.hasWeekday = weekdayOf(w), true
		}
		if e.day < 1 || e.day > 31 {
			return // "May 2014" read as a day
		}
		add(e, m[0], m[1])
	}
	if hasMonth {
		for _, m := range dateDMY.FindAllStringSubmatchIndex(s, -1) {
			if taken.claim(m[0], m[1]) {
				explicit(m, 1, 2, 3, 4)
			}
		}
		for _, m := range dateMDY.FindAllStringSubmatchIndex(s, -1) {
			if parseDay(group(s, m, 3)) > 31 {
				continue // "in May 2014": left to the month pattern
			}
			if taken.claim(m[0], m[1]) {
				explicit(m, 1, 3, 2, 4)
			}
		}
	}
	markAnchors(s, out)
	markApposed(s, out)
	each(dayCount, func(m []int) {
		n := ordinalOf(group(s, m, 1))
		add(expr{kind: kDayCount, n: n, lo: n - 1, hi: n - 1, event: strings.ToLower(group(s, m, 2))}, m[0], m[1])
	})
	each(weeksIn, func(m []int) {
		q := strings.ToLower(group(s, m, 1))
		n, unit := numberOf(group(s, m, 2)), unitDays(group(s, m, 3))
		lo, hi := n*unit-unit/3, n*unit+unit/2
		switch q {
		case "more than", "over":
			lo, hi = n*unit, (n+1)*unit
		case "almost", "nearly", "just under":
			lo, hi = n*unit-unit/2, n*unit
		}
		add(expr{kind: kDuration, n: n, lo: lo, hi: hi, event: strings.ToLower(group(s, m, 4))}, m[0], m[1])
	})
	each(nOld, func(m []int) {
		n := 1
		if g := group(s, m, 1); g != "" {
			n = numberOf(g)
		}
		unit := unitDays(group(s, m, 2))
		// "the month-old war": a month to five weeks, more at a cost.
		add(expr{kind: kDuration, n: n, lo: n*unit - unit/8, hi: n*unit + unit/4, loose: true, event: strings.ToLower(group(s, m, 3))}, m[0], m[1])
	})
	each(nLong, func(m []int) {
		n, unit := numberOf(group(s, m, 1)), unitDays(group(s, m, 2))
		add(expr{kind: kDuration, n: n, lo: n*unit - unit/8, hi: n*unit + unit/4, loose: true, event: strings.ToLower(group(s, m, 3))}, m[0], m[1])
	})
	each(nDays, func(m []int) {
		n := parseDay(group(s, m, 1))
		add(expr{kind: kCountDays, n: n, lo: n - 2, hi: n + 1}, m[0], m[1])
	})
	each(ago, func(m []int) {
		add(expr{kind: kAgo, n: numberOf(group(s, m, 1)), unit: unitDays(group(s, m, 2))}, m[0], m[1])
	})
	each(weekday, func(m []int) {
		e := expr{kind: kWeekday, rel: strings.ToLower(group(s, m, 1))}
		e.weekday, e.hasWeekday = weekdayOf(group(s, m, 3)), true
		if e.rel == "in" && group(s, m, 2) == "" {
			return // "in Monday's vote" reads as a weekday only with "on"
		}
		if namedDay.MatchString(s[:m[0]]) {
			return // "Black Monday", "Good Friday": names, not dates
		}
		add(e, m[0], m[1])
	})
	each(sameDay, func(m []int) {
		add(expr{kind: kSameDay}, m[0], m[1])
	})
	each(deictic, func(m []int) {
		add(expr{kind: kDeictic, rel: strings.ToLower(group(s, m, 1))}, m[0], m[1])
	})
	each(monthIn, func(m []int) {
		add(expr{kind: kMonth, month: monthOf(group(s, m, 1)), year: parseDay(group(s, m, 2))}, m[0], m[1])
	})
	each(yearIn, func(m []int) {
		add(expr{kind: kYear, year: parseDay(group(s, m, 1))}, m[0], m[1])
	})
	each(pastNYrs, func(m []int) {
		add(expr{kind: kYearsPast, n: numberOf(group(s, m, 1))}, m[0], m[1])
	})
	each(anniv, func(m []int) {
		add(expr{kind: kAnniv, n: ordinalOf(group(s, m, 1))}, m[0], m[1])
	})
	return out
}

// markAnchors flags the explicit dates a sentence calls the start of an
// event: "since Russia began its attack on February 24", "the invasion,
// launched on 24 February".
func markAnchors(s string, es []expr) {
	ls := asciiLower(s)
	if !startCue.MatchString(ls) {
		return
	}
	ev := eventCue.FindAllStringIndex(ls, -1)
	if len(ev) == 0 {
		return
	}
	for i := range es {
		if es[i].kind != kExplicit || es[i].future {
			continue
		}
		// The event word must stand within a few words of the date.
		best, dist := "", 1<<30
		for _, loc := range ev {
			d := es[i].start - loc[1]
			if d < 0 {
				d = loc[0] - (es[i].start + len(es[i].text))
			}
			if d < dist {
				best, dist = ls[loc[0]:loc[1]], d
			}
		}
		if dist <= 60 {
			es[i].anchor, es[i].event = true, best
		}
	}
}

// lowerPatterns are matched against the sentence in ASCII lower case,
// which is several times faster than Go's case-insensitive matching.
var lowerPatterns = map[*regexp.Regexp]bool{weekday: true, deictic: true, ago: true, dayCount: true, weeksIn: true,
	nOld: true, nLong: true, nDays: true, pastNYrs: true, anniv: true, sameDay: true}

// asciiLower lower-cases ASCII letters only, so byte offsets into the
// result are offsets into s.
func asciiLower(s string) string {
	b := []byte(s)
	for i, c := range b {
		if 'A' <= c && c <= 'Z' {
			b[i] = c + 'a' - 'A'
		}
	}
	return string(b)
}

var (
	longHint = regexp.MustCompile(`[- ](?:day|week|month)[- ]`)
)

var namedDay = regexp.MustCompile(`\b(Black|Good|Bloody|Super|Ash|Holy|Easter|Palm|Maundy|Cyber|Blue|Shrove|Whit|Low|Giving|Spy|Manic)\s+$`)

var apposRE = regexp.MustCompile(`(?i)\b(today|yesterday|tomorrow|tonight)\s*[,(]?\s*(?:on\s+)?$`)

// markApposed notes "today, March 5" and "yesterday (4 March)": the date is
// the deictic day itself, a strong clue to the publication date.
func markApposed(s string, es []expr) {
	for i := range es {
		if es[i].kind != kExplicit {
			continue
		}
		pre := s[:es[i].start]
		if m := apposRE.FindStringSubmatch(pre); m != nil {
			es[i].apposed = strings.ToLower(m[1])
		}
	}
}

var (
	clauseTok = regexp.MustCompile(`[\p{L}\p{N}'’-]+|[,;:–—(]`)
	// future cues read backwards from the expression within its clause
	futureWords = map[string]bool{"will": true, "shall": true, "won't": true, "would": true, "'ll": true,
		"next": true, "upcoming": true, "coming": true, "scheduled": true, "planned": true, "due": true,
		"expected": true, "slated": true, "set": true, "plans": true, "plan": true, "intends": true, "hopes": true, "ahead": true}
	pastWords = map[string]bool{"said": true, "says": true, "was": true, "were": true, "had": true, "did": true, "since": true,
		"ago": true, "after": true, "last": true, "earlier": true, "previously": true, "began": true, "went": true,
		"came": true, "met": true, "held": true, "took": true, "gave": true, "told": true, "made": true, "saw": true,
		"fled": true, "fell": true, "struck": true, "hit": true, "left": true, "won": true, "lost": true, "spoke": true,
		"wrote": true, "sought": true, "brought": true, "fought": true, "rose": true, "shot": true, "broke": true,
		"sent": true, "led": true, "ran": true, "began,": true, "has": true, "have": true, "been": true}
	toVerbs = map[string]bool{"meet": true, "hold": true, "resume": true, "visit": true, "travel": true, "vote": true,
		"decide": true, "announce": true, "begin": true, "start": true, "sign": true, "attend": true, "return": true,
		"open": true, "host": true, "present": true, "publish": true, "release": true, "hear": true, "testify": true,
		"rule": true, "deliver": true, "speak": true, "address": true, "launch": true, "take": true, "be": true, "go": true,
		"close": true, "end": true, "reopen": true, "arrive": true, "fly": true, "face": true, "discuss": true}
)

// futureAt tells whether the clause around s[a:b] speaks of the future:
// the nearest tense cue before it in its clause decides, else the words
// right after it ("Tuesday's talks will …", "on Friday claimed …").
func futureAt(s string, a, b int) bool {
	left := clauseTok.FindAllString(s[:a], -1)
	// "closed until Friday" looks ahead unless the clause is plainly past
	// ("remained closed until Friday").
	until := strings.HasPrefix(strings.ToLower(s[a:b]), "until ")
	if n := len(left); n > 0 && strings.EqualFold(left[n-1], "until") {
		until, left = true, left[:n-1]
	}
	for i, n := len(left)-1, 0; i >= 0 && n < 14; i, n = i-1, n+1 {
		w := strings.ToLower(strings.ReplaceAll(left[i], "’", "'"))
		if until {
			switch w {
			case "was", "were", "had", "did", "remained", "stayed", "lasted", "continued":
				return false
			case ",", ";", ":", "–", "—", "(":
				return true
			}
			continue
		}
		switch {
		case w == "," || w == ";" || w == ":" || w == "–" || w == "—" || w == "(":
			if n > 0 {
				i = -1 // clause boundary with words between: stop
				continue
			}
		case w == "to" && i+1 < len(left) && toVerbs[strings.ToLower(left[i+1])]:
			return true
		case futureWords[w]:
			if w == "set" || w == "due" || w == "expected" || w == "plans" || w == "plan" {
				if i+1 < len(left) && strings.ToLower(left[i+1]) == "to" || w == "expected" && i+1 == len(left) {
					return true
				}
				continue
			}
			return true
		case pastWords[w] || isPastParticiple(w):
			return false
		}
	}
	return until || futureR.MatchString(s[b:])
}

// isPastParticiple guesses a regular past form: "retook" is not caught,
// "claimed", "announced", "reported" are.
func isPastParticiple(w string) bool {
	if len(w) < 5 || !strings.HasSuffix(w, "ed") {
		return false
	}
	switch w {
	case "scheduled", "planned", "expected", "proposed", "intended", "hundred", "needed", "red":
		return false
	}
	for _, r := range w {
		if !unicode.IsLetter(r) {
			return false
		}
	}
	return true
}

func unitDays(u string) int {
	switch strings.ToLower(u) {
	case "week":
		return 7
	case "month":
		return 30
	case "year":
		return 365
	}
	return 1
}

// Prefilters: a sentence holding none of these strings cannot match the
// pattern they stand for. A loop of substring searches is many times
// faster than a regular expression of alternatives.
var (
	monthStems   = monthAbbreviations()
	deicticHints = []string{"yesterday", "today", "tonight", "tomorrow", "night", "morning", "afternoon", "evening", "weekend"}
	deicticUnits = []string{"this ", "last ", "next "}
)

func containsAny(s string, subs []string) bool {
	for _, sub := range subs {
		if strings.Contains(s, sub) {
			return true
		}
	}
	return false
}

// weekdayOf is the day of the week w names, from the names model.
func weekdayOf(w string) time.Weekday {
	d, _ := nm.Weekday(w)
	return d
}

// monthAbbreviations are the months' first three letters, lower case.
func monthAbbreviations() []string {
	var out []string
	for mo := time.January; mo <= time.December; mo++ {
		out = append(out, strings.ToLower(mo.String()[:3]))
	}
	return out
}
