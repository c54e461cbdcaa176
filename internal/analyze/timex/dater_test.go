package timex

import (
	"context"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/storyline-news/storyline/internal/model"
)

// names builds an article's entities from "TYPE:Name:mentions" triples.
func names(specs ...string) []model.Entity {
	out := make([]model.Entity, 0, len(specs))
	for _, s := range specs {
		var e model.Entity
		parts := strings.Split(s, ":")
		e.Type, e.Name = parts[0], parts[1]
		fmt.Sscan(parts[2], &e.Mentions)
		out = append(out, e)
	}
	return out
}

// The invented articles below tell of two wars: Norvask's invasion of
// Veloria, whose start two articles state, and a war in Kessaria, whose
// start none does. Both name Norvask and the United Nations.
var (
	velLender1 = model.Article{ID: "vel-lender-1", Body: []string{
		"Norvask's invasion began on February 24, and Pavlivka fell within a week.",
		"Defence minister Anton Berezhny said Stelmakh was still held, the United Nations said."},
		Entities: names("PLACE:Veloria:3", "PLACE:Norvask:2", "PERSON:Anton Berezhny:2", "PLACE:Pavlivka:2", "PLACE:Stelmakh:1", "ORG:United Nations:1")}
	velLender2 = model.Article{ID: "vel-lender-2", Body: []string{
		"The invasion began on February 24. Irina Kostal, the mayor of Pavlivka, stayed.",
		"She met Anton Berezhny in Stelmakh."},
		Entities: names("PLACE:Veloria:2", "PLACE:Norvask:1", "PERSON:Irina Kostal:2", "PLACE:Pavlivka:1", "PERSON:Anton Berezhny:1", "PLACE:Stelmakh:2")}
	velBorrower = model.Article{ID: "vel-borrower", Body: []string{
		"On Sunday, the 200th day of the war, Anton Berezhny visited Stelmakh with Irina Kostal.",
		"Norvask's guns fell silent near Pavlivka, Dariy Holub said."},
		Entities: names("PLACE:Veloria:4", "PLACE:Norvask:2", "PERSON:Anton Berezhny:2", "PERSON:Irina Kostal:1", "PLACE:Stelmakh:2", "PLACE:Pavlivka:1", "PERSON:Dariy Holub:1")}
	kesBorrower = model.Article{ID: "kes-borrower", Body: []string{
		"On Friday, the 100th day of the war in Kessaria, General Amadou Kettel's forces shelled Bourou.",
		"Norvask and the United Nations called for talks in Tefan."},
		Entities: names("PLACE:Kessaria:4", "PERSON:Amadou Kettel:2", "PLACE:Bourou:2", "PLACE:Tefan:1", "ORG:Sahel Union:1", "PLACE:Norvask:1", "ORG:United Nations:1")}
)

// TestDaterLendsStarts checks that an article counting days from a start
// it does not date borrows the start only from articles about the same
// thing.
func TestDaterLendsStarts(t *testing.T) {
	tests := []struct {
		name     string
		year     int
		arts     []model.Article
		want     map[string]string // article ID → Published
		evidence map[string]string // article ID → text the evidence must hold
	}{
		{
			name: "related lenders date the count, another war stays undated",
			year: 2022,
			arts: []model.Article{velLender1, kesBorrower, velBorrower, velLender2},
			// Had the Kessaria article borrowed February 24, its 100th
			// day would be Friday 3 June 2022.
			want:     map[string]string{"vel-borrower": "2022-09-11", "kes-borrower": ""},
			evidence: map[string]string{"vel-borrower": `"the 200th day of the war" counted from "February 24"`},
		},
		{
			name: "the start most related articles state wins",
			year: 2022,
			// The third lender names just what the borrower names, so it
			// is the most related; two articles outvote it.
			arts: []model.Article{velBorrower, velLender1, velLender2, {ID: "vel-lender-3",
				Body:     []string{"Norvask's invasion began on February 26, and Pavlivka fell within a week."},
				Entities: velBorrower.Entities}},
			want: map[string]string{"vel-borrower": "2022-09-11"},
		},
		{
			name: "a lender naming only the country everyone names does not lend",
			year: 2022,
			arts: []model.Article{
				velBorrower,
				// Naming nothing else, the lender's vector is the country
				// alone, and a cosine would call it close.
				{ID: "charity", Body: []string{"Since the invasion began on February 24, funds for Veloria have grown, a charity said."},
					Entities: names("PLACE:Veloria:1")},
				{ID: "grain", Body: []string{"Grain prices rose in Veloria, Mirela Dusk said."},
					Entities: names("PLACE:Veloria:2", "PERSON:Mirela Dusk:1", "ORG:Corn Board:1")},
			},
			want: map[string]string{"vel-borrower": ""},
		},
		{
			name: "a lender sharing only names every article carries does not lend",
			year: 2022,
			arts: []model.Article{
				velBorrower,
				{ID: "summit", Body: []string{"Since the invasion began on February 24, Veloria and Norvask have not met, Hana Lorre told the summit in Brenmouth."},
					Entities: names("PLACE:Veloria:1", "PLACE:Norvask:1", "PERSON:Hana Lorre:2", "PLACE:Brenmouth:2", "ORG:Tidewater Forum:1")},
				{ID: "gas", Body: []string{"Gas from Norvask still reaches Veloria, Mirela Dusk said."},
					Entities: names("PLACE:Veloria:1", "PLACE:Norvask:1", "PERSON:Mirela Dusk:1", "ORG:Corn Board:1")},
			},
			want: map[string]string{"vel-borrower": ""},
		},
		{
			name: "a strike lends to a picket at the same plant",
			year: 2021,
			arts: []model.Article{
				{Published: "2021-03-05", Body: []string{"The strike began on 2 March, when workers at Harrowgate Mills in Eldon walked out."},
					Entities: names("ORG:Harrowgate Mills:2", "PLACE:Eldon:1", "ORG:Loom Workers Union:1")},
				{ID: "picket", Body: []string{"Pickets from the Loom Workers Union marked the 40th day of the strike outside Harrowgate Mills on Saturday."},
					Entities: names("ORG:Harrowgate Mills:1", "ORG:Loom Workers Union:1")},
				{ID: "vote", Body: []string{"Workers at Harrowgate Mills voted on Monday."},
					Entities: names("ORG:Harrowgate Mills:1")},
			},
			want: map[string]string{"picket": "2021-04-10", "vote": ""},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			arts := cloneArticles(tt.arts)
			if err := (Dater{Year: tt.year}).Apply(context.Background(), arts); err != nil {
				t.Fatal(err)
			}
			byID := map[string]model.Article{}
			for _, a := range arts {
				byID[a.ID] = a
			}
			for id, want := range tt.want {
				if got := byID[id].Published; got != want {
					t.Errorf("%s: published %q, want %q (%s)", id, got, want, byID[id].PublishedEvidence)
				}
			}
			for id, want := range tt.evidence {
				if got := byID[id].PublishedEvidence; !strings.Contains(got, want) {
					t.Errorf("%s: evidence %q lacks %q", id, got, want)
				}
			}
		})
	}
}

// TestDaterOrderFree dates one batch in every order of its articles and
// wants the same dates, periods and evidence each time.
func TestDaterOrderFree(t *testing.T) {
	base := []model.Article{velLender1, kesBorrower, velBorrower, velLender2,
		withBody(velLender1, "vel-lender-3", "Norvask's invasion began on February 26, and Pavlivka fell within a week.")}
	tests := []struct {
		name string
		year int
	}{
		{"with a year", 2022},
		{"with a nominal year", 0},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var first string
			dated := false
			for n, perm := range permutations(len(base)) {
				arts := make([]model.Article, len(base))
				for i, j := range perm {
					arts[i] = base[j]
				}
				arts = cloneArticles(arts)
				if err := (Dater{Year: tt.year}).Apply(context.Background(), arts); err != nil {
					t.Fatal(err)
				}
				got := map[string]string{}
				for _, a := range arts {
					got[a.ID] = fmt.Sprintf("%s|%s|%s|%v", a.Published, a.Period, a.PublishedEvidence, a.Dates)
					dated = dated || a.ID == "vel-borrower" && (a.Published != "" || a.Period != "")
				}
				s := fmt.Sprint(got) // fmt sorts map keys
				if n == 0 {
					first = s
				} else if s != first {
					t.Fatalf("order %v gives\n%s\nfirst order gave\n%s", perm, s, first)
				}
			}
			if !dated {
				t.Error("the borrower was never dated: the test shows nothing")
			}
		})
	}
}

// withBody copies a with another ID and first paragraph.
func withBody(a model.Article, id, first string) model.Article {
	a.ID = id
	a.Body = append([]string{first}, a.Body[1:]...)
	return a
}

// cloneArticles copies the articles deep enough that Apply's writes do
// not reach the shared fixtures.
func cloneArticles(arts []model.Article) []model.Article {
	out := make([]model.Article, len(arts))
	for i, a := range arts {
		a.Body = append([]string(nil), a.Body...)
		a.Entities = append([]model.Entity(nil), a.Entities...)
		out[i] = a
	}
	return out
}

// permutations lists every order of 0..n-1.
func permutations(n int) [][]int {
	if n == 0 {
		return [][]int{{}}
	}
	var out [][]int
	for _, p := range permutations(n - 1) {
		for k := 0; k <= len(p); k++ {
			q := append(append(append([]int{}, p[:k]...), n-1), p[k:]...)
			out = append(out, q)
		}
	}
	return out
}

// TestDaterNominalCalendar dates articles that state no year against each
// other: Period holds their days in the calendar their weekdays fit, while
// Published stays empty, as the year itself is not known.
func TestDaterNominalCalendar(t *testing.T) {
	plant := names("ORG:Harrowgate Mills:1", "ORG:Loom Workers Union:1")
	arts := []model.Article{
		{Body: []string{"The strike began on 2 March, when workers walked out.", "On Saturday, the 40th day of the strike, pickets lit fires."}, Entities: plant},
		{Body: []string{"Pickets marked the 45th day of the strike outside the gates on Thursday."}, Entities: plant},
		{Body: []string{"Workers at the plant voted on Monday."}, Entities: plant},
	}
	if err := (Dater{}).Apply(context.Background(), arts); err != nil {
		t.Fatal(err)
	}
	for i, a := range arts {
		if a.Published != "" {
			t.Errorf("article %d: published %q with no year to go on", i, a.Published)
		}
	}
	first, second := arts[0].Period, arts[1].Period
	if len(first) != 21 || len(second) != 21 || first[:10] != first[11:] {
		t.Fatalf("periods %q and %q; want single days", first, second)
	}
	a, _ := time.Parse(time.DateOnly, first[:10])
	b, _ := time.Parse(time.DateOnly, second[:10])
	// The 40th day from 2 March is 10 April, or the next day's paper.
	if d := a.Format("01-02"); d != "04-10" && d != "04-11" || a.Weekday() != time.Saturday || b.Sub(a) != 5*24*time.Hour {
		t.Errorf("periods %q and %q; want a Saturday on 10 or 11 April and five days later", first, second)
	}
	if arts[2].Period != "" {
		t.Errorf("a lone weekday got period %q", arts[2].Period)
	}
}
