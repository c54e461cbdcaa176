package server

import (
	"context"
	"io"
	"log/slog"
	"net/http/httptest"
	"os"
	"os/exec"
	"path/filepath"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"github.com/storyline-news/storyline/internal/cluster"
	"github.com/storyline-news/storyline/internal/model"
	"github.com/storyline-news/storyline/internal/store/sqlite"
	"github.com/storyline-news/storyline/internal/storyview"
)

// chartFixture is an invented story told over three days by three
// outlets, naming real places, with a figure that moves and is disputed.
func chartFixture() []model.Article {
	places := []model.Entity{{Name: "France", Type: model.Place, Mentions: 1}, {Name: "Lyon", Type: model.Place, Mentions: 2}, {Name: "Marseille", Type: model.Place, Mentions: 1}}
	art := func(id, outlet, published, headline string, figs ...model.Figure) model.Article {
		return model.Article{ID: id, Outlet: outlet, Published: published, Headline: headline,
			Body:     []string{headline + ", " + outlet + " reports.", "Rail workers in Lyon and Marseille want more pay."},
			Entities: places, Figures: figs}
	}
	return []model.Article{
		art("rail-1", "Rhone Ledger", "2024-06-03T08:00:00Z", "Rail strike halts trains in Lyon",
			model.Figure{Text: "1,000 workers", Value: 1000, Unit: "workers", Claimant: "the union", Date: "2024-06-03"}),
		art("rail-2", "Coast Herald", "2024-06-04T09:30:00Z", "Strike spreads to Marseille",
			model.Figure{Text: "2,000 workers", Value: 2000, Unit: "workers", Claimant: "the union", Date: "2024-06-04"},
			model.Figure{Text: "1,200 workers", Value: 1200, Unit: "workers", Claimant: "the rail company", Date: "2024-06-04"}),
		art("rail-3", "Rhone Ledger", "2024-06-05T18:00:00Z", "Rail talks to resume",
			model.Figure{Text: "3,000 workers", Value: 3000, Unit: "workers", Claimant: "the union", Date: "2024-06-05"}),
		art("rail-4", "Valley Wire", "2024-06-05T19:00:00Z", "Rail union and company to meet"),
	}
}

// TestChartsInChromium opens a story page with every kind of picture in
// headless Chromium, under the server's real CSP, at desktop and phone
// widths: each chart is drawn at a useful size in the stylesheet's
// colours, its data table is hidden from sight only, and on a phone no
// chart overflows the page (a chart scrolls within its frame instead). Screenshots go to $STORYLINE_ARTIFACTS.
func TestChartsInChromium(t *testing.T) {
	exe := chromiumPath(t)
	ctx := context.Background()
	st, err := sqlite.Open(ctx, filepath.Join(t.TempDir(), "charts.db"))
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	arts := chartFixture()
	if _, err := st.SaveArticles(ctx, arts); err != nil {
		t.Fatal(err)
	}
	if err := (cluster.Step{}).Apply(ctx, arts); err != nil {
		t.Fatal(err)
	}
	storyview.StableIDs(arts)
	events, stories, err := storyview.Build(arts)
	if err != nil || len(stories) != 1 {
		t.Fatalf("fixture makes %d stories: %v", len(stories), err)
	}
	if err := st.SaveClusters(ctx, arts, events, stories); err != nil {
		t.Fatal(err)
	}
	s, err := New(Options{Store: st, Logger: slog.New(slog.NewTextHandler(io.Discard, nil)), Accounts: AccountOptions{Public: true}})
	if err != nil {
		t.Fatal(err)
	}
	hs := httptest.NewServer(s.Handler())
	defer hs.Close()

	opts := append(chromedp.DefaultExecAllocatorOptions[:], chromedp.ExecPath(exe), chromedp.NoSandbox, chromedp.DisableGPU,
		chromedp.Flag("disable-background-networking", true), chromedp.Flag("disable-component-update", true),
		chromedp.Flag("disable-sync", true), chromedp.NoFirstRun, chromedp.UserDataDir(t.TempDir()))
	actx, cancelAlloc := chromedp.NewExecAllocator(ctx, opts...)
	defer cancelAlloc()
	bctx, cancel := chromedp.NewContext(actx)
	defer cancel()
	// The browser starts on the first run, and stops with that run's
	// context: start it on the long-lived one.
	if _, err := chromedp.Run(bctx, chromedp.Navigate("about:blank")); err != nil {
		t.Fatalf("start chromium: %v", err)
	}
	out := os.Getenv("STORYLINE_ARTIFACTS")
	if out == "" {
		out = t.TempDir()
	} else if err := os.MkdirAll(out, 0o755); err != nil {
		t.Fatal(err)
	}
	const check = `(() => {
		const bad = [];
		const figs = document.querySelectorAll('figure.chart');
		for (const id of ['coverage-chart', 'places-map', 'figure-chart-1']) {
			if (!document.getElementById(id)) bad.push('no ' + id);
		}
		for (const f of figs) {
			const svg = f.querySelector('svg'), r = svg.getBoundingClientRect();
			if (r.width < 300 || r.height < 120) bad.push(f.id + ' drawn at ' + r.width + 'x' + r.height);
			const fill = getComputedStyle(svg.querySelector('rect.s0, g.s0 circle:not(.flag), circle.place')).fill;
			if (fill === 'rgb(0, 0, 0)' || fill === 'none') bad.push(f.id + ' not coloured by the stylesheet: ' + fill);
			const tr = f.querySelector('.visually-hidden').getBoundingClientRect();
			if (tr.width > 1 || tr.height > 1) bad.push(f.id + ' table visible: ' + tr.width + 'x' + tr.height);
			if (!f.querySelector('table th[scope=row]')) bad.push(f.id + ' table has no rows');
			const label = svg.getAttribute('aria-labelledby').split(' ').map(i => document.getElementById(i));
			if (label.some(e => !e || !e.textContent)) bad.push(f.id + ' aria-labelledby names nothing');
		}
		// The figures table widens the page on a phone on its own (issue 15
		// item 4); the charts must not.
		for (const f of figs) {
			if (f.getBoundingClientRect().right > window.innerWidth + 1) bad.push(f.id + ' overflows the page: ' + f.getBoundingClientRect().right);
		}
		return bad;
	})()`
	for _, v := range []struct {
		name string
		w, h int64
	}{{"desktop", 1280, 900}, {"phone", 390, 844}} {
		t.Run(v.name, func(t *testing.T) {
			if _, err := runBrowser(bctx, chromedp.EmulateViewport(v.w, v.h)); err != nil {
				t.Fatal(err)
			}
			if _, err := runBrowser(bctx, chromedp.Navigate(hs.URL+"/stories/"+stories[0].ID)); err != nil {
				t.Fatal(err)
			}
			bad, err := runBrowser(bctx, chromedp.Evaluate[[]string](check))
			if err != nil {
				t.Fatal(err)
			}
			for _, b := range bad {
				t.Error(b)
			}
			png, err := runBrowser(bctx, chromedp.FullScreenshot(100))
			if err != nil {
				t.Fatal(err)
			}
			if err := os.WriteFile(filepath.Join(out, "charts-story-"+v.name+".png"), png, 0o644); err != nil {
				t.Fatal(err)
			}
		})
	}
}

// chromiumPath returns Debian's chromium, skipping the test without it
// (and failing in CI, where the browser tests must run).
func chromiumPath(t *testing.T) string {
	t.Helper()
	for _, p := range []string{os.Getenv("STORYLINE_CHROMIUM"), "/usr/bin/chromium", "/usr/bin/chromium-browser"} {
		if p == "" {
			continue
		}
		if _, err := exec.LookPath(p); err == nil {
			return p
		}
	}
	if os.Getenv("CI") == "true" {
		t.Fatal("chromium is required in CI for the browser tests (apt-get install -y chromium)")
	}
	t.Skip("chromium not found: apt-get install -y chromium to run the browser tests")
	return ""
}

func runBrowser[T any](ctx context.Context, a chromedp.Action[T]) (T, error) {
	ctx, cancel := context.WithTimeout(ctx, 30*time.Second)
	defer cancel()
	return chromedp.Run(ctx, a)
}
