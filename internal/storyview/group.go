package storyview

import (
	"crypto/sha256"
	"sort"
	"strconv"
	"strings"
	"time"

	"github.com/storyline-news/storyline/internal/model"
)

// Group is a plain stand-in for internal/cluster, used by ingest only when
// no clustering step is wired: it marks exact copies (same body text) as
// duplicates, links articles that share at least two of their most-mentioned
// people, places or organisations within a fortnight into one story, and
// splits each story into events at gaps of more than a day. It fills Story,
// Event and DuplicateOf on every article.
func Group(arts []model.Article) {
	order := make([]int, len(arts))
	for i := range order {
		order[i] = i
	}
	sort.SliceStable(order, func(x, y int) bool { return earlier(&arts[order[x]], &arts[order[y]]) })

	// Duplicates: the same body, first one wins.
	firstOf := map[[32]byte]string{}
	for _, i := range order {
		a := &arts[i]
		a.DuplicateOf = ""
		body := strings.Join(strings.Fields(strings.ToLower(strings.Join(a.Body, " "))), " ")
		if body == "" {
			continue
		}
		sum := sha256.Sum256([]byte(body))
		if id, ok := firstOf[sum]; ok {
			a.DuplicateOf = id
		} else {
			firstOf[sum] = a.ID
		}
	}

	// Stories: union-find over shared salient entities.
	parent := make([]int, len(arts))
	for i := range parent {
		parent[i] = i
	}
	var find func(int) int
	find = func(i int) int {
		for parent[i] != i {
			parent[i] = parent[parent[i]]
			i = parent[i]
		}
		return i
	}
	byEntity := map[string][]int{}
	for i := range arts {
		for _, id := range salient(&arts[i], 5) {
			byEntity[id] = append(byEntity[id], i)
		}
	}
	shared := map[[2]int]int{}
	for _, is := range byEntity {
		if len(is) > 200 {
			continue // too common to tell stories apart
		}
		for x := 0; x < len(is); x++ {
			for y := x + 1; y < len(is); y++ {
				shared[[2]int{is[x], is[y]}]++
			}
		}
	}
	for pair, n := range shared {
		if n >= 2 && within(arts[pair[0]].Published, arts[pair[1]].Published, 14*24*time.Hour) {
			parent[find(pair[0])] = find(pair[1])
		}
	}
	index := make(map[string]int, len(arts))
	for i := range arts {
		index[arts[i].ID] = i
	}
	for i := range arts {
		if j, ok := index[arts[i].DuplicateOf]; ok && arts[i].DuplicateOf != "" {
			parent[find(i)] = find(j)
		}
	}

	// Events: within a story, runs of articles at most a day apart.
	members := map[int][]int{}
	for _, i := range order {
		r := find(i)
		members[r] = append(members[r], i)
	}
	roots := make([]int, 0, len(members))
	for r := range members {
		roots = append(roots, r)
	}
	sort.Slice(roots, func(x, y int) bool { return members[roots[x]][0] < members[roots[y]][0] })
	ev := 0
	for n, r := range roots {
		story := "s" + strconv.Itoa(n+1)
		prev := ""
		for _, i := range members[r] {
			a := &arts[i]
			a.Story = story
			d := day(a.Published)
			if prev == "" || !within(prev, d, 24*time.Hour) {
				ev++
			}
			prev = d
			a.Event = "e" + strconv.Itoa(ev)
		}
	}
}

// salient returns the keys of the entities an article names most, people
// (by surname), places and organisations only.
func salient(a *model.Article, n int) []string {
	es := make([]model.Entity, 0, len(a.Entities))
	for _, e := range a.Entities {
		if e.Type == model.Person || e.Type == model.Place || e.Type == model.Org {
			es = append(es, e)
		}
	}
	sort.SliceStable(es, func(i, j int) bool { return es[i].Mentions > es[j].Mentions })
	var out []string
	seen := map[string]bool{}
	for _, e := range es {
		id := strings.ToLower(e.Name)
		if e.Type == model.Person {
			// "Haddad" and "Samir Haddad" are one person to a reader.
			f := strings.Fields(id)
			if len(f) > 0 {
				id = "person:" + f[len(f)-1]
			}
		}
		if !seen[id] {
			seen[id] = true
			out = append(out, id)
		}
		if len(out) == n {
			break
		}
	}
	return out
}

// within reports whether two dates are at most d apart; an unknown date is
// near everything.
func within(a, b string, d time.Duration) bool {
	ta, errA := time.Parse(time.DateOnly, day(a))
	tb, errB := time.Parse(time.DateOnly, day(b))
	if errA != nil || errB != nil {
		return true
	}
	diff := ta.Sub(tb)
	return diff <= d && diff >= -d
}
