package cli

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"log/slog"
	"net/http/httptest"
	"net/url"
	"path/filepath"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"

	"github.com/storyline-news/storyline/internal/browsertest"
	"github.com/storyline-news/storyline/internal/server"
	"github.com/storyline-news/storyline/internal/shareddata"
	"github.com/storyline-news/storyline/internal/store/sqlite"
	"github.com/storyline-news/storyline/internal/storyview"
	"github.com/storyline-news/storyline/internal/web"
)

// TestBrowserPageTypes serves the seeds and visits every page type in
// Chromium at 1280 and 390 px: it saves a screenshot of each, checks that
// no page scrolls sideways on a phone, that the story page shows its
// coverage on a phone's first screens and its figures' claimants, that the
// follow buttons work, and runs axe-core on every page, failing on serious
// or critical violations.
func TestBrowserPageTypes(t *testing.T) {
	seeds := shareddata.Path(t, "data/seeds")
	b := browsertest.Start(t)
	axe, noAxe := browsertest.AxeScript(t)
	files, err := filepath.Glob(filepath.Join(seeds, "*.txt"))
	if err != nil || len(files) == 0 {
		t.Fatalf("no seed articles in %s: %v", seeds, err)
	}
	ctx := context.Background()
	db := filepath.Join(t.TempDir(), "pages.db")
	var stderr bytes.Buffer
	app := &App{Stdin: strings.NewReader(""), Stdout: io.Discard, Stderr: &stderr, Getenv: func(string) string { return "" }}
	if code := app.Run(ctx, append([]string{"storyline", "ingest", "--year", "2022", "--db", db}, files...)); code != 0 {
		t.Fatalf("ingest exited %d: %s", code, stderr.String())
	}
	const password = "a reader's long password"
	adder := &App{Stdin: strings.NewReader(password + "\n"), Stdout: io.Discard, Stderr: &stderr, Getenv: func(string) string { return "" }}
	if code := adder.Run(ctx, []string{"storyline", "user", "add", "--db", db, "reader"}); code != 0 {
		t.Fatalf("user add exited %d: %s", code, stderr.String())
	}
	st, err := sqlite.Open(ctx, db)
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	stories, err := st.Stories(ctx, 100, 0)
	if err != nil || len(stories) == 0 {
		t.Fatalf("no stories after ingesting the seeds: %v", err)
	}
	// The story with the most articles, and one of its figures' claims.
	story := stories[0]
	for _, s := range stories {
		if s.Articles > story.Articles {
			story = s
		}
	}
	full, v, refs, err := storyview.Load(ctx, st, story.ID)
	if err != nil || len(refs) == 0 {
		t.Fatalf("load story %s: %v", story.ID, err)
	}
	story = full
	srv, err := server.New(server.Options{Store: st, Logger: slog.New(slog.NewTextHandler(io.Discard, nil)),
		Accounts: server.AccountOptions{Public: true}})
	if err != nil {
		t.Fatal(err)
	}
	hs := httptest.NewServer(srv.Handler())
	defer hs.Close()

	visit := func(t *testing.T, path string) {
		t.Helper()
		b.Visit(t, hs.URL+path)
	}
	eval := func(t *testing.T, js string) float64 {
		t.Helper()
		return browsertest.Eval[float64](t, b, js)
	}
	var axeRuns int
	// check screenshots the page at both widths, checks it does not scroll
	// sideways on a phone, and runs axe-core on it at each width.
	check := func(t *testing.T, name string, phone func(t *testing.T)) {
		t.Helper()
		for _, vp := range browsertest.Viewports {
			b.SetViewport(t, vp)
			b.Screenshot(t, name+"-"+vp.Name)
			if vp == browsertest.Phone {
				if sw := eval(t, `document.documentElement.scrollWidth`); sw > float64(vp.W)+1 {
					t.Errorf("%s at %d px is %v px wide: it scrolls sideways", name, vp.W, sw)
				}
				if phone != nil {
					phone(t)
				}
			}
			if axe == "" {
				continue
			}
			vs := b.Axe(t, axe)
			axeRuns++
			for _, v := range vs {
				if v.Impact != "serious" && v.Impact != "critical" {
					continue
				}
				var where []string
				for _, n := range v.Nodes[:min(len(v.Nodes), 3)] {
					where = append(where, fmt.Sprint(n.Target)+" "+n.HTML)
				}
				t.Errorf("%s at %d px: axe %s (%s): %s\n\t%s", name, vp.W, v.ID, v.Impact, v.Help, strings.Join(where, "\n\t"))
			}
		}
		b.SetViewport(t, browsertest.Desktop)
	}

	// The check can fail: axe-core finds an image without a text
	// alternative on a page made to have one.
	t.Run("axe control", func(t *testing.T) {
		if axe == "" {
			t.Skip(noAxe)
		}
		if _, err := browsertest.Run(b.Ctx, chromedp.Navigate(`data:text/html,<!doctype html><html lang="en"><title>x</title><img src="x.png">`)); err != nil {
			t.Fatal(err)
		}
		found := false
		for _, v := range b.Axe(t, axe) {
			found = found || v.ID == "image-alt" && v.Impact == "critical"
		}
		if !found {
			t.Errorf("axe-core did not report an image without alt text: the accessibility checks are not running")
		}
	})

	// Signed out, on a server anyone may read.
	t.Run("front", func(t *testing.T) {
		visit(t, "/")
		check(t, "front", nil)
	})
	t.Run("story signed out", func(t *testing.T) {
		visit(t, "/stories/"+url.PathEscape(story.ID))
		if n := eval(t, `document.querySelectorAll('.follow-story a.signin-follow[href^="/signin?next="]').length`); n != 1 {
			t.Errorf("signed out, the story page shows %v sign-in links to follow, want 1", n)
		}
		check(t, "story-signed-out", nil)
	})
	t.Run("sign-in", func(t *testing.T) {
		visit(t, "/signin?next="+url.QueryEscape("/stories/"+story.ID))
		check(t, "signin", nil)
		if _, err := browsertest.Run(b.Ctx, chromedp.SendKeys(`#name`, "reader", chromedp.NodeVisible)); err != nil {
			t.Fatal(err)
		}
		if _, err := browsertest.Run(b.Ctx, chromedp.SendKeys(`#password`, password, chromedp.NodeVisible)); err != nil {
			t.Fatal(err)
		}
		if _, err := browsertest.Run(b.Ctx, chromedp.Click(`.signin-box button`, chromedp.NodeVisible)); err != nil {
			t.Fatal(err)
		}
		if _, err := browsertest.Run(b.Ctx, chromedp.WaitVisible(`.follow-story button`)); err != nil {
			t.Fatalf("story page with a follow button after signing in: %v", err)
		}
	})
	t.Run("story", func(t *testing.T) {
		visit(t, "/stories/"+url.PathEscape(story.ID))
		if _, err := browsertest.Run(b.Ctx, chromedp.Click(`.follow-story button`, chromedp.NodeVisible)); err != nil {
			t.Fatalf("click follow: %v", err)
		}
		if _, err := browsertest.Run(b.Ctx, chromedp.WaitVisible(`.follow-story .follow-note`)); err != nil {
			t.Fatalf("story page after following: %v", err)
		}
		// Coverage comes before who said what, figures and the timeline.
		order := `(() => { const ids = ['coverage', 'quotes', 'figures', 'timeline'].map(id => document.getElementById(id)).filter(Boolean);
			for (let i = 1; i < ids.length; i++) if (ids[i-1].compareDocumentPosition(ids[i]) !== Node.DOCUMENT_POSITION_FOLLOWING) return 0; return ids.length; })()`
		if n := eval(t, order); n < 2 {
			t.Errorf("the story page's sections are out of order (coverage, quotes, figures, timeline)")
		}
		if n := eval(t, `document.querySelectorAll('#coverage ul.articles > li').length`); n == 0 {
			t.Errorf("the coverage lists no articles")
		}
		if n := eval(t, `document.querySelectorAll('time:not([datetime]), time[datetime=""]').length`); n != 0 {
			t.Errorf("%v <time> elements without a datetime", n)
		}
		bad := eval(t, `[...document.querySelectorAll('time[datetime]')].filter(e => !/^\d{4}(-\d{2}(-\d{2}(T[\d:.]+(Z|[+-]\d{2}:\d{2})?)?)?)?$/.test(e.getAttribute('datetime'))).length`)
		if bad != 0 {
			t.Errorf("%v <time> datetime values are not valid HTML dates", bad)
		}
		if n := eval(t, `[...document.querySelectorAll('a')].filter(a => a.textContent.trim() === '').length`); n != 0 {
			t.Errorf("%v links without text", n)
		}
		claims := 0
		for _, f := range v.Figures[:min(len(v.Figures), web.PageFigureUnits)] {
			claims += min(len(f.Claims), web.PageFigureClaims)
		}
		check(t, "story", func(t *testing.T) {
			top := eval(t, `document.getElementById('coverage').getBoundingClientRect().top + window.scrollY`)
			t.Logf("coverage list at %v px on a phone", top)
			if top > 1500 {
				t.Errorf("on a phone the coverage starts at %v px, want within the first 1,500", top)
			}
			if claims == 0 {
				return
			}
			// Every claim's "Claimed by" cell is on screen at 390 px.
			js := `(() => { document.querySelectorAll('#figures details').forEach(d => d.open = true);
				return [...document.querySelectorAll('#figures td[data-label="Claimed by"]')].filter(td => td.getBoundingClientRect().width > 0 && getComputedStyle(td).display !== 'none').length; })()`
			n := eval(t, js)
			t.Logf("at 390 px %v of %d figure claims show their claimant", n, claims)
			if int(n) != claims {
				t.Errorf("at 390 px %v of %d claims show who claims them", n, claims)
			}
		})
	})
	t.Run("article", func(t *testing.T) {
		visit(t, "/articles/"+url.PathEscape(refs[0].ID))
		// The source's quotation marks are the only ones: the <q> adds none.
		js := `[...document.querySelectorAll('.body q.quote')].filter(q => getComputedStyle(q).quotes !== 'none' && !['none', 'normal', '""'].includes(getComputedStyle(q, '::before').content)).length`
		if n := eval(t, js); n != 0 {
			t.Errorf("%v quotes get marks of the page's own on top of the source's", n)
		}
		check(t, "article", nil)
	})
	t.Run("entity", func(t *testing.T) {
		if len(v.Entities) == 0 {
			t.Skip("the story names no one")
		}
		e := v.Entities[0]
		visit(t, "/entities/"+url.PathEscape(e.ID))
		if _, err := browsertest.Run(b.Ctx, chromedp.Click(`form.follow-entity button`, chromedp.NodeVisible)); err != nil {
			t.Fatalf("click follow: %v", err)
		}
		if _, err := browsertest.Run(b.Ctx, chromedp.WaitVisible(`.follow-entity .follow-note`)); err != nil {
			t.Fatalf("entity page after following: %v", err)
		}
		check(t, "entity", nil)
	})
	t.Run("search", func(t *testing.T) {
		visit(t, "/search?q="+url.QueryEscape(strings.Fields(refs[0].Headline)[0]))
		check(t, "search", nil)
	})
	t.Run("sources", func(t *testing.T) {
		visit(t, "/sources")
		check(t, "sources", nil)
	})
	t.Run("following", func(t *testing.T) {
		visit(t, "/following")
		if n := eval(t, `document.querySelectorAll('section.follow').length`); n < 2 {
			t.Errorf("following lists %v follows, want the story and the entity", n)
		}
		check(t, "following", nil)
	})
	t.Run("for you", func(t *testing.T) {
		visit(t, "/foryou")
		check(t, "foryou", nil)
	})
	t.Run("account", func(t *testing.T) {
		visit(t, "/account")
		check(t, "account", nil)
	})
	t.Run("error", func(t *testing.T) {
		visit(t, "/stories/no-such-story")
		if n := eval(t, `document.querySelectorAll('.error').length`); n != 1 {
			t.Errorf("a missing story shows no error page")
		}
		check(t, "error", nil)
	})
	if axe == "" {
		t.Skip(noAxe)
	}
	t.Logf("axe-core %s ran on %d page views", browsertest.AxeVersion, axeRuns)
}
