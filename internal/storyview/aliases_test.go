package storyview

import (
	"testing"

	"github.com/storyline-news/storyline/internal/model"
)

// TestEntitiesMergeAliasesAcrossArticles checks that a country or an
// organisation called by different names in different articles of one
// story is one entity of the story.
func TestEntitiesMergeAliasesAcrossArticles(t *testing.T) {
	place := func(n string, al ...string) model.Entity {
		return model.Entity{Name: n, Type: model.Place, Aliases: al, Mentions: 2}
	}
	org := func(n string) model.Entity { return model.Entity{Name: n, Type: model.Org, Mentions: 2} }
	person := func(n string) model.Entity { return model.Entity{Name: n, Type: model.Person, Mentions: 2} }
	tests := []struct {
		name     string
		articles [][]model.Entity
		want     map[string]int // entity name → articles
		absent   []string
	}{
		{"U.S., United States, America and US",
			[][]model.Entity{{place("U.S.")}, {place("United States")}, {place("America")}, {place("US")}},
			map[string]int{"United States": 4}, []string{"U.S.", "America", "US"}},
		{"UK, Britain and United Kingdom",
			[][]model.Entity{{place("UK")}, {place("Britain")}, {place("United Kingdom")}},
			map[string]int{"United Kingdom": 3}, []string{"UK", "Britain"}},
		{"a country named twice in one article counts once",
			[][]model.Entity{{place("Britain", "UK")}, {place("UK")}},
			map[string]int{"United Kingdom": 2}, []string{"UK", "Britain"}},
		{"acronym of an organisation named in another article",
			[][]model.Entity{{org("Ministry of Defence")}, {org("MoD")}},
			map[string]int{"Ministry of Defence": 2}, []string{"MoD"}},
		{"plain initials",
			[][]model.Entity{{org("Harbour Safety Board")}, {org("HSB")}},
			map[string]int{"Harbour Safety Board": 2}, []string{"HSB"}},
		{"initials two organisations share stay apart",
			[][]model.Entity{{org("Harbour Safety Board")}, {org("Highland Sheep Breeders")}, {org("HSB")}},
			map[string]int{"Harbour Safety Board": 1, "Highland Sheep Breeders": 1, "HSB": 1}, nil},
		{"an acronym with no organisation in the story stays",
			[][]model.Entity{{org("NATO")}, {org("Harbour Safety Board")}},
			map[string]int{"NATO": 1, "Harbour Safety Board": 1}, nil},
		{"a person called like initials is no alias",
			[][]model.Entity{{org("Jetty Repair Company")}, {person("J R C")}},
			map[string]int{"Jetty Repair Company": 1, "J R C": 1}, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var as []*model.Article
			for i, es := range tt.articles {
				as = append(as, &model.Article{ID: string(rune('a' + i)), Entities: es})
			}
			got := map[string]int{}
			for _, e := range entities(as, storyNames(as)) {
				got[e.Name] = e.Articles
			}
			for n, k := range tt.want {
				if got[n] != k {
					t.Errorf("%s in %d articles, want %d (all: %v)", n, got[n], k, got)
				}
			}
			for _, n := range tt.absent {
				if _, ok := got[n]; ok {
					t.Errorf("%s kept apart: %v", n, got)
				}
			}
		})
	}
}
