package cli

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net/http"
	"path/filepath"
	"sync"
	"time"

	"github.com/storyline-news/storyline/internal/config"
	"github.com/storyline-news/storyline/internal/fetch"
	"github.com/storyline-news/storyline/internal/model"
	"github.com/storyline-news/storyline/internal/pipeline"
	"github.com/storyline-news/storyline/internal/poll"
	"github.com/storyline-news/storyline/internal/source/warc"
)

// runFetch polls the due sources (or all) once, then exits.
func runFetch(ctx context.Context, app *App, cfg config.Config, args []string) error {
	fs := newFlagSet(app, "fetch", "")
	fs.StringVar(&cfg.DB, "db", cfg.DB, "database file")
	cfg.AnalysisFlags(fs)
	cfg.FetchFlags(fs)
	all := fs.Bool("all", false, "poll every source that is not paused, due or not")
	if err := parseNoArgs(fs, args); err != nil {
		return err
	}
	st, err := openStore(ctx, cfg)
	if err != nil {
		return err
	}
	defer st.Close()
	srcs, err := st.PolledSources(ctx)
	if err != nil {
		return err
	}
	if len(srcs) == 0 {
		fmt.Fprintln(app.Stderr, "storyline fetch: "+noSources)
		return nil
	}
	p, sum, closeArchive, err := newPoller(app, cfg, st)
	if err != nil {
		return err
	}
	defer closeArchive()
	res, err := p.Poll(ctx, *all)
	for _, r := range res {
		if r.Source.ID != "" {
			fmt.Fprintln(app.Stdout, r)
		}
	}
	if len(res) == 0 {
		fmt.Fprintln(app.Stdout, "no source is due; 'storyline fetch --all' polls them all now")
	}
	fmt.Fprintln(app.Stderr, sum.total())
	return err
}

// newFetchClient is the HTTP client of every fetch, from the settings,
// with the WARC archive it writes to when --archive names one; close
// closes that archive.
func newFetchClient(cfg config.Config) (c *fetch.Client, close func() error, err error) {
	gap := cfg.HostInterval
	if gap == 0 {
		gap = -1 // the fetch client's "none"
	}
	fc := fetch.Config{UserAgent: cfg.UserAgent, AllowPrivate: cfg.AllowPrivate, HostInterval: gap}
	close = func() error { return nil }
	if cfg.Archive != "" {
		w, err := warc.NewWriter(cfg.Archive, 0)
		if err != nil {
			return nil, nil, err
		}
		fc.Archive = func(req *http.Request, resp *fetch.Response) *model.Archive {
			file, id, err := w.WriteResponse(resp.URL, resp.Fetched, req.Header, resp.Status, resp.Header, resp.Body)
			if err != nil {
				slog.Warn("could not archive a fetch", slog.String("url", resp.URL), slog.String("archive", cfg.Archive), slog.Any("error", err))
				return nil
			}
			return &model.Archive{File: filepath.Base(file), Record: warc.RecordURI(id)}
		}
		close = w.Close
	}
	return fetch.New(fc), close, nil
}

// pollStore is what polling needs of the store: its sources, and what an
// ingest needs.
type pollStore interface {
	ingestStore
	poll.Store
}

// pollTotals adds up the ingests a poller's sink ran.
type pollTotals struct {
	mu  sync.Mutex
	sum ingestSummary
}

func (t *pollTotals) add(s ingestSummary) {
	t.mu.Lock()
	defer t.mu.Unlock()
	t.sum.Read += s.Read
	t.sum.New += s.New
	t.sum.Updated += s.Updated
	t.sum.Unchanged += s.Unchanged
	t.sum.Duplicates += s.Duplicates
	t.sum.Failed += s.Failed
	t.sum.Moved += s.Moved
	t.sum.Redated += s.Redated
	t.sum.Reread += s.Reread
	t.sum.Took += s.Took
}

func (t *pollTotals) total() ingestSummary {
	t.mu.Lock()
	defer t.mu.Unlock()
	return t.sum
}

// newPoller wires a poller whose documents go through the same ingest as
// files do: analysed, saved and settled into stories as they arrive.
func newPoller(app *App, cfg config.Config, st pollStore) (*poll.Poller, *pollTotals, func() error, error) {
	client, closeArchive, err := newFetchClient(cfg)
	if err != nil {
		return nil, nil, nil, err
	}
	totals := &pollTotals{}
	sink := func(ctx context.Context, docs []model.Document) (map[string]error, error) {
		// Two items (of two feeds, or one feed twice) may name one page:
		// it is read once, and its failure is each item's.
		byFile := map[string]string{}
		uniq := make([]model.Document, 0, len(docs))
		at := map[string]int{}
		for _, d := range docs {
			byFile[d.File] = d.ID
			if i, ok := at[d.ID]; ok {
				uniq[i] = d
				continue
			}
			at[d.ID] = len(uniq)
			uniq = append(uniq, d)
		}
		failed := map[string]error{}
		var mu sync.Mutex
		sum, err := ingestDocs(ctx, app, cfg, st, func(yield func(model.Document, error) bool) {
			for _, d := range uniq {
				if !yield(d, nil) {
					return
				}
			}
		}, func(err error) {
			var de *pipeline.DocError
			if errors.As(err, &de) {
				if id, ok := byFile[de.File]; ok {
					mu.Lock()
					failed[id] = de.Err
					mu.Unlock()
				}
			}
		})
		totals.add(sum)
		slog.Debug("polled documents ingested", slog.String("summary", sum.String()))
		return failed, err
	}
	p := &poll.Poller{Store: st, Client: client, Sink: sink, Workers: cfg.FetchWorkers}
	return p, totals, closeArchive, nil
}

// pollCheck is how often serve's poller looks for due sources; a source
// added through the web or the command line is picked up within it.
const pollCheck = 30 * time.Second

// pollLoop polls the due sources until ctx ends. Nothing is due while
// there are no sources, which costs one query a pollCheck.
func pollLoop(ctx context.Context, p *poll.Poller) {
	for {
		res, err := p.Poll(ctx, false)
		if err != nil && ctx.Err() == nil {
			slog.Error("polling sources", slog.Any("error", err))
		}
		for _, r := range res {
			switch {
			case r.Source.ID == "":
			case r.Err != nil:
				slog.Warn("source failed", slog.String("source", r.Source.URL), slog.Any("error", r.Err), slog.Time("next", r.Next))
			case r.New+r.Updated > 0 || r.Failed > 0:
				slog.Info("source polled", slog.String("source", r.Source.URL), slog.Int("new", r.New), slog.Int("updated", r.Updated), slog.Int("failed", r.Failed))
			}
		}
		select {
		case <-ctx.Done():
			return
		case <-time.After(pollCheck):
		}
	}
}
