package timex

import (
	"context"
	"encoding/json"
	"os"
	"path/filepath"
	"sort"
	"testing"

	"github.com/storyline-news/storyline/internal/model"
	"github.com/storyline-news/storyline/internal/shareddata"
)

// TestSeedPublished infers the publication date of each seed from its gold
// body paragraphs alone (read at test time) with the year hint 2022, and
// scores it within a day of the gold date, as the shared scorer does. A
// wrong date is worse than none: the test fails on any.
func TestSeedPublished(t *testing.T) {
	dir := shareddata.Path(t, "data/seeds")
	raw, err := os.ReadFile(filepath.Join(dir, "gold.json"))
	if err != nil {
		t.Fatal(err)
	}
	var gold struct {
		Articles map[string]struct {
			Body      []string `json:"body"`
			Published string   `json:"published"`
		} `json:"articles"`
	}
	if err := json.Unmarshal(raw, &gold); err != nil {
		t.Fatal(err)
	}
	ids := make([]string, 0, len(gold.Articles))
	for id := range gold.Articles {
		ids = append(ids, id)
	}
	sort.Strings(ids)
	right, wrong := 0, 0
	for _, id := range ids {
		g := gold.Articles[id]
		a, err := Resolver{Year: 2022}.Process(context.Background(), model.Article{ID: id, Body: g.Body})
		if err != nil {
			t.Fatal(err)
		}
		switch {
		case a.Published == "":
			t.Logf("%s: no date (gold %s)", id, g.Published)
		case daysApart(a.Published, g.Published) <= 1:
			right++
			t.Logf("%s: %s (gold %s) %s", id, a.Published, g.Published, a.PublishedEvidence)
		default:
			wrong++
			t.Errorf("%s: %s, gold %s: %s", id, a.Published, g.Published, a.PublishedEvidence)
		}
		if testing.Verbose() {
			for _, d := range a.Dates {
				t.Logf("   %2d %-40q %s", d.Paragraph, d.Text, d.Date)
			}
		}
	}
	t.Logf("seed publication dates: %d/%d within a day, %d wrong", right, len(ids), wrong)
	if right < 3 {
		t.Errorf("%d/%d seeds dated, want at least 3", right, len(ids))
	}
}
