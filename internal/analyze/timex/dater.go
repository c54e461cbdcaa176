package timex

import (
	"context"

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
	for i := range arts {
		if err := ctx.Err(); err != nil {
			return err
		}
		a := &arts[i]
		anchors := anchorsOf(exprs[i])
		if len(anchors) == 0 {
			anchors = shared
		}
		if a.Published == "" {
			if inf, ok := infer(exprs[i], anchors, d.Year); ok {
				a.Published = inf.day.Format(iso)
				a.PublishedInferred = true
				a.PublishedEvidence = inf.evidence
			} else if lo, hi, ok := period(exprs[i], anchors, d.Year); ok {
				a.Period = lo.Format(iso) + "/" + hi.Format(iso)
			}
		}
		a.Dates = resolveAll(exprs[i], a.Published, anchors, d.Year)
		fillFigureDates(a)
	}
	return nil
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
