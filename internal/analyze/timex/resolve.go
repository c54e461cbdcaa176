package timex

import (
	"fmt"
	"time"

	"github.com/storyline-news/storyline/internal/model"
)

// resolveAll turns expressions into dates against the publication date
// published ("" when unknown: then only dates the text states in full, or
// with the year hint, are resolved).
func resolveAll(exprs []expr, published string, anchors []anchor, hint int) []model.DateRef {
	var pub time.Time
	known := false
	if len(published) >= 10 {
		if t, err := time.Parse(iso, published[:10]); err == nil {
			pub, known = t, true
		}
	}
	var out []model.DateRef
	for _, e := range exprs {
		if e.kind == kYear {
			continue // bare years are context, not dates of events
		}
		date := resolve(e, pub, known, anchors, hint)
		out = append(out, model.DateRef{Text: e.text, Date: date, Paragraph: e.para})
	}
	return out
}

func span(a, b time.Time) string { return a.Format(iso) + "/" + b.Format(iso) }

func resolve(e expr, pub time.Time, known bool, anchors []anchor, hint int) string {
	yearFor := func(m time.Month, d int) int {
		if e.year != 0 {
			return e.year
		}
		if !known {
			return hint
		}
		y := pub.Year()
		// "on 28 December" in a January article is last year's; a
		// future plan in December for January is next year's.
		if t, ok := ymd(y, m, d); ok {
			switch {
			case !e.future && t.Sub(pub) > 60*24*time.Hour:
				y--
			case e.future && pub.Sub(t) > 60*24*time.Hour:
				y++
			}
		}
		return y
	}
	switch e.kind {
	case kExplicit:
		y := yearFor(e.month, e.day)
		if y == 0 {
			return ""
		}
		if t, ok := ymd(y, e.month, e.day); ok {
			return t.Format(iso)
		}
	case kRange:
		y := yearFor(e.month, e.day)
		if y == 0 {
			return ""
		}
		a, ok1 := ymd(y, e.month, e.day)
		b, ok2 := ymd(y, e.month, e.day2)
		if ok1 && ok2 {
			return span(a, b)
		}
	case kMonth:
		y := e.year
		if y == 0 {
			y = yearFor(e.month, 1)
		}
		if y == 0 {
			return ""
		}
		a := time.Date(y, e.month, 1, 0, 0, 0, 0, time.UTC)
		return span(a, a.AddDate(0, 1, -1))
	case kDayCount:
		if len(anchors) == 0 {
			return ""
		}
		ref := pub
		if !known {
			if hint == 0 {
				return ""
			}
			ref = time.Date(hint, 12, 31, 0, 0, 0, 0, time.UTC)
		}
		start, ok := anchorBefore(anchors[0], ref)
		if !ok {
			return ""
		}
		return start.AddDate(0, 0, e.lo).Format(iso)
	}
	if !known {
		return ""
	}
	switch e.kind {
	case kWeekday:
		if e.rel == "next" || e.future && e.rel != "last" && e.rel != "since" {
			d := (int(e.weekday) - int(pub.Weekday()) + 7) % 7
			if e.rel == "next" && d == 0 {
				d = 7
			}
			return pub.AddDate(0, 0, d).Format(iso)
		}
		d := (int(pub.Weekday()) - int(e.weekday) + 7) % 7
		if e.rel == "last" && d == 0 {
			d = 7
		}
		return pub.AddDate(0, 0, -d).Format(iso)
	case kDeictic:
		return deicticDate(e.rel, pub)
	}
	return ""
}

func deicticDate(rel string, pub time.Time) string {
	weekStart := pub.AddDate(0, 0, -((int(pub.Weekday()) + 6) % 7)) // Monday
	monthStart := time.Date(pub.Year(), pub.Month(), 1, 0, 0, 0, 0, time.UTC)
	switch rel {
	case "today", "tonight", "this morning", "this evening":
		return pub.Format(iso)
	case "yesterday", "last night":
		return pub.AddDate(0, 0, -1).Format(iso)
	case "tomorrow":
		return pub.AddDate(0, 0, 1).Format(iso)
	case "this week", "earlier this week":
		return span(weekStart, weekStart.AddDate(0, 0, 6))
	case "last week":
		return span(weekStart.AddDate(0, 0, -7), weekStart.AddDate(0, 0, -1))
	case "next week":
		return span(weekStart.AddDate(0, 0, 7), weekStart.AddDate(0, 0, 13))
	case "this weekend", "over the weekend", "last weekend":
		// The most recent Saturday and Sunday up to publication.
		back := (int(pub.Weekday()) - int(time.Saturday) + 7) % 7
		sat := pub.AddDate(0, 0, -back)
		if rel == "last weekend" && back < 2 {
			sat = sat.AddDate(0, 0, -7)
		}
		return span(sat, sat.AddDate(0, 0, 1))
	case "this month", "earlier this month":
		return span(monthStart, monthStart.AddDate(0, 1, -1))
	case "last month":
		return span(monthStart.AddDate(0, -1, 0), monthStart.AddDate(0, 0, -1))
	case "this year", "earlier this year":
		return fmt.Sprintf("%d-01-01/%d-12-31", pub.Year(), pub.Year())
	case "last year":
		return fmt.Sprintf("%d-01-01/%d-12-31", pub.Year()-1, pub.Year()-1)
	}
	return ""
}

// fillFigureDates gives each figure without a date the single date stated in
// its paragraph (a day, not a span), else the publication date.
func fillFigureDates(a *model.Article) {
	for i := range a.Figures {
		f := &a.Figures[i]
		if f.Date != "" {
			continue
		}
		var day string
		n := 0
		for _, d := range a.Dates {
			if d.Paragraph == f.Paragraph && len(d.Date) == 10 {
				day = d.Date
				n++
			}
		}
		if n == 1 {
			f.Date = day
		} else if len(a.Published) >= 10 {
			f.Date = a.Published[:10]
		}
	}
}
