package cluster

import (
	"context"
	"fmt"
	"math/rand/v2"
	"testing"

	"github.com/storyline-news/storyline/internal/model"
)

// otherNews writes n reports on each of k unrelated subjects (IDs "z…"),
// so that a stream's own word counts weigh its words as in real news.
func otherNews(r *rand.Rand, noise []string, k, n int) []model.Article {
	var arts []model.Article
	for t := range k {
		topic := lexicon(r, 40)
		for i := range n {
			arts = append(arts, article(r, fmt.Sprintf("z%02d-%d", t, i), fmt.Sprintf("2024-06-%02d", 1+i%5), topic, noise))
		}
	}
	return arts
}

// twoOfAKind writes reports of two happenings of one kind on the same days,
// interleaved: most of their words are the kind's, a few each its own, as
// with two title fights or two navy actions against pirates. IDs start
// with the happening's letter; the stream around them is background.
func twoOfAKind(seed uint64, perEvent int) []model.Article {
	r := rand.New(rand.NewPCG(seed, seed+1))
	noise := lexicon(r, 3000)
	kind := lexicon(r, 30)
	a := append(append([]string(nil), kind...), lexicon(r, 12)...)
	b := append(append([]string(nil), kind...), lexicon(r, 12)...)
	arts := otherNews(r, noise, 30, 6)
	for i := range perEvent {
		day := fmt.Sprintf("2024-06-%02d", 3+i%3)
		arts = append(arts, article(r, fmt.Sprintf("a%02d", i), day, a, noise),
			article(r, fmt.Sprintf("b%02d", i), day, b, noise))
	}
	return arts
}

// cluster runs the step with opt and returns events by article ID.
func cluster(t *testing.T, opt Options, arts []model.Article) map[string]string {
	t.Helper()
	arts = append([]model.Article(nil), arts...)
	if err := (Step{Options: opt}).Apply(context.Background(), arts); err != nil {
		t.Fatal(err)
	}
	out := map[string]string{}
	for _, a := range arts {
		out[a.ID] = a.Event
	}
	return out
}

// purity is the B-cubed F1 of the events of the articles whose IDs start
// with a or b against those letters.
func purity(events map[string]string) float64 {
	gold := map[string]string{}
	for id := range events {
		if id[0] == 'a' || id[0] == 'b' {
			gold[id] = id[:1]
		}
	}
	b3, _ := bcubed(gold, events)
	return b3
}

func TestRefineSeparatesTwoOfAKind(t *testing.T) {
	for _, seed := range []uint64{1, 2, 3} {
		arts := twoOfAKind(seed, 10)
		off := purity(cluster(t, Options{Refine: -1}, arts))
		on := purity(cluster(t, Options{}, arts))
		// The words alone put both happenings in one event, or near it;
		// the neighbours tell them apart.
		if off > 0.8 {
			t.Errorf("seed %d: without refinement B-cubed %.3f: the test no longer poses the problem", seed, off)
		}
		t.Logf("seed %d: B-cubed %.3f without refinement, %.3f with", seed, off, on)
		if on < 0.95 {
			t.Errorf("seed %d: with refinement B-cubed %.3f (without %.3f), want >= 0.95", seed, on, off)
		}
	}
}

func TestRefineKeepsALargeEventWhole(t *testing.T) {
	r := rand.New(rand.NewPCG(9, 10))
	noise := lexicon(r, 3000)
	topic := lexicon(r, 60)
	arts := otherNews(r, noise, 40, 8)
	for i := range 300 {
		arts = append(arts, article(r, fmt.Sprintf("x%03d", i), fmt.Sprintf("2024-06-%02d", 1+i/60), topic, noise))
	}
	spread := func(opt Options) (events, largest int) {
		size := map[string]int{}
		for id, e := range cluster(t, opt, arts) {
			if id[0] == 'x' {
				size[e]++
			}
		}
		for _, n := range size {
			largest = max(largest, n)
		}
		return len(size), largest
	}
	offN, offLargest := spread(Options{Refine: -1})
	t.Logf("without refinement: %d events, the largest %d", offN, offLargest)
	n, largest := spread(Options{})
	// Any two of its reports share few of their nearest neighbours; the
	// links between its parts keep together what the event level holds.
	if largest < offLargest*97/100 || n > offN+offN/4 {
		t.Errorf("a 300-report event came out in %d events, the largest %d (without refinement %d, %d)", n, largest, offN, offLargest)
	}
}

func TestRefineIsIdempotent(t *testing.T) {
	arts := twoOfAKind(4, 8)
	c := New(Options{})
	if _, err := c.AddBatch(context.Background(), arts); err != nil {
		t.Fatal(err)
	}
	before := resolved(c)
	for s := range c.stories.groups {
		if c.stories.find(int32(s)) == int32(s) {
			c.refine(int32(s))
		}
	}
	after := resolved(c)
	for i := range before {
		if before[i] != after[i] {
			t.Fatalf("a second refinement moved slot %d: %+v -> %+v", i, before[i], after[i])
		}
	}
}

func TestNeighbourLists(t *testing.T) {
	arts := twoOfAKind(5, 10)
	c := New(Options{})
	if _, err := c.AddBatch(context.Background(), arts); err != nil {
		t.Fatal(err)
	}
	same, all := 0, 0
	first := -1
	for i, a := range c.arts {
		if a.id[0] != 'a' && a.id[0] != 'b' {
			continue
		}
		if first < 0 {
			first = i
		}
		if len(a.nb) > neighbours {
			t.Fatalf("%s keeps %d neighbours", a.id, len(a.nb))
		}
		for k, n := range a.nb {
			if k > 0 && nearer(a.nb[k-1], n) > 0 {
				t.Fatalf("%s: neighbours out of order: %v", a.id, a.nb)
			}
			if n.sim < minNeighbourSim {
				t.Errorf("%s: neighbour at %.3f under the floor", a.id, n.sim)
			}
			all++
			if c.arts[n.slot].id[0] == a.id[0] {
				same++
			}
		}
	}
	// Later articles were offered to earlier ones: the first report has a
	// full list though no report of its kind preceded it.
	if len(c.arts[first].nb) != neighbours {
		t.Errorf("the first report has %d neighbours, want %d", len(c.arts[first].nb), neighbours)
	}
	if all == 0 || float64(same) < 0.9*float64(all) {
		t.Errorf("%d of %d neighbours report the same happening", same, all)
	}
}

func BenchmarkRefine(b *testing.B) {
	arts := twoOfAKind(6, refineCap/2)
	c := New(Options{Refine: -1})
	if _, err := c.AddBatch(context.Background(), arts); err != nil {
		b.Fatal(err)
	}
	c.opt.Refine = Defaults.Refine
	s := c.stories.find(c.events.groups[c.events.find(c.arts[len(c.arts)-1].event)].story)
	for b.Loop() {
		c.refine(s)
	}
	b.ReportMetric(float64(min(len(c.stories.groups[s].members), refineCap)), "articles")
}

// TestRefineDeterministic runs one stream several times: maps are walked in
// random order, and no walk may change where an article goes.
func TestRefineDeterministic(t *testing.T) {
	arts := twoOfAKind(7, 40)
	want := cluster(t, Options{}, arts)
	for range 5 {
		got := cluster(t, Options{}, arts)
		for id, e := range want {
			if got[id] != e {
				t.Fatalf("%s in %s, another run %s", id, got[id], e)
			}
		}
	}
}

// resolved returns each slot's event and story after every merge so far.
func resolved(c *Clusterer) [][2]int {
	out := make([][2]int, c.Len())
	for i := range out {
		e, s := c.Resolve(i)
		out[i] = [2]int{e, s}
	}
	return out
}
