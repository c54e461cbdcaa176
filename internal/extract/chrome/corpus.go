package chrome

import (
	"encoding/binary"
	"hash/fnv"
	"slices"
	"strings"
	"sync"
)

// Corpus learns chrome from repetition: a line that recurs in several
// unrelated documents of a run (an aggregator's "Sign up to read this
// article", a print replica's footer, a section name under every headline) is
// not article text. Syndicated copies of one article share most of their
// lines, so lines shared only between near-copies do not count: otherwise a
// wire story read from two aggregators would lose its whole body.
//
// A corpus also learns boilerplate sentences inside prose lines from the
// documents whose Profile was added (Add does it): see
// IsLearnedBoilerplate.
//
// Lines are kept as hashes of their normalised text (LineHash), so that a
// store can keep what its documents held and a corpus can learn from
// documents it no longer has (AddStored).
//
// Add every document first, then ask; a Corpus is safe for concurrent reads
// once all documents are added.
type Corpus struct {
	mu        sync.Mutex
	keys      map[string]int     // document key → index
	stored    map[int]bool       // documents added by AddStored
	docs      []map[uint64]bool  // per document: its distinct normalised prose lines
	byLine    map[uint64][]int   // normalised line → documents holding it (capped)
	overlaps  map[[2]int]float64 // cached share of lines two documents have in common
	prints    map[uint64][]int   // whole-document fingerprint → documents added whole (capped)
	printOf   map[int]uint64     // document → its fingerprint, for the documents added whole
	elsewhere map[int]int        // document → copies outside the corpus (AddCopies)

	// Learned boilerplate sentences (see learned.go), from the documents
	// whose profile was added.
	profiles   map[int]Profile  // per document: its sentences and their words
	bySentence map[uint64][]int // sentence hash → documents holding it (capped)
	learned    map[uint64]bool  // cached verdicts of IsLearnedBoilerplate
	topics     map[int][]uint64 // cached topic words per document
	wordDF     map[uint64]int   // long word → documents holding it
}

// LineHash is the hash a corpus keeps a line by: of its normalised text.
func LineHash(line string) uint64 {
	h := fnv.New64a()
	h.Write([]byte(Normalize(line)))
	return h.Sum64()
}

// Hashes returns the distinct hashes of the lines that a repetition could
// make chrome (those that are not prose) and of the prose lines, which
// tell near-copies apart: what a store keeps of a document for later
// corpora (see AddStored).
func Hashes(lines []string) (short, prose []uint64) {
	seen := map[uint64]bool{}
	for _, l := range lines {
		if Normalize(l) == "" {
			continue
		}
		h := LineHash(l)
		if seen[h] {
			continue
		}
		seen[h] = true
		if IsProse(l) {
			prose = append(prose, h)
		} else {
			short = append(short, h)
		}
	}
	return short, prose
}

// maxTracked caps how many holders of one line are remembered: past it the
// line is chrome by any measure, and memory stays linear in the corpus.
const maxTracked = 64

// NewCorpus returns an empty corpus.
func NewCorpus() *Corpus {
	return &Corpus{keys: map[string]int{}, byLine: map[uint64][]int{}, overlaps: map[[2]int]float64{}}
}

// Add records the lines of the document known by key (its ID). Adding a key
// twice is a no-op.
func (c *Corpus) Add(key string, lines []string) {
	short, prose := Hashes(lines)
	c.AddHashes(key, short, prose)
	c.AddProfile(key, NewProfile(lines))
}

// AddHashes is Add for a document whose line hashes (see Hashes) are
// already in hand.
func (c *Corpus) AddHashes(key string, short, prose []uint64) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if _, dup := c.keys[key]; dup {
		return
	}
	c.add(key, append(slices.Clip(short), prose...), prose)
	fp := Fingerprint(short, prose)
	if fp == 0 {
		return
	}
	// The store keeps only some lines of a stored document, so only
	// documents added whole have a fingerprint.
	id := c.keys[key]
	if c.prints == nil {
		c.prints, c.printOf = map[uint64][]int{}, map[int]uint64{}
	}
	c.printOf[id] = fp
	if hs := c.prints[fp]; len(hs) < maxTracked {
		c.prints[fp] = append(hs, id)
	}
}

// Fingerprint is the hash of a whole document by its line hashes (see
// Hashes), in any order: two documents holding the same normalised lines
// have the same one. A document with no lines has 0.
func Fingerprint(short, prose []uint64) uint64 {
	if len(short)+len(prose) == 0 {
		return 0
	}
	all := slices.Sorted(slices.Values(append(slices.Clip(short), prose...)))
	h := fnv.New64a()
	var b [8]byte
	for _, x := range slices.Compact(all) {
		binary.LittleEndian.PutUint64(b[:], x)
		h.Write(b[:])
	}
	return h.Sum64() | 1 // never 0
}

// AddCopies records that n documents outside the corpus (read before, and
// kept only as fingerprints by a store) held exactly the lines of the
// document known by key; Copies counts them.
func (c *Corpus) AddCopies(key string, n int) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if id, ok := c.keys[key]; ok && n > 0 {
		if c.elsewhere == nil {
			c.elsewhere = map[int]int{}
		}
		c.elsewhere[id] = n
	}
}

// Copies returns how many other documents of the corpus hold exactly the
// lines of the document known by key, no more and no fewer (in any
// order), with those AddCopies recorded: copies of the whole document. A page that is nothing but one
// text found whole under many addresses (an archive's crawl notice, an
// embed's "not available" box) is what a scraper brought back instead of
// the article.
func (c *Corpus) Copies(key string) int {
	if c == nil {
		return 0
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	id, ok := c.keys[key]
	if !ok {
		return 0
	}
	fp, ok := c.printOf[id]
	if !ok {
		return 0
	}
	return len(c.prints[fp]) - 1 + c.elsewhere[id]
}

// AddStored records a document known only by what a store kept of it (see
// Hashes): the hashes of its lines that may recur here, and of its prose
// lines. Adding a key twice is a no-op.
func (c *Corpus) AddStored(key string, lines, prose []uint64) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if _, dup := c.keys[key]; dup {
		return
	}
	if c.stored == nil {
		c.stored = map[int]bool{}
	}
	c.stored[len(c.docs)] = true
	c.add(key, lines, prose)
}

// Stale returns the stored documents (see AddStored) that the documents
// added with Add taught something: a line of theirs that no other stored
// document repeated, not even a near-copy, now recurs in an added
// document that is not a near-copy either. Their chrome is no longer what
// it was when they were read; sorted by key.
func (c *Corpus) Stale() []string {
	c.mu.Lock()
	defer c.mu.Unlock()
	stale := map[int]bool{}
	for _, hs := range c.byLine {
		if len(hs) < 2 || len(hs) >= maxTracked {
			continue
		}
		for _, s := range hs {
			if !c.stored[s] || stale[s] {
				continue
			}
			before, now := false, false
			for _, o := range hs {
				if o == s || c.overlap(s, o) >= 0.5 {
					continue
				}
				if c.stored[o] {
					before = true
				} else {
					now = true
				}
			}
			if now && !before {
				stale[s] = true
			}
		}
	}
	var out []string
	for key, id := range c.keys {
		if stale[id] {
			out = append(out, key)
		}
	}
	slices.Sort(out)
	return out
}

// add records a document's distinct line hashes and prose; the caller
// holds c.mu.
func (c *Corpus) add(key string, lines, prose []uint64) {
	id := len(c.docs)
	c.keys[key] = id
	for _, h := range lines {
		if hs := c.byLine[h]; len(hs) < maxTracked && (len(hs) == 0 || hs[len(hs)-1] != id) {
			c.byLine[h] = append(hs, id)
		}
	}
	set := make(map[uint64]bool, len(prose))
	for _, h := range prose {
		set[h] = true
	}
	c.docs = append(c.docs, set)
}

// Len returns the number of documents added.
func (c *Corpus) Len() int {
	c.mu.Lock()
	defer c.mu.Unlock()
	return len(c.docs)
}

// Recurrence returns how many other documents, not near-copies of the
// document known by key, hold line. key may name a document outside the corpus.
func (c *Corpus) Recurrence(key string, line string) int {
	if c == nil {
		return 0
	}
	n := LineHash(line)
	c.mu.Lock()
	defer c.mu.Unlock()
	doc, ok := c.keys[key]
	if !ok {
		doc = -1
	}
	holders := c.byLine[n]
	if len(holders) >= maxTracked {
		return len(holders)
	}
	count := 0
	for _, h := range holders {
		if h == doc {
			continue
		}
		if doc >= 0 && c.overlap(doc, h) >= 0.5 {
			continue // a syndicated copy, not independent evidence
		}
		count++
	}
	return count
}

// overlap is the share of the smaller document's prose lines that the two
// hold in common: syndicated copies share their sentences, while unrelated
// documents from one aggregator share only its chrome. The caller holds c.mu.
func (c *Corpus) overlap(a, b int) float64 {
	if a > b {
		a, b = b, a
	}
	key := [2]int{a, b}
	if v, ok := c.overlaps[key]; ok {
		return v
	}
	da, db := c.docs[a], c.docs[b]
	if len(da) > len(db) {
		da, db = db, da
	}
	common := 0
	for l := range da {
		if db[l] {
			common++
		}
	}
	v := 0.0
	if len(da) > 0 {
		v = float64(common) / float64(len(da))
	}
	c.overlaps[key] = v
	return v
}

// IsProse reports whether line reads like a sentence of an article: several
// words ending in sentence punctuation (possibly inside a closing quote).
// Repetition alone never makes such a line chrome, because two outlets may
// carry the same quoted paragraph.
func IsProse(line string) bool {
	return Words(line) >= 8 && EndsSentence(line)
}

// EndsSentence reports whether s ends with sentence punctuation, allowing
// closing quotes and brackets after it.
func EndsSentence(s string) bool {
	s = strings.TrimRight(s, " \t\"'\u2019\u201d)]\u00bb\u300d\u300f\uff09")
	if s == "" {
		return false
	}
	switch s[len(s)-1] {
	case '.', '!', '?':
		return true
	}
	for _, end := range []string{"\u2026", "\u3002", "\uff01", "\uff1f", "\u061f", "\u0964"} {
		if strings.HasSuffix(s, end) {
			return true
		}
	}
	return false
}
