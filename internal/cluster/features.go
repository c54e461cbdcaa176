package cluster

import (
	_ "embed"
	"math"
	"sort"
	"strconv"
	"strings"
	"sync"
	"unicode"
	"unicode/utf8"

	"github.com/storyline-news/storyline/internal/model"
	"github.com/storyline-news/storyline/internal/wordlist"
)

// background is a table of document frequencies of English words over public
// news and general text, one "word<TAB>df" a line, the first line "#docs N".
// It gives the first articles of a stream sensible weights before the
// stream's own counts take over; go run ./internal/cluster/dfgen rebuilds it.
//
//go:embed df.txt.gz
var background []byte

// bgDF is the parsed background table.
type bgDF struct {
	docs float64
	df   map[string]float64
}

var (
	bgOnce sync.Once
	bg     bgDF
)

func loadBackground() *bgDF {
	bgOnce.Do(func() {
		bg.df = map[string]float64{}
		// An unreadable table leaves weights to the stream's counts.
		_ = wordlist.Each(background, func(line string) {
			if n, ok := strings.CutPrefix(line, "#docs "); ok {
				bg.docs, _ = strconv.ParseFloat(n, 64)
				return
			}
			if w, n, ok := strings.Cut(line, "\t"); ok {
				if f, err := strconv.ParseFloat(n, 64); err == nil {
					bg.df[w] = f
				}
			}
		})
	})
	return &bg
}

// Field weights: a headline names the happening, the lead tells it, the
// rest of the body wanders off into background.
const (
	headlineWeight = 3.0
	leadWeight     = 1.5
	leadParas      = 3
	entityBoost    = 1.5 // an entity's canonical name over its words alone
	vectorTerms    = 100 // terms an article's vector keeps
)

// weighted is a key with a weight.
type weighted[K comparable] struct {
	id K
	w  float32
}

// term is a weighted feature: a content word, a number prefixed by "n:",
// or an entity's canonical name prefixed by "e:".
type term = weighted[uint32]

// vector is a sparse L2-normalised vector, heaviest terms first.
type vector []term

// vocab interns feature strings and counts their document frequency over
// the stream. It is not safe for concurrent use; the Clusterer serialises.
type vocab struct {
	ids   map[string]uint32
	words []string
	df    []float64 // stream document frequency by id
	bgdf  []float64 // background document frequency by id
	docs  float64
	bg    *bgDF
	// primed is set while a batch counted beforehand is clustered: its
	// articles' terms are in df already.
	primed bool
	// ext, when set, gives every term's document frequency over a whole
	// collection (the store's articles) in place of the stream's counts.
	ext *Counts
}

func newVocab() *vocab {
	return &vocab{ids: map[string]uint32{}, bg: loadBackground()}
}

func (v *vocab) id(w string) uint32 {
	if id, ok := v.ids[w]; ok {
		return id
	}
	id := uint32(len(v.words))
	v.ids[w] = id
	v.words = append(v.words, w)
	if v.ext != nil {
		v.df = append(v.df, float64(v.ext.Terms[w]))
	} else {
		v.df = append(v.df, 0)
	}
	b := v.bg.df[w]
	if strings.HasPrefix(w, "e:") {
		// An entity is at least as rare as its rarest word.
		b = math.MaxFloat64
		for _, f := range strings.Fields(w[2:]) {
			b = min(b, v.bg.df[f])
		}
		if b == math.MaxFloat64 {
			b = 0
		}
	}
	v.bgdf = append(v.bgdf, b)
	return id
}

// streamWeight is what one article of the stream counts for against one
// background document: the stream is the domain being clustered, so its
// counts soon outweigh the general table ("Ukraine" is rare in general
// text and says little in a stream about Ukraine).
var streamWeight = 20.0

// idf blends the background table with the stream's own counts.
func (v *vocab) idf(id uint32) float64 {
	n := v.bg.docs + streamWeight*v.docs
	return math.Log((n + 1) / (v.bgdf[id] + streamWeight*v.df[id] + 0.5))
}

// count adds an article's terms to the stream's document frequencies
// without making its vector: a batch is counted whole before it is
// clustered, so its first articles are weighted like its last.
func (v *vocab) count(a *model.Article) {
	v.terms(a, func(id uint32, _ float64) {})
}

// terms calls fn with every term of the article and its weighted count,
// and counts the terms into the stream's document frequencies unless the
// article was counted already (see prime).
func (v *vocab) terms(a *model.Article, fn func(id uint32, tf float64)) {
	tf := map[uint32]float64{}
	add := func(text string, weight float64) {
		eachToken(text, a.Language, func(w string) {
			switch {
			case w == "": // a stopword
			case w[0] >= '0' && w[0] <= '9':
				// Numbers tell apart two happenings of one kind: "23
				// pirates", "the 2012 fight", "52-3".
				tf[v.id("n:"+w)] += weight
			default:
				tf[v.id(w)] += weight
			}
		})
	}
	add(a.Headline, headlineWeight)
	add(a.Standfirst, leadWeight)
	for i, p := range a.Body {
		wt := 1.0
		if i < leadParas {
			wt = leadWeight
		}
		add(p, wt)
	}
	for _, e := range a.Entities {
		name, ok := e.Key()
		if !ok {
			continue
		}
		tf[v.id("e:"+name)] += entityBoost * float64(max(e.Mentions, 1))
	}
	if !v.primed && v.ext == nil {
		v.docs++
		for id := range tf {
			v.df[id]++
		}
	}
	for id, n := range tf {
		fn(id, n)
	}
}

// features turns an article into its vector.
func (v *vocab) features(a *model.Article) vector {
	var out vector
	v.terms(a, func(id uint32, n float64) {
		if w := (1 + math.Log(n)) * v.idf(id); w > 0 {
			out = append(out, term{id, float32(w)})
		}
	})
	sort.Slice(out, func(i, j int) bool {
		if out[i].w != out[j].w {
			return out[i].w > out[j].w
		}
		return out[i].id < out[j].id
	})
	if len(out) > vectorTerms {
		out = out[:vectorTerms]
	}
	normalise(out)
	return out
}

func normalise(vec vector) {
	var s float64
	for _, t := range vec {
		s += float64(t.w) * float64(t.w)
	}
	if s == 0 {
		return
	}
	inv := float32(1 / math.Sqrt(s))
	for i := range vec {
		vec[i].w *= inv
	}
}

// eachWord calls fn with every content word of text, lower-cased, with
// English plurals and possessives folded. Words of one letter, numbers and
// the commonest function words are left out.
func eachWord(text, lang string, fn func(string)) {
	eachToken(text, lang, func(w string) {
		if w != "" && (w[0] < '0' || w[0] > '9') {
			fn(w)
		}
	})
}

// eachToken is eachWord with numbers passed on and "" for each stopword
// or word too short to count.
func eachToken(text, lang string, fn func(string)) {
	start := -1
	flush := func(end int) {
		if start < 0 {
			return
		}
		w := text[start:end]
		start = -1
		if w[0] >= '0' && w[0] <= '9' {
			fn(strings.TrimRight(w, "-.,"))
			return
		}
		if utf8.RuneCountInString(w) < 2 {
			fn("")
			return
		}
		w = strings.ToLower(w)
		if lang == "" || lang == "en" {
			w = foldEnglish(w)
			if stopwords[w] {
				fn("")
				return
			}
		}
		fn(w)
	}
	for i, r := range text {
		if unicode.IsLetter(r) || unicode.IsMark(r) || unicode.IsDigit(r) || (start >= 0 && (r == '-' || ((r == '.' || r == ',') && i+1 < len(text) && text[i+1] >= '0' && text[i+1] <= '9'))) {
			if start < 0 {
				start = i
			}
			continue
		}
		if r == '\'' || r == '’' {
			// Keep "o'brien" together; "russia's" loses its "'s" below.
			if start >= 0 && i+utf8.RuneLen(r) < len(text) {
				next, _ := utf8.DecodeRuneInString(text[i+utf8.RuneLen(r):])
				if unicode.IsLetter(next) {
					continue
				}
			}
		}
		flush(i)
	}
	flush(len(text))
}

// foldEnglish strips possessives and regular plural endings, so "talks"
// and "talk", "Russia's" and "Russia" are one feature.
func foldEnglish(w string) string {
	for _, s := range []string{"'s", "’s"} {
		if strings.HasSuffix(w, s) {
			w = w[:len(w)-len(s)]
		}
	}
	w = strings.TrimRight(w, "-'’")
	switch {
	case len(w) > 4 && strings.HasSuffix(w, "ies"):
		return w[:len(w)-3] + "y"
	case len(w) > 4 && (strings.HasSuffix(w, "sses") || strings.HasSuffix(w, "shes") || strings.HasSuffix(w, "ches") || strings.HasSuffix(w, "xes")):
		return w[:len(w)-2]
	case len(w) > 3 && strings.HasSuffix(w, "s") && !strings.HasSuffix(w, "ss") && !strings.HasSuffix(w, "us") && !strings.HasSuffix(w, "is"):
		return w[:len(w)-1]
	}
	return w
}

// stopwords are English function words and reporting verbs that say
// nothing about which happening an article reports.
var stopwords = func() map[string]bool {
	m := map[string]bool{}
	for _, w := range strings.Fields(`a about above after again against all also am an and any are aren as at be
because been before being below between both but by can could did do does doing down during each few for from
further had has have having he her here hers herself him himself his how however if in into is it its itself
just me more most my myself no nor not now of off on once only or other our ours ourselves out over own same
she should so some such than that the their theirs them themselves then there these they this those through
to too under until up very was we were what when where which while who whom why will with would you your yours
yourself yourselves said say saying told according added ha wa mr mrs ms dr one two three new year week day
time people also would could like get got make made just even still many much may might must shall us would
monday tuesday wednesday thursday friday saturday sunday january february march april june july august
september october november december last first since news report reported yesterday today tomorrow`) {
		m[w] = true
		m[foldEnglish(w)] = true
	}
	return m
}()

// Words calls fn with every content word of English text as the clusterer
// counts it; dfgen uses it to build the background table.
func Words(text string, fn func(string)) { eachWord(text, "en", fn) }
