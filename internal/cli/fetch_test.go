package cli

import (
	"bytes"
	"compress/gzip"
	"context"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/storyline-news/storyline/internal/config"
	"github.com/storyline-news/storyline/internal/model"
	"github.com/storyline-news/storyline/internal/source/warc"
	"github.com/storyline-news/storyline/internal/store"
	"github.com/storyline-news/storyline/internal/store/sqlite"
)

// runAppEnv is runApp with environment variables.
func runAppEnv(t *testing.T, env map[string]string, args ...string) (string, string, int) {
	t.Helper()
	var out, errb bytes.Buffer
	app := &App{Stdin: strings.NewReader(""), Stdout: &out, Stderr: &errb, Getenv: func(k string) string { return env[k] }}
	code := app.Run(context.Background(), append([]string{"storyline"}, args...))
	return out.String(), errb.String(), code
}

// newsSite serves, on loopback, a home page that advertises its feed, the
// feed, and invented article pages about two unrelated happenings, and
// counts the requests per path.
type newsSite struct {
	*httptest.Server
	mu    sync.Mutex
	hits  map[string]int
	pages map[string]string
	feed  string
}

// The invented reports: two on a harbour wall, two on a school vote.
var sitePages = []struct{ path, title, date, body string }{
	{"/news/harbour-wall", "Storm breaches Brindlecombe harbour wall", "2026-02-10",
		"A winter storm breached the harbour wall at Brindlecombe on Monday night, flooding the fish market and forcing the evacuation of forty homes along Quay Street. " +
			"Harbour master Edwina Thorne said the breach was about twelve metres wide. \"We have never seen waves like it,\" Thorne said. " +
			"The Brindlecombe council called an emergency meeting to plan repairs to the harbour wall, which engineers estimate will cost 2.4 million pounds."},
	{"/news/harbour-repairs", "Brindlecombe harbour wall repairs to cost £2.4m", "2026-02-11",
		"Repairs to the Brindlecombe harbour wall breached in Monday's storm will cost 2.4 million pounds, harbour master Edwina Thorne told the council on Tuesday. " +
			"Forty homes on Quay Street remain empty after the flooding of the fish market. \"The wall must be rebuilt before the spring tides,\" Thorne said. " +
			"Engineers said the breach in the harbour wall was twelve metres wide and that the storm had undermined its foundations."},
	{"/news/school-vote", "Ostervale parents vote to keep village school open", "2026-03-02",
		"Parents in Ostervale voted on Saturday to keep the village school open, rejecting a plan by the county to merge it with a larger school in Marrowby. " +
			"Headteacher Julian Brack said 212 families took part. \"The village has spoken,\" Brack said. " +
			"The county education board will consider the Ostervale vote at its meeting in April, when it decides the future of eleven rural schools."},
	{"/news/school-board", "County board to weigh Ostervale school vote", "2026-03-03",
		"The county education board will weigh the vote by Ostervale parents to keep their village school open when it meets in April, its chair said on Monday. " +
			"Headteacher Julian Brack said 212 families voted against the merger with the Marrowby school. \"We expect the board to listen,\" Brack said. " +
			"Eleven rural schools face the same review by the county education board."},
}

func newNewsSite(t *testing.T) *newsSite {
	s := &newsSite{hits: map[string]int{}, pages: map[string]string{}}
	s.Server = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		s.mu.Lock()
		s.hits[r.URL.Path]++
		page, ok := s.pages[r.URL.Path]
		feed := s.feed
		s.mu.Unlock()
		switch {
		case r.URL.Path == "/":
			io.WriteString(w, `<!doctype html><html><head><title>Courier</title><link rel="alternate" type="application/rss+xml" title="News" href="/feeds/news.xml"></head><body>Welcome</body></html>`)
		case r.URL.Path == "/feeds/news.xml":
			w.Header().Set("Content-Type", "application/rss+xml")
			w.Header().Set("ETag", `"v1"`)
			if r.Header.Get("If-None-Match") == `"v1"` {
				w.WriteHeader(http.StatusNotModified)
				return
			}
			io.WriteString(w, feed)
		case ok:
			w.Header().Set("Content-Type", "text/html; charset=utf-8")
			io.WriteString(w, page)
		default:
			http.NotFound(w, r)
		}
	}))
	t.Cleanup(s.Close)
	var items strings.Builder
	for _, p := range sitePages {
		var paras strings.Builder
		for _, s := range strings.SplitAfter(p.body, ". ") {
			fmt.Fprintf(&paras, "<p>%s</p>\n", s)
		}
		s.pages[p.path] = fmt.Sprintf(`<!doctype html><html><head><title>%s</title></head><body><nav><a href="/">Home</a></nav><article><h1>%s</h1>%s</article><footer>Courier</footer></body></html>`,
			p.title, p.title, paras.String())
		fmt.Fprintf(&items, "<item><title>%s</title><link>%s%s</link><guid>%s</guid><pubDate>%s</pubDate><dc:creator>Staff reporter</dc:creator></item>\n",
			p.title, s.URL, p.path, p.path, strings.Replace(p.date, "2026-", "", 1))
	}
	s.feed = `<?xml version="1.0"?><rss version="2.0" xmlns:dc="http://purl.org/dc/elements/1.1/"><channel><title>West Coast Courier</title>` + items.String() + `</channel></rss>`
	// RSS wants RFC 822 dates; gofeed also reads ISO ones, which these are once the year is back.
	s.feed = strings.NewReplacer("<pubDate>02-", "<pubDate>2026-02-", "<pubDate>03-", "<pubDate>2026-03-").Replace(s.feed)
	return s
}

// TestFetchEndToEnd follows a site, fetches its feed's items' pages into a
// real store, and finds the articles stored with their provenance and
// clustered into stories; a second fetch fetches nothing again.
func TestFetchEndToEnd(t *testing.T) {
	site := newNewsSite(t)
	db := filepath.Join(t.TempDir(), "s.db")
	env := map[string]string{"STORYLINE_ALLOW_PRIVATE": "true", "STORYLINE_HOST_INTERVAL": "0"}

	out, errs, code := runAppEnv(t, env, "sources", "add", "--db", db, site.URL+"/", "--interval", "10m")
	if code != 0 || !strings.Contains(out, "found the feed "+site.URL+"/feeds/news.xml") {
		t.Fatalf("sources add: %d\n%s\n%s", code, out, errs)
	}
	archive := filepath.Join(t.TempDir(), "archive")
	out, errs, code = runAppEnv(t, env, "fetch", "--db", db, "--archive", archive)
	if code != 0 || !strings.Contains(out, "4 items, 4 new") {
		t.Fatalf("fetch: %d\n%s\n%s", code, out, errs)
	}
	// What was fetched is in the WARC archive: the feed and every page.
	warcs, _ := filepath.Glob(filepath.Join(archive, "*.warc.gz"))
	if len(warcs) != 1 {
		t.Fatalf("archive files %v", warcs)
	}
	recs := readWARC(t, warcs[0])
	for _, p := range append([]string{"/feeds/news.xml"}, pagePathsOf()...) {
		if !strings.Contains(recs, "WARC-Target-URI: "+site.URL+p) {
			t.Errorf("the archive lacks %s", p)
		}
	}
	st, err := sqlite.Open(context.Background(), db)
	if err != nil {
		t.Fatal(err)
	}
	pages := archivedPages(t, warcs[0])
	stories := map[string]string{}
	for _, p := range sitePages {
		var a = mustArticleByURL(t, st, site.URL+p.path)
		// The article names the response record of its page, which the
		// archive reader finds in that file with the bytes served.
		if a.Archive == nil || a.Archive.File != filepath.Base(warcs[0]) {
			t.Errorf("article %s: archive %+v, want a record of %s", p.path, a.Archive, filepath.Base(warcs[0]))
		} else if pg, ok := pages[a.Archive.Record]; !ok || pg.URL != site.URL+p.path || string(pg.Body) != site.pages[p.path] {
			t.Errorf("article %s: record %s is not its page in the archive (found %t, URL %q)", p.path, a.Archive.Record, ok, pg.URL)
		}
		if a.Source != site.URL+"/feeds/news.xml" || a.Fetched == "" || a.URL != site.URL+p.path || a.Headline != p.title || a.Story == "" ||
			!strings.HasPrefix(a.Published, p.date) || a.Outlet != "West Coast Courier" {
			t.Errorf("article %s: url %q source %q fetched %q headline %q story %q published %q outlet %q", p.path, a.URL, a.Source, a.Fetched, a.Headline, a.Story, a.Published, a.Outlet)
		}
		stories[p.path] = a.Story
	}
	if stories["/news/harbour-wall"] != stories["/news/harbour-repairs"] || stories["/news/school-vote"] != stories["/news/school-board"] ||
		stories["/news/harbour-wall"] == stories["/news/school-vote"] {
		t.Errorf("stories %v: want the two harbour reports in one, the two school reports in another", stories)
	}
	srcs, _ := st.PolledSources(context.Background())
	st.Close()
	if len(srcs) != 1 || srcs[0].Articles != 4 || srcs[0].Kind != "site" || srcs[0].State() != "healthy" {
		t.Errorf("sources %+v", srcs)
	}
	// Again, all: the feed answers 304, no page is fetched twice.
	out, _, code = runAppEnv(t, env, "fetch", "--db", db, "--all")
	if code != 0 || !strings.Contains(out, "not modified") {
		t.Errorf("second fetch: %d %s", code, out)
	}
	for _, p := range sitePages {
		if n := site.hits[p.path]; n != 1 {
			t.Errorf("%s fetched %d times", p.path, n)
		}
	}
	out, _, _ = runAppEnv(t, env, "sources", "list", "--db", db)
	if !strings.Contains(out, "healthy") || !strings.Contains(out, "site") || !strings.Contains(out, "10m") {
		t.Errorf("list:\n%s", out)
	}
}

// TestFetchPrivateRefused: without the operator's switch, a source on
// 127.0.0.1 is refused, and says so.
func TestFetchPrivateRefused(t *testing.T) {
	site := newNewsSite(t)
	db := filepath.Join(t.TempDir(), "s.db")
	_, errs, code := runAppEnv(t, nil, "sources", "add", "--db", db, site.URL+"/feeds/news.xml")
	if code != 1 || !strings.Contains(errs, "not allowed") {
		t.Errorf("add of a loopback feed: %d %s", code, errs)
	}
	if n := site.hits["/feeds/news.xml"]; n != 0 {
		t.Errorf("the refused feed was requested %d times", n)
	}
}

func TestSourcesCommands(t *testing.T) {
	dir := t.TempDir()
	db := filepath.Join(dir, "s.db")
	opml := filepath.Join(dir, "subs.opml")
	page := filepath.Join(dir, "page.html")
	os.WriteFile(page, []byte("<html><body>not a list</body></html>"), 0o600)
	os.WriteFile(opml, []byte(`<opml version="2.0"><body><outline text="A" xmlUrl="https://a.example.test/rss"/><outline text="B" xmlUrl="https://b.example.test/atom"/></body></opml>`), 0o600)
	tests := []struct {
		name   string
		args   []string
		code   int
		stdout string
		stderr string
	}{
		{name: "empty list", args: []string{"sources", "list", "--db", db}, stderr: "no sources yet"},
		{name: "import", args: []string{"sources", "import", opml, "--db", db, "--interval", "2h"}, stdout: "2 feeds added, 0 followed already"},
		{name: "import again", args: []string{"sources", "import", opml, "--db", db}, stdout: "0 feeds added, 2 followed already"},
		{name: "import a missing file", args: []string{"sources", "import", filepath.Join(dir, "none.opml"), "--db", db}, code: 1, stderr: "none.opml"},
		{name: "import a bad file", args: []string{"sources", "import", db, "--db", db}, code: 1, stderr: "s.db: "},
		{name: "import a page", args: []string{"sources", "import", page, "--db", db}, code: 1, stderr: "not an OPML file"},
		{name: "list", args: []string{"sources", "list", "--db", db}, stdout: "https://b.example.test/atom"},
		{name: "pause by URL", args: []string{"sources", "pause", "https://a.example.test/rss", "--db", db}, stdout: "paused"},
		{name: "paused in list", args: []string{"sources", "list", "--db", db}, stdout: "paused"},
		{name: "resume", args: []string{"sources", "resume", "https://a.example.test/rss", "--db", db}, stdout: "resumed"},
		{name: "export", args: []string{"sources", "export", "--db", db}, stdout: `xmlUrl="https://a.example.test/rss"`},
		{name: "remove", args: []string{"sources", "remove", "https://b.example.test/atom", "--db", db}, stdout: "removed"},
		{name: "remove again", args: []string{"sources", "remove", "https://b.example.test/atom", "--db", db}, code: 1, stderr: "no source"},
		{name: "bad interval", args: []string{"sources", "add", "https://c.example.test/", "--interval", "1s", "--db", db}, code: 2, stderr: "interval"},
		{name: "not http", args: []string{"sources", "add", "file:///etc/passwd", "--db", db}, code: 1, stderr: "http"},
		{name: "unknown", args: []string{"sources", "rename", "--db", db}, code: 2, stderr: "unknown sources command"},
		{name: "fetch with nothing due", args: []string{"fetch", "--db", filepath.Join(dir, "empty.db")}, stderr: "no sources yet"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			out, errs, code := runAppEnv(t, nil, tt.args...)
			if code != tt.code || !strings.Contains(out, tt.stdout) || !strings.Contains(errs, tt.stderr) {
				t.Errorf("code %d (want %d)\nstdout %s\nstderr %s", code, tt.code, out, errs)
			}
		})
	}
}

// archivedPages reads a WARC file's pages by record ID.
func archivedPages(t *testing.T, path string) map[string]warc.Page {
	t.Helper()
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	pages := map[string]warc.Page{}
	pr := warc.NewPageReader(f, 0)
	for {
		p, err := pr.Next()
		if errors.Is(err, io.EOF) {
			return pages
		}
		if err != nil {
			t.Fatalf("%s: %v", path, err)
		}
		pages[p.ID] = p
	}
}

func mustArticleByURL(t *testing.T, st *sqlite.Store, url string) (a struct {
	URL, Source, Fetched, Headline, Story, Published, Outlet string
	Archive                                                  *model.Archive
}) {
	t.Helper()
	hits, err := st.Search(context.Background(), store.SearchQuery{Limit: 100, Newest: true, Outlet: "West Coast Courier"})
	if err != nil {
		t.Fatal(err)
	}
	for _, h := range hits {
		if h.URL != url {
			continue
		}
		art, err := st.Article(context.Background(), h.ID)
		if err != nil {
			t.Fatal(err)
		}
		a.URL, a.Source, a.Fetched, a.Headline, a.Story, a.Published, a.Outlet = art.URL, art.Source, art.Fetched, art.Headline, art.Story, art.Published, art.Outlet
		a.Archive = art.Archive
		return a
	}
	t.Errorf("no article for %s", url)
	return a
}

func pagePathsOf() []string {
	var ps []string
	for _, p := range sitePages {
		ps = append(ps, p.path)
	}
	return ps
}

// readWARC returns the text of a gzip-compressed WARC file, every member.
func readWARC(t *testing.T, path string) string {
	t.Helper()
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	zr, err := gzip.NewReader(f)
	if err != nil {
		t.Fatal(err)
	}
	b, err := io.ReadAll(zr) // multistream: every member in turn
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

// TestPollLoop: serve's poller polls a due source at once, and stops
// when its context ends.
func TestPollLoop(t *testing.T) {
	site := newNewsSite(t)
	db := filepath.Join(t.TempDir(), "s.db")
	st, err := sqlite.Open(context.Background(), db)
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	if _, err := st.AddPolledSource(context.Background(), store.PolledSource{URL: site.URL + "/feeds/news.xml", Kind: store.SourceFeed, Interval: time.Hour}); err != nil {
		t.Fatal(err)
	}
	cfg := config.Default()
	cfg.AllowPrivate, cfg.HostInterval = true, 0
	var errb bytes.Buffer
	app := &App{Stdin: strings.NewReader(""), Stdout: io.Discard, Stderr: &errb, Getenv: func(string) string { return "" }}
	p, _, closeArchive, err := newPoller(app, cfg, st)
	if err != nil {
		t.Fatal(err)
	}
	defer closeArchive()
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan struct{})
	go func() { pollLoop(ctx, p); close(done) }()
	deadline := time.Now().Add(30 * time.Second)
	for {
		if n, _ := st.CountArticles(context.Background()); n == len(sitePages) {
			break
		}
		if time.Now().After(deadline) {
			t.Fatalf("the poller stored nothing in 30 s: %s", errb.String())
		}
		time.Sleep(50 * time.Millisecond)
	}
	cancel()
	select {
	case <-done:
	case <-time.After(10 * time.Second):
		t.Fatal("the poller did not stop with its context")
	}
}
