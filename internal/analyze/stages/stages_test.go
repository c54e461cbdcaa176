package stages

import (
	"context"
	"slices"
	"testing"

	"github.com/storyline-news/storyline/internal/model"
)

// TestChain runs the chain over a short invented article: each stage must
// leave its mark, in order (the quote's speaker is an entity the tagger
// found, the figure a number the extractor read).
func TestChain(t *testing.T) {
	c := Chain(2024)
	want := []string{"lang", "sentence", "entity", "timex", "quote", "figure"}
	var got []string
	for _, s := range c {
		got = append(got, s.Name())
	}
	if !slices.Equal(got, want) {
		t.Fatalf("stages %q, want %q", got, want)
	}
	a, err := c.Process(context.Background(), model.Article{ID: "a", Headline: "Harbour works begin",
		Body: []string{`Work on the harbour wall began on Monday, the council said. "We expect it to take two years," said Maria Lopez, the council's engineer.`,
			"The repairs will cost 4 million pounds, according to the council."}})
	if err != nil {
		t.Fatal(err)
	}
	if a.Language != "en" {
		t.Errorf("language %q, want en", a.Language)
	}
	if len(a.Entities) == 0 || len(a.Quotes) == 0 || len(a.Figures) == 0 {
		t.Errorf("entities %d, quotes %d, figures %d: a stage did nothing", len(a.Entities), len(a.Quotes), len(a.Figures))
	}
	if len(a.Quotes) > 0 && a.Quotes[0].Speaker != "Maria Lopez" {
		t.Errorf("speaker %q, want Maria Lopez", a.Quotes[0].Speaker)
	}
	if len(a.Figures) > 0 && a.Figures[0].Value != 4_000_000 {
		t.Errorf("figure %+v, want 4 million", a.Figures[0])
	}
}
