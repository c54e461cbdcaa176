package timex

import (
	"fmt"
	"sort"
	"strings"
	"time"
)

// inference is an estimated publication day and the evidence it rests on.
type inference struct {
	day      time.Time
	evidence string
}

// Costs of a candidate publication day, per day it lies off what an
// expression says. A count from a dated start or a dated "tomorrow" is
// strong evidence; the tense of explicit dates is weak.
const (
	strongCost = 10
	weakCost   = 3
	hardCost   = 1000 // a weekday that does not fall on the date it is named with
	// near is how far above the best cost another day may score before the
	// evidence no longer tells them apart.
	near = 2
)

// clue is one piece of evidence about the publication day D: cost gives
// the penalty of a candidate day, weight how much the clue counts towards
// the two pieces inference needs before it trusts a date.
type clue struct {
	text   string
	weight int
	cost   func(d time.Time) int
}

// outside is how many days t lies outside [lo, hi].
func outside(t, lo, hi time.Time) int {
	switch {
	case t.Before(lo):
		return days(t, lo)
	case t.After(hi):
		return days(hi, t)
	}
	return 0
}

// clues turns the expressions into evidence about the publication day.
func clues(exprs []expr, anchors []anchor) []clue {
	var out []clue
	var weekdayClue []expr
	for _, e := range exprs {
		e := e
		switch e.kind {
		case kDayCount, kDuration, kCountDays:
			an, ok := anchorFor(e, anchors)
			if !ok {
				continue
			}
			lo, hi, w, tail := e.n-1, e.n, 2, strongCost // the day itself, or the next day's paper
			if e.kind != kDayCount {
				// "The month-old war" is most often said a month to five
				// weeks in, but may be said later: past the usual span
				// each day costs a little.
				lo, hi, w = e.lo, e.hi, 1
				if e.loose {
					tail = 1
				}
			}
			out = append(out, clue{
				text:   fmt.Sprintf("%q counted from %q", e.text, an.text),
				weight: w,
				cost: func(d time.Time) int {
					start, ok := anchorBefore(an, d)
					if !ok {
						return 0
					}
					if d.After(start.AddDate(0, 0, hi)) {
						return tail * days(start.AddDate(0, 0, hi), d)
					}
					return strongCost * outside(d, start.AddDate(0, 0, lo), start.AddDate(0, 0, hi))
				},
			})
		case kExplicit:
			switch {
			case e.apposed != "":
				shift := map[string]int{"today": 0, "tonight": 0, "yesterday": 1, "tomorrow": -1}[e.apposed]
				out = append(out, clue{
					text:   fmt.Sprintf("%s: %q", e.apposed, e.text),
					weight: 2,
					cost: func(d time.Time) int {
						t, ok := ymd(yearOr(e.year, d), e.month, e.day)
						if !ok {
							return 0
						}
						return strongCost * outside(d, t.AddDate(0, 0, shift), t.AddDate(0, 0, shift))
					},
				})
			case e.hasWeekday:
				out = append(out, clue{
					text:   fmt.Sprintf("%q", e.text),
					weight: 1,
					cost: func(d time.Time) int {
						t, ok := nearestDate(e, d)
						if !ok {
							return 0
						}
						c := 0
						if t.Weekday() != e.weekday {
							c += hardCost
						}
						if e.future {
							return c + strongCost*outside(d, t.AddDate(0, 0, -7), t)
						}
						return c + strongCost*outside(d, t, t.AddDate(0, 0, 7))
					},
				})
			case e.year != 0:
				// A past event lies before publication, a plan after it
				// (a date without a year takes the year that fits).
				out = append(out, clue{cost: func(d time.Time) int {
					t, ok := ymd(e.year, e.month, e.day)
					if !ok {
						return 0
					}
					if e.future {
						return weakCost * outside(d, t.AddDate(-1, 0, 0), t)
					}
					return weakCost * outside(d, t, t.AddDate(1, 0, 0))
				}})
			}
		case kDeictic:
			if e.rel != "tomorrow" {
				continue
			}
			// "Talks resume tomorrow" beside "talks will be held between 28
			// and 30 March": the day before the first day of the plan.
			var plans []expr
			for _, f := range exprs {
				if (f.kind == kExplicit || f.kind == kRange) && f.future && abs(f.para-e.para) <= 1 && f.apposed == "" {
					plans = append(plans, f)
				}
			}
			if len(plans) == 0 {
				continue
			}
			out = append(out, clue{
				text:   fmt.Sprintf("%q before %q", e.text, plans[0].text),
				weight: 2,
				cost: func(d time.Time) int {
					best := -1
					for _, f := range plans {
						t, ok := nearestDate(f, d)
						if !ok {
							continue
						}
						c := strongCost * abs(days(t.AddDate(0, 0, -1), d))
						if best < 0 || c < best {
							best = c
						}
					}
					if best < 0 {
						return 0
					}
					return best
				},
			})
		case kWeekday:
			weekdayClue = append(weekdayClue, e)
		}
	}
	if len(weekdayClue) > 0 {
		var texts []string
		for _, e := range weekdayClue {
			texts = append(texts, fmt.Sprintf("%q", e.text))
		}
		if len(texts) > 4 {
			texts = append(texts[:4], "…")
		}
		out = append(out, clue{
			text:   "weekdays " + strings.Join(texts, ", "),
			weight: 1,
			cost: func(d time.Time) int {
				// News names a weekday of the last or the coming few days:
				// the nearer the better, and a week off costs much more
				// than a day.
				c, wd := 0, d.Weekday()
				for _, e := range weekdayClue {
					off := weekdayOffset(e, wd)
					c += off * off
				}
				return c
			},
		})
	}
	return out
}

// nearestDate dates a day and month without a year in the year that puts
// it nearest to d.
func nearestDate(e expr, d time.Time) (time.Time, bool) {
	if e.year != 0 {
		return ymd(e.year, e.month, e.day)
	}
	var best time.Time
	found := false
	for y := d.Year() - 1; y <= d.Year()+1; y++ {
		t, ok := ymd(y, e.month, e.day)
		if ok && (!found || abs(days(t, d)) < abs(days(best, d))) {
			best, found = t, true
		}
	}
	return best, found
}

func yearOr(y int, d time.Time) int {
	if y != 0 {
		return y
	}
	return d.Year()
}

func abs(n int) int {
	if n < 0 {
		return -n
	}
	return n
}

// candidateYears are the years a publication date may fall in: the hint
// (or its neighbour, when a weekday named with a date rules the hint out),
// else the years the text states or implies ("for the past eight years"
// beside "in 2014").
func candidateYears(exprs []expr, hint int) []int {
	if hint != 0 {
		for _, y := range []int{hint, hint - 1, hint + 1} {
			if weekdaysFit(exprs, y) {
				return []int{y}
			}
		}
		return []int{hint}
	}
	seen := map[int]bool{}
	var ys []int
	addYear := func(y int) {
		if y > 0 && !seen[y] {
			seen[y] = true
			ys = append(ys, y)
		}
	}
	maxY := 0
	for _, e := range exprs {
		if e.year > 0 && (e.kind == kExplicit || e.kind == kRange || e.kind == kMonth) && e.year > maxY {
			maxY = e.year
		}
	}
	// "for the past eight years" or "the eighth anniversary" beside the
	// year of the event they count from.
	for _, e := range exprs {
		if e.kind != kYearsPast && e.kind != kAnniv {
			continue
		}
		for _, f := range exprs {
			if f.kind == kYear || f.kind == kMonth && f.year > 0 || f.kind == kExplicit && f.year > 0 {
				addYear(f.year + e.n)
			}
		}
	}
	if maxY > 0 {
		addYear(maxY)
		addYear(maxY + 1)
	}
	sort.Ints(ys)
	var out []int
	for _, y := range ys {
		if y >= maxY && weekdaysFit(exprs, y) {
			out = append(out, y)
		}
	}
	if len(out) > 4 {
		out = out[len(out)-4:]
	}
	return out
}

// weekdaysFit tells whether every weekday named with a yearless date falls
// on that date in year y (or in the year after, for a late-December
// publication's January dates, and the year before for the reverse).
func weekdaysFit(exprs []expr, y int) bool {
	for _, e := range exprs {
		if e.kind != kExplicit || !e.hasWeekday {
			continue
		}
		ok := false
		for _, yy := range []int{y, y - 1, y + 1} {
			if e.year != 0 && yy != e.year {
				continue
			}
			if t, valid := ymd(yy, e.month, e.day); valid && t.Weekday() == e.weekday && (yy == y || e.month == time.January || e.month == time.December) {
				ok = true
			}
		}
		if !ok {
			return false
		}
	}
	return true
}

// period bounds the publication day where the evidence does not pin it:
// the first and last days that cost little more than the best, when they
// lie within two months of each other. Clustering uses it as a time span;
// it is never reported as a publication date.
func period(exprs []expr, anchors []anchor, hint int) (lo, hi time.Time, ok bool) {
	cs := clues(exprs, anchors)
	weight := weigh(cs)
	years := candidateYears(exprs, hint)
	if weight == 0 || len(years) == 0 {
		return lo, hi, false
	}
	all, best := scoreDays(cs, years)
	// A loose count ("the six-month war") costs a day a point past its
	// usual span, a strong one ten: a month of slack keeps the first
	// open and the second tight.
	const slack = 30
	for _, s := range all {
		if s.cost > all[best].cost+slack {
			continue
		}
		if lo.IsZero() || s.day.Before(lo) {
			lo = s.day
		}
		if s.day.After(hi) {
			hi = s.day
		}
	}
	if days(lo, hi) > 62 {
		return lo, hi, false
	}
	return lo, hi, true
}

// scored is a candidate publication day and what the clues charge for it.
type scored struct {
	day  time.Time
	cost int
}

// scoreDays costs every day of the given years against the clues; best is
// the index of the cheapest (the earliest on a tie), -1 with no years.
func scoreDays(cs []clue, years []int) (all []scored, best int) {
	best = -1
	for _, y := range years {
		for d := time.Date(y, 1, 1, 0, 0, 0, 0, time.UTC); d.Year() == y; d = d.AddDate(0, 0, 1) {
			c := 0
			for _, cl := range cs {
				c += cl.cost(d)
			}
			all = append(all, scored{d, c})
			if best < 0 || c < all[best].cost {
				best = len(all) - 1
			}
		}
	}
	return all, best
}

// weigh totals how much the clues count towards trusting a date.
func weigh(cs []clue) int {
	w := 0
	for _, c := range cs {
		w += c.weight
	}
	return w
}

// infer picks the publication day that best fits the evidence, or reports
// that the evidence does not pin one down: at least two pieces must count,
// the best day must leave no strong clue more than a day off, and no day
// more than two days from it may score nearly as well.
func infer(exprs []expr, anchors []anchor, hint int) (inference, bool) {
	cs := clues(exprs, anchors)
	weight := weigh(cs)
	if weight < 2 {
		return inference{}, false
	}
	years := candidateYears(exprs, hint)
	if len(years) == 0 {
		return inference{}, false
	}
	all, best := scoreDays(cs, years)
	if best < 0 {
		return inference{}, false
	}
	day := all[best].day
	for _, s := range all {
		if s.cost <= all[best].cost+near && abs(days(s.day, day)) > 2 {
			return inference{}, false
		}
	}
	// Every clue that counts must hold at the chosen day, within a day.
	var used []string
	for _, cl := range cs {
		if cl.weight == 0 {
			continue
		}
		if cl.text != "" && !strings.HasPrefix(cl.text, "weekdays") && cl.cost(day) > strongCost {
			return inference{}, false
		}
		used = append(used, cl.text)
	}
	return inference{day: day, evidence: fmt.Sprintf("Published %s (%s), inferred from %s.",
		day.Format(iso), day.Weekday(), strings.Join(used, "; "))}, true
}
