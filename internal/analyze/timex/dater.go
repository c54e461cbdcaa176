package timex

import (
	"context"
	"fmt"
	"sort"
	"strings"
	"time"

	"github.com/storyline-news/storyline/internal/model"
)

// Dater infers missing publication dates and resolves every article's date
// expressions. It looks across the articles of a run (see the package doc),
// so it runs as a batch step after the per-article stages; it satisfies the
// pipeline's CrossStep contract.
type Dater struct {
	// Year is the user's hint of when the articles were collected; 0 when
	// unknown, in which case only years the texts state are considered.
	Year int
}

// Name is the step's name in errors and logs.
func (Dater) Name() string { return "timex" }

// Apply fills Published (when inferable), PublishedInferred,
// PublishedEvidence, Dates, and the dates of figures that lack one.
func (d Dater) Apply(ctx context.Context, arts []model.Article) error {
	exprs := make([][]expr, len(arts))
	for i := range arts {
		exprs[i] = findExprs(arts[i].Body)
	}
	anchors := collectAnchors(arts, exprs, d.Year)
	for i := range arts {
		if ctx.Err() != nil {
			return ctx.Err()
		}
		a := &arts[i]
		if a.Published == "" {
			if day, evidence, ok := infer(exprs[i], anchors, d.Year); ok {
				a.Published = day.Format(iso)
				a.PublishedInferred = true
				a.PublishedEvidence = evidence
			}
		}
		a.Dates = resolveAll(exprs[i], a.Published, anchors, d.Year)
		fillFigureDates(a)
	}
	return nil
}

// anchor is the dated start of an event that day counts refer to.
type anchor struct {
	month time.Month
	day   int
	year  int // 0 when the text gives none
	text  string
}

// collectAnchors gathers the starts of counted events ("began its attack on
// February 24") from every article, most often stated first.
func collectAnchors(arts []model.Article, exprs [][]expr, hint int) []anchor {
	count := map[anchor]int{}
	for i := range arts {
		for _, e := range exprs[i] {
			if e.kind == kExplicit && e.anchor {
				count[anchor{e.month, e.day, e.year, ""}]++
			}
		}
	}
	var out []anchor
	for a := range count {
		out = append(out, a)
	}
	sort.Slice(out, func(i, j int) bool {
		if count[out[i]] != count[out[j]] {
			return count[out[i]] > count[out[j]]
		}
		return out[i].month < out[j].month || out[i].month == out[j].month && out[i].day < out[j].day
	})
	for i := range out {
		out[i].text = fmt.Sprintf("%d %s", out[i].day, out[i].month)
	}
	return out
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

// candidateYears are the years a publication date may fall in.
func candidateYears(exprs []expr, hint int) []int {
	if hint != 0 {
		return []int{hint}
	}
	seen := map[int]bool{}
	var ys []int
	for _, e := range exprs {
		if e.year > 0 && (e.kind == kExplicit || e.kind == kRange) && !seen[e.year] {
			seen[e.year] = true
			ys = append(ys, e.year)
		}
	}
	return ys
}

// infer picks the publication day that best fits the expressions, or
// reports that the evidence does not pin one down.
func infer(exprs []expr, anchors []anchor, hint int) (time.Time, string, bool) {
	years := candidateYears(exprs, hint)
	if len(years) == 0 {
		return time.Time{}, "", false
	}
	type scored struct {
		day   time.Time
		score int
	}
	var best []scored
	bestScore := -1
	var evidence []string
	hard := false
	for _, e := range exprs {
		switch e.kind {
		case kDayCount, kDuration:
			if len(anchors) > 0 {
				hard = true
			}
		case kDeictic:
			if e.rel == "tomorrow" && hasFutureDate(exprs) {
				hard = true
			}
		}
	}
	if !hard {
		return time.Time{}, "", false
	}
	for _, y := range years {
		for day := time.Date(y, 1, 1, 0, 0, 0, 0, time.UTC); day.Year() == y; day = day.AddDate(0, 0, 1) {
			score, ok := fit(day, exprs, anchors)
			if !ok {
				continue
			}
			switch {
			case bestScore < 0 || score < bestScore:
				bestScore, best = score, []scored{{day, score}}
			case score == bestScore:
				best = append(best, scored{day, score})
			}
		}
	}
	if len(best) == 0 || best[len(best)-1].day.Sub(best[0].day) > 24*time.Hour {
		return time.Time{}, "", false
	}
	day := best[0].day
	for _, e := range exprs {
		switch e.kind {
		case kDayCount, kDuration, kWeekday:
			evidence = append(evidence, fmt.Sprintf("%q", e.text))
		case kDeictic:
			if e.rel == "tomorrow" {
				evidence = append(evidence, fmt.Sprintf("%q", e.text))
			}
		}
	}
	if len(anchors) > 0 {
		evidence = append(evidence, "counted from "+anchors[0].text)
	}
	if len(evidence) > 8 {
		evidence = evidence[:8]
	}
	return day, "inferred from " + strings.Join(evidence, ", "), true
}

func hasFutureDate(exprs []expr) bool {
	for _, e := range exprs {
		if (e.kind == kExplicit || e.kind == kRange) && e.future {
			return true
		}
	}
	return false
}

// fit scores how well day fits as the publication date: hard constraints
// rule it out, weekday mentions add the days between the day and the
// weekday they name (the most recent one for the past, the next for the
// future), so the best day is the one every "on Tuesday" is closest to.
func fit(day time.Time, exprs []expr, anchors []anchor) (int, bool) {
	score := 0
	for _, e := range exprs {
		switch e.kind {
		case kDayCount, kDuration:
			if len(anchors) == 0 {
				continue
			}
			start, ok := anchorBefore(anchors[0], day)
			if !ok {
				continue
			}
			off := int(day.Sub(start).Hours() / 24)
			if off < e.lo || off > e.hi {
				return 0, false
			}
		case kDeictic:
			if e.rel != "tomorrow" {
				continue
			}
			// "Talks resume tomorrow" beside "talks will happen between 28
			// and 30 March": the day before the first future date.
			for _, f := range exprs {
				if (f.kind == kExplicit || f.kind == kRange) && f.future {
					t, ok := ymd(day.Year(), f.month, f.day)
					if !ok {
						continue
					}
					if !day.Equal(t.AddDate(0, 0, -1)) {
						return 0, false
					}
					break
				}
			}
		case kExplicit:
			if e.year != 0 && e.year != day.Year() || e.future {
				continue
			}
			// A past event dated in the text lies before publication.
			if t, ok := ymd(day.Year(), e.month, e.day); ok && t.After(day) && t.Sub(day) < 60*24*time.Hour {
				return 0, false
			}
		case kWeekday:
			if e.rel == "next" || e.future && e.rel != "last" {
				score += (int(e.weekday) - int(day.Weekday()) + 7) % 7
			} else {
				d := (int(day.Weekday()) - int(e.weekday) + 7) % 7
				if e.rel == "last" && d == 0 {
					d = 7
				}
				score += d
			}
		}
	}
	return score, true
}
