package poll

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/storyline-news/storyline/internal/fetch"
	"github.com/storyline-news/storyline/internal/model"
	"github.com/storyline-news/storyline/internal/shareddata"
	"github.com/storyline-news/storyline/internal/store"
	"github.com/storyline-news/storyline/internal/store/sqlite"
)

// loopbackDial connects to loopback addresses only and fails the test
// for any other: no test may send a packet elsewhere.
func loopbackDial(t testing.TB) func(ctx context.Context, network, addr string) (net.Conn, error) {
	return func(ctx context.Context, network, addr string) (net.Conn, error) {
		host, _, err := net.SplitHostPort(addr)
		if ip := net.ParseIP(host); err != nil || ip == nil || !ip.IsLoopback() {
			t.Errorf("dial to %s: tests connect to loopback only", addr)
			return nil, errors.New("not loopback")
		}
		var d net.Dialer
		return d.DialContext(ctx, network, addr)
	}
}

// testClient is a fetch client for a test server on loopback.
func testClient(t testing.TB, allowPrivate bool, body time.Duration) *fetch.Client {
	return fetch.New(fetch.Config{AllowPrivate: allowPrivate, HostInterval: -1, HostConcurrency: 16,
		BodyTimeout: body, HeaderTimeout: 5 * time.Second, MaxBody: 2 << 20, DialContext: loopbackDial(t)})
}

// server serves feeds and invented article pages on loopback and counts
// the requests for each path.
type server struct {
	*httptest.Server
	mu     sync.Mutex
	count  map[string]int
	feeds  map[string][]byte // path → body, served with an ETag
	pages  map[string]string // path → HTML
	robots string
}

func newServer(t testing.TB) *server {
	s := &server{count: map[string]int{}, feeds: map[string][]byte{}, pages: map[string]string{}}
	s.Server = httptest.NewServer(http.HandlerFunc(s.serve))
	t.Cleanup(s.Close)
	return s
}

func (s *server) hits(path string) int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.count[path]
}

func (s *server) setFeed(path string, body []byte) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.feeds[path] = body
}

func (s *server) serve(w http.ResponseWriter, r *http.Request) {
	s.mu.Lock()
	s.count[r.URL.Path]++
	body, isFeed := s.feeds[r.URL.Path]
	page, isPage := s.pages[r.URL.Path]
	robots := s.robots
	s.mu.Unlock()
	switch {
	case r.URL.Path == "/robots.txt":
		io.WriteString(w, robots)
	case isFeed:
		etag := fmt.Sprintf(`"%x"`, len(body)*31+int(body[len(body)/2]))
		if r.Header.Get("If-None-Match") == etag {
			w.WriteHeader(http.StatusNotModified)
			return
		}
		w.Header().Set("ETag", etag)
		w.Header().Set("Content-Type", "application/rss+xml")
		w.Write(body)
	case isPage:
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		io.WriteString(w, page)
	case strings.HasSuffix(r.URL.Path, ".png"):
		w.Header().Set("Content-Type", "image/png")
		w.Write([]byte("\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR"))
	case strings.HasPrefix(r.URL.Path, "/fail/429"):
		w.Header().Set("Retry-After", "7200")
		http.Error(w, "slow down", http.StatusTooManyRequests)
	case strings.HasPrefix(r.URL.Path, "/fail/500"):
		http.Error(w, "broken", http.StatusInternalServerError)
	case strings.HasPrefix(r.URL.Path, "/fail/loop"):
		http.Redirect(w, r, "/fail/loop"+fmt.Sprint(s.hits(r.URL.Path)), http.StatusFound)
	case strings.HasPrefix(r.URL.Path, "/fail/huge"):
		w.Header().Set("Content-Type", "application/rss+xml")
		io.WriteString(w, "<rss><channel><title>")
		io.CopyN(w, endless{}, 1<<30) // 1 GB, cut off by the client's size cap
	case strings.HasPrefix(r.URL.Path, "/fail/drip"):
		w.Header().Set("Content-Type", "application/rss+xml")
		for i := 0; i < 100; i++ {
			if _, err := io.WriteString(w, "<"); err != nil {
				return
			}
			w.(http.Flusher).Flush()
			select {
			case <-r.Context().Done():
				return
			case <-time.After(200 * time.Millisecond):
			}
		}
	case strings.HasPrefix(r.URL.Path, "/fail/malformed"):
		w.Header().Set("Content-Type", "application/rss+xml")
		io.WriteString(w, `<?xml version="1.0"?><rss version="2.0"><channel><title>Broken</title><item><title>a</item></channel>`)
	default:
		http.NotFound(w, r)
	}
}

type endless struct{}

func (endless) Read(p []byte) (int, error) {
	for i := range p {
		p[i] = 'x'
	}
	return len(p), nil
}

// invented is an article page written for these tests.
func invented(title string, n int) string {
	var b strings.Builder
	fmt.Fprintf(&b, "<!doctype html><html><head><title>%s</title></head><body><article><h1>%s</h1>", title, title)
	for i := range 6 {
		fmt.Fprintf(&b, "<p>The council of the invented town of Brindlecombe met on Tuesday for the %d-th time to debate item %d of %q. "+
			"Its members heard that the harbour wall needs repairs costing %d thousand pounds, a figure the treasurer disputed.</p>", i+1, n, title, n*7+i)
	}
	b.WriteString("</article></body></html>")
	return b.String()
}

// sink records the documents it is given, and fails those whose title
// says so, as a store would fail a document it cannot read.
type sink struct {
	mu   sync.Mutex
	docs []model.Document
}

func (k *sink) take(_ context.Context, docs []model.Document) (map[string]error, error) {
	k.mu.Lock()
	defer k.mu.Unlock()
	failed := map[string]error{}
	for _, d := range docs {
		if strings.Contains(d.Title, "unreadable") {
			failed[d.ID] = errors.New("no article text")
			continue
		}
		k.docs = append(k.docs, d)
	}
	return failed, nil
}

func openStore(t testing.TB) *sqlite.Store {
	st, err := sqlite.Open(context.Background(), filepath.Join(t.TempDir(), "s.db"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { st.Close() })
	return st
}

// hostRE finds the scheme and host of every URL, and namespace
// declarations, which must stay as they are.
var hostRE = regexp.MustCompile(`xmlns(:\w+)?=["'][^"']*["']|https?://[A-Za-z0-9.\-]+(:[0-9]+)?`)

// moveHosts points every URL of a feed at base.
func moveHosts(body []byte, base string) []byte {
	return hostRE.ReplaceAllFunc(body, func(m []byte) []byte {
		if strings.HasPrefix(string(m), "xmlns") {
			return m
		}
		return []byte(base)
	})
}

// TestPollSharedFeeds polls the real feeds of ../shared, their every link
// moved to the test server: each item page is fetched once, a second
// poll gets a 304 and fetches nothing, and after the feed changes only the
// changed item is fetched again.
func TestPollSharedFeeds(t *testing.T) {
	dir := shareddata.Path(t, "data/feeds-warc/feeds")
	files, _ := filepath.Glob(filepath.Join(dir, "*.*"))
	srv := newServer(t)
	st := openStore(t)
	k := &sink{}
	p := &Poller{Store: st, Client: testClient(t, true, 5*time.Second), Sink: k.take, Workers: 4}
	ctx := context.Background()
	var added []store.PolledSource
	for _, f := range files {
		if !strings.Contains(f, "rss-parser__") {
			continue
		}
		body, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		body = moveHosts(body, srv.URL)
		path := "/feeds/" + filepath.Base(f)
		srv.setFeed(path, body)
		src, err := p.Add(ctx, srv.URL+path, 30*time.Minute)
		if err != nil {
			t.Fatalf("add %s: %v", path, err)
		}
		added = append(added, src)
	}
	// Every item page is an invented article.
	for path := range pagePaths(srv) {
		srv.pages[path] = invented("Story at "+path, len(path))
	}
	res, err := p.Poll(ctx, false)
	if err != nil {
		t.Fatal(err)
	}
	if len(res) != len(added) {
		t.Fatalf("%d results for %d sources", len(res), len(added))
	}
	items := 0
	for _, r := range res {
		if r.Err != nil || r.New == 0 || r.New+r.Failed != r.Items {
			t.Errorf("first poll: %s", r)
		}
		items += r.New
	}
	if len(k.docs) != items {
		t.Errorf("%d documents for %d new items", len(k.docs), items)
	}
	for _, d := range k.docs {
		if d.Source == "" || d.Fetched == "" || d.URL == "" || !strings.HasPrefix(d.URL, srv.URL) || d.Format != model.FormatHTML || d.ID == "" {
			t.Errorf("document without provenance or not from its page: %s %s %s %q %q", d.ID, d.URL, d.Format, d.Source, d.Fetched)
		}
	}
	for path := range pagePaths(srv) {
		if n := srv.hits(path); n > 1 {
			t.Errorf("%s fetched %d times", path, n)
		}
	}
	// Nothing is due; polling all again gets 304s and fetches no page.
	if due, _ := st.DueSources(ctx, time.Now()); len(due) != 0 {
		t.Errorf("%d sources due right after a poll", len(due))
	}
	before := len(k.docs)
	res, err = p.Poll(ctx, true)
	if err != nil {
		t.Fatal(err)
	}
	for _, r := range res {
		if !r.NotModified {
			t.Errorf("second poll: %s", r)
		}
	}
	// A changed feed: one item's title changes, so its hash does.
	src := added[0]
	path := strings.TrimPrefix(src.URL, srv.URL)
	srv.mu.Lock()
	body := srv.feeds[path]
	srv.mu.Unlock()
	item := regexp.MustCompile(`<(item|entry)[ >]`).FindIndex(body)
	if item == nil {
		t.Fatal("no item")
	}
	title := regexp.MustCompile(`<title[^>]*>(<!\[CDATA\[)?`).FindIndex(body[item[1]:])
	if title == nil {
		t.Fatal("no item title to change")
	}
	at := item[1] + title[1]
	body = append(body[:at:at], append([]byte("Updated: "), body[at:]...)...)
	srv.setFeed(path, body)
	res, err = p.Poll(ctx, true)
	if err != nil {
		t.Fatal(err)
	}
	if r := res[0]; r.NotModified || r.Updated != 1 || r.New != 0 || r.Seen != r.Items-1 {
		t.Errorf("after one item changed: %s (updated %d, seen %d)", r, r.Updated, r.Seen)
	}
	if len(k.docs) != before+1 || !strings.Contains(k.docs[len(k.docs)-1].Title, "Updated: ") {
		t.Errorf("the changed item was not handed on again")
	}
	got, _ := st.PolledSources(ctx)
	for _, s := range got {
		if s.State() != store.StateHealthy || s.Articles == 0 || s.LastFetch.IsZero() {
			t.Errorf("source after polls: %+v", s)
		}
	}
}

// pagePaths is every path on srv the feeds it serves link to.
func pagePaths(srv *server) map[string]bool {
	srv.mu.Lock()
	defer srv.mu.Unlock()
	out := map[string]bool{}
	re := regexp.MustCompile(regexp.QuoteMeta(srv.URL) + `(/[^"<\s&?#\]]*)`)
	for _, b := range srv.feeds {
		for _, m := range re.FindAllSubmatch(b, -1) {
			p := string(m[1])
			if !strings.HasPrefix(p, "/feeds/") && !strings.HasSuffix(p, ".jpg") && !strings.HasSuffix(p, ".png") && !strings.HasSuffix(p, ".gif") {
				out[p] = true
			}
		}
	}
	return out
}
