package figure

import (
	"context"
	"testing"

	"github.com/storyline-news/storyline/internal/model"
)

// TestClaimantTieIsStable analyses articles whose claimant phrase holds
// several entity names of one length many times over: the names come from
// a map, so a tie left to iteration order would give different answers
// across runs. The texts are invented for this test.
func TestClaimantTieIsStable(t *testing.T) {
	person := func(name string, aliases ...string) model.Entity {
		return model.Entity{Name: name, Type: model.Person, Aliases: aliases, Mentions: 2}
	}
	tests := []struct {
		name string
		para string
		ents []model.Entity
		want string
	}{
		{
			name: "two full names of one length",
			para: "Mira Holt and Dana Voss said 40 tanks were destroyed.",
			ents: []model.Entity{person("Mira Holt"), person("Dana Voss")},
			want: "Dana Voss",
		},
		{
			name: "three full names of one length",
			para: "Ivo Kral, Uma Seth and Ada Lenz said 1,200 homes were damaged.",
			ents: []model.Entity{person("Uma Seth"), person("Ivo Kral"), person("Ada Lenz")},
			want: "Ada Lenz",
		},
		{
			name: "surnames of one length after the verb",
			para: "About 300 people were rescued, said Clarke and Brandt.",
			ents: []model.Entity{person("Olha Brandt"), person("Tomas Clarke")},
			want: "Olha Brandt",
		},
		{
			name: "a longer name still wins over ties",
			para: "Tess Marlowe and Dana Voss said 75 bridges were damaged.",
			ents: []model.Entity{person("Dana Voss"), person("Tess Marlowe")},
			want: "Tess Marlowe",
		},
	}
	const runs = 30
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			seen := map[string]int{}
			for range runs {
				a, err := Extractor{}.Process(context.Background(), model.Article{Body: []string{tt.para}, Entities: tt.ents})
				if err != nil {
					t.Fatal(err)
				}
				if len(a.Figures) != 1 {
					t.Fatalf("got %d figures, want 1: %+v", len(a.Figures), a.Figures)
				}
				seen[a.Figures[0].Claimant]++
			}
			if len(seen) != 1 || seen[tt.want] != runs {
				t.Errorf("claimants over %d runs: %v, want %q every time", runs, seen, tt.want)
			}
		})
	}
}
