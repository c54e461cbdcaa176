package storyview

import (
	"strconv"
	"strings"
	"testing"

	"github.com/storyline-news/storyline/internal/model"
)

func TestSourcesLeaveOutUnknownOutlets(t *testing.T) {
	art := func(id, outlet, dup string) model.Article {
		return model.Article{ID: id, Outlet: outlet, DuplicateOf: dup, Headline: "Dam opens " + id, Story: "s", Event: "e",
			Body: []string{"The dam opened on the river."}}
	}
	for _, tc := range []struct {
		name    string
		arts    []model.Article
		sources int
		outlets string
	}{
		{"an unknown outlet is listed but not counted",
			[]model.Article{art("a", "Valley Post", ""), art("b", "Hill Times", ""), art("c", "", "")},
			2, "Hill Times 1, Unknown outlet 1, Valley Post 1"},
		{"two unknown outlets are not two sources",
			[]model.Article{art("a", "", ""), art("b", "", "")},
			0, "Unknown outlet 2"},
		{"a copy is not a source",
			[]model.Article{art("a", "Valley Post", ""), art("b", "Hill Times", "a")},
			1, "Hill Times 1, Valley Post 1"},
	} {
		events, stories, err := Build(tc.arts)
		if err != nil {
			t.Fatal(err)
		}
		v, err := Decode(stories[0].View)
		if err != nil {
			t.Fatal(err)
		}
		var outs []string
		for _, o := range v.Outlets {
			outs = append(outs, o.Name+" "+strconv.Itoa(o.Articles))
		}
		if stories[0].Sources != tc.sources || v.Sources != tc.sources || events[0].Sources != tc.sources {
			t.Errorf("%s: story %d, view %d, event %d sources; want %d", tc.name, stories[0].Sources, v.Sources, events[0].Sources, tc.sources)
		}
		if got := strings.Join(outs, ", "); got != tc.outlets {
			t.Errorf("%s: outlets %q, want %q", tc.name, got, tc.outlets)
		}
	}
}

func TestTimelineOneLinePerSentence(t *testing.T) {
	s := "Talks held on Monday ended before the 26–27 March summit."
	a := &model.Article{ID: "a", Published: "2024-03-28", Headline: "Summit ends", Body: []string{s},
		Dates: []model.DateRef{{Text: "26–27 March", Date: "2024-03-26/2024-03-27"}, {Text: "on Monday", Date: "2024-03-25"}}}
	own, _ := timeline([]*model.Article{a})
	var got []string
	for _, m := range own {
		got = append(got, m.Date+" "+m.Text)
	}
	want := []string{"2024-03-25 " + s, "2024-03-28 Summit ends"}
	if strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Errorf("timeline\n%s\nwant\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
}

func TestRelativeTimeline(t *testing.T) {
	art := func(id, period, dup string) *model.Article {
		return &model.Article{ID: id, Headline: "Headline " + id, Period: period, DuplicateOf: dup}
	}
	for _, tc := range []struct {
		name string
		as   []*model.Article
		want []string
		days int
	}{
		{"ordered by their days, weekdays where the day is pinned",
			[]*model.Article{
				art("late", "2021-03-29/2021-03-29", ""),
				art("early", "2021-03-19/2021-03-19", ""),
				art("span", "2021-03-20/2021-03-24", ""),
				art("copy", "2021-03-19/2021-03-19", "early"),
				art("none", "", ""),
			},
			[]string{"Day 1 · Friday: Headline early", "Days 2–6: Headline span", "Day 11 · Monday: Headline late"}, 11},
		{"nothing placed, no timeline", []*model.Article{art("a", "", ""), art("b", "bad/period", "")}, nil, 0},
	} {
		ms, days := relativeTimeline(tc.as)
		var got []string
		for _, m := range ms {
			if m.Date != "" {
				t.Errorf("%s: a relative moment has the date %q", tc.name, m.Date)
			}
			got = append(got, m.Label+": "+m.Text)
		}
		if strings.Join(got, "\n") != strings.Join(tc.want, "\n") || days != tc.days {
			t.Errorf("%s: got %d days\n%s\nwant %d days\n%s", tc.name, days, strings.Join(got, "\n"), tc.days, strings.Join(tc.want, "\n"))
		}
	}
}

func TestUndatedStoryGetsRelativeTimeline(t *testing.T) {
	arts := []model.Article{
		{ID: "a", Outlet: "Valley Post", Headline: "Dam opens", Period: "2021-03-19/2021-03-19", Story: "s", Event: "e", Body: []string{"The dam opened."}},
		{ID: "b", Outlet: "Hill Times", Headline: "Dam floods", Period: "2021-03-21/2021-03-21", Story: "s", Event: "e", Body: []string{"The dam flooded."}},
	}
	_, stories, err := Build(arts)
	if err != nil {
		t.Fatal(err)
	}
	v, _ := Decode(stories[0].View)
	if len(v.Timeline) != 2 || v.Timeline[0].Label != "Day 1 · Friday" || v.Timeline[1].Label != "Day 3 · Sunday" || v.Days != 3 {
		t.Errorf("undated story: timeline %+v over %d days", v.Timeline, v.Days)
	}
}

func TestUndatedStoryYearsBecomeBackground(t *testing.T) {
	arts := []model.Article{
		{ID: "a", Outlet: "Valley Post", Headline: "Dam opens", Period: "2021-03-19/2021-03-19", Story: "s", Event: "e",
			Body: []string{"The dam was planned in 1990."}, Dates: []model.DateRef{{Text: "in 1990", Date: "1990-01-01/1990-12-31"}}},
		{ID: "b", Outlet: "Hill Times", Headline: "Dam floods", Period: "2021-03-21/2021-03-21", Story: "s", Event: "e", Body: []string{"The dam flooded."}},
	}
	_, stories, err := Build(arts)
	if err != nil {
		t.Fatal(err)
	}
	v, _ := Decode(stories[0].View)
	if len(v.Timeline) != 2 || v.Timeline[0].Label == "" || len(v.Background) != 1 || v.Background[0].Date != "1990-01-01/1990-12-31" {
		t.Errorf("undated story with a year: timeline %+v, background %+v", v.Timeline, v.Background)
	}
}

func TestArticleDay(t *testing.T) {
	arts := []model.Article{
		{ID: "a", Outlet: "Valley Post", Headline: "Dam opens", Period: "2021-03-19/2021-03-19", Story: "s", Event: "e", Body: []string{"The dam opened."}},
		{ID: "b", Outlet: "Hill Times", Headline: "Dam floods", Period: "2021-03-21/2021-03-23", Story: "s", Event: "e", Body: []string{"The dam flooded."}},
		{ID: "c", Outlet: "Coast Wire", Headline: "Dam talk", Story: "s", Event: "e", Body: []string{"People talked about the dam."}},
	}
	_, stories, err := Build(arts)
	if err != nil {
		t.Fatal(err)
	}
	v, _ := Decode(stories[0].View)
	tests := []struct{ name, id, want string }{
		{"one day, with its weekday", "a", "day 1 of the story, a Friday"},
		{"a span of days", "b", "days 3–5 of the story"},
		{"no evidence", "c", ""},
		{"not in the story", "z", ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := ArticleDay(v, tt.id); got != tt.want {
				t.Errorf("ArticleDay(%s) = %q, want %q", tt.id, got, tt.want)
			}
		})
	}
}

func TestPeriodWeekday(t *testing.T) {
	tests := []struct{ name, period, want string }{
		{"one day", "2021-03-19/2021-03-19", "a Friday"},
		{"a span", "2021-03-19/2021-03-21", ""},
		{"none", "", ""},
		{"malformed", "2021-13-40/2021-13-40", ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := PeriodWeekday(tt.period); got != tt.want {
				t.Errorf("PeriodWeekday(%q) = %q, want %q", tt.period, got, tt.want)
			}
		})
	}
}
