package timex

import (
	"context"
	"time"

	"github.com/storyline-news/storyline/internal/model"
)

// Dater is the batch form of Resolver: it lends an article that dates no
// start of its own the starts of events other articles of the run date
// ("the 200th day of the war" in one, "the invasion began on 24 February"
// in another), and gives figures without a date the date their paragraph
// states. It satisfies the pipeline's CrossStep contract; Resolver, the
// per-article stage, reads only the article's own text.
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
	var shared []anchor
	seen := map[anchor]bool{}
	for i := range arts {
		exprs[i] = findExprs(arts[i].Body)
		for _, a := range anchorsOf(exprs[i]) {
			k := a
			k.text = ""
			if !seen[k] {
				seen[k] = true
				shared = append(shared, a)
			}
		}
	}
	anchorsFor := func(i int) []anchor {
		if an := anchorsOf(exprs[i]); len(an) > 0 {
			return an
		}
		return shared
	}
	nominal := 0
	if d.Year == 0 {
		nominal = nominalYear(arts, exprs, anchorsFor, time.Now().Year())
	}
	for i := range arts {
		if err := ctx.Err(); err != nil {
			return err
		}
		a := &arts[i]
		anchors := anchorsFor(i)
		if a.Published == "" {
			if inf, ok := infer(exprs[i], anchors, d.Year); ok {
				a.Published = inf.day.Format(iso)
				a.PublishedInferred = true
				a.PublishedEvidence = inf.evidence
			} else if lo, hi, ok := period(exprs[i], anchors, d.Year); ok {
				a.Period = lo.Format(iso) + "/" + hi.Format(iso)
			} else if nominal != 0 {
				// No year to report, but the calendar the batch fits
				// still places the article among the others.
				if inf, ok := infer(exprs[i], anchors, nominal); ok {
					a.Period = inf.day.Format(iso) + "/" + inf.day.Format(iso)
				} else if lo, hi, ok := period(exprs[i], anchors, nominal); ok {
					a.Period = lo.Format(iso) + "/" + hi.Format(iso)
				}
			}
		}
		a.Dates = resolveAll(exprs[i], a.Published, anchors, d.Year)
		fillFigureDates(a)
	}
	return nil
}

// nominalYear picks, for a batch whose articles state no year, the year
// whose calendar best fits their weekdays and counts together ("on
// Sunday", "the 200th day of the war" from "February 24"), the latest
// such year up to now. Years sharing a calendar fit alike, so the year
// itself is a guess and is never reported: it only lets the articles'
// days be compared with each other, as Period. 0 when no article of the
// batch has evidence to weigh, or some article states its own year.
func nominalYear(arts []model.Article, exprs [][]expr, anchorsFor func(int) []anchor, now int) int {
	var cls [][]clue
	for i := range arts {
		if arts[i].Published != "" {
			continue
		}
		if len(candidateYears(exprs[i], 0)) > 0 {
			return 0
		}
		if cs := clues(exprs[i], anchorsFor(i)); len(cs) > 0 && len(cls) < 200 {
			cls = append(cls, cs) // 200 articles are enough to weigh a calendar
		}
	}
	if len(cls) == 0 {
		return 0
	}
	best, bestCost := 0, 0
	// 28 years hold every calendar (7 first weekdays, leap or not).
	for y := now; y > now-28; y-- {
		total := 0
		for _, cs := range cls {
			all, best := scoreDays(cs, []int{y})
			total += all[best].cost
		}
		if best == 0 || total < bestCost {
			best, bestCost = y, total
		}
	}
	return best
}

// fillFigureDates gives each figure without a date the single day stated
// in its paragraph, else the publication date.
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
