package entity

import (
	"context"
	"fmt"
	"sort"
	"strings"
	"unicode/utf8"

	"github.com/storyline-news/storyline/internal/model"
)

// Merge is the batch step that looks at the entities of all the articles of
// a run together: it gives a name the type most of its mentions have across
// articles (one article's "Kyiv" tagged as a person is outvoted by the
// others), and merges spelling variants of one name (Izium/Izyum,
// Volodymyr/Volodimir) under the most used spelling. It satisfies the
// pipeline's CrossStep contract.
type Merge struct{}

// Name is the step's name in errors and logs.
func (Merge) Name() string { return "entity-merge" }

// Apply rewrites arts' entities (and the quote speakers and figure
// claimants that name them).
func (Merge) Apply(_ context.Context, arts []model.Article) error {
	votes := map[string]map[string]int{}
	uses := map[string]int{}
	spelling := map[string]string{}
	for _, a := range arts {
		for _, e := range a.Entities {
			k := strings.ToLower(e.Name)
			if votes[k] == nil {
				votes[k] = map[string]int{}
			}
			votes[k][e.Type] += e.Mentions
			uses[k] += e.Mentions
			spelling[k] = e.Name
		}
	}
	// Variants: same type, same length of name, every word alike. Only
	// names whose words start alike are compared (blocking), so the cost
	// is not the square of the batch's names.
	canon := map[string]string{}
	keys := make([]string, 0, len(uses))
	for k := range uses {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	infos := make([]nameInfo, len(keys))
	blocks := map[string][]int{}
	var order []string
	for i, k := range keys {
		infos[i] = newNameInfo(k, best(votes[k]))
		for _, bk := range infos[i].blockKeys() {
			if blocks[bk] == nil {
				order = append(order, bk)
			}
			blocks[bk] = append(blocks[bk], i)
		}
	}
	for _, bk := range order {
		ids := blocks[bk]
		for x, i := range ids {
			for _, j := range ids[x+1:] {
				a, b := &infos[i], &infos[j]
				if a.typ != b.typ || !a.variantOf(b) {
					continue
				}
				winner, loser := a.key, b.key
				if uses[b.key] > uses[a.key] || uses[b.key] == uses[a.key] && b.key < a.key {
					winner, loser = b.key, a.key
				}
				canon[loser] = winner
			}
		}
	}
	find := func(k string) string {
		for i := 0; i < 8; i++ {
			c, ok := canon[k]
			if !ok {
				return k
			}
			k = c
		}
		return k
	}
	for i := range arts {
		a := &arts[i]
		rename := map[string]string{}
		for j := range a.Entities {
			e := &a.Entities[j]
			k := find(strings.ToLower(e.Name))
			if t := best(votes[strings.ToLower(e.Name)]); t != "" {
				e.Type = t
			}
			if name := spelling[k]; name != e.Name {
				rename[e.Name] = name
				e.Aliases = append(e.Aliases, e.Name)
				e.Name = name
			}
		}
		for j := range a.Quotes {
			if n, ok := rename[a.Quotes[j].Speaker]; ok {
				a.Quotes[j].Speaker = n
			}
		}
		for j := range a.Figures {
			if n, ok := rename[a.Figures[j].Claimant]; ok {
				a.Figures[j].Claimant = n
			}
		}
	}
	return nil
}

func best(v map[string]int) string {
	t, n := "", -1
	for k, c := range v {
		if c > n || c == n && k < t {
			t, n = k, c
		}
	}
	return t
}

// translit folds the letters transliterations disagree on.
var translit = strings.NewReplacer("yy", "i", "iy", "i", "ij", "i", "kh", "h", "ck", "k", "ie", "i", "ye", "e", "oe", "o", "y", "i", "j", "i")

// nameInfo is a lower-cased name with its words folded once.
type nameInfo struct {
	key           string
	typ           string
	words, folded []string
}

func newNameInfo(key, typ string) nameInfo {
	n := nameInfo{key: key, typ: typ, words: strings.Fields(key)}
	n.folded = make([]string, len(n.words))
	for i, w := range n.words {
		n.folded[i] = translit.Replace(w)
	}
	return n
}

// blockKeys are the buckets a name is compared within: its number of
// words with the first letter of each, as written and as folded (a
// variant shares one or the other: "yvan"/"ivan" fold alike, "izium"/
// "izyum" start alike).
func (n *nameInfo) blockKeys() []string {
	var raw, fold strings.Builder
	fmt.Fprintf(&raw, "%d", len(n.words))
	fmt.Fprintf(&fold, "%d", len(n.words))
	for i := range n.words {
		r, _ := utf8.DecodeRuneInString(n.words[i])
		f, _ := utf8.DecodeRuneInString(n.folded[i])
		raw.WriteRune(r)
		fold.WriteRune(f)
	}
	if raw.String() == fold.String() {
		return []string{"r" + raw.String()}
	}
	return []string{"r" + raw.String(), "f" + fold.String()}
}

// variantOf reports whether two names are spellings of one: word by word,
// after folding, at most one letter apart, and long enough to be sure.
func (n *nameInfo) variantOf(o *nameInfo) bool {
	if len(n.words) != len(o.words) {
		return false
	}
	diff := 0
	for i := range n.words {
		x, y := n.folded[i], o.folded[i]
		if x == y {
			continue
		}
		if utf8.RuneCountInString(n.words[i]) < 5 || n.words[i][0] != o.words[i][0] || editDistance(x, y) > 1 {
			return false
		}
		diff++
	}
	return diff > 0 || n.key != o.key
}

func editDistance(a, b string) int {
	ra, rb := []rune(a), []rune(b)
	prev := make([]int, len(rb)+1)
	cur := make([]int, len(rb)+1)
	for j := range prev {
		prev[j] = j
	}
	for i := 1; i <= len(ra); i++ {
		cur[0] = i
		for j := 1; j <= len(rb); j++ {
			c := 1
			if ra[i-1] == rb[j-1] {
				c = 0
			}
			cur[j] = min(prev[j]+1, cur[j-1]+1, prev[j-1]+c)
		}
		prev, cur = cur, prev
	}
	return prev[len(rb)]
}
