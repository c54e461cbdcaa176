package web_test

import (
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"slices"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/storyline-news/storyline/internal/analyze"
	"github.com/storyline-news/storyline/internal/analyze/entity"
	"github.com/storyline-news/storyline/internal/analyze/figure"
	"github.com/storyline-news/storyline/internal/analyze/lang"
	"github.com/storyline-news/storyline/internal/analyze/quote"
	"github.com/storyline-news/storyline/internal/analyze/sentence"
	"github.com/storyline-news/storyline/internal/analyze/timex"
	"github.com/storyline-news/storyline/internal/model"
	"github.com/storyline-news/storyline/internal/server"
	"github.com/storyline-news/storyline/internal/shareddata"
	"github.com/storyline-news/storyline/internal/store/sqlite"
	"github.com/storyline-news/storyline/internal/storyview"
	"github.com/storyline-news/storyline/internal/streamgen"
)

// bigStorySize is the story the page weight is measured on: 300 articles.
const bigStorySize = 300

// Limits of the story page of a 300-article story. Issue 15 asks for
// under 300 KB of HTML and SVG and under 50 ms; measured (README.md) it is
// about 203 KB with its charts (150 KB without) and 14-18 ms of CPU, and
// the limits sit a little above that so a change that bloats the page or
// slows it fails here.
const (
	maxStoryPageBytes = 230_000
	maxStoryPageTime  = 25 * time.Millisecond
)

var bigStory struct {
	once    sync.Once
	dir     string
	handler http.Handler
	path    string
	err     error
	skip    string
}

// bigStoryServer serves a store holding one story of 300 articles made by
// internal/streamgen (sentences recombined from the shared data sets at
// run time) and run through every analysis stage, as ingest would, so its
// view has the quotes, figures, entities and timeline of real coverage.
// The articles are put in one story by hand, keeping the generator's
// events and copies: clustering is not what is measured. Built once per
// test binary.
func bigStoryServer(tb testing.TB) (http.Handler, string) {
	tb.Helper()
	shared := shareddata.Path(tb, "data")
	bigStory.once.Do(func() { bigStory.err = buildBigStory(filepath.Dir(shared)) })
	if bigStory.err != nil {
		tb.Fatal(bigStory.err)
	}
	return bigStory.handler, bigStory.path
}

func buildBigStory(shared string) error {
	ctx := context.Background()
	g, err := streamgen.New(shared, streamgen.Options{N: 4 * bigStorySize, Seed: 15})
	if err != nil {
		return err
	}
	var arts []model.Article
	ids := map[string]bool{}
	for len(arts) < bigStorySize {
		a, ok := g.Next()
		if !ok {
			break
		}
		m := model.Article{ID: a.ID, URL: a.URL, Outlet: a.Outlet, Headline: a.Title, Body: a.Body, Language: a.Lang,
			Published: a.Published.Format(time.RFC3339), Story: "s1", Event: a.Event}
		if ids[a.DuplicateOf] {
			m.DuplicateOf = a.DuplicateOf
		}
		ids[a.ID] = true
		arts = append(arts, m)
	}
	chain := analyze.Chain{lang.Detector{}, sentence.Splitter{}, entity.Tagger{}, timex.Resolver{}, quote.Attributor{}, figure.Extractor{}}
	var wg sync.WaitGroup
	errs := make([]error, 2)
	for w := range 2 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := w; i < len(arts); i += 2 {
				a, err := chain.Process(ctx, arts[i])
				if err != nil {
					errs[w] = err
					return
				}
				a.Sentences = nil
				arts[i] = a
			}
		}()
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
	storyview.StableIDs(arts)
	events, stories, err := storyview.Build(arts)
	if err != nil {
		return err
	}
	if len(stories) != 1 {
		return fmt.Errorf("%d stories, want 1", len(stories))
	}
	dir, err := os.MkdirTemp("", "storyline-weight-")
	if err != nil {
		return err
	}
	bigStory.dir = dir
	st, err := sqlite.Open(ctx, filepath.Join(dir, "weight.db"))
	if err != nil {
		return err
	}
	if _, err := st.SaveArticles(ctx, arts); err != nil {
		return err
	}
	if err := st.SaveClusters(ctx, arts, events, stories); err != nil {
		return err
	}
	srv, err := server.New(server.Options{Store: st, Logger: slog.New(slog.NewTextHandler(io.Discard, nil)),
		Accounts: server.AccountOptions{Public: true}})
	if err != nil {
		return err
	}
	bigStory.handler, bigStory.path = srv.Handler(), "/stories/"+stories[0].ID
	return nil
}

func TestMain(m *testing.M) {
	code := m.Run()
	if bigStory.dir != "" {
		os.RemoveAll(bigStory.dir)
	}
	os.Exit(code)
}

func getPage(tb testing.TB, h http.Handler, path string) []byte {
	tb.Helper()
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, httptest.NewRequest(http.MethodGet, "http://127.0.0.1"+path, nil))
	if rec.Code != http.StatusOK {
		tb.Fatalf("GET %s: %d %s", path, rec.Code, rec.Body.String())
	}
	return rec.Body.Bytes()
}

// TestStoryPageWeight measures the story page of a 300-article story: its
// HTML size and the median time the server takes to answer it.
func TestStoryPageWeight(t *testing.T) {
	if testing.Short() {
		t.Skip("page weight skipped in -short mode")
	}
	h, path := bigStoryServer(t)
	body := getPage(t, h, path)
	// Wall time on a shared machine measures the other processes too, so
	// the limit is on the CPU time the process spends per page, and the
	// wall times are reported beside it.
	const n = 15
	var times []time.Duration
	cpu0 := cpuTime(t)
	for range n {
		t0 := time.Now()
		getPage(t, h, path)
		times = append(times, time.Since(t0))
	}
	cpu := (cpuTime(t) - cpu0) / n
	slices.Sort(times)
	median := times[len(times)/2]
	if d := os.Getenv("STORYLINE_ARTIFACTS"); d != "" {
		if err := os.WriteFile(filepath.Join(d, "story-300.html"), body, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	t.Logf("story page of %d articles: %d bytes of HTML, %v of CPU a page; wall time median %v, fastest %v", bigStorySize, len(body), cpu, median, times[0])
	if len(body) > maxStoryPageBytes {
		t.Errorf("the story page of %d articles is %d bytes, over %d", bigStorySize, len(body), maxStoryPageBytes)
	}
	if cpu > maxStoryPageTime {
		t.Errorf("the story page of %d articles took %v of CPU, over %v", bigStorySize, cpu, maxStoryPageTime)
	}
}

// BenchmarkStoryPage is the server time of the story page of a 300-article
// story, through the whole handler (guards, store reads, template).
func BenchmarkStoryPage(b *testing.B) {
	h, path := bigStoryServer(b)
	b.ResetTimer()
	var n int
	for b.Loop() {
		n = len(getPage(b, h, path))
	}
	b.ReportMetric(float64(n), "bytes/page")
}

// cpuTime is the user and system CPU time the process has used.
func cpuTime(t *testing.T) time.Duration {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		t.Fatalf("getrusage: %v", err)
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}
