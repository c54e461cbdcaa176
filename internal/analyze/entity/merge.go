package entity

import (
	"context"
	"strings"

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
	// Variants: same type, same length of name, every word alike.
	canon := map[string]string{}
	keys := make([]string, 0, len(uses))
	for k := range uses {
		keys = append(keys, k)
	}
	for _, a := range keys {
		for _, b := range keys {
			if a >= b || !variants(a, b) || best(votes[a]) != best(votes[b]) {
				continue
			}
			winner, loser := a, b
			if uses[b] > uses[a] || uses[b] == uses[a] && b < a {
				winner, loser = b, a
			}
			canon[loser] = winner
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

// variants reports whether two names are spellings of one: word by word,
// after folding, at most one letter apart, and long enough to be sure.
func variants(a, b string) bool {
	fa, fb := strings.Fields(a), strings.Fields(b)
	if len(fa) != len(fb) {
		return false
	}
	diff := 0
	for i := range fa {
		x, y := translit.Replace(fa[i]), translit.Replace(fb[i])
		if x == y {
			continue
		}
		if len([]rune(fa[i])) < 5 || fa[i][0] != fb[i][0] || editDistance(x, y) > 1 {
			return false
		}
		diff++
	}
	return diff > 0 || a != b
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
