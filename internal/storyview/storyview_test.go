package storyview

import (
	"fmt"
	"strings"
	"testing"

	"github.com/storyline-news/storyline/internal/model"
)

func ent(names ...string) []model.Entity {
	var es []model.Entity
	for i, n := range names {
		es = append(es, model.Entity{Name: n, Type: model.Person, Mentions: 5 - i})
	}
	return es
}

func corpus() []model.Article {
	return []model.Article{
		{ID: "a", Outlet: "North Gazette", Published: "2024-05-01", Headline: "Dam inspectors raise alarm",
			Body:     []string{"Inspectors found cracks in the Lenny dam on Tuesday. Engineers were called in."},
			Entities: ent("Lenny Dam", "Rosa Imbert"),
			Quotes:   []model.Quote{{Text: "We have weeks, not months.", Speaker: "Imbert", Kind: model.QuoteDirect}},
			Figures:  []model.Figure{{Text: "12 cracks", Value: 12, Unit: "cracks", Date: "2024-04-30"}},
			Dates:    []model.DateRef{{Text: "on Tuesday", Date: "2024-04-30", Paragraph: 0}}},
		{ID: "b", Outlet: "Coast Daily", Published: "2024-05-02", Headline: "Town below dam prepares",
			Body:     []string{"Residents below the Lenny dam packed sandbags."},
			Entities: []model.Entity{{Name: "Lenny Dam", Type: model.Place, Mentions: 3}, {Name: "Rosa Imbert", Type: model.Person, Aliases: []string{"Imbert"}, Mentions: 2}},
			Quotes:   []model.Quote{{Text: "Nobody should panic.", Speaker: "Rosa Imbert", Kind: model.QuoteDirect}},
			Figures:  []model.Figure{{Text: "15 cracks", Value: 15, Unit: "cracks", Date: "2024-05-02"}}},
		{ID: "c", Outlet: "Coast Daily", Published: "2024-05-02", Headline: "Town below dam prepares (copy)",
			Body:     []string{"Residents below the Lenny  dam packed sandbags."},
			Entities: ent("Lenny Dam", "Rosa Imbert")},
		{ID: "d", Outlet: "North Gazette", Published: "2024-05-09", Headline: "Chess club wins cup",
			Body:     []string{"The club won the regional cup."},
			Entities: ent("Tomas Weld", "Aldercroft")},
	}
}

// assign gives the corpus its clusters as clustering numbers them, in
// input order: the dam reports are one event of one story, c a copy of b;
// the chess report is another. Views are built over whatever clustering
// left, so the tests here do not run it.
func assign(arts []model.Article) {
	group := map[string]string{"a": "dam", "b": "dam", "c": "dam", "d": "chess"}
	num := map[string]int{}
	for i := range arts {
		g := group[arts[i].ID]
		if _, ok := num[g]; !ok {
			num[g] = len(num) + 1
		}
		arts[i].Story, arts[i].Event = fmt.Sprintf("s%d", num[g]), fmt.Sprintf("e%d", num[g])
		if arts[i].ID == "c" {
			arts[i].DuplicateOf = "b"
		}
	}
}

func TestStableIDs(t *testing.T) {
	a := corpus()
	assign(a)
	StableIDs(a)
	b := corpus()
	b[0], b[3] = b[3], b[0] // another input order numbers the clusters differently
	assign(b)
	StableIDs(b)
	if a[0].Story == "" || a[0].Story != b[3].Story || a[3].Story != b[0].Story || a[0].Event != b[3].Event {
		t.Errorf("IDs depend on input order: %q/%q vs %q/%q", a[0].Story, a[3].Story, b[3].Story, b[0].Story)
	}
}

func TestBuild(t *testing.T) {
	arts := corpus()
	assign(arts)
	StableIDs(arts)
	events, stories, err := Build(arts)
	if err != nil {
		t.Fatal(err)
	}
	if len(stories) != 2 || len(events) < 2 {
		t.Fatalf("%d stories, %d events; want 2 stories", len(stories), len(events))
	}
	var dam View
	for _, s := range stories {
		if s.ID == arts[0].Story {
			if dam, err = Decode(s.View); err != nil {
				t.Fatal(err)
			}
			if s.Sources != 2 || s.Articles != 3 {
				t.Errorf("dam story: %d sources, %d articles; want 2 (copy not counted), 3", s.Sources, s.Articles)
			}
		}
	}
	if dam.Title != "Dam inspectors raise alarm" || dam.First != "2024-05-01" || dam.Last != "2024-05-02" {
		t.Errorf("view = %q %s..%s", dam.Title, dam.First, dam.Last)
	}
	if len(dam.Speakers) != 1 || dam.Speakers[0].Name != "Rosa Imbert" || len(dam.Speakers[0].Quotes) != 2 {
		t.Errorf("speakers = %+v; want Rosa Imbert with both quotes (alias resolved)", dam.Speakers)
	}
	if len(dam.Figures) != 1 || !dam.Figures[0].Series || dam.Figures[0].Disagree {
		t.Errorf("figures = %+v; want cracks as a series (12 on one day, 15 the next)", dam.Figures)
	}
	found := false
	for _, m := range dam.Timeline {
		if m.Date == "2024-04-30" && m.Text == "Inspectors found cracks in the Lenny dam on Tuesday." {
			found = true
		}
	}
	if !found {
		t.Errorf("timeline lacks the dated sentence: %+v", dam.Timeline)
	}
	// The newer, single-source story ranks below the two-source one a week older? No:
	// three-day halving puts a week-old two-source story under a fresh one-source story.
	var damRank, chessRank float64
	for _, s := range stories {
		if s.ID == arts[0].Story {
			damRank = s.Rank
		} else {
			chessRank = s.Rank
		}
	}
	if !(chessRank > damRank) {
		t.Errorf("rank: fresh story %v, week-old story %v; want the fresh one first", chessRank, damRank)
	}
}

func TestRank(t *testing.T) {
	tests := []struct {
		name           string
		sources        int
		last, newest   string
		wantAbove      float64
		wantAtMostThis float64
	}{
		{"today keeps its breadth", 4, "2024-05-09", "2024-05-09", 3.99, 4},
		{"three days halves it", 4, "2024-05-06", "2024-05-09", 1.99, 2},
		{"undated sinks", 4, "", "2024-05-09", 0, 0.01},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := Rank(tt.sources, tt.last, tt.newest)
			if got <= tt.wantAbove || got > tt.wantAtMostThis {
				t.Errorf("rank = %v, want in (%v, %v]", got, tt.wantAbove, tt.wantAtMostThis)
			}
		})
	}
}

func TestJudgeFigures(t *testing.T) {
	claim := func(v float64, who, date string) Figure {
		return Figure{Figure: model.Figure{Value: v, Unit: "deaths", Claimant: who}, Source: Source{Published: date}}
	}
	in := func(article string, c Figure) Figure { c.Article = article; return c }
	vague := func(c Figure, low, high float64) Figure { c.Low, c.High, c.Vague = low, high, true; return c }
	stated := func(c Figure) Figure { c.Date = c.Published; return c }
	outlet := func(c Figure, o string) Figure { c.Outlet = o; return c }
	for _, tc := range []struct {
		name             string
		claims           []Figure
		disagree, series bool
	}{
		{"same value from two sources", []Figure{claim(10, "police", "2024-01-01"), claim(10, "mayor", "2024-01-01")}, false, false},
		{"two values the same day", []Figure{claim(10, "police", "2024-01-01"), claim(14, "mayor", "2024-01-01")}, true, false},
		{"one source's rising toll", []Figure{claim(10, "police", "2024-01-01"), claim(14, "police", "2024-01-02"), claim(20, "police", "2024-01-04")}, false, true},
		{"a toll that goes back", []Figure{claim(10, "police", "2024-01-01"), claim(14, "police", "2024-01-02"), claim(9, "mayor", "2024-01-03")}, true, false},
		{"undated claims that differ", []Figure{claim(10, "police", ""), claim(30, "rebels", "")}, true, false},
		{"within rounding", []Figure{claim(1000, "police", "2024-01-01"), claim(1010, "mayor", "2024-01-01")}, false, false},
		{"two figures of one article", []Figure{in("x", claim(1119, "UN", "2024-01-01")), in("x", claim(3000, "", "2024-01-01"))}, false, false},
		{"two claimants in two articles", []Figure{in("x", claim(1119, "UN", "2024-01-01")), in("y", claim(3000, "rebels", "2024-01-01"))}, true, false},
		{"a vague range holding the exact figure", []Figure{in("x", claim(1119, "UN", "2024-01-01")), in("y", vague(claim(1000, "rebels", "2024-01-01"), 1000, 9999))}, false, false},
		{"a vague range that does not hold it", []Figure{in("x", claim(12000, "UN", "2024-01-01")), in("y", vague(claim(1000, "rebels", "2024-01-01"), 1000, 9999))}, true, false},
		{"two sources without stated dates are no change over time", []Figure{in("x", claim(12e6, "council", "2024-01-01")), in("y", claim(15e6, "internal report", "2024-01-05"))}, true, false},
		{"two sources on the dates they state", []Figure{in("x", stated(claim(40, "police", "2024-01-01"))), in("y", stated(claim(65, "governor", "2024-01-03")))}, false, true},
		{"one outlet unattributed on two days", []Figure{in("x", outlet(claim(40, "", "2024-01-01"), "Gazette")), in("y", outlet(claim(65, "", "2024-01-03"), "Gazette"))}, false, true},
	} {
		f := Figures{Unit: "death", Claims: tc.claims}
		judge(&f)
		if f.Disagree != tc.disagree || f.Series != tc.series {
			t.Errorf("%s: disagree %v series %v; want %v %v", tc.name, f.Disagree, f.Series, tc.disagree, tc.series)
		}
	}
}

func TestSummariseDrawsOnSeveralSources(t *testing.T) {
	a := &model.Article{ID: "a", Outlet: "North Gazette", Published: "2024-05-01", Body: []string{
		"Engineers found deep cracks in the Lenny dam on Tuesday and ordered the reservoir lowered.",
		"The dam, built in 1962, holds back the river above three villages.",
		"Local officials said the villages would not be evacuated for now.",
	}}
	b := &model.Article{ID: "b", Outlet: "Coast Daily", Published: "2024-05-02", Body: []string{
		"Engineers ordered the reservoir behind the cracked Lenny dam lowered after inspectors found deep cracks.",
		"Three villages below the dam were told to prepare for an evacuation if the cracks widen.",
	}}
	c := &model.Article{ID: "c", Outlet: "Coast Daily", Published: "2024-05-02", DuplicateOf: "b", Body: b.Body}
	lines := summarise([]*model.Article{a, b, c}, nil)
	if len(lines) < 2 || len(lines) > 3 {
		t.Fatalf("summary has %d lines: %+v", len(lines), lines)
	}
	arts := map[string]bool{}
	for i, l := range lines {
		arts[l.Article] = true
		if l.Article == "c" {
			t.Errorf("line %d comes from a copy", i)
		}
		for j := 0; j < i; j++ {
			if o := overlap(contentWords(l.Text), contentWords(lines[j].Text)); o >= sameThing {
				t.Errorf("lines %d and %d say the same thing (overlap %.2f)", j, i, o)
			}
		}
	}
	if !arts["a"] || !arts["b"] {
		t.Errorf("summary draws on %v; want both independent articles: %+v", arts, lines)
	}
}

func TestViewBounded(t *testing.T) {
	var arts []model.Article
	for i := range 300 {
		arts = append(arts, model.Article{
			ID: fmt.Sprintf("a%03d", i), Story: "s1", Event: "e1", Outlet: fmt.Sprintf("Outlet %d", i%40),
			Published: "2024-03-01", Headline: "Flood",
			Quotes: []model.Quote{
				{Text: fmt.Sprintf("Quote %d", i), Speaker: fmt.Sprintf("Speaker %d", i%35), Kind: model.QuoteDirect},
				{Text: fmt.Sprintf("Another quote %d", i), Speaker: fmt.Sprintf("Speaker %d", i%35), Kind: model.QuoteDirect},
			},
			Figures: []model.Figure{
				{Text: fmt.Sprintf("%d homes", i), Value: float64(i), Unit: fmt.Sprintf("unit%d", i%28)},
				{Text: fmt.Sprintf("%d homes", i+1), Value: float64(i + 1), Unit: fmt.Sprintf("unit%d", i%28)},
			},
		})
	}
	_, stories, err := Build(arts)
	if err != nil || len(stories) != 1 {
		t.Fatalf("Build: %d stories, %v", len(stories), err)
	}
	v, err := Decode(stories[0].View)
	if err != nil {
		t.Fatal(err)
	}
	if len(v.Speakers) != maxSpeakers || len(v.Speakers[0].Quotes) != maxSpeakerQuotes {
		t.Errorf("%d speakers, the first with %d quotes; want %d and %d", len(v.Speakers), len(v.Speakers[0].Quotes), maxSpeakers, maxSpeakerQuotes)
	}
	if len(v.Figures) != maxFigureUnits || len(v.Figures[0].Claims) != maxFigureClaims || !v.Figures[0].Disagree {
		t.Errorf("%d figure units, the first with %d claims (disagree %v); want %d and %d, disagreeing", len(v.Figures), len(v.Figures[0].Claims), v.Figures[0].Disagree, maxFigureUnits, maxFigureClaims)
	}
	if v.Articles != 300 || v.Sources != 40 {
		t.Errorf("counts: %d articles, %d sources", v.Articles, v.Sources)
	}
}

func TestTimelineBackground(t *testing.T) {
	dated := func(id, pub string, dates ...[2]string) *model.Article {
		a := &model.Article{ID: id, Published: pub, Headline: "Headline " + id}
		for _, d := range dates {
			a.Body = append(a.Body, d[1])
			a.Dates = append(a.Dates, model.DateRef{Text: d[1][:10], Date: d[0], Paragraph: len(a.Body) - 1})
		}
		return a
	}
	dates := func(ms []Moment) []string {
		var out []string
		for _, m := range ms {
			out = append(out, m.Date)
		}
		return out
	}
	for _, tc := range []struct {
		name            string
		as              []*model.Article
		own, background []string
	}{
		{"dated story: a treaty year is background, last week is its own",
			[]*model.Article{
				dated("a", "2024-05-10",
					[2]string{"1919-01-01/1919-12-31", "The border was drawn in 1919 by treaty."},
					[2]string{"2024-05-03", "The talks began on May 3 in Varno."}),
				dated("b", "2024-05-12", [2]string{"2024-05-12", "Delegates met again on Sunday morning."}),
			},
			[]string{"2024-05-03", "2024-05-10", "2024-05-12"}, []string{"1919-01-01/1919-12-31"}},
		{"undated story: its own days are where its dates gather",
			[]*model.Article{
				dated("a", "",
					[2]string{"1944-06-06", "The landing of June 6, 1944 is remembered."},
					[2]string{"2019-06-05", "Veterans arrived on June 5, 2019 for the service."}),
				dated("b", "",
					[2]string{"2019-06-06", "The ceremony was held on June 6, 2019 at the beach."},
					[2]string{"2019-06-04/2019-06-04", "Crowds gathered from June 4, 2019 onwards."}),
			},
			[]string{"2019-06-04/2019-06-04", "2019-06-05", "2019-06-06"}, []string{"1944-06-06"}},
		{"a month before is still the story's own",
			[]*model.Article{dated("a", "2024-05-10", [2]string{"2024-04-01", "The strike started on April 1 at the port."})},
			[]string{"2024-04-01", "2024-05-10"}, nil},
	} {
		own, bg := timeline(tc.as)
		if got, want := strings.Join(dates(own), " "), strings.Join(tc.own, " "); got != want {
			t.Errorf("%s: timeline %q, want %q", tc.name, got, want)
		}
		if got, want := strings.Join(dates(bg), " "), strings.Join(tc.background, " "); got != want {
			t.Errorf("%s: background %q, want %q", tc.name, got, want)
		}
	}
}

// TestSummariseLoneArticleKeepsItsLede: in a cluster of one article no
// other report says what matters, so a long sentence rich in words deep
// in the article does not push its lede out of the summary.
func TestSummariseLoneArticleKeepsItsLede(t *testing.T) {
	lede := "Firefighters contained a wildfire near Dunmore on Sunday after it burned four farms."
	a := &model.Article{ID: "a", Outlet: "Valley Post", Body: []string{
		lede,
		"The fire started on Friday evening in dry grass beside the railway line.",
		"Residents of two streets spent the night in the school hall.",
		"Crews from six counties joined the effort, flying water bombers over the ridge.",
		"The blaze was the third in the area this summer, officials said.",
		"Insurers sent assessors to the farms on Monday morning.",
		"The county council will meet on Thursday to discuss the response.",
		"Historians recall the drought of 1976, when orchards, vineyards, timber yards, grain silos, sawmills, dairies and stables across the western valleys were lost to wildfires over several dry months.",
	}}
	lines := summarise([]*model.Article{a}, nil)
	if len(lines) == 0 || lines[0].Text != lede {
		t.Fatalf("lone article's summary does not open with its lede: %+v", lines)
	}
	for _, l := range lines {
		if strings.HasPrefix(l.Text, "Historians") {
			t.Errorf("a long background sentence deep in the article was picked: %+v", lines)
		}
	}
}

// TestLedeOf: summary lines lose a wire dateline, with or without its
// dash or agency, and keep a sentence whose capitals are its subject.
func TestLedeOf(t *testing.T) {
	for _, tc := range []struct{ name, in, want string }{
		{"capitals, agency and dash", "TALLINN (Wirewatch) - The ferry ran aground near the harbour.", "The ferry ran aground near the harbour."},
		{"place with its region", "BRIDGEPORT, Ohio (AP) — Firefighters put out a blaze at a mill.", "Firefighters put out a blaze at a mill."},
		{"dash lost, article follows", "OSLO The council voted to close the bridge on Monday.", "The council voted to close the bridge on Monday."},
		{"two words of capitals, dash lost", "SAN MARCO A truck overturned on the coast road.", "A truck overturned on the coast road."},
		{"acronym as subject", "NATO said the exercise would go ahead next week.", "NATO said the exercise would go ahead next week."},
		{"short capitals then article stay", "UK A-level results were published on Thursday.", "UK A-level results were published on Thursday."},
		{"too few capitals", "EU A deal was struck on fishing quotas.", "EU A deal was struck on fishing quotas."},
		{"capitals beyond ASCII", "ÅLESUND The storm closed the port.", "The storm closed the port."},
		{"no dateline", "The mayor opened the new library on Friday.", "The mayor opened the new library on Friday."},
	} {
		if got := ledeOf(tc.in); got != tc.want {
			t.Errorf("%s: ledeOf(%q) = %q, want %q", tc.name, tc.in, got, tc.want)
		}
	}
}

// TestSummaryLinesLoseDatelines: a report's dateline does not reach the
// summary line drawn from it.
func TestSummaryLinesLoseDatelines(t *testing.T) {
	a := &model.Article{ID: "a", Outlet: "North Gazette", Published: "2024-05-01", Body: []string{
		"KELSO (Wirewatch) — Engineers found deep cracks in the Lenny dam on Tuesday and ordered the reservoir lowered.",
	}}
	b := &model.Article{ID: "b", Outlet: "Coast Daily", Published: "2024-05-02", Body: []string{
		"KELSO The engineers ordered the reservoir behind the cracked Lenny dam lowered after inspectors found deep cracks.",
	}}
	lines := summarise([]*model.Article{a, b}, nil)
	if len(lines) == 0 {
		t.Fatal("no summary")
	}
	for _, l := range lines {
		if strings.Contains(l.Text, "KELSO") || strings.Contains(l.Text, "Wirewatch") {
			t.Errorf("summary line keeps its dateline: %q", l.Text)
		}
	}
}

// TestDropAsides: parenthetical asides leave a summary line, with the
// space before them; a sentence that opens with one keeps it.
func TestDropAsides(t *testing.T) {
	for _, tc := range []struct{ name, in, want string }{
		{"role after a name", "Senator Ada Lund (R-North) voted against the bill.", "Senator Ada Lund voted against the bill."},
		{"aside before a comma", "The mill (built in 1887), the town's oldest, burned down.", "The mill, the town's oldest, burned down."},
		{"two asides", "Ferries (three of them) and buses (all six) stopped.", "Ferries and buses stopped."},
		{"nested parentheses stay", "The plan (a draft (second) version) was leaked.", "The plan (a draft version) was leaked."},
		{"opening parenthesis stays", "(Corrected) The port reopened on Sunday.", "(Corrected) The port reopened on Sunday."},
		{"none", "The port reopened on Sunday.", "The port reopened on Sunday."},
	} {
		if got := dropAsides(tc.in); got != tc.want {
			t.Errorf("%s: dropAsides(%q) = %q, want %q", tc.name, tc.in, got, tc.want)
		}
	}
}
