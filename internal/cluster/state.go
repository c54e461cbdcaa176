package cluster

import (
	"bufio"
	"encoding/gob"
	"errors"
	"fmt"
	"io"
)

// stateVersion is written first by Save; Load refuses any other, so a state
// saved by an older layout is rebuilt rather than misread.
const stateVersion = 3 // 2: centroids keep their squared norm; 3: neighbours and refinement

// The saved form of a Clusterer mirrors its unexported fields with exported
// ones for encoding/gob. Maps of terms are flattened into parallel slices,
// which gob writes and reads several times faster than maps, and a nil
// centroid (an evicted group) is told from an empty one by Live.
type (
	savedState struct {
		Version int
		Opt     Options
		N       int64
		Words   []string
		DF      []float64
		BgDF    []float64
		Docs    float64
		Primed  bool
		Events  savedLevel
		Stories savedLevel
		Dups    savedLSH
		Arts    []savedArt
		ArtPost savedPostings
		Dirty   []int32 // stories to refine at the next Flush
	}
	savedLevel struct {
		Groups   []savedGroup
		Postings savedPostings
		Live     []int32
	}
	savedGroup struct {
		Parent      int32
		Lang        string
		Live        bool // centroid is not nil
		Terms       []uint32
		Weights     []float32
		Norm        float64
		Indexed     []uint32
		First, Last int32
		Size        int
		Seen        int64
		Story       int32
		Orig        int
		Members     []int32
		Refined     int
	}
	savedPostings struct {
		Terms []uint32
		Lists [][]int32
	}
	savedArt struct {
		ID      string
		Event   int32
		DupOf   int32
		Lo, Hi  int32
		Lang    string
		Terms   []uint32
		Weights []float32
		HasVec  bool
		NbSlots []int32
		NbSims  []float32
	}
	savedLSH struct {
		Cap      int
		Cur, Old [numBands]savedBand
		Sigs     savedSigs
		OldSigs  savedSigs
	}
	savedBand struct {
		Keys  []uint64
		Slots []int32
	}
	savedSigs struct {
		Slots []int32
		Sigs  [][numHashes]uint64
	}
)

// Save writes the clusterer's whole state to w, so that a clusterer Load
// makes of it goes on exactly as this one would: the same articles added
// next get the same assignments. The state holds what the clusterer keeps
// in memory, which Options.Window bounds.
func (c *Clusterer) Save(w io.Writer) error {
	s := savedState{
		Version: stateVersion,
		Opt:     c.opt,
		N:       c.n,
		Words:   c.voc.words,
		DF:      c.voc.df,
		BgDF:    c.voc.bgdf,
		Docs:    c.voc.docs,
		Primed:  c.voc.primed,
		Events:  saveLevel(c.events),
		Stories: saveLevel(c.stories),
		Dups:    saveLSH(c.dups),
		ArtPost: savePostings(c.artPost),
		Arts:    make([]savedArt, len(c.arts)),
	}
	for st := range c.dirty {
		s.Dirty = append(s.Dirty, st)
	}
	for i, a := range c.arts {
		sa := savedArt{ID: a.id, Event: a.event, DupOf: a.dupOf, Lo: a.lo, Hi: a.hi, Lang: a.lang, HasVec: a.vec != nil}
		sa.Terms, sa.Weights = splitVector(a.vec)
		for _, n := range a.nb {
			sa.NbSlots = append(sa.NbSlots, n.slot)
			sa.NbSims = append(sa.NbSims, n.sim)
		}
		s.Arts[i] = sa
	}
	bw := bufio.NewWriterSize(w, 1<<20)
	if err := gob.NewEncoder(bw).Encode(&s); err != nil {
		return fmt.Errorf("cluster: save state: %w", err)
	}
	if err := bw.Flush(); err != nil {
		return fmt.Errorf("cluster: save state: %w", err)
	}
	return nil
}

// ErrState is returned by Load for a state it cannot use: corrupt, or
// written by another layout version.
var ErrState = errors.New("cluster: unusable saved state")

// Load reads a clusterer that Save wrote.
func Load(r io.Reader) (*Clusterer, error) {
	var s savedState
	if err := gob.NewDecoder(bufio.NewReaderSize(r, 1<<20)).Decode(&s); err != nil {
		return nil, fmt.Errorf("%w: %v", ErrState, err)
	}
	if s.Version != stateVersion {
		return nil, fmt.Errorf("%w: version %d, this program reads %d", ErrState, s.Version, stateVersion)
	}
	if len(s.DF) != len(s.Words) || len(s.BgDF) != len(s.Words) {
		return nil, fmt.Errorf("%w: vocabulary lists differ in length", ErrState)
	}
	c := New(s.Opt)
	c.n = s.N
	c.voc.words, c.voc.df, c.voc.bgdf, c.voc.docs, c.voc.primed = s.Words, s.DF, s.BgDF, s.Docs, s.Primed
	c.voc.ids = make(map[string]uint32, len(s.Words))
	for i, w := range s.Words {
		c.voc.ids[w] = uint32(i)
	}
	var err error
	if c.events, err = loadLevel(s.Events); err != nil {
		return nil, err
	}
	if c.stories, err = loadLevel(s.Stories); err != nil {
		return nil, err
	}
	c.dups = loadLSH(s.Dups)
	c.artPost = loadPostings(s.ArtPost)
	c.arts = make([]artInfo, len(s.Arts))
	for i, sa := range s.Arts {
		if int(sa.Event) >= len(c.events.groups) || sa.Event < 0 {
			return nil, fmt.Errorf("%w: article %d in event %d of %d", ErrState, i, sa.Event, len(c.events.groups))
		}
		a := artInfo{id: sa.ID, event: sa.Event, dupOf: sa.DupOf, lo: sa.Lo, hi: sa.Hi, lang: sa.Lang}
		if sa.HasVec {
			a.vec = joinVector(sa.Terms, sa.Weights)
		}
		if len(sa.NbSlots) != len(sa.NbSims) {
			return nil, fmt.Errorf("%w: article %d has %d neighbours and %d similarities", ErrState, i, len(sa.NbSlots), len(sa.NbSims))
		}
		for k, sl := range sa.NbSlots {
			if sl < 0 || int(sl) >= len(s.Arts) {
				return nil, fmt.Errorf("%w: article %d has neighbour %d of %d", ErrState, i, sl, len(s.Arts))
			}
			a.nb = append(a.nb, neighbour{sl, sa.NbSims[k]})
		}
		c.arts[i] = a
	}
	for i, g := range c.stories.groups {
		for _, sl := range g.members {
			if sl < 0 || int(sl) >= len(c.arts) {
				return nil, fmt.Errorf("%w: story %d holds article %d of %d", ErrState, i, sl, len(c.arts))
			}
		}
	}
	for _, st := range s.Dirty {
		if st < 0 || int(st) >= len(c.stories.groups) {
			return nil, fmt.Errorf("%w: story %d to refine of %d", ErrState, st, len(c.stories.groups))
		}
		c.dirty[st] = true
	}
	for i, g := range c.events.groups {
		if g.story < 0 || int(g.story) >= len(c.stories.groups) {
			return nil, fmt.Errorf("%w: event %d in story %d of %d", ErrState, i, g.story, len(c.stories.groups))
		}
	}
	return c, nil
}

// Cluster is where an article stands after every merge so far: its event
// and story numbers, as Resolve gives them.
type Cluster struct {
	Event, Story int
}

// Clusters returns Resolve for every slot from 0 to Len()-1. Comparing two
// calls tells which articles earlier ones' merges moved.
func (c *Clusterer) Clusters() []Cluster {
	out := make([]Cluster, len(c.arts))
	for i := range c.arts {
		e, s := c.Resolve(i)
		out[i] = Cluster{e, s}
	}
	return out
}

// ArticleID returns the ID of the article that arrived in slot.
func (c *Clusterer) ArticleID(slot int) string { return c.arts[slot].id }

func splitVector(v vector) ([]uint32, []float32) {
	if len(v) == 0 {
		return nil, nil
	}
	ids, ws := make([]uint32, len(v)), make([]float32, len(v))
	for i, t := range v {
		ids[i], ws[i] = t.id, t.w
	}
	return ids, ws
}

func joinVector(ids []uint32, ws []float32) vector {
	v := make(vector, min(len(ids), len(ws)))
	for i := range v {
		v[i] = term{ids[i], ws[i]}
	}
	return v
}

func savePostings(p map[uint32][]int32) savedPostings {
	s := savedPostings{Terms: make([]uint32, 0, len(p)), Lists: make([][]int32, 0, len(p))}
	for t, l := range p {
		s.Terms = append(s.Terms, t)
		s.Lists = append(s.Lists, l)
	}
	return s
}

func loadPostings(s savedPostings) map[uint32][]int32 {
	p := make(map[uint32][]int32, len(s.Terms))
	for i, t := range s.Terms {
		if i < len(s.Lists) {
			p[t] = s.Lists[i]
		}
	}
	return p
}

func saveLevel(l *level) savedLevel {
	s := savedLevel{Groups: make([]savedGroup, len(l.groups)), Postings: savePostings(l.postings), Live: l.live}
	for i, g := range l.groups {
		sg := savedGroup{Parent: g.parent, Lang: g.lang, Live: g.centroid != nil, Norm: g.norm2, Indexed: g.indexed,
			First: g.first, Last: g.last, Size: g.size, Seen: g.seen, Story: g.story,
			Orig: g.orig, Members: g.members, Refined: g.refined}
		if g.centroid != nil {
			sg.Terms = make([]uint32, 0, len(g.centroid))
			sg.Weights = make([]float32, 0, len(g.centroid))
			for t, w := range g.centroid {
				sg.Terms = append(sg.Terms, t)
				sg.Weights = append(sg.Weights, w)
			}
		}
		s.Groups[i] = sg
	}
	return s
}

func loadLevel(s savedLevel) (*level, error) {
	l := &level{groups: make([]*group, len(s.Groups)), postings: loadPostings(s.Postings), live: s.Live}
	for i, sg := range s.Groups {
		if sg.Parent < 0 || int(sg.Parent) >= len(s.Groups) {
			return nil, fmt.Errorf("%w: group %d has parent %d of %d", ErrState, i, sg.Parent, len(s.Groups))
		}
		g := &group{parent: sg.Parent, lang: sg.Lang, norm2: sg.Norm, indexed: sg.Indexed,
			first: sg.First, last: sg.Last, size: sg.Size, seen: sg.Seen, story: sg.Story,
			orig: sg.Orig, members: sg.Members, refined: sg.Refined}
		if sg.Live {
			g.centroid = make(map[uint32]float32, len(sg.Terms))
			for k, t := range sg.Terms {
				if k < len(sg.Weights) {
					g.centroid[t] = sg.Weights[k]
				}
			}
		}
		l.groups[i] = g
	}
	return l, nil
}

func saveLSH(l *lsh) savedLSH {
	s := savedLSH{Cap: l.cap, Sigs: saveSigs(l.sigs), OldSigs: saveSigs(l.oldSigs)}
	band := func(m map[uint64]int32) savedBand {
		b := savedBand{Keys: make([]uint64, 0, len(m)), Slots: make([]int32, 0, len(m))}
		for k, v := range m {
			b.Keys = append(b.Keys, k)
			b.Slots = append(b.Slots, v)
		}
		return b
	}
	for i := range numBands {
		s.Cur[i], s.Old[i] = band(l.cur[i]), band(l.old[i])
	}
	return s
}

func saveSigs(m map[int32]*signature) savedSigs {
	s := savedSigs{Slots: make([]int32, 0, len(m)), Sigs: make([][numHashes]uint64, 0, len(m))}
	for slot, sig := range m {
		s.Slots = append(s.Slots, slot)
		s.Sigs = append(s.Sigs, *sig)
	}
	return s
}

func loadLSH(s savedLSH) *lsh {
	l := newLSH(max(s.Cap, 1))
	band := func(b savedBand) map[uint64]int32 {
		m := make(map[uint64]int32, len(b.Keys))
		for i, k := range b.Keys {
			if i < len(b.Slots) {
				m[k] = b.Slots[i]
			}
		}
		return m
	}
	for i := range numBands {
		l.cur[i], l.old[i] = band(s.Cur[i]), band(s.Old[i])
	}
	sigs := func(ss savedSigs) map[int32]*signature {
		m := make(map[int32]*signature, len(ss.Slots))
		for i, slot := range ss.Slots {
			if i < len(ss.Sigs) {
				sig := signature(ss.Sigs[i])
				m[slot] = &sig
			}
		}
		return m
	}
	l.sigs, l.oldSigs = sigs(s.Sigs), sigs(s.OldSigs)
	return l
}
