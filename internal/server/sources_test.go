package server

import (
	"context"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/storyline-news/storyline/internal/auth/authtest"
	"github.com/storyline-news/storyline/internal/fetch"
	"github.com/storyline-news/storyline/internal/model"
	"github.com/storyline-news/storyline/internal/poll"
	"github.com/storyline-news/storyline/internal/store"
)

// TestSourcesPage: the followed sources come first on /sources, with
// their state, and an admin adds (by autodiscovery on a loopback site),
// pauses, resumes and removes them with forms; a reader sees them without
// the forms and cannot post them; the outlets are listed as before.
func TestSourcesPage(t *testing.T) {
	site := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		switch r.URL.Path {
		case "/":
			io.WriteString(w, `<html><head><link rel="alternate" type="application/rss+xml" href="/rss"></head></html>`)
		case "/rss":
			io.WriteString(w, `<rss version="2.0"><channel><title>Quayside Post</title></channel></rss>`)
		default:
			http.NotFound(w, r)
		}
	}))
	defer site.Close()
	_, st, ann := newAccountServer(t, AccountOptions{})
	bob := authtest.User(t, st.(store.Accounts), "bob", false)
	adder := &poll.Poller{Store: st, Client: fetch.New(fetch.Config{AllowPrivate: true, HostInterval: -1})}
	s, err := New(Options{Store: st, Logger: slog.New(slog.NewTextHandler(io.Discard, nil)),
		Sources: SourceOptions{Adder: adder, Interval: 30 * time.Minute}})
	if err != nil {
		t.Fatal(err)
	}
	h := s.Handler()
	ctx := context.Background()
	failing, err := st.AddPolledSource(ctx, store.PolledSource{URL: "https://down.example/feed", Kind: store.SourceFeed, Interval: time.Hour})
	if err != nil {
		t.Fatal(err)
	}
	st.RecordPoll(ctx, failing.ID, store.Poll{At: time.Now(), Next: time.Now().Add(time.Hour), Err: "fetch https://down.example/feed: unexpected status: 500"})

	res := send(h, "POST", "/sources/polled", "", url.Values{"url": {site.URL + "/"}, "interval": {"2h"}}, ann.Cookie)
	body := readBody(res)
	if res.StatusCode != http.StatusCreated || !strings.Contains(body, "Found the feed "+site.URL+"/rss") {
		t.Fatalf("add: %d %s", res.StatusCode, body)
	}
	page := readBody(send(h, "GET", "/sources", "", nil, ann.Cookie))
	followed, outlets := strings.Index(page, "Followed sources"), strings.Index(page, "Outlets")
	if followed < 0 || outlets < followed {
		t.Fatalf("the followed sources do not come first:\n%s", page)
	}
	for _, want := range []string{"Quayside Post", "state-healthy", "2h", "state-failing", "unexpected status: 500", "never", `action="/sources/polled"`, "/pause"} {
		if !strings.Contains(page, want) {
			t.Errorf("the sources page lacks %q", want)
		}
	}
	srcs, _ := st.PolledSources(ctx)
	if len(srcs) != 2 || srcs[1].Kind != store.SourceSite || srcs[1].Interval != 2*time.Hour {
		t.Fatalf("sources %+v", srcs)
	}
	added := srcs[1].ID
	for _, tt := range []struct {
		action string
		check  func(store.PolledSource, error) bool
	}{
		{"pause", func(s store.PolledSource, err error) bool { return err == nil && s.Paused }},
		{"resume", func(s store.PolledSource, err error) bool { return err == nil && !s.Paused }},
		{"remove", func(s store.PolledSource, err error) bool { return err != nil }},
	} {
		// A reader may not; an admin may.
		if res := send(h, "POST", "/sources/polled/"+added+"/"+tt.action, "", url.Values{}, bob.Cookie); res.StatusCode != http.StatusForbidden {
			t.Errorf("%s by a reader: %d", tt.action, res.StatusCode)
		}
		if res := send(h, "POST", "/sources/polled/"+added+"/"+tt.action, "", url.Values{}, ann.Cookie); res.StatusCode != http.StatusSeeOther {
			t.Errorf("%s: %d", tt.action, res.StatusCode)
		}
		if !tt.check(st.PolledSource(ctx, added)) {
			t.Errorf("after %s the source is not as it should be", tt.action)
		}
	}
	if res := send(h, "POST", "/sources/polled", "", url.Values{"url": {site.URL + "/nothing"}}, ann.Cookie); res.StatusCode != http.StatusUnprocessableEntity {
		t.Errorf("adding a page with no feed: %d", res.StatusCode)
	}
	if res := send(h, "POST", "/sources/polled", "", url.Values{"url": {site.URL + "/"}, "interval": {"1s"}}, ann.Cookie); res.StatusCode != http.StatusBadRequest {
		t.Errorf("a one-second interval: %d", res.StatusCode)
	}
	// A reader sees the sources, not the forms.
	page = readBody(send(h, "GET", "/sources", "", nil, bob.Cookie))
	if !strings.Contains(page, "down.example") || strings.Contains(page, `action="/sources/polled"`) || strings.Contains(page, "/pause") {
		t.Errorf("a reader's sources page:\n%s", page)
	}
	// A cross-site form post is refused before it reaches the handler.
	req := httptest.NewRequest("POST", "/sources/polled/"+failing.ID+"/remove", strings.NewReader(""))
	req.Host = "localhost"
	req.Header.Set("Sec-Fetch-Site", "cross-site")
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	req.AddCookie(ann.Cookie)
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, req)
	if rec.Code != http.StatusForbidden {
		t.Errorf("cross-site remove: %d", rec.Code)
	}
	if _, err := st.PolledSource(ctx, failing.ID); err != nil {
		t.Errorf("the cross-site post removed the source")
	}
}

// TestArticleProvenance: an article from a feed shows where it came from
// and when it was fetched, and links the original; one kept in a web
// archive names the archive file and record.
func TestArticleProvenance(t *testing.T) {
	h, st, ann := newHandler(t, AccountOptions{})
	tests := []struct {
		name    string
		archive *model.Archive
		want    []string
		notWant []string
	}{
		{name: "fetched", want: []string{`href="https://quay.example/a/1"`, `href="https://quay.example/rss"`, "1 Mar 2026 09:30 UTC", `datetime="2026-03-01T09:30:00Z"`},
			notWant: []string{"web archive"}},
		{name: "fetched and archived", archive: &model.Archive{File: "storyline-20260301093000-00000.warc.gz", Record: "urn:uuid:0f6f0a4e-2d47-4c51-9b1c-7f0e3c1f9a10"},
			want: []string{`href="https://quay.example/rss"`, "Kept in the web archive <code>storyline-20260301093000-00000.warc.gz</code>, record <code>urn:uuid:0f6f0a4e-2d47-4c51-9b1c-7f0e3c1f9a10</code>."}},
	}
	for i, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			id := fmt.Sprintf("quay_%d", i)
			a := model.Article{ID: id, URL: "https://quay.example/a/1", Outlet: "Quayside Post", Headline: "Ferry returns",
				Body: []string{"The ferry is back."}, Source: "https://quay.example/rss", Fetched: "2026-03-01T09:30:00Z", Archive: tt.archive}
			if _, err := st.SaveArticles(context.Background(), []model.Article{a}); err != nil {
				t.Fatal(err)
			}
			pageHas(t, readBody(send(h, "GET", "/articles/"+id, "", nil, ann.Cookie)), tt.want, tt.notWant)
		})
	}
}

// pageHas checks that a page holds every string of want and none of not.
func pageHas(t *testing.T, page string, want, not []string) {
	t.Helper()
	for _, w := range want {
		if !strings.Contains(page, w) {
			t.Errorf("page lacks %q", w)
		}
	}
	for _, n := range not {
		if strings.Contains(page, n) {
			t.Errorf("page has %q", n)
		}
	}
}
