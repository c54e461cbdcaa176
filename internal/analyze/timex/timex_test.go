package timex

import (
	"context"
	"testing"

	"github.com/storyline-news/storyline/internal/model"
)

func TestResolve(t *testing.T) {
	// Published on Wednesday 2023-05-17.
	tests := []struct {
		name, para, text, want string
	}{
		{"past weekday", "The mayor resigned on Monday evening.", "on Monday evening", "2023-05-15"},
		{"future weekday", "The council will vote on Friday.", "on Friday", "2023-05-19"},
		{"same weekday in the past", "Police said on Wednesday that two men were held.", "on Wednesday", "2023-05-17"},
		{"last weekday", "It opened last Wednesday.", "last Wednesday", "2023-05-10"},
		{"yesterday", "The bridge closed yesterday.", "yesterday", "2023-05-16"},
		{"last night", "Fire crews were called last night.", "last night", "2023-05-16"},
		{"tomorrow", "Talks resume tomorrow.", "tomorrow", "2023-05-18"},
		{"this week", "Prices rose this week.", "this week", "2023-05-15/2023-05-21"},
		{"over the weekend", "Crowds gathered over the weekend.", "over the weekend", "2023-05-13/2023-05-14"},
		{"day month", "The dam failed on 3 May.", "3 May", "2023-05-03"},
		{"month day year", "It was signed on March 10, 2021.", "March 10, 2021", "2021-03-10"},
		{"late December read as last year", "The scheme began on 28 December.", "28 December", "2022-12-28"},
		{"range", "The summit will be held between 20 and 22 June.", "between 20 and 22 June", "2023-06-20/2023-06-22"},
		{"month", "Prices fell in March.", "in March", "2023-03-01/2023-03-31"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			a := []model.Article{{Published: "2023-05-17", Body: []string{tt.para}}}
			if err := (Dater{}).Apply(context.Background(), a); err != nil {
				t.Fatal(err)
			}
			for _, d := range a[0].Dates {
				if d.Text == tt.text {
					if d.Date != tt.want {
						t.Errorf("%q → %q, want %q", d.Text, d.Date, tt.want)
					}
					return
				}
			}
			t.Errorf("%q not found in %+v", tt.text, a[0].Dates)
		})
	}
}

func TestInferPublished(t *testing.T) {
	tests := []struct {
		name string
		year int
		body []string
		want string
	}{
		{"day count from a start another article dates", 2021, []string{"Strikers marked the 40th day of the strike outside the gates on Saturday."}, "2021-04-10"},
		{"tomorrow before a future date", 2021, []string{"Negotiators meet again tomorrow.", "The next round will run between 14 and 16 July."}, "2021-07-13"},
		{"weeks into a campaign and a weekday", 2021, []string{"More than two weeks into the campaign, the army said on Thursday it had retaken the town."}, "2021-03-18"},
		{"no year hint and no stated year: unknown", 0, []string{"The 40th day of the strike passed quietly on Saturday."}, ""},
		{"weekdays alone do not pin a date", 2021, []string{"The minister spoke on Tuesday and again on Wednesday."}, ""},
	}
	anchorDoc := model.Article{Published: "2021-03-05", Body: []string{"The strike began on 2 March, when workers walked out."}}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			arts := []model.Article{anchorDoc, {Body: tt.body}}
			if tt.name == "weeks into a campaign and a weekday" {
				arts[0].Body = []string{"The campaign was launched on 1 March."}
			}
			if err := (Dater{Year: tt.year}).Apply(context.Background(), arts); err != nil {
				t.Fatal(err)
			}
			got := arts[1]
			if got.Published != tt.want {
				t.Fatalf("published = %q, want %q (evidence %q)", got.Published, tt.want, got.PublishedEvidence)
			}
			if tt.want != "" && (!got.PublishedInferred || got.PublishedEvidence == "") {
				t.Errorf("inferred date without the flag or evidence: %+v", got)
			}
		})
	}
}

func BenchmarkDater(b *testing.B) {
	body := []string{
		"Ministers will meet on Tuesday, a week after talks collapsed on 3 May, officials said yesterday.",
		"The strike, now in its sixth week, began on 2 April. More than two weeks into the campaign, unions said on Friday they would go on.",
		"Between 20 and 22 June a summit will be held; in March prices fell, and last night the council voted.",
	}
	arts := make([]model.Article, 50)
	for i := range arts {
		arts[i] = model.Article{Body: body}
	}
	b.ReportAllocs()
	for i := 0; i < b.N; i++ {
		for j := range arts {
			arts[j].Published = ""
		}
		(Dater{Year: 2023}).Apply(context.Background(), arts)
	}
	b.ReportMetric(float64(b.N*len(arts))/b.Elapsed().Seconds(), "articles/s")
}
