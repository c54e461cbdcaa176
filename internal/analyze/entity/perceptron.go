package entity

import (
	"compress/gzip"
	"encoding/gob"
	"fmt"
	"io"
	"math/rand"
	"sort"
	"strings"
	"unicode"
)

// Labels of the BIO tagging scheme.
var labels = []string{"O", "B-PER", "I-PER", "B-ORG", "I-ORG", "B-LOC", "I-LOC"}

// Model is an averaged-perceptron sequence tagger over the features of
// features(): greedy left to right, each token's label conditioned on the
// two labels before it.
type Model struct {
	Weights map[string][]float32 // feature → weight per label
}

// Sentence is a tokenised sentence with gold labels, for training.
type Sentence struct {
	Words  []string
	Labels []string
	Tags   []string // universal part-of-speech tags, where the corpus gives them
}

func labelIndex(l string) int {
	for i, x := range labels {
		if x == l {
			return i
		}
	}
	return 0
}

// Tag returns a label for each word.
func (m *Model) Tag(words []string) []string {
	out := make([]string, len(words))
	p1, p2 := "<s>", "<s>"
	scores := make([]float32, len(labels))
	for i := range words {
		for k := range scores {
			scores[k] = 0
		}
		for _, f := range features(words, i, p1, p2) {
			if w, ok := m.Weights[f]; ok {
				for k := range scores {
					scores[k] += w[k]
				}
			}
		}
		best := 0
		for k := range scores {
			if scores[k] > scores[best] {
				best = k
			}
		}
		// An I- label must continue an entity of its type.
		if l := labels[best]; strings.HasPrefix(l, "I-") && p1[min(2, len(p1)):] != l[2:] {
			best = labelIndex("B-" + l[2:])
		}
		out[i] = labels[best]
		p2, p1 = p1, out[i]
	}
	return out
}

// Train fits a model with the averaged perceptron: epochs passes over the
// sentences in an order shuffled by seed, so training is reproducible.
func Train(sents []Sentence, epochs int, seed int64) *Model {
	n := len(labels)
	w := map[string][]float32{}
	totals := map[string][]float64{}
	stamps := map[string][]int{}
	step := 0
	update := func(f string, k int, v float32) {
		if w[f] == nil {
			w[f] = make([]float32, n)
			totals[f] = make([]float64, n)
			stamps[f] = make([]int, n)
		}
		totals[f][k] += float64(step-stamps[f][k]) * float64(w[f][k])
		stamps[f][k] = step
		w[f][k] += v
	}
	order := make([]int, len(sents))
	for i := range order {
		order[i] = i
	}
	r := rand.New(rand.NewSource(seed))
	scores := make([]float32, n)
	for e := 0; e < epochs; e++ {
		r.Shuffle(len(order), func(i, j int) { order[i], order[j] = order[j], order[i] })
		for _, si := range order {
			s := sents[si]
			p1, p2 := "<s>", "<s>"
			for i := range s.Words {
				step++
				fs := features(s.Words, i, p1, p2)
				for k := range scores {
					scores[k] = 0
				}
				for _, f := range fs {
					if ww, ok := w[f]; ok {
						for k := range scores {
							scores[k] += ww[k]
						}
					}
				}
				guess := 0
				for k := range scores {
					if scores[k] > scores[guess] {
						guess = k
					}
				}
				gold := labelIndex(s.Labels[i])
				if guess != gold {
					for _, f := range fs {
						update(f, gold, 1)
						update(f, guess, -1)
					}
				}
				// Condition on the gold history while training.
				p2, p1 = p1, s.Labels[i]
			}
		}
	}
	avg := map[string][]float32{}
	for f, ws := range w {
		keep := false
		out := make([]float32, n)
		for k := range ws {
			total := totals[f][k] + float64(step-stamps[f][k])*float64(ws[k])
			out[k] = float32(total / float64(step))
			if out[k] > 1e-3 || out[k] < -1e-3 {
				keep = true
			}
		}
		if keep {
			avg[f] = out
		}
	}
	return &Model{Weights: avg}
}

// Save writes the model gzipped. gob writes a map in Go's random
// iteration order, so the same model would give different bytes on every
// run; Save writes the features sorted instead, and the same training
// input gives a byte-identical file.
func (m *Model) Save(w io.Writer) error {
	zw := gzip.NewWriter(w)
	keys := make([]string, 0, len(m.Weights))
	for f := range m.Weights {
		keys = append(keys, f)
	}
	sort.Strings(keys)
	sm := savedModel{Features: keys, Weights: make([][]float32, len(keys))}
	for i, f := range keys {
		sm.Weights[i] = m.Weights[f]
	}
	if err := gob.NewEncoder(zw).Encode(sm); err != nil {
		return fmt.Errorf("entity: save model: %w", err)
	}
	return zw.Close()
}

// Load reads a model written by Save.
func Load(r io.Reader) (*Model, error) {
	zr, err := gzip.NewReader(r)
	if err != nil {
		return nil, fmt.Errorf("entity: load model: %w", err)
	}
	var sm savedModel
	if err := gob.NewDecoder(zr).Decode(&sm); err != nil {
		return nil, fmt.Errorf("entity: load model: %w", err)
	}
	if len(sm.Features) != len(sm.Weights) {
		return nil, fmt.Errorf("entity: load model: %d features, %d weight rows", len(sm.Features), len(sm.Weights))
	}
	m := &Model{Weights: make(map[string][]float32, len(sm.Features))}
	for i, f := range sm.Features {
		m.Weights[f] = sm.Weights[i]
	}
	return m, nil
}

// savedModel is a Model as written: features in sorted order, each with
// its weights per label.
type savedModel struct {
	Features []string
	Weights  [][]float32
}

func shape(w string) string {
	var b strings.Builder
	var last rune
	for _, r := range w {
		var c rune
		switch {
		case unicode.IsUpper(r):
			c = 'X'
		case unicode.IsLower(r):
			c = 'x'
		case unicode.IsDigit(r):
			c = 'd'
		default:
			c = r
		}
		if c != last {
			b.WriteRune(c)
			last = c
		}
	}
	return b.String()
}

func suffix(w string, n int) string {
	r := []rune(w)
	if len(r) <= n {
		return w
	}
	return string(r[len(r)-n:])
}

func prefix(w string, n int) string {
	r := []rune(w)
	if len(r) <= n {
		return w
	}
	return string(r[:n])
}

func wordAt(words []string, i int) string {
	if i < 0 {
		return "<s>"
	}
	if i >= len(words) {
		return "</s>"
	}
	return words[i]
}

// features describes token i: its form, shape and affixes, its
// neighbours, the two labels before it and gazetteer memberships.
func features(words []string, i int, p1, p2 string) []string {
	w := words[i]
	lw := strings.ToLower(w)
	prev, next := wordAt(words, i-1), wordAt(words, i+1)
	lp, ln := strings.ToLower(prev), strings.ToLower(next)
	fs := []string{
		"b",
		"w=" + lw,
		"s=" + shape(w),
		"p3=" + prefix(lw, 3),
		"x3=" + suffix(lw, 3),
		"x2=" + suffix(lw, 2),
		"w-1=" + lp,
		"w+1=" + ln,
		"w-2=" + strings.ToLower(wordAt(words, i-2)),
		"w+2=" + strings.ToLower(wordAt(words, i+2)),
		"s-1=" + shape(prev),
		"s+1=" + shape(next),
		"t-1=" + p1,
		"t-2=" + p2 + "|" + p1,
		"t-1w=" + p1 + "|" + lw,
		"w-1w=" + lp + "|" + lw,
		"ww+1=" + lw + "|" + ln,
	}
	if i == 0 {
		fs = append(fs, "first")
	}
	for _, g := range gazetteers(w) {
		fs = append(fs, "g="+g)
	}
	for _, g := range gazetteers(prev) {
		fs = append(fs, "g-1="+g)
	}
	for _, g := range gazetteers(next) {
		fs = append(fs, "g+1="+g)
	}
	return fs
}
