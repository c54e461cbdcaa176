package sqlite

import (
	"context"
	"errors"
	"testing"
	"time"

	"github.com/storyline-news/storyline/internal/store"
)

func TestPolledSources(t *testing.T) {
	ctx := context.Background()
	s, _ := openTemp(t)
	now := time.Date(2026, 3, 1, 12, 0, 0, 0, time.UTC)
	s.now = func() time.Time { return now }

	feed, err := s.AddPolledSource(ctx, store.PolledSource{URL: "https://a.example.test/rss", Kind: store.SourceFeed, Interval: 30 * time.Minute})
	if err != nil {
		t.Fatal(err)
	}
	site, err := s.AddPolledSource(ctx, store.PolledSource{URL: "https://b.example.test/feed", Kind: store.SourceSite, Site: "https://b.example.test/", Interval: time.Hour})
	if err != nil {
		t.Fatal(err)
	}
	if feed.ID == "" || feed.ID == site.ID || !feed.Created.Equal(now) {
		t.Fatalf("added %+v %+v", feed, site)
	}
	for _, bad := range []store.PolledSource{
		{URL: "https://a.example.test/rss", Kind: store.SourceFeed, Interval: time.Hour},
		{URL: "", Kind: store.SourceFeed, Interval: time.Hour},
		{URL: "https://c.example.test/", Kind: "page", Interval: time.Hour},
		{URL: "https://c.example.test/", Kind: store.SourceFeed},
		{URL: "javascript:alert(1)", Kind: store.SourceFeed, Interval: time.Hour},
		{URL: "https://c.example.test/a\nb", Kind: store.SourceFeed, Interval: time.Hour},
	} {
		_, err := s.AddPolledSource(ctx, bad)
		if !errors.Is(err, store.ErrExists) && !errors.Is(err, store.ErrInvalid) {
			t.Errorf("AddPolledSource(%+v) = %v, want ErrExists or ErrInvalid", bad, err)
		}
	}

	// Both are due at once; a paused one is not.
	due, err := s.DueSources(ctx, now)
	if err != nil || len(due) != 2 {
		t.Fatalf("due %v, %v", due, err)
	}
	if err := s.SetSourcePaused(ctx, site.ID, true); err != nil {
		t.Fatal(err)
	}
	if due, _ := s.DueSources(ctx, now); len(due) != 1 || due[0].ID != feed.ID {
		t.Errorf("due with one paused: %+v", due)
	}
	if got, _ := s.PolledSource(ctx, site.URL); got.ID != site.ID || got.State() != store.StatePaused {
		t.Errorf("by URL: %+v", got)
	}

	// A failed poll counts, keeps the ETag, and moves the next poll.
	if err := s.RecordPoll(ctx, feed.ID, store.Poll{At: now, Next: now.Add(time.Hour), Title: "A News", ETag: `"v1"`, LastModified: "Sun, 01 Mar 2026 11:00:00 GMT"}); err != nil {
		t.Fatal(err)
	}
	if err := s.RecordPoll(ctx, feed.ID, store.Poll{At: now.Add(time.Hour), Next: now.Add(3 * time.Hour), Err: "500 Internal Server Error"}); err != nil {
		t.Fatal(err)
	}
	got, err := s.PolledSource(ctx, feed.ID)
	if err != nil {
		t.Fatal(err)
	}
	if got.Title != "A News" || got.ETag != `"v1"` || got.LastModified == "" || got.Failures != 1 || got.LastError == "" ||
		!got.LastFetch.Equal(now.Add(time.Hour)) || !got.NextFetch.Equal(now.Add(3*time.Hour)) || got.State() != store.StateFailing {
		t.Errorf("after a failure: %+v", got)
	}
	if due, _ := s.DueSources(ctx, now.Add(2*time.Hour)); len(due) != 0 {
		t.Errorf("due before its next poll: %+v", due)
	}
	if err := s.RecordPoll(ctx, feed.ID, store.Poll{At: now.Add(3 * time.Hour), Next: now.Add(4 * time.Hour)}); err != nil {
		t.Fatal(err)
	}
	if got, _ := s.PolledSource(ctx, feed.ID); got.Failures != 0 || got.LastError != "" || got.State() != store.StateHealthy || got.Title != "A News" {
		t.Errorf("after a success: %+v", got)
	}
	if err := s.RecordPoll(ctx, feed.ID, store.Poll{At: now.Add(4 * time.Hour), Next: now.Add(5 * time.Hour), Warning: "1 of 3 items gave no article"}); err != nil {
		t.Fatal(err)
	}
	if got, _ := s.PolledSource(ctx, feed.ID); got.Failures != 0 || got.LastError != "1 of 3 items gave no article" || got.State() != store.StateHealthy {
		t.Errorf("after a success with a warning: %+v", got)
	}

	// Seen items, and the article count they give.
	items := []store.SeenItem{
		{Key: "g1", Version: "h:1", Article: "a_1", Fetched: now},
		{Key: "g2", Version: "h:2", Article: "a_2", Fetched: now},
		{Key: "g3", Version: "h:3", Error: "robots.txt disallows it", Fetched: now},
		{Key: "g4", Version: "h:4", Article: "a_1", Fetched: now}, // a second item, same page
	}
	if err := s.SaveSeenItems(ctx, feed.ID, items); err != nil {
		t.Fatal(err)
	}
	seen, err := s.SeenItems(ctx, feed.ID, []string{"g1", "g3", "g9"})
	if err != nil || len(seen) != 2 || seen["g1"].Article != "a_1" || seen["g3"].Error == "" || !seen["g1"].Fetched.Equal(now) {
		t.Fatalf("seen %+v, %v", seen, err)
	}
	if err := s.SaveSeenItems(ctx, feed.ID, []store.SeenItem{{Key: "g1", Version: "h:1b", Article: "a_1", Fetched: now}}); err != nil {
		t.Fatal(err)
	}
	if seen, _ := s.SeenItems(ctx, feed.ID, []string{"g1"}); seen["g1"].Version != "h:1b" {
		t.Errorf("replaced %+v", seen)
	}
	if other, _ := s.SeenItems(ctx, site.ID, []string{"g1"}); len(other) != 0 {
		t.Errorf("another source's items: %+v", other)
	}
	all, err := s.PolledSources(ctx)
	if err != nil || len(all) != 2 || all[0].ID != feed.ID || all[0].Articles != 2 || all[1].Articles != 0 {
		t.Fatalf("list %+v, %v", all, err)
	}

	if err := s.SetSourceInterval(ctx, feed.ID, 5*time.Minute); err != nil {
		t.Fatal(err)
	}
	if err := s.SetSourcePaused(ctx, site.ID, false); err != nil {
		t.Fatal(err)
	}
	if got, _ := s.PolledSource(ctx, site.ID); got.Paused || !got.NextFetch.IsZero() {
		t.Errorf("resumed %+v", got)
	}
	if got, _ := s.PolledSource(ctx, feed.ID); got.Interval != 5*time.Minute {
		t.Errorf("interval %s", got.Interval)
	}
	if err := s.DeletePolledSource(ctx, feed.ID); err != nil {
		t.Fatal(err)
	}
	if _, err := s.PolledSource(ctx, feed.ID); !errors.Is(err, store.ErrNotFound) {
		t.Errorf("deleted source: %v", err)
	}
	if err := s.SaveSeenItems(ctx, feed.ID, items[:1]); !errors.Is(err, store.ErrNotFound) {
		t.Errorf("seen items of a removed source: %v", err)
	}
	for _, err := range []error{s.DeletePolledSource(ctx, "nope"), s.SetSourcePaused(ctx, "nope", true), s.RecordPoll(ctx, "nope", store.Poll{})} {
		if !errors.Is(err, store.ErrNotFound) {
			t.Errorf("unknown source: %v", err)
		}
	}
}
