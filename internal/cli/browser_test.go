package cli

import (
	"bytes"
	"context"
	"encoding/json"
	"io"
	"log/slog"
	"net/http/httptest"
	"net/url"
	"os"
	"path/filepath"
	"slices"
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

// TestBrowserOverSeeds ingests the seed articles through the real command,
// serves them, and drives headless Chromium over the pages at desktop and
// phone widths, saving a screenshot of each.
func TestBrowserOverSeeds(t *testing.T) {
	seeds := shareddata.Path(t, "data/seeds")
	b := browsertest.Start(t)
	files, err := filepath.Glob(filepath.Join(seeds, "*.txt"))
	if err != nil || len(files) == 0 {
		t.Fatalf("no seed articles in %s: %v", seeds, err)
	}
	ctx := context.Background()
	db := filepath.Join(t.TempDir(), "seeds.db")
	// One seed is held back, to arrive after the reader follows the
	// stories: it must then show on their "For you".
	files, late := holdBack(t, seeds, files)
	var stderr bytes.Buffer
	app := &App{Stdin: strings.NewReader(""), Stdout: io.Discard, Stderr: &stderr, Getenv: func(string) string { return "" }}
	if code := app.Run(ctx, append([]string{"storyline", "ingest", "--year", "2022", "--db", db}, files...)); code != 0 {
		t.Fatalf("ingest exited %d: %s", code, stderr.String())
	}
	if !strings.Contains(stderr.String(), "ingest: read ") {
		t.Errorf("ingest printed no summary line: %q", stderr.String())
	}
	// The reader's account, made the way an operator makes one.
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
	early, err := st.Stories(ctx, 100, 0)
	if err != nil || len(early) == 0 {
		t.Fatalf("no stories after ingesting the seeds: %v", err)
	}
	srv, err := server.New(server.Options{Store: st, Logger: slog.New(slog.NewTextHandler(io.Discard, nil))})
	if err != nil {
		t.Fatal(err)
	}
	hs := httptest.NewServer(srv.Handler())
	defer hs.Close()

	// shot saves the page at both widths, and goes back to the desktop's.
	shot := func(t *testing.T, name string) {
		t.Helper()
		for _, v := range browsertest.Viewports {
			b.SetViewport(t, v)
			b.Screenshot(t, name+"-"+v.Name)
		}
		b.SetViewport(t, browsertest.Desktop)
	}
	visit := func(t *testing.T, path string) {
		t.Helper()
		b.Visit(t, hs.URL+path)
	}
	texts := b.Texts

	location := func(t *testing.T) *url.URL {
		t.Helper()
		loc, err := browsertest.Run(b.Ctx, chromedp.Location())
		if err != nil {
			t.Fatal(err)
		}
		u, err := url.Parse(loc)
		if err != nil {
			t.Fatal(err)
		}
		return u
	}

	t.Run("sign in", func(t *testing.T) {
		visit(t, "/")
		if u := location(t); u.Path != "/signin" || u.Query().Get("next") != "/" {
			t.Fatalf("a private server sent the browser to %s, want /signin?next=/", u)
		}
		shot(t, "signin")
		if _, err := browsertest.Run(b.Ctx, chromedp.SendKeys(`#name`, "reader", chromedp.NodeVisible)); err != nil {
			t.Fatal(err)
		}
		if _, err := browsertest.Run(b.Ctx, chromedp.SendKeys(`#password`, password, chromedp.NodeVisible)); err != nil {
			t.Fatal(err)
		}
		if _, err := browsertest.Run(b.Ctx, chromedp.Click(`.signin-box button`, chromedp.NodeVisible)); err != nil {
			t.Fatal(err)
		}
		if _, err := browsertest.Run(b.Ctx, chromedp.WaitVisible(`.story-card`)); err != nil {
			t.Fatalf("front page after signing in: %v", err)
		}
		if who := texts(t, "header.site .who .user"); len(who) != 1 || who[0] != "reader" {
			t.Errorf("the header shows %q signed in, want reader", who)
		}
	})

	t.Run("follow the stories", func(t *testing.T) {
		for _, s := range early {
			visit(t, "/stories/"+url.PathEscape(s.ID))
			if _, err := browsertest.Run(b.Ctx, chromedp.Click(`.follow-story button`, chromedp.NodeVisible)); err != nil {
				t.Fatalf("click follow: %v", err)
			}
			if _, err := browsertest.Run(b.Ctx, chromedp.WaitVisible(`.follow-story .follow-note`)); err != nil {
				t.Fatalf("story page after following: %v", err)
			}
			if u := location(t); u.Path != "/stories/"+s.ID {
				t.Errorf("following returned to %s, want the story", u.Path)
			}
		}
		shot(t, "story-followed")
	})

	// The held-back seed arrives while the server runs.
	if code := app.Run(ctx, []string{"storyline", "ingest", "--year", "2022", "--db", db, late}); code != 0 {
		t.Fatalf("ingest of the late seed exited %d: %s", code, stderr.String())
	}
	stories, err := st.Stories(ctx, 100, 0)
	if err != nil || len(stories) == 0 {
		t.Fatalf("no stories after ingesting the seeds: %v", err)
	}
	// The seeds tell two stories (gold.json): the March 2022 peace talks
	// and the September counter-offensive.
	if len(stories) != 2 {
		t.Errorf("the store holds %d stories of the seeds, want 2", len(stories))
	}

	t.Run("for you shows the article that arrived", func(t *testing.T) {
		visit(t, "/foryou")
		links, err := browsertest.Run(b.Ctx, chromedp.Evaluate[[]string](`[...document.querySelectorAll('.foryou .hit h2 a')].map(a => a.getAttribute('href'))`))
		if err != nil {
			t.Fatal(err)
		}
		want := "/articles/" + url.PathEscape(filepath.Base(late))
		if len(links) != 1 || links[0] != want {
			t.Errorf("For you links %q, want the late seed's %s alone", links, want)
		}
		if because := texts(t, ".foryou .because"); len(because) != 1 || !strings.Contains(because[0], "Because you follow") {
			t.Errorf("For you does not say why: %q", because)
		}
		shot(t, "foryou")
	})

	t.Run("front page lists the stories", func(t *testing.T) {
		visit(t, "/")
		titles := texts(t, ".story-card h2 a")
		want := min(len(stories), 20) // the front page lists 20 a page
		if len(titles) != want {
			t.Errorf("front page shows %d stories, the store has %d", len(titles), want)
		}
		for i := 0; i < want && i < len(titles); i++ {
			if titles[i] != stories[i].Title {
				t.Errorf("story %d: page shows %q, store ranks %q", i, titles[i], stories[i].Title)
			}
		}
		shot(t, "front")
	})

	// The story with the most quotes shows them with their speakers, and
	// its figures.
	best, bestQuotes := stories[0], -1
	for _, s := range stories {
		full, err := st.Story(ctx, s.ID)
		if err != nil {
			t.Fatal(err)
		}
		v, err := storyview.Decode(full.View)
		if err != nil {
			t.Fatal(err)
		}
		n := 0
		for _, sp := range v.Speakers {
			n += len(sp.Quotes)
		}
		if n > bestQuotes {
			best, bestQuotes = full, n
		}
	}
	t.Run("story page shows quotes with speakers and figures", func(t *testing.T) {
		v, _ := storyview.Decode(best.View)
		visit(t, "/stories/"+url.PathEscape(best.ID))
		if h := texts(t, "h1"); len(h) != 1 || h[0] != best.Title {
			t.Errorf("heading %q, want %q", h, best.Title)
		}
		speakers := texts(t, ".speaker h3 a, .speaker h3, #quotes .also-quoted")
		quotes := texts(t, ".speaker blockquote")
		if bestQuotes > 0 {
			// The page quotes the first web.PageSpeakers speakers, up to
			// web.PageSpeakerQuotes quotes each, and names the others.
			want := 0
			for _, sp := range v.Speakers[:min(len(v.Speakers), web.PageSpeakers)] {
				want += min(len(sp.Quotes), web.PageSpeakerQuotes)
			}
			if len(quotes) != want {
				t.Errorf("%d quotes on the page, want %d of the view's %d", len(quotes), want, bestQuotes)
			}
			for _, sp := range v.Speakers {
				found := false
				for _, s := range speakers {
					found = found || strings.Contains(s, sp.Name)
				}
				if !found {
					t.Errorf("speaker %q not on the page", sp.Name)
				}
			}
		} else {
			t.Logf("the seeds' stories have no quotes yet; quote assertions skipped")
		}
		claims := texts(t, ".figure-group tbody tr")
		want := 0
		for _, f := range v.Figures[:min(len(v.Figures), web.PageFigureUnits)] {
			want += min(len(f.Claims), web.PageFigureClaims)
		}
		if len(claims) != want {
			t.Errorf("%d figure rows on the page, the view has %d", len(claims), want)
		}
		for _, f := range v.Figures {
			if f.Disagree && len(texts(t, ".figure-group.disagree .flag")) == 0 {
				t.Errorf("disputed figures are not flagged")
			}
		}
		if len(v.Timeline) > 0 && len(texts(t, ".timeline li")) == 0 {
			t.Errorf("timeline missing")
		}
		shot(t, "story")
	})

	t.Run("search finds Istanbul", func(t *testing.T) {
		visit(t, "/search?q=Istanbul")
		hits := texts(t, ".hit h2 a")
		marks := texts(t, ".hit mark")
		if len(hits) == 0 {
			t.Fatalf("no hits for Istanbul")
		}
		for _, m := range marks {
			if !strings.EqualFold(m, "istanbul") {
				t.Errorf("marked %q, want Istanbul", m)
			}
		}
		if len(marks) == 0 {
			t.Errorf("no match is marked")
		}
		shot(t, "search")
	})

	t.Run("article, entity, sources and following pages", func(t *testing.T) {
		refs, err := st.StoryArticles(ctx, best.ID)
		if err != nil || len(refs) == 0 {
			t.Fatalf("story articles: %v", err)
		}
		visit(t, "/articles/"+url.PathEscape(refs[0].ID))
		if len(texts(t, ".article .body p")) == 0 {
			t.Errorf("article page shows no paragraphs")
		}
		shot(t, "article")
		v, _ := storyview.Decode(best.View)
		if len(v.Entities) > 0 {
			visit(t, "/entities/"+url.PathEscape(v.Entities[0].ID))
			if h := texts(t, "h1"); len(h) != 1 || h[0] != v.Entities[0].Name {
				t.Errorf("entity heading %q, want %q", h, v.Entities[0].Name)
			}
			shot(t, "entity")
		}
		visit(t, "/sources")
		if rows := texts(t, "table.sources tbody tr"); len(rows) == 0 {
			t.Errorf("sources page lists no outlets")
		}
		shot(t, "sources")
		// Follow a search through the form, without JavaScript's help.
		visit(t, "/search?q=Istanbul")
		if _, err := browsertest.Run(b.Ctx, chromedp.Click(`form.inline button`, chromedp.NodeVisible)); err != nil {
			t.Fatalf("click follow: %v", err)
		}
		if _, err := browsertest.Run(b.Ctx, chromedp.WaitVisible(`section.follow`)); err != nil {
			t.Fatalf("following page after the form: %v", err)
		}
		f := texts(t, "section.follow h2 a")
		if len(f) != len(early)+1 || !slices.Contains(f, "Istanbul") {
			t.Errorf("follows listed %q, want the stories and Istanbul", f)
		}
		shot(t, "following")
	})

	t.Run("sign out", func(t *testing.T) {
		visit(t, "/")
		if _, err := browsertest.Run(b.Ctx, chromedp.Click(`header.site .who button`, chromedp.NodeVisible)); err != nil {
			t.Fatalf("click sign out: %v", err)
		}
		if _, err := browsertest.Run(b.Ctx, chromedp.WaitVisible(`.signin-box`)); err != nil {
			t.Fatalf("after signing out: %v", err)
		}
		visit(t, "/following")
		if u := location(t); u.Path != "/signin" || u.Query().Get("next") != "/following" {
			t.Errorf("a protected page after signing out went to %s, want /signin?next=/following", u)
		}
		if len(texts(t, "header.site .who .user")) != 0 {
			t.Errorf("the header still shows a user")
		}
	})
}

// holdBack splits the seeds: it holds back the last one whose gold story
// has another seed in it, so that once it arrives it joins a story that
// was there before.
func holdBack(t *testing.T, dir string, files []string) (rest []string, late string) {
	t.Helper()
	raw, err := os.ReadFile(filepath.Join(dir, "gold.json"))
	if err != nil {
		t.Fatal(err)
	}
	var gold struct {
		Clusters struct {
			Story [][]string `json:"story"`
		} `json:"clusters"`
	}
	if err := json.Unmarshal(raw, &gold); err != nil {
		t.Fatal(err)
	}
	shared := map[string]bool{}
	for _, s := range gold.Clusters.Story {
		for _, id := range s {
			shared[id] = len(s) > 1
		}
	}
	for i := len(files) - 1; i >= 0; i-- {
		if shared[filepath.Base(files[i])] {
			return append(slices.Clone(files[:i]), files[i+1:]...), files[i]
		}
	}
	t.Fatal("no seed shares a gold story with another")
	return nil, ""
}
