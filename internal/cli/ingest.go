package cli

import (
	"bytes"
	"context"
	"encoding/gob"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"os"
	"strings"
	"sync"
	"time"

	"golang.org/x/term"

	"github.com/storyline-news/storyline/internal/cluster"
	"github.com/storyline-news/storyline/internal/config"
	"github.com/storyline-news/storyline/internal/model"
	"github.com/storyline-news/storyline/internal/source/dir"
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
	if err := needInputs(fs, cfg); err != nil {
		return err
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

// ingestChunk is how many documents are analysed, saved and clustered
// together: memory holds one chunk's articles (and the stories it touches),
// never the whole input.
const ingestChunk = 2000

// ingest reads paths a chunk at a time, analyses and saves each chunk, adds
// its new articles to the store's online clusterer and rebuilds the views of
// the stories that changed, so the cost of an ingest follows the articles
// it brings and the stories they touch, not the size of the store.
func ingest(ctx context.Context, app *App, cfg config.Config, st store.Store, paths []string) (sum ingestSummary, err error) {
	start := time.Now()
	bar := newProgress(app.Stderr)
	defer bar.clear()
	var mu sync.Mutex
	report := func(err error) {
		mu.Lock()
		defer mu.Unlock()
		sum.Failed++
		bar.clear()
		fmt.Fprintf(app.Stderr, "storyline: %v\n", err)
	}
	cl, err := openClusters(ctx, st)
	if err != nil {
		return sum, err
	}
	defer func() {
		// Whatever stopped the ingest, the clusterer's state matches the
		// store after each chunk; keeping it spares the next ingest a
		// re-clustering of everything.
		if serr := cl.save(context.WithoutCancel(ctx)); serr != nil && err == nil {
			err = serr
		}
		sum.Took = time.Since(start)
	}()
	batch := newBatch(cfg)
	var docs []model.Document
	flush := func() error {
		t0 := time.Now()
		var analysed, saved time.Time
		defer func() {
			if !analysed.IsZero() {
				slog.Debug("ingest chunk", slog.Int("read", sum.Read), slog.Duration("analyse", analysed.Sub(t0)),
					slog.Duration("save", saved.Sub(analysed)), slog.Duration("cluster", time.Since(saved)))
			}
		}()
		if len(docs) > 0 {
			batch.Progress = func(done, total int) { bar.show("analysing", sum.Read-len(docs)+done, sum.Read) }
			arts, err := batch.Run(ctx, docs, report)
			docs = docs[:0]
			if err != nil {
				return err
			}
			analysed = time.Now()
			for i := 0; i < len(arts); i += saveChunk {
				chunk := arts[i:min(i+saveChunk, len(arts))]
				outs, err := st.SaveArticles(ctx, chunk)
				if err != nil {
					return err
				}
				for j, o := range outs {
					switch o {
					case store.New:
						sum.New++
					case store.Updated:
						sum.Updated++
						cl.touch(chunk[j].ID)
					default:
						sum.Unchanged++
					}
				}
			}
		}
		saved = time.Now()
		bar.show("clustering", sum.Read, sum.Read)
		dups, err := cl.place(ctx)
		sum.Duplicates += dups
		return err
	}
	src := dir.New(paths, dir.Options{MaxBytes: cfg.MaxBytes, Stdin: app.Stdin})
	for d, rerr := range src.Documents(ctx) {
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
	// not cluster.
	if err := flush(); err != nil {
		return sum, err
	}
	return sum, nil
}

// clusterStateKey names the clusterer's state in the store.
const clusterStateKey = "cluster"

// clusters is the store's online clusterer between two updates of the
// store: every article the clusterer holds has the event and story it had
// resolved to at the last update (prev).
type clusters struct {
	st      store.Store
	c       *cluster.Clusterer
	prev    []cluster.Cluster // by slot, as the store has them
	newest  string            // latest publication day in the store
	slotOf  map[string]int    // article ID to slot, built when needed
	touched map[int]bool      // slots of changed articles whose stories need new views
	dirty   bool              // changed since loaded or saved
	synced  bool              // the store has every change
}

// openClusters loads the clusterer the last ingest saved. Without one, or
// when it does not match the store (an older store, an ingest killed part
// way), it starts afresh and every stored article is clustered again.
func openClusters(ctx context.Context, st store.Store) (*clusters, error) {
	k := &clusters{st: st, synced: true}
	b, err := st.State(ctx, clusterStateKey)
	switch {
	case err == nil:
		if k.c, k.newest, err = decodeClusters(b); err != nil {
			slog.Warn("cannot use the saved clusterer state", slog.Any("error", err))
		}
	case !errors.Is(err, store.ErrNotFound):
		return nil, err
	}
	n, err := st.CountClusteredArticles(ctx)
	if err != nil {
		return nil, err
	}
	if k.c == nil || k.c.Len() != n {
		if n > 0 {
			held := 0
			if k.c != nil {
				held = k.c.Len()
			}
			slog.Info("the clusterer state does not match the store; clustering every stored article again",
				slog.Int("clustered", n), slog.Int("state", held))
			if err := st.ResetClusters(ctx); err != nil {
				return nil, err
			}
		}
		k.c, k.newest, k.dirty = cluster.New(cluster.Options{}), "", true
	}
	k.prev = k.c.Clusters()
	return k, nil
}

// decodeClusters reads what save wrote: the newest day, then the clusterer.
func decodeClusters(b []byte) (*cluster.Clusterer, string, error) {
	r := bytes.NewReader(b) // a ByteReader, so gob reads no further than its value
	var newest string
	if err := gob.NewDecoder(r).Decode(&newest); err != nil {
		return nil, "", fmt.Errorf("%w: %v", cluster.ErrState, err)
	}
	c, err := cluster.Load(r)
	return c, newest, err
}

// save stores the clusterer's state when it changed and the store is in
// step with it.
func (k *clusters) save(ctx context.Context) error {
	if !k.dirty || !k.synced {
		return nil
	}
	var buf bytes.Buffer
	if err := gob.NewEncoder(&buf).Encode(k.newest); err != nil {
		return err
	}
	if err := k.c.Save(&buf); err != nil {
		return err
	}
	if err := k.st.SaveState(ctx, clusterStateKey, buf.Bytes()); err != nil {
		return err
	}
	k.dirty = false
	return nil
}

// touch marks the story of a stored article whose content changed, so its
// views are rebuilt; the article keeps its clusters.
func (k *clusters) touch(id string) {
	if k.slotOf == nil {
		k.slotOf = make(map[string]int, k.c.Len())
		for i := range k.c.Len() {
			k.slotOf[k.c.ArticleID(i)] = i
		}
	}
	if slot, ok := k.slotOf[id]; ok {
		if k.touched == nil {
			k.touched = map[int]bool{}
		}
		k.touched[slot] = true
	}
}

// place adds every stored article not yet clustered to the clusterer, a
// chunk at a time in the order they were stored, and updates the stories that
// changed; it returns how many of them are copies of earlier articles.
func (k *clusters) place(ctx context.Context) (dups int, err error) {
	for {
		arts, err := k.st.UnclusteredArticles(ctx, ingestChunk)
		if err != nil {
			return dups, err
		}
		if len(arts) == 0 && len(k.touched) == 0 {
			return dups, nil
		}
		k.synced = false
		copied := map[string]string{}
		placed, err := k.c.AddBatch(ctx, arts)
		if err != nil {
			return dups, err
		}
		for i, as := range placed {
			if as.DuplicateOf != "" {
				copied[arts[i].ID] = as.DuplicateOf
				dups++
			}
			if k.slotOf != nil {
				k.slotOf[arts[i].ID] = as.Slot
			}
		}
		if len(arts) > 0 {
			k.dirty = true
		}
		if err := k.update(ctx, storyview.Newest(arts, k.newest), copied); err != nil {
			return dups, err
		}
		k.synced = true
	}
}

// update writes to the store the clusters of the stories whose articles
// moved (new ones, and older ones a merge joined), rebuilding their views
// from all their articles.
func (k *clusters) update(ctx context.Context, newest string, copied map[string]string) error {
	cur := k.c.Clusters()
	affected := map[int]bool{}
	for slot, c := range cur {
		if slot >= len(k.prev) || c != k.prev[slot] {
			affected[c.Story] = true
		}
	}
	for slot := range k.touched {
		affected[cur[slot].Story] = true
	}
	var ids []string
	slots := map[string]int{}
	for slot, c := range cur {
		if affected[c.Story] {
			id := k.c.ArticleID(slot)
			ids = append(ids, id)
			slots[id] = slot
		}
	}
	arts, err := k.st.Articles(ctx, ids)
	if err != nil {
		return err
	}
	for i := range arts {
		c := cur[slots[arts[i].ID]]
		arts[i].Event, arts[i].Story = cluster.Name("e", c.Event), cluster.Name("s", c.Story)
		if orig, ok := copied[arts[i].ID]; ok {
			arts[i].DuplicateOf = orig
		}
	}
	storyview.StableIDs(arts)
	events, stories, err := storyview.BuildRanked(arts, newest)
	if err != nil {
		return err
	}
	if err := k.st.UpdateClusters(ctx, arts, events, stories); err != nil {
		return err
	}
	if newest != k.newest {
		// Every story aged against the new newest day.
		if err := k.st.RankStories(ctx, func(sources int, last string) float64 {
			return storyview.Rank(sources, last, newest)
		}); err != nil {
			return err
		}
		k.newest = newest
		k.dirty = true
	}
	k.prev, k.touched = cur, nil
	return nil
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
