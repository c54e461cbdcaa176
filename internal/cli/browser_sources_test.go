package cli

import (
	"bytes"
	"context"
	"io"
	"log/slog"
	"net/http/httptest"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"

	"github.com/storyline-news/storyline/internal/browsertest"
	"github.com/storyline-news/storyline/internal/config"
	"github.com/storyline-news/storyline/internal/server"
	"github.com/storyline-news/storyline/internal/store/sqlite"
)

// TestBrowserSources drives headless Chromium over the followed sources:
// an admin follows an invented site on loopback with the form (its feed
// found by autodiscovery), the poller fetches its articles, the sources
// page shows the source healthy with its articles, the admin pauses it,
// and an article's page says where it came from.
func TestBrowserSources(t *testing.T) {
	b := browsertest.Start(t)
	site := newNewsSite(t)
	ctx := context.Background()
	db := filepath.Join(t.TempDir(), "sources.db")
	const password = "an editor's long password"
	var stderr bytes.Buffer
	adder := &App{Stdin: strings.NewReader(password + "\n"), Stdout: io.Discard, Stderr: &stderr, Getenv: func(string) string { return "" }}
	if code := adder.Run(ctx, []string{"storyline", "user", "add", "--db", db, "editor"}); code != 0 {
		t.Fatalf("user add exited %d: %s", code, stderr.String())
	}
	st, err := sqlite.Open(ctx, db)
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	cfg := config.Default()
	cfg.AllowPrivate, cfg.HostInterval = true, 0
	cfg.Archive = t.TempDir()
	app := &App{Stdin: strings.NewReader(""), Stdout: io.Discard, Stderr: &stderr, Getenv: func(string) string { return "" }}
	poller, _, closeArchive, err := newPoller(app, cfg, st)
	if err != nil {
		t.Fatal(err)
	}
	defer closeArchive()
	srv, err := server.New(server.Options{Store: st, Logger: slog.New(slog.NewTextHandler(io.Discard, nil)),
		Sources: server.SourceOptions{Adder: poller, Interval: cfg.PollInterval}})
	if err != nil {
		t.Fatal(err)
	}
	hs := httptest.NewServer(srv.Handler())
	defer hs.Close()

	text := func(sel string) string {
		t.Helper()
		got := browsertest.Eval[string](t, b, `[...document.querySelectorAll(`+browsertest.JSString(sel)+`)].map(e => e.textContent).join(" | ")`)
		return strings.Join(strings.Fields(got), " ")
	}

	browsertest.Do(t, b, "sign in", chromedp.Navigate(hs.URL+"/signin?next=/sources"))
	browsertest.Do(t, b, "name", chromedp.SendKeys(`#name`, "editor", chromedp.NodeVisible))
	browsertest.Do(t, b, "password", chromedp.SendKeys(`#password`, password, chromedp.NodeVisible))
	browsertest.Do(t, b, "sign in", chromedp.Click(`.signin-box button`, chromedp.NodeVisible))
	browsertest.Do(t, b, "sources page", chromedp.WaitVisible(`#followed`))
	if got := text(".followed .empty"); !strings.Contains(got, "No followed sources yet") {
		t.Errorf("an empty list says %q", got)
	}
	browsertest.Do(t, b, "type the site", chromedp.SendKeys(`#source-url`, site.URL+"/", chromedp.NodeVisible))
	browsertest.Do(t, b, "follow", chromedp.Click(`form.add-source button`, chromedp.NodeVisible))
	browsertest.Do(t, b, "followed", chromedp.WaitVisible(`.followed .notice`))
	if got := text(".followed .notice"); !strings.Contains(got, "Found the feed "+site.URL+"/feeds/news.xml") {
		t.Errorf("after following: %q", got)
	}
	if _, err := poller.Poll(ctx, false); err != nil {
		t.Fatal(err)
	}
	browsertest.Do(t, b, "reload", chromedp.Navigate(hs.URL+"/sources"))
	browsertest.Do(t, b, "the list", chromedp.WaitVisible(`table.polled`))
	b.Screenshot(t, "sources-followed")
	row := text("table.polled tbody tr")
	for _, want := range []string{"West Coast Courier", "healthy", "30m", " 4 "} {
		if !strings.Contains(" "+row+" ", want) {
			t.Errorf("the source's row %q lacks %q", row, want)
		}
	}
	if first, outlets := strings.Index(text("main"), "Followed sources"), strings.Index(text("main"), "Outlets"); first < 0 || outlets < first {
		t.Errorf("the followed sources are not first")
	}
	browsertest.Do(t, b, "pause", chromedp.Click(`table.polled form[action$="/pause"] button`, chromedp.NodeVisible))
	browsertest.Do(t, b, "paused", chromedp.WaitVisible(`.badge.state-paused`))
	if got := text("table.polled .badge"); got != "paused" {
		t.Errorf("badge after pausing: %q", got)
	}
	browsertest.Do(t, b, "search", chromedp.Navigate(hs.URL+"/search?q=harbour"))
	href, err := browsertest.Run(b.Ctx, chromedp.Evaluate[string](`(document.querySelector('a[href^="/articles/"]')||{}).getAttribute ? document.querySelector('a[href^="/articles/"]').getAttribute('href') : ""`))
	if err != nil || href == "" {
		t.Fatalf("no article link in the search: %v", err)
	}
	browsertest.Do(t, b, "open it", chromedp.Navigate(hs.URL+href))
	browsertest.Do(t, b, "provenance", chromedp.WaitVisible(`.provenance`))
	b.Screenshot(t, "article-provenance")
	if got := text(".provenance"); !strings.Contains(got, "Came from "+site.URL+"/feeds/news.xml, fetched") ||
		!regexp.MustCompile(`Kept in the web archive storyline-\d{14}-\d{5}\.warc\.gz, record urn:uuid:[0-9a-f-]{36}\.`).MatchString(got) {
		t.Errorf("provenance %q", got)
	}
}
