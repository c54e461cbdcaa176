package server

import (
	"io"
	"log/slog"
	"net/http"
	"os"
	"strings"
	"testing"
	"time"

	"github.com/storyline-news/storyline/internal/storytest"
)

// bigStoryServer serves the story of n articles storytest builds (once
// per test binary) from the shared data sets: hundreds of quotes,
// figures, places and many outlets, all a page can carry.
func bigStoryServer(tb testing.TB, n int) (http.Handler, string) {
	tb.Helper()
	st, id := storytest.BigStory(tb, n)
	s, err := New(Options{Store: st, Logger: slog.New(slog.NewTextHandler(io.Discard, nil)), Accounts: AccountOptions{Public: true}})
	if err != nil {
		tb.Fatal(err)
	}
	return s.Handler(), "/stories/" + id
}

// getPage serves path in-process (no socket) and returns the body.
func getPage(tb testing.TB, h http.Handler, path string) string {
	tb.Helper()
	return string(storytest.Get(tb, h, path))
}

func TestMain(m *testing.M) {
	code := m.Run()
	storytest.Remove()
	os.Exit(code)
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
