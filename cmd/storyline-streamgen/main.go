// Command storyline-streamgen writes a synthetic news stream for scale
// tests: N articles as JSON Lines, in publication order, with their gold
// events and stories. See package internal/streamgen for how they are made.
//
//	storyline-streamgen -n 100000 -seed 1 -out /tmp/stream-100k.jsonl -gold /tmp/stream-100k.gold.tsv
package main

import (
	"flag"
	"fmt"
	"io"
	"log/slog"
	"os"
	"path/filepath"
	"time"

	"github.com/storyline-news/storyline/internal/streamgen"
)

func main() {
	os.Exit(run(os.Args[1:], os.Stdout, os.Stderr))
}

func run(args []string, stdout, stderr io.Writer) int {
	fs := flag.NewFlagSet("storyline-streamgen", flag.ContinueOnError)
	fs.SetOutput(stderr)
	n := fs.Int("n", 10000, "number of articles")
	seed := fs.Int64("seed", 1, "random seed; the same seed gives the same stream")
	shared := fs.String("shared", defaultShared(), "shared data folder (default $STORYLINE_SHARED, else ../shared)")
	out := fs.String("out", "-", "output file for the JSON Lines stream; - for standard output")
	gold := fs.String("gold", "", "also write gold clusters (id, story, event TSV for eval/clusters.py) to this file")
	start := fs.String("start", "2024-01-01", "first day of the timeline, YYYY-MM-DD")
	days := fs.Int("days", 730, "days the stream is scaled to span")
	dups := fs.Float64("dup-share", 0.05, "share of articles that are syndicated near-duplicates (0 for none)")
	fs.Usage = func() {
		fmt.Fprintf(stderr, "usage: storyline-streamgen [flags]\n\nWrites N synthetic news articles as JSON Lines, in publication order.\n\n")
		fs.PrintDefaults()
	}
	if err := fs.Parse(args); err != nil {
		if err == flag.ErrHelp {
			return 0
		}
		return 2
	}
	if *n <= 0 || fs.NArg() > 0 {
		fs.Usage()
		return 2
	}
	day, err := time.Parse(time.DateOnly, *start)
	if err != nil {
		fmt.Fprintf(stderr, "storyline-streamgen: -start: %v\n", err)
		return 2
	}
	share := *dups
	if share == 0 {
		share = -1 // Options read 0 as the default
	}
	log := slog.New(slog.NewTextHandler(stderr, nil))
	t0 := time.Now()
	c, err := streamgen.LoadCorpus(*shared)
	if err != nil {
		log.Error("cannot read the shared data", slog.String("shared", *shared), slog.Any("error", err))
		return 1
	}
	g := c.Generator(streamgen.Options{N: *n, Seed: *seed, Start: day, Days: *days, DuplicateShare: share})

	w := stdout
	if *out != "-" && *out != "" {
		f, err := os.Create(*out)
		if err != nil {
			log.Error("cannot create output", slog.Any("error", err))
			return 1
		}
		defer f.Close()
		w = f
	}
	var gw io.Writer
	if *gold != "" {
		f, err := os.Create(*gold)
		if err != nil {
			log.Error("cannot create gold file", slog.Any("error", err))
			return 1
		}
		defer f.Close()
		gw = f
	}
	written, err := g.Write(w, gw)
	if err != nil {
		log.Error("stream not complete", slog.Int("articles", written), slog.Any("error", err))
		return 1
	}
	if f, ok := w.(*os.File); ok && f != os.Stdout {
		if err := f.Sync(); err != nil {
			log.Error("cannot write output", slog.Any("error", err))
			return 1
		}
	}
	st := c.Stats()
	log.Info("stream written", slog.Int("articles", written), slog.Int("corpus_seeds", st.Seeds),
		slog.Int("corpus_units", st.Units), slog.Duration("took", time.Since(t0).Round(time.Millisecond)))
	return 0
}

// defaultShared is $STORYLINE_SHARED, else ../shared.
func defaultShared() string {
	if d := os.Getenv("STORYLINE_SHARED"); d != "" {
		return d
	}
	return filepath.Join("..", "shared")
}
