// Package pipeline orchestrates Storyline's one-way flow over a batch of
// documents: extraction (with the run's corpus teaching the text-dump reader
// which lines are chrome), per-article analysis on a pool of workers, then
// the steps that look across articles. It is the only package that will
// talk to the store; the stages it runs never do.
package pipeline

import (
	"context"
	"fmt"
	"slices"
	"sync"

	"github.com/storyline-news/storyline/internal/analyze"
	"github.com/storyline-news/storyline/internal/extract"
	"github.com/storyline-news/storyline/internal/extract/chrome"
	"github.com/storyline-news/storyline/internal/extract/textdump"
	"github.com/storyline-news/storyline/internal/model"
	"github.com/storyline-news/storyline/internal/source"
	"github.com/storyline-news/storyline/internal/store"
)

// CrossStep is a step that needs every article of the batch at once, such as
// merging entity spellings across articles, marking duplicates or clustering.
// It may change the articles in place.
type CrossStep interface {
	Name() string
	Apply(ctx context.Context, arts []model.Article) error
}

// Batch analyses a batch of documents together.
type Batch struct {
	Chain     analyze.Chain // per-article stages, in order
	Cross     []CrossStep   // batch-wide steps, in order, after the chain
	Workers   int           // parallel workers; at least 1
	Published string        // publication date for documents without one
	// Progress, if set, is called after each document is analysed.
	Progress func(done, total int)
}

// DocError is a document that could not be extracted or analysed.
type DocError struct {
	File string
	Err  error
}

func (e *DocError) Error() string { return fmt.Sprintf("%s: %v", source.Name(e.File), e.Err) }
func (e *DocError) Unwrap() error { return e.Err }

// Run extracts and analyses docs and returns the articles in input order.
// A document that fails is left out and reported through onErr once the
// workers are done, in input order, so that what is reported does not
// depend on which worker finished first; the rest go on.
func (b *Batch) Run(ctx context.Context, docs []model.Document, onErr func(error)) ([]model.Article, error) {
	corpus := chrome.NewCorpus()
	extract.Learn(corpus, docs)
	return b.run(ctx, docs, onErr, corpus)
}

// LineStore is what a batch needs of a store to learn chrome from the
// documents stored before it.
type LineStore interface {
	LineHolders(ctx context.Context, lines []uint64, limit int) (map[uint64][]string, error)
	DocProse(ctx context.Context, ids []string) (map[string][]uint64, error)
	DocCopies(ctx context.Context, prints map[string]uint64) (map[string]int, error)
}

// holdersRead is how many stored documents are read for a line: past a
// few, a line is chrome by any measure.
const holdersRead = 8

// Read is Run for a batch that joins a store: a line is chrome when it
// recurs in documents of the batch or of the store alike, so an article
// read alone learns what articles read before it taught. It also returns
// each article's source, for the store to keep, and the stored documents
// whose chrome this batch changed (a line only they held now recurs in
// another document), to be read again.
func (b *Batch) Read(ctx context.Context, docs []model.Document, lines LineStore, onErr func(error)) (arts []model.Article, srcs []store.Source, stale []string, err error) {
	corpus := chrome.NewCorpus()
	hashes := make(map[string][2][]uint64, len(docs))
	profiles := make(map[string]chrome.Profile, len(docs))
	var all []uint64
	inBatch := map[string]bool{}
	for _, d := range docs {
		inBatch[d.ID] = true
		if _, seen := hashes[d.ID]; !seen && d.Format == model.FormatText {
			lines := textdump.Lines(d.Content)
			short, prose := chrome.Hashes(lines)
			hashes[d.ID] = [2][]uint64{short, prose}
			profiles[d.ID] = chrome.NewProfile(lines)
			all = append(all, short...)
		}
	}
	slices.Sort(all)
	all = slices.Compact(all)
	holders, err := lines.LineHolders(ctx, all, holdersRead)
	if err != nil {
		return nil, nil, nil, err
	}
	held := map[string][]uint64{}
	for _, h := range all {
		for _, id := range holders[h] {
			if !inBatch[id] {
				held[id] = append(held[id], h)
			}
		}
	}
	ids := make([]string, 0, len(held))
	for id := range held {
		ids = append(ids, id)
	}
	slices.Sort(ids)
	prose, err := lines.DocProse(ctx, ids)
	if err != nil {
		return nil, nil, nil, err
	}
	for _, id := range ids {
		corpus.AddStored(id, held[id], prose[id])
	}
	// Copies of a whole document read before count as copies in this
	// batch: a scraper's notice arrives a few at a time.
	prints := make(map[string]uint64, len(hashes))
	for id, h := range hashes {
		if fp := chrome.Fingerprint(h[0], h[1]); fp != 0 {
			prints[id] = fp
		}
	}
	copies, err := lines.DocCopies(ctx, prints)
	if err != nil {
		return nil, nil, nil, err
	}
	for _, d := range docs {
		if h, ok := hashes[d.ID]; ok {
			corpus.AddHashes(d.ID, h[0], h[1]) // what extract.Learn adds, read once
			corpus.AddProfile(d.ID, profiles[d.ID])
			corpus.AddCopies(d.ID, copies[d.ID])
		}
	}
	if arts, err = b.run(ctx, docs, onErr, corpus); err != nil {
		return nil, nil, nil, err
	}
	byID := make(map[string]int, len(docs))
	for i := range docs {
		byID[docs[i].ID] = i
	}
	srcs = make([]store.Source, len(arts))
	for i := range arts {
		if k, ok := byID[arts[i].ID]; ok {
			d := docs[k]
			srcs[i] = store.Source{Doc: &d, Lines: hashes[d.ID][0], Prose: hashes[d.ID][1]}
		}
	}
	return arts, srcs, corpus.Stale(), nil
}

func (b *Batch) run(ctx context.Context, docs []model.Document, onErr func(error), corpus *chrome.Corpus) ([]model.Article, error) {
	x := extract.New(corpus)

	results := make([]model.Article, len(docs))
	ok := make([]bool, len(docs))
	failed := make([]error, len(docs))
	workers := max(b.Workers, 1)
	jobs := make(chan int)
	var wg sync.WaitGroup
	var mu sync.Mutex
	done := 0
	for range workers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range jobs {
				a, err := b.one(ctx, x, docs[i])
				if err != nil {
					failed[i] = &DocError{File: docs[i].File, Err: err}
				} else {
					results[i], ok[i] = a, true
				}
				mu.Lock()
				done++
				if b.Progress != nil {
					b.Progress(done, len(docs))
				}
				mu.Unlock()
			}
		}()
	}
	for i := range docs {
		if ctx.Err() != nil {
			break
		}
		jobs <- i
	}
	close(jobs)
	wg.Wait()
	if onErr != nil {
		for _, err := range failed {
			if err != nil {
				onErr(err)
			}
		}
	}
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	arts := make([]model.Article, 0, len(docs))
	for i := range results {
		if ok[i] {
			arts = append(arts, results[i])
		}
	}
	for _, s := range b.Cross {
		if err := s.Apply(ctx, arts); err != nil {
			return arts, fmt.Errorf("pipeline %s: %w", s.Name(), err)
		}
	}
	return arts, nil
}

func (b *Batch) one(ctx context.Context, x *extract.Extractor, doc model.Document) (model.Article, error) {
	a, err := x.Extract(ctx, doc)
	if err != nil {
		return a, err
	}
	if a.Published == "" && b.Published != "" {
		a.Published = b.Published
	}
	return b.Chain.Process(ctx, a)
}
