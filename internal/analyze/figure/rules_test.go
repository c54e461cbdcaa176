package figure

import (
	"context"
	"testing"

	"github.com/storyline-news/storyline/internal/model"
)

// TestRangesAndVague checks that vague quantities and ranges keep their
// bounds and their words, and that a scaled decimal is exact.
func TestRangesAndVague(t *testing.T) {
	tests := []struct {
		name, para       string
		number           string
		value, low, high float64
		vague            bool
		unit             string
	}{
		{"hundreds", "Hundreds of volunteers cleared the beach.", "Hundreds", 200, 200, 999, true, "volunteers"},
		{"dozens", "Dozens of kayaks drifted away.", "Dozens", 24, 24, 119, true, "kayaks"},
		{"tens of thousands", "Tens of thousands of fans lined the route.", "Tens of thousands", 20000, 20000, 99999, true, "fans"},
		{"hundreds of millions", "The scheme cost hundreds of millions of euros.", "hundreds of millions", 2e8, 2e8, 999999999, true, "euros"},
		{"several hundred", "Several hundred tenants signed the letter.", "Several hundred", 200, 200, 999, true, "tenants"},
		{"four or five", "Four or five ferries were cancelled.", "Four or five", 4, 4, 5, false, "ferries"},
		{"between and", "Between 40 and 60 homes lost power.", "40 and 60", 40, 40, 60, false, "homes"},
		{"ranges from", "Estimates of the crowd ranged from 8,000 to 12,000 marchers.", "8,000 to 12,000", 8000, 8000, 12000, false, "marchers"},
		{"a plain to", "Some 30 to 40 drivers were stuck.", "30 to 40", 30, 30, 40, false, "drivers"},
		{"scaled decimal is exact", "The club raised £8.3m for the stadium.", "£8.3m", 8300000, 0, 0, false, "pounds"},
		{"scaled decimal with a word", "The port handled 2.9 million containers.", "2.9 million", 2900000, 0, 0, false, "containers"},
		{"hyphenated word number", "Twenty-four percent backed the plan.", "Twenty-four", 24, 0, 0, false, "percent"},
		{"two dozen", "She wrote two dozen songs.", "two dozen", 24, 0, 0, false, "songs"},
		{"half a million", "The campaign spent half a million dollars.", "half a million", 500000, 0, 0, false, "dollars"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			a, _ := Extractor{}.Process(context.Background(), model.Article{Body: []string{tt.para}})
			if len(a.Figures) != 1 {
				t.Fatalf("figures = %+v, want one", a.Figures)
			}
			f := a.Figures[0]
			if f.Number != tt.number || f.Value != tt.value || f.Low != tt.low || f.High != tt.high || f.Vague != tt.vague || f.Unit != tt.unit {
				t.Errorf("got number %q value %v low %v high %v vague %v unit %q", f.Number, f.Value, f.Low, f.High, f.Vague, f.Unit)
			}
		})
	}
}

// TestListsAndChanges checks numbers that are not ranges: a change from
// one value to another, a falling pair, a list.
func TestListsAndChanges(t *testing.T) {
	tests := []struct {
		name, para string
		values     []float64
		unit       string
	}{
		{"a change is two figures", "The rota rose from 70 to 85 nurses.", []float64{70, 85}, "nurses"},
		{"a falling pair is two figures", "She won by 35 to 12 percent.", []float64{35, 12}, "percent"},
		{"a list shares its unit", "Critics cited 100,000, 200,000 or 250,000 refugees.", []float64{100000, 200000, 250000}, "refugees"},
		{"a verb before a bare number", "The storm killed 14, the coastguard said.", []float64{14}, "killed"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			a, _ := Extractor{}.Process(context.Background(), model.Article{Body: []string{tt.para}})
			if len(a.Figures) != len(tt.values) {
				t.Fatalf("figures = %+v, want %v", a.Figures, tt.values)
			}
			for i, f := range a.Figures {
				if f.Value != tt.values[i] || f.IsRange() || f.Unit != tt.unit {
					t.Errorf("figure %d = %+v, want %v %q", i, f, tt.values[i], tt.unit)
				}
			}
		})
	}
}

// TestNotQuantities checks figures of speech and names that hold numbers.
func TestNotQuantities(t *testing.T) {
	tests := []struct{ name, para string }{
		{"100 percent in a quotation", "“I am 100 percent certain of it,” the coach said."},
		{"110 percent in straight quotes", `"We gave 110 percent tonight," she said.`},
		{"a capitalised run", "He toured 2 Major Cities before the vote."},
		{"a possessive is no unit", "“I charge 0.50 My Customers less,” the baker said."},
		{"part of a month", "The festival fills the second half of July."},
		{"minutes abbreviated", "He left the building, 20 mins later the alarm rang."},
		{"a function word", "Read part 1 here."},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			a, _ := Extractor{}.Process(context.Background(), model.Article{Body: []string{tt.para}})
			if len(a.Figures) != 0 {
				t.Errorf("taken as figures: %+v", a.Figures)
			}
		})
	}
	// A share of everything outside a quotation, or of something, stays.
	for _, para := range []string{"Turnout reached 100 percent in the hamlet.", "“We counted 100 percent of the ballots,” she said."} {
		a, _ := Extractor{}.Process(context.Background(), model.Article{Body: []string{para}})
		if len(a.Figures) != 1 || a.Figures[0].Value != 100 {
			t.Errorf("%q: figures = %+v, want 100 percent", para, a.Figures)
		}
	}
	// A headline keeps its capitalised unit.
	a, _ := Extractor{}.Process(context.Background(), model.Article{Body: []string{"Mayor Opens 3 New Libraries In One Week"}})
	if len(a.Figures) != 1 || a.Figures[0].Value != 3 {
		t.Errorf("headline figures = %+v, want 3 libraries", a.Figures)
	}
}

// TestClaimantRules checks quotation speakers, pollsters and the outlet.
func TestClaimantRules(t *testing.T) {
	tests := []struct {
		name string
		a    model.Article
		want []string // claimant of each figure in order
	}{
		{"a figure inside a quotation is its speaker's", model.Article{
			Body:   []string{"“There are two big reasons and 40 angry tenants,” Ada Marsh says of the plan."},
			Quotes: []model.Quote{{Text: "There are two big reasons and 40 angry tenants,", Speaker: "Ada Marsh", Paragraph: 0}},
		}, []string{"Ada Marsh", "Ada Marsh"}},
		{"shares after a named poll", model.Article{Body: []string{
			"A new poll by the Lakeside Civic Institute surveyed voters.",
			"Forty-one percent backed Lin. Another 12 percent were unsure.",
			"Lin gained 3 points since spring.",
			"The ferry strike ended on Monday.",
			"Now 30 percent of the ferries run late.",
		}}, []string{"Lakeside Civic Institute", "Lakeside Civic Institute", "Lakeside Civic Institute", ""}},
		{"a pollster named before the poll word", model.Article{Body: []string{
			"The latest Harbour Pulse poll put Lin at 38 percent.",
		}}, []string{"Harbour Pulse"}},
		{"the outlet is no claimant", model.Article{Outlet: "The Harbour Times",
			Body: []string{"Some 40 boats sank, Harbour Times reporters said.", "About 90 boats sank, local officials said."},
		}, []string{"", "local officials"}},
		{"another outlet is", model.Article{Outlet: "The Harbour Times",
			Body: []string{"Some 40 boats sank, the Valley Post reported."},
		}, []string{"Valley Post"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			a, _ := Extractor{}.Process(context.Background(), tt.a)
			if len(a.Figures) != len(tt.want) {
				t.Fatalf("figures = %+v, want %d", a.Figures, len(tt.want))
			}
			for i, f := range a.Figures {
				if f.Claimant != tt.want[i] {
					t.Errorf("%q claimed by %q, want %q", f.Text, f.Claimant, tt.want[i])
				}
			}
		})
	}
}

// TestDateInferred checks that a figure the text does not date says so.
func TestDateInferred(t *testing.T) {
	a := model.Article{
		Published: "2023-05-14",
		Body:      []string{"On Thursday 40 homes flooded.", "Another 300 homes were flooded."},
		Dates:     []model.DateRef{{Text: "On Thursday", Date: "2023-05-11", Paragraph: 0}},
	}
	a, _ = Extractor{}.Process(context.Background(), a)
	if len(a.Figures) != 2 || a.Figures[0].DateInferred || !a.Figures[1].DateInferred || a.Figures[1].Date != "2023-05-14" {
		t.Errorf("figures = %+v; want the first dated by the text, the second by publication", a.Figures)
	}
}
