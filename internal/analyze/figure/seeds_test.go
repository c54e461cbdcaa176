package figure

import (
	"context"
	"encoding/json"
	"math"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/storyline-news/storyline/internal/analyze"
	"github.com/storyline-news/storyline/internal/analyze/entity"
	"github.com/storyline-news/storyline/internal/analyze/sentence"
	"github.com/storyline-news/storyline/internal/analyze/timex"
	"github.com/storyline-news/storyline/internal/model"
	"github.com/storyline-news/storyline/internal/shareddata"
)

type goldFigure struct {
	Value    float64 `json:"value"`
	Unit     string  `json:"unit"`
	Claimant string  `json:"claimant"`
	Text     string  `json:"text"`
	Date     string  `json:"date"`
}

var wordRE = regexp.MustCompile(`\w+`)

// unitWords are the words of a unit as the shared scorer compares them:
// lower case, a final "s" dropped.
func unitWords(s string) map[string]bool {
	s = strings.NewReplacer("\u2019", "'", "\u2018", "'").Replace(strings.ToLower(s))
	out := map[string]bool{}
	for _, w := range wordRE.FindAllString(s, -1) {
		out[strings.TrimSuffix(w, "s")] = true
	}
	return out
}

// claimantMatch follows the shared scorer: a surname match, or a shared
// word for collectives.
func claimantMatch(pred, gold string) bool {
	if pred == "" {
		return false
	}
	p, g := strings.Fields(strings.ToLower(pred)), strings.Fields(strings.ToLower(gold))
	if len(p) > 0 && len(g) > 0 && p[len(p)-1] == g[len(g)-1] {
		return true
	}
	pw := unitWords(pred)
	for w := range unitWords(gold) {
		if pw[w] && w != "the" && w != "a" && w != "an" && w != "one" {
			return true
		}
	}
	return false
}

// TestSeedFigures extracts figures from the seeds' gold body paragraphs
// (read at test time, after the entity stage) and scores them the way
// ../shared/eval/score.py does: a gold figure is found when a figure has
// its value and shares a unit word; its claimant is right when one of
// those figures names it.
func TestSeedFigures(t *testing.T) {
	dir := shareddata.Path(t, "data/seeds")
	raw, err := os.ReadFile(filepath.Join(dir, "gold.json"))
	if err != nil {
		t.Fatal(err)
	}
	var gold struct {
		Articles map[string]struct {
			Body      []string     `json:"body"`
			Published string       `json:"published"`
			Figures   []goldFigure `json:"figures"`
		} `json:"articles"`
	}
	if err := json.Unmarshal(raw, &gold); err != nil {
		t.Fatal(err)
	}
	var n, hit, nclaim, claimOK, ndate, dateOK int
	for id, g := range gold.Articles {
		// The stages that run before this one, with the publication date
		// given as metadata would give it.
		a := model.Article{ID: id, Body: g.Body, Published: g.Published}
		for _, st := range []analyze.Stage{sentence.Splitter{}, entity.Tagger{}, timex.Resolver{}, Extractor{}} {
			var err error
			if a, err = st.Process(context.Background(), a); err != nil {
				t.Fatal(err)
			}
		}
		if testing.Verbose() {
			for _, f := range a.Figures {
				t.Logf("%s %2d %-10g %-22q %-12q %-20q %s hedge=%q %q", id[:3], f.Paragraph, f.Value, f.Unit, f.Qualifier, f.Claimant, f.Date, f.Hedge, f.Text)
			}
		}
		for _, gf := range g.Figures {
			n++
			gu := unitWords(gf.Unit)
			var cands []model.Figure
			for _, f := range a.Figures {
				if math.Abs(f.Value-gf.Value) > 1e-6 {
					continue
				}
				for w := range unitWords(f.Unit + " " + f.Text) {
					if gu[w] {
						cands = append(cands, f)
						break
					}
				}
			}
			if len(cands) == 0 {
				t.Logf("missed %s %g %q", id[:3], gf.Value, gf.Unit)
				continue
			}
			hit++
			if gf.Date != "" {
				ndate++
				for _, c := range cands {
					if c.Date == gf.Date {
						dateOK++
						break
					}
				}
			}
			if gf.Claimant != "" {
				nclaim++
				ok := false
				for _, c := range cands {
					ok = ok || claimantMatch(c.Claimant, gf.Claimant)
				}
				if ok {
					claimOK++
				} else {
					t.Logf("claimant %s %g: want %q, got %q", id[:3], gf.Value, gf.Claimant, cands[0].Claimant)
				}
			}
		}
	}
	r, c := float64(hit)/float64(n), float64(claimOK)/float64(nclaim)
	t.Logf("seed figures: %d gold, figures_r %.3f, figure_claimants %.3f (%d/%d), dates %d/%d", n, r, c, claimOK, nclaim, dateOK, ndate)
	if dateOK < ndate {
		t.Errorf("%d of %d gold figure dates right", dateOK, ndate)
	}
	if r < 0.85 {
		t.Errorf("figures_r %.3f < 0.85", r)
	}
	if c < 0.80 {
		t.Errorf("figure_claimants %.3f < 0.80", c)
	}
}
