package cluster

import (
	"slices"

	"github.com/storyline-news/storyline/internal/model"
)

// Counts are document frequencies over a collection of articles: how many
// articles hold each term, as Terms lists them. A clusterer given Counts
// weighs every article against the whole collection (the store's articles)
// rather than against the ones it has seen, so an article is weighted the
// same however and whenever it arrived.
type Counts struct {
	Docs  int            // articles counted
	Terms map[string]int // term → articles holding it
}

// CountTerms returns the document frequencies of arts' terms.
func CountTerms(arts []model.Article) *Counts {
	c := &Counts{Terms: map[string]int{}}
	for i := range arts {
		c.Add(Terms(&arts[i]), 1)
	}
	return c
}

// Add counts one article's terms, or takes them out with sign -1.
func (c *Counts) Add(terms []string, sign int) {
	c.Docs += sign
	for _, t := range terms {
		c.Terms[t] += sign
	}
}

// Terms returns the distinct terms of an article as the clusterer weighs
// them (content words, numbers as "n:…", entity names as "e:…"), sorted:
// what a collection's document frequencies count.
func Terms(a *model.Article) []string {
	v := &vocab{ids: map[string]uint32{}, bg: &bgDF{df: map[string]float64{}}, primed: true}
	var out []string
	v.terms(a, func(id uint32, _ float64) { out = append(out, v.words[id]) })
	slices.Sort(out)
	return out
}

// TopTerms returns an article's n heaviest terms under the document
// frequencies df, heaviest first, with their weights in its unit vector:
// what an index of articles posts it under and compares it by.
func TopTerms(a *model.Article, df *Counts, n int) ([]string, []float32) {
	v := newVocab()
	v.ext, v.primed, v.docs = df, true, float64(df.Docs)
	vec := v.features(a)
	if len(vec) > n {
		vec = vec[:n]
	}
	normalise(vec)
	terms, ws := make([]string, len(vec)), make([]float32, len(vec))
	for i, t := range vec {
		terms[i], ws[i] = v.words[t.id], t.w
	}
	return terms, ws
}

// Bands returns the MinHash band keys of an article's body: two articles
// sharing one are candidate copies, which the clusterer then checks.
// None for a body too short to tell a copy from a coincidence.
func Bands(a *model.Article) []uint64 {
	sig, ok := minhash(a.Body)
	if !ok {
		return nil
	}
	out := make([]uint64, numBands)
	for i := range out {
		out[i] = bandKey(&sig, i)
	}
	return out
}
