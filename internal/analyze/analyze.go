// Package analyze defines the contract of an analysis stage and the chain
// that runs stages in order over one article.
package analyze

import (
	"context"
	"fmt"

	"github.com/storyline-news/storyline/internal/model"
)

// Stage is one step of per-article analysis (language, sentences, entities,
// quotes, figures, dates). A stage is a pure function of the article it is
// given: it reads the fields earlier stages filled, returns the article with
// its own fields filled, and never touches the store, the network or global
// state. It must be safe to call from several goroutines at once.
// An error means the stage could not analyse this article; the chain reports
// it and the article keeps what earlier stages found.
type Stage interface {
	Name() string
	Process(ctx context.Context, a model.Article) (model.Article, error)
}

// Chain runs stages in order.
type Chain []Stage

// Process runs every stage over a. It stops at the first error and returns the
// article as the last successful stage left it, with the error naming the stage.
func (c Chain) Process(ctx context.Context, a model.Article) (model.Article, error) {
	for _, s := range c {
		if err := ctx.Err(); err != nil {
			return a, err
		}
		out, err := s.Process(ctx, a)
		if err != nil {
			return a, fmt.Errorf("analyze %s: %w", s.Name(), err)
		}
		a = out
	}
	return a, nil
}
