package storyview

import (
	"math"
	"sort"
	"strings"
	"unicode"

	"github.com/storyline-news/storyline/internal/analyze/sentence"
	"github.com/storyline-news/storyline/internal/model"
)

// Line is one sentence of a summary, with the article it was taken from.
type Line struct {
	Text string `json:"text"`
	Source
}

// Summary sizes.
const (
	summaryLines = 3
	leadWindow   = 6    // sentences of each article that may be picked
	sameThing    = 0.45 // word overlap at which two sentences say the same
	mmrLambda    = 0.7  // relevance against novelty
)

// summarise picks up to three sentences that together say what a cluster
// of articles reports: each sentence scores by how many of the cluster's
// independent articles share its words (what the outlets agree on) and by
// how early it comes in its article (news puts the happening first); each
// pick then weighs relevance against overlap with the picks before it
// (maximal marginal relevance), a sentence too like an earlier pick is
// never taken, and a second sentence from the same article pays a price,
// so the summary draws on several sources. Copies are left out.
func summarise(as []*model.Article) []Line {
	type cand struct {
		text  string
		words map[string]bool
		art   *model.Article
		pos   int
		score float64
	}
	var cands []cand
	df := map[string]int{}
	docs := 0
	for _, a := range as {
		if a.DuplicateOf != "" {
			continue
		}
		docs++
		seen := map[string]bool{}
		pos := 0
		add := func(s string) {
			s = strings.TrimSpace(s)
			ws := contentWords(s)
			if n := len(strings.Fields(s)); n < 6 || n > 60 || !endsLikeSentence(s) || strings.ContainsAny(s[:1], "“\"'‘") {
				pos++
				return // fragments, captions, run-ons and quotes out of context
			}
			cands = append(cands, cand{text: s, words: ws, art: a, pos: pos})
			pos++
		}
		if a.Standfirst != "" {
			add(a.Standfirst)
		}
		for _, p := range a.Body {
			if pos >= leadWindow {
				break
			}
			for _, s := range sentence.Split(p) {
				if pos >= leadWindow {
					break
				}
				add(p[s.Start:s.End])
			}
		}
		for _, p := range a.Body {
			for w := range contentWords(p) {
				seen[w] = true
			}
		}
		for w := range seen {
			df[w]++
		}
	}
	if len(cands) == 0 {
		return nil
	}
	for i := range cands {
		c := &cands[i]
		var s float64
		for w := range c.words {
			// Words most outlets use carry the story; words only this
			// article uses carry its angle.
			s += float64(df[w]) / float64(docs)
		}
		c.score = s / math.Sqrt(float64(len(c.words))+1) / (1 + 0.25*float64(c.pos))
	}
	sort.SliceStable(cands, func(i, j int) bool { return cands[i].score > cands[j].score })
	top := cands[0].score
	var picked []int
	used := map[*model.Article]int{}
	for len(picked) < summaryLines {
		best, bestVal := -1, math.Inf(-1)
		for i, c := range cands {
			if c.score <= 0 {
				continue
			}
			redundant := 0.0
			skip := false
			for _, p := range picked {
				o := overlap(c.words, cands[p].words)
				if o >= sameThing || i == p {
					skip = true
					break
				}
				redundant = max(redundant, o)
			}
			if skip {
				continue
			}
			val := mmrLambda*c.score/top - (1-mmrLambda)*redundant - 0.15*float64(used[c.art])
			if val > bestVal {
				best, bestVal = i, val
			}
		}
		if best < 0 {
			break
		}
		picked = append(picked, best)
		used[cands[best].art]++
	}
	// Read in time order: earlier reports first, an article's sentences
	// in their order.
	sort.SliceStable(picked, func(i, j int) bool {
		a, b := cands[picked[i]], cands[picked[j]]
		if a.art != b.art {
			return earlier(a.art, b.art)
		}
		return a.pos < b.pos
	})
	out := make([]Line, len(picked))
	for i, p := range picked {
		out[i] = Line{Text: cands[p].text, Source: source(cands[p].art)}
	}
	return out
}

// contentWords are the lower-cased words of s that are not function words.
func contentWords(s string) map[string]bool {
	out := map[string]bool{}
	for _, w := range strings.FieldsFunc(strings.ToLower(s), func(r rune) bool { return !unicode.IsLetter(r) && !unicode.IsDigit(r) }) {
		if len(w) > 2 && !functionWords[w] {
			out[w] = true
		}
	}
	return out
}

// overlap is the share of the smaller set's words the other shares.
func overlap(a, b map[string]bool) float64 {
	if len(a) > len(b) {
		a, b = b, a
	}
	if len(a) == 0 {
		return 0
	}
	n := 0
	for w := range a {
		if b[w] {
			n++
		}
	}
	return float64(n) / float64(len(a))
}

func endsLikeSentence(s string) bool {
	s = strings.TrimRight(s, "\"'”’)")
	return strings.HasSuffix(s, ".") || strings.HasSuffix(s, "!") || strings.HasSuffix(s, "?")
}

var functionWords = func() map[string]bool {
	m := map[string]bool{}
	for _, w := range strings.Fields(`the and for are but not you all any can had her was one our out day get has him his how man
new now old see two way who boy did its let put say she too use that with have this will your from they know want been
good much some time very when come here just like long make many over such take than them well were what said says
also into more most other their there these those would could should about after again against because before being
between both during each further having itself only same then through under until while which whom where why`) {
		m[w] = true
	}
	return m
}()
