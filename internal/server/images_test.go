package server

import (
	"bytes"
	"context"
	"image"
	"image/png"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"sync/atomic"
	"testing"

	"github.com/storyline-news/storyline/internal/auth/authtest"
	"github.com/storyline-news/storyline/internal/fetch"
	"github.com/storyline-news/storyline/internal/imageproxy"
	"github.com/storyline-news/storyline/internal/model"
	"github.com/storyline-news/storyline/internal/store/sqlite"
	"github.com/storyline-news/storyline/internal/storytest"
)

// imageServer serves one article whose lead image is on origin (a
// loopback server of the test), through an image proxy when withImages.
func imageServer(t *testing.T, image string, withImages bool) (*httptest.Server, authtest.Signed) {
	t.Helper()
	ctx := context.Background()
	st, err := sqlite.Open(ctx, filepath.Join(t.TempDir(), "server.db"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { st.Close() })
	art := model.Article{ID: "pier-1", Outlet: "Hill Times", Published: "2024-10-04", URL: "https://hill.example/pier",
		Headline: `Pier reopens after "storm" repairs`, Image: image,
		Body: []string{"The pier reopened on Friday after three months of repairs."}}
	if _, err := st.SaveArticles(ctx, []model.Article{art}); err != nil {
		t.Fatal(err)
	}
	ann := authtest.User(t, st, "ann", true)
	o := Options{Store: st, Logger: slog.New(slog.NewTextHandler(io.Discard, nil))}
	if withImages {
		p, err := imageproxy.Open(ctx, filepath.Join(t.TempDir(), "images.db"), imageproxy.Options{
			Fetch: fetch.New(fetch.Config{AllowPrivate: true, HostInterval: -1, MaxBody: imageproxy.DefaultMaxImage}),
		})
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { p.Close() })
		o.Images = p
	}
	s, err := New(o)
	if err != nil {
		t.Fatal(err)
	}
	srv := httptest.NewServer(s.Handler())
	t.Cleanup(srv.Close)
	return srv, ann
}

var imgTag = regexp.MustCompile(`<img class="lead-image" src="(/images/[0-9a-f]{32})" alt="([^"]*)"( width="\d+" height="\d+")? loading="lazy"`)

func TestLeadImageThroughProxy(t *testing.T) {
	img := image.NewRGBA(image.Rect(0, 0, 64, 48))
	var pic bytes.Buffer
	png.Encode(&pic, img)
	var hits atomic.Int32
	origin := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		hits.Add(1)
		w.Header().Set("Content-Type", "image/png")
		w.Write(pic.Bytes())
	}))
	defer origin.Close()
	srv, ann := imageServer(t, origin.URL+"/pier.png", true)

	status, body, hdr := get(t, ann.Cookie, srv.URL+"/articles/pier-1")
	if status != 200 {
		t.Fatalf("article page: %d", status)
	}
	m := imgTag.FindStringSubmatch(body)
	if m == nil {
		t.Fatalf("no lead image in the page:\n%s", body)
	}
	if m[2] != "Pier reopens after &#34;storm&#34; repairs" {
		t.Errorf("alt %q", m[2])
	}
	if strings.Contains(body, origin.URL) {
		t.Error("the page links the remote image")
	}
	if csp := hdr.Get("Content-Security-Policy"); !strings.Contains(csp, "img-src 'self'") {
		t.Errorf("CSP %q", csp)
	}

	status, got, hdr := get(t, ann.Cookie, srv.URL+m[1])
	if status != 200 || got != pic.String() || hdr.Get("Content-Type") != "image/png" || hdr.Get("X-Content-Type-Options") != "nosniff" {
		t.Fatalf("image: %d, %d bytes, %q", status, len(got), hdr.Get("Content-Type"))
	}
	// Once fetched, the page gives the image's size.
	_, body, _ = get(t, ann.Cookie, srv.URL+"/articles/pier-1")
	if m := imgTag.FindStringSubmatch(body); m == nil || m[3] != ` width="64" height="48"` {
		t.Errorf("size not given after the fetch: %q", m)
	}
	// A reader who is not signed in gets no image of a private server.
	if status, _, _ := get(t, nil, srv.URL+m[1]); status == 200 {
		t.Error("an image was served without sign-in")
	}
	if status, _, _ := get(t, ann.Cookie, srv.URL+"/images/"+strings.Repeat("0", 32)); status != 404 {
		t.Errorf("unknown key: %d", status)
	}
	if n := hits.Load(); n != 1 {
		t.Errorf("origin hit %d times", n)
	}
}

func TestNoImagesWithoutProxy(t *testing.T) {
	srv, ann := imageServer(t, "https://img.example/pier.png", false)
	_, body, _ := get(t, ann.Cookie, srv.URL+"/articles/pier-1")
	if strings.Contains(body, "<img class=\"lead-image\"") || strings.Contains(body, "img.example") {
		t.Error("a lead image without a proxy")
	}
	if status, _, _ := get(t, ann.Cookie, srv.URL+"/images/"+strings.Repeat("0", 32)); status != 404 {
		t.Errorf("/images/ without a proxy: %d", status)
	}
}

// TestStoryThumbnails shows the lead image of each article the story's
// coverage lists that has one, as a small thumbnail through the proxy:
// never the remote URL, none for the article without an image, and none
// at all on a server without a proxy.
func TestStoryThumbnails(t *testing.T) {
	ctx := context.Background()
	arts := []model.Article{
		{ID: "pier-1", Outlet: "Hill Times", Published: "2024-10-04", Image: "https://img.example/pier.png",
			Headline: "Pier reopens after storm repairs", Body: []string{"The pier in Hillport reopened on Friday after three months of storm repairs."},
			Entities: []model.Entity{{Name: "Hillport", Type: model.Place, Mentions: 1}}},
		{ID: "pier-2", Outlet: "Coast Wire", Published: "2024-10-04",
			Headline: "Hillport pier open again after storm repairs", Body: []string{"Hillport's pier opened again on Friday after three months of storm repairs."},
			Entities: []model.Entity{{Name: "Hillport", Type: model.Place, Mentions: 1}}},
	}
	for _, tt := range []struct {
		name       string
		withImages bool
		thumbs     int
	}{{"with a proxy", true, 1}, {"without a proxy", false, 0}} {
		t.Run(tt.name, func(t *testing.T) {
			st, err := sqlite.Open(ctx, filepath.Join(t.TempDir(), "server.db"))
			if err != nil {
				t.Fatal(err)
			}
			defer st.Close()
			stories, err := storytest.Save(ctx, st, slices.Clone(arts))
			if err != nil || len(stories) != 1 {
				t.Fatalf("the articles make %d stories, want 1: %v", len(stories), err)
			}
			o := Options{Store: st, Logger: slog.New(slog.NewTextHandler(io.Discard, nil)), Accounts: AccountOptions{Public: true}}
			if tt.withImages {
				p, err := imageproxy.Open(ctx, filepath.Join(t.TempDir(), "images.db"), imageproxy.Options{
					Fetch: fetch.New(fetch.Config{HostInterval: -1, MaxBody: imageproxy.DefaultMaxImage})})
				if err != nil {
					t.Fatal(err)
				}
				defer p.Close()
				o.Images = p
			}
			s, err := New(o)
			if err != nil {
				t.Fatal(err)
			}
			body := string(storytest.Get(t, s.Handler(), "/stories/"+stories[0].ID))
			got := thumbTag.FindAllStringSubmatch(body, -1)
			if len(got) != tt.thumbs {
				t.Fatalf("%d thumbnails on the story page, want %d", len(got), tt.thumbs)
			}
			if strings.Contains(body, "img.example") {
				t.Error("the page links the remote image")
			}
			if tt.thumbs == 0 {
				return
			}
			// The thumbnail sits in pier-1's item, before its headline link.
			if !strings.Contains(got[0][0], `/articles/pier-1"`) {
				t.Errorf("the thumbnail is not in pier-1's item: %s", got[0][0])
			}
		})
	}
}

var thumbTag = regexp.MustCompile(`<li class="has-thumb"><img class="thumb" src="/images/[0-9a-f]{32}" alt="" loading="lazy" decoding="async"><a href="/articles/[^"]+"`)
