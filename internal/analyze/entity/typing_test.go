package entity

import (
	"context"
	"testing"

	"github.com/storyline-news/storyline/internal/model"
)

// TestTypesBeyondPeopleAndPlaces runs invented news sentences that name
// products, religions, events, works, companies and fictional characters,
// and checks that none of them is typed a person or a place, and that
// names run together or cut apart by the tagger come out whole.
func TestTypesBeyondPeopleAndPlaces(t *testing.T) {
	tests := []struct {
		name  string
		body  string
		ent   string
		want  string // the type wanted; "" means the name must not be an entity at all
		notOf []string
	}{
		{name: "spacecraft", body: "Engineers in Oregon said the Space Shuttle had flown its last mission before the budget cuts.", ent: "Space Shuttle", notOf: []string{model.Place, model.Person}},
		{name: "religion", body: "Converts to Islam in the valley have built a new school, the mayor of Tarnby said.", ent: "Islam", notOf: []string{model.Place, model.Person}},
		{name: "another religion", body: "Scholars of Buddhism met in Lisbon on Friday to discuss the translation.", ent: "Buddhism", notOf: []string{model.Place, model.Person}},
		{name: "company platform", body: "The campaign spent heavily on Facebook in the weeks before the vote in Ostrava.", ent: "Facebook", notOf: []string{model.Place, model.Person}},
		{name: "fictional character", body: "Children queued for hours in Leeds to see the new Batman film on Saturday.", ent: "Batman", notOf: []string{model.Place}},
		{name: "media franchise", body: "Sales of Digimon cards rose sharply in Osaka last year, the retailer said.", ent: "Digimon", notOf: []string{model.Place, model.Person}},
		{name: "pilgrimage", body: "Thousands of pilgrims left Kano for the Hajj on Tuesday, officials said.", ent: "Hajj", notOf: []string{model.Person, model.Place}},
		{name: "festival", body: "Shops in Derby stayed open late during Ramadan this year.", ent: "Ramadan", notOf: []string{model.Person, model.Place}},
		{name: "departments", body: "Officials from the state Homeland Security Departments met in Denver to share plans.", ent: "Homeland Security Departments", want: model.Org},
		{name: "ministry", body: "A spokesman for the Fisheries Ministry said quotas would stay the same.", ent: "Fisheries Ministry", want: model.Org},
		{name: "agency", body: "The Border Agency said 40 boats had been stopped near Calder.", ent: "Border Agency", want: model.Org},
		{name: "newspaper name", body: "The story first ran in the Gazette on Sunday, two days before the hearing in Wexford.", ent: "Gazette", notOf: []string{model.Person, model.Place}},
		{name: "lone team", body: "Team officials in Dortmund declined to comment on the transfer.", ent: "Team", notOf: []string{model.Person}},
		{name: "faith after a preposition", body: "Scholars of Hinduism and Judaism met at the library in Brno.", ent: "Hinduism", notOf: []string{model.Place, model.Person}},
		{name: "holiday", body: "Traffic on the coast road to Pembury doubled over Easter, the council said.", ent: "Easter", notOf: []string{model.Place, model.Person}},
		{name: "town named like a common noun stays a place", body: "Shops in Derby stayed open late during Ramadan this year.", ent: "Derby", want: model.Place},
		{name: "novel", body: "Readers in Aarhus waited a decade for the new Moonfield novel, its publisher said.", ent: "Moonfield", notOf: []string{model.Place, model.Person}},
		{name: "a person's film stays a person", body: "A Greta Ostrowska film won the main prize in Gdynia on Sunday.", ent: "Greta Ostrowska", want: model.Person},
		{name: "plural agencies", body: "The Border Protection Agencies of three states met in Boise on Monday.", ent: "Border Protection Agencies", want: model.Org},
		{name: "lone role", body: "The Treasurer of the club, Ilse Marwick, said the accounts were sound. The Treasurer resigned in May.", ent: "Treasurer", want: ""},
		{name: "acronym that is a dictionary word", body: "The Ministry of Defence said the drills had ended. A spokesman for the MoD later said the roads were open.", ent: "Ministry of Defence", want: model.Org},
		{name: "surname that is a common noun", body: "Officials said Trump would visit the plant in Akron on Monday.", ent: "Trump", want: model.Person},
		{name: "common-noun surname used as a modifier", body: "The Trump administration said the rules would change, and Trump agreed.", ent: "Trump", notOf: []string{model.Other, model.Place}},
		{name: "sea", body: "Two ships sank in the Black Sea on Friday, officials in Varna said.", ent: "Black Sea", notOf: []string{model.Person, model.Other}},
		{name: "building", body: "Protesters gathered outside the Capitol in the afternoon.", ent: "Capitol", notOf: []string{model.Person, model.Other}},
		{name: "role before a name", body: "Former Director Wendell Okafor told the committee he had no memos.", ent: "Wendell Okafor", want: model.Person},
		{name: "acronym before a role and a name", body: "The FBI Director Wendell Okafor said the review was over.", ent: "Wendell Okafor", want: model.Person},
		{name: "a place's film is still a place's", body: "The crew of a new London film arrived in Tarnby on Monday.", ent: "London", want: model.Place},
		{name: "role word opening the span", body: "House Minority Leader Orla Whitcombe said the vote would fail.", ent: "Orla Whitcombe", want: model.Person},
		{name: "lone title", body: "Director of the museum Tomasz Wrona said the painting would return in May. The Director declined further comment.", ent: "Director", want: ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			a, err := Tagger{}.Process(context.Background(), model.Article{Body: []string{tt.body}})
			if err != nil {
				t.Fatal(err)
			}
			e := find(a.Entities, tt.ent)
			switch {
			case tt.want == "" && len(tt.notOf) == 0:
				if e != nil {
					t.Errorf("%q became an entity: %+v", tt.ent, *e)
				}
				return
			case e == nil && tt.want != "":
				t.Errorf("%q not found in %+v", tt.ent, a.Entities)
				return
			case e == nil:
				return // not an entity at all is not a person or a place
			}
			if tt.want != "" && e.Type != tt.want {
				t.Errorf("%q typed %s, want %s", tt.ent, e.Type, tt.want)
			}
			for _, bad := range tt.notOf {
				if e.Type == bad {
					t.Errorf("%q typed %s", tt.ent, e.Type)
				}
			}
		})
	}
}

// TestRunsSplit checks spans the tagger runs over two names or cuts
// inside one: a country before a person's name, a word of an
// organisation's name before a person's.
func TestRunsSplit(t *testing.T) {
	tests := []struct {
		name   string
		body   string
		want   map[string]string
		absent []string
	}{
		{
			name:   "country then person",
			body:   "The envoy of the United States Halvard Mbeki met rebels in the north on Monday.",
			want:   map[string]string{"United States": model.Place, "Halvard Mbeki": model.Person},
			absent: []string{"United States Halvard Mbeki"},
		},
		{
			name:   "region then person",
			body:   "Voters in Texas Corwin Aldane and his rivals were out early.",
			want:   map[string]string{"Texas": model.Place, "Corwin Aldane": model.Person},
			absent: []string{"Texas Corwin Aldane"},
		},
		{
			name:   "a given name that is a country's stays whole",
			body:   "Chad Ellis Morrow said the plant would reopen in April.",
			want:   map[string]string{"Chad Ellis Morrow": model.Person},
			absent: []string{"Chad", "Ellis Morrow"},
		},
		{
			name:   "end of an organisation then person",
			body:   "The director of Public Relations Miriam Oduya said the firm would appeal.",
			want:   map[string]string{"Miriam Oduya": model.Person},
			absent: []string{"Relations Miriam Oduya"},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			a, err := Tagger{}.Process(context.Background(), model.Article{Body: []string{tt.body}})
			if err != nil {
				t.Fatal(err)
			}
			for n, typ := range tt.want {
				e := find(a.Entities, n)
				if e == nil {
					t.Errorf("%q not found in %+v", n, a.Entities)
					continue
				}
				if e.Type != typ {
					t.Errorf("%q typed %s, want %s", n, e.Type, typ)
				}
			}
			for _, n := range tt.absent {
				if e := find(a.Entities, n); e != nil {
					t.Errorf("broken span %q kept: %+v", n, *e)
				}
			}
		})
	}
}
