package web_test

import (
	"context"
	"errors"
	"io"
	"log/slog"
	"net/http"
	"os"
	"path/filepath"
	"slices"
	"syscall"
	"testing"
	"time"

	"github.com/storyline-news/storyline/internal/fetch"
	"github.com/storyline-news/storyline/internal/imageproxy"
	"github.com/storyline-news/storyline/internal/server"
	"github.com/storyline-news/storyline/internal/storytest"
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

// bigStoryServer serves the story of bigStorySize articles storytest
// builds (once per test binary) from the shared data sets.
func bigStoryServer(tb testing.TB) (http.Handler, string) {
	tb.Helper()
	st, id := storytest.BigStory(tb, bigStorySize)
	// With an image proxy, as a server that follows feeds runs, so the
	// coverage shows its thumbnails. A page only registers images; the
	// proxy fetches one when a browser asks for it, which no test here
	// does, so its fetcher refuses all.
	images, err := imageproxy.Open(context.Background(), filepath.Join(tb.TempDir(), "images.db"), imageproxy.Options{Fetch: noFetch{}})
	if err != nil {
		tb.Fatal(err)
	}
	tb.Cleanup(func() { images.Close() })
	srv, err := server.New(server.Options{Store: st, Logger: slog.New(slog.NewTextHandler(io.Discard, nil)),
		Accounts: server.AccountOptions{Public: true}, Images: images})
	if err != nil {
		tb.Fatal(err)
	}
	return srv.Handler(), "/stories/" + id
}

// noFetch is a fetcher that never goes out.
type noFetch struct{}

func (noFetch) Get(context.Context, fetch.Request) (*fetch.Response, error) {
	return nil, errors.New("the page weight test fetches nothing")
}

func TestMain(m *testing.M) {
	code := m.Run()
	storytest.Remove()
	os.Exit(code)
}

// TestStoryPageWeight measures the story page of a 300-article story: its
// HTML size and the median time the server takes to answer it.
func TestStoryPageWeight(t *testing.T) {
	if testing.Short() {
		t.Skip("page weight skipped in -short mode")
	}
	h, path := bigStoryServer(t)
	body := storytest.Get(t, h, path)
	// Wall time on a shared machine measures the other processes too, so
	// the limit is on the CPU time the process spends per page, and the
	// wall times are reported beside it.
	const n = 15
	var times []time.Duration
	cpu0 := cpuTime(t)
	for range n {
		t0 := time.Now()
		storytest.Get(t, h, path)
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
		n = len(storytest.Get(b, h, path))
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
