// Package storytest builds the big story the story-page tests and
// benchmarks measure (issue 15's budget: the page of a 300-article story
// under 300 KB and 50 ms) and serves pages in-process. It is imported by
// _test files only.
//
// The articles come from internal/streamgen, whose sentences are
// recombined from the shared data sets at run time (nothing of theirs is
// in the repository), and run through every analysis stage and the
// cross-article steps as ingest would, so the story's view has the
// quotes, figures, entities, places and timeline of real coverage. They
// are put in one story by hand, keeping the generator's events and
// copies: clustering is not what is measured.
package storytest

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"sync"
	"testing"
	"time"

	"github.com/storyline-news/storyline/internal/analyze/entity"
	"github.com/storyline-news/storyline/internal/analyze/stages"
	"github.com/storyline-news/storyline/internal/analyze/timex"
	"github.com/storyline-news/storyline/internal/cluster"
	"github.com/storyline-news/storyline/internal/model"
	"github.com/storyline-news/storyline/internal/shareddata"
	"github.com/storyline-news/storyline/internal/store"
	"github.com/storyline-news/storyline/internal/store/sqlite"
	"github.com/storyline-news/storyline/internal/storyview"
	"github.com/storyline-news/storyline/internal/streamgen"
)

// seed fixes the generator, so every run measures the same story.
const seed = 15

type built struct {
	once  sync.Once
	st    *sqlite.Store
	story string
	err   error
}

var (
	mu    sync.Mutex
	dir   string
	cache = map[int]*built{}
)

// BigStory returns a SQLite store holding one story of n articles and
// that story's ID. It is built once per test binary for each n (analysing
// hundreds of articles takes seconds), in a temporary folder that Remove
// deletes: call Remove from TestMain. Without the shared data sets the
// test is skipped (or fails where they are required).
func BigStory(tb testing.TB, n int) (*sqlite.Store, string) {
	tb.Helper()
	shared := filepath.Dir(shareddata.Path(tb, "data"))
	mu.Lock()
	b := cache[n]
	if b == nil {
		b = &built{}
		cache[n] = b
	}
	if dir == "" {
		d, err := os.MkdirTemp("", "storyline-bigstory-")
		if err != nil {
			mu.Unlock()
			tb.Fatal(err)
		}
		dir = d
	}
	db := filepath.Join(dir, fmt.Sprintf("story-%d.db", n))
	mu.Unlock()
	b.once.Do(func() { b.st, b.story, b.err = Build(context.Background(), shared, db, n) })
	if b.err != nil {
		tb.Fatalf("build a story of %d articles: %v", n, b.err)
	}
	return b.st, b.story
}

// Remove closes the stores BigStory built and deletes their folder.
func Remove() {
	mu.Lock()
	defer mu.Unlock()
	for _, b := range cache {
		if b.st != nil {
			b.st.Close()
		}
	}
	if dir != "" {
		os.RemoveAll(dir)
	}
}

// Build analyses n articles of the generator over the shared data sets
// in shared into one story, saved in a new SQLite store at db, and
// returns the store and the story's ID.
func Build(ctx context.Context, shared, db string, n int) (*sqlite.Store, string, error) {
	arts, err := articles(shared, n)
	if err != nil {
		return nil, "", err
	}
	if err := analyse(ctx, arts); err != nil {
		return nil, "", err
	}
	storyview.StableIDs(arts)
	events, stories, err := storyview.Build(arts)
	if err != nil {
		return nil, "", err
	}
	if len(stories) != 1 {
		return nil, "", fmt.Errorf("%d stories, want 1", len(stories))
	}
	st, err := sqlite.Open(ctx, db)
	if err != nil {
		return nil, "", err
	}
	if _, err := st.SaveArticles(ctx, arts); err != nil {
		st.Close()
		return nil, "", err
	}
	if err := st.SaveClusters(ctx, arts, events, stories); err != nil {
		st.Close()
		return nil, "", err
	}
	return st, stories[0].ID, nil
}

// articles takes the first n articles of the generator, all in one story,
// with their events and the copies of articles among them; every other
// one names a lead image.
func articles(shared string, n int) ([]model.Article, error) {
	g, err := streamgen.New(shared, streamgen.Options{N: 4 * n, Seed: seed})
	if err != nil {
		return nil, err
	}
	var arts []model.Article
	ids := map[string]bool{}
	for len(arts) < n {
		a, ok := g.Next()
		if !ok {
			break
		}
		m := model.Article{ID: a.ID, URL: a.URL, Outlet: a.Outlet, Headline: a.Title, Body: a.Body, Language: a.Lang,
			Published: a.Published.Format(time.RFC3339), Story: "s1", Event: a.Event}
		if ids[a.DuplicateOf] {
			m.DuplicateOf = a.DuplicateOf
		}
		if len(arts)%2 == 0 {
			// Half the articles name a lead image, as feeds and pages
			// often do; .invalid is a reserved name nothing resolves.
			m.Image = "https://images.invalid/" + a.ID + ".jpg"
		}
		ids[a.ID] = true
		arts = append(arts, m)
	}
	if len(arts) < n {
		return nil, fmt.Errorf("the generator gave %d articles, want %d", len(arts), n)
	}
	return arts, nil
}

// analyse runs every per-article stage on two workers, then the
// cross-article steps, as ingest does.
func analyse(ctx context.Context, arts []model.Article) error {
	chain := stages.Chain(0)
	var wg sync.WaitGroup
	errs := make([]error, 2)
	for w := range 2 {
		wg.Go(func() {
			for i := w; i < len(arts); i += 2 {
				a, err := chain.Process(ctx, arts[i])
				if err != nil {
					errs[w] = fmt.Errorf("analyse %s: %w", arts[i].ID, err)
					return
				}
				a.Sentences = nil
				arts[i] = a
			}
		})
	}
	wg.Wait()
	if err := errors.Join(errs...); err != nil {
		return err
	}
	for _, step := range []interface {
		Apply(context.Context, []model.Article) error
	}{entity.Merge{}, timex.Dater{}} {
		if err := step.Apply(ctx, arts); err != nil {
			return err
		}
	}
	return nil
}

// Save stores arts in st, clusters them as ingest does (cluster.Step)
// and saves their events and stories with their views, returning the
// stories: the way a test puts a few invented articles into a store
// that serves them as stories.
func Save(ctx context.Context, st *sqlite.Store, arts []model.Article) ([]store.Story, error) {
	if _, err := st.SaveArticles(ctx, arts); err != nil {
		return nil, err
	}
	if err := (cluster.Step{}).Apply(ctx, arts); err != nil {
		return nil, err
	}
	storyview.StableIDs(arts)
	events, stories, err := storyview.Build(arts)
	if err != nil {
		return nil, err
	}
	if err := st.SaveClusters(ctx, arts, events, stories); err != nil {
		return nil, err
	}
	return stories, nil
}

// Get serves path through h in-process (no socket) and returns the body,
// failing the test on any status but 200.
func Get(tb testing.TB, h http.Handler, path string) []byte {
	tb.Helper()
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, httptest.NewRequest(http.MethodGet, "http://127.0.0.1"+path, nil))
	if rec.Code != http.StatusOK {
		tb.Fatalf("GET %s: %d %s", path, rec.Code, rec.Body.String())
	}
	return rec.Body.Bytes()
}
