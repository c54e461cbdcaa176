package chrome

import (
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
// Add every document first, then ask; a Corpus is safe for concurrent reads
// once all documents are added.
type Corpus struct {
	mu       sync.Mutex
	keys     map[string]int     // document key → index
	docs     []map[string]bool  // per document: its distinct normalised prose lines
	byLine   map[string][]int   // normalised line → documents holding it (capped)
	overlaps map[[2]int]float64 // cached share of lines two documents have in common
}

// maxTracked caps how many holders of one line are remembered: past it the
// line is chrome by any measure, and memory stays linear in the corpus.
const maxTracked = 64

// NewCorpus returns an empty corpus.
func NewCorpus() *Corpus {
	return &Corpus{keys: map[string]int{}, byLine: map[string][]int{}, overlaps: map[[2]int]float64{}}
}

// Add records the lines of the document known by key (its ID). Adding a key
// twice is a no-op.
func (c *Corpus) Add(key string, lines []string) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if _, dup := c.keys[key]; dup {
		return
	}
	id := len(c.docs)
	c.keys[key] = id
	set := map[string]bool{}
	for _, l := range lines {
		n := Normalize(l)
		if n == "" || set[n] {
			continue
		}
		set[n] = true
		if h := c.byLine[n]; len(h) < maxTracked {
			c.byLine[n] = append(h, id)
		}
	}
	prose := map[string]bool{}
	for _, l := range lines {
		if IsProse(l) {
			prose[Normalize(l)] = true
		}
	}
	c.docs = append(c.docs, prose)
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
	n := Normalize(line)
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
