package timex

import (
	"context"
	"regexp"
	"strings"
	"testing"

	"github.com/storyline-news/storyline/internal/analyze/meantime"
	"github.com/storyline-news/storyline/internal/model"
	"github.com/storyline-news/storyline/internal/shareddata"
)

var fullDate = regexp.MustCompile(`^\d{4}-\d{2}-\d{2}$`)

// meantimeBody splits a MEANTIME text into paragraphs.
func meantimeBody(text string) []string {
	var body []string
	for _, p := range strings.Split(text, "\n") {
		if p = strings.TrimSpace(p); p != "" {
			body = append(body, p)
		}
	}
	return body
}

// matchGold pairs gold expressions with ours in reading order: a gold
// expression takes the first unused one of ours whose folded text equals
// it or ends with it ("on Monday" in ours against "Monday" in gold).
func matchGold(gold []meantime.Timex, ours []model.DateRef) []string {
	used := make([]bool, len(ours))
	out := make([]string, len(gold))
	for i, g := range gold {
		gf := meantime.Fold(g.Text)
		out[i] = "-"
		for j, r := range ours {
			of := meantime.Fold(r.Text)
			if !used[j] && (of == gf || strings.HasSuffix(of, " "+gf) || strings.HasSuffix(gf, " "+of)) {
				used[j], out[i] = true, r.Date
				break
			}
		}
	}
	return out
}

// TestMeantime measures date-value accuracy on MEANTIME's gold TIMEX3 DATE
// expressions whose value is a full day, resolved against the document
// creation time: an expression counts as found when one of ours has the
// same folded text, and as right when our date's first day equals the gold
// value (strict) or lies within a day of it.
func TestMeantime(t *testing.T) {
	docs, err := meantime.Load(shareddata.Path(t, "data/entities-dates/meantime"))
	if err != nil {
		t.Fatal(err)
	}
	var gold, found, strict, near int
	for _, d := range docs {
		if d.DCT == "" {
			continue // nothing to resolve against
		}
		a, err := Resolver{}.Process(context.Background(), model.Article{Published: d.DCT, Body: meantimeBody(d.Text)})
		if err != nil {
			t.Fatal(err)
		}
		var golds []meantime.Timex
		for _, g := range d.Dates {
			if fullDate.MatchString(g.Value) { // not months, years, FUTURE_REF, XXXX-XX-XX
				golds = append(golds, g)
			}
		}
		for i, got := range matchGold(golds, a.Dates) {
			g := golds[i]
			gold++
			if got == "-" {
				if testing.Verbose() {
					t.Logf("DCT %s: %q gold %s, not found", d.DCT, g.Text, g.Value)
				}
				continue
			}
			found++
			switch {
			case len(got) >= 10 && got[:10] == g.Value:
				strict++
				near++
			case len(got) >= 10 && daysApart(got[:10], g.Value) <= 1:
				near++
			}
			if testing.Verbose() && (len(got) < 10 || got[:10] != g.Value) {
				t.Logf("DCT %s: %q gold %s, ours %q", d.DCT, g.Text, g.Value, got)
			}
		}
	}
	t.Logf("MEANTIME full-date TIMEX3: %d gold, found %d (%.3f), value strict %.3f, within a day %.3f of gold",
		gold, found, float64(found)/float64(gold), float64(strict)/float64(gold), float64(near)/float64(gold))
	if float64(strict)/float64(gold) < 0.85 {
		t.Errorf("strict date accuracy %.3f fell below 0.85", float64(strict)/float64(gold))
	}
}

// TestMeantimeInferred hides each document's creation time, gives its year
// as the hint, and checks that inference never dates a document more than a
// day from the truth: Wikinews texts rarely pin their own date, so most
// stay unknown, and a wrong guess fails the test.
func TestMeantimeInferred(t *testing.T) {
	docs, err := meantime.Load(shareddata.Path(t, "data/entities-dates/meantime"))
	if err != nil {
		t.Fatal(err)
	}
	var n, dated, right int
	for _, d := range docs {
		if !fullDate.MatchString(d.DCT) {
			continue
		}
		n++
		body := meantimeBody(d.Text)
		// The second line of a Wikinews text is its date: drop it.
		if len(body) > 1 {
			body = append(body[:1:1], body[2:]...)
		}
		year := parseDay(d.DCT[:4])
		a, err := Resolver{Year: year}.Process(context.Background(), model.Article{Body: body})
		if err != nil {
			t.Fatal(err)
		}
		if a.Published == "" {
			continue
		}
		dated++
		if daysApart(a.Published, d.DCT) <= 1 {
			right++
		} else {
			t.Errorf("DCT %s inferred as %s from %s", d.DCT, a.Published, a.PublishedEvidence)
		}
	}
	t.Logf("MEANTIME with the creation time hidden: %d documents, %d dated, %d within a day", n, dated, right)
}

func daysApart(a, b string) int {
	ta, err1 := parseISO(a)
	tb, err2 := parseISO(b)
	if err1 != nil || err2 != nil {
		return 99
	}
	return abs(days(ta, tb))
}
