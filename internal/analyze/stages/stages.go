// Package stages wires the per-article analysis stages in the order they
// run: language, sentences, entities, dates, quotes, figures. Ingest,
// analyze, the tests and the benchmarks take the chain from here, so that
// a stage added or moved is added or moved everywhere at once.
package stages

import (
	"github.com/storyline-news/storyline/internal/analyze"
	"github.com/storyline-news/storyline/internal/analyze/entity"
	"github.com/storyline-news/storyline/internal/analyze/figure"
	"github.com/storyline-news/storyline/internal/analyze/lang"
	"github.com/storyline-news/storyline/internal/analyze/quote"
	"github.com/storyline-news/storyline/internal/analyze/sentence"
	"github.com/storyline-news/storyline/internal/analyze/timex"
)

// Chain returns every per-article stage in order. year is the year that
// dates without one are placed in (timex.Resolver.Year); 0 leaves them
// unplaced. Each stage depends on the fields the earlier ones fill:
// quotes and figures need the entities and dates to name speakers,
// claimants and when.
func Chain(year int) analyze.Chain {
	return analyze.Chain{
		lang.Detector{},
		sentence.Splitter{},
		entity.Tagger{},
		timex.Resolver{Year: year},
		quote.Attributor{},
		figure.Extractor{},
	}
}
