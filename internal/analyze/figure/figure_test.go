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
		{"abbreviated scale", "The city lost £3.5bn in trade last year.", 3.5e9, "pounds", "", "", false},
		{"word number", "Seven lifeboats were launched before dawn.", 7, "lifeboats", "", "", false},
		{"word number with scale", "Four million voters stayed at home.", 4e6, "voters", "", "", false},
		{"collective claimant after", "Nearly 300 homes were destroyed, local officials say.", 300, "homes destroyed", "nearly", "local officials", false},
		{"paragraph hedge", "Rebels say they captured 40 tanks. The claim could not be independently verified.", 40, "tanks captured", "", "Rebels", true},
		{"square kilometres normalised", "Troops retook 500 square kilometers of farmland.", 500, "square kilometres", "", "", false},
		{"reportedly", "The fire reportedly destroyed 12 warehouses.", 12, "warehouses destroyed", "", "", true},
		{"reported to have died", "In the port, more than 800 sailors are reported to have died.", 800, "sailors died", "more than", "", true},
		{"allegedly", "The gang allegedly smuggled 60 paintings.", 60, "paintings", "", "", true},
		{"according to", "According to the coastguard, 14 fishermen were rescued.", 14, "fishermen rescued", "", "coastguard", false},
		{"said after the figure", "Some 900 workers lost their jobs, said Maria Lopez.", 900, "workers", "some", "Maria Lopez", false},
		{"dozens of", "Dozens of protesters gathered outside the court.", 24, "protesters", "", "", false},
		{"hundreds of", "Rescuers pulled hundreds of survivors from the rubble.", 200, "survivors", "", "", false},
		{"fraction of", "The rebels hold about a third of the province, analysts say.", 1.0 / 3, "province", "about", "analysts", false},
		{"half of", "Half of the bridges were damaged.", 0.5, "bridges damaged", "", "", false},
		{"percent", "Turnout fell to 41 per cent, the commission said.", 41, "percent", "", "commission", false},
		{"up to", "Up to 5,000 fans are expected.", 5000, "fans", "up to", "", false},
		{"a particle is no qualifier", "The rebels agreed to hand over 30 rifles.", 30, "rifles", "", "", false},
		{"pronoun claimant resolves to the last named person", "Anna Berg, the mayor, toured the site. More than 130 people had been rescued so far, she said.", 130, "people rescued", "more than", "Anna Berg", false},
		{"the next sentence owns the figure", "The army recaptured 2,000 square kilometres. Kovalenko wrote this on Telegram.", 2000, "square kilometres", "", "Kovalenko", false},
		{"a verb ends the unit", "Sixteen orchestras share the festival stage this year.", 16, "orchestras", "", "", false},
		{"an adverb ends the unit", "Two climbers there were treated for frostbite.", 2, "climbers", "", "", false},
		{"a noun-verb word after a plural ends it", "Forty villages face flooding.", 40, "villages", "", "", false},
		{"a noun-verb word after a singular stays", "The carrier ordered 12 cargo transfer vessels.", 12, "cargo transfer vessels", "", "", false},
		{"a verb after the unit, then a participle", "About 60 passengers waited and 20 passengers were injured.", 20, "passengers injured", "", "", false},
		{"subject before an apposition", "Gen Olha Brandt, the commander of the northern group, said her troops had destroyed 40 tanks.", 40, "tanks destroyed", "", "Olha Brandt", false},
		{"towns and cities", "The region is home to 150,000 people across 300 towns and cities.", 300, "towns and cities", "", "", false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			a, err := Extractor{}.Process(context.Background(), model.Article{Body: []string{tt.para}})
			if err != nil {
				t.Fatal(err)
			}
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
	tests := []struct{ name, para string }{
		{"years dates ordinals times", "In 2014 the region was annexed. On 24 February the war began, and on the 200th day a speech was given at 10:30."},
		{"durations", "They have waited for 31 days, and the siege is now three weeks old after 48 hours of shelling."},
		{"one of", "One of the ministers said it was one app among many."},
		{"the two sides", "The two sides met in a hotel, and both of the three leaders spoke."},
		{"half an hour", "The meeting lasted half an hour."},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			a, _ := Extractor{}.Process(context.Background(), model.Article{Body: []string{tt.para}})
			if len(a.Figures) != 0 {
				t.Errorf("taken as figures: %+v", a.Figures)
			}
		})
	}
}

func TestClaimantFromEntities(t *testing.T) {
	a := model.Article{
		Body: []string{"Mr Petrenko said 4,000 homes had no power."},
		Entities: []model.Entity{
			{Name: "Oleh Petrenko", Type: model.Person, Aliases: []string{"Mr Petrenko", "Petrenko"}},
		},
	}
	a, _ = Extractor{}.Process(context.Background(), a)
	if len(a.Figures) != 1 || a.Figures[0].Claimant != "Oleh Petrenko" {
		t.Errorf("figures = %+v, want one claimed by Oleh Petrenko", a.Figures)
	}
}

func TestHedgeParagraph(t *testing.T) {
	a, _ := Extractor{}.Process(context.Background(), model.Article{Body: []string{
		"The army said it had destroyed 40 tanks.",
		"The claims could not be independently verified.",
		"Farmers planted 300 hectares of wheat.",
	}})
	if len(a.Figures) != 2 {
		t.Fatalf("figures = %+v", a.Figures)
	}
	if a.Figures[0].Hedge == "" || a.Figures[0].Verified {
		t.Errorf("a hedge in its own paragraph did not reach the figure before it: %+v", a.Figures[0])
	}
	if a.Figures[1].Hedge != "" {
		t.Errorf("the hedge reached a later paragraph: %+v", a.Figures[1])
	}
}

func TestClaimantByOffice(t *testing.T) {
	tests := []struct {
		name, para string
		ents       []model.Entity
		want       string
	}{
		{"the one president of the article", "More than 130 people were rescued, the Moldovan president said.",
			[]model.Entity{{Name: "Ana Rusu", Type: model.Person, Aliases: []string{"President Rusu", "Rusu"}}}, "Ana Rusu"},
		{"the title inside a longer alias", "More than 130 people were rescued, the president said.",
			[]model.Entity{{Name: "Ana Rusu", Type: model.Person, Aliases: []string{"Moldovan President Ana Rusu"}}}, "Ana Rusu"},
		{"two presidents: nobody in particular", "More than 130 people were rescued, the president said.",
			[]model.Entity{{Name: "Ana Rusu", Type: model.Person, Aliases: []string{"President Rusu"}},
				{Name: "Ion Popa", Type: model.Person, Aliases: []string{"President Popa"}}}, "president"},
		{"an office nobody holds here", "More than 130 people were rescued, the mayor said.",
			[]model.Entity{{Name: "Ana Rusu", Type: model.Person, Aliases: []string{"President Rusu"}}}, "mayor"},
		{"prime minister", "Some 900 jobs will go, the prime minister said.",
			[]model.Entity{{Name: "Ion Popa", Type: model.Person, Aliases: []string{"Prime Minister Popa"}},
				{Name: "Ana Rusu", Type: model.Person, Aliases: []string{"Minister Rusu"}}}, "Ion Popa"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			a, _ := Extractor{}.Process(context.Background(), model.Article{Body: []string{tt.para}, Entities: tt.ents})
			if len(a.Figures) != 1 || a.Figures[0].Claimant != tt.want {
				t.Errorf("figures = %+v, want one claimed by %q", a.Figures, tt.want)
			}
		})
	}
}

func TestFigureDates(t *testing.T) {
	para := "On Thursday evening, the governor put the toll at 40 dead, and on Saturday at 65 dead. Crews found 12 cars."
	a := model.Article{
		Published: "2023-05-14",
		Body:      []string{para, "Another 300 homes were flooded."},
		Dates: []model.DateRef{
			{Text: "On Thursday evening", Date: "2023-05-11", Paragraph: 0},
			{Text: "on Saturday", Date: "2023-05-13", Paragraph: 0},
		},
	}
	a, _ = Extractor{}.Process(context.Background(), a)
	want := map[float64]string{40: "2023-05-11", 65: "2023-05-13", 12: "2023-05-14", 300: "2023-05-14"}
	if len(a.Figures) != len(want) {
		t.Fatalf("figures = %+v", a.Figures)
	}
	for _, f := range a.Figures {
		if f.Date != want[f.Value] {
			t.Errorf("%q dated %q, want %q", f.Text, f.Date, want[f.Value])
		}
	}
}

func BenchmarkExtractor(b *testing.B) {
	body := []string{
		"The health ministry said at least 1,204 people had been killed and 3,100 wounded since the fighting began on 3 May.",
		"Officials estimate that 2.5 million residents have left, and nearly 300 homes were destroyed, local officials say.",
		"Rebels say they captured 40 tanks and dozens of armoured vehicles. The claim could not be independently verified.",
		"Anna Berg, the mayor, toured the site on Thursday. More than 130 people had been rescued so far, she said.",
		"The region, home to 150,000 people across 300 towns and cities, lost about a third of its farmland and £3.5bn in trade.",
		"According to the coastguard, 14 fishermen were rescued, and up to 5,000 fans are expected at the match on Sunday.",
	}
	for len(body) < 30 {
		body = append(body, body[:6]...)
	}
	a := model.Article{Body: body, Published: "2023-05-14", Entities: []model.Entity{
		{Name: "Anna Berg", Type: model.Person, Aliases: []string{"Berg", "Ms Berg"}},
	}}
	b.ReportAllocs()
	for i := 0; i < b.N; i++ {
		if _, err := (Extractor{}).Process(context.Background(), a); err != nil {
			b.Fatal(err)
		}
	}
	b.ReportMetric(float64(b.N)/b.Elapsed().Seconds(), "articles/s")
}

func TestOddInput(t *testing.T) {
	a := model.Article{
		Body:      []string{"", "99999999999999999999999 people and 1e400 £ $ € . , 3,", "İstanbul ÇAĞ: 12 ünïcode şehir, he said.", "\x00\xff 7 broken bytes"},
		Sentences: []model.Sentence{{Para: 9, Start: 0, End: 4}, {Para: 1, Start: 5, End: 2}},
		Mentions:  []model.Mention{{Entity: 7, Para: 0}},
		Dates:     []model.DateRef{{Text: "", Date: "2023-01-01", Paragraph: 2}, {Text: "x", Date: "bad", Paragraph: 99}},
	}
	got, err := (Extractor{}).Process(context.Background(), a)
	if err != nil {
		t.Fatal(err)
	}
	// Paragraphs the sentence stage left without sentences are split here.
	var seven bool
	for _, f := range got.Figures {
		seven = seven || f.Value == 7 && f.Paragraph == 3
	}
	if !seven {
		t.Errorf("figure of an unsplit paragraph missed: %+v", got.Figures)
	}
}
