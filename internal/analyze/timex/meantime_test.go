package timex

import (
	"context"
	"strings"
	"testing"

	"github.com/storyline-news/storyline/internal/analyze/meantime"
	"github.com/storyline-news/storyline/internal/model"
	"github.com/storyline-news/storyline/internal/shareddata"
)

// TestMeantime measures date-value accuracy on MEANTIME's gold TIMEX3 DATE
// expressions whose value is a full day: an expression counts as found
// when one of ours has the same folded text, and as right when our date's
// first day equals the gold value (strict) or lies within a day of it.
func TestMeantime(t *testing.T) {
	docs, err := meantime.Load(shareddata.Path(t, "data/entities-dates/meantime"))
	if err != nil {
		t.Fatal(err)
	}
	var gold, found, strict, near int
	for _, d := range docs {
		var body []string
		for _, p := range strings.Split(d.Text, "\n") {
			if p = strings.TrimSpace(p); p != "" {
				body = append(body, p)
			}
		}
		arts := []model.Article{{Published: d.DCT, Body: body}}
		if err := (Dater{}).Apply(context.Background(), arts); err != nil {
			t.Fatal(err)
		}
		ours := map[string]string{}
		for _, r := range arts[0].Dates {
			ours[meantime.Fold(r.Text)] = r.Date
		}
		for _, g := range d.Dates {
			if len(g.Value) != 10 {
				continue
			}
			gold++
			got, ok := ours[meantime.Fold(g.Text)]
			if !ok {
				// "on Monday" in ours against "Monday" in gold, and the like.
				for k, v := range ours {
					if strings.HasSuffix(k, meantime.Fold(g.Text)) || strings.HasSuffix(meantime.Fold(g.Text), k) {
						got, ok = v, true
						break
					}
				}
			}
			if !ok {
				continue
			}
			found++
			if len(got) >= 10 && got[:10] == g.Value {
				strict++
				near++
			} else if len(got) >= 10 && daysApart(got[:10], g.Value) <= 1 {
				near++
			}
		}
	}
	t.Logf("MEANTIME full-date TIMEX3: %d gold, found %d (%.3f), value strict %.3f, within a day %.3f of gold",
		gold, found, float64(found)/float64(gold), float64(strict)/float64(gold), float64(near)/float64(gold))
	if float64(strict)/float64(gold) < 0.5 {
		t.Errorf("strict date accuracy %.3f fell below 0.5", float64(strict)/float64(gold))
	}
}

func daysApart(a, b string) int {
	ta, err1 := parseISO(a)
	tb, err2 := parseISO(b)
	if err1 != nil || err2 != nil {
		return 99
	}
	d := int(ta.Sub(tb).Hours() / 24)
	if d < 0 {
		d = -d
	}
	return d
}
