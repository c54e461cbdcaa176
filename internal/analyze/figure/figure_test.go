package figure

import (
	"context"
	"testing"

	"github.com/storyline-news/storyline/internal/model"
)

func TestFigures(t *testing.T) {
	tests := []struct {
		name, para string
		value      float64
		unit       string
		qualifier  string
		claimant   string
		hedged     bool
	}{
		{"digits with qualifier and claimant", "The health ministry said at least 1,204 people had been killed.", 1204, "people killed", "at least", "health ministry", false},
		{"scale word", "Officials estimate that 2.5 million residents have left.", 2.5e6, "residents", "", "Officials", true},
		{"word number", "Seven lifeboats were launched before dawn.", 7, "lifeboats", "", "", false},
		{"collective claimant after", "Nearly 300 homes were destroyed, local officials say.", 300, "homes", "nearly", "local officials", false},
		{"paragraph hedge", "Rebels say they captured 40 tanks. The claim could not be independently verified.", 40, "tanks", "", "Rebels", true},
		{"square kilometres normalised", "Troops retook 500 square kilometers of farmland.", 500, "square kilometres", "", "", false},
		{"reportedly", "The fire reportedly destroyed 12 warehouses.", 12, "warehouses", "", "", true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			a, _ := Extractor{}.Process(context.Background(), model.Article{Body: []string{tt.para}})
			for _, f := range a.Figures {
				if f.Value != tt.value {
					continue
				}
				if f.Unit != tt.unit || f.Qualifier != tt.qualifier || f.Claimant != tt.claimant || (f.Hedge != "") != tt.hedged {
					t.Errorf("got %+v", f)
				}
				if f.Verified == (tt.hedged || tt.claimant != "") {
					t.Errorf("verified = %v for %+v", f.Verified, f)
				}
				return
			}
			t.Errorf("value %v not found in %+v", tt.value, a.Figures)
		})
	}
}

func TestNotFigures(t *testing.T) {
	a, _ := Extractor{}.Process(context.Background(), model.Article{Body: []string{
		"In 2014 the region was annexed. On 24 February the war began, and on the 200th day a speech was given at 10:30.",
	}})
	if len(a.Figures) != 0 {
		t.Errorf("years, dates, ordinals and times taken as figures: %+v", a.Figures)
	}
}

func BenchmarkExtractor(b *testing.B) {
	body := []string{
		"The health ministry said at least 1,204 people had been killed and 3,100 wounded since the fighting began.",
		"Officials estimate that 2.5 million residents have left, and nearly 300 homes were destroyed, local officials say.",
		"Rebels say they captured 40 tanks. The claim could not be independently verified.",
	}
	for len(body) < 30 {
		body = append(body, body[:3]...)
	}
	a := model.Article{Body: body}
	b.ReportAllocs()
	for i := 0; i < b.N; i++ {
		Extractor{}.Process(context.Background(), a)
	}
	b.ReportMetric(float64(b.N)/b.Elapsed().Seconds(), "articles/s")
}
