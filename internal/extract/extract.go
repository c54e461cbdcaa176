// Package extract turns raw documents into clean articles, dispatching on
// the document's format: text dumps to extract/textdump, HTML pages to
// extract/webpage.
package extract

import (
	"context"
	"fmt"

	"github.com/storyline-news/storyline/internal/extract/chrome"
	"github.com/storyline-news/storyline/internal/extract/textdump"
	"github.com/storyline-news/storyline/internal/extract/webpage"
	"github.com/storyline-news/storyline/internal/model"
)

// Extractor dispatches a document to the extractor for its format.
// It is safe for concurrent use.
type Extractor struct {
	Text *textdump.Extractor
	HTML *webpage.Extractor
}

// New returns an extractor whose text-dump reader learns chrome from corpus
// (which may be nil).
func New(corpus *chrome.Corpus) *Extractor {
	return &Extractor{Text: textdump.New(corpus), HTML: &webpage.Extractor{}}
}

// Learn adds the lines of every text document to corpus, so that lines
// recurring across documents count as chrome. Call it for all documents of a
// run before extracting any.
func Learn(corpus *chrome.Corpus, docs []model.Document) {
	for _, d := range docs {
		if d.Format == model.FormatText {
			corpus.Add(d.ID, textdump.Lines(d.Content))
		}
	}
}

// Extract returns the clean article of doc.
func (x *Extractor) Extract(ctx context.Context, doc model.Document) (model.Article, error) {
	switch doc.Format {
	case model.FormatHTML:
		return x.HTML.Extract(ctx, doc)
	case model.FormatText, "":
		return x.Text.Extract(ctx, doc)
	default:
		return model.Article{}, fmt.Errorf("extract: %s: unknown format %q", doc.File, doc.Format)
	}
}
