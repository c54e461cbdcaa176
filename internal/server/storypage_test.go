package server

import (
	"context"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"path/filepath"
	"sort"
	"strings"
	"testing"
	"time"

	"github.com/storyline-news/storyline/internal/analyze"
	"github.com/storyline-news/storyline/internal/analyze/entity"
	"github.com/storyline-news/storyline/internal/analyze/figure"
	"github.com/storyline-news/storyline/internal/analyze/lang"
	"github.com/storyline-news/storyline/internal/analyze/quote"
	"github.com/storyline-news/storyline/internal/analyze/sentence"
	"github.com/storyline-news/storyline/internal/analyze/timex"
	"github.com/storyline-news/storyline/internal/extract"
	"github.com/storyline-news/storyline/internal/extract/chrome"
	"github.com/storyline-news/storyline/internal/model"
	"github.com/storyline-news/storyline/internal/shareddata"
	"github.com/storyline-news/storyline/internal/store/sqlite"
	"github.com/storyline-news/storyline/internal/storyview"
	"github.com/storyline-news/storyline/internal/streamgen"
)

// bigStoryServer serves one story of n synthetic articles (internal/streamgen,
// whose sentences come from the shared data sets), analysed by the whole
// chain and kept in a real SQLite store: the generator's events, spread
// over its weeks, become the events of one story, so the page carries
// all it can (hundreds of quotes, figures, places, many outlets).
func bigStoryServer(tb testing.TB, n int) (http.Handler, string) {
	tb.Helper()
	shared := shareddata.Path(tb, "data")
	g, err := streamgen.New(shared+"/..", streamgen.Options{N: n, Seed: 7, Days: 40})
	if err != nil {
		tb.Fatal(err)
	}
	x := extract.New(chrome.NewCorpus())
	chain := analyze.Chain{lang.Detector{}, sentence.Splitter{}, entity.Tagger{}, timex.Resolver{}, quote.Attributor{}, figure.Extractor{}}
	ctx := context.Background()
	var arts []model.Article
	for {
		a, ok := g.Next()
		if !ok {
			break
		}
		art, err := x.Extract(ctx, a.Document())
		if err != nil {
			tb.Fatalf("extract %s: %v", a.ID, err)
		}
		if art, err = chain.Process(ctx, art); err != nil {
			tb.Fatalf("analyse %s: %v", a.ID, err)
		}
		art.Sentences = nil
		art.Story, art.Event, art.DuplicateOf = "s-big", a.Event, a.DuplicateOf
		arts = append(arts, art)
	}
	sort.Slice(arts, func(i, j int) bool { return arts[i].ID < arts[j].ID })
	st, err := sqlite.Open(ctx, filepath.Join(tb.TempDir(), "big.db"))
	if err != nil {
		tb.Fatal(err)
	}
	tb.Cleanup(func() { st.Close() })
	if _, err := st.SaveArticles(ctx, arts); err != nil {
		tb.Fatal(err)
	}
	events, stories, err := storyview.Build(arts)
	if err != nil {
		tb.Fatal(err)
	}
	if err := st.SaveClusters(ctx, arts, events, stories); err != nil {
		tb.Fatal(err)
	}
	s, err := New(Options{Store: st, Logger: slog.New(slog.NewTextHandler(io.Discard, nil)), Accounts: AccountOptions{Public: true}})
	if err != nil {
		tb.Fatal(err)
	}
	return s.Handler(), "/stories/s-big"
}

// getPage serves path in-process (no socket) and returns the body.
func getPage(tb testing.TB, h http.Handler, path string) string {
	req := httptest.NewRequest("GET", "http://127.0.0.1"+path, nil)
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, req)
	if rec.Code != 200 {
		tb.Fatalf("GET %s: status %d", path, rec.Code)
	}
	return rec.Body.String()
}

// TestBigStoryPage holds the story page of a 300-article story to the
// budget of issue 15: under 300 KB of HTML and SVG, with its pictures.
// The server time is measured by BenchmarkBigStoryPage.
func TestBigStoryPage(t *testing.T) {
	if testing.Short() {
		t.Skip("analyses 300 articles")
	}
	h, path := bigStoryServer(t, 300)
	body := getPage(t, h, path)
	svg := 0
	for _, f := range figures(body) {
		svg += len(f)
	}
	t.Logf("story page of 300 articles: %d bytes, %d of them in %d charts", len(body), svg, len(figures(body)))
	if len(body) > 300_000 {
		t.Errorf("page is %d bytes, over the 300 KB budget", len(body))
	}
	for _, id := range []string{`id="coverage-chart"`, `id="places-map"`} {
		if !strings.Contains(body, id) {
			t.Errorf("page lacks %s", id)
		}
	}
	start := time.Now()
	getPage(t, h, path)
	t.Logf("one page: %v", time.Since(start))
}

func BenchmarkBigStoryPage(b *testing.B) {
	h, path := bigStoryServer(b, 300)
	size := 0
	b.ResetTimer()
	for b.Loop() {
		size = len(getPage(b, h, path))
	}
	b.ReportMetric(float64(size), "bytes/page")
}
