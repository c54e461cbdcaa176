package sqlite

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"math"
	"strings"
	"testing"
	"time"

	"github.com/storyline-news/storyline/internal/model"
	"github.com/storyline-news/storyline/internal/store"
)

func TestArticlesByID(t *testing.T) {
	ctx := context.Background()
	s, _ := openTemp(t)
	seed(t, s) // a1, a2, a3, clustered
	more := []model.Article{
		article("b1", "Valley Courier", "2024-03-10", "Frost spares most orchards", "Most blossom survived the night."),
		article("b2", "The Harbour Post", "2024-03-11", "Bridge repairs on schedule", "The crews are ahead of plan."),
	}
	if _, err := s.SaveArticles(ctx, more); err != nil {
		t.Fatal(err)
	}

	got, err := s.Articles(ctx, []string{"b2", "missing", "a1", "b2"})
	if err != nil {
		t.Fatal(err)
	}
	if len(got) != 2 || got[0].ID != "b2" || got[1].ID != "a1" {
		t.Fatalf("Articles = %v, want b2, a1", ids(got))
	}
	if got[1].Story != "s-bridge" || got[1].Event != "e-close" || len(got[1].Entities) != 2 || got[0].Headline != "Bridge repairs on schedule" {
		t.Errorf("Articles lost fields: %+v", got[1])
	}
}

func ids(arts []model.Article) []string {
	var out []string
	for _, a := range arts {
		out = append(out, a.ID)
	}
	return out
}

func TestUpdateClusters(t *testing.T) {
	ctx := context.Background()
	s, _ := openTemp(t)
	seed(t, s) // s-bridge {a1: e-close, a2: e-ferry}, s-frost {a3: e-frost}
	frost, _ := s.Story(ctx, "s-frost")
	b1 := article("b1", "Valley Courier", "2024-03-02", "Bridge closing brought forward", "The bridge closes a day early.")
	if _, err := s.SaveArticles(ctx, []model.Article{b1}); err != nil {
		t.Fatal(err)
	}

	// b1 is earlier than the bridge story's first article, so the story
	// gets a new ID; its old events merge into one.
	arts, err := s.Articles(ctx, []string{"a1", "a2", "b1"})
	if err != nil {
		t.Fatal(err)
	}
	for i := range arts {
		arts[i].Story, arts[i].Event = "s-bridge2", "e-bridge2"
	}
	arts[2].DuplicateOf = "a1"
	time.Sleep(2 * time.Millisecond)
	err = s.UpdateClusters(ctx, arts,
		[]store.Event{{ID: "e-bridge2", Story: "s-bridge2", Title: "Bridge closes", Articles: 3, Sources: 2, First: "2024-03-02", Last: "2024-03-03"}},
		[]store.Story{{ID: "s-bridge2", Title: "Bridge closes early", Articles: 3, Sources: 2, First: "2024-03-02", Last: "2024-03-03", Rank: 5,
			Events: []string{"e-bridge2"}, Outlets: []string{"The Harbour Post", "Valley Courier"}, View: []byte(`{"title":"Bridge closes early"}`)}})
	if err != nil {
		t.Fatal(err)
	}
	sts, err := s.Stories(ctx, 10, 0)
	if err != nil || len(sts) != 2 || sts[0].ID != "s-frost" || sts[1].ID != "s-bridge2" {
		t.Fatalf("Stories = %+v, %v; want s-frost (newest) and s-bridge2 (s-bridge gone)", sts, err)
	}
	if _, err := s.Story(ctx, "s-bridge"); !errors.Is(err, store.ErrNotFound) {
		t.Errorf("the emptied story is still there: %v", err)
	}
	evs, err := s.StoryEvents(ctx, "s-bridge2")
	if err != nil || len(evs) != 1 || evs[0].ID != "e-bridge2" {
		t.Errorf("StoryEvents = %+v, %v", evs, err)
	}
	for _, id := range []string{"s-bridge"} {
		if evs, _ := s.StoryEvents(ctx, id); len(evs) != 0 {
			t.Errorf("events of %s left behind: %+v", id, evs)
		}
	}
	refs, err := s.StoryArticles(ctx, "s-bridge2")
	if err != nil || len(refs) != 3 {
		t.Fatalf("StoryArticles = %+v, %v", refs, err)
	}
	if a, _ := s.Article(ctx, "b1"); a.DuplicateOf != "a1" || a.Event != "e-bridge2" {
		t.Errorf("b1 = story %q event %q dup %q", a.Story, a.Event, a.DuplicateOf)
	}
	// The untouched story is as it was, update time included.
	if f, _ := s.Story(ctx, "s-frost"); !f.Updated.Equal(frost.Updated) || f.Rank != frost.Rank {
		t.Errorf("untouched story changed: %+v, was %+v", f, frost)
	}

	// Writing the same story again keeps its update time; a changed view moves it.
	st, _ := s.Story(ctx, "s-bridge2")
	time.Sleep(2 * time.Millisecond)
	st.Events = []string{"e-bridge2"}
	if err := s.UpdateClusters(ctx, nil, nil, []store.Story{st}); err != nil {
		t.Fatal(err)
	}
	if again, _ := s.Story(ctx, "s-bridge2"); !again.Updated.Equal(st.Updated) {
		t.Errorf("same view: update time moved from %v to %v", st.Updated, again.Updated)
	}
	st.View = []byte(`{"title":"Bridge closes early, ferries run"}`)
	if err := s.UpdateClusters(ctx, nil, nil, []store.Story{st}); err != nil {
		t.Fatal(err)
	}
	if again, _ := s.Story(ctx, "s-bridge2"); !again.Updated.After(st.Updated) {
		t.Errorf("changed view: update time stayed %v", again.Updated)
	}
}

// TestRanksAgeWithoutRewrites: a story's rank is its coverage damped by
// its age behind the newest stored article, computed when read, so a newer
// article re-ranks every story without a write to any.
func TestRanksAgeWithoutRewrites(t *testing.T) {
	ctx := context.Background()
	s, _ := openTemp(t)
	seed(t, s) // s-bridge: 2 sources, last 03-03; s-frost: 1 source, last 03-09
	ranks := func() map[string]float64 {
		sts, err := s.Stories(ctx, 10, 0)
		if err != nil || len(sts) != 2 {
			t.Fatalf("stories: %+v, %v", sts, err)
		}
		if sts[0].ID != "s-frost" {
			t.Errorf("first story %s, want s-frost (1 source today beats 2 six days ago)", sts[0].ID)
		}
		return map[string]float64{sts[0].ID: sts[0].Rank, sts[1].ID: sts[1].Rank}
	}
	if r := ranks(); math.Abs(r["s-frost"]-1) > 1e-9 || math.Abs(r["s-bridge"]-0.5) > 1e-9 {
		t.Errorf("ranks %v, want s-frost 1, s-bridge 2×½² = 0.5", r)
	}
	later := article("a4", "Valley Courier", "2024-03-15", "Council elections called", "The vote will be held in May.")
	if _, err := s.SaveArticles(ctx, []model.Article{later}); err != nil {
		t.Fatal(err)
	}
	if r := ranks(); math.Abs(r["s-frost"]-0.25) > 1e-9 || math.Abs(r["s-bridge"]-0.125) > 1e-9 {
		t.Errorf("ranks after a newer article %v, want s-frost ½² = 0.25, s-bridge 2×½⁴ = 0.125", r)
	}
	if st, err := s.Story(ctx, "s-frost"); err != nil || math.Abs(st.Rank-0.25) > 1e-9 {
		t.Errorf("Story(s-frost).Rank = %v, %v; want 0.25", st.Rank, err)
	}
}

func TestState(t *testing.T) {
	ctx := context.Background()
	s, path := openTemp(t)
	if _, err := s.State(ctx, "cluster"); !errors.Is(err, store.ErrNotFound) {
		t.Fatalf("State before any save: %v, want ErrNotFound", err)
	}
	big := make([]byte, 3<<20)
	for i := range big {
		big[i] = byte(i * 7)
	}
	if err := s.SaveState(ctx, "cluster", []byte("first")); err != nil {
		t.Fatal(err)
	}
	if err := s.SaveState(ctx, "cluster", big); err != nil {
		t.Fatal(err)
	}
	if err := s.SaveState(ctx, "", big); !errors.Is(err, store.ErrInvalid) {
		t.Errorf("SaveState with no key: %v, want ErrInvalid", err)
	}
	s.Close()
	s2, err := Open(ctx, path)
	if err != nil {
		t.Fatal(err)
	}
	defer s2.Close()
	got, err := s2.State(ctx, "cluster")
	if err != nil || len(got) != len(big) || got[12345] != big[12345] || got[len(big)-1] != big[len(big)-1] {
		t.Errorf("State after reopening: %d bytes, %v; want the %d saved last", len(got), err, len(big))
	}
}

// BenchmarkUpdateClusters writes the clusters of one ingest chunk's worth
// of touched stories (200 stories of 10 articles) into a store of 5,000.
func BenchmarkUpdateClusters(b *testing.B) {
	s, _ := openTemp(b)
	ctx := context.Background()
	var arts []model.Article
	for i := range 50 {
		batch := benchArticles(100, i*100)
		if _, err := s.SaveArticles(ctx, batch); err != nil {
			b.Fatal(err)
		}
		if len(arts) < 2000 {
			arts = append(arts, batch...)
		}
	}
	var events []store.Event
	var stories []store.Story
	for i := range arts {
		arts[i].Story, arts[i].Event = fmt.Sprintf("s%d", i/10), fmt.Sprintf("e%d", i/5)
		if i%5 == 0 {
			events = append(events, store.Event{ID: arts[i].Event, Story: arts[i].Story, Title: "Event", Articles: 5, View: []byte(`{"title":"Event"}`)})
		}
		if i%10 == 0 {
			stories = append(stories, store.Story{ID: arts[i].Story, Title: "Story", Articles: 10, Events: []string{arts[i].Event}, View: bytes.Repeat([]byte(" "), 20000)})
		}
	}
	b.ResetTimer()
	for i := 0; b.Loop(); i++ {
		for k := range stories {
			stories[k].Rank = float64(i) // a changed story each time
		}
		if err := s.UpdateClusters(ctx, arts, events, stories); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkSearchCommon searches words every article has, where ranking
// must score every match.
func BenchmarkSearchCommon(b *testing.B) {
	s, _ := openTemp(b)
	ctx := context.Background()
	for i := range 100 {
		if _, err := s.SaveArticles(ctx, benchArticles(100, i*100)); err != nil {
			b.Fatal(err)
		}
	}
	for _, q := range []string{"council", "bridge ferry", `"council harbour"`} {
		b.Run(q, func(b *testing.B) {
			for b.Loop() {
				hits, err := s.Search(ctx, store.SearchQuery{Text: q, Limit: 20})
				if err != nil || len(hits) != 20 {
					b.Fatalf("%d hits, %v", len(hits), err)
				}
			}
		})
	}
}

// TestArticleImages reads the lead images of the articles asked for out of
// their stored records: one with an image (whose & the record escapes, after
// text of several bytes a character),
// one without but with text that looks like the field, one whose address
// is too long to show, one not stored.
func TestArticleImages(t *testing.T) {
	ctx := context.Background()
	s, _ := openTemp(t)
	withImage := article("p1", "Hill Times", "2024-10-04", "Pier reopens", "The pier reopened on Friday — “at last”, said the café’s owner.")
	withImage.Image = "https://hill.example/pier.jpg?w=800&h=450"
	// Text that looks like the field, in the headline and body, must not
	// be taken for it.
	plain := article("p2", "Hill Times", "2024-10-05", `Pier "Image":"busy"`, `The sign read "Image":"https://fake.example/x.jpg" all day.`)
	long := article("p3", "Hill Times", "2024-10-06", "Pier long", "A long address.")
	long.Image = "https://hill.example/" + strings.Repeat("a", maxImageField)
	if _, err := s.SaveArticles(ctx, []model.Article{withImage, plain, long}); err != nil {
		t.Fatal(err)
	}
	got, err := s.ArticleImages(ctx, []string{"p1", "p2", "p3", "missing"})
	if err != nil {
		t.Fatal(err)
	}
	if len(got) != 1 || got["p1"] != withImage.Image {
		t.Errorf("ArticleImages = %v, want p1's image alone", got)
	}
	if got, err := s.ArticleImages(ctx, nil); err != nil || len(got) != 0 {
		t.Errorf("no IDs: %v, %v", got, err)
	}
	// What was read is remembered, but an article stored again with
	// another image (or none) is read again, and so is one that gained
	// an image.
	withImage.Image = "https://hill.example/pier-2.jpg"
	plain.Image = "https://hill.example/busy.jpg"
	if _, err := s.SaveArticles(ctx, []model.Article{withImage, plain}); err != nil {
		t.Fatal(err)
	}
	got, err = s.ArticleImages(ctx, []string{"p1", "p2"})
	if err != nil || got["p1"] != withImage.Image || got["p2"] != plain.Image || len(got) != 2 {
		t.Errorf("after the images changed: %v, %v", got, err)
	}
	withImage.Image = ""
	if _, err := s.SaveArticles(ctx, []model.Article{withImage}); err != nil {
		t.Fatal(err)
	}
	if got, err := s.ArticleImages(ctx, []string{"p1", "p2"}); err != nil || len(got) != 1 || got["p2"] != plain.Image {
		t.Errorf("after p1 lost its image: %v, %v", got, err)
	}
}
