package imageproxy

import (
	"bytes"
	"context"
	"errors"
	"image"
	"image/color"
	"image/png"
	"io"
	"net"
	"net/http"
	"net/http/httptest"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/storyline-news/storyline/internal/fetch"
)

// Every test serves its images from a loopback server of its own.

func pngImage(t testing.TB, w, h int) []byte {
	t.Helper()
	img := image.NewRGBA(image.Rect(0, 0, w, h))
	img.Set(0, 0, color.RGBA{200, 10, 10, 255})
	var buf bytes.Buffer
	if err := png.Encode(&buf, img); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

// origin is a remote site with images, good and bad, counting its hits.
type origin struct {
	*httptest.Server
	mu   sync.Mutex
	hits map[string]int
}

func newOrigin(t *testing.T) *origin {
	o := &origin{hits: map[string]int{}}
	pngs := map[string][]byte{"/a.png": pngImage(t, 3, 2), "/b.png": pngImage(t, 40, 30), "/c.png": pngImage(t, 50, 50)}
	big := append([]byte("\xFF\xD8\xFF\xE0"), make([]byte, 6<<20)...)
	o.Server = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		o.mu.Lock()
		o.hits[r.URL.Path]++
		o.mu.Unlock()
		switch p := r.URL.Path; {
		case pngs[p] != nil:
			w.Header().Set("Content-Type", "image/png")
			w.Write(pngs[p])
		case p == "/slow.png":
			time.Sleep(200 * time.Millisecond)
			w.Write(pngs["/a.png"])
		case p == "/page.jpg":
			w.Header().Set("Content-Type", "image/jpeg") // a lie
			io.WriteString(w, "<!DOCTYPE html><html><body><script>alert(document.cookie)</script></body></html>")
		case p == "/x.svg":
			w.Header().Set("Content-Type", "image/svg+xml")
			io.WriteString(w, `<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>`)
		case p == "/big.jpg":
			w.Header().Set("Content-Type", "image/jpeg")
			w.Write(big)
		default:
			http.NotFound(w, r)
		}
	}))
	t.Cleanup(o.Close)
	return o
}

func (o *origin) hitsOf(path string) int {
	o.mu.Lock()
	defer o.mu.Unlock()
	return o.hits[path]
}

// clock is a settable time.
type clock struct {
	mu sync.Mutex
	t  time.Time
}

func (c *clock) now() time.Time { c.mu.Lock(); defer c.mu.Unlock(); return c.t }
func (c *clock) add(d time.Duration) {
	c.mu.Lock()
	c.t = c.t.Add(d)
	c.mu.Unlock()
}

func newProxy(t *testing.T, path string, o Options) *Proxy {
	t.Helper()
	if o.Fetch == nil {
		o.Fetch = fetch.New(fetch.Config{AllowPrivate: true, HostInterval: -1, MaxBody: DefaultMaxImage})
	}
	p, err := Open(t.Context(), path, o)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { p.Close() })
	return p
}

func serve(p *Proxy) *http.ServeMux {
	mux := http.NewServeMux()
	mux.Handle("GET /images/{key}", p)
	return mux
}

func get(t *testing.T, h http.Handler, path string, hdr ...string) *httptest.ResponseRecorder {
	t.Helper()
	req := httptest.NewRequest("GET", path, nil)
	for i := 0; i+1 < len(hdr); i += 2 {
		req.Header.Set(hdr[i], hdr[i+1])
	}
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, req)
	return rec
}

func TestProxy(t *testing.T) {
	o := newOrigin(t)
	clk := &clock{t: time.Date(2026, 12, 3, 12, 0, 0, 0, time.UTC)}
	p := newProxy(t, filepath.Join(t.TempDir(), "images.db"), Options{Now: clk.now})
	h := serve(p)

	for _, tc := range []struct {
		name, path string
		status     int
		ctype      string
	}{
		{"png", "/a.png", 200, "image/png"},
		{"html calling itself a jpeg", "/page.jpg", 502, ""},
		{"svg", "/x.svg", 502, ""},
		{"over 5 MiB", "/big.jpg", 502, ""},
		{"404", "/missing.png", 502, ""},
	} {
		t.Run(tc.name, func(t *testing.T) {
			img, ok := p.Image(t.Context(), o.URL+tc.path)
			if !ok || !strings.HasPrefix(img.Src, "/images/") {
				t.Fatalf("Image() = %+v, %v", img, ok)
			}
			for range 2 { // the second answer comes from the cache
				rec := get(t, h, img.Src)
				if rec.Code != tc.status {
					t.Fatalf("status %d, want %d: %s", rec.Code, tc.status, rec.Body)
				}
				if rec.Header().Get("X-Content-Type-Options") != "nosniff" {
					t.Errorf("no nosniff")
				}
				if tc.status != 200 {
					if ct := rec.Header().Get("Content-Type"); strings.HasPrefix(ct, "image/") {
						t.Errorf("a failure served as %s", ct)
					}
					continue
				}
				if ct := rec.Header().Get("Content-Type"); ct != tc.ctype {
					t.Errorf("Content-Type %q", ct)
				}
				if cc := rec.Header().Get("Cache-Control"); !strings.Contains(cc, "max-age=31536000") {
					t.Errorf("Cache-Control %q", cc)
				}
				if csp := rec.Header().Get("Content-Security-Policy"); !strings.Contains(csp, "sandbox") {
					t.Errorf("CSP %q", csp)
				}
			}
			if n := o.hitsOf(tc.path); n != 1 {
				t.Errorf("fetched %d times, want once", n)
			}
			// A failure is not shown on the next page; an image shows
			// with its size.
			img, ok = p.Image(t.Context(), o.URL+tc.path)
			if ok != (tc.status == 200) {
				t.Errorf("after the fetch: Image() ok = %v", ok)
			}
			if tc.path == "/a.png" && (img.Width != 3 || img.Height != 2) {
				t.Errorf("size %dx%d, want 3x2", img.Width, img.Height)
			}
		})
	}

	// A failure is forgotten after FailTTL and fetched again.
	clk.add(DefaultFailTTL + time.Second)
	img, ok := p.Image(t.Context(), o.URL+"/missing.png")
	if !ok {
		t.Fatal("a failure past its time still hides the image")
	}
	if rec := get(t, h, img.Src); rec.Code != 502 || o.hitsOf("/missing.png") != 2 {
		t.Errorf("after FailTTL: %d, %d fetches", rec.Code, o.hitsOf("/missing.png"))
	}

	// A conditional request for a held image gets 304.
	img, _ = p.Image(t.Context(), o.URL+"/a.png")
	etag := get(t, h, img.Src).Header().Get("ETag")
	if rec := get(t, h, img.Src, "If-None-Match", etag); rec.Code != http.StatusNotModified {
		t.Errorf("If-None-Match: %d", rec.Code)
	}
}

// Only keys a page registered are served: the proxy is not open.
func TestUnknownKeys(t *testing.T) {
	o := newOrigin(t)
	p := newProxy(t, filepath.Join(t.TempDir(), "images.db"), Options{})
	other := newProxy(t, filepath.Join(t.TempDir(), "other.db"), Options{})
	h := serve(p)
	p.Image(t.Context(), o.URL+"/a.png")
	for _, path := range []string{
		"/images/" + p.Key(o.URL+"/b.png"),        // a URL no page showed
		"/images/" + other.Key(o.URL+"/a.png"),    // the right URL under another secret
		"/images/" + strings.Repeat("g", 32),      // not hex
		"/images/" + p.Key(o.URL + "/a.png")[:31], // too short
		"/images/" + strings.ToUpper(p.Key("x")),  // upper case
	} {
		if rec := get(t, h, path); rec.Code != 404 {
			t.Errorf("%s: %d, want 404", path, rec.Code)
		}
	}
	if n := o.hitsOf("/b.png"); n != 0 {
		t.Errorf("an unregistered URL was fetched %d times", n)
	}
	if p.Key("a") == other.Key("a") || p.Key("a") != p.Key("a") || len(p.Key("a")) != 32 {
		t.Error("keys are not per-secret, stable and 32 digits")
	}
	if _, ok := p.Image(t.Context(), ""); ok {
		t.Error("an empty URL gave an image")
	}
}

// The cache survives a restart with the same key, and holds no more than
// its bound, evicting the least recently shown image.
func TestCachePersistsAndEvicts(t *testing.T) {
	o := newOrigin(t)
	path := filepath.Join(t.TempDir(), "images.db")
	clk := &clock{t: time.Date(2026, 12, 3, 12, 0, 0, 0, time.UTC)}
	sizes := map[string]int{}
	for _, name := range []string{"/a.png", "/b.png", "/c.png"} {
		rec := httptest.NewRecorder()
		o.Config.Handler.ServeHTTP(rec, httptest.NewRequest("GET", name, nil))
		sizes[name] = rec.Body.Len()
	}
	o.hits = map[string]int{}
	bound := int64(sizes["/b.png"] + sizes["/c.png"] + sizes["/a.png"]/2)
	p := newProxy(t, path, Options{CacheBytes: bound, Now: clk.now})
	h := serve(p)
	for _, name := range []string{"/a.png", "/b.png", "/c.png"} {
		img, _ := p.Image(t.Context(), o.URL+name)
		if rec := get(t, h, img.Src); rec.Code != 200 {
			t.Fatalf("%s: %d", name, rec.Code)
		}
		clk.add(2 * time.Hour)
	}
	n, size, err := p.Stats(t.Context())
	if err != nil || n != 2 || size > bound {
		t.Errorf("cache holds %d images, %d bytes (bound %d): %v", n, size, bound, err)
	}
	key := p.Key(o.URL + "/b.png")
	p.Close()

	p2 := newProxy(t, path, Options{CacheBytes: bound, Now: clk.now})
	if p2.Key(o.URL+"/b.png") != key {
		t.Fatal("the key changed on reopening")
	}
	h2 := serve(p2)
	if rec := get(t, h2, "/images/"+key); rec.Code != 200 || o.hitsOf("/b.png") != 1 {
		t.Errorf("after reopening: %d, %d fetches", rec.Code, o.hitsOf("/b.png"))
	}
	// The evicted (oldest) image is fetched again when shown.
	img, _ := p2.Image(t.Context(), o.URL+"/a.png")
	if rec := get(t, h2, img.Src); rec.Code != 200 || o.hitsOf("/a.png") != 2 {
		t.Errorf("evicted image: %d, %d fetches", rec.Code, o.hitsOf("/a.png"))
	}
}

// Many readers asking for one image at once cost one fetch.
func TestOneFetchForManyReaders(t *testing.T) {
	o := newOrigin(t)
	p := newProxy(t, filepath.Join(t.TempDir(), "images.db"), Options{})
	h := serve(p)
	img, _ := p.Image(t.Context(), o.URL+"/slow.png")
	var wg sync.WaitGroup
	var ok atomic.Int32
	for range 8 {
		wg.Go(func() {
			if get(t, h, img.Src).Code == 200 {
				ok.Add(1)
			}
		})
	}
	wg.Wait()
	if ok.Load() != 8 || o.hitsOf("/slow.png") != 1 {
		t.Errorf("%d of 8 served, %d fetches", ok.Load(), o.hitsOf("/slow.png"))
	}
}

// An og:image aimed at the server's own network is refused by the fetcher,
// and nothing is dialled.
func TestProxyRefusesPrivateAddresses(t *testing.T) {
	fc := fetch.New(fetch.Config{DialContext: func(_ context.Context, network, addr string) (net.Conn, error) {
		t.Errorf("dialled %s %s", network, addr)
		return nil, errors.New("refused by the test")
	}})
	p := newProxy(t, filepath.Join(t.TempDir(), "images.db"), Options{Fetch: fc})
	h := serve(p)
	for _, u := range []string{"http://127.0.0.1:9/a.png", "http://169.254.169.254/latest/meta-data/", "http://[::1]/x.png", "http://10.0.0.1/y.jpg"} {
		img, _ := p.Image(t.Context(), u)
		if rec := get(t, h, img.Src); rec.Code != 502 {
			t.Errorf("%s: %d, want 502", u, rec.Code)
		}
	}
}

func TestOpenErrors(t *testing.T) {
	fc := fetch.New(fetch.Config{})
	if _, err := Open(t.Context(), filepath.Join(t.TempDir(), "x.db"), Options{}); err == nil {
		t.Error("opened without a fetcher")
	}
	if _, err := Open(t.Context(), "a?mode=memory", Options{Fetch: fc}); err == nil {
		t.Error("opened a path with a query")
	}
	if _, err := Open(t.Context(), filepath.Join(t.TempDir(), "missing-dir", "x.db"), Options{Fetch: fc}); err == nil {
		t.Error("opened a file in a folder that does not exist")
	}
}

func BenchmarkServeCached(b *testing.B) {
	body := pngImage(b, 400, 300)
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { w.Write(body) }))
	defer srv.Close()
	p, err := Open(context.Background(), filepath.Join(b.TempDir(), "images.db"),
		Options{Fetch: fetch.New(fetch.Config{AllowPrivate: true, HostInterval: -1})})
	if err != nil {
		b.Fatal(err)
	}
	defer p.Close()
	mux := http.NewServeMux()
	mux.Handle("GET /images/{key}", p)
	img, _ := p.Image(context.Background(), srv.URL+"/a.png")
	b.SetBytes(int64(len(body)))
	b.ReportAllocs()
	b.ResetTimer()
	for range b.N {
		rec := httptest.NewRecorder()
		mux.ServeHTTP(rec, httptest.NewRequest("GET", img.Src, nil))
		if rec.Code != 200 {
			b.Fatal(rec.Code)
		}
	}
}

func BenchmarkImage(b *testing.B) {
	p, err := Open(context.Background(), filepath.Join(b.TempDir(), "images.db"), Options{Fetch: fetch.New(fetch.Config{})})
	if err != nil {
		b.Fatal(err)
	}
	defer p.Close()
	urls := make([]string, 64)
	for i := range urls {
		urls[i] = "https://img.example/" + strings.Repeat("x", i) + ".jpg"
	}
	b.ReportAllocs()
	b.ResetTimer()
	for i := range b.N {
		p.Image(context.Background(), urls[i%len(urls)])
	}
}

// Rows of images no reader asked for in a month are swept out; a page that
// shows one again registers it again.
func TestSweep(t *testing.T) {
	o := newOrigin(t)
	clk := &clock{t: time.Date(2026, 12, 3, 12, 0, 0, 0, time.UTC)}
	p := newProxy(t, filepath.Join(t.TempDir(), "images.db"), Options{Now: clk.now})
	h := serve(p)
	old, _ := p.Image(t.Context(), o.URL+"/missing.png")
	if rec := get(t, h, old.Src); rec.Code != 502 {
		t.Fatal(rec.Code)
	}
	clk.add(forgetAfter + time.Hour)
	for i := range sweepEvery {
		img, _ := p.Image(t.Context(), o.URL+"/missing.png?n="+strconv.Itoa(i))
		get(t, h, img.Src)
	}
	if rec := get(t, h, old.Src); rec.Code != 404 {
		t.Errorf("a row a month old was kept: %d", rec.Code)
	}
	img, ok := p.Image(t.Context(), o.URL+"/missing.png")
	if !ok || img.Src != old.Src {
		t.Fatalf("shown again: %+v %v", img, ok)
	}
	if rec := get(t, h, img.Src); rec.Code != 502 {
		t.Errorf("registered again: %d", rec.Code)
	}
}
