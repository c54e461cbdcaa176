package entity

import (
	"context"
	"strings"
	"testing"

	"github.com/storyline-news/storyline/internal/analyze/meantime"
	"github.com/storyline-news/storyline/internal/model"
	"github.com/storyline-news/storyline/internal/shareddata"
)

// TestMeantime measures mention-level entity P/R/F1 per type on MEANTIME's
// English Wikinews articles: a predicted mention is right when a gold named
// mention of the same type has the same folded surface string in the same
// document (multiset matching). MEANTIME annotates only the entities that
// take part in its annotated events, so precision here is a floor, not a
// measure; recall is the figure to watch.
func TestMeantime(t *testing.T) {
	docs, err := meantime.Load(shareddata.Path(t, "data/entities-dates/meantime"))
	if err != nil {
		t.Fatal(err)
	}
	tmap := map[string]string{model.Person: "PER", model.Org: "ORG", model.Place: "LOC"}
	tp, np, ng := map[string]int{}, map[string]int{}, map[string]int{}
	for _, d := range docs {
		var body []string
		for _, p := range strings.Split(d.Text, "\n") {
			if p = strings.TrimSpace(p); p != "" {
				body = append(body, p)
			}
		}
		a, err := Tagger{}.Process(context.Background(), model.Article{Body: body})
		if err != nil {
			t.Fatal(err)
		}
		gold := map[string]int{}
		for _, m := range d.Entities {
			gold[m.Type+"|"+meantime.Fold(m.Text)]++
			ng[m.Type]++
		}
		for _, m := range a.Mentions {
			typ := tmap[a.Entities[m.Entity].Type]
			if typ == "" {
				continue
			}
			np[typ]++
			k := typ + "|" + meantime.Fold(body[m.Para][m.Start:m.End])
			if gold[k] > 0 {
				gold[k]--
				tp[typ]++
			}
		}
	}
	for _, typ := range []string{"PER", "ORG", "LOC"} {
		p := float64(tp[typ]) / float64(max(np[typ], 1))
		r := float64(tp[typ]) / float64(max(ng[typ], 1))
		f := 0.0
		if p+r > 0 {
			f = 2 * p * r / (p + r)
		}
		t.Logf("MEANTIME %s: P %.3f R %.3f F1 %.3f (gold %d, predicted %d)", typ, p, r, f, ng[typ], np[typ])
		// PER and LOC recall were 0.602 and 0.636 with the names
		// package's gazetteer (0.602 and 0.630 before it), 0.612 and
		// 0.641 with role nouns stripped before names and WordNet typing
		// (precision 0.109 → 0.115 and 0.154 → 0.156).
		if floor := map[string]float64{"PER": 0.59, "LOC": 0.62}[typ]; typ != "ORG" && r < floor {
			t.Errorf("%s recall %.3f fell below %.2f", typ, r, floor)
		}
		// Organisations were at 0.134 before the gazetteer and context
		// rules (org.go), at 0.518 after them, 0.537 with the names
		// gazetteer and 0.539 with plural heads ("Departments").
		if typ == "ORG" && r < 0.52 {
			t.Errorf("ORG recall %.3f fell below 0.52", r)
		}
	}
}
