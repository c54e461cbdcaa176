package timex

import (
	"context"
	"strings"
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
		{"past weekday before a reported future", "The company on Friday claimed it would cut prices.", "on Friday", "2023-05-12"},
		{"possessive weekday ahead", "Tuesday’s vote will be the first since the spring.", "Tuesday’s", "2023-05-23"},
		{"until a weekday", "The border stays closed until Friday.", "until Friday", "2023-05-19"},
		{"until in the past", "The road remained closed until Monday.", "until Monday", "2023-05-15"},
		{"same weekday in the past", "Police said on Wednesday that two men were held.", "on Wednesday", "2023-05-17"},
		{"last weekday", "It opened last Wednesday.", "last Wednesday", "2023-05-10"},
		{"next weekday", "The board meets next Wednesday.", "next Wednesday", "2023-05-24"},
		{"early hours", "The blast came in the early hours of Saturday.", "in the early hours of Saturday", "2023-05-13"},
		{"weekday night", "Crews worked through Monday night.", "Monday night", "2023-05-15"},
		{"yesterday", "The bridge closed yesterday.", "yesterday", "2023-05-16"},
		{"last night", "Fire crews were called last night.", "last night", "2023-05-16"},
		{"tomorrow", "Talks resume tomorrow.", "tomorrow", "2023-05-18"},
		{"days ago", "The ship sank two days ago.", "two days ago", "2023-05-15"},
		{"this week", "Prices rose this week.", "this week", "2023-05-15/2023-05-21"},
		{"over the weekend", "Crowds gathered over the weekend.", "over the weekend", "2023-05-13/2023-05-14"},
		{"earlier this month", "The plant shut earlier this month.", "earlier this month", "2023-05-01/2023-05-31"},
		{"day month", "The dam failed on 3 May.", "3 May", "2023-05-03"},
		{"month day year", "It was signed on March 10, 2021.", "March 10, 2021", "2021-03-10"},
		{"late December read as last year", "The scheme began on 28 December.", "28 December", "2022-12-28"},
		{"range", "The summit will be held between 20 and 22 June.", "between 20 and 22 June", "2023-06-20/2023-06-22"},
		{"month", "Prices fell in March.", "in March", "2023-03-01/2023-03-31"},
		{"past month of last year", "The pact was agreed in December.", "in December", "2022-12-01/2022-12-31"},
		{"year", "The region was seized in 2014.", "in 2014", "2014-01-01/2014-12-31"},
		{"day count from a dated start", "The strike began on 2 May. On the 10th day of the strike, talks opened.", "the 10th day of the strike", "2023-05-11"},
		{"the day last named", "Shares slid on Monday. The index fell 3%, ending the day at 7,114.", "ending the day", "2023-05-15"},
		{"the same day", "The bank failed on 3 May. A report released on the same day showed losses.", "the same day", "2023-05-03"},
		{"the day of publication", "The index rebounded later in the day.", "later in the day", "2023-05-17"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			a, err := Resolver{}.Process(context.Background(), model.Article{Published: "2023-05-17", Body: []string{tt.para}})
			if err != nil {
				t.Fatal(err)
			}
			for _, d := range a.Dates {
				if d.Text == tt.text {
					if d.Date != tt.want {
						t.Errorf("%q → %q, want %q", d.Text, d.Date, tt.want)
					}
					return
				}
			}
			t.Errorf("%q not found in %+v", tt.text, a.Dates)
		})
	}
}

func TestNotDates(t *testing.T) {
	a, _ := Resolver{}.Process(context.Background(), model.Article{Published: "2023-05-17", Body: []string{
		"Shares fell further than on Black Monday, and the band played Good Friday songs.",
		"At the end of the day, the coach said, a win is a win.",
	}})
	if len(a.Dates) != 0 {
		t.Errorf("named days read as dates: %+v", a.Dates)
	}
}

func TestInferPublished(t *testing.T) {
	tests := []struct {
		name string
		year int
		body []string
		want string
	}{
		{"day count from a start the text dates", 2021, []string{
			"The strike began on 2 March, when workers walked out.",
			"Pickets marked the 40th day of the strike outside the gates on Saturday."}, "2021-04-10"},
		{"tomorrow before a planned date", 2021, []string{
			"Negotiators meet again tomorrow.", "The next round will run between 14 and 16 July."}, "2021-07-13"},
		{"weeks into a campaign and a weekday", 2021, []string{
			"The campaign was launched on 1 March.",
			"More than two weeks into the campaign, the army said on Thursday it had retaken the town."}, "2021-03-18"},
		{"today beside its date", 2023, []string{
			"Today, 5 June, the council met for the last time.", "The mayor spoke on Monday."}, "2023-06-05"},
		{"weekday with a date corrects the year hint", 2021, []string{
			"The treaty was signed on Tuesday, March 29, after a night of talks.",
			"Opposition leaders said on Wednesday they would challenge it."}, "2022-03-30"},
		{"year implied by a count of years, no hint", 0, []string{
			"Rebels have fought for the past eight years, since the region was seized in 2014.",
			"The war began on 24 February, and the 200th day of the war passed quietly."}, "2022-09-11"},
		{"no year hint and no stated year: unknown", 0, []string{
			"The strike began on 2 March.", "The 40th day of the strike passed quietly on Saturday."}, ""},
		{"weekdays alone do not pin a date", 2021, []string{"The minister spoke on Tuesday and again on Wednesday."}, ""},
		{"a loose age of a war alone is thin", 2022, []string{
			"The war began on 24 February.", "Nobody expects the six-month war to end soon."}, ""},
		{"a count without its start is thin", 2022, []string{
			"On the 200th day of the war, the president spoke on Sunday evening."}, ""},
		{"contradicting clues give no date", 2021, []string{
			"The strike began on 2 March.", "It is the 40th day of the strike.",
			"Negotiators meet again tomorrow; the next round will run between 14 and 16 July."}, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := Resolver{Year: tt.year}.Process(context.Background(), model.Article{Body: tt.body})
			if err != nil {
				t.Fatal(err)
			}
			if got.Published != tt.want {
				t.Fatalf("published = %q, want %q (evidence %q)", got.Published, tt.want, got.PublishedEvidence)
			}
			if tt.want == "" {
				if got.PublishedInferred || got.PublishedEvidence != "" {
					t.Errorf("no date but flagged as inferred: %+v", got)
				}
				return
			}
			if !got.PublishedInferred || !strings.Contains(got.PublishedEvidence, tt.want) {
				t.Errorf("inferred date without the flag or evidence: %+v", got)
			}
		})
	}
}

func TestKnownPublishedKept(t *testing.T) {
	a, _ := Resolver{Year: 2021}.Process(context.Background(), model.Article{Published: "2020-01-02T10:00:00Z",
		Body: []string{"The strike began on 2 March.", "It is the 40th day of the strike."}})
	if a.Published != "2020-01-02T10:00:00Z" || a.PublishedInferred {
		t.Errorf("a given publication date was replaced: %+v", a)
	}
	if len(a.Dates) != 2 || a.Dates[1].Date != "2019-04-10" {
		t.Errorf("dates against a datetime: %+v", a.Dates)
	}
}

// article is an article-length text written for the benchmarks.
var article = []string{
	"Ministers will meet on Tuesday, a week after talks collapsed on 3 May, officials said yesterday.",
	"The strike, now in its sixth week, began on 2 April. More than two weeks into the campaign, unions said on Friday they would go on.",
	"Between 20 and 22 June a summit will be held; in March prices fell, and last night the council voted.",
	"The union leader, who has led the walkout for the past three years, said on Monday evening that 1,200 members had joined since 2020.",
	"On the 40th day of the strike, in the early hours of Saturday, pickets lit fires outside the gates.",
	"Talks resume tomorrow, the mediator said, and a deal could come this week or over the weekend.",
	"The company on Thursday claimed it would cut prices by 5 percent next month, and shares rose earlier this month.",
	"Two days ago a court in the capital heard the case, which dates from 14 October 2019.",
}

func BenchmarkResolver(b *testing.B) {
	var body []string
	for len(body) < 32 {
		body = append(body, article...)
	}
	r := Resolver{Year: 2023}
	b.ReportAllocs()
	for i := 0; i < b.N; i++ {
		if _, err := r.Process(context.Background(), model.Article{Body: body}); err != nil {
			b.Fatal(err)
		}
	}
	b.ReportMetric(float64(b.N)/b.Elapsed().Seconds(), "articles/s")
}

func BenchmarkDater(b *testing.B) {
	arts := make([]model.Article, 50)
	b.ReportAllocs()
	for i := 0; i < b.N; i++ {
		for j := range arts {
			arts[j] = model.Article{Body: article}
		}
		if err := (Dater{Year: 2023}).Apply(context.Background(), arts); err != nil {
			b.Fatal(err)
		}
	}
	b.ReportMetric(float64(b.N*len(arts))/b.Elapsed().Seconds(), "articles/s")
}

func TestOddInput(t *testing.T) {
	bodies := [][]string{
		nil,
		{""},
		{"between 31 and 2 February, on 30 February, on the 0th day of the war, 99999th day of the strike"},
		{"İstanbul ÇAĞ on Monday ünïcode 24 Февраля tomorrow", "\x00\xff broken bytes on 2 March"},
		{"The war began on 24 February 1900.", "The 9999th day of the war fell on a Tuesday, tomorrow, between 28 and 30 March."},
	}
	for i, body := range bodies {
		for _, pub := range []string{"", "2023-05-17", "garbage", "2023-13-45"} {
			a, err := Resolver{Year: 2022}.Process(context.Background(), model.Article{Published: pub, Body: body})
			if err != nil {
				t.Fatalf("body %d: %v", i, err)
			}
			for _, d := range a.Dates {
				if d.Paragraph < 0 || d.Paragraph >= len(body) {
					t.Errorf("body %d: paragraph %d out of range", i, d.Paragraph)
				}
			}
		}
	}
}
