package cli

import (
	"context"
	"fmt"
	"html"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"runtime"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/storyline-news/storyline/internal/shareddata"
	"github.com/storyline-news/storyline/internal/store"
	"github.com/storyline-news/storyline/internal/store/sqlite"
	"github.com/storyline-news/storyline/internal/streamgen"
)

// TestPollScale measures the whole path of a poll — feed, conditional
// GET, item pages, extraction, analysis, saving, settling into stories —
// over many feeds served on loopback: STORYLINE_POLL_SCALE=1000x20 runs
// 1,000 feeds of 20 items each (invented articles from streamgen, so it
// needs ../shared). It prints items per second and the process's peak
// RSS, which includes the test server and the corpus it serves. It sends
// nothing but to 127.0.0.1.
func TestPollScale(t *testing.T) {
	spec := os.Getenv("STORYLINE_POLL_SCALE")
	if spec == "" {
		t.Skip("set STORYLINE_POLL_SCALE=FEEDSxITEMS (e.g. 1000x20) to measure polling at scale")
	}
	fs, is, ok := strings.Cut(spec, "x")
	feeds, err1 := strconv.Atoi(fs)
	items, err2 := strconv.Atoi(is)
	if !ok || err1 != nil || err2 != nil || feeds < 1 || items < 1 {
		t.Fatalf("STORYLINE_POLL_SCALE=%q: want FEEDSxITEMS", spec)
	}
	for _, rel := range streamgen.Sources {
		shareddata.Path(t, rel)
	}
	gen, err := streamgen.New(shareddata.Root(), streamgen.Options{N: feeds * items, Seed: 14})
	if err != nil {
		t.Fatal(err)
	}
	// Article k is item k/feeds of feed k%feeds: each feed carries a slice
	// of the whole stream, as outlets' feeds do.
	pages := make(map[string]string, feeds*items)
	feedItems := make([][]string, feeds)
	for k := 0; ; k++ {
		a, ok := gen.Next()
		if !ok {
			break
		}
		path := "/a/" + a.ID
		var b strings.Builder
		fmt.Fprintf(&b, "<!doctype html><html><head><title>%s</title></head><body><article><h1>%s</h1>", html.EscapeString(a.Title), html.EscapeString(a.Title))
		for _, p := range a.Body {
			fmt.Fprintf(&b, "<p>%s</p>\n", html.EscapeString(p))
		}
		b.WriteString("</article></body></html>")
		pages[path] = b.String()
		feedItems[k%feeds] = append(feedItems[k%feeds], fmt.Sprintf("<item><title>%s</title><link>{base}%s</link><guid>%s</guid><pubDate>%s</pubDate></item>",
			html.EscapeString(a.Title), path, a.ID, a.Published.Format(time.RFC1123Z)))
	}
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if strings.HasPrefix(r.URL.Path, "/feed/") {
			n, err := strconv.Atoi(strings.TrimSuffix(strings.TrimPrefix(r.URL.Path, "/feed/"), ".xml"))
			if err != nil || n < 0 || n >= feeds {
				http.NotFound(w, r)
				return
			}
			etag := `"` + strconv.Itoa(n) + `"`
			if r.Header.Get("If-None-Match") == etag {
				w.WriteHeader(http.StatusNotModified)
				return
			}
			w.Header().Set("ETag", etag)
			w.Header().Set("Content-Type", "application/rss+xml")
			base := "http://" + r.Host
			fmt.Fprintf(w, `<?xml version="1.0"?><rss version="2.0"><channel><title>Feed %d</title>%s</channel></rss>`, n,
				strings.ReplaceAll(strings.Join(feedItems[n], ""), "{base}", base))
			return
		}
		if p, ok := pages[r.URL.Path]; ok {
			w.Header().Set("Content-Type", "text/html; charset=utf-8")
			w.Write([]byte(p))
			return
		}
		http.NotFound(w, r)
	}))
	defer srv.Close()

	db := filepath.Join(t.TempDir(), "scale.db")
	st, err := sqlite.Open(context.Background(), db)
	if err != nil {
		t.Fatal(err)
	}
	for n := range feeds {
		if _, err := st.AddPolledSource(context.Background(), store.PolledSource{URL: fmt.Sprintf("%s/feed/%d.xml", srv.URL, n), Kind: store.SourceFeed, Interval: time.Hour}); err != nil {
			t.Fatal(err)
		}
	}
	st.Close()
	runtime.GC()
	env := map[string]string{"STORYLINE_ALLOW_PRIVATE": "true", "STORYLINE_HOST_INTERVAL": "0", "STORYLINE_LOG_LEVEL": "warn"}
	start := time.Now()
	out, errs, code := runAppEnv(t, env, "fetch", "--db", db)
	took := time.Since(start)
	if code != 0 {
		t.Fatalf("fetch: %d\n%.2000s\n%.2000s", code, out, errs)
	}
	st, err = sqlite.Open(context.Background(), db)
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	n, _ := st.CountArticles(context.Background())
	stories, _ := st.Stories(context.Background(), 1_000_000, 0)
	t.Logf("%d feeds x %d items: %d articles stored in %s: %.1f items/s; %d stories; peak RSS %s",
		feeds, items, n, took.Round(time.Second), float64(n)/took.Seconds(), len(stories), peakRSS())
	if n < feeds*items*9/10 {
		t.Errorf("only %d of %d items became articles:\n%.3000s", n, feeds*items, errs)
	}
	start = time.Now()
	out, _, code = runAppEnv(t, env, "fetch", "--db", db, "--all")
	if code != 0 || strings.Count(out, "not modified") != feeds {
		t.Errorf("second poll: %d, %d of %d not modified", code, strings.Count(out, "not modified"), feeds)
	}
	t.Logf("second poll of %d unchanged feeds (304s): %s", feeds, time.Since(start).Round(time.Millisecond))
}

// peakRSS is the process's peak resident set (VmHWM), from /proc.
func peakRSS() string {
	b, err := os.ReadFile("/proc/self/status")
	if err != nil {
		return "unknown"
	}
	for _, line := range strings.Split(string(b), "\n") {
		if v, ok := strings.CutPrefix(line, "VmHWM:"); ok {
			return strings.TrimSpace(v)
		}
	}
	return "unknown"
}
