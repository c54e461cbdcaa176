package cli

import (
	"bytes"
	"context"
	"image"
	"image/color"
	"image/png"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"sync"
	"testing"

	"github.com/chromedp/chromedp"

	"github.com/storyline-news/storyline/internal/browsertest"
	"github.com/storyline-news/storyline/internal/config"
	"github.com/storyline-news/storyline/internal/model"
	"github.com/storyline-news/storyline/internal/server"
	"github.com/storyline-news/storyline/internal/store/sqlite"
	"github.com/storyline-news/storyline/internal/storytest"
)

// TestBrowserLeadImage shows an article with a lead image in Chromium: the
// image arrives through the server's proxy under the strict CSP, the
// outlet's server is only ever asked by Storyline (never by the browser),
// and the picture fits a phone's width.
func TestBrowserLeadImage(t *testing.T) {
	b := browsertest.Start(t)
	pic := image.NewRGBA(image.Rect(0, 0, 1200, 675))
	for x := range 1200 {
		pic.Set(x, x%675, color.RGBA{30, 90, 160, 255})
	}
	var body bytes.Buffer
	if err := png.Encode(&body, pic); err != nil {
		t.Fatal(err)
	}
	var mu sync.Mutex
	var agents []string
	origin := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		mu.Lock()
		agents = append(agents, r.UserAgent())
		mu.Unlock()
		w.Header().Set("Content-Type", "image/png")
		w.Write(body.Bytes())
	}))
	defer origin.Close()

	ctx := context.Background()
	dir := t.TempDir()
	cfg := config.Default()
	cfg.DB = filepath.Join(dir, "store.db")
	cfg.AllowPrivate = true // the outlet is a loopback test server
	st, err := sqlite.Open(ctx, cfg.DB)
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	art := model.Article{ID: "pier-1", Outlet: "Hill Times", Published: "2024-10-04", URL: "https://hill.example/pier",
		Headline: "Pier reopens after storm repairs", Image: origin.URL + "/pier.png",
		Body: []string{"The pier reopened on Friday after three months of repairs to its deck and railings."}}
	// A second report of the same happening, without an image, makes a
	// story whose coverage shows art's image as a thumbnail.
	other := model.Article{ID: "pier-2", Outlet: "Coast Wire", Published: "2024-10-04", URL: "https://coast.example/pier",
		Headline: "Hill pier open again after storm repairs",
		Body:     []string{"The Hill pier opened again on Friday after three months of repairs to its deck and railings."}}
	stories, err := storytest.Save(ctx, st, []model.Article{art, other})
	if err != nil || len(stories) != 1 {
		t.Fatalf("the two reports make %d stories, want 1: %v", len(stories), err)
	}
	images, err := openImages(ctx, cfg)
	if err != nil {
		t.Fatal(err)
	}
	defer images.Close()
	if _, err := os.Stat(filepath.Join(dir, "store-images.db")); err != nil {
		t.Errorf("the image cache is not beside the store: %v", err)
	}
	srv, err := server.New(server.Options{Store: st, Logger: slog.New(slog.NewTextHandler(io.Discard, nil)),
		Accounts: server.AccountOptions{Public: true}, Images: images})
	if err != nil {
		t.Fatal(err)
	}
	hs := httptest.NewServer(srv.Handler())
	defer hs.Close()

	for _, v := range browsertest.Viewports {
		b.SetViewport(t, v)
		b.Visit(t, hs.URL+"/articles/pier-1")
		const loaded = `new Promise(ok => { const i = document.querySelector('img.lead-image');
			if (!i) { ok(null); return; }
			const done = () => ok({w: i.naturalWidth, shown: i.getBoundingClientRect().width, alt: i.alt, src: i.getAttribute('src')});
			if (i.complete) done(); else { i.onload = done; i.onerror = done; } })`
		got, err := browsertest.Run(b.Ctx, chromedp.Evaluate[map[string]any](loaded, chromedp.EvalAwaitPromise))
		if err != nil || got == nil {
			t.Fatalf("%s: no lead image on the page: %v", v.Name, err)
		}
		if got["w"] != float64(1200) {
			t.Errorf("%s: the image did not load through the proxy: %v", v.Name, got)
		}
		if shown, _ := got["shown"].(float64); shown <= 0 || shown > float64(v.W) {
			t.Errorf("%s: image %v px wide in a %d px window", v.Name, got["shown"], v.W)
		}
		if got["alt"] != art.Headline {
			t.Errorf("alt %v", got["alt"])
		}
		b.Screenshot(t, "article-lead-image-"+v.Name)

		// The story's coverage shows the same image as a thumbnail beside
		// its article, small and within the window; the other article has none.
		b.Visit(t, hs.URL+"/stories/"+stories[0].ID)
		const thumbs = `new Promise(ok => { const ts = [...document.querySelectorAll('#coverage img.thumb')];
			Promise.all(ts.map(i => i.complete ? 0 : new Promise(d => { i.onload = d; i.onerror = d; }))).then(() =>
				ok(ts.map(i => ({w: i.naturalWidth, shown: i.getBoundingClientRect().width, right: i.getBoundingClientRect().right,
					item: i.closest('li').querySelector('a').getAttribute('href')})))); })`
		thumb := browsertest.Do(t, b, "thumbnails", chromedp.Evaluate[[]map[string]any](thumbs, chromedp.EvalAwaitPromise))
		if len(thumb) != 1 {
			t.Fatalf("%s: %d thumbnails in the coverage, want 1 (pier-1's)", v.Name, len(thumb))
		}
		if thumb[0]["w"] != float64(1200) || thumb[0]["item"] != "/articles/pier-1" {
			t.Errorf("%s: thumbnail %v, want pier-1's 1200 px image through the proxy", v.Name, thumb[0])
		}
		if shown, _ := thumb[0]["shown"].(float64); shown <= 0 || shown > 120 {
			t.Errorf("%s: thumbnail shown %v px wide, want a small one", v.Name, thumb[0]["shown"])
		}
		if right, _ := thumb[0]["right"].(float64); right > float64(v.W) {
			t.Errorf("%s: thumbnail ends at %v px in a %d px window", v.Name, right, v.W)
		}
		b.Screenshot(t, "story-thumbnails-"+v.Name)
	}
	mu.Lock()
	defer mu.Unlock()
	if len(agents) != 1 || agents[0] != config.Default().UserAgent {
		t.Errorf("the outlet was asked by %q; want Storyline once", agents)
	}
}
