package cli

import (
	"bufio"
	"context"
	"encoding/json"
	"errors"
	"flag"
	"fmt"

	"github.com/storyline-news/storyline/internal/analyze"
	"github.com/storyline-news/storyline/internal/analyze/entity"
	"github.com/storyline-news/storyline/internal/analyze/figure"
	"github.com/storyline-news/storyline/internal/analyze/lang"
	"github.com/storyline-news/storyline/internal/analyze/quote"
	"github.com/storyline-news/storyline/internal/analyze/sentence"
	"github.com/storyline-news/storyline/internal/analyze/timex"
	"github.com/storyline-news/storyline/internal/cluster"
	"github.com/storyline-news/storyline/internal/config"
	"github.com/storyline-news/storyline/internal/model"
	"github.com/storyline-news/storyline/internal/pipeline"
	"github.com/storyline-news/storyline/internal/source/dir"
)

// errNothingRead is returned when not one input could be read or analysed.
var errNothingRead = errors.New("no article could be read")

func runAnalyze(ctx context.Context, app *App, cfg config.Config, args []string) error {
	fs := newFlagSet(app, "analyze", "PATH... (files, folders, or - for standard input)")
	cfg.AnalysisFlags(fs)
	if err := parseFlags(fs, args); err != nil {
		return err
	}
	if err := needInputs(fs, cfg); err != nil {
		return err
	}
	arts, err := analyseRun(ctx, app, cfg, fs.Args())
	if err != nil {
		return err
	}
	w := bufio.NewWriter(app.Stdout)
	enc := json.NewEncoder(w)
	enc.SetEscapeHTML(false)
	for i := range arts {
		if err := enc.Encode(model.NewRecord(&arts[i])); err != nil {
			return fmt.Errorf("write record: %w", err)
		}
	}
	if err := w.Flush(); err != nil {
		return fmt.Errorf("write records: %w", err)
	}
	if len(arts) == 0 {
		return errNothingRead
	}
	return nil
}

// needInputs checks that a command reading articles was given paths and a
// configuration it can run with.
func needInputs(fs *flag.FlagSet, cfg config.Config) error {
	if fs.NArg() == 0 {
		fs.Usage()
		return fmt.Errorf("%w: no input paths", errUsage)
	}
	if err := cfg.Validate(); err != nil {
		return fmt.Errorf("%w: %v", errUsage, err)
	}
	return nil
}

// analyseRun reads, analyses and clusters the articles under paths as one
// batch, reporting each bad input on standard error and going on.
func analyseRun(ctx context.Context, app *App, cfg config.Config, paths []string) ([]model.Article, error) {
	report := func(err error) { fmt.Fprintf(app.Stderr, "storyline: %v\n", err) }
	docs := readAll(ctx, app, cfg, paths, report)
	batch := newBatch(cfg)
	batch.Cross = append(batch.Cross, cluster.Step{})
	return batch.Run(ctx, docs, report)
}

// readAll reads every document under paths, reporting each bad input and
// going on.
func readAll(ctx context.Context, app *App, cfg config.Config, paths []string, report func(error)) []model.Document {
	src := dir.New(paths, dir.Options{MaxBytes: cfg.MaxBytes, Stdin: app.Stdin})
	var docs []model.Document
	for d, err := range src.Documents(ctx) {
		if err != nil {
			report(err)
			continue
		}
		docs = append(docs, d)
	}
	return docs
}

// newBatch wires the analysis stages in their order. Clustering is left to
// the caller: analyze clusters its batch, ingest adds the articles to the
// store's clusterer.
func newBatch(cfg config.Config) *pipeline.Batch {
	return &pipeline.Batch{
		Chain: analyze.Chain{
			lang.Detector{},
			sentence.Splitter{},
			entity.Tagger{},
			timex.Resolver{Year: cfg.Year},
			quote.Attributor{},
			figure.Extractor{},
		},
		Cross: []pipeline.CrossStep{
			entity.Merge{},
			timex.Dater{Year: cfg.Year},
		},
		Workers:   cfg.Workers,
		Published: cfg.Published,
	}
}
