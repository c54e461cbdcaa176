package storyview

import (
	"math"
	"regexp"
	"sort"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/storyline-news/storyline/internal/analyze/sentence"
	"github.com/storyline-news/storyline/internal/model"
)

// Line is one sentence of a summary, with the article it was taken from.
// Text is the article's sentence without its wire dateline and its
// parenthetical asides.
type Line struct {
	Text string `json:"text"`
	Source
}

// Summary sizes and the weights of the coverage objective, measured on
// the Multi-News dev clusters (ROUGE-2 against Lead-3 at the same length).
const (
	summaryLines = 3
	leadWindow   = 15   // sentences of each article that may be picked
	sameThing    = 0.45 // word overlap at which two sentences say the same
	minDF        = 2    // articles that must share a concept for it to count
	wordWeight   = 0.5  // a content word against a word pair
	lateness     = 0.15 // damping per sentence of position in its article
	// loneLateness is lateness for a cluster of one article: with no
	// other report to say what matters, its lede says it best (ROUGE-2
	// ratio 1.192 -> 1.200 on Multi-News dev; 0.5 gave 1.199).
	loneLateness = 1.0
	againPrice   = 0.3 // damping per pick already taken from the same article
	// A summary reads at most summaryArticles of a cluster's own
	// (non-copy) articles, given in time order: the summaryFirst earliest
	// and the newest rest. Three sentences need no more, and reading every
	// sampled article of a big story cost most of an arrival's settling.
	summaryArticles = 64
	summaryFirst    = 16
)

// summarise picks up to three sentences that together cover what a
// cluster's articles report. What the outlets report in common is
// measured by concepts: word pairs (not both function words) and content
// words, each weighted by how many independent articles use it. Sentences
// are chosen greedily by the weight of the concepts they add that earlier
// picks have not covered (a submodular coverage objective, after Gillick
// and Favre's concept model), per word of length and damped by how late
// they come in their article (the more so in a cluster of one article,
// where nothing else says what matters), so the picks say different things; a
// sentence too like an earlier pick is never taken. Copies are left out,
// and a line loses its report's wire dateline (ledeOf) and its
// parenthetical asides (dropAsides).
func summarise(as []*model.Article, m memo) []Line {
	if m == nil {
		m = memo{}
	}
	var own []*model.Article
	for _, a := range as {
		if a.DuplicateOf == "" {
			own = append(own, a)
		}
	}
	if len(own) > summaryArticles {
		// as come in time order: how the story began and where it is now.
		own = append(own[:summaryFirst:summaryFirst], own[len(own)-(summaryArticles-summaryFirst):]...)
	}
	var cands []cand
	df := map[uint64]int{}
	docs := 0
	for _, a := range own {
		docs++
		t := m.text(a)
		cands = append(cands, t.cands...)
		for _, c := range t.seen {
			df[c]++
		}
	}
	if len(cands) == 0 {
		return nil
	}
	// In a cluster of one article every concept counts once.
	least := min(minDF, docs)
	weight := func(c uint64) float64 {
		d := df[c]
		if d < least {
			return 0
		}
		if c&1 == 0 { // a word, not a pair
			return wordWeight * float64(d)
		}
		return float64(d)
	}
	late := lateness
	if docs == 1 {
		late = loneLateness
	}
	covered := map[uint64]bool{}
	var picked []int
	used := map[*model.Article]int{}
	for len(picked) < summaryLines {
		best, bestVal := -1, 0.0
		for i, c := range cands {
			skip := false
			for _, p := range picked {
				if i == p || overlap(c.words, cands[p].words) >= sameThing {
					skip = true
					break
				}
			}
			if skip {
				continue
			}
			gain := 0.0
			for _, k := range c.concepts {
				if !covered[k] {
					gain += weight(k)
				}
			}
			// Per square root of length: a long sentence covers more but
			// says less per word; ties go to the earlier candidate.
			val := gain / math.Sqrt(float64(c.n)) / (1 + late*float64(c.pos)) / (1 + againPrice*float64(used[c.art]))
			if val > bestVal {
				best, bestVal = i, val
			}
		}
		if best < 0 && len(picked) == 0 {
			best = 0 // nothing shared: the lead of the first report
		}
		if best < 0 {
			break
		}
		picked = append(picked, best)
		used[cands[best].art]++
		for _, k := range cands[best].concepts {
			covered[k] = true
		}
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

// cand is a sentence a summary may pick.
type cand struct {
	text     string
	words    map[string]bool
	concepts []uint64
	art      *model.Article
	pos      int
	n        int
}

// artText is what summaries read of one article: its candidate sentences
// and the distinct concepts of its whole text.
type artText struct {
	cands []cand
	seen  []uint64
}

// memo keeps each article's artText through one build, so an article
// read for its story's summary is not read again for its event's.
type memo map[*model.Article]*artText

func (m memo) text(a *model.Article) *artText {
	if t, ok := m[a]; ok {
		return t
	}
	t := &artText{}
	pos := 0
	add := func(s string) {
		s = dropAsides(ledeOf(strings.TrimSpace(s)))
		n := len(strings.Fields(s))
		if n < 6 || n > 60 || !endsLikeSentence(s) || strings.ContainsAny(s[:1], "“\"'‘") {
			pos++
			return // fragments, captions, run-ons and quotes out of context
		}
		t.cands = append(t.cands, cand{text: s, words: contentWords(s), concepts: concepts(s), art: a, pos: pos, n: n})
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
	seen := map[uint64]bool{}
	for _, p := range append([]string{a.Headline, a.Standfirst}, a.Body...) {
		for _, c := range concepts(p) {
			if !seen[c] {
				seen[c] = true
				t.seen = append(t.seen, c)
			}
		}
	}
	m[a] = t
	return t
}

// capsLedeRE is a dateline in capitals whose dash or agency was lost in
// copying ("PARIS An Algerian man…", "WASHINGTON The Senate…"): a word of
// four or more capitals (up to three more words of capitals after it),
// then an article opening the sentence. StripDateline needs the dash or
// the agency, since without them a capital word may be the subject
// ("NATO said…"); an article right after the capitals cannot be.
var capsLedeRE = regexp.MustCompile(`^\p{Lu}{2,}(?:\s+\p{Lu}{2,}){0,3}\s+(?:The|A|An)\s`)

// ledeOf is s without a wire dateline ("KATHMANDU (Reuters) - ",
// "ANCHORAGE, Alaska (AP) — ", "PARIS An…"): a summary draws on several
// reports, and one report's place line reads as noise in it (and is not
// what the summary says).
func ledeOf(s string) string {
	// Every dateline has a mark within its first 80 bytes, or opens
	// with two capitals: most sentences need no regular expression.
	head := s[:min(len(s), 80)]
	r0, n := utf8.DecodeRuneInString(s)
	r1, _ := utf8.DecodeRuneInString(s[n:])
	if !strings.ContainsAny(head, "(-–—:") && !(unicode.IsUpper(r0) && unicode.IsUpper(r1)) {
		return s
	}
	s = StripDateline(s)
	if m := capsLedeRE.FindStringIndex(s); m != nil {
		cut := strings.LastIndexAny(strings.TrimRight(s[:m[1]], " \t\n"), " \t\n")
		if letters := strings.Count(strings.Join(strings.Fields(s[:cut]), ""), "") - 1; letters >= 4 {
			s = s[cut+1:]
		}
	}
	return s
}

// asideRE is a parenthetical aside inside a sentence, with the space
// before it: "(pictured)", "(D-Calif.)", "(the company that…)".
var asideRE = regexp.MustCompile(`\s*\([^()]{1,80}\)`)

// dropAsides removes the parenthetical asides of s: the first rule of
// sentence compression in extractive summarisers (e.g. Conroy et al.'s
// CLASSY at DUC 2006), since an aside is what a reader can most easily
// do without, and in Multi-News it shares a reference summary's word
// pairs half as often as the rest of a picked line (ROUGE-2 ratio 1.196
// -> 1.200 with 0.6 fewer words a summary; both halves gain or hold).
// A sentence that opens with its aside is left alone: that is no aside.
func dropAsides(s string) string {
	if !strings.Contains(s, "(") || strings.HasPrefix(s, "(") {
		return s
	}
	return asideRE.ReplaceAllString(s, "")
}

// concepts are the distinct content words of s and its word pairs that
// are not both function words, lower-cased, as hashes: a word's is even,
// a pair's odd (weight tells them apart by that bit).
func concepts(s string) []uint64 {
	ws := words(s)
	seen := map[uint64]bool{}
	var out []uint64
	addc := func(c uint64) {
		if !seen[c] {
			seen[c] = true
			out = append(out, c)
		}
	}
	var prev uint64
	for i, w := range ws {
		h := fnv(w)
		fw := functionWords[w] || len(w) <= 2
		if !fw {
			addc(h &^ 1)
		}
		if i > 0 {
			pw := ws[i-1]
			if !fw || !(functionWords[pw] || len(pw) <= 2) {
				addc((prev*0x100000001b3 ^ h) | 1)
			}
		}
		prev = h
	}
	return out
}

// fnv is the 64-bit FNV-1a hash of s.
func fnv(s string) uint64 {
	h := uint64(0xcbf29ce484222325)
	for i := 0; i < len(s); i++ {
		h ^= uint64(s[i])
		h *= 0x100000001b3
	}
	return h
}

// words are the lower-cased letter and digit runs of s.
func words(s string) []string {
	return strings.FieldsFunc(strings.ToLower(s), func(r rune) bool { return !unicode.IsLetter(r) && !unicode.IsDigit(r) })
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
