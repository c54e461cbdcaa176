package cluster

import (
	"context"
	"sort"

	"github.com/storyline-news/storyline/internal/model"
)

// Step is the pipeline's clustering step: it feeds a batch to a fresh
// Clusterer in publication order (undated articles last, in input order),
// as a stream would have brought them, and fills Event, Story and
// DuplicateOf on every article. IDs are numbered in input order: e1, e2…
type Step struct {
	Options Options
}

// Name implements pipeline.CrossStep.
func (Step) Name() string { return "cluster" }

// Apply implements pipeline.CrossStep.
func (s Step) Apply(ctx context.Context, arts []model.Article) error {
	c := New(s.Options)
	as, err := c.AddBatch(ctx, arts)
	if err != nil {
		return err
	}
	evName, stName := map[int]string{}, map[int]string{}
	for i := range arts {
		e, st := c.Resolve(as[i].Slot)
		if _, ok := evName[e]; !ok {
			evName[e] = Name("e", len(evName))
		}
		if _, ok := stName[st]; !ok {
			stName[st] = Name("s", len(stName))
		}
		arts[i].Event, arts[i].Story = evName[e], stName[st]
		arts[i].DuplicateOf = as[i].DuplicateOf
	}
	return nil
}

// AddBatch adds a batch of articles that arrived together: their terms are
// counted into the document frequencies first, so the first of them is
// weighted like the last, and they are added in publication order
// (undated ones last, in input order), as a stream would have brought
// them. The assignments come back in input order.
func (c *Clusterer) AddBatch(ctx context.Context, arts []model.Article) ([]Assignment, error) {
	order := make([]int, len(arts))
	for i := range order {
		order[i] = i
	}
	sort.SliceStable(order, func(x, y int) bool {
		dx, _ := spanOf(&arts[order[x]])
		dy, _ := spanOf(&arts[order[y]])
		if (dx == unknownDay) != (dy == unknownDay) {
			return dy == unknownDay
		}
		return dx < dy
	})
	for i := range arts {
		c.voc.count(&arts[i])
	}
	c.voc.primed = true
	defer func() { c.voc.primed = false }()
	out := make([]Assignment, len(arts))
	for k, i := range order {
		if k%256 == 0 {
			if err := ctx.Err(); err != nil {
				return nil, err
			}
		}
		out[i] = c.Add(&arts[i])
	}
	return out, nil
}
