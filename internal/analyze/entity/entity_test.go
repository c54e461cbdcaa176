package entity

import (
	"context"
	"testing"

	"github.com/storyline-news/storyline/internal/model"
)

func find(es []model.Entity, name string) *model.Entity {
	for i := range es {
		if es[i].Name == name {
			return &es[i]
		}
	}
	return nil
}

func TestTagger(t *testing.T) {
	body := []string{
		"Foreign Minister Anna Kowalska arrived in Warsaw on Monday to meet officials from the European Commission.",
		"Ms Kowalska said the talks in Berlin had gone well. Kowalska will travel to London next week.",
		"Polish farmers protested outside the ministry.",
	}
	a, err := Tagger{}.Process(context.Background(), model.Article{Body: body})
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name, typ string
	}{
		{"Anna Kowalska", model.Person},
		{"Warsaw", model.Place},
		{"Berlin", model.Place},
		{"London", model.Place},
	}
	for _, tt := range tests {
		e := find(a.Entities, tt.name)
		if e == nil {
			t.Errorf("%s not found in %+v", tt.name, a.Entities)
			continue
		}
		if e.Type != tt.typ {
			t.Errorf("%s typed %s, want %s", tt.name, e.Type, tt.typ)
		}
	}
	if e := find(a.Entities, "Anna Kowalska"); e != nil && e.Mentions < 3 {
		t.Errorf("short and titled forms not tied to the full name: %+v", e)
	}
	if find(a.Entities, "Polish") != nil {
		t.Error("a nationality word became an entity")
	}
	if len(a.Mentions) == 0 {
		t.Error("no mentions recorded")
	}
}

func TestMergeVariants(t *testing.T) {
	arts := []model.Article{
		{Entities: []model.Entity{{Name: "Izium", Type: model.Place, Mentions: 3}, {Name: "Volodymyr Zelensky", Type: model.Person, Mentions: 5}}},
		{Entities: []model.Entity{{Name: "Izyum", Type: model.Place, Mentions: 1}, {Name: "Volodimir Zelensky", Type: model.Person, Mentions: 1}, {Name: "Kyiv", Type: model.Person, Mentions: 1}}},
		{Entities: []model.Entity{{Name: "Kyiv", Type: model.Place, Mentions: 2}, {Name: "Irpin", Type: model.Place, Mentions: 1}, {Name: "Irina", Type: model.Person, Mentions: 1}}},
	}
	if err := (Merge{}).Apply(context.Background(), arts); err != nil {
		t.Fatal(err)
	}
	if find(arts[1].Entities, "Izium") == nil || find(arts[1].Entities, "Volodymyr Zelensky") == nil {
		t.Errorf("variants not merged under the common spelling: %+v", arts[1].Entities)
	}
	if e := find(arts[1].Entities, "Kyiv"); e == nil || e.Type != model.Place {
		t.Errorf("type not voted across articles: %+v", arts[1].Entities)
	}
	if find(arts[2].Entities, "Irina") == nil {
		t.Error("different names merged")
	}
}

func BenchmarkTagger(b *testing.B) {
	body := []string{
		"Foreign Minister Anna Kowalska arrived in Warsaw on Monday to meet officials from the European Commission.",
		"Ms Kowalska said the talks in Berlin had gone well, and that the Polish government would send aid to Ukraine.",
		"Kowalska will travel to London next week, where she is expected to meet Prime Minister John Hale.",
	}
	for len(body) < 30 {
		body = append(body, body[:3]...)
	}
	a := model.Article{Body: body}
	words := 0
	for _, p := range body {
		words += len(tokens(p, 0))
	}
	Tagger{}.Process(context.Background(), a) // load the model outside the timing
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		Tagger{}.Process(context.Background(), a)
	}
	b.ReportMetric(float64(b.N*words)/b.Elapsed().Seconds(), "words/s")
}

func TestOrganisationShortForms(t *testing.T) {
	ms := []mention{
		{text: "Brontel Motors Corporation", name: "Brontel Motors Corporation", typ: "ORG"},
		{text: "Brontel Motors", name: "Brontel Motors", typ: "LOC"},
		{text: "BM", name: "BM", typ: "ORG"},
		{text: "Brontel Bay", name: "Brontel Bay", typ: "LOC"},
	}
	ents, _ := resolve(ms)
	if len(ents) != 2 {
		t.Fatalf("entities %+v; want the company (with its short forms) and the bay", ents)
	}
	for _, e := range ents {
		if e.Name == "Brontel Motors Corporation" && (e.Type != model.Org || e.Mentions != 3) {
			t.Errorf("company: %+v", e)
		}
	}
	if got := retype("Qantor Airlines", "LOC", false); got != "ORG" {
		t.Errorf("retype(Qantor Airlines) = %s, want ORG", got)
	}
}
