package timex

import (
	"regexp"
	"strings"
	"time"

	"github.com/storyline-news/storyline/internal/analyze/sentence"
)

type exprKind int

const (
	kExplicit exprKind = iota
	kRange
	kWeekday
	kDeictic
	kDayCount
	kDuration
	kMonth
	kYear
)

// expr is one date expression found in a paragraph, not yet resolved.
type expr struct {
	kind     exprKind
	para     int
	text     string
	sentence string
	future   bool // the sentence speaks of what will happen

	year       int // 0 when not stated
	month      time.Month
	day, day2  int
	weekday    time.Weekday
	hasWeekday bool
	rel        string // last, next, this, on …, or the deictic phrase
	lo, hi     int    // day offsets from the start of the counted event
	anchor     bool   // an explicit date the text calls the start of an event
}

// findExprs returns the date expressions of the paragraphs, in order.
func findExprs(body []string) []expr {
	var out []expr
	for pi, para := range body {
		for _, s := range sentence.Split(para) {
			out = append(out, sentenceExprs(pi, para[s.Start:s.End])...)
		}
	}
	return out
}

func sentenceExprs(pi int, s string) []expr {
	var out []expr
	future := futureRE.MatchString(s)
	taken := make([]bool, len(s))
	claim := func(a, b int) bool {
		for i := a; i < b; i++ {
			if taken[i] {
				return false
			}
		}
		for i := a; i < b; i++ {
			taken[i] = true
		}
		return true
	}
	base := expr{para: pi, sentence: s, future: future}
	for _, m := range rangeDM.FindAllStringSubmatchIndex(s, -1) {
		if !claim(m[0], m[1]) {
			continue
		}
		e := base
		e.kind, e.text = kRange, strings.TrimSuffix(s[m[0]:m[1]], ".")
		e.day, e.day2, e.month = parseDay(s[m[2]:m[3]]), parseDay(s[m[4]:m[5]]), monthOf(s[m[6]:m[7]])
		if m[8] >= 0 {
			e.year = parseDay(s[m[8]:m[9]])
		}
		out = append(out, e)
	}
	for _, m := range dateDMY.FindAllStringSubmatchIndex(s, -1) {
		if !claim(m[0], m[1]) {
			continue
		}
		e := base
		e.kind, e.text = kExplicit, strings.TrimSuffix(s[m[0]:m[1]], ".")
		if m[2] >= 0 {
			e.weekday, e.hasWeekday = weekdays[strings.ToLower(s[m[2]:m[3]])], true
		}
		e.day, e.month = parseDay(s[m[4]:m[5]]), monthOf(s[m[6]:m[7]])
		if m[8] >= 0 {
			e.year = parseDay(s[m[8]:m[9]])
		}
		out = append(out, e)
	}
	for _, m := range dateMDY.FindAllStringSubmatchIndex(s, -1) {
		if !claim(m[0], m[1]) {
			continue
		}
		e := base
		e.kind, e.text = kExplicit, s[m[0]:m[1]]
		if m[2] >= 0 {
			e.weekday, e.hasWeekday = weekdays[strings.ToLower(s[m[2]:m[3]])], true
		}
		e.month, e.day = monthOf(s[m[4]:m[5]]), parseDay(s[m[6]:m[7]])
		if m[8] >= 0 {
			e.year = parseDay(s[m[8]:m[9]])
		}
		if e.day > 31 { // "May 2014" read as a day
			continue
		}
		out = append(out, e)
	}
	for i := range out {
		if out[i].kind == kExplicit && startCue.MatchString(s) && eventRE.MatchString(s) {
			out[i].anchor = true
		}
	}
	for _, m := range dayCount.FindAllStringSubmatchIndex(s, -1) {
		if !claim(m[0], m[1]) {
			continue
		}
		n := parseDay(s[m[2]:m[3]])
		e := base
		e.kind, e.text, e.lo, e.hi = kDayCount, s[m[0]:m[1]], n-1, n-1
		out = append(out, e)
	}
	for _, m := range ordDay.FindAllStringSubmatchIndex(s, -1) {
		if !claim(m[0], m[1]) {
			continue
		}
		n := ordinals[strings.ToLower(s[m[2]:m[3]])]
		e := base
		e.kind, e.text, e.lo, e.hi = kDayCount, s[m[0]:m[1]], n-1, n-1
		out = append(out, e)
	}
	for _, m := range weeksIn.FindAllStringSubmatchIndex(s, -1) {
		if !claim(m[0], m[1]) {
			continue
		}
		q := ""
		if m[2] >= 0 {
			q = strings.ToLower(s[m[2]:m[3]])
		}
		n, unit := numberOf(s[m[4]:m[5]]), unitDays(s[m[6]:m[7]])
		lo, hi := n*unit, n*unit+unit/2
		switch q {
		case "more than", "over":
			lo, hi = n*unit, (n+1)*unit
		case "almost", "nearly", "just under":
			lo, hi = n*unit-unit/2, n*unit
		}
		e := base
		e.kind, e.text, e.lo, e.hi = kDuration, s[m[0]:m[1]], lo, hi
		out = append(out, e)
	}
	for _, re := range []*regexp.Regexp{nOld, nLong} {
		for _, m := range re.FindAllStringSubmatchIndex(s, -1) {
			if !claim(m[0], m[1]) {
				continue
			}
			n := 1
			if m[2] >= 0 {
				n = numberOf(s[m[2]:m[3]])
			}
			unit := unitDays(s[m[4]:m[5]])
			e := base
			// "the month-old war": a month to a month and a week.
			e.kind, e.text, e.lo, e.hi = kDuration, s[m[0]:m[1]], n*unit, n*unit+unit/4
			out = append(out, e)
		}
	}
	for _, m := range weekday.FindAllStringSubmatchIndex(s, -1) {
		if !claim(m[0], m[1]) {
			continue
		}
		e := base
		e.kind, e.text = kWeekday, strings.TrimSpace(s[m[0]:m[1]])
		if m[2] >= 0 {
			e.rel = strings.ToLower(s[m[2]:m[3]])
		}
		e.weekday, e.hasWeekday = weekdays[strings.ToLower(s[m[4]:m[5]])], true
		out = append(out, e)
	}
	for _, m := range deictic.FindAllStringSubmatchIndex(s, -1) {
		if !claim(m[0], m[1]) {
			continue
		}
		e := base
		e.kind, e.text, e.rel = kDeictic, s[m[0]:m[1]], strings.ToLower(s[m[2]:m[3]])
		out = append(out, e)
	}
	for _, m := range monthIn.FindAllStringSubmatchIndex(s, -1) {
		if !claim(m[0], m[1]) {
			continue
		}
		e := base
		e.kind, e.text, e.month = kMonth, s[m[0]:m[1]], monthOf(s[m[2]:m[3]])
		if m[4] >= 0 {
			e.year = parseDay(s[m[4]:m[5]])
		}
		out = append(out, e)
	}
	for _, m := range yearIn.FindAllStringSubmatchIndex(s, -1) {
		if !claim(m[0], m[1]) {
			continue
		}
		e := base
		e.kind, e.text, e.year = kYear, s[m[0]:m[1]], parseDay(s[m[2]:m[3]])
		out = append(out, e)
	}
	return out
}

func unitDays(u string) int {
	switch strings.ToLower(u) {
	case "week":
		return 7
	case "month":
		return 30
	}
	return 1
}
