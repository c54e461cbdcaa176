package analyze_test

import (
	"context"
	"strings"
	"testing"
	"time"
	"unicode/utf8"

	"github.com/storyline-news/storyline/internal/analyze/entity"
	"github.com/storyline-news/storyline/internal/analyze/stages"
	"github.com/storyline-news/storyline/internal/analyze/timex"
	"github.com/storyline-news/storyline/internal/cluster"
	"github.com/storyline-news/storyline/internal/model"
)

var chain = stages.Chain(2022)

// FuzzAnalyze runs every analysis stage and the cross-article steps over
// arbitrary paragraphs: nothing may panic or hang (the entity tagger once
// looped on "the Republican party"), and what comes out must point inside
// the article and be valid UTF-8.
func FuzzAnalyze(f *testing.F) {
	for _, s := range []string{
		"",
		"The roots of the revolt were in the Republican party in 2010.",
		"“We are ready,” said Tomas Reyes, the fire chief. ''Nobody will be left behind,'' he added.",
		"Rep. Ana Ruiz R-Utah said on Thursday evening that more than 3,000 square kilometres were retaken.",
		"\"\"\"\n''\n“”\n‘’ ’ ‘\n``''",
		"New New New York Times Times Party Party Center",
		"WALLACE: Governor? PENCE: Well — “look”",
		"between 28 and 30 March, the 200th day of the war, tomorrow, last night, 24 February",
		"Hillary Hillary Clinton Clinton said: “",
		"a third of dozens of hundreds of 4 million 1.5bn £3 per cent % $",
	} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		if !utf8.ValidString(s) {
			s = strings.ToValidUTF8(s, "\uFFFD") // extraction hands over valid UTF-8 only
		}
		var body []string
		for _, p := range strings.Split(s, "\n") {
			if p = strings.TrimSpace(p); p != "" {
				body = append(body, p)
			}
		}
		done := make(chan []model.Article, 1)
		go func() {
			arts := make([]model.Article, 2)
			for i := range arts {
				a, err := chain.Process(context.Background(), model.Article{ID: string(rune('a' + i)), Headline: "H", Body: body})
				if err != nil {
					t.Errorf("process: %v", err)
				}
				arts[i] = a
			}
			for _, step := range []interface {
				Apply(context.Context, []model.Article) error
			}{entity.Merge{}, timex.Dater{Year: 2022}, cluster.Step{}} {
				if err := step.Apply(context.Background(), arts); err != nil {
					t.Errorf("cross step: %v", err)
				}
			}
			done <- arts
		}()
		var arts []model.Article
		select {
		case arts = <-done:
		case <-time.After(10 * time.Second):
			t.Fatalf("analysis did not finish in 10 s on %q", s)
		}
		for _, a := range arts {
			for _, m := range a.Mentions {
				if m.Para < 0 || m.Para >= len(a.Body) || m.Start < 0 || m.End > len(a.Body[m.Para]) || m.Start > m.End ||
					m.Entity < 0 || m.Entity >= len(a.Entities) {
					t.Fatalf("mention %+v outside the article (%d paragraphs, %d entities)", m, len(a.Body), len(a.Entities))
				}
			}
			for _, q := range a.Quotes {
				if !utf8.ValidString(q.Text) || q.Paragraph < 0 || q.Paragraph >= len(a.Body) {
					t.Fatalf("bad quote %+v", q)
				}
			}
			for _, e := range a.Entities {
				if e.Name == "" || !utf8.ValidString(e.Name) {
					t.Fatalf("bad entity %+v", e)
				}
			}
		}
	})
}
