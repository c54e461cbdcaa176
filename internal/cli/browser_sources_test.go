package cli

import (
	"bytes"
	"context"
	"io"
	"log/slog"
	"net/http/httptest"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"

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
	if testing.Short() {
		t.Skip("browser test skipped in -short mode")
	}
	exe := chromium(t)
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

	opts := append(chromedp.DefaultExecAllocatorOptions[:], chromedp.ExecPath(exe), chromedp.NoSandbox, chromedp.DisableGPU,
		chromedp.Flag("disable-background-networking", true), chromedp.Flag("disable-component-update", true),
		chromedp.Flag("disable-sync", true), chromedp.NoFirstRun, chromedp.UserDataDir(t.TempDir()))
	// The first run starts the browser, on bctx itself: a run on a
	// context with a deadline would stop it when that context ends. On a
	// loaded machine Chromium sometimes dies while starting; a second or
	// third start is tried before the test fails.
	var bctx context.Context
	for try := 1; ; try++ {
		actx, cancelAlloc := chromedp.NewExecAllocator(ctx, opts...)
		defer cancelAlloc()
		c, cancelBrowser := chromedp.NewContext(actx)
		defer cancelBrowser()
		_, err := chromedp.Run(c, chromedp.Navigate("about:blank"))
		if err == nil {
			bctx = c
			break
		}
		if try == 3 {
			t.Fatalf("start chromium (3 tries): %v", err)
		}
		t.Logf("chromium did not start (try %d): %.200v", try, err)
		cancelBrowser()
		cancelAlloc()
	}
	text := func(sel string) string {
		t.Helper()
		got, err := run(bctx, chromedp.Evaluate[string](`[...document.querySelectorAll(`+jsString(sel)+`)].map(e => e.textContent).join(" | ")`))
		if err != nil {
			t.Fatal(err)
		}
		return strings.Join(strings.Fields(got), " ")
	}
	out := artifacts(t)
	shot := func(name string) {
		png, err := run(bctx, chromedp.FullScreenshot(100))
		if err == nil {
			os.WriteFile(filepath.Join(out, name+".png"), png, 0o644)
		}
	}

	act(t, bctx, "sign in", chromedp.Navigate(hs.URL+"/signin?next=/sources"))
	act(t, bctx, "name", chromedp.SendKeys(`#name`, "editor", chromedp.NodeVisible))
	act(t, bctx, "password", chromedp.SendKeys(`#password`, password, chromedp.NodeVisible))
	act(t, bctx, "sign in", chromedp.Click(`.signin-box button`, chromedp.NodeVisible))
	act(t, bctx, "sources page", chromedp.WaitVisible(`#followed`))
	if got := text(".followed .empty"); !strings.Contains(got, "No followed sources yet") {
		t.Errorf("an empty list says %q", got)
	}
	act(t, bctx, "type the site", chromedp.SendKeys(`#source-url`, site.URL+"/", chromedp.NodeVisible))
	act(t, bctx, "follow", chromedp.Click(`form.add-source button`, chromedp.NodeVisible))
	act(t, bctx, "followed", chromedp.WaitVisible(`.followed .notice`))
	if got := text(".followed .notice"); !strings.Contains(got, "Found the feed "+site.URL+"/feeds/news.xml") {
		t.Errorf("after following: %q", got)
	}
	if _, err := poller.Poll(ctx, false); err != nil {
		t.Fatal(err)
	}
	act(t, bctx, "reload", chromedp.Navigate(hs.URL+"/sources"))
	act(t, bctx, "the list", chromedp.WaitVisible(`table.polled`))
	shot("sources-followed")
	row := text("table.polled tbody tr")
	for _, want := range []string{"West Coast Courier", "healthy", "30m", " 4 "} {
		if !strings.Contains(" "+row+" ", want) {
			t.Errorf("the source's row %q lacks %q", row, want)
		}
	}
	if first, outlets := strings.Index(text("main"), "Followed sources"), strings.Index(text("main"), "Outlets"); first < 0 || outlets < first {
		t.Errorf("the followed sources are not first")
	}
	act(t, bctx, "pause", chromedp.Click(`table.polled form[action$="/pause"] button`, chromedp.NodeVisible))
	act(t, bctx, "paused", chromedp.WaitVisible(`.badge.state-paused`))
	if got := text("table.polled .badge"); got != "paused" {
		t.Errorf("badge after pausing: %q", got)
	}
	act(t, bctx, "search", chromedp.Navigate(hs.URL+"/search?q=harbour"))
	href, err := run(bctx, chromedp.Evaluate[string](`(document.querySelector('a[href^="/articles/"]')||{}).getAttribute ? document.querySelector('a[href^="/articles/"]').getAttribute('href') : ""`))
	if err != nil || href == "" {
		t.Fatalf("no article link in the search: %v", err)
	}
	act(t, bctx, "open it", chromedp.Navigate(hs.URL+href))
	act(t, bctx, "provenance", chromedp.WaitVisible(`.provenance`))
	shot("article-provenance")
	if got := text(".provenance"); !strings.Contains(got, "Came from "+site.URL+"/feeds/news.xml, fetched") ||
		!regexp.MustCompile(`Kept in the web archive storyline-\d{14}-\d{5}\.warc\.gz, record urn:uuid:[0-9a-f-]{36}\.`).MatchString(got) {
		t.Errorf("provenance %q", got)
	}
}

// act runs one browser action, failing the test when it fails.
func act[T any](t *testing.T, ctx context.Context, what string, a chromedp.Action[T]) {
	t.Helper()
	if _, err := run(ctx, a); err != nil {
		t.Fatalf("%s: %v", what, err)
	}
}
