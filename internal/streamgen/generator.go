package streamgen

import (
	"math"
	"math/rand/v2"
	"slices"
	"time"
)

// Options shape a stream. Only N is required.
type Options struct {
	// N is the number of articles; Next reports false after the Nth.
	N int
	// Seed makes the stream: the same corpus, options and seed give the
	// same articles, byte for byte.
	Seed int64
	// Start is the first day of the timeline; default 2024-01-01 UTC.
	Start time.Time
	// Days is the length of timeline the stream is scaled to: stories
	// arrive at the rate that makes N articles span about Days days,
	// whatever N. Default 730.
	Days int
	// DuplicateShare is the share of articles that are syndicated copies
	// of an earlier article. Default 0.05; a negative value means none.
	DuplicateShare float64
}

// Shape of the stream. Event sizes follow a discrete power law:
// P(size >= k) = k^-sizeExponent, cut at maxEventSize(N).
const (
	sizeExponent   = 1.2
	storyGoOn      = 0.45 // chance a story gets one more event
	maxStoryEvents = 12
	minEventGap    = 2 * day // between the starts of a story's events
	maxEventGap    = 14 * day
	jitter         = 15 * 60 // published = stream time ± jitter seconds
	minDupDelay    = 45 * 60 // a copy follows its original by at least this
	maxDupDelay    = 18 * 3600
	day            = 86400

	seedRest   = 3 * day // a seed rests this long after an event on it ends
	seedProbes = 8

	shareCore  = 0.80 // of an article's paragraphs, drawn from its event's core
	shareTopic = 0.14 // from its topic; the rest is noise from anywhere
)

// Generator produces a stream of synthetic articles in publication order.
// It is not safe for concurrent use; make one per goroutine.
type Generator struct {
	c    *Corpus
	opt  Options
	key  uint64     // derives every per-article random source
	rng  *rand.Rand // drives the schedule, in stream order
	heap schedule
	seq  uint64

	storyRate  float64 // stories per second of timeline
	nextStory  int64   // unix time the next story starts
	maxSize    int
	dupP       float64 // chance an original gets a syndicated copy
	famCum     []float64
	seedFree   []int64 // by seed: when it may start another event
	outletsCum []float64

	emitted, stories, events int
}

// New reads the corpus under the shared folder and returns a generator;
// use LoadCorpus and (*Corpus).Generator to make several streams of one
// corpus.
func New(shared string, opt Options) (*Generator, error) {
	c, err := LoadCorpus(shared)
	if err != nil {
		return nil, err
	}
	return c.Generator(opt), nil
}

// Generator returns a generator of the stream opt describes.
func (c *Corpus) Generator(opt Options) *Generator {
	if opt.Start.IsZero() {
		opt.Start = time.Date(2024, 1, 1, 0, 0, 0, 0, time.UTC)
	}
	if opt.Days <= 0 {
		opt.Days = 730
	}
	switch {
	case opt.DuplicateShare == 0:
		opt.DuplicateShare = 0.05
	case opt.DuplicateShare < 0:
		opt.DuplicateShare = 0
	}
	opt.DuplicateShare = min(opt.DuplicateShare, 0.5)
	g := &Generator{
		c:       c,
		opt:     opt,
		key:     uint64(opt.Seed),
		rng:     rand.New(rand.NewPCG(uint64(opt.Seed), 0x5eed_5c4e_d01e)),
		maxSize: maxEventSize(opt.N),
		// Copies are not copied again, so p/(1+p) of the stream are copies.
		dupP:     opt.DuplicateShare / (1 - opt.DuplicateShare),
		seedFree: make([]int64, len(c.seeds)),
	}
	total := 0.0
	for _, f := range c.families {
		total += f.weight
		g.famCum = append(g.famCum, total)
	}
	total = 0
	for i := range outlets {
		total += 1 / math.Pow(float64(i+1), 0.9)
		g.outletsCum = append(g.outletsCum, total)
	}
	perStory := meanStoryEvents() * meanEventSize(g.maxSize) * (1 + g.dupP)
	g.storyRate = float64(max(opt.N, 1)) / perStory / float64(opt.Days*day)
	g.nextStory = opt.Start.Unix() + g.interarrival()
	return g
}

// maxEventSize caps event sizes so that no event swamps a small stream:
// N/25 articles, between 50 and 1,000.
func maxEventSize(n int) int {
	return min(max(n/25, 50), 1000)
}

// meanEventSize is the expected size of an event: the sum over k of
// P(size >= k).
func meanEventSize(maxSize int) float64 {
	s := 0.0
	for k := 1; k <= maxSize; k++ {
		s += math.Pow(float64(k), -sizeExponent)
	}
	return s
}

func meanStoryEvents() float64 {
	s, p := 0.0, 1.0
	for range maxStoryEvents {
		s += p
		p *= storyGoOn
	}
	return s
}

// Emitted returns the number of articles generated so far.
func (g *Generator) Emitted() int { return g.emitted }

// Next returns the next article of the stream, and false once N articles
// have been returned.
func (g *Generator) Next() (Article, bool) {
	for g.emitted < g.opt.N {
		for len(g.heap) == 0 || g.nextStory <= g.heap[0].at {
			g.startStory()
		}
		it := g.heap.pop()
		switch it.kind {
		case kindEvent:
			g.startEvent(it.ev)
		case kindArticle:
			g.emitted++
			a := g.article(it.ev, it.idx, g.emitted, it.at)
			if g.rng.Float64() < g.dupP {
				delay := minDupDelay + g.rng.Int64N(maxDupDelay-minDupDelay)
				g.push(item{at: it.at + delay, kind: kindCopy, ev: it.ev, idx: it.idx, orig: int32(g.emitted)})
			}
			return a, true
		case kindCopy:
			g.emitted++
			return g.duplicate(it, g.emitted), true
		}
	}
	return Article{}, false
}

// story is a thread of events on one topic.
type story struct {
	id       int
	topic    int32
	lastSeed int32
}

// event is one synthetic real-world event: a seed, its share of the seed's
// units (the core, so that two events drawn from the same seed differ), a
// start, a span and the outlets that cover it.
type event struct {
	id      int
	story   *story
	start   int64
	seed    int32
	core    []int32 // unit indices; core[:lead] open articles and give headlines
	lead    int
	outlets []int16
	size    int32
	span    int64
}

// startStory starts the story due at g.nextStory: it picks a topic and
// schedules its events weeks apart.
func (g *Generator) startStory() {
	at := g.nextStory
	g.nextStory += max(g.interarrival(), 1)
	g.stories++
	// A topic whose seeds are all taken is passed over for another, so a
	// long stream leans towards the larger data sets rather than repeat
	// the small ones at once.
	var topic int32
	for range 4 {
		fam := g.c.families[pick(g.famCum, g.rng.Float64()*g.famCum[len(g.famCum)-1])]
		topic = fam.topics[g.rng.IntN(len(fam.topics))]
		if g.hasFreeSeed(&g.c.topics[topic], at) {
			break
		}
	}
	s := &story{id: g.stories, topic: topic, lastSeed: -1}
	n := 1
	for n < maxStoryEvents && g.rng.Float64() < storyGoOn {
		n++
	}
	for i := range n {
		if i > 0 {
			at += minEventGap + g.rng.Int64N(maxEventGap-minEventGap)
		}
		g.push(item{at: at, kind: kindEvent, ev: &event{story: s, start: at}})
	}
}

func (g *Generator) interarrival() int64 {
	return int64(-math.Log(1-g.rng.Float64()) / g.storyRate)
}

// startEvent draws an event's seed, core, size, span and outlets, and
// schedules its articles.
func (g *Generator) startEvent(ev *event) {
	g.events++
	ev.id = g.events
	s := ev.story
	t := &g.c.topics[s.topic]
	ev.seed = g.chooseSeed(s, t, ev.start)
	s.lastSeed = ev.seed
	sd := g.c.seeds[ev.seed]
	n := int(sd.end - sd.start)
	coreN := n
	if n > 24 {
		coreN = max(24, n/3)
	}
	ev.core = make([]int32, n)
	for i := range ev.core {
		ev.core[i] = sd.start + int32(i)
	}
	g.rng.Shuffle(n, func(i, j int) { ev.core[i], ev.core[j] = ev.core[j], ev.core[i] })
	ev.core = ev.core[:coreN:coreN]
	ev.lead = min(3, coreN)

	size := int(math.Pow(1-g.rng.Float64(), -1/sizeExponent))
	size = min(max(size, 1), g.maxSize)
	ev.size = int32(size)
	spanDays := 1 + int(min(9, math.Log2(float64(size))*(0.5+0.7*g.rng.Float64())))
	ev.span = int64(spanDays) * day
	g.seedFree[ev.seed] = ev.start + ev.span + seedRest

	want := min(len(outlets), 1+size/2, 40)
	for tries := 0; len(ev.outlets) < want && tries < 4*want; tries++ {
		o := int16(pick(g.outletsCum, g.rng.Float64()*g.outletsCum[len(g.outletsCum)-1]))
		if !slices.Contains(ev.outlets, o) {
			ev.outlets = append(ev.outlets, o)
		}
	}
	for i := range size {
		at := ev.start
		if i > 0 { // the first report opens the event; the rest come early more often than late
			u := g.rng.Float64()
			at += int64(u * u * float64(ev.span))
		}
		g.push(item{at: at, kind: kindArticle, ev: ev, idx: int32(i)})
	}
}

// chooseSeed picks the seed of a story's next event: half the time the
// story's last one, else another of its topic. It avoids a seed that
// another event is drawing on, or drew on within seedRest: two events of
// one seed at once would be all but indistinguishable, where real news
// has such look-alikes (another bank robbery, another earthquake) apart
// in time. When every seed probed is taken (a million-article stream
// has far more events than the corpus has seeds), the one free soonest
// is shared.
func (g *Generator) chooseSeed(s *story, t *topic, start int64) int32 {
	if s.lastSeed >= 0 && g.seedFree[s.lastSeed] <= start && g.rng.Float64() < 0.5 {
		return s.lastSeed
	}
	best := int32(-1)
	for range seedProbes {
		sd := t.seeds[g.rng.IntN(len(t.seeds))]
		if g.seedFree[sd] <= start {
			return sd
		}
		if best < 0 || g.seedFree[sd] < g.seedFree[best] {
			best = sd
		}
	}
	return best
}

// hasFreeSeed reports whether a probe of the topic's seeds finds one free
// at time at.
func (g *Generator) hasFreeSeed(t *topic, at int64) bool {
	for range seedProbes {
		if g.seedFree[t.seeds[g.rng.IntN(len(t.seeds))]] <= at {
			return true
		}
	}
	return false
}

// pick returns the index of the first cumulative weight above x.
func pick(cum []float64, x float64) int {
	i, _ := slices.BinarySearch(cum, x)
	return min(i, len(cum)-1)
}

// Schedule: a min-heap of pending events and articles by time, ties in
// insertion order so that the stream is deterministic.

type itemKind uint8

const (
	kindEvent itemKind = iota
	kindArticle
	kindCopy
)

type item struct {
	at   int64
	seq  uint64
	ev   *event
	idx  int32 // article index within its event
	orig int32 // for a copy, the stream number of its original
	kind itemKind
}

type schedule []item

func (g *Generator) push(it item) {
	g.seq++
	it.seq = g.seq
	h := append(g.heap, it)
	i := len(h) - 1
	for i > 0 {
		p := (i - 1) / 2
		if !h[i].before(h[p]) {
			break
		}
		h[i], h[p] = h[p], h[i]
		i = p
	}
	g.heap = h
}

func (a item) before(b item) bool {
	return a.at < b.at || a.at == b.at && a.seq < b.seq
}

func (h *schedule) pop() item {
	old := *h
	top := old[0]
	n := len(old) - 1
	old[0] = old[n]
	old[n] = item{}
	old = old[:n]
	i := 0
	for {
		l := 2*i + 1
		if l >= n {
			break
		}
		m := l
		if r := l + 1; r < n && old[r].before(old[l]) {
			m = r
		}
		if !old[m].before(old[i]) {
			break
		}
		old[i], old[m] = old[m], old[i]
		i = m
	}
	*h = old
	return top
}
