package server

import (
	"context"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"path/filepath"
	"strings"
	"testing"

	"github.com/storyline-news/storyline/internal/browsertest"
	"github.com/storyline-news/storyline/internal/model"
	"github.com/storyline-news/storyline/internal/store/sqlite"
	"github.com/storyline-news/storyline/internal/storytest"
)

// undatedServer serves a story whose articles state no dates (as the
// seeds do without --year): the dater placed two of them by the weekdays
// they name, the third not at all. It returns the handler and the story.
func undatedServer(t *testing.T) (http.Handler, string) {
	t.Helper()
	ctx := context.Background()
	places := []model.Entity{{Name: "Hillport", Type: model.Place, Mentions: 2}, {Name: "Hillport Dam", Type: model.Place, Mentions: 1}}
	art := func(id, outlet, period, headline string) model.Article {
		return model.Article{ID: id, Outlet: outlet, Period: period, Headline: headline, Entities: places,
			Body: []string{headline + ". Engineers in Hillport opened the Hillport Dam floodgates as the river rose."}}
	}
	arts := []model.Article{
		art("dam-1", "Valley Post", "2021-03-19/2021-03-19", "Hillport Dam floodgates opened"),
		art("dam-2", "Hill Times", "2021-03-21/2021-03-21", "Hillport Dam floodgates stay open"),
		art("dam-3", "Coast Wire", "", "Hillport Dam floodgates opened as river rose"),
	}
	st, err := sqlite.Open(ctx, filepath.Join(t.TempDir(), "undated.db"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { st.Close() })
	stories, err := storytest.Save(ctx, st, arts)
	if err != nil || len(stories) != 1 {
		t.Fatalf("the articles make %d stories, want 1: %v", len(stories), err)
	}
	s, err := New(Options{Store: st, Logger: slog.New(slog.NewTextHandler(io.Discard, nil)), Accounts: AccountOptions{Public: true}})
	if err != nil {
		t.Fatal(err)
	}
	return s.Handler(), stories[0].ID
}

// TestUndatedPagesSayWhatIsKnown: no page of an undated story says
// "undated"; the front page card and the story page say over how many
// days the story runs, and an article page says which day of the story
// it is and its weekday, or that its date is not stated.
func TestUndatedPagesSayWhatIsKnown(t *testing.T) {
	h, story := undatedServer(t)
	tests := []struct {
		name, path string
		want       []string
	}{
		{"front page card", "/", []string{"dates not stated · over 3 days"}},
		{"story page", "/stories/" + story, []string{"Story · dates not stated · over 3 days"}},
		{"article placed on a day", "/articles/dam-1", []string{"Valley Post · date not stated · day 1 of the story, a Friday"}},
		{"article placed later", "/articles/dam-2", []string{"Hill Times · date not stated · day 3 of the story, a Sunday"}},
		{"article not placed", "/articles/dam-3", []string{"Coast Wire · date not stated</p>"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			body := string(storytest.Get(t, h, tt.path))
			for _, w := range tt.want {
				if !strings.Contains(body, w) {
					t.Errorf("%s lacks %q", tt.path, w)
				}
			}
			if strings.Contains(strings.ToLower(body), "undated") {
				t.Errorf("%s says undated", tt.path)
			}
		})
	}
}

// TestUndatedInChromium shows the undated story's front page card and an
// article in Chromium on a phone: what is known of their dates is on
// screen, and the longer wording does not widen the page.
func TestUndatedInChromium(t *testing.T) {
	b := browsertest.Start(t)
	h, _ := undatedServer(t)
	hs := httptest.NewServer(h)
	defer hs.Close()
	b.SetViewport(t, browsertest.Phone)
	for _, c := range []struct{ path, sel, want, shot string }{
		{"/", ".story-card .meta", "dates not stated · over 3 days", "undated-front-phone"},
		{"/articles/dam-2", ".article .kicker", "Hill Times · date not stated · day 3 of the story, a Sunday", "undated-article-phone"},
	} {
		b.Visit(t, hs.URL+c.path)
		got := strings.Join(strings.Fields(strings.Join(b.Texts(t, c.sel), " ")), " ")
		if !strings.Contains(got, c.want) {
			t.Errorf("%s: %s says %q, want %q", c.path, c.sel, got, c.want)
		}
		if w := browsertest.Eval[float64](t, b, `document.documentElement.scrollWidth`); w > float64(browsertest.Phone.W)+1 {
			t.Errorf("%s is %v px wide on a %d px phone", c.path, w, browsertest.Phone.W)
		}
		b.Screenshot(t, c.shot)
	}
}
