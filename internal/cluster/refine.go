package cluster

import (
	"cmp"
	"math"
	"slices"
	"sync"
)

// Refinement regroups a story's articles into events by their neighbours
// rather than by their words alone.
//
// Two happenings of one kind — two rehab check-ins, two heavyweight title
// fights, two navy actions against pirates — share most of their
// vocabulary, so a report of the second often resembles the first event's
// centroid more than any threshold can tell apart, and the event level
// takes it in. What tells them apart is who an article's nearest articles
// are: a report of the second fight has reports of the second fight as
// its nearest, even where its likeness to reports of the first is nearly as
// high. On ECB+, whose topics each hold two events of one kind, an
// article's five nearest articles are of its own event 96% of the time
// (its eight nearest 92%), and comparing two articles by the eight nearest
// they share separates the two events of a topic with an AUC of 0.97,
// against 0.89 for the cosine of their words (after Jarvis and Patrick's
// shared-neighbour clustering).
//
// Each article keeps its nearest articles (the candidates the event
// assignment scores anyway, damped by time like every similarity of the
// event level) and is offered to theirs, so the lists hold the nearest
// among earlier and later articles alike. A story is refined when it has
// grown by half since its last refinement and when a batch ends (Flush):
// its most recent articles are clustered afresh, greedily, two
// groups merging while their link is at least Options.Refine, and each
// group then keeps the event that already holds most of it. The link of
// two groups is the larger of two views of their neighbourhoods:
//
//   - the cosine of their summed neighbourhoods (each article stands for
//     itself and its neighbours, weighted by rank): two events of one kind
//     have few neighbours in common;
//   - the share of the smaller group's neighbour links that join the two:
//     a large event is held together by it, where any two of its three
//     hundred reports share few of their six neighbours, and a few reports
//     that rewrite one wire story, nearest to each other, stay in it.
//
// An article with no neighbour in the story, and that none has, stays with
// its event: there is no evidence to move it on.
//
// An article's cost stays bounded: its neighbour list has a constant
// length, a refinement regroups at most refineCap articles in time
// quadratic in their number (each group keeps its best partner; only rows
// whose partner merged are scanned again), and a story is refined on
// growth by a constant factor.

const (
	neighbours      = 6   // nearest articles an article keeps
	minNeighbourSim = 0.1 // a weaker likeness makes no neighbour
	refineFirst     = 3   // articles a story needs to be refined
	refineCap       = 256 // most recent articles a refinement regroups
)

// neighbour is a near article: its arrival slot and its similarity. In a
// hood the weight of a slot takes the similarity's place.
type neighbour struct {
	slot int32
	sim  float32
}

// nearer orders neighbours nearest first, then by arrival.
func nearer(a, b neighbour) int {
	if a.sim != b.sim {
		return cmp.Compare(b.sim, a.sim)
	}
	return cmp.Compare(a.slot, b.slot)
}

// rankWeight is the weight of the neighbour of rank r (0 the nearest).
func rankWeight(r int) float64 { return float64(neighbours-r) / neighbours }

// link keeps the nearest of the articles scored for the one in slot as its
// neighbours, and offers it to each of them as theirs.
func (c *Clusterer) link(slot int32, scored []neighbour) {
	slices.SortFunc(scored, nearer)
	var nb []neighbour
	for _, n := range scored {
		if n.sim < minNeighbourSim {
			break
		}
		if len(nb) < neighbours {
			nb = append(nb, n)
		}
		c.offer(n.slot, neighbour{slot, n.sim})
	}
	c.arts[slot].nb = nb
}

// offer puts n among the neighbours of the article in slot if it is nearer
// than the farthest of them or the list is not full.
func (c *Clusterer) offer(slot int32, n neighbour) {
	a := &c.arts[slot]
	if a.vec == nil {
		return // out of the window
	}
	if len(a.nb) == neighbours {
		if nearer(n, a.nb[neighbours-1]) >= 0 {
			return
		}
		a.nb = a.nb[:neighbours-1]
	}
	i := len(a.nb)
	for i > 0 && nearer(n, a.nb[i-1]) < 0 {
		i--
	}
	a.nb = slices.Insert(a.nb, i, n)
}

// Flush refines the stories that gained articles since their last
// refinement. AddBatch calls it at the end of each batch; a caller feeding
// Add one article at a time calls it before it reads the clusters. A story
// of more than refineCap/8 articles waits until it has gained an eighth of
// what a refinement regroups (32 articles once it holds 256), so that a
// stream of small batches does not regroup its largest stories at every
// batch; its newest articles keep the events Add gave them until then.
func (c *Clusterer) Flush() {
	ids := make([]int32, 0, len(c.dirty))
	for s := range c.dirty {
		ids = append(ids, s)
	}
	slices.Sort(ids)
	for _, s := range ids {
		if c.stories.find(s) != s {
			delete(c.dirty, s)
			continue
		}
		g := c.stories.groups[s]
		if len(g.members)-g.refined >= max(1, min(g.refined, refineCap)/8) {
			c.refine(s)
		}
	}
}

// refine regroups the most recent articles of story s into events.
func (c *Clusterer) refine(s int32) {
	g := c.stories.groups[s]
	g.refined = len(g.members)
	delete(c.dirty, s)
	if c.opt.Refine < 0 {
		return
	}
	var m []int32
	for k := len(g.members) - 1; k >= 0 && len(m) < refineCap; k-- {
		if sl := g.members[k]; c.arts[sl].vec != nil {
			m = append(m, sl)
		}
	}
	if len(m) < 2 {
		return
	}
	slices.Reverse(m)
	pos := make(map[int32]int, len(m)) // slot → index in m
	cur := make([]int32, len(m))       // each article's event
	for k, sl := range m {
		pos[sl], cur[k] = k, c.events.find(c.arts[sl].event)
	}
	labels := c.groups(m, pos, c.opt.Refine)
	c.stayWithout(m, pos, cur, labels)
	c.regroup(s, m, cur, labels)
}

// hood is an article's neighbourhood as a sparse vector over slots: the
// article itself at weight 1 and its neighbours by rank. It is sorted by
// slot.
type hood []neighbour

func (c *Clusterer) hood(slot int32) hood {
	nb := c.arts[slot].nb
	h := make(hood, 0, len(nb)+1)
	h = append(h, neighbour{slot, 1})
	for r, n := range nb {
		h = append(h, neighbour{n.slot, float32(rankWeight(r))})
	}
	slices.SortFunc(h, func(a, b neighbour) int { return cmp.Compare(a.slot, b.slot) })
	return h
}

// groups clusters the articles m (slots; pos maps a slot to its index in
// m) and returns each one's group as the index in m of a member. See the
// notes at the top of this file for the link of two groups; both its views
// are sums over the groups' articles, so a merge adds one row of each
// matrix into another.
func (c *Clusterer) groups(m []int32, pos map[int32]int, tau float64) []int {
	n := len(m)
	sc := scratchPool.Get().(*scratch)
	defer scratchPool.Put(sc)
	sc.reset(n)
	dot, wire, out, norm := sc.dot, sc.wire, sc.out, sc.norm
	active, parent, best, bestLink := sc.active, sc.parent, sc.best, sc.bestLink
	// Dot products of neighbourhoods through the articles they hold: a
	// slot in h hoods adds h² products, far fewer than n² merges of lists.
	holders := map[int32][]neighbour{} // slot → (index in m, weight)
	for i, sl := range m {
		for _, x := range c.hood(sl) {
			holders[x.slot] = append(holders[x.slot], neighbour{int32(i), x.sim})
		}
		for r, nb := range c.arts[sl].nb {
			if j, ok := pos[nb.slot]; ok {
				wire[i*n+j] += rankWeight(r)
				out[i] += rankWeight(r)
			}
		}
	}
	// In slot order: sums in another order could differ in their last
	// bits and break a tie another way from one run to the next.
	slots := make([]int32, 0, len(holders))
	for x := range holders {
		slots = append(slots, x)
	}
	slices.Sort(slots)
	for _, x := range slots {
		hs := holders[x]
		for a, x := range hs {
			for _, y := range hs[a:] {
				d := float64(x.sim) * float64(y.sim)
				dot[int(x.slot)*n+int(y.slot)] += d
				if x.slot != y.slot {
					dot[int(y.slot)*n+int(x.slot)] += d
				}
			}
		}
	}
	for i := range n {
		norm[i] = math.Sqrt(dot[i*n+i])
	}
	linkOf := func(i, j int) float64 {
		var l float64
		if norm[i] > 0 && norm[j] > 0 {
			l = dot[i*n+j] / (norm[i] * norm[j])
		}
		if v := min(out[i], out[j]); v > 0 {
			l = max(l, (wire[i*n+j]+wire[j*n+i])/v)
		}
		return l
	}
	rescan := func(i int) {
		best[i], bestLink[i] = -1, math.Inf(-1)
		for j := range n {
			if active[j] && j != i {
				if l := linkOf(i, j); l > bestLink[i] {
					best[i], bestLink[i] = j, l
				}
			}
		}
	}
	for i := range n {
		active[i], parent[i] = true, i
	}
	for i := range n {
		rescan(i)
	}
	for {
		bi, bl := -1, tau
		for i := range n {
			if active[i] && best[i] >= 0 && (bestLink[i] > bl || (bestLink[i] == bl && bi < 0)) {
				bi, bl = i, bestLink[i]
			}
		}
		if bi < 0 {
			break
		}
		a, b := min(bi, best[bi]), max(bi, best[bi])
		dot[a*n+a] += 2*dot[a*n+b] + dot[b*n+b]
		norm[a] = math.Sqrt(dot[a*n+a])
		for z := range n {
			if active[z] && z != a && z != b {
				dot[a*n+z] += dot[b*n+z]
				dot[z*n+a] = dot[a*n+z]
				wire[a*n+z] += wire[b*n+z]
				wire[z*n+a] += wire[z*n+b]
			}
		}
		out[a] += out[b]
		active[b], parent[b] = false, a
		rescan(a)
		for z := range n {
			if !active[z] || z == a {
				continue
			}
			if best[z] == a || best[z] == b {
				rescan(z)
			} else if l := linkOf(z, a); l > bestLink[z] {
				best[z], bestLink[z] = a, l
			}
		}
	}
	labels := make([]int, n)
	for i := range labels {
		r := i
		for parent[r] != r {
			r = parent[r]
		}
		labels[i] = r
	}
	return labels
}

// scratch holds the matrices of a refinement, reused from one to the next.
type scratch struct {
	dot, wire           []float64 // n×n
	out, norm, bestLink []float64
	active              []bool
	parent, best        []int
}

var scratchPool = sync.Pool{New: func() any { return new(scratch) }}

// reset sizes the scratch for n articles and zeroes what is summed into.
func (sc *scratch) reset(n int) {
	grow := func(s []float64, k int) []float64 {
		if cap(s) < k {
			return make([]float64, k)
		}
		s = s[:k]
		clear(s)
		return s
	}
	sc.dot, sc.wire = grow(sc.dot, n*n), grow(sc.wire, n*n)
	sc.out, sc.norm, sc.bestLink = grow(sc.out, n), grow(sc.norm, n), grow(sc.bestLink, n)
	if cap(sc.active) < n {
		sc.active, sc.parent, sc.best = make([]bool, n), make([]int, n), make([]int, n)
	}
	sc.active, sc.parent, sc.best = sc.active[:n], sc.parent[:n], sc.best[:n]
}

// stayWithout gives each article that has no neighbour among m, and that
// no article of m has for a neighbour, the group of most of the other
// articles of its event: with no evidence about it, it stays where the
// event level put it.
func (c *Clusterer) stayWithout(m []int32, pos map[int32]int, cur []int32, labels []int) {
	linked := make([]bool, len(m))
	for k, sl := range m {
		for _, nb := range c.arts[sl].nb {
			if j, ok := pos[nb.slot]; ok {
				linked[k], linked[j] = true, true
			}
		}
	}
	votes := map[int32]map[int]int{}
	for k := range m {
		if linked[k] {
			if votes[cur[k]] == nil {
				votes[cur[k]] = map[int]int{}
			}
			votes[cur[k]][labels[k]]++
		}
	}
	alone := map[int32]int{} // event → the label of its first unlinked article
	for k := range m {
		if linked[k] {
			continue
		}
		best, bestN := -1, 0
		for lab, n := range votes[cur[k]] {
			if n > bestN || (n == bestN && lab < best) {
				best, bestN = lab, n
			}
		}
		if best < 0 {
			// no linked article of its event either: the unlinked
			// ones stay together
			if l, ok := alone[cur[k]]; ok {
				best = l
			} else {
				alone[cur[k]] = labels[k]
				continue
			}
		}
		labels[k] = best
	}
}

// regroup moves the articles m of story s, now in events cur, into the
// events labels gives: each group keeps the event that holds most of it
// (each event going to one group), and a group no event is left for
// becomes a new event of s. An event left without articles joins the one
// its last article went to.
func (c *Clusterer) regroup(s int32, m []int32, cur []int32, labels []int) {
	count := map[[2]int32]int{}
	for k := range m {
		count[[2]int32{int32(labels[k]), cur[k]}]++
	}
	type claim struct {
		lab, ev int32
		n       int
	}
	claims := make([]claim, 0, len(count))
	for k, n := range count {
		claims = append(claims, claim{k[0], k[1], n})
	}
	slices.SortFunc(claims, func(a, b claim) int {
		if a.n != b.n {
			return cmp.Compare(b.n, a.n)
		}
		if a.lab != b.lab {
			return cmp.Compare(a.lab, b.lab)
		}
		return cmp.Compare(a.ev, b.ev)
	})
	target, taken := map[int32]int32{}, map[int32]bool{}
	for _, cl := range claims {
		if _, ok := target[cl.lab]; ok || taken[cl.ev] {
			continue
		}
		target[cl.lab], taken[cl.ev] = cl.ev, true
	}
	went := map[int32]int32{} // event → where its last moved article went
	for k, sl := range m {
		lab := int32(labels[k])
		to, ok := target[lab]
		if !ok {
			to = c.newGroup(c.events, c.arts[sl].lang)
			c.events.groups[to].story = s
			target[lab] = to
		}
		if to != cur[k] {
			c.move(sl, cur[k], to)
			went[cur[k]], went[to] = to, to
		}
	}
	touched := make([]int32, 0, len(went))
	for e := range went {
		touched = append(touched, e)
	}
	slices.Sort(touched)
	for _, e := range touched {
		g := c.events.groups[e]
		if g.orig > 0 {
			g.norm2 = 0
			for _, w := range g.centroid {
				g.norm2 += float64(w) * float64(w)
			}
			c.reindex(c.events, e)
			continue
		}
		c.retire(c.events, e)
		g.parent = went[e]
		c.events.groups[went[e]].size += g.size // its copies
	}
}

// move takes the article in slot out of event from and into event to.
func (c *Clusterer) move(slot, from, to int32) {
	a := &c.arts[slot]
	fg, tg := c.events.groups[from], c.events.groups[to]
	if fg.centroid != nil {
		for _, t := range a.vec {
			if w := fg.centroid[t.id] - t.w; w > 1e-6 {
				fg.centroid[t.id] = w
			} else {
				delete(fg.centroid, t.id)
			}
		}
	}
	fg.size--
	fg.orig--
	if tg.centroid == nil {
		tg.centroid = map[uint32]float32{}
		c.events.live = append(c.events.live, to)
	}
	for _, t := range a.vec {
		tg.centroid[t.id] += t.w
	}
	c.touch(tg, a.lo, a.hi)
	tg.orig++
	a.event = to
}

// retire takes group i off the candidate lists and frees its centroid.
func (c *Clusterer) retire(l *level, i int32) {
	g := l.groups[i]
	for _, t := range g.indexed {
		l.postings[t] = without(l.postings[t], i)
		if len(l.postings[t]) == 0 {
			delete(l.postings, t)
		}
	}
	g.centroid, g.indexed, g.norm2 = nil, nil, 0
}

// mergeSlots merges two ascending lists of slots.
func mergeSlots(a, b []int32) []int32 {
	out := make([]int32, 0, len(a)+len(b))
	i, j := 0, 0
	for i < len(a) && j < len(b) {
		if a[i] <= b[j] {
			out = append(out, a[i])
			i++
		} else {
			out = append(out, b[j])
			j++
		}
	}
	out = append(out, a[i:]...)
	return append(out, b[j:]...)
}
