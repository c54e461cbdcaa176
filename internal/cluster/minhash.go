package cluster

import (
	"math/bits"
	"strings"
	"unicode"
)

// MinHash parameters: 64 bins in 16 bands of 4 rows finds pairs
// with Jaccard similarity around 0.5 and up with high probability; the
// estimate from all 64 then decides.
const (
	numHashes = 64
	bandRows  = 4
	numBands  = numHashes / bandRows
	shingle   = 5 // words per shingle
	minWords  = 2 * shingle
)

// signature is an article's MinHash signature.
type signature [numHashes]uint64

// hashCoeffs are the odd multipliers and offsets of the hash family,
// fixed so signatures are comparable within and across runs of a process.
var hashCoeffs = func() (c [numHashes][2]uint64) {
	x := uint64(0x9E3779B97F4A7C15)
	next := func() uint64 { // splitmix64
		x += 0x9E3779B97F4A7C15
		z := x
		z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9
		z = (z ^ (z >> 27)) * 0x94D049BB133111EB
		return z ^ (z >> 31)
	}
	for i := range c {
		c[i] = [2]uint64{next() | 1, next()}
	}
	return c
}()

// minhash signs the body's word shingles; ok is false for a body too short
// to tell a copy from a coincidence.
func minhash(body []string) (sig signature, ok bool) {
	var words []string
	for _, p := range body {
		for _, w := range strings.FieldsFunc(p, func(r rune) bool { return !unicode.IsLetter(r) && !unicode.IsDigit(r) }) {
			words = append(words, strings.ToLower(w))
		}
	}
	if len(words) < minWords {
		return sig, false
	}
	for i := range sig {
		sig[i] = ^uint64(0)
	}
	// One permutation hashing: each shingle is hashed once and lands in
	// one of the bins by its low bits, keeping the least value per bin;
	// empty bins borrow from the next full one (densification), so that
	// signatures of similar sets still agree bin by bin.
	for i := 0; i+shingle <= len(words); i++ {
		h := uint64(14695981039346656037) // FNV-1a, fixed so runs agree
		for _, w := range words[i : i+shingle] {
			for k := 0; k < len(w); k++ {
				h = (h ^ uint64(w[k])) * 1099511628211
			}
			h = (h ^ 0xff) * 1099511628211
		}
		h = mix(h)
		bin, v := h%numHashes, h/numHashes
		if v < sig[bin] {
			sig[bin] = v
		}
	}
	var full [numHashes]bool
	for i := range sig {
		full[i] = sig[i] != ^uint64(0)
	}
	for i := range sig {
		if full[i] {
			continue
		}
		for k := 1; k < numHashes; k++ {
			if j := (i + k) % numHashes; full[j] {
				sig[i] = mix(sig[j] + uint64(k)*hashCoeffs[i][1])
				break
			}
		}
	}
	return sig, true
}

// mix is splitmix64's finaliser: it spreads the bits of a hash.
func mix(z uint64) uint64 {
	z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9
	z = (z ^ (z >> 27)) * 0x94D049BB133111EB
	return z ^ (z >> 31)
}

// jaccard estimates the Jaccard similarity of two signed shingle sets.
func jaccard(a, b *signature) float64 {
	same := 0
	for i := range a {
		if a[i] == b[i] {
			same++
		}
	}
	return float64(same) / numHashes
}

// bandKey hashes band i of a signature.
func bandKey(sig *signature, i int) uint64 {
	k := uint64(i+1) * 0x9E3779B97F4A7C15
	for _, v := range sig[i*bandRows : (i+1)*bandRows] {
		k = (k ^ v) * 0x100000001B3
		k = bits.RotateLeft64(k, 29)
	}
	return k
}

// lsh finds earlier articles whose signatures share a band. Memory stays
// bounded: each band keeps two generations of buckets, and when the newer
// one reaches its cap the older is dropped, so only the most recent
// articles (at least cap per band) are candidates, which is where
// syndicated copies are found.
type lsh struct {
	cap      int
	cur, old [numBands]map[uint64]int32 // band key -> article slot (latest)
	sigs     map[int32]*signature
	oldSigs  map[int32]*signature
}

func newLSH(capacity int) *lsh {
	l := &lsh{cap: capacity, sigs: map[int32]*signature{}, oldSigs: map[int32]*signature{}}
	for i := range l.cur {
		l.cur[i] = map[uint64]int32{}
		l.old[i] = map[uint64]int32{}
	}
	return l
}

// match returns the earlier article most similar to sig at or above
// threshold, or -1.
func (l *lsh) match(sig *signature, threshold float64) (int32, float64) {
	best, bestJ := int32(-1), threshold
	for i := range numBands {
		k := bandKey(sig, i)
		for _, m := range [2]map[uint64]int32{l.cur[i], l.old[i]} {
			slot, ok := m[k]
			if !ok {
				continue
			}
			s := l.sigs[slot]
			if s == nil {
				s = l.oldSigs[slot]
			}
			if s == nil {
				continue
			}
			if j := jaccard(sig, s); j >= bestJ && (j > bestJ || best < 0 || slot < best) {
				best, bestJ = slot, j
			}
		}
	}
	return best, bestJ
}

// add indexes an article's signature under slot.
func (l *lsh) add(slot int32, sig *signature) {
	if len(l.sigs) >= l.cap {
		l.old, l.oldSigs = l.cur, l.sigs
		for i := range l.cur {
			l.cur[i] = make(map[uint64]int32, l.cap)
		}
		l.sigs = make(map[int32]*signature, l.cap)
	}
	s := *sig
	l.sigs[slot] = &s
	for i := range numBands {
		l.cur[i][bandKey(sig, i)] = slot
	}
}
