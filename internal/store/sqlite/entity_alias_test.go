package sqlite

import (
	"context"
	"slices"
	"testing"

	"github.com/storyline-news/storyline/internal/model"
	"github.com/storyline-news/storyline/internal/store"
)

// TestCountryAliasesOneEntity checks, on a real SQLite file, that a
// country called "UK" in one article and "Britain" in another is one
// entity page under its common name, with the names the articles used as
// aliases, while a person of the same spelling keeps their own.
func TestCountryAliasesOneEntity(t *testing.T) {
	ctx := context.Background()
	s, _ := openTemp(t)
	arts := []model.Article{
		article("a1", "The Harbour Post", "2024-03-02", "Ferry talks", "The UK sent two tugs."),
		article("a2", "Valley Courier", "2024-03-03", "More ferry talks", "Britain sent a third."),
		article("a3", "Valley Courier", "2024-03-04", "Orchard news", "Jordan Pell said the frost was over."),
	}
	arts[0].Entities = []model.Entity{{Name: "UK", Type: model.Place, Mentions: 1}}
	arts[1].Entities = []model.Entity{{Name: "Britain", Type: model.Place, Mentions: 1}}
	arts[2].Entities = []model.Entity{{Name: "Jordan", Type: model.Person, Mentions: 1}}
	if _, err := s.SaveArticles(ctx, arts); err != nil {
		t.Fatal(err)
	}
	got, err := s.EntityArticles(ctx, "united-kingdom", 10)
	if err != nil || len(got) != 2 {
		t.Fatalf("EntityArticles(united-kingdom) = %v, %v; want both articles", got, err)
	}
	e, err := s.Entity(ctx, "united-kingdom")
	if err != nil {
		t.Fatal(err)
	}
	if e.Name != "United Kingdom" || !slices.Contains(e.Aliases, "UK") && !slices.Contains(e.Aliases, "Britain") {
		t.Errorf("Entity = %+v, want United Kingdom with an article's name among its aliases", e)
	}
	for _, id := range []string{"uk", "britain"} {
		if _, err := s.Entity(ctx, id); err == nil {
			t.Errorf("entity %q kept apart", id)
		}
	}
	if _, err := s.Entity(ctx, store.EntityID("Jordan")); err != nil {
		t.Errorf("a person named like a country lost their page: %v", err)
	}
}
