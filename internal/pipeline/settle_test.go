package pipeline

import (
	"context"
	"fmt"
	"math/rand/v2"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/storyline-news/storyline/internal/model"
	"github.com/storyline-news/storyline/internal/store"
	"github.com/storyline-news/storyline/internal/store/sqlite"
)

func openStore(tb testing.TB) *sqlite.Store {
	tb.Helper()
	st, err := sqlite.Open(context.Background(), filepath.Join(tb.TempDir(), "s.db"))
	if err != nil {
		tb.Fatal(err)
	}
	tb.Cleanup(func() { st.Close() })
	return st
}

// TestNamePermanentIDs: the clusters a region makes take the IDs of the
// stored clusters they continue.
func TestNamePermanentIDs(t *testing.T) {
	type member struct {
		was   string // stored event ("" for a new article)
		label string // event the region's clustering gave
	}
	tests := []struct {
		name    string
		ids     []string // stored event IDs, oldest first
		members []member
		frozen  []string          // stored events with articles outside the region
		want    map[string]string // label → ID ("new" for a fresh one)
		moves   map[string]string // stored event → where it went
	}{
		{"a cluster that grows keeps its ID", []string{"eA"},
			[]member{{"eA", "x"}, {"eA", "x"}, {"", "x"}}, nil, map[string]string{"x": "eA"}, nil},
		{"two merge: the older ID survives, the other redirects", []string{"eA", "eB"},
			[]member{{"eB", "x"}, {"eB", "x"}, {"eB", "x"}, {"eA", "x"}}, nil, map[string]string{"x": "eA"}, map[string]string{"eB": "eA"}},
		{"one splits: the larger part keeps the ID", []string{"eA"},
			[]member{{"eA", "x"}, {"eA", "y"}, {"eA", "y"}, {"", "y"}}, nil, map[string]string{"y": "eA", "x": "new"}, nil},
		{"a stray article does not take a cluster's ID", []string{"eA", "eB"},
			[]member{{"eA", "x"}, {"eA", "x"}, {"eA", "y"}, {"eB", "y"}, {"eB", "y"}}, nil, map[string]string{"x": "eA", "y": "eB"}, nil},
		{"a cluster with articles outside the region stays", []string{"eA", "eB"},
			[]member{{"eB", "x"}, {"eA", "x"}}, []string{"eB"}, map[string]string{"x": "eA"}, nil},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			st := openStore(t)
			ctx := context.Background()
			var known []store.ClusterID
			for _, id := range tc.ids {
				known = append(known, store.ClusterID{ID: id, Kind: "event"})
			}
			if err := st.SaveSettlement(ctx, store.Settlement{NewIDs: known}); err != nil {
				t.Fatal(err)
			}
			region := make([]store.Own, len(tc.members))
			arts := make([]model.Article, len(tc.members))
			for i, m := range tc.members {
				id := fmt.Sprintf("a%d", i)
				region[i].Article.ID, region[i].Was.Event, region[i].Was.Story = id, m.was, strings.Replace(m.was, "e", "s", 1)
				arts[i] = model.Article{ID: id, Event: m.label, Story: "s" + m.label}
			}
			frozen := map[string]bool{}
			for _, f := range tc.frozen {
				frozen[f] = true
			}
			s := &Settler{Store: st}
			var set store.Settlement
			if err := s.name(ctx, region, arts, frozen, map[string]bool{}, &set); err != nil {
				t.Fatal(err)
			}
			got := map[string]string{}
			for i, m := range tc.members {
				id := arts[i].Event
				if !slices.Contains(tc.ids, id) {
					id = "new"
				}
				if prev, ok := got[m.label]; ok && prev != id {
					t.Fatalf("label %s named both %s and %s", m.label, prev, id)
				}
				got[m.label] = id
			}
			for l, w := range tc.want {
				if got[l] != w {
					t.Errorf("label %s is %s, want %s", l, got[l], w)
				}
			}
			moves := map[string]string{}
			for _, m := range set.Moves {
				if m.Kind == "event" {
					moves[m.From] = m.To
				}
			}
			if len(moves) != len(tc.moves) {
				t.Errorf("moves %v, want %v", moves, tc.moves)
			}
			for f, to := range tc.moves {
				if moves[f] != to {
					t.Errorf("%s moved to %q, want %q", f, moves[f], to)
				}
			}
		})
	}
}

// invented returns n articles of k invented topics, each topic a run of
// days, with words of their own and words all share.
func invented(r *rand.Rand, n, k int, prefix string) []model.Article {
	word := func() string {
		const letters = "abcdefghiklmnoprstuvwz"
		b := make([]byte, 5+r.IntN(4))
		for i := range b {
			b[i] = letters[r.IntN(len(letters))]
		}
		return string(b)
	}
	common := make([]string, 400)
	for i := range common {
		common[i] = word()
	}
	topics := make([][]string, k)
	for i := range topics {
		for range 30 {
			topics[i] = append(topics[i], word())
		}
	}
	arts := make([]model.Article, n)
	for i := range arts {
		tp := r.IntN(k)
		var body []string
		for range 5 {
			var ws []string
			for range 30 {
				if r.Float64() < 0.5 {
					ws = append(ws, topics[tp][r.IntN(30)])
				} else {
					ws = append(ws, common[r.IntN(len(common))])
				}
			}
			body = append(body, strings.Join(ws, " ")+".")
		}
		arts[i] = model.Article{ID: fmt.Sprintf("%s%05d", prefix, i), Language: "en",
			Published: fmt.Sprintf("2024-%02d-%02d", 1+tp%12, 1+r.IntN(20)),
			Headline:  strings.Join(topics[tp][:5], " "), Body: body}
	}
	return arts
}

// settleAll saves arts as their own analyses and settles them.
func settleAll(tb testing.TB, s *Settler, arts []model.Article) {
	tb.Helper()
	ctx := context.Background()
	if _, err := s.Store.SaveOwn(ctx, arts, nil, Indexer); err != nil {
		tb.Fatal(err)
	}
	if _, err := s.Settle(ctx); err != nil {
		tb.Fatal(err)
	}
}

// partition returns the store's articles grouped by story, as sorted lists.
func partition(t *testing.T, st *sqlite.Store) []string {
	groups := map[string][]string{}
	if err := st.EachArticle(context.Background(), func(a model.Article) error {
		groups[a.Story] = append(groups[a.Story], a.ID)
		return nil
	}); err != nil {
		t.Fatal(err)
	}
	var out []string
	for _, g := range groups {
		out = append(out, strings.Join(g, ","))
	}
	slices.Sort(out)
	return out
}

// TestSettleOrderFree: invented articles settled one at a time, in two
// orders, make the stories they make settled all at once.
func TestSettleOrderFree(t *testing.T) {
	arts := invented(rand.New(rand.NewPCG(1, 2)), 24, 4, "a")
	settled := func(order []model.Article, each int) []string {
		st := openStore(t)
		s := &Settler{Store: st}
		for i := 0; i < len(order); i += each {
			settleAll(t, s, order[i:min(i+each, len(order))])
		}
		return partition(t, st)
	}
	all := settled(arts, len(arts))
	if len(all) < 2 || len(all) > 8 {
		t.Fatalf("%d stories from 4 topics: %v", len(all), all)
	}
	t.Logf("all at once: %v", all)
	rev := slices.Clone(arts)
	slices.Reverse(rev)
	for _, tc := range []struct {
		name  string
		order []model.Article
		each  int
	}{
		{"one at a time", arts, 1},
		{"one at a time, reversed", rev, 1},
		{"five at a time, reversed", rev, 5},
	} {
		if got := settled(tc.order, tc.each); !slices.Equal(got, all) {
			t.Errorf("%s: stories %v, all at once %v", tc.name, got, all)
		}
	}
}

// benchSettle times settling n new articles into a store of base.
func benchSettle(b *testing.B, base, n int) {
	r := rand.New(rand.NewPCG(3, 4))
	st := openStore(b)
	s := &Settler{Store: st}
	stored := invented(r, base, base/20, "s")
	for i := 0; i < len(stored); i += 500 {
		settleAll(b, s, stored[i:min(i+500, len(stored))])
	}
	extra := invented(r, n*b.N, base/20, "n")
	b.ResetTimer()
	for i := range b.N {
		settleAll(b, s, extra[i*n:(i+1)*n])
	}
	b.ReportMetric(float64(b.Elapsed().Microseconds())/float64(b.N*n)/1000, "ms/article")
}

// BenchmarkSettleOne adds one article at a time to a store of 2,000.
func BenchmarkSettleOne(b *testing.B) { benchSettle(b, 2000, 1) }

// BenchmarkSettleHundred adds 100 articles at a time to a store of 2,000.
func BenchmarkSettleHundred(b *testing.B) { benchSettle(b, 2000, 100) }

// TestHoldFrozen: a stored story with articles outside the region is
// neither merged nor split by the region's clustering.
func TestHoldFrozen(t *testing.T) {
	type art struct{ was, story, event string }
	tests := []struct {
		name   string
		frozen []string
		in     []art
		want   []art // story, event after (was ignored)
	}{
		{"a merge of a held story with another is undone, the new article joins the held one",
			[]string{"sBig"},
			[]art{{"sBig", "L1", "E1"}, {"sBig", "L1", "E1"}, {"sSmall", "L1", "E2"}, {"", "L1", "E2"}},
			[]art{{"", "held\x00sBig", "E1"}, {"", "held\x00sBig", "E1"}, {"", "held\x00sBig", "E2"}, {"", "held\x00sBig", "E2"}}},
		{"a split of a held story is undone",
			[]string{"sBig"},
			[]art{{"sBig", "L1", "E1"}, {"sBig", "L2", "E2"}, {"", "L2", "E2"}},
			[]art{{"", "held\x00sBig", "E1"}, {"", "held\x00sBig", "E2"}, {"", "held\x00sBig", "E2"}}},
		{"stories wholly in the region are left as clustered",
			[]string{"sBig"},
			[]art{{"sA", "L1", "E1"}, {"sB", "L1", "E1"}, {"", "L2", "E2"}},
			[]art{{"", "L1", "E1"}, {"", "L1", "E1"}, {"", "L2", "E2"}}},
		{"an event that now lies in two stories is split",
			[]string{"sX", "sY"},
			[]art{{"sX", "L1", "E1"}, {"sY", "L1", "E1"}},
			[]art{{"", "held\x00sX", "E1"}, {"", "held\x00sY", "E1\x00held\x00sY"}}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			region := make([]store.Own, len(tc.in))
			arts := make([]model.Article, len(tc.in))
			for i, a := range tc.in {
				region[i].Was.Story = a.was
				arts[i] = model.Article{ID: fmt.Sprint(i), Story: a.story, Event: a.event}
			}
			frozen := map[string]bool{}
			for _, f := range tc.frozen {
				frozen[f] = true
			}
			holdFrozen(region, arts, frozen)
			for i, w := range tc.want {
				if arts[i].Story != w.story || arts[i].Event != w.event {
					t.Errorf("article %d: story %q event %q, want %q %q", i, arts[i].Story, arts[i].Event, w.story, w.event)
				}
			}
		})
	}
}
