package cli

import (
	"context"
	"fmt"
	"io"
	"os"
	"strings"
	"sync"
	"time"

	"golang.org/x/term"

	"github.com/storyline-news/storyline/internal/cluster"
	"github.com/storyline-news/storyline/internal/config"
	"github.com/storyline-news/storyline/internal/model"
	"github.com/storyline-news/storyline/internal/store"
	"github.com/storyline-news/storyline/internal/store/sqlite"
	"github.com/storyline-news/storyline/internal/storyview"
)

func runIngest(ctx context.Context, app *App, cfg config.Config, args []string) error {
	fs := newFlagSet(app, "ingest", "PATH... (files, folders, or - for standard input)")
	cfg.AnalysisFlags(fs)
	cfg.ServerFlags(fs)
	if err := parseFlags(fs, args); err != nil {
		return err
	}
	if fs.NArg() == 0 {
		fs.Usage()
		return fmt.Errorf("%w: no input paths", errUsage)
	}
	if err := cfg.Validate(); err != nil {
		return fmt.Errorf("%w: %v", errUsage, err)
	}
	st, err := sqlite.Open(ctx, cfg.DB)
	if err != nil {
		return err
	}
	defer st.Close()
	sum, err := ingest(ctx, app, cfg, st, fs.Args())
	fmt.Fprintln(app.Stderr, sum)
	if err != nil {
		return err
	}
	if sum.Read == 0 {
		return errNothingRead
	}
	return nil
}

// ingestSummary counts what one ingest did.
type ingestSummary struct {
	Read, New, Updated, Unchanged, Duplicates, Failed int
	Took                                              time.Duration
}

func (s ingestSummary) String() string {
	return fmt.Sprintf("ingest: read %d, new %d, updated %d, unchanged %d, duplicates %d, failed %d (%s)",
		s.Read, s.New, s.Updated, s.Unchanged, s.Duplicates, s.Failed, s.Took.Round(time.Millisecond))
}

// saveChunk is how many articles one store transaction takes: big enough to
// amortise the commit, small enough for the progress bar to move.
const saveChunk = 500

// ingest reads and analyses paths, saves the articles, and re-clusters every
// stored article so stories span this batch and earlier ones.
func ingest(ctx context.Context, app *App, cfg config.Config, st store.Store, paths []string) (ingestSummary, error) {
	start := time.Now()
	var sum ingestSummary
	bar := newProgress(app.Stderr)
	var mu sync.Mutex
	report := func(err error) {
		mu.Lock()
		defer mu.Unlock()
		sum.Failed++
		bar.clear()
		fmt.Fprintf(app.Stderr, "storyline: %v\n", err)
	}
	docs := readAll(ctx, app, cfg, paths, report)
	sum.Read = len(docs)
	batch := newBatch(cfg)
	batch.Progress = func(done, total int) { bar.show("analysing", done, total) }
	arts, err := batch.Run(ctx, docs, report)
	if err != nil {
		bar.clear()
		return sum, err
	}
	ids := make(map[string]bool, len(arts))
	for i := 0; i < len(arts); i += saveChunk {
		chunk := arts[i:min(i+saveChunk, len(arts))]
		outs, err := st.SaveArticles(ctx, chunk)
		if err != nil {
			bar.clear()
			return sum, err
		}
		for j, o := range outs {
			ids[chunk[j].ID] = true
			switch o {
			case store.New:
				sum.New++
			case store.Updated:
				sum.Updated++
			default:
				sum.Unchanged++
			}
		}
		bar.show("storing", i+len(chunk), len(arts))
	}
	bar.show("clustering", 0, 1)
	all, err := recluster(ctx, st)
	bar.clear()
	if err != nil {
		return sum, err
	}
	for _, a := range all {
		if ids[a.ID] && a.DuplicateOf != "" {
			sum.Duplicates++
		}
	}
	sum.Took = time.Since(start)
	return sum, nil
}

// recluster loads every stored article, clusters them, builds the views of
// events and stories and saves them; it returns the clustered articles.
func recluster(ctx context.Context, st store.Store) ([]model.Article, error) {
	all, err := st.AllArticles(ctx)
	if err != nil {
		return nil, err
	}
	if err := (cluster.Step{}).Apply(ctx, all); err != nil {
		return nil, fmt.Errorf("cluster: %w", err)
	}
	storyview.StableIDs(all)
	events, stories, err := storyview.Build(all)
	if err != nil {
		return nil, err
	}
	if err := st.SaveClusters(ctx, all, events, stories); err != nil {
		return nil, err
	}
	return all, nil
}

// progress draws a one-line bar on a terminal, and nothing elsewhere (a
// log file or a pipe gets only the summary line).
type progress struct {
	w    io.Writer
	on   bool
	mu   sync.Mutex
	last time.Time
}

func newProgress(w io.Writer) *progress {
	f, ok := w.(*os.File)
	return &progress{w: w, on: ok && term.IsTerminal(int(f.Fd()))}
}

func (p *progress) show(stage string, done, total int) {
	if !p.on {
		return
	}
	p.mu.Lock()
	defer p.mu.Unlock()
	if done < total && time.Since(p.last) < 50*time.Millisecond {
		return
	}
	p.last = time.Now()
	const width = 30
	filled := 0
	if total > 0 {
		filled = width * done / total
	}
	fmt.Fprintf(p.w, "\r\033[K%-10s [%s%s] %d/%d", stage, strings.Repeat("=", filled), strings.Repeat(" ", width-filled), done, total)
}

func (p *progress) clear() {
	if p.on {
		fmt.Fprint(p.w, "\r\033[K")
	}
}
