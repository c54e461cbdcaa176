package web

import (
	"encoding/xml"
	"io"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/storyline-news/storyline/internal/model"
	"github.com/storyline-news/storyline/internal/store"
	"github.com/storyline-news/storyline/internal/storyview"
)

func wellFormed(t *testing.T, s string) {
	t.Helper()
	d := xml.NewDecoder(strings.NewReader(s))
	for {
		if _, err := d.Token(); err == io.EOF {
			return
		} else if err != nil {
			t.Fatalf("not well-formed: %v\n%s", err, s)
		}
	}
}

func ref(published, outlet string) store.ArticleRef {
	return store.ArticleRef{ID: published + outlet, Published: published, Outlet: outlet}
}

func TestCoverageChart(t *testing.T) {
	tests := []struct {
		name string
		arts []store.ArticleRef
		want []string // in the chart
		not  []string
	}{
		{name: "one article draws nothing", arts: []store.ArticleRef{ref("2024-03-01", "A")}},
		{name: "dates only: per day even within three days",
			arts: []store.ArticleRef{ref("2024-03-01", "Hill Times"), ref("2024-03-02", "Shore Post"), ref("2024-03-02", "")},
			want: []string{"counted per day", "Hill Times", "Shore Post", unknownOutlet, "2 known outlets", "<th scope=\"row\">2 Mar 2024</th>"}},
		{name: "times within three days: per hour",
			arts: []store.ArticleRef{ref("2024-03-01T09:10:00Z", "A"), ref("2024-03-01T11:30:00Z", "B"), ref("2024-03-02T08:00:00+02:00", "A")},
			want: []string{"counted per hour", "<th scope=\"row\">1 Mar 09:00</th>", "<th scope=\"row\">2 Mar 06:00</th>"}},
		{name: "undated said, not drawn",
			arts: []store.ArticleRef{ref("2024-03-01", "A"), ref("2024-03-05", "A"), ref("", "B")},
			want: []string{"1 undated article not shown"}, not: []string{">B<"}},
		{name: "many outlets: top six and the rest",
			arts: []store.ArticleRef{ref("2024-03-01", "O1"), ref("2024-03-01", "O1"), ref("2024-03-01", "O2"), ref("2024-03-01", "O3"),
				ref("2024-03-02", "O4"), ref("2024-03-02", "O5"), ref("2024-03-02", "O6"), ref("2024-03-02", "O7"), ref("2024-03-03", "O8")},
			want: []string{"O1", "O6", "Other outlets", `<g class="other">`}, not: []string{">O7<", ">O8<"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := coverageChart(storyview.View{}, tt.arts)
			if len(tt.want) == 0 {
				if got != "" {
					t.Errorf("drew %s", got)
				}
				return
			}
			wellFormed(t, got)
			for _, w := range tt.want {
				if !strings.Contains(got, w) {
					t.Errorf("chart lacks %q", w)
				}
			}
			for _, n := range tt.not {
				if strings.Contains(got, n) {
					t.Errorf("chart has %q", n)
				}
			}
		})
	}
}

func TestCoverageChartMarksEvents(t *testing.T) {
	arts := []store.ArticleRef{ref("2024-03-01", "A"), ref("2024-03-04", "B")}
	one := coverageChart(storyview.View{Events: []storyview.EventRef{{Title: "Vote", First: "2024-03-01"}}}, arts)
	if strings.Contains(one, `class="mark"`) {
		t.Error("a single event is marked")
	}
	two := coverageChart(storyview.View{Events: []storyview.EventRef{{Title: "Vote", First: "2024-03-01"}, {Title: "Recount & <appeal>", First: "2024-03-04"}}}, arts)
	if strings.Count(two, `<g class="mark">`) != 2 || !strings.Contains(two, "Event: Recount &amp; &lt;appeal&gt; (0 articles)") {
		t.Errorf("events not marked: %s", two)
	}
	// Of many events, the largest are marked.
	var many []storyview.EventRef
	for i := range 20 {
		many = append(many, storyview.EventRef{Title: "E" + strconv.Itoa(i), First: "2024-03-02", Articles: i})
	}
	got := coverageChart(storyview.View{Events: many}, arts)
	if strings.Count(got, `<g class="mark">`) != chartMarks || !strings.Contains(got, "Event: E19 (19 articles)") || strings.Contains(got, "Event: E7 ") ||
		!strings.Contains(got, "its 12 largest events of 20") {
		t.Errorf("not the largest events marked: %s", got)
	}
}

func claim(v float64, who, date string, inferred bool) storyview.Figure {
	return storyview.Figure{Figure: model.Figure{Value: v, Unit: "km2", Claimant: who, Date: date, DateInferred: inferred}, Source: storyview.Source{Outlet: "Post"}}
}

func TestFigureChart(t *testing.T) {
	tests := []struct {
		name   string
		claims []storyview.Figure
		want   []string
		rings  int
	}{
		{name: "one dated claim draws nothing", claims: []storyview.Figure{claim(1000, "A", "2024-03-01", false), claim(2000, "A", "", false)}},
		{name: "dates inferred from the article say nothing about time",
			claims: []storyview.Figure{claim(1000, "A", "2024-03-01", true), claim(2000, "A", "2024-03-02", true)}},
		{name: "a rising series by one claimant",
			claims: []storyview.Figure{claim(1000, "Ada", "2024-03-01", false), claim(2000, "Ada", "2024-03-03", false), claim(3000, "Ada", "2024-03-05", false)},
			want:   []string{"3 dated claims of km2 by 1 claimant, from 1,000 to 3,000.", "Ada"}},
		{name: "claimants disagree on a day",
			claims: []storyview.Figure{claim(1000, "Ada", "2024-03-01", false), claim(1500, "Bo", "2024-03-01", false), claim(2000, "", "2024-03-02", false)},
			want:   []string{"2 claims disagree", "Not attributed", "Bo"}, rings: 2},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := figureChart(storyview.Figures{Unit: "km2", Claims: tt.claims}, "f1")
			if len(tt.want) == 0 {
				if got != "" {
					t.Errorf("drew %s", got)
				}
				return
			}
			wellFormed(t, got)
			for _, w := range tt.want {
				if !strings.Contains(got, w) {
					t.Errorf("chart lacks %q", w)
				}
			}
			if n := strings.Count(got, `r="7"/>`); n != tt.rings {
				t.Errorf("%d rings, want %d", n, tt.rings)
			}
		})
	}
}

func TestMentionsChart(t *testing.T) {
	if got := mentionsChart("Ada", []store.MentionDay{{Day: "2024-03-01", Articles: 1, Mentions: 3}}); got != "" {
		t.Errorf("one day drew a chart")
	}
	got := mentionsChart("Ada <Lovelace>", []store.MentionDay{{Day: "2024-03-01", Articles: 1, Mentions: 3}, {Day: "2024-03-04", Articles: 2, Mentions: 5}})
	wellFormed(t, got)
	for _, w := range []string{"Ada &lt;Lovelace&gt; is named 8 times in 3 articles", "Peak: 4 Mar 2024, 5 mentions", "<th scope=\"row\">4 Mar 2024</th><td>5</td>"} {
		if !strings.Contains(got, w) {
			t.Errorf("chart lacks %q", w)
		}
	}
	// Two years of mentions are counted per month.
	long := mentionsChart("Ada", []store.MentionDay{{Day: "2022-01-05", Articles: 1, Mentions: 1}, {Day: "2022-01-20", Articles: 1, Mentions: 2}, {Day: "2024-06-01", Articles: 1, Mentions: 1}})
	if !strings.Contains(long, "counted per month") || !strings.Contains(long, "<th scope=\"row\">Jan 2022</th><td>3</td>") {
		t.Errorf("long span not per month: %s", long)
	}
}

func TestPlacesMap(t *testing.T) {
	if got := placesMap(storyview.View{Entities: []storyview.Entity{{Name: "Nowhere Special", Type: model.Place, Articles: 2}}}); got != "" {
		t.Errorf("a map of no located place: %s", got)
	}
	v := storyview.View{Entities: []storyview.Entity{
		{Name: "Nairobi", Type: model.Place, Articles: 3},
		{Name: "France", Type: model.Place, Articles: 2},
		{Name: "Nowhere Special", Type: model.Place, Articles: 1},
		{Name: "Nairobi County Council", Type: model.Org, Articles: 9},
	}}
	got := placesMap(v)
	wellFormed(t, got)
	for _, w := range []string{"A map of 2 places the story names: Nairobi (3 articles), France (2 articles).",
		"1 place of 3 could not be placed.", `<path class="land named" d="M`, "<title>France</title>", "<th scope=\"row\">Nairobi</th><td>3</td>"} {
		if !strings.Contains(got, w) {
			t.Errorf("map lacks %q", w)
		}
	}
	if strings.Contains(got, "Nairobi County Council") {
		t.Error("an organisation is mapped")
	}
	// A town of a name the story does not place (its country not named)
	// is left out; a big city needs no country.
	alone := placesMap(storyview.View{Entities: []storyview.Entity{{Name: "Obama", Type: model.Place, Articles: 5}, {Name: "Lagos", Type: model.Place, Articles: 1}}})
	if strings.Contains(alone, ">Obama<") || !strings.Contains(alone, ">Lagos<") || !strings.Contains(alone, "1 place of 2 could not be placed") {
		t.Errorf("town without context: %s", alone)
	}
	withJapan := placesMap(storyview.View{Entities: []storyview.Entity{{Name: "Obama", Type: model.Place, Articles: 5}, {Name: "Japan", Type: model.Place, Articles: 1}}})
	if !strings.Contains(withJapan, ">Obama<") {
		t.Errorf("town in a country the story names is left out")
	}
	// Britain and the United Kingdom are one country, one marker.
	uk := placesMap(storyview.View{Entities: []storyview.Entity{{Name: "Britain", Type: model.Place, Articles: 4}, {Name: "United Kingdom", Type: model.Place, Articles: 2}}})
	if n := strings.Count(uk, `<circle class="place"`); n != 1 {
		t.Errorf("%d markers for one country", n)
	}
}

// benchView is an invented story of 300 articles by 40 outlets over a
// month, naming ten real places, with 30 events.
func benchView() (storyview.View, []store.ArticleRef) {
	var v storyview.View
	var arts []store.ArticleRef
	for i := range 300 {
		at := time.Date(2024, 3, 1, 0, 0, 0, 0, time.UTC).Add(time.Duration(i*i%(30*24)) * time.Hour)
		arts = append(arts, store.ArticleRef{ID: strconv.Itoa(i), Outlet: "Outlet " + strconv.Itoa(i%40), Published: at.Format(time.RFC3339)})
	}
	for i := range 30 {
		v.Events = append(v.Events, storyview.EventRef{Title: "Event " + strconv.Itoa(i), First: time.Date(2024, 3, 1+i, 0, 0, 0, 0, time.UTC).Format(time.DateOnly), Articles: i % 7})
	}
	for i, p := range []string{"Ukraine", "Kyiv", "Kharkiv", "Poland", "Warsaw", "Germany", "Berlin", "Russia", "Moscow", "Odesa"} {
		v.Entities = append(v.Entities, storyview.Entity{Name: p, Type: model.Place, Articles: 10 + i})
	}
	return v, arts
}

func BenchmarkCoverageChart(b *testing.B) {
	v, arts := benchView()
	b.ReportAllocs()
	for b.Loop() {
		coverageChart(v, arts)
	}
}

func BenchmarkPlacesMap(b *testing.B) {
	v, _ := benchView()
	b.ReportAllocs()
	size := 0
	for b.Loop() {
		size = len(placesMap(v))
	}
	b.ReportMetric(float64(size), "bytes")
}

func BenchmarkFigureChart(b *testing.B) {
	var g storyview.Figures
	for i := range 40 {
		g.Claims = append(g.Claims, claim(float64(1000+100*i), "Claimant "+strconv.Itoa(i%5), time.Date(2024, 3, 1+i%20, 0, 0, 0, 0, time.UTC).Format(time.DateOnly), false))
	}
	b.ReportAllocs()
	for b.Loop() {
		figureChart(g, "f")
	}
}

func BenchmarkMentionsChart(b *testing.B) {
	var days []store.MentionDay
	for i := range 400 {
		days = append(days, store.MentionDay{Day: time.Date(2024, 1, 1, 0, 0, 0, 0, time.UTC).AddDate(0, 0, i).Format(time.DateOnly), Articles: 1 + i%3, Mentions: 2 + i%5})
	}
	b.ReportAllocs()
	for b.Loop() {
		mentionsChart("Ada", days)
	}
}
