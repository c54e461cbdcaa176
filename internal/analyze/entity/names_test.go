package entity

import (
	"context"
	"slices"
	"testing"

	"github.com/storyline-news/storyline/internal/model"
)

// TestNamesModel checks, on invented articles, the rules that ask the
// names package: regions of other countries are places, names of places
// and buildings are no persons, lists and appositions type places.
func TestNamesModel(t *testing.T) {
	tests := []struct {
		name string
		body []string
		want map[string]string // entity → type; "" means no entity of that name may be a person
	}{
		{"region of Georgia after a locative",
			[]string{"Troops loyal to Tamar Okropiridze moved into Abkhazia on Friday, officials said."},
			map[string]string{"Abkhazia": model.Place}},
		{"Indian and Russian regions",
			[]string{"Floods hit Uttar Pradesh and Belgorod this week, and Vesna Korr said relief was coming."},
			map[string]string{"Uttar Pradesh": model.Place, "Belgorod": model.Place}},
		{"an arena is no person",
			[]string{"Thousands gathered at the Korvinsky Arena on Sunday to hear Lev Ostrin speak."},
			map[string]string{"Korvinsky Arena": "", "Lev Ostrin": model.Person}},
		{"comma list with a place named elsewhere",
			[]string{"Shelling went on in Dalvask overnight.", "The army retook the villages, the latest of which are Morinka, Dalvask and Tervich."},
			map[string]string{"Morinka": model.Place, "Tervich": model.Place}},
		{"apposition calls it a city",
			[]string{"The army retook Zalinsk, a strategic city in the east, from the rebels."},
			map[string]string{"Zalinsk": model.Place}},
		{"place head noun after the name",
			[]string{"Fighting went on in the eastern Morvask region as Anton Brel arrived."},
			map[string]string{"Morvask": model.Place}},
		{"a member of a team is a person",
			[]string{"Levko Darashvili, a member of the negotiating team, said talks would resume."},
			map[string]string{"Levko Darashvili": model.Person}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			a, err := Tagger{}.Process(context.Background(), model.Article{Body: tt.body})
			if err != nil {
				t.Fatal(err)
			}
			for name, typ := range tt.want {
				e := find(a.Entities, name)
				if typ == "" {
					if e != nil && e.Type == model.Person {
						t.Errorf("%s typed PERSON in %+v", name, a.Entities)
					}
					continue
				}
				if e == nil || e.Type != typ {
					t.Errorf("%s: got %+v, want %s, in %+v", name, e, typ, a.Entities)
				}
			}
		})
	}
}

// TestAliasesMerged checks that one country or organisation called by
// several names in an article is one entity.
func TestAliasesMerged(t *testing.T) {
	tests := []struct {
		name    string
		body    []string
		entity  string
		aliases []string
		absent  []string
	}{
		{"UK and Britain",
			[]string{"Britain sent more aid on Monday.", "The UK said the aid would reach Odesa by Friday."},
			"Britain", []string{"UK"}, []string{"UK"}},
		{"U.S. and United States and America",
			[]string{"The United States imposed new sanctions.", "U.S. officials said America would not back down, and the United States would act."},
			"United States", []string{"U.S.", "America"}, []string{"U.S.", "America"}},
		{"acronym with a lower-case linker",
			[]string{"The Ministry of Defence said the drills had ended.", "A spokesman for the MoD later said the roads were open."},
			"Ministry of Defence", []string{"MoD"}, []string{"MoD"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			a, err := Tagger{}.Process(context.Background(), model.Article{Body: tt.body})
			if err != nil {
				t.Fatal(err)
			}
			e := find(a.Entities, tt.entity)
			if e == nil {
				t.Fatalf("%s not found in %+v", tt.entity, a.Entities)
			}
			for _, al := range tt.aliases {
				if !slices.Contains(e.Aliases, al) {
					t.Errorf("%s lacks alias %q: %+v", tt.entity, al, e)
				}
			}
			for _, n := range tt.absent {
				if find(a.Entities, n) != nil {
					t.Errorf("%s is an entity of its own: %+v", n, a.Entities)
				}
			}
		})
	}
}
