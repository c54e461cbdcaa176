package poll

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/storyline-news/storyline/internal/fetch"
	"github.com/storyline-news/storyline/internal/model"
	"github.com/storyline-news/storyline/internal/store"
)

// TestPollFailures polls sources that fail every way a server can: each
// failure is recorded on its source with a backoff, and none stops the
// others.
func TestPollFailures(t *testing.T) {
	srv := newServer(t)
	st := openStore(t)
	k := &sink{}
	now := time.Date(2026, 6, 1, 12, 0, 0, 0, time.UTC)
	p := &Poller{Store: st, Client: testClient(t, true, 2*time.Second), Sink: k.take, Now: func() time.Time { return now }, Jitter: func() float64 { return 0 }}
	ctx := context.Background()
	srv.setFeed("/ok.rss", []byte(rss(srv.URL, item{"ok-1", "/a/ok", "Fine story", ""})))
	srv.pages["/a/ok"] = invented("Fine story", 1)
	tests := []struct {
		path string
		want string // in last_error
		next time.Duration
	}{
		{"/fail/429", "429", 2 * time.Hour}, // Retry-After 7200 beats the 30m backoff
		{"/fail/500", "500", 30 * time.Minute},
		{"/fail/loop", "redirect", 30 * time.Minute},
		{"/fail/huge", "size", 30 * time.Minute},
		{"/fail/drip", "timed out", 30 * time.Minute},
		{"/fail/malformed", "malformed", 30 * time.Minute},
		{"/fail/missing", "404", 30 * time.Minute},
	}
	ids := map[string]string{}
	for _, tt := range tests {
		src, err := st.AddPolledSource(ctx, store.PolledSource{URL: srv.URL + tt.path, Kind: store.SourceFeed, Interval: 30 * time.Minute})
		if err != nil {
			t.Fatal(err)
		}
		ids[tt.path] = src.ID
	}
	ok, err := p.Add(ctx, srv.URL+"/ok.rss", 30*time.Minute)
	if err != nil {
		t.Fatal(err)
	}
	start := time.Now()
	res, err := p.Poll(ctx, false)
	if err != nil {
		t.Fatal(err)
	}
	if took := time.Since(start); took > 20*time.Second {
		t.Errorf("a poll of failing sources took %s", took)
	}
	if len(res) != len(tests)+1 {
		t.Fatalf("%d results", len(res))
	}
	for _, tt := range tests {
		got, err := st.PolledSource(ctx, ids[tt.path])
		if err != nil {
			t.Fatal(err)
		}
		if got.State() != store.StateFailing || got.Failures != 1 || !strings.Contains(got.LastError, tt.want) || !strings.Contains(got.LastError, tt.path) {
			t.Errorf("%s: state %s, failures %d, last error %q; want failing with %q", tt.path, got.State(), got.Failures, got.LastError, tt.want)
		}
		if !got.NextFetch.Equal(now.Add(tt.next)) {
			t.Errorf("%s: next poll in %s, want %s", tt.path, got.NextFetch.Sub(now), tt.next)
		}
	}
	if got, _ := st.PolledSource(ctx, ok.ID); got.State() != store.StateHealthy || got.Articles != 1 {
		t.Errorf("the working source beside them: %+v", got)
	}
	// A second failure in a row doubles the wait.
	now = now.Add(time.Hour)
	if _, err := p.Poll(ctx, false); err != nil {
		t.Fatal(err)
	}
	if got, _ := st.PolledSource(ctx, ids["/fail/500"]); got.Failures != 2 || !got.NextFetch.Equal(now.Add(time.Hour)) {
		t.Errorf("second failure: %d failures, next in %s", got.Failures, got.NextFetch.Sub(now))
	}
	if got, _ := st.PolledSource(ctx, ids["/fail/429"]); got.Failures != 1 {
		t.Errorf("polled before its Retry-After: %+v", got)
	}
	// The cap.
	if d := p.backoff(30*time.Minute, 20, errors.New("x")); d != DefaultMaxBackoff {
		t.Errorf("backoff after 20 failures %s", d)
	}
}

type item struct{ guid, path, title, desc string }

func rss(base string, items ...item) string {
	var b strings.Builder
	b.WriteString(`<?xml version="1.0" encoding="utf-8"?><rss version="2.0"><channel><title>Brindlecombe Courier</title>`)
	for _, it := range items {
		fmt.Fprintf(&b, `<item><guid>%s</guid><title>%s</title><link>%s%s</link><pubDate>Mon, 01 Jun 2026 09:00:00 GMT</pubDate><description>%s</description></item>`,
			it.guid, it.title, base, it.path, it.desc)
	}
	b.WriteString(`</channel></rss>`)
	return b.String()
}

// itemText is an item's own text long enough for an article, which an
// item whose page cannot be had stands on.
var itemText = strings.Repeat("The harbour master of Brindlecombe said the new quay would open in spring after a long delay. ", 6)

// TestItemFailures: an item's page that robots.txt forbids or that is
// missing falls back to the feed's text when it has enough, else is
// recorded and shown on the source without failing it, and is not
// fetched again on the next poll.
func TestItemFailures(t *testing.T) {
	srv := newServer(t)
	srv.robots = "User-agent: *\nDisallow: /private/\n"
	st := openStore(t)
	k := &sink{}
	p := &Poller{Store: st, Client: testClient(t, true, 5*time.Second), Sink: k.take}
	ctx := context.Background()
	srv.setFeed("/f.rss", []byte(rss(srv.URL,
		item{"g1", "/private/long", "Quay opens", itemText},
		item{"g2", "/private/short", "Teaser only", "Read more."},
		item{"g3", "/gone", "Missing page", ""},
		item{"g4", "/a/fine", "Fine page", ""},
		item{"g5", "/a/bad", "An unreadable page", ""},
		item{"g6", "/image.png", "Not a page", ""},
	)))
	srv.pages["/a/fine"] = invented("Fine page", 2)
	srv.pages["/a/bad"] = invented("An unreadable page", 3)
	src, err := p.Add(ctx, srv.URL+"/f.rss", time.Hour)
	if err != nil {
		t.Fatal(err)
	}
	res, err := p.Poll(ctx, false)
	if err != nil || len(res) != 1 {
		t.Fatal(res, err)
	}
	r := res[0]
	if r.Err != nil || r.New != 2 || r.Fallback != 1 || r.Failed != 4 {
		t.Errorf("poll: %s (new %d, fallback %d, failed %d)", r, r.New, r.Fallback, r.Failed)
	}
	got, _ := st.PolledSource(ctx, src.ID)
	if got.State() != store.StateHealthy || !strings.Contains(got.LastError, "4 of 6 items gave no article") || got.Articles != 2 {
		t.Errorf("source: %+v", got)
	}
	var fallback *model.Document
	for i := range k.docs {
		if k.docs[i].Title == "Quay opens" {
			fallback = &k.docs[i]
		}
	}
	if fallback == nil || fallback.Format != model.FormatText || !strings.Contains(fallback.Content, "harbour master") {
		t.Errorf("the forbidden page's item did not fall back to its own text: %+v", fallback)
	}
	seen, _ := st.SeenItems(ctx, src.ID, []string{"g2", "g3", "g5", "g6"})
	if !strings.Contains(seen["g2"].Error, "robots") || !strings.Contains(seen["g3"].Error, "404") || !strings.Contains(seen["g5"].Error, "no article text") ||
		!strings.Contains(seen["g6"].Error, "not an HTML page") {
		t.Errorf("item errors %+v", seen)
	}
	// The next poll (the feed unchanged but polled in full) fetches none again.
	if _, err := p.Poll(ctx, true); err != nil {
		t.Fatal(err)
	}
	for _, path := range []string{"/gone", "/a/fine", "/a/bad", "/image.png"} {
		if n := srv.hits(path); n != 1 {
			t.Errorf("%s fetched %d times", path, n)
		}
	}
	for _, path := range []string{"/private/long", "/private/short"} {
		if n := srv.hits(path); n != 0 {
			t.Errorf("%s fetched %d times though robots.txt forbids it", path, n)
		}
	}
}

// TestPrivateRefused: with private addresses not allowed, an item that
// points at 127.0.0.1 is refused by the fetcher and shown on its source.
// (The feed itself is read through a client that allows loopback, as an
// operator's intranet feed would be; only the item pages go through the
// strict one.)
func TestPrivateRefused(t *testing.T) {
	srv := newServer(t)
	st := openStore(t)
	k := &sink{}
	strict, open := testClient(t, false, 5*time.Second), testClient(t, true, 5*time.Second)
	p := &Poller{Store: st, Client: split{feed: open, page: strict, feedPath: "/f.rss"}, Sink: k.take}
	srv.setFeed("/f.rss", []byte(rss(srv.URL, item{"g1", "/a/one", "Loopback story", ""})))
	srv.pages["/a/one"] = invented("Loopback story", 1)
	ctx := context.Background()
	src, err := p.Add(ctx, srv.URL+"/f.rss", time.Hour)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := p.Poll(ctx, false); err != nil {
		t.Fatal(err)
	}
	if n := srv.hits("/a/one"); n != 0 {
		t.Errorf("the refused page was requested %d times", n)
	}
	got, _ := st.PolledSource(ctx, src.ID)
	if !strings.Contains(got.LastError, "not allowed") || !strings.Contains(got.LastError, "127.0.0.1") || got.Articles != 0 || len(k.docs) != 0 {
		t.Errorf("source after a refused item: %+v", got)
	}
}

// split sends the feed's request to one client and every other to another.
type split struct {
	feed, page *fetch.Client
	feedPath   string
}

func (s split) Get(ctx context.Context, r fetch.Request) (*fetch.Response, error) {
	if strings.HasSuffix(r.URL, s.feedPath) {
		return s.feed.Get(ctx, r)
	}
	return s.page.Get(ctx, r)
}
