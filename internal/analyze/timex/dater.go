package timex

import (
	"cmp"
	"context"
	"slices"
	"strings"
	"time"

	"github.com/storyline-news/storyline/internal/model"
)

// Dater is the batch form of Resolver: it lends an article that dates no
// start of its own the starts of events related articles of the run date
// ("the 200th day of the war" in one, "the invasion began on 24 February"
// in another that names the same people and places; see related), and
// gives figures without a date the date their paragraph
// states. It satisfies the pipeline's CrossStep contract; Resolver, the
// per-article stage, reads only the article's own text.
type Dater struct {
	// Year is the user's hint of when the articles were collected; 0 when
	// unknown, in which case only years the texts state are considered.
	Year int
	// Cache, when set, keeps the expressions found in bodies between
	// calls; Apply reads every body otherwise.
	Cache *Cache
}

// Name is the step's name in errors and logs.
func (Dater) Name() string { return "timex" }

// Apply fills Published (when inferable), PublishedInferred,
// PublishedEvidence, Dates, and the dates of figures that lack one.
func (d Dater) Apply(ctx context.Context, arts []model.Article) error {
	exprs := make([][]expr, len(arts))
	own := make([][]anchor, len(arts))
	lenders := false
	for i := range arts {
		exprs[i] = d.Cache.exprs(arts[i].Body)
		own[i] = anchorsOf(exprs[i])
		lenders = lenders || len(own[i]) > 0
	}
	borrowed := make([][]anchor, len(arts))
	if lenders {
		vecs := nameVectors(arts)
		for i := range arts {
			if len(own[i]) == 0 {
				borrowed[i] = lentAnchors(i, own, vecs)
			}
		}
	}
	anchorsFor := func(i int) []anchor {
		if len(own[i]) > 0 {
			return own[i]
		}
		return borrowed[i]
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

// lentAnchors gathers for article i the starts its related articles
// date, the start most of them state first; ties go to the more closely
// related lender, then to the earlier date, so the batch's order never
// decides. Each start keeps the wording of its most related lender, which
// the evidence quotes.
func lentAnchors(i int, own [][]anchor, vecs []nameVector) []anchor {
	type lent struct {
		a    anchor
		n    int     // related articles stating it
		best float64 // cosine of the most related of them
	}
	var out []lent
	for j := range own {
		if j == i || len(own[j]) == 0 {
			continue
		}
		c, ok := related(vecs[i], vecs[j])
		if !ok {
			continue
		}
		for _, a := range own[j] {
			k := slices.IndexFunc(out, func(l lent) bool { return sameStart(l.a, a) })
			if k < 0 {
				out = append(out, lent{a: a, n: 1, best: c})
				continue
			}
			l := &out[k]
			l.n++
			if c > l.best || c == l.best && a.text < l.a.text {
				l.a.text, l.best = a.text, c
			}
		}
	}
	slices.SortFunc(out, func(x, y lent) int {
		if x.n != y.n {
			return cmp.Compare(y.n, x.n)
		}
		if x.best != y.best {
			return cmp.Compare(y.best, x.best)
		}
		return compareStarts(x.a, y.a)
	})
	as := make([]anchor, len(out))
	for k, l := range out {
		as[k] = l.a
	}
	return as
}

// sameStart reports whether two anchors date the same start, however
// worded.
func sameStart(a, b anchor) bool {
	return a.year == b.year && a.month == b.month && a.day == b.day && a.event == b.event
}

// compareStarts orders anchors by date, then event, then wording.
func compareStarts(a, b anchor) int {
	return cmp.Or(cmp.Compare(a.year, b.year), cmp.Compare(a.month, b.month),
		cmp.Compare(a.day, b.day), strings.Compare(a.event, b.event), strings.Compare(a.text, b.text))
}
