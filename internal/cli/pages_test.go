package cli

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"log/slog"
	"net/http/httptest"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"

	"github.com/storyline-news/storyline/internal/server"
	"github.com/storyline-news/storyline/internal/shareddata"
	"github.com/storyline-news/storyline/internal/store/sqlite"
	"github.com/storyline-news/storyline/internal/storyview"
	"github.com/storyline-news/storyline/internal/web"
)

// axeVersion is the axe-core release the accessibility test runs; .ci/run
// installs it from the npm registry (see axeScript).
const axeVersion = "4.14.1"

// axeScript returns the source of axe-core's axe.min.js: the file named by
// $STORYLINE_AXE, else the copy npm installs under the user's cache folder
// with
//
//	npm install --prefix ~/.cache/storyline/npm axe-core@4.14.1
//
// The repository does not vendor the 650 KB minified file. Without it the
// accessibility checks skip (and fail in CI, where .ci/run installs it).
func axeScript(t *testing.T) (string, string) {
	p := os.Getenv("STORYLINE_AXE")
	if p == "" {
		if dir, err := os.UserCacheDir(); err == nil {
			p = filepath.Join(dir, "storyline", "npm", "node_modules", "axe-core", "axe.min.js")
		}
	}
	b, err := os.ReadFile(p)
	if err != nil {
		msg := fmt.Sprintf("axe-core not found (%v): run `npm install --prefix ~/.cache/storyline/npm axe-core@%s` or set STORYLINE_AXE to its axe.min.js", err, axeVersion)
		if shareddata.Required() {
			t.Fatal(msg)
		}
		return "", msg
	}
	return string(b), ""
}

// axeViolation is one rule axe-core found broken, with the nodes breaking it.
type axeViolation struct {
	ID     string `json:"id"`
	Impact string `json:"impact"`
	Help   string `json:"help"`
	Nodes  []struct {
		Target []any  `json:"target"`
		HTML   string `json:"html"`
	} `json:"nodes"`
}

// TestBrowserPageTypes serves the seeds and visits every page type in
// Chromium at 1280 and 390 px: it saves a screenshot of each, checks that
// no page scrolls sideways on a phone, that the story page shows its
// coverage on a phone's first screens and its figures' claimants, that the
// follow buttons work, and runs axe-core on every page, failing on serious
// or critical violations.
func TestBrowserPageTypes(t *testing.T) {
	if testing.Short() {
		t.Skip("browser test skipped in -short mode")
	}
	seeds := shareddata.Path(t, "data/seeds")
	exe := chromium(t)
	axe, noAxe := axeScript(t)
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

	opts := append(chromedp.DefaultExecAllocatorOptions[:],
		chromedp.ExecPath(exe),
		chromedp.NoSandbox,
		chromedp.DisableGPU,
		chromedp.Flag("disable-background-networking", true),
		chromedp.Flag("disable-component-update", true),
		chromedp.Flag("disable-sync", true),
		chromedp.Flag("hide-scrollbars", true),
		chromedp.NoFirstRun,
		chromedp.UserDataDir(t.TempDir()),
	)
	actx, cancelAlloc := chromedp.NewExecAllocator(ctx, opts...)
	defer cancelAlloc()
	bctx, cancelBrowser := chromedp.NewContext(actx)
	defer cancelBrowser()
	if _, err := chromedp.Run(bctx, chromedp.Navigate("about:blank")); err != nil {
		t.Fatalf("start chromium: %v", err)
	}
	out := artifacts(t)
	t.Logf("screenshots in %s", out)

	visit := func(t *testing.T, path string) {
		t.Helper()
		if _, err := run(bctx, chromedp.Navigate(hs.URL+path)); err != nil {
			t.Fatalf("navigate %s: %v", path, err)
		}
	}
	eval := func(t *testing.T, js string) float64 {
		t.Helper()
		n, err := run(bctx, chromedp.Evaluate[float64](js))
		if err != nil {
			t.Fatalf("evaluate %s: %v", js, err)
		}
		return n
	}
	width := func(t *testing.T, w, h int64) {
		t.Helper()
		if _, err := run(bctx, chromedp.EmulateViewport(w, h)); err != nil {
			t.Fatal(err)
		}
	}
	var axeRuns int
	// check screenshots the page at both widths, checks it does not scroll
	// sideways on a phone, and runs axe-core on it at each width.
	check := func(t *testing.T, name string, phone func(t *testing.T)) {
		t.Helper()
		for _, vp := range []struct {
			suffix string
			w, h   int64
		}{{"desktop", 1280, 900}, {"phone", 390, 844}} {
			width(t, vp.w, vp.h)
			png, err := run(bctx, chromedp.FullScreenshot(100))
			if err != nil {
				t.Fatalf("screenshot %s: %v", name, err)
			}
			if err := os.WriteFile(filepath.Join(out, name+"-"+vp.suffix+".png"), png, 0o644); err != nil {
				t.Fatal(err)
			}
			if vp.suffix == "phone" {
				if sw := eval(t, `document.documentElement.scrollWidth`); sw > float64(vp.w)+1 {
					t.Errorf("%s at %d px is %v px wide: it scrolls sideways", name, vp.w, sw)
				}
				if phone != nil {
					phone(t)
				}
			}
			if axe == "" {
				continue
			}
			vs := runAxe(t, bctx, axe)
			axeRuns++
			for _, v := range vs {
				if v.Impact != "serious" && v.Impact != "critical" {
					continue
				}
				var where []string
				for _, n := range v.Nodes[:min(len(v.Nodes), 3)] {
					where = append(where, fmt.Sprint(n.Target)+" "+n.HTML)
				}
				t.Errorf("%s at %d px: axe %s (%s): %s\n\t%s", name, vp.w, v.ID, v.Impact, v.Help, strings.Join(where, "\n\t"))
			}
		}
		width(t, 1280, 900)
	}

	// The check can fail: axe-core finds an image without a text
	// alternative on a page made to have one.
	t.Run("axe control", func(t *testing.T) {
		if axe == "" {
			t.Skip(noAxe)
		}
		if _, err := run(bctx, chromedp.Navigate(`data:text/html,<!doctype html><html lang="en"><title>x</title><img src="x.png">`)); err != nil {
			t.Fatal(err)
		}
		found := false
		for _, v := range runAxe(t, bctx, axe) {
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
		if _, err := run(bctx, chromedp.SendKeys(`#name`, "reader", chromedp.NodeVisible)); err != nil {
			t.Fatal(err)
		}
		if _, err := run(bctx, chromedp.SendKeys(`#password`, password, chromedp.NodeVisible)); err != nil {
			t.Fatal(err)
		}
		if _, err := run(bctx, chromedp.Click(`.signin-box button`, chromedp.NodeVisible)); err != nil {
			t.Fatal(err)
		}
		if _, err := run(bctx, chromedp.WaitVisible(`.follow-story button`)); err != nil {
			t.Fatalf("story page with a follow button after signing in: %v", err)
		}
	})
	t.Run("story", func(t *testing.T) {
		visit(t, "/stories/"+url.PathEscape(story.ID))
		if _, err := run(bctx, chromedp.Click(`.follow-story button`, chromedp.NodeVisible)); err != nil {
			t.Fatalf("click follow: %v", err)
		}
		if _, err := run(bctx, chromedp.WaitVisible(`.follow-story .follow-note`)); err != nil {
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
		if _, err := run(bctx, chromedp.Click(`form.follow-entity button`, chromedp.NodeVisible)); err != nil {
			t.Fatalf("click follow: %v", err)
		}
		if _, err := run(bctx, chromedp.WaitVisible(`.follow-entity .follow-note`)); err != nil {
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
	t.Logf("axe-core %s ran on %d page views", axeVersion, axeRuns)
}

// runAxe injects axe-core into the current page through the DevTools
// protocol (which the page's Content-Security-Policy does not govern) and
// returns its violations under the WCAG A and AA rules and best practices.
func runAxe(t *testing.T, ctx context.Context, src string) []axeViolation {
	t.Helper()
	if _, err := run(ctx, chromedp.Evaluate[any](src+";void 0")); err != nil {
		t.Fatalf("inject axe-core: %v", err)
	}
	js := `axe.run(document, {runOnly: {type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'best-practice']}, resultTypes: ['violations']})
		.then(r => JSON.stringify(r.violations))`
	raw, err := run(ctx, chromedp.Evaluate[string](js, chromedp.EvalAwaitPromise))
	if err != nil {
		t.Fatalf("run axe-core: %v", err)
	}
	var vs []axeViolation
	if err := json.Unmarshal([]byte(raw), &vs); err != nil {
		t.Fatalf("axe-core results: %v", err)
	}
	return vs
}
