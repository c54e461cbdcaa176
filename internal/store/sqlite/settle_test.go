package sqlite

import (
	"context"
	"errors"
	"fmt"
	"maps"
	"slices"
	"strings"
	"testing"

	"github.com/storyline-news/storyline/internal/model"
	"github.com/storyline-news/storyline/internal/store"
)

// words indexes an article by the words of its headline, and bands it by
// its first body paragraph: enough to test the store's bookkeeping
// without the clusterer.
var words = store.Indexer{
	Terms: func(a *model.Article) []string {
		ws := strings.Fields(strings.ToLower(a.Headline))
		slices.Sort(ws)
		return slices.Compact(ws)
	},
	Bands: func(a *model.Article) []uint64 {
		if len(a.Body) == 0 {
			return nil
		}
		return []uint64{uint64(len(a.Body[0])), 1 << 40}
	},
}

func TestSaveOwnCountsTermsAndOutcomes(t *testing.T) {
	s, _ := openTemp(t)
	ctx := context.Background()
	a := article("a", "Harbour Post", "2024-03-01", "Bridge closes for repairs", "The bridge closed on Monday.")
	b := article("b", "Valley Times", "2024-03-02", "Bridge repairs begin", "Repairs began on the old bridge.")
	outs, err := s.SaveOwn(ctx, []model.Article{a, b}, nil, words)
	if err != nil || !slices.Equal(outs, []store.Outcome{store.New, store.New}) {
		t.Fatalf("first save: %v, %v", outs, err)
	}
	outs, _ = s.SaveOwn(ctx, []model.Article{a}, nil, words)
	if outs[0] != store.Unchanged {
		t.Errorf("the same article again: %v, want unchanged", outs[0])
	}
	df := func() (int, map[string]int) {
		docs, m, err := s.TermDF(ctx, []string{"bridge", "closes", "repairs", "begin", "reopens", "absent"})
		if err != nil {
			t.Fatal(err)
		}
		return docs, m
	}
	if docs, m := df(); docs != 2 || m["bridge"] != 2 || m["closes"] != 1 || m["repairs"] != 2 || m["absent"] != 0 {
		t.Errorf("df after two articles: docs %d, %v", docs, m)
	}
	a2 := a
	a2.Headline = "Bridge reopens"
	outs, _ = s.SaveOwn(ctx, []model.Article{a2}, nil, words)
	if outs[0] != store.Updated {
		t.Fatalf("a changed article: %v, want updated", outs[0])
	}
	if docs, m := df(); docs != 2 || m["bridge"] != 2 || m["closes"] != 0 || m["reopens"] != 1 || m["repairs"] != 1 {
		t.Errorf("df after a's headline changed: docs %d, %v (its old terms must be counted out)", docs, m)
	}
	un, err := s.Unsettled(ctx, 10)
	if err != nil || len(un) != 2 || un[0].Article.ID != "a" || un[0].Article.Headline != "Bridge reopens" {
		t.Fatalf("unsettled: %+v, %v", un, err)
	}
	ids, err := s.CopyBands(ctx, words.Bands(&b))
	if err != nil || !slices.Equal(ids, []string{"a", "b"}) {
		t.Errorf("copy bands: %v, %v (both share the band 1<<40)", ids, err)
	}
}

func TestSettlementIndexesAndRedirects(t *testing.T) {
	s, _ := openTemp(t)
	ctx := context.Background()
	a := article("a", "Harbour Post", "2024-03-01", "Bridge closes for repairs", "The bridge closed on Monday.")
	b := article("b", "Valley Times", "2024-03-02", "Bridge repairs begin", "Repairs began on the old bridge.")
	if _, err := s.SaveOwn(ctx, []model.Article{a, b}, nil, words); err != nil {
		t.Fatal(err)
	}
	// Not searchable until settled.
	if hits, _ := s.Search(ctx, store.SearchQuery{Text: "bridge"}); len(hits) != 0 {
		t.Errorf("unsettled articles are searchable: %d hits", len(hits))
	}
	a.Event, a.Story, b.Event, b.Story = "e1", "s1", "e2", "s2"
	set := store.Settlement{
		Articles: []model.Article{a, b},
		Posts: []store.Posts{{ID: "a", Terms: []string{"bridge", "closes"}, Weights: []float32{0.8, 0.6}},
			{ID: "b", Terms: []string{"bridge"}, Weights: []float32{1}}},
		NewIDs:  []store.ClusterID{{ID: "e1", Kind: "event"}, {ID: "s1", Kind: "story"}, {ID: "e2", Kind: "event"}, {ID: "s2", Kind: "story"}},
		Events:  []store.Event{{ID: "e1", Story: "s1", Title: "x", Articles: 1}, {ID: "e2", Story: "s2", Title: "y", Articles: 1}},
		Stories: []store.Story{{ID: "s1", Title: "x", Articles: 1}, {ID: "s2", Title: "y", Articles: 1}},
	}
	if err := s.SaveSettlement(ctx, set); err != nil {
		t.Fatal(err)
	}
	if un, _ := s.Unsettled(ctx, 10); len(un) != 0 {
		t.Errorf("%d unsettled after settling", len(un))
	}
	if hits, _ := s.Search(ctx, store.SearchQuery{Text: "bridge"}); len(hits) != 2 {
		t.Errorf("settled articles: %d search hits, want 2", len(hits))
	}
	posts, err := s.Postings(ctx, []string{"bridge", "closes"}, 1)
	if err != nil || len(posts) != 2 || posts[0].ID != "b" || posts[1].ID != "a" || posts[1].Weight != 0.6 {
		t.Errorf("postings, newest one per term: %+v, %v", posts, err)
	}
	known, _ := s.ClusterIDs(ctx, []string{"s1", "s2", "s9"})
	if len(known) != 2 || known["s1"].Created >= known["s2"].Created {
		t.Errorf("cluster IDs: %+v (s1 given before s2)", known)
	}

	// b joins a's story and event: s2 and e2 answer for s1 and e1.
	b.Event, b.Story = "e1", "s1"
	set = store.Settlement{
		Articles: []model.Article{b},
		Moves:    []store.Move{{Kind: "story", From: "s2", To: "s1"}, {Kind: "event", From: "e2", To: "e1"}},
		Changes:  []store.Change{{Article: "b", Field: "story", Old: "s2", New: "s1", Reason: "test"}},
		Events:   []store.Event{{ID: "e1", Story: "s1", Title: "x", Articles: 2}},
		Stories:  []store.Story{{ID: "s1", Title: "x", Articles: 2}},
	}
	if err := s.SaveSettlement(ctx, set); err != nil {
		t.Fatal(err)
	}
	if _, err := s.Story(ctx, "s2"); !errors.Is(err, store.ErrNotFound) {
		t.Errorf("the emptied story still stands: %v", err)
	}
	if to, err := s.MovedTo(ctx, "s2"); err != nil || to != "s1" {
		t.Errorf("MovedTo(s2) = %q, %v, want s1", to, err)
	}
	if _, err := s.MovedTo(ctx, "s1"); !errors.Is(err, store.ErrNotFound) {
		t.Errorf("MovedTo of a standing story: %v, want ErrNotFound", err)
	}
	// s1 merges on into s3: s2 follows the chain.
	if err := s.SaveSettlement(ctx, store.Settlement{NewIDs: []store.ClusterID{{ID: "s3", Kind: "story"}},
		Moves: []store.Move{{Kind: "story", From: "s1", To: "s3"}}}); err != nil {
		t.Fatal(err)
	}
	if to, err := s.MovedTo(ctx, "s2"); err != nil || to != "s3" {
		t.Errorf("MovedTo(s2) after s1 moved to s3 = %q, %v", to, err)
	}
	cs, err := s.ArticleChanges(ctx, "b")
	if err != nil || len(cs) != 1 || cs[0].Old != "s2" || cs[0].New != "s1" || cs[0].At == "" {
		t.Errorf("changes of b: %+v, %v", cs, err)
	}
}

// TestDocCopies records fingerprints batch after batch on a real SQLite
// file: a batch counts the copies earlier batches held, not its own
// documents nor a document's own earlier row, and a document read again
// with other text leaves its old fingerprint.
func TestDocCopies(t *testing.T) {
	ctx := context.Background()
	s, _ := openTemp(t)
	tests := []struct {
		name   string
		prints map[string]uint64
		want   map[string]int
	}{
		{"the first batch finds none, its own copies uncounted", map[string]uint64{"a": 7, "b": 7, "c": 9}, map[string]int{"a": 0, "b": 0, "c": 0}},
		{"a later batch counts earlier copies", map[string]uint64{"d": 7, "e": 9, "f": 11}, map[string]int{"d": 2, "e": 1, "f": 0}},
		{"a document read again is not its own copy", map[string]uint64{"a": 7}, map[string]int{"a": 2}},
		{"a document read again with other text moves", map[string]uint64{"b": 11}, map[string]int{"b": 1}},
		{"and leaves its old fingerprint", map[string]uint64{"g": 7}, map[string]int{"g": 2}},
	}
	for _, tc := range tests {
		got, err := s.DocCopies(ctx, tc.prints)
		if err != nil {
			t.Fatalf("%s: %v", tc.name, err)
		}
		if !maps.Equal(got, tc.want) {
			t.Errorf("%s: DocCopies = %v, want %v", tc.name, got, tc.want)
		}
	}
}

// BenchmarkDocCopies records the fingerprints of an ingest chunk (2,000
// documents, a tenth of them copies of earlier ones) into a store that
// holds 20,000; it reports documents per second.
func BenchmarkDocCopies(b *testing.B) {
	ctx := context.Background()
	s, _ := openTemp(b)
	old := map[string]uint64{}
	for i := range 20_000 {
		old[fmt.Sprintf("old-%d", i)] = uint64(i%15_000) + 1
	}
	if _, err := s.DocCopies(ctx, old); err != nil {
		b.Fatal(err)
	}
	b.ResetTimer()
	for n := 0; n < b.N; n++ {
		chunk := map[string]uint64{}
		for i := range 2_000 {
			fp := uint64(1_000_000 + n*2_000 + i)
			if i%10 == 0 {
				fp = uint64(i) + 1
			}
			chunk[fmt.Sprintf("new-%d-%d", n, i)] = fp
		}
		if _, err := s.DocCopies(ctx, chunk); err != nil {
			b.Fatal(err)
		}
	}
	b.ReportMetric(float64(b.N*2_000)/b.Elapsed().Seconds(), "docs/s")
}
