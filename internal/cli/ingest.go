package cli

import (
	"context"
	"fmt"
	"io"
	"iter"
	"log/slog"
	"os"
	"strings"
	"sync"
	"time"

	"golang.org/x/term"

	"github.com/storyline-news/storyline/internal/config"
	"github.com/storyline-news/storyline/internal/model"
	"github.com/storyline-news/storyline/internal/pipeline"
	"github.com/storyline-news/storyline/internal/source/dir"
	"github.com/storyline-news/storyline/internal/source/watch"
	"github.com/storyline-news/storyline/internal/store"
	"github.com/storyline-news/storyline/internal/store/sqlite"
)

func runIngest(ctx context.Context, app *App, cfg config.Config, args []string) error {
	fs := newFlagSet(app, "ingest", "PATH... (files, folders, or - for standard input)")
	cfg.AnalysisFlags(fs)
	cfg.ServerFlags(fs)
	watchDir := fs.String("watch", "", "then watch this folder and ingest the files that appear or change in it, until interrupted")
	if err := parseFlags(fs, args); err != nil {
		return err
	}
	if *watchDir != "" && fs.NArg() == 0 {
		if err := cfg.Validate(); err != nil {
			return fmt.Errorf("%w: %v", errUsage, err)
		}
	} else if err := needInputs(fs, cfg); err != nil {
		return err
	}
	st, err := sqlite.Open(ctx, cfg.DB)
	if err != nil {
		return err
	}
	defer st.Close()
	if *watchDir != "" {
		if fs.NArg() > 0 {
			sum, err := ingest(ctx, app, cfg, st, fs.Args())
			fmt.Fprintln(app.Stderr, sum)
			if err != nil {
				return err
			}
		}
		return watchFolder(ctx, app, cfg, st, *watchDir)
	}
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

// adopt settles the articles a store from an earlier version holds
// (stored without their own analyses and without the settling index), a
// chunk at a time, once: they keep their IDs and, as far as their new
// clusters continue the old ones, their events' and stories' IDs.
func adopt(ctx context.Context, app *App, st ingestStore, settler *pipeline.Settler) error {
	for n := 0; ; {
		arts, err := st.Unadopted(ctx, ingestChunk)
		if err != nil || len(arts) == 0 {
			if n > 0 {
				fmt.Fprintf(app.Stderr, "storyline: settled %d articles stored by an earlier version\n", n)
			}
			return err
		}
		if n == 0 {
			slog.Info("settling the articles an earlier version stored; this happens once")
		}
		if _, err := st.SaveOwn(ctx, arts, nil, pipeline.Indexer); err != nil {
			return err
		}
		if _, err := settler.Settle(ctx); err != nil {
			return err
		}
		n += len(arts)
	}
}

// reread reads stored articles again from their kept documents, with the
// chrome the store now knows, and saves those that read differently
// (they wait to be settled); it returns how many changed.
func reread(ctx context.Context, batch *pipeline.Batch, st ingestStore, ids []string) (int, error) {
	if len(ids) == 0 {
		return 0, nil
	}
	docs, err := st.Sources(ctx, ids)
	if err != nil || len(docs) == 0 {
		return 0, err
	}
	progress := batch.Progress
	batch.Progress = nil
	defer func() { batch.Progress = progress }()
	arts, srcs, _, err := batch.Read(ctx, docs, st, func(err error) {
		slog.Warn("a stored article could not be read again", slog.Any("error", err))
	})
	if err != nil {
		return 0, err
	}
	outs, err := st.SaveOwn(ctx, arts, srcs, pipeline.Indexer)
	n := 0
	for _, o := range outs {
		if o == store.Updated {
			n++
		}
	}
	return n, err
}

// watchFolder ingests the files that appear or change in dir, each once it
// has stopped changing, until ctx ends, which is a normal end.
func watchFolder(ctx context.Context, app *App, cfg config.Config, st ingestStore, dir string) error {
	w, err := watch.New(dir, watch.Options{})
	if err != nil {
		return err
	}
	slog.Info("watching for articles", slog.String("folder", dir))
	err = w.Run(ctx, func(ctx context.Context, paths []string) error {
		sum, err := ingest(ctx, app, cfg, st, paths)
		fmt.Fprintln(app.Stderr, sum)
		return err
	})
	if ctx.Err() != nil {
		return nil
	}
	return err
}

// ingestSummary counts what one ingest did.
type ingestSummary struct {
	Read, New, Updated, Unchanged, Duplicates, Failed int
	Moved, Redated, Reread                            int // stored articles settling or new chrome changed
	Took                                              time.Duration
}

func (s ingestSummary) String() string {
	return fmt.Sprintf("ingest: read %d, new %d, updated %d, unchanged %d, duplicates %d, failed %d; stored articles moved %d, re-dated %d, re-read %d (%s)",
		s.Read, s.New, s.Updated, s.Unchanged, s.Duplicates, s.Failed, s.Moved, s.Redated, s.Reread, s.Took.Round(time.Millisecond))
}

// saveChunk is how many articles one store transaction takes: big enough to
// amortise the commit, small enough for the progress bar to move.
const saveChunk = 500

// ingestChunk is how many documents are analysed, saved and settled
// together: memory holds one chunk's articles (and the stories it touches),
// never the whole input.
const ingestChunk = 2000

// ingestStore is what ingest needs of the store.
type ingestStore interface {
	pipeline.SettleStore
	store.WriterLock
}

// ingest reads paths a chunk at a time, analyses each chunk's articles on
// their own and saves them, then settles them with the stored articles
// around them (see internal/pipeline/settle.go), so the cost of an ingest
// follows the articles it brings and the stories they touch, not the size
// of the store, and the stories do not depend on how the articles were
// batched.
func ingest(ctx context.Context, app *App, cfg config.Config, st ingestStore, paths []string) (sum ingestSummary, err error) {
	src := dir.New(paths, dir.Options{MaxBytes: cfg.MaxBytes, Stdin: app.Stdin})
	return ingestDocs(ctx, app, cfg, st, src.Documents(ctx), nil)
}

// ingestDocs is ingest over documents from any source (files, feeds):
// each problem with one is printed and passed to onFail (unless nil).
func ingestDocs(ctx context.Context, app *App, cfg config.Config, st ingestStore, docSeq iter.Seq2[model.Document, error], onFail func(error)) (sum ingestSummary, err error) {
	start := time.Now()
	bar := newProgress(app.Stderr)
	defer bar.clear()
	var mu sync.Mutex
	report := func(err error) {
		mu.Lock()
		defer mu.Unlock()
		sum.Failed++
		bar.clear()
		fmt.Fprintf(app.Stderr, "storyline: %s\n", oneLine(err.Error()))
		if onFail != nil {
			onFail(err)
		}
	}
	defer func() { sum.Took = time.Since(start) }()
	// One writer at a time: a second ingest (or serve --watch) waits here
	// rather than settling the same articles and overwriting this one's.
	release, err := st.LockWriter(ctx, "ingest", func(h store.Writer) {
		bar.clear()
		fmt.Fprintf(app.Stderr, "storyline: waiting for the store's writer lock, held by %s\n", h)
	})
	if err != nil {
		return sum, err
	}
	defer func() {
		if rerr := release(); rerr != nil && err == nil {
			err = rerr
		}
	}()
	batch := newBatch(cfg)
	settler := &pipeline.Settler{Store: st, Cross: crossSteps(cfg)}
	if err := adopt(ctx, app, st, settler); err != nil {
		return sum, err
	}
	var docs []model.Document
	flush := func() error {
		t0 := time.Now()
		var analysed, saved time.Time
		defer func() {
			if !analysed.IsZero() {
				slog.Debug("ingest chunk", slog.Int("read", sum.Read), slog.Duration("analyse", analysed.Sub(t0)),
					slog.Duration("save", saved.Sub(analysed)), slog.Duration("settle", time.Since(saved)))
			}
		}()
		if len(docs) > 0 {
			batch.Progress = func(done, total int) { bar.show("analysing", sum.Read-len(docs)+done, sum.Read) }
			arts, srcs, stale, err := batch.Read(ctx, docs, st, report)
			docs = docs[:0]
			if err != nil {
				return err
			}
			analysed = time.Now()
			for i := 0; i < len(arts); i += saveChunk {
				end := min(i+saveChunk, len(arts))
				outs, err := st.SaveOwn(ctx, arts[i:end], srcs[i:end], pipeline.Indexer)
				if err != nil {
					return err
				}
				for _, o := range outs {
					switch o {
					case store.New:
						sum.New++
					case store.Updated:
						sum.Updated++
					default:
						sum.Unchanged++
					}
				}
			}
			// Stored articles some of whose lines these documents showed to
			// be chrome are read again; the changed ones settle with the rest.
			if n, err := reread(ctx, batch, st, stale); err != nil {
				return err
			} else {
				sum.Reread += n
			}
		}
		saved = time.Now()
		bar.show("settling", sum.Read, sum.Read)
		ss, err := settler.Settle(ctx)
		sum.Duplicates += ss.Duplicates
		sum.Moved += ss.Moved
		sum.Redated += ss.Redated
		return err
	}
	for d, rerr := range docSeq {
		if rerr != nil {
			report(rerr)
			continue
		}
		sum.Read++
		docs = append(docs, d)
		if len(docs) == ingestChunk {
			if err := flush(); err != nil {
				return sum, err
			}
		}
	}
	if err := ctx.Err(); err != nil {
		return sum, err
	}
	// The last chunk, and any article an interrupted ingest saved but did
	// not settle.
	if err := flush(); err != nil {
		return sum, err
	}
	return sum, nil
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
