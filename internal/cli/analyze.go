package cli

import (
	"bufio"
	"context"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"strconv"
	"strings"
	"unicode"

	"github.com/storyline-news/storyline/internal/analyze/entity"
	"github.com/storyline-news/storyline/internal/analyze/stages"
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
	report := func(err error) { fmt.Fprintf(app.Stderr, "storyline: %s\n", oneLine(err.Error())) }
	docs := readAll(ctx, app, cfg, paths, report)
	arts, err := newBatch(cfg).Run(ctx, docs, report)
	if err != nil {
		return arts, err
	}
	return arts, pipeline.SettleBatch(ctx, arts, crossSteps(cfg), cluster.Options{})
}

// oneLine escapes the characters of msg that do not print (a newline, a
// terminal escape), so that one error is one line on standard error
// whatever the file names in it hold. source.Name quotes the names it
// reports; this catches those that reach a message another way.
func oneLine(msg string) string {
	msg = strings.ToValidUTF8(msg, "\uFFFD")
	if !strings.ContainsFunc(msg, func(r rune) bool { return !unicode.IsPrint(r) }) {
		return msg
	}
	var b strings.Builder
	for _, r := range msg {
		if unicode.IsPrint(r) {
			b.WriteRune(r)
			continue
		}
		q := strconv.QuoteRune(r) // '\n', '\x1b', '\u00a0'
		b.WriteString(q[1 : len(q)-1])
	}
	return b.String()
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

// newBatch wires the per-article analysis stages in their order: what an
// article's own text says. What it learns from other articles
// (crossSteps, then clustering) is settled after: over the batch for
// analyze, over the store's articles around it for ingest.
func newBatch(cfg config.Config) *pipeline.Batch {
	return &pipeline.Batch{
		Chain:     stages.Chain(cfg.Year),
		Workers:   cfg.Workers,
		Published: cfg.Published,
	}
}

// crossSteps are the steps that learn from other articles, in order:
// spellings of names merged across articles, then dates borrowed from
// related articles and inferred.
func crossSteps(cfg config.Config) []pipeline.CrossStep {
	return []pipeline.CrossStep{entity.Merge{}, timex.Dater{Year: cfg.Year, Cache: timex.NewCache(50_000)}}
}
