package cluster

import (
	"fmt"
	"math"
	"strconv"
	"strings"
	"time"

	"github.com/storyline-news/storyline/internal/model"
)

// Options tune the clusterer. The zero value of a field means its default.
type Options struct {
	// Event is the similarity (cosine, damped by time) an article needs to
	// join an event; EventMerge is what two events need to become one.
	Event, EventMerge float64
	// Story is the similarity a new event needs to join a story;
	// StoryMerge is what two stories need to become one.
	Story, StoryMerge float64
	// Duplicate is the estimated Jaccard similarity of word shingles at
	// which an article is a copy of an earlier one.
	Duplicate float64
	// EventDays and StoryDays are the time scales: an article this many
	// days beyond an event's (story's) span, after a grace of the same
	// length, keeps 1/e of its similarity.
	EventDays, StoryDays float64
	// Nearest is the weight of the nearest member article in an event's
	// score, against 1-Nearest for the event's centroid.
	Nearest float64
	// Refine is the link two groups of a story's articles need to stay
	// one event when a refinement regroups the story by the articles'
	// nearest neighbours (see refine.go); a negative value turns
	// refinement off.
	Refine float64
	// Window is how many articles an event or story stays a candidate
	// after its last article arrived; it bounds memory and time.
	Window int
}

// Defaults, measured on the seeds, ECB+ and the synthetic stream (see the
// package tests and internal/cli's TestClusterECBPlus). Event is low on
// purpose: an article of a second happening of one kind that joins the
// first is moved out again by refinement, which needs it in the story.
var Defaults = Options{
	Event:      0.12,
	EventMerge: 0.50,
	Story:      0.25,
	StoryMerge: 0.30,
	Duplicate:  0.60,
	EventDays:  2,
	StoryDays:  21,
	Nearest:    0.5,
	Refine:     0.25,
	Window:     200_000,
}

func (o Options) withDefaults() Options {
	d := Defaults
	set := func(v *float64, def float64) {
		if *v == 0 {
			*v = def
		}
	}
	set(&o.Event, d.Event)
	set(&o.EventMerge, d.EventMerge)
	set(&o.Story, d.Story)
	set(&o.StoryMerge, d.StoryMerge)
	set(&o.Duplicate, d.Duplicate)
	set(&o.EventDays, d.EventDays)
	set(&o.StoryDays, d.StoryDays)
	if o.Nearest == 0 {
		o.Nearest = d.Nearest
	} else if o.Nearest < 0 {
		o.Nearest = 0
	}
	set(&o.Refine, d.Refine)
	if o.Window <= 0 {
		o.Window = d.Window
	}
	return o
}

// Retrieval limits, which keep the cost of an article constant.
const (
	queryTerms     = 12  // an article's heaviest terms that look up candidates
	indexTerms     = 24  // a cluster's heaviest terms it is findable by
	postingCap     = 48  // most recent clusters kept per term
	maxCandidates  = 12  // candidates scored exactly
	nearCandidates = 24  // neighbour articles scored exactly
	articleTerms   = 40  // terms an article keeps as a neighbour
	centroidTerms  = 300 // terms a centroid keeps after pruning
	sweepEvery     = 4096
	unknownDay     = math.MinInt32
)

// group is an event or a story: a centroid over its members' vectors and
// the days it spans.
type group struct {
	parent   int32 // union-find: itself unless merged into another
	lang     string
	centroid map[uint32]float32 // nil once evicted
	norm2    float64            // squared norm of the centroid
	indexed  []uint32           // terms the group is posted under
	first    int32              // days since 1970; unknownDay when no member is dated
	last     int32
	size     int   // articles, copies included
	seen     int64 // arrival number of its latest article
	story    int32 // for events: their story
	// for events: articles that are not copies, so a refinement that moves
	// all of them out knows the event is empty
	orig int
	// for stories: the slots of their articles that are not copies, in
	// arrival order, and how many there were at the last refinement
	members []int32
	refined int
}

// level is one level of clustering (events or stories).
type level struct {
	groups   []*group
	postings map[uint32][]int32
	live     []int32 // groups with centroids, swept of stale ones
}

func newLevel() *level { return &level{postings: map[uint32][]int32{}} }

func (l *level) find(i int32) int32 {
	for l.groups[i].parent != i {
		p := l.groups[i].parent
		l.groups[i].parent = l.groups[p].parent
		i = p
	}
	return i
}

// Clusterer assigns articles to events and stories as they arrive. It is
// not safe for concurrent use.
type Clusterer struct {
	opt     Options
	voc     *vocab
	events  *level
	stories *level
	dups    *lsh
	arts    []artInfo // by arrival
	n       int64
	// postings of recent articles under their heaviest terms, for the
	// nearest-neighbour half of an event's score
	artPost map[uint32][]int32
	// stories with articles added since their last refinement
	dirty map[int32]bool
}

type artInfo struct {
	id    string
	event int32
	dupOf int32 // arrival slot of the original; -1 if none
	lo    int32 // its time span in days; unknownDay when undated
	hi    int32
	lang  string
	vec   vector      // its heaviest terms; nil once out of the window
	nb    []neighbour // its nearest articles, nearest first
}

// New returns a clusterer with opt (zero fields take Defaults).
func New(opt Options) *Clusterer {
	return &Clusterer{
		opt:     opt.withDefaults(),
		voc:     newVocab(),
		events:  newLevel(),
		stories: newLevel(),
		dups:    newLSH(max(opt.withDefaults().Window/4, 1024)),
		artPost: map[uint32][]int32{},
		dirty:   map[int32]bool{},
	}
}

// Assignment is where an article went. Event and story numbers are
// provisional: merges may join them later; Resolve gives the final ones.
type Assignment struct {
	Slot        int    // arrival number of the article
	DuplicateOf string // ID of the article this one copies, or ""
	Similarity  float64
}

// Add assigns one article on arrival.
func (c *Clusterer) Add(a *model.Article) Assignment {
	c.n++
	slot := int32(len(c.arts))
	lo, hi := spanOf(a)
	lang := a.Language
	vec := c.voc.features(a)
	info := artInfo{id: a.ID, event: -1, dupOf: -1}
	var scored []neighbour
	out := Assignment{Slot: int(slot)}

	if sig, ok := minhash(a.Body); ok {
		if orig, j := c.dups.match(&sig, c.opt.Duplicate); orig >= 0 {
			for c.arts[orig].dupOf >= 0 {
				orig = c.arts[orig].dupOf
			}
			info.dupOf = orig
			out.DuplicateOf = c.arts[orig].id
			out.Similarity = j
		}
		c.dups.add(slot, &sig)
	}

	if info.dupOf >= 0 {
		// A copy joins its original's event and adds nothing to it but a
		// date and a count.
		e := c.events.find(c.arts[info.dupOf].event)
		c.touch(c.events.groups[e], lo, hi)
		c.touch(c.stories.groups[c.stories.find(c.events.groups[e].story)], lo, hi)
		info.event = e
	} else {
		e, sim, near := c.bestEvent(vec, lang, lo, hi)
		scored = near
		if e < 0 {
			e = c.newGroup(c.events, lang)
			s, _ := c.best(c.stories, vec, lang, lo, hi, c.opt.Story, c.opt.StoryDays)
			if s < 0 {
				s = c.newGroup(c.stories, lang)
			}
			c.events.groups[e].story = s
		} else {
			out.Similarity = sim
		}
		// A refinement that moves the article on takes out the terms it
		// keeps (its heaviest); its lighter rest stays in this centroid,
		// a small error the event's other articles dilute.
		c.join(c.events, e, vec, lo, hi)
		c.events.groups[e].orig++
		s := c.stories.find(c.events.groups[e].story)
		c.join(c.stories, s, vec, lo, hi)
		c.stories.groups[s].members = append(c.stories.groups[s].members, slot)
		c.dirty[s] = true
		info.event = e
		c.postArticle(slot, vec)
		if checkMerge(c.events.groups[e].size) {
			c.mergeCheck(c.events, e, c.opt.EventMerge, c.opt.EventDays)
		}
		s = c.stories.find(c.events.groups[c.events.find(e)].story)
		if checkMerge(c.stories.groups[s].size) {
			c.mergeCheck(c.stories, s, c.opt.StoryMerge, c.opt.StoryDays)
		}
	}
	info.lo, info.hi, info.lang = lo, hi, lang
	if info.dupOf < 0 {
		info.vec = vec[:min(len(vec), articleTerms)]
	}
	c.arts = append(c.arts, info)
	if info.dupOf < 0 {
		c.link(slot, scored)
		s := c.stories.find(c.events.groups[c.events.find(info.event)].story)
		if g := c.stories.groups[s]; len(g.members) >= refineFirst && 2*len(g.members) >= 3*g.refined {
			c.refine(s)
		}
	}
	if c.n%sweepEvery == 0 {
		c.sweep(c.events)
		c.sweep(c.stories)
		c.sweepArticles()
	}
	return out
}

// checkMerge says whether a cluster that just grew to size is checked for
// a merge: always while small, then every fourth article, as its centroid
// moves less with each.
func checkMerge(size int) bool { return size > 1 && (size <= 8 || size%4 == 0) }

// Resolve returns the final event and story numbers of the article that
// arrived in slot, after every merge so far.
func (c *Clusterer) Resolve(slot int) (event, story int) {
	if o := c.arts[slot].dupOf; o >= 0 {
		slot = int(o) // a copy goes where its original went
	}
	e := c.events.find(c.arts[slot].event)
	s := c.stories.find(c.events.groups[e].story)
	return int(e), int(s)
}

// Len returns the number of articles added.
func (c *Clusterer) Len() int { return len(c.arts) }

// Stats counts the clusters so far.
func (c *Clusterer) Stats() (events, stories, live int) {
	for i := range c.events.groups {
		if c.events.find(int32(i)) == int32(i) {
			events++
		}
	}
	for i := range c.stories.groups {
		if c.stories.find(int32(i)) == int32(i) {
			stories++
		}
	}
	return events, stories, len(c.events.live)
}

func (c *Clusterer) newGroup(l *level, lang string) int32 {
	id := int32(len(l.groups))
	l.groups = append(l.groups, &group{parent: id, lang: lang, centroid: map[uint32]float32{},
		first: unknownDay, last: unknownDay, story: -1, seen: c.n})
	l.live = append(l.live, id)
	return id
}

func (c *Clusterer) touch(g *group, lo, hi int32) {
	g.size++
	g.seen = c.n
	if lo == unknownDay {
		return
	}
	if g.first == unknownDay || lo < g.first {
		g.first = lo
	}
	if g.last == unknownDay || hi > g.last {
		g.last = hi
	}
}

// join adds vec to group i and re-posts the group under its heaviest terms.
func (c *Clusterer) join(l *level, i int32, vec vector, lo, hi int32) {
	g := l.groups[i]
	c.touch(g, lo, hi)
	if g.centroid == nil {
		g.centroid = map[uint32]float32{}
		l.live = append(l.live, i)
	}
	for _, t := range vec {
		old := g.centroid[t.id]
		g.centroid[t.id] = old + t.w
		g.norm2 += float64(old+t.w)*float64(old+t.w) - float64(old)*float64(old)
	}
	// A large centroid moves little with one more article: re-post it
	// every fourth time, which keeps a big event's cost flat.
	if g.size <= 8 || g.size%4 == 0 || len(g.centroid) > 2*centroidTerms {
		c.reindex(l, i)
	}
}

// reindex prunes a group's centroid when it has grown large, recomputes its
// norm and posts it under its heaviest terms.
func (c *Clusterer) reindex(l *level, i int32) {
	g := l.groups[i]
	if len(g.centroid) > 2*centroidTerms {
		keep := make(map[uint32]float32, centroidTerms)
		for _, t := range heaviest(g.centroid, centroidTerms) {
			keep[t.id] = t.w
		}
		g.centroid = keep
		g.norm2 = 0
		for _, w := range keep {
			g.norm2 += float64(w) * float64(w)
		}
	}
	top := heaviest(g.centroid, indexTerms)
	old := map[uint32]bool{}
	for _, t := range g.indexed {
		old[t] = true
	}
	g.indexed = g.indexed[:0]
	for _, t := range top {
		g.indexed = append(g.indexed, t.id)
		if old[t.id] {
			continue
		}
		p := l.postings[t.id]
		if len(p) >= postingCap {
			copy(p, p[1:])
			p = p[:len(p)-1]
		}
		l.postings[t.id] = append(p, i)
	}
}

// heaviest returns the n heaviest terms of a centroid, heaviest first
// (ties by term).
func heaviest(cen map[uint32]float32, n int) vector {
	return topN(cen, n, func(a, b term) bool { return a.w > b.w || (a.w == b.w && a.id < b.id) })
}

// topN returns the n weighted keys of m that come first by less, in that
// order. It selects rather than sorts: a centroid or the hits of a query
// can be many, n is a dozen or two.
func topN[K comparable](m map[K]float32, n int, less func(a, b weighted[K]) bool) []weighted[K] {
	out := make([]weighted[K], 0, n)
	for id, w := range m {
		t := weighted[K]{id, w}
		if len(out) == n && !less(t, out[n-1]) {
			continue
		}
		k := len(out)
		if k < n {
			out = append(out, t)
		} else {
			k = n - 1
		}
		for k > 0 && less(t, out[k-1]) {
			out[k] = out[k-1]
			k--
		}
		out[k] = t
	}
	return out
}

// candidates returns up to maxCandidates live groups of lang posted under
// the query terms, most shared terms first.
func (c *Clusterer) candidates(l *level, query vector, lang string, skip int32) []int32 {
	hits := map[int32]float32{}
	for k, t := range query {
		if k == queryTerms {
			break
		}
		for _, g := range l.postings[t.id] {
			r := l.find(g)
			if r == skip || l.groups[r].centroid == nil || l.groups[r].lang != lang {
				continue
			}
			hits[r] += t.w
		}
	}
	return topHits(hits, maxCandidates, false)
}

// topHits returns the n keys with the most weight, heaviest first; ties go
// to the smaller key, or the larger (the newer) with newer set.
func topHits(hits map[int32]float32, n int, newer bool) []int32 {
	top := topN(hits, n, func(a, b weighted[int32]) bool {
		if a.w != b.w {
			return a.w > b.w
		}
		return (a.id > b.id) == newer
	})
	out := make([]int32, len(top))
	for i, h := range top {
		out[i] = h.id
	}
	return out
}

// best returns the candidate group most similar to vec, if it clears
// threshold, with its similarity; else -1.
func (c *Clusterer) best(l *level, vec vector, lang string, lo, hi int32, threshold, days float64) (int32, float64) {
	best, bestSim := int32(-1), threshold
	for _, g := range c.candidates(l, vec, lang, -1) {
		grp := l.groups[g]
		sim := cosine(vec, grp) * decay(lo, hi, grp.first, grp.last, days)
		if sim >= bestSim && (sim > bestSim || best < 0) {
			best, bestSim = g, sim
		}
	}
	return best, bestSim
}

// bestEvent scores events by a blend of their centroid's similarity and
// their nearest member's: the centroid keeps an event on its subject, the
// nearest member lets an event hold reports that each resemble some other
// report of it more than they resemble the average.
func (c *Clusterer) bestEvent(vec vector, lang string, lo, hi int32) (int32, float64, []neighbour) {
	near, scored := c.nearest(vec, lang, lo, hi)
	cands := c.candidates(c.events, vec, lang, -1)
	for e := range near {
		cands = append(cands, e)
	}
	best, bestSim := int32(-1), c.opt.Event
	seen := map[int32]bool{}
	for _, e := range cands {
		if seen[e] {
			continue
		}
		seen[e] = true
		g := c.events.groups[e]
		if g.centroid == nil {
			continue
		}
		cen := cosine(vec, g) * decay(lo, hi, g.first, g.last, c.opt.EventDays)
		// A member no nearer than the centroid, or not among the
		// neighbours retrieved, counts as the centroid.
		sim := (1-c.opt.Nearest)*cen + c.opt.Nearest*max(near[e], cen)
		if sim >= bestSim && (sim > bestSim || best < 0 || e < best) {
			best, bestSim = e, sim
		}
	}
	return best, bestSim, scored
}

// nearest returns, for the events of the recent articles most like vec,
// the similarity of their nearest member, damped by time, and the articles
// it scored with their similarities.
func (c *Clusterer) nearest(vec vector, lang string, lo, hi int32) (map[int32]float64, []neighbour) {
	hits := map[int32]float32{}
	for k, t := range vec {
		if k == queryTerms {
			break
		}
		for _, a := range c.artPost[t.id] {
			hits[a] += t.w
		}
	}
	slots := topHits(hits, nearCandidates, true)
	out := map[int32]float64{}
	var scored []neighbour
	idx := map[uint32]float32{}
	for _, t := range vec {
		idx[t.id] = t.w
	}
	for _, a := range slots {
		ai := &c.arts[a]
		if ai.vec == nil || ai.lang != lang {
			continue
		}
		var dot float64
		for _, t := range ai.vec {
			dot += float64(t.w) * float64(idx[t.id])
		}
		dot *= decay(lo, hi, ai.lo, ai.hi, c.opt.EventDays)
		scored = append(scored, neighbour{a, float32(dot)})
		e := c.events.find(ai.event)
		if dot > out[e] {
			out[e] = dot
		}
	}
	return out, scored
}

// postArticle makes an article findable as a neighbour.
func (c *Clusterer) postArticle(slot int32, vec vector) {
	for k, t := range vec {
		if k == indexTerms {
			break
		}
		p := c.artPost[t.id]
		if len(p) >= postingCap {
			copy(p, p[1:])
			p = p[:len(p)-1]
		}
		c.artPost[t.id] = append(p, slot)
	}
}

// mergeCheck merges group i with the most similar other group when their
// centroids have come close enough.
func (c *Clusterer) mergeCheck(l *level, i int32, threshold, days float64) {
	g := l.groups[i]
	// The centroid's heaviest terms stand for it: the cost stays that of
	// one article however large the cluster grows.
	top := heaviest(g.centroid, vectorTerms)
	normalise(top)
	best, bestSim := int32(-1), threshold
	for _, o := range c.candidates(l, top, g.lang, i) {
		og := l.groups[o]
		sim := cosine(top, og) * decay(g.first, g.last, og.first, og.last, days)
		if sim >= bestSim && (sim > bestSim || best < 0) {
			best, bestSim = o, sim
		}
	}
	if best >= 0 {
		c.merge(l, i, best)
	}
}

// merge joins groups a and b under the larger (the older on a tie).
func (c *Clusterer) merge(l *level, a, b int32) {
	ga, gb := l.groups[a], l.groups[b]
	if gb.size > ga.size || (gb.size == ga.size && b < a) {
		a, b, ga, gb = b, a, gb, ga
	}
	gb.parent = a
	for id, w := range gb.centroid {
		ga.centroid[id] += w
	}
	ga.norm2 = 0
	for _, w := range ga.centroid {
		ga.norm2 += float64(w) * float64(w)
	}
	gb.centroid = nil
	ga.size += gb.size
	ga.orig += gb.orig
	if len(gb.members) > 0 {
		ga.members = mergeSlots(ga.members, gb.members)
		gb.members = nil
		ga.refined = max(ga.refined, gb.refined)
		delete(c.dirty, b)
		c.dirty[a] = true
	}
	ga.seen = max(ga.seen, gb.seen)
	if gb.first != unknownDay && (ga.first == unknownDay || gb.first < ga.first) {
		ga.first = gb.first
	}
	if gb.last != unknownDay && (ga.last == unknownDay || gb.last > ga.last) {
		ga.last = gb.last
	}
	c.reindex(l, a)
	if l == c.events {
		sa, sb := c.stories.find(ga.story), c.stories.find(gb.story)
		if sa != sb {
			c.merge(c.stories, sa, sb)
		}
	}
}

// sweep frees the centroids of groups no article has joined within the
// window, so memory and candidate lists hold only recent clusters.
func (c *Clusterer) sweep(l *level) {
	live := l.live[:0]
	for _, i := range l.live {
		g := l.groups[i]
		if g.parent != i || g.centroid == nil {
			continue
		}
		if c.n-g.seen > int64(c.opt.Window) {
			// Take it off the lists it was last posted under: a cost of
			// its own terms, not of the vocabulary.
			c.retire(l, i)
			if l == c.stories {
				g.members = nil
				delete(c.dirty, i)
			}
			continue
		}
		live = append(live, i)
	}
	l.live = live
}

// without removes x from p in place.
func without(p []int32, x int32) []int32 {
	k := 0
	for _, v := range p {
		if v != x {
			p[k] = v
			k++
		}
	}
	return p[:k]
}

// sweepArticles forgets the vectors of articles out of the window and takes
// them off the neighbour lists.
func (c *Clusterer) sweepArticles() {
	oldest := int32(len(c.arts) - c.opt.Window)
	if oldest <= 0 {
		return
	}
	for i := max(oldest-2*sweepEvery, 0); i < oldest; i++ {
		a := &c.arts[i]
		for k, t := range a.vec {
			if k == indexTerms {
				break
			}
			if p := without(c.artPost[t.id], i); len(p) == 0 {
				delete(c.artPost, t.id)
			} else {
				c.artPost[t.id] = p
			}
		}
		a.vec = nil
		a.nb = nil
	}
}

func cosine(vec vector, g *group) float64 {
	if g.norm2 <= 0 {
		return 0
	}
	var dot float64
	for _, t := range vec {
		dot += float64(t.w) * float64(g.centroid[t.id])
	}
	return dot / math.Sqrt(g.norm2)
}

// decay damps similarity by the gap in days between two spans: nothing
// within a grace of `days`, then e^(-gap/days). An undated side is near
// everything.
func decay(aFirst, aLast, bFirst, bLast int32, days float64) float64 {
	if aFirst == unknownDay || bFirst == unknownDay {
		return 1
	}
	gap := 0.0
	switch {
	case aLast < bFirst:
		gap = float64(bFirst - aLast)
	case bLast < aFirst:
		gap = float64(aFirst - bLast)
	}
	gap -= days
	if gap <= 0 {
		return 1
	}
	return math.Exp(-gap / days)
}

// spanOf returns the days an article's time is known to lie in: its
// publication day, else the period the evidence bounds, else unknown.
func spanOf(a *model.Article) (lo, hi int32) {
	if d := dayOf(a.Published); d != unknownDay {
		return d, d
	}
	if l, h, ok := strings.Cut(a.Period, "/"); ok {
		lo, hi = dayOf(l), dayOf(h)
		if lo != unknownDay && hi != unknownDay && lo <= hi {
			return lo, hi
		}
	}
	if y := dominantYear(a.Dates); y != 0 {
		return dayOf(fmt.Sprintf("%04d-01-01", y)), dayOf(fmt.Sprintf("%04d-12-31", y))
	}
	return unknownDay, unknownDay
}

// minYearDates is how many of an undated article's dates must fall in one
// year for it to be the year the article speaks of.
const minYearDates = 3

// dominantYear is the year an undated article's text mostly speaks of: the
// year of more than half its resolved dates, when minYearDates fall in it and no
// other year has as many; else 0. Undated reports of one kind of happening
// (two missile tests, two storms) years apart share their words; the
// years they name tell them apart, where the threshold cannot. A date
// spanning more than a year names none.
func dominantYear(ds []model.DateRef) int {
	count := map[int]int{}
	all := 0
	for _, d := range ds {
		lo, hi, _ := strings.Cut(d.Date, "/")
		if hi == "" {
			hi = lo
		}
		if len(lo) < 4 || len(hi) < 4 || lo[:4] != hi[:4] {
			continue
		}
		if y, err := strconv.Atoi(lo[:4]); err == nil {
			count[y]++
			all++
		}
	}
	best, n, tie := 0, 0, false
	for y, c := range count {
		switch {
		case c > n:
			best, n, tie = y, c, false
		case c == n:
			tie = true
		}
	}
	if n < minYearDates || 2*n <= all || tie {
		return 0
	}
	return best
}

// dayOf parses the date part of an ISO date or datetime into days since
// 1970, or unknownDay.
func dayOf(published string) int32 {
	if len(published) < 10 {
		return unknownDay
	}
	t, err := time.Parse(time.DateOnly, published[:10])
	if err != nil {
		return unknownDay
	}
	return int32(t.Unix() / 86400)
}

// Name formats a cluster number as an ID: "e12", "s3".
func Name(prefix string, n int) string { return prefix + strconv.Itoa(n+1) }
