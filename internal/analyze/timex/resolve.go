package timex

import (
	"fmt"
	"strings"
	"time"

	"github.com/storyline-news/storyline/internal/model"
)

// anchor is the dated start of an event that day counts refer to.
type anchor struct {
	month time.Month
	day   int
	year  int    // 0 when the text gives none
	event string // "war", "strike": the family of the event it starts
	text  string
}

// eventFamily puts the words news uses for one conflict together, so "the
// 200th day of the war" counts from "the invasion began on 24 February".
func eventFamily(w string) string {
	w = strings.ToLower(strings.TrimSuffix(w, "s"))
	switch w {
	case "war", "invasion", "invaded", "conflict", "fighting", "attack", "operation", "campaign", "offensive":
		return "war"
	case "counteroffensive", "counter-offensive":
		return "counteroffensive"
	}
	return w
}

// anchorsOf collects the starts of counted events an article dates, most
// often stated first.
func anchorsOf(exprs []expr) []anchor {
	var out []anchor
	count := map[anchor]int{}
	for _, e := range exprs {
		if e.kind != kExplicit || !e.anchor {
			continue
		}
		a := anchor{month: e.month, day: e.day, year: e.year, event: eventFamily(e.event)}
		if count[a] == 0 {
			a2 := a
			a2.text = e.text
			out = append(out, a2)
		}
		count[a]++
	}
	key := func(a anchor) anchor { a.text = ""; return a }
	for i := 1; i < len(out); i++ { // stable insertion sort by count
		for j := i; j > 0 && count[key(out[j])] > count[key(out[j-1])]; j-- {
			out[j], out[j-1] = out[j-1], out[j]
		}
	}
	return out
}

// anchorFor picks the start a count refers to: one of the same event
// family, else the most often stated.
func anchorFor(e expr, anchors []anchor) (anchor, bool) {
	if len(anchors) == 0 {
		return anchor{}, false
	}
	fam := eventFamily(e.event)
	for _, a := range anchors {
		if a.event == fam {
			return a, true
		}
	}
	return anchors[0], true
}

// anchorBefore dates an anchor in the year that puts it on or before day.
func anchorBefore(a anchor, day time.Time) (time.Time, bool) {
	y := a.year
	if y == 0 {
		y = day.Year()
	}
	t, ok := ymd(y, a.month, a.day)
	if ok && a.year == 0 && t.After(day) {
		t, ok = ymd(y-1, a.month, a.day)
	}
	return t, ok
}

// resolveAll turns expressions into dates against the publication date
// published ("" when unknown: then only dates the text states in full, or
// with the year hint, are resolved). Durations and year counts are
// evidence, not dates, and are left out.
func resolveAll(exprs []expr, published string, anchors []anchor, hint int) []model.DateRef {
	var pub time.Time
	known := false
	if len(published) >= 10 {
		if t, err := parseISO(published[:10]); err == nil {
			pub, known = t, true
		}
	}
	out := []model.DateRef{}
	type day struct {
		sent, start int
		date        string
	}
	var days []day // the single days resolved, for "the same day"
	var same []int // indexes in out of the "same day" expressions
	var sameOf []expr
	for _, e := range exprs {
		switch e.kind {
		case kDuration, kCountDays, kYearsPast, kAnniv:
			continue
		case kSameDay:
			same, sameOf = append(same, len(out)), append(sameOf, e)
			out = append(out, model.DateRef{Text: e.text, Paragraph: e.para})
			continue
		}
		d := resolve(e, pub, known, anchors, hint)
		if len(d) == len(iso) {
			days = append(days, day{e.sent, e.start, d})
		}
		out = append(out, model.DateRef{Text: e.text, Date: d, Paragraph: e.para})
	}
	// "The Dow fell on Monday, ending the day at 7,114": the last day named
	// before it, in reading order; with none, the day of publication.
	for k, i := range same {
		e := sameOf[k]
		best := day{sent: -1}
		for _, d := range days {
			if (d.sent < e.sent || d.sent == e.sent && d.start < e.start) &&
				(d.sent > best.sent || d.sent == best.sent && d.start > best.start) {
				best = d
			}
		}
		switch {
		case best.sent >= 0:
			out[i].Date = best.date
		case known:
			out[i].Date = pub.Format(iso)
		}
	}
	return out
}

func span(a, b time.Time) string { return a.Format(iso) + "/" + b.Format(iso) }

// yearFor gives a day and month without a year the year that puts it
// where its tense says: a past event within the last months, a plan within
// the coming ones.
func yearFor(e expr, m time.Month, d int, pub time.Time, known bool, hint int) int {
	if e.year != 0 {
		return e.year
	}
	if !known {
		return hint
	}
	y := pub.Year()
	t, ok := ymd(y, m, d)
	if !ok {
		return y
	}
	const window = 90 * 24 * time.Hour
	switch {
	case !e.future && t.Sub(pub) > window:
		y--
	case e.future && pub.Sub(t) > window:
		y++
	case t.Sub(pub) > 2*window:
		y--
	}
	return y
}

func resolve(e expr, pub time.Time, known bool, anchors []anchor, hint int) string {
	switch e.kind {
	case kExplicit:
		if t, ok := ymd(yearFor(e, e.month, e.day, pub, known, hint), e.month, e.day); ok {
			return t.Format(iso)
		}
		return ""
	case kRange:
		y := yearFor(e, e.month, e.day, pub, known, hint)
		a, ok1 := ymd(y, e.month, e.day)
		b, ok2 := ymd(y, e.month, e.day2)
		if ok1 && ok2 && !b.Before(a) {
			return span(a, b)
		}
		return ""
	case kYear:
		return fmt.Sprintf("%04d-01-01/%04d-12-31", e.year, e.year)
	case kMonth:
		y := e.year
		if y == 0 && known {
			y = pub.Year()
			first := time.Date(y, e.month, 1, 0, 0, 0, 0, time.UTC)
			if !e.future && first.After(pub) {
				y--
			} else if e.future && first.AddDate(0, 1, -1).Before(pub) {
				y++
			}
		} else if y == 0 {
			y = hint
		}
		if y == 0 {
			return ""
		}
		a := time.Date(y, e.month, 1, 0, 0, 0, 0, time.UTC)
		return span(a, a.AddDate(0, 1, -1))
	case kDayCount:
		an, ok := anchorFor(e, anchors)
		if !ok {
			return ""
		}
		ref := pub
		if !known {
			if hint == 0 && an.year == 0 {
				return ""
			}
			ref = time.Date(hint, 12, 31, 0, 0, 0, 0, time.UTC)
			if an.year != 0 {
				ref = time.Date(an.year, 12, 31, 0, 0, 0, 0, time.UTC)
			}
		}
		start, ok := anchorBefore(an, ref)
		if !ok {
			return ""
		}
		return start.AddDate(0, 0, e.n-1).Format(iso)
	}
	if !known {
		return ""
	}
	switch e.kind {
	case kWeekday:
		return weekdayDate(e, pub).Format(iso)
	case kDeictic:
		return deicticDate(e.rel, e.future, pub)
	case kAgo:
		switch e.unit {
		case 30:
			m := time.Date(pub.Year(), pub.Month(), 1, 0, 0, 0, 0, time.UTC).AddDate(0, -e.n, 0)
			return span(m, m.AddDate(0, 1, -1))
		case 365:
			y := pub.Year() - e.n
			return fmt.Sprintf("%04d-01-01/%04d-12-31", y, y)
		}
		return pub.AddDate(0, 0, -e.n*e.unit).Format(iso)
	}
	return ""
}

// weekdayDate resolves a weekday against the publication day: the most
// recent such day on or before it, unless its clause speaks of the future
// or says "next", when it is the coming one.
func weekdayDate(e expr, pub time.Time) time.Time {
	return pub.AddDate(0, 0, weekdayOffset(e, pub.Weekday()))
}

// weekdayOffset is the number of days from a publication day that falls on
// pub to the day the weekday expression e names.
func weekdayOffset(e expr, pub time.Weekday) int {
	if e.rel == "next" || e.rel == "coming" || e.future && e.rel != "last" && e.rel != "since" {
		d := (int(e.weekday) - int(pub) + 7) % 7
		if e.rel == "next" && d == 0 {
			d = 7
		}
		return d
	}
	d := (int(pub) - int(e.weekday) + 7) % 7
	if e.rel == "last" && d == 0 {
		d = 7
	}
	return -d
}

func deicticDate(rel string, future bool, pub time.Time) string {
	weekStart := pub.AddDate(0, 0, -((int(pub.Weekday()) + 6) % 7)) // Monday
	monthStart := time.Date(pub.Year(), pub.Month(), 1, 0, 0, 0, 0, time.UTC)
	yearSpan := func(y int) string { return fmt.Sprintf("%04d-01-01/%04d-12-31", y, y) }
	switch rel {
	case "today", "tonight", "this morning", "this afternoon", "this evening":
		return pub.Format(iso)
	case "yesterday", "last night":
		return pub.AddDate(0, 0, -1).Format(iso)
	case "the day before yesterday":
		return pub.AddDate(0, 0, -2).Format(iso)
	case "tomorrow":
		return pub.AddDate(0, 0, 1).Format(iso)
	case "the day after tomorrow":
		return pub.AddDate(0, 0, 2).Format(iso)
	case "this week", "earlier this week", "later this week":
		return span(weekStart, weekStart.AddDate(0, 0, 6))
	case "last week":
		return span(weekStart.AddDate(0, 0, -7), weekStart.AddDate(0, 0, -1))
	case "next week":
		return span(weekStart.AddDate(0, 0, 7), weekStart.AddDate(0, 0, 13))
	case "this weekend", "over the weekend", "at the weekend", "last weekend", "next weekend":
		var sat time.Time
		if rel == "next weekend" || future && rel != "last weekend" {
			sat = pub.AddDate(0, 0, (int(time.Saturday)-int(pub.Weekday())+7)%7)
			if pub.Weekday() == time.Sunday && rel != "next weekend" {
				sat = pub.AddDate(0, 0, -1)
			}
		} else {
			back := (int(pub.Weekday()) - int(time.Saturday) + 7) % 7
			sat = pub.AddDate(0, 0, -back)
			if rel == "last weekend" && back < 2 {
				sat = sat.AddDate(0, 0, -7)
			}
		}
		return span(sat, sat.AddDate(0, 0, 1))
	case "this month", "earlier this month", "later this month":
		return span(monthStart, monthStart.AddDate(0, 1, -1))
	case "last month":
		return span(monthStart.AddDate(0, -1, 0), monthStart.AddDate(0, 0, -1))
	case "next month":
		return span(monthStart.AddDate(0, 1, 0), monthStart.AddDate(0, 2, -1))
	case "this year", "earlier this year", "later this year":
		return yearSpan(pub.Year())
	case "last year":
		return yearSpan(pub.Year() - 1)
	case "next year":
		return yearSpan(pub.Year() + 1)
	}
	return ""
}
