package chrome

import (
	"hash/fnv"
	"slices"
	"strings"
	"unicode"
	"unicode/utf8"
)

// Learned boilerplate sentences. Corpus refuses to learn prose lines,
// because two outlets may carry the same paragraph; but a page copied as
// one block, or a sign-up box written in full sentences, brings its
// boilerplate inside prose lines ("You can unsubscribe at any time.",
// "Please try again later.", a video player's or a tweet box's notice),
// and the same sentences then stand in articles about everything. What
// tells them from a quote or a wire sentence that several reports of one
// happening share is who holds them: a sentence is boilerplate when it
// recurs in several documents of the corpus and most pairs of those
// documents are about different things (their words barely overlap).
// Reports of one event share their words, so the sentences they share
// are kept.

// Thresholds of the learned-sentence rule. What a document is about is
// the set of its long words (profileWordLen letters or more: short words
// are mostly function words in any language, and no list is needed) that
// are rare in the corpus (in at most topicShare of its documents, or
// three), read from its sentences that do not recur. The overlap figures
// were measured on Multi-News dev as the share of the smaller document's
// topic words the other holds: pairs of reports of one story have a
// median of 0.22 and a tenth percentile of 0.04, unrelated pairs a 90th
// percentile of 0.03. Unrelated pairs must be the majority, so a sentence
// a few reports of one event share stays even when one pair of them looks
// unrelated.
const (
	minSentenceWords   = 4    // a shorter sentence says too little to be recognised
	minSentenceHolders = 3    // documents holding a sentence, itself included
	unrelatedOverlap   = 0.04 // below it, two documents are about different things
	profileWordLen     = 6    // letters of the words that say what a document is about
	topicShare         = 0.02 // of the corpus's documents, the most a topic word may be in
	minTopicWords      = 10   // a document with fewer topic words cannot say what it is about
)

// Profile is what a corpus keeps of a document to learn boilerplate
// sentences from it (see AddProfile): the hashes of its distinct
// normalised sentences, and with each the hashes of its long words.
// Sentences too short to be recognised have hash 0. What a document is
// about is read from the words of its sentences that do not recur across
// the corpus, so that the boilerplate two documents share does not make
// them look alike.
type Profile struct {
	Sentences []uint64   // distinct sentence hashes, 0 for short ones
	Words     [][]uint64 // per sentence, its distinct long-word hashes
}

// NewProfile builds the profile of a document's lines.
func NewProfile(lines []string) Profile {
	var p Profile
	at := map[uint64]int{}
	for _, l := range lines {
		for _, s := range Sentences(l) {
			h := uint64(0)
			if Words(s) >= minSentenceWords {
				h = SentenceHash(s)
			}
			i, ok := at[h]
			if !ok {
				i = len(p.Sentences)
				at[h] = i
				p.Sentences = append(p.Sentences, h)
				p.Words = append(p.Words, nil)
			}
			for _, w := range strings.FieldsFunc(strings.ToLower(s), func(r rune) bool { return !unicode.IsLetter(r) }) {
				if utf8.RuneCountInString(w) >= profileWordLen {
					p.Words[i] = append(p.Words[i], wordHash(w))
				}
			}
		}
	}
	for i, ws := range p.Words {
		slices.Sort(ws)
		p.Words[i] = slices.Compact(ws)
	}
	return p
}

// SentenceHash is the hash a corpus keeps a sentence by: of its normalised
// text, in a space of its own so that a one-sentence line's hash as a
// line and as a sentence never meet.
func SentenceHash(s string) uint64 {
	h := fnv.New64a()
	h.Write([]byte("s\x00"))
	h.Write([]byte(Normalize(s)))
	return h.Sum64()
}

func wordHash(w string) uint64 {
	h := fnv.New64a()
	h.Write([]byte(w))
	return h.Sum64()
}

// AddProfile records a document's profile (see NewProfile) under key,
// beside what Add or AddHashes recorded of its lines. Adding a key's
// profile twice is a no-op.
func (c *Corpus) AddProfile(key string, p Profile) {
	c.mu.Lock()
	defer c.mu.Unlock()
	id, ok := c.keys[key]
	if !ok {
		id = len(c.docs)
		c.keys[key] = id
		c.docs = append(c.docs, map[uint64]bool{})
	}
	if c.profiles == nil {
		c.profiles = map[int]Profile{}
		c.bySentence = map[uint64][]int{}
		c.learned = map[uint64]bool{}
		c.topics = map[int][]uint64{}
		c.wordDF = map[uint64]int{}
	}
	if _, dup := c.profiles[id]; dup {
		return
	}
	c.profiles[id] = p
	var all []uint64
	for _, ws := range p.Words {
		all = append(all, ws...)
	}
	slices.Sort(all)
	for _, w := range slices.Compact(all) {
		c.wordDF[w]++
	}
	// What was learned before this document may change.
	clear(c.learned)
	clear(c.topics)
	for _, h := range p.Sentences {
		if hs := c.bySentence[h]; h != 0 && len(hs) < maxTracked {
			c.bySentence[h] = append(hs, id)
		}
	}
}

// topic returns the sorted rare long words of a document's sentences
// that do not recur across the corpus: what it says of its own. The caller holds
// c.mu.
func (c *Corpus) topic(id int) []uint64 {
	if t, ok := c.topics[id]; ok {
		return t
	}
	p := c.profiles[id]
	most := max(3, int(topicShare*float64(len(c.profiles))))
	var t []uint64
	for i, h := range p.Sentences {
		if h != 0 && len(c.bySentence[h]) >= minSentenceHolders {
			continue
		}
		for _, w := range p.Words[i] {
			if c.wordDF[w] <= most {
				t = append(t, w)
			}
		}
	}
	slices.Sort(t)
	t = slices.Compact(t)
	c.topics[id] = t
	return t
}

// IsLearnedBoilerplate reports whether sentence recurs in at least three
// documents of the corpus (the one known by key among them, if it is one)
// most pairs of which are about different things: boilerplate learned
// from the corpus rather than from the sentence's shape. A sentence
// holding a quotation mark or a reporting verb is someone's words, and
// never boilerplate by repetition.
func (c *Corpus) IsLearnedBoilerplate(key, sentence string) bool {
	if c == nil || Words(sentence) < minSentenceWords || reported.MatchString(sentence) {
		return false
	}
	h := SentenceHash(sentence)
	c.mu.Lock()
	defer c.mu.Unlock()
	if v, ok := c.learned[h]; ok {
		return v
	}
	holders := c.bySentence[h]
	if len(holders) < minSentenceHolders {
		return false
	}
	// Only documents long enough to say what they are about vote: a
	// page that is nothing but the notice says nothing about its topic.
	var voters []int
	for _, d := range holders {
		if len(c.topic(d)) >= minTopicWords {
			voters = append(voters, d)
		}
	}
	pairs, unrelated := 0, 0
	for i := range voters {
		for j := i + 1; j < len(voters); j++ {
			pairs++
			if c.wordOverlap(voters[i], voters[j]) < unrelatedOverlap {
				unrelated++
			}
		}
	}
	v := pairs >= minSentenceHolders && 2*unrelated > pairs
	c.learned[h] = v
	return v
}

// wordOverlap is the share of the smaller document's topic words (see
// topic) that the other holds; the caller holds c.mu.
func (c *Corpus) wordOverlap(a, b int) float64 {
	wa, wb := c.topic(a), c.topic(b)
	if len(wa) > len(wb) {
		wa, wb = wb, wa
	}
	if len(wa) == 0 {
		return 0
	}
	common, j := 0, 0
	for _, w := range wa {
		for j < len(wb) && wb[j] < w {
			j++
		}
		if j < len(wb) && wb[j] == w {
			common++
		}
	}
	return float64(common) / float64(len(wa))
}
