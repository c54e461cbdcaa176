package webpage

import (
	"compress/gzip"
	"context"
	"io"
	"maps"
	"net/http"
	"net/http/httptest"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/storyline-news/storyline/internal/model"
	"github.com/storyline-news/storyline/internal/shareddata"
	"github.com/storyline-news/storyline/internal/source/dir"
	"github.com/storyline-news/storyline/internal/source/warc"
)

// TestZyteThroughWARC serves the Zyte pages from a test server on
// loopback, fetches them as the poller does and keeps the exchanges with
// warc.Writer (half of them gzip-encoded on the wire, half chunked), then
// reads the archive back through source/dir and extracts every page.
// Extraction F1 through the archive must equal F1 from the files
// themselves, read through source/dir too: the archive loses nothing.
func TestZyteThroughWARC(t *testing.T) {
	pages := loadZyte(t)
	htmlDir := filepath.Join(shareddata.Path(t, "data/extraction/zyte"), "html")
	gold := map[string]string{}
	html := map[string]string{}
	for _, p := range pages {
		gold[p.id] = p.gold
		html[p.id] = p.html
	}

	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		id := strings.TrimPrefix(r.URL.Path, "/")
		h, ok := html[id]
		if !ok {
			http.NotFound(w, r)
			return
		}
		w.Header().Set("Content-Type", "text/html")
		if len(id)%2 == 0 && strings.Contains(r.Header.Get("Accept-Encoding"), "gzip") {
			w.Header().Set("Content-Encoding", "gzip")
			zw := gzip.NewWriter(w)
			io.WriteString(zw, h)
			zw.Close()
			return
		}
		// No Content-Length and a flush: the server sends it chunked.
		half := len(h) / 2
		io.WriteString(w, h[:half])
		w.(http.Flusher).Flush()
		io.WriteString(w, h[half:])
	}))
	defer srv.Close()

	archive := t.TempDir()
	aw, err := warc.NewWriter(archive, 0)
	if err != nil {
		t.Fatal(err)
	}
	client := srv.Client()
	for _, p := range pages {
		req, _ := http.NewRequest(http.MethodGet, srv.URL+"/"+p.id, nil)
		// Asked for explicitly, gzip is not undone by the client: the
		// archive keeps the bytes as they came and the reader inflates them.
		req.Header.Set("Accept-Encoding", "gzip")
		resp, err := client.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		body, err := io.ReadAll(resp.Body)
		resp.Body.Close()
		if err != nil {
			t.Fatal(err)
		}
		if _, _, err := aw.WriteResponse(req.URL.String(), time.Now(), req.Header, resp.StatusCode, resp.Header, body); err != nil {
			t.Fatal(err)
		}
	}
	if err := aw.Close(); err != nil {
		t.Fatal(err)
	}

	fromFiles := extractAll(t, htmlDir, func(d model.Document) string {
		return strings.TrimSuffix(d.ID, ".html")
	})
	fromWARC := extractAll(t, archive, func(d model.Document) string {
		return d.URL[strings.LastIndexByte(d.URL, '/')+1:]
	})
	if len(fromWARC) != len(pages) || len(fromFiles) != len(pages) {
		t.Fatalf("%d pages through the archive, %d from the files, want %d", len(fromWARC), len(fromFiles), len(pages))
	}
	fFiles, nFiles := f1(fromFiles, gold)
	fWARC, nWARC := f1(fromWARC, gold)
	t.Logf("Zyte extraction F1 from the files %.4f (%d pages), through WARC %.4f (%d pages)", fFiles, nFiles, fWARC, nWARC)
	if fWARC != fFiles || nWARC != nFiles {
		t.Errorf("F1 through WARC %.6f over %d pages, from the files %.6f over %d", fWARC, nWARC, fFiles, nFiles)
	}
	for id, body := range fromFiles {
		if fromWARC[id] != body {
			t.Errorf("%s: the body extracted through the archive differs", id)
		}
	}
}

// extractAll reads path through source/dir and extracts every document,
// keyed by the page id key gives.
func extractAll(t *testing.T, path string, key func(model.Document) string) map[string]string {
	t.Helper()
	var x Extractor
	out := map[string]string{}
	for d, err := range dir.New([]string{path}, dir.Options{}).Documents(context.Background()) {
		if err != nil {
			t.Errorf("%v", err)
			continue
		}
		a, err := x.Extract(context.Background(), d)
		if err != nil {
			t.Logf("%s: %v", d.File, err)
		}
		out[key(d)] = strings.Join(a.Body, "\n")
	}
	return out
}

// f1 is the benchmark's measure over the pages that have a gold body, as
// TestZyteBenchmark computes it.
func f1(bodies, gold map[string]string) (float64, int) {
	var P, R float64
	n := 0
	// In a fixed order: float sums in map order could differ in the
	// last bit between two calls on the same bodies.
	for _, id := range slices.Sorted(maps.Keys(gold)) {
		g := gold[id]
		if len(shingles(g)) == 0 {
			continue
		}
		p, r := prf(bodies[id], g)
		P += p
		R += r
		n++
	}
	P /= float64(n)
	R /= float64(n)
	return 2 * P * R / (P + R), n
}
