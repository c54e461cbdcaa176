package textdump

import (
	"context"
	"encoding/json"
	"os"
	"path/filepath"
	"regexp"
	"sort"
	"strings"
	"testing"

	"github.com/storyline-news/storyline/internal/extract/chrome"
	"github.com/storyline-news/storyline/internal/model"
	"github.com/storyline-news/storyline/internal/shareddata"
)

type goldArticle struct {
	Outlet     *string  `json:"outlet"`
	Section    *string  `json:"section"`
	Headline   string   `json:"headline"`
	Standfirst *string  `json:"standfirst"`
	Byline     []string `json:"byline"`
	Body       []string `json:"body"`
}

var wordRE = regexp.MustCompile(`\w+`)

// norm folds text the way the scorer does: lower-case word tokens with
// curly apostrophes straightened.
func norm(s string) string {
	s = strings.NewReplacer("\u2019", "'", "\u2018", "'").Replace(strings.ToLower(s))
	return strings.Join(wordRE.FindAllString(s, -1), " ")
}

func ptr(s *string) string {
	if s == nil {
		return ""
	}
	return *s
}

// loadSeeds extracts every seed dump with the corpus of all of them, as
// `storyline analyze` does, and returns articles and gold by file name.
func loadSeeds(t testing.TB) (map[string]model.Article, map[string]goldArticle) {
	dir := shareddata.Path(t, "data/seeds")
	raw, err := os.ReadFile(filepath.Join(dir, "gold.json"))
	if err != nil {
		t.Fatal(err)
	}
	var gold struct {
		Articles map[string]goldArticle `json:"articles"`
	}
	if err := json.Unmarshal(raw, &gold); err != nil {
		t.Fatal(err)
	}
	files, _ := filepath.Glob(filepath.Join(dir, "*.txt"))
	corpus := chrome.NewCorpus()
	var docs []model.Document
	for _, f := range files {
		b, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		d := model.Document{ID: filepath.Base(f), File: f, Format: model.FormatText, Content: string(b)}
		corpus.Add(d.ID, Lines(d.Content))
		docs = append(docs, d)
	}
	x := New(corpus)
	out := map[string]model.Article{}
	for _, d := range docs {
		a, err := x.Extract(context.Background(), d)
		if err != nil {
			t.Fatalf("%s: %v", d.ID, err)
		}
		out[d.ID] = a
	}
	return out, gold.Articles
}

// TestSeeds holds the extraction quality the seeds demand: metadata exact,
// paragraphs matching the gold ones, and the bag of body words nearly so.
func TestSeeds(t *testing.T) {
	arts, gold := loadSeeds(t)
	var okHead, okOutlet, okSection, okByline, n int
	var tp, np, ng, ptp, pnp, png int
	for id, g := range gold {
		a, found := arts[id]
		if !found {
			t.Errorf("%s: not extracted", id)
			continue
		}
		n++
		check := func(field, got, want string, ok *int) {
			if norm(got) == norm(want) {
				*ok++
			} else {
				t.Logf("%s: %s = %q, want %q", id, field, got, want)
			}
		}
		check("headline", a.Headline, g.Headline, &okHead)
		check("outlet", a.Outlet, ptr(g.Outlet), &okOutlet)
		check("section", a.Section, ptr(g.Section), &okSection)
		gb, ab := append([]string{}, g.Byline...), append([]string{}, a.Byline...)
		sort.Strings(gb)
		sort.Strings(ab)
		check("byline", strings.Join(ab, "|"), strings.Join(gb, "|"), &okByline)
		if norm(a.Standfirst) != norm(ptr(g.Standfirst)) {
			t.Errorf("%s: standfirst = %q, want %q", id, a.Standfirst, ptr(g.Standfirst))
		}

		gw, aw := map[string]int{}, map[string]int{}
		for _, w := range strings.Fields(norm(strings.Join(g.Body, " "))) {
			gw[w]++
			ng++
		}
		for _, w := range strings.Fields(norm(strings.Join(a.Body, " "))) {
			aw[w]++
			np++
		}
		for w, c := range aw {
			tp += min(c, gw[w])
		}
		gp := map[string]int{}
		for _, p := range g.Body {
			gp[norm(p)]++
			png++
		}
		for _, p := range a.Body {
			pnp++
			if gp[norm(p)] > 0 {
				gp[norm(p)]--
				ptp++
			} else {
				t.Logf("%s: paragraph not in gold: %.120q", id, p)
			}
		}
		for p, c := range gp {
			if c > 0 {
				t.Logf("%s: gold paragraph missed: %.120q", id, p)
			}
		}
	}
	f1 := func(tp, np, ng int) float64 {
		if np == 0 || ng == 0 {
			return 0
		}
		p, r := float64(tp)/float64(np), float64(tp)/float64(ng)
		if p+r == 0 {
			return 0
		}
		return 2 * p * r / (p + r)
	}
	bodyF1, paraF1 := f1(tp, np, ng), f1(ptp, pnp, png)
	t.Logf("headline %d/%d outlet %d/%d section %d/%d byline %d/%d body_f1 %.3f paragraphs_f1 %.3f",
		okHead, n, okOutlet, n, okSection, n, okByline, n, bodyF1, paraF1)
	if okHead != n || okOutlet != n || okByline != n {
		t.Errorf("headline, outlet and byline must all be right")
	}
	if float64(okSection) < 0.8*float64(n) {
		t.Errorf("section %d/%d, want at least 80%%", okSection, n)
	}
	if bodyF1 < 0.98 {
		t.Errorf("body_f1 %.3f, want >= 0.98", bodyF1)
	}
	if paraF1 < 0.95 {
		t.Errorf("paragraphs_f1 %.3f, want >= 0.95", paraF1)
	}
}
