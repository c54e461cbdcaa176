package storyview

import (
	"fmt"
	"sort"
	"strings"
	"time"

	"github.com/storyline-news/storyline/internal/model"
)

// onceEach keeps one moment per sentence: a sentence that names two dates
// ("talks on Monday, a week after the 21 March strike") or a day and a
// range is one line of the timeline, not two. The narrowest date wins (a
// day over a range), then the earlier; the kept moments stay in order.
func onceEach(ms []Moment) []Moment {
	best := map[string]int{}
	for i, m := range ms {
		key := strings.ToLower(m.Text)
		j, ok := best[key]
		if !ok || narrower(m.Date, ms[j].Date) {
			best[key] = i
		}
	}
	out := ms[:0:0]
	for i, m := range ms {
		if best[strings.ToLower(m.Text)] == i {
			out = append(out, m)
		}
	}
	return out
}

// narrower reports whether date a is a shorter span than b, or as short
// and earlier.
func narrower(a, b string) bool {
	la, lb := spanDays(a), spanDays(b)
	if la != lb {
		return la < lb
	}
	return momentStart(a) < momentStart(b)
}

func spanDays(d string) int {
	lo, err1 := time.Parse(time.DateOnly, momentStart(d))
	hi, err2 := time.Parse(time.DateOnly, momentEnd(d))
	if err1 != nil || err2 != nil {
		return 1 << 20
	}
	return int(hi.Sub(lo).Hours()/24) + 1
}

// relativeTimeline is the timeline of a story none of whose articles has
// a calendar date: without a year, the dater still places each article
// among the others (model.Article.Period, on a calendar chosen to fit the
// weekdays the articles name, whose year is never reported). So the
// articles' headlines are listed in that order, labelled by their day
// counted from the story's first ("Day 3") and, when the evidence pins a
// single day, its weekday, which that calendar gets right. Articles with
// no such evidence are left out. days is how many days the list spans.
func relativeTimeline(as []*model.Article) (ms []Moment, days int) {
	type placed struct {
		a      *model.Article
		lo, hi time.Time
	}
	var ps []placed
	for _, a := range as {
		if a.DuplicateOf != "" || a.Headline == "" {
			continue
		}
		l, h, ok := strings.Cut(a.Period, "/")
		if !ok {
			continue
		}
		lo, err1 := time.Parse(time.DateOnly, l)
		hi, err2 := time.Parse(time.DateOnly, h)
		if err1 != nil || err2 != nil || hi.Before(lo) {
			continue
		}
		ps = append(ps, placed{a, lo, hi})
	}
	if len(ps) == 0 {
		return nil, 0
	}
	sort.SliceStable(ps, func(i, j int) bool {
		if !ps[i].lo.Equal(ps[j].lo) {
			return ps[i].lo.Before(ps[j].lo)
		}
		if !ps[i].hi.Equal(ps[j].hi) {
			return ps[i].hi.Before(ps[j].hi)
		}
		return ps[i].a.ID < ps[j].a.ID
	})
	start, end := ps[0].lo, ps[0].hi
	for _, p := range ps {
		if p.hi.After(end) {
			end = p.hi
		}
	}
	dayOf := func(t time.Time) int { return int(t.Sub(start).Hours()/24) + 1 }
	for _, p := range ps[:min(len(ps), maxMoments)] {
		label := fmt.Sprintf("Day %d · %s", dayOf(p.lo), p.lo.Weekday())
		if !p.hi.Equal(p.lo) {
			label = fmt.Sprintf("Days %d–%d", dayOf(p.lo), dayOf(p.hi))
		}
		ms = append(ms, Moment{Label: label, Text: p.a.Headline, Source: Source{Article: p.a.ID, Outlet: p.a.Outlet}})
	}
	return ms, dayOf(end)
}

// placesDays reports whether some moment is dated to a day or a span of
// at most a week, which places the story's own days on the calendar.
func placesDays(ms []Moment) bool {
	for _, m := range ms {
		if spanDays(m.Date) <= 7 {
			return true
		}
	}
	return false
}

// ArticleDay says where a story whose dates are not stated places one of
// its articles, from the relative timeline's label for it: "day 3 of the
// story, a Tuesday", "days 2–4 of the story"; "" when the timeline does
// not place it (dated stories, articles without evidence, copies).
func ArticleDay(v View, id string) string {
	for _, m := range v.Timeline {
		if m.Article != id || m.Label == "" || m.Date != "" {
			continue
		}
		days, weekday, _ := strings.Cut(m.Label, " · ")
		out := "d" + strings.TrimPrefix(days, "D") + " of the story"
		if weekday != "" {
			out += ", a " + weekday
		}
		return out
	}
	return ""
}

// PeriodWeekday is the weekday of a Period that pins one day ("a
// Tuesday"): the calendar the dater picks for undated articles fits the
// weekdays they name, so the weekday is right even though the year is
// not reported. "" for a longer or malformed period.
func PeriodWeekday(period string) string {
	l, h, ok := strings.Cut(period, "/")
	if !ok || l != h {
		return ""
	}
	t, err := time.Parse(time.DateOnly, l)
	if err != nil {
		return ""
	}
	return "a " + t.Weekday().String()
}
