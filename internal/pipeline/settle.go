package pipeline

import (
	"cmp"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"log/slog"
	"math"
	"slices"
	"strconv"

	"github.com/storyline-news/storyline/internal/cluster"
	"github.com/storyline-news/storyline/internal/model"
	"github.com/storyline-news/storyline/internal/store"
	"github.com/storyline-news/storyline/internal/storyview"
)

// Settling is how articles that arrive one at a time, in any order, come
// to the same events, stories and borrowed dates as if they had all
// arrived at once.
//
// The store keeps each article's own analysis (what its text alone says)
// apart from its settled record (what the articles around it taught it:
// merged spellings of names, a date counted from a start another article
// states, its event and story). When articles arrive, they and the stored
// articles they resemble or copy, with the newest articles of those
// articles' stories, form a region; the region is settled afresh from its
// own analyses — the cross-article steps, then a fresh clustering in the
// order of article IDs, with every term weighed by the document
// frequencies of the whole store — exactly as a batch of those articles
// would be. So the result depends on which articles there are, not on how
// they came: the same five articles make the same stories one at a time,
// in reverse, or all at once.
//
// The clusters the region makes are then matched to the IDs the store
// already gave, so IDs are permanent: a cluster keeps the ID of the stored
// cluster whose region articles it holds the greatest share of (on a tie
// the older: when two merge, the older ID survives; when one splits, the
// larger part keeps it). A stored cluster left with no article answers
// under the ID of the one that took most of its articles. What settling
// changes in a stored article (a date, an event, a story) is recorded.
//
// The cost of an arrival is bounded: a region holds at most storyCap
// articles of each story it touches, and those beyond stay where they are.

// Settle limits.
const (
	queryTerms   = 12   // an article's heaviest terms that look up stored articles like it
	postTerms    = 24   // terms an article is posted under
	perTerm      = 48   // newest articles read under each term
	nearArticles = 24   // stored articles like a new one that join its region
	minLike      = 0.05 // likeness under which a stored article does not
	storyCap     = 256  // newest articles of a story that settle with new ones
	// A region holds at most regionBase stored articles and regionEach
	// more for each article settled, so a chunk of new articles costs
	// what they bring, not what the store holds.
	regionBase  = 512
	regionEach  = 1
	settleChunk = 2000 // unsettled articles settled together
)

// SettleStore is what settling needs of the store.
type SettleStore interface {
	store.Settler
}

// Settler settles the store's unsettled articles.
type Settler struct {
	Store SettleStore
	// Cross are the steps that learn from other articles (merging
	// spellings, borrowing dates), run over each region before clustering.
	Cross   []CrossStep
	Cluster cluster.Options
}

// SettleBatch settles a batch held in memory, as one region: the cross
// steps over the articles in the order of their IDs, then a fresh
// clustering weighted by the batch's own document frequencies counted
// before the steps, which is what settling the same articles into an
// empty store gives. The articles stay in their order.
func SettleBatch(ctx context.Context, arts []model.Article, cross []CrossStep, opt cluster.Options) error {
	df := cluster.CountTerms(arts)
	order, sorted := cluster.ByID(arts)
	for _, c := range cross {
		if err := c.Apply(ctx, sorted); err != nil {
			return fmt.Errorf("pipeline %s: %w", c.Name(), err)
		}
	}
	for k, i := range order {
		arts[i] = sorted[k]
	}
	if err := (cluster.Step{Options: opt, DF: df}).Apply(ctx, arts); err != nil {
		return fmt.Errorf("pipeline cluster: %w", err)
	}
	return nil
}

// Indexer is what the store indexes articles by, from the clusterer.
var Indexer = store.Indexer{Terms: cluster.Terms, Bands: cluster.Bands}

// SettleSummary counts what settling did.
type SettleSummary struct {
	Settled    int // articles settled that were waiting
	Duplicates int // of them, copies of another article
	Moved      int // stored articles that changed event or story
	Redated    int // stored articles whose date changed
}

// Settle settles every unsettled article, a chunk at a time.
func (s *Settler) Settle(ctx context.Context) (SettleSummary, error) {
	var sum SettleSummary
	for {
		if err := ctx.Err(); err != nil {
			return sum, err
		}
		pending, err := s.Store.Unsettled(ctx, settleChunk)
		if err != nil {
			return sum, err
		}
		if len(pending) == 0 {
			return sum, nil
		}
		if err := s.settle(ctx, pending, &sum); err != nil {
			return sum, err
		}
	}
}

// settle settles one chunk of pending articles with their region.
func (s *Settler) settle(ctx context.Context, pending []store.Own, sum *SettleSummary) error {
	region, err := s.region(ctx, pending)
	if err != nil {
		return err
	}
	slices.SortFunc(region, func(a, b store.Own) int { return cmp.Compare(a.Article.ID, b.Article.ID) })
	arts := make([]model.Article, len(region))
	var terms []string
	for i := range region {
		arts[i] = region[i].Article
		terms = append(terms, cluster.Terms(&arts[i])...)
	}
	df, err := s.df(ctx, terms)
	if err != nil {
		return err
	}
	for _, c := range s.Cross {
		if err := c.Apply(ctx, arts); err != nil {
			return fmt.Errorf("settle %s: %w", c.Name(), err)
		}
	}
	if err := (cluster.Step{Options: s.Cluster, DF: df}).Apply(ctx, arts); err != nil {
		return fmt.Errorf("settle: %w", err)
	}

	// Every member of the stories the region's articles were in (read
	// without their records): those outside the region keep their clusters.
	inRegion := make(map[string]int, len(arts))
	oldStories := map[string]bool{}
	for i := range region {
		inRegion[arts[i].ID] = i
		if st := region[i].Was.Story; st != "" {
			oldStories[st] = true
		}
	}
	stored, err := s.Store.StoriesMembers(ctx, sortedKeys(oldStories))
	if err != nil {
		return err
	}
	var frozen []store.Member
	frozenEvents, frozenStories := map[string]bool{}, map[string]bool{}
	for _, m := range stored {
		if _, ok := inRegion[m.ID]; !ok {
			frozen = append(frozen, m)
			frozenEvents[m.Event], frozenStories[m.Story] = true, true
		}
	}
	var set store.Settlement
	holdFrozen(region, arts, frozenStories)
	if err := s.name(ctx, region, arts, frozenEvents, frozenStories, &set); err != nil {
		return err
	}

	isPending := map[string]bool{}
	for _, p := range pending {
		isPending[p.Article.ID] = true
	}
	for i := range arts {
		a, was := &arts[i], region[i].Was
		if isPending[a.ID] {
			sum.Settled++
			if a.DuplicateOf != "" {
				sum.Duplicates++
			}
			t, w := cluster.TopTerms(&region[i].Article, df, postTerms)
			set.Posts = append(set.Posts, store.Posts{ID: a.ID, Terms: t, Weights: w})
		}
		if was.Story == "" {
			continue // never settled: nothing to record
		}
		if a.Headline != was.Headline {
			set.Changes = append(set.Changes, store.Change{Article: a.ID, Field: "headline", Old: was.Headline, New: a.Headline, Reason: "read again"})
		}
		if a.Published != was.Published {
			sum.Redated++
			set.Changes = append(set.Changes, store.Change{Article: a.ID, Field: "published", Old: was.Published, New: a.Published, Reason: a.PublishedEvidence})
		}
		if a.Event != was.Event || a.Story != was.Story {
			sum.Moved++
			if a.Event != was.Event {
				set.Changes = append(set.Changes, store.Change{Article: a.ID, Field: "event", Old: was.Event, New: a.Event, Reason: "settled with the articles it resembles"})
			}
			if a.Story != was.Story {
				set.Changes = append(set.Changes, store.Change{Article: a.ID, Field: "story", Old: was.Story, New: a.Story, Reason: "settled with the articles it resembles"})
			}
		}
	}
	set.Articles = arts

	if set.Events, set.Stories, err = s.views(ctx, region, arts, oldStories, frozen); err != nil {
		return err
	}
	if err := s.Store.SaveSettlement(ctx, set); err != nil {
		return err
	}
	slog.Debug("settled", slog.Int("pending", len(pending)), slog.Int("region", len(region)), slog.Int("frozen", len(frozen)))
	return nil
}

// views rebuilds the views of every story the region touches and of every
// event a region article left or joined, from all their members' counts
// and a bounded sample of their articles (storyview.BuildMembers): an
// arrival into a story of thousands of articles reads what it would read
// of a small one. frozen are the stored members of the region's old
// stories outside the region.
func (s *Settler) views(ctx context.Context, region []store.Own, arts []model.Article,
	oldStories map[string]bool, frozen []store.Member) ([]store.Event, []store.Story, error) {
	touched := map[string]bool{}
	rebuild := map[string]bool{}
	for i := range arts {
		touched[arts[i].Story] = true
		rebuild[arts[i].Event] = true
		if e := region[i].Was.Event; e != "" {
			rebuild[e] = true
		}
	}
	var more []string
	for st := range touched {
		if !oldStories[st] && st != "" {
			more = append(more, st)
		}
	}
	slices.Sort(more)
	extra, err := s.Store.StoriesMembers(ctx, more)
	if err != nil {
		return nil, nil, err
	}
	byID := make(map[string]*model.Article, len(arts))
	members := make([]store.Member, 0, len(arts)+len(frozen)+len(extra))
	for i := range arts {
		byID[arts[i].ID] = &arts[i]
		members = append(members, storyview.MemberOf(&arts[i]))
	}
	members = append(members, frozen...)
	for _, m := range extra {
		if _, ok := byID[m.ID]; !ok {
			members = append(members, m)
		}
	}
	stories := map[string]bool{}
	for _, m := range members {
		if m.Story != "" {
			stories[m.Story] = true
		}
	}
	kept, err := s.Store.StoriesEvents(ctx, sortedKeys(stories))
	if err != nil {
		return nil, nil, err
	}
	load := func(ids []string) ([]model.Article, error) { return s.Store.Articles(ctx, ids) }
	return storyview.BuildMembers(members, byID, rebuild, kept, load)
}

// df returns the store's document frequencies of terms.
func (s *Settler) df(ctx context.Context, terms []string) (*cluster.Counts, error) {
	slices.Sort(terms)
	terms = slices.Compact(terms)
	docs, counts, err := s.Store.TermDF(ctx, terms)
	if err != nil {
		return nil, err
	}
	return &cluster.Counts{Docs: docs, Terms: counts}, nil
}

// region returns the pending articles with the stored articles they copy
// or resemble, within a budget (regionBase + regionEach per pending
// article): copies first, then whole stories (their newest storyCap
// articles) in the order of how strongly the pending articles are drawn to
// them (the summed likeness of their nearest stored articles in each),
// then the nearest stored articles not yet in, each pending article's in
// turn.
func (s *Settler) region(ctx context.Context, pending []store.Own) ([]store.Own, error) {
	ids := map[string]bool{}
	for _, p := range pending {
		ids[p.Article.ID] = true
	}
	budget := regionBase + regionEach*len(pending)
	var terms []string
	for i := range pending {
		terms = append(terms, cluster.Terms(&pending[i].Article)...)
	}
	df, err := s.df(ctx, terms)
	if err != nil {
		return nil, err
	}
	var look []string
	var copies []string
	queries := make([]map[string]float32, len(pending))
	for i := range pending {
		t, w := cluster.TopTerms(&pending[i].Article, df, queryTerms)
		queries[i] = make(map[string]float32, len(t))
		for k := range t {
			queries[i][t[k]] = w[k]
			look = append(look, t[k])
		}
		cs, err := s.Store.CopyBands(ctx, cluster.Bands(&pending[i].Article))
		if err != nil {
			return nil, err
		}
		copies = append(copies, cs...)
	}
	slices.Sort(look)
	look = slices.Compact(look)
	posts, err := s.Store.Postings(ctx, look, perTerm)
	if err != nil {
		return nil, err
	}
	byTerm := map[string][]store.Posting{}
	for _, p := range posts {
		byTerm[p.Term] = append(byTerm[p.Term], p)
	}
	// Each pending article's nearest stored articles, nearest first, and
	// how strongly the pending articles are drawn to each stored story.
	nearest := make([][]string, len(pending))
	likes := map[string]float32{}
	for i := range pending {
		like := map[string]float32{}
		for t, w := range queries[i] {
			for _, p := range byTerm[t] {
				like[p.ID] += w * p.Weight
			}
		}
		type hit struct {
			id string
			w  float32
		}
		var hits []hit
		for id, w := range like {
			if w >= minLike && !ids[id] {
				hits = append(hits, hit{id, w})
			}
		}
		slices.SortFunc(hits, func(a, b hit) int {
			if a.w != b.w {
				return cmp.Compare(b.w, a.w)
			}
			return cmp.Compare(a.id, b.id)
		})
		for _, h := range hits[:min(len(hits), nearArticles)] {
			nearest[i] = append(nearest[i], h.id)
			likes[h.id] += h.w
		}
	}
	var nearIDs []string
	for id := range likes {
		nearIDs = append(nearIDs, id)
	}
	slices.Sort(nearIDs)
	storyOf, err := s.Store.StoriesOf(ctx, nearIDs)
	if err != nil {
		return nil, err
	}
	// Stories in the order of how strongly the pending articles are drawn
	// to them; a changed article's own story first.
	pull := map[string]float64{}
	for id, w := range likes {
		if st := storyOf[id]; st != "" {
			pull[st] += float64(w)
		}
	}
	for _, p := range pending {
		if p.Was.Story != "" {
			pull[p.Was.Story] = math.Inf(1)
		}
	}
	stories := sortedKeys(pull)
	slices.SortStableFunc(stories, func(a, b string) int { return cmp.Compare(pull[b], pull[a]) })

	var picked []string
	take := func(id string) {
		if !ids[id] && len(picked) < budget {
			ids[id] = true
			picked = append(picked, id)
		}
	}
	slices.Sort(copies)
	for _, id := range copies {
		take(id)
	}
	// Whole stories (their newest articles) while the budget lasts, then
	// the nearest articles not in them.
	for _, st := range stories {
		if len(picked) >= budget {
			break
		}
		members, err := s.Store.StoryMembers(ctx, []string{st}, storyCap)
		if err != nil {
			return nil, err
		}
		for _, id := range members[st] {
			take(id)
		}
	}
	roundRobin(nearest, take)
	owns, err := s.Store.Owns(ctx, picked)
	if err != nil {
		return nil, err
	}
	return append(append([]store.Own(nil), pending...), owns...), nil
}

// roundRobin calls take with the first of each list, then the second of
// each, and so on.
func roundRobin(lists [][]string, take func(string)) {
	for k := 0; ; k++ {
		more := false
		for _, l := range lists {
			if k < len(l) {
				take(l[k])
				more = true
			}
		}
		if !more {
			return
		}
	}
}

// holdFrozen keeps the region's clustering from merging or splitting a
// stored story that has articles outside the region: the region sees only
// part of it, and a partial view merged a story of 260 articles into
// another on one arrival and split it off again on the next. Such a
// story's region articles keep it; the other articles the clustering put
// with them (new ones, or ones of stories wholly in the region) join the
// held story with the most articles there; an event whose articles now lie
// in two stories is split between them.
func holdFrozen(region []store.Own, arts []model.Article, frozen map[string]bool) {
	if len(frozen) == 0 {
		return
	}
	held := map[string]map[string]int{} // story label → held stories → articles
	for i := range arts {
		if o := region[i].Was.Story; frozen[o] {
			if held[arts[i].Story] == nil {
				held[arts[i].Story] = map[string]int{}
			}
			held[arts[i].Story][o]++
		}
	}
	if len(held) == 0 {
		return
	}
	join := map[string]string{} // story label → the held story its other articles join
	for l, hs := range held {
		best, n := "", 0
		for _, o := range sortedKeys(hs) {
			if hs[o] > n {
				best, n = o, hs[o]
			}
		}
		join[l] = best
	}
	for i := range arts {
		a := &arts[i]
		switch o := region[i].Was.Story; {
		case frozen[o]:
			a.Story = "held\x00" + o
		case join[a.Story] != "":
			a.Story = "held\x00" + join[a.Story]
		}
	}
	// One event, one story.
	first := map[string]string{}
	for i := range arts {
		a := &arts[i]
		if st, ok := first[a.Event]; !ok {
			first[a.Event] = a.Story
		} else if st != a.Story {
			a.Event += "\x00" + a.Story
		}
	}
}

// name gives the region's clusters permanent IDs (see the notes at the top
// of this file) and records new IDs and merges in set.
func (s *Settler) name(ctx context.Context, region []store.Own, arts []model.Article,
	frozenEvents, frozenStories map[string]bool, set *store.Settlement) error {
	for _, lv := range []struct {
		kind, prefix string
		label        func(a *model.Article) *string
		was          func(r store.ArticleRef) string
		frozen       map[string]bool
	}{
		{"event", "e", func(a *model.Article) *string { return &a.Event }, func(r store.ArticleRef) string { return r.Event }, frozenEvents},
		{"story", "s", func(a *model.Article) *string { return &a.Story }, func(r store.ArticleRef) string { return r.Story }, frozenStories},
	} {
		members := map[string][]int{} // label → region indices
		oldCount := map[string]int{}  // old ID → region articles it held
		for i := range arts {
			l := *lv.label(&arts[i])
			members[l] = append(members[l], i)
			if o := lv.was(region[i].Was); o != "" {
				oldCount[o]++
			}
		}
		known, err := s.Store.ClusterIDs(ctx, sortedKeys(oldCount))
		if err != nil {
			return err
		}
		type pair struct {
			label, old string
			share      float64
			overlap    int
		}
		var pairs []pair
		for l, ms := range members {
			over := map[string]int{}
			for _, i := range ms {
				if o := lv.was(region[i].Was); o != "" {
					over[o]++
				}
			}
			for o, n := range over {
				pairs = append(pairs, pair{l, o, float64(n) / float64(oldCount[o]), n})
			}
		}
		created := func(id string) int64 {
			if c, ok := known[id]; ok {
				return c.Created
			}
			return 1 << 62
		}
		slices.SortFunc(pairs, func(a, b pair) int {
			if a.share != b.share {
				return cmp.Compare(b.share, a.share)
			}
			if ca, cb := created(a.old), created(b.old); ca != cb {
				return cmp.Compare(ca, cb)
			}
			if a.overlap != b.overlap {
				return cmp.Compare(b.overlap, a.overlap)
			}
			if a.old != b.old {
				return cmp.Compare(a.old, b.old)
			}
			return cmp.Compare(a.label, b.label)
		})
		id := map[string]string{} // label → permanent ID
		taken := map[string]bool{}
		for _, p := range pairs {
			if id[p.label] == "" && !taken[p.old] {
				id[p.label], taken[p.old] = p.old, true
			}
		}
		// Labels without a stored cluster get a new ID, from their first
		// article, unless that ID was ever given.
		var fresh []string
		for l := range members {
			if id[l] == "" {
				fresh = append(fresh, l)
			}
		}
		slices.SortFunc(fresh, func(a, b string) int {
			return cmp.Compare(firstID(arts, members[a]), firstID(arts, members[b]))
		})
		for _, l := range fresh {
			nid, err := s.newID(ctx, lv.prefix, firstID(arts, members[l]), taken)
			if err != nil {
				return err
			}
			id[l], taken[nid] = nid, true
			set.NewIDs = append(set.NewIDs, store.ClusterID{ID: nid, Kind: lv.kind})
		}
		// Stored clusters left without articles answer under the cluster
		// that took most of theirs.
		for _, o := range sortedKeys(oldCount) {
			if taken[o] || lv.frozen[o] {
				continue
			}
			best, bestN := "", 0
			for l, ms := range members {
				n := 0
				for _, i := range ms {
					if lv.was(region[i].Was) == o {
						n++
					}
				}
				if n > bestN || n == bestN && n > 0 && id[l] < best {
					best, bestN = id[l], n
				}
			}
			if best != "" {
				set.Moves = append(set.Moves, store.Move{Kind: lv.kind, From: o, To: best})
			}
		}
		for i := range arts {
			p := lv.label(&arts[i])
			*p = id[*p]
		}
	}
	return nil
}

// newID returns a cluster ID made from the ID of its first article, one
// that was never given before.
func (s *Settler) newID(ctx context.Context, prefix, first string, taken map[string]bool) (string, error) {
	for n := 0; ; n++ {
		key := prefix + "\x00" + first
		if n > 0 {
			key += "\x00" + strconv.Itoa(n)
		}
		sum := sha256.Sum256([]byte(key))
		id := prefix + hex.EncodeToString(sum[:5])
		if taken[id] {
			continue
		}
		known, err := s.Store.ClusterIDs(ctx, []string{id})
		if err != nil {
			return "", err
		}
		if _, ok := known[id]; !ok {
			return id, nil
		}
	}
}

// firstID returns the ID of the first of the members: the earliest
// published, undated last, then the smallest ID.
func firstID(arts []model.Article, members []int) string {
	best := members[0]
	for _, i := range members[1:] {
		a, b := &arts[i], &arts[best]
		da, db := day(a.Published), day(b.Published)
		if da != db && da != "" && (db == "" || da < db) || da == db && a.ID < b.ID {
			best = i
		}
	}
	return arts[best].ID
}

func day(published string) string {
	if len(published) >= 10 {
		return published[:10]
	}
	return ""
}

func sortedKeys[V any](m map[string]V) []string {
	out := make([]string, 0, len(m))
	for k := range m {
		if k != "" {
			out = append(out, k)
		}
	}
	slices.Sort(out)
	return out
}
