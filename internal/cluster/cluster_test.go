package cluster

import (
	"context"
	"fmt"
	"math/rand/v2"
	"strings"
	"testing"

	"github.com/storyline-news/storyline/internal/model"
)

// lexicon makes invented words, so tests depend on no real article.
func lexicon(r *rand.Rand, n int) []string {
	const cons, vow = "bcdfgklmnprstvz", "aeiou"
	out := make([]string, n)
	for i := range out {
		var b strings.Builder
		for k := 0; k < 3+r.IntN(2); k++ {
			b.WriteByte(cons[r.IntN(len(cons))])
			b.WriteByte(vow[r.IntN(len(vow))])
		}
		out[i] = b.String()
	}
	return out
}

// article writes paragraphs drawn mostly from topic words, with some
// noise words, and names the given entities.
func article(r *rand.Rand, id, date string, topic, noise []string, ents ...string) model.Article {
	var body []string
	for p := 0; p < 5; p++ {
		var ws []string
		for k := 0; k < 25; k++ {
			if r.Float64() < 0.6 {
				ws = append(ws, topic[r.IntN(len(topic))])
			} else {
				ws = append(ws, noise[r.IntN(len(noise))])
			}
		}
		body = append(body, strings.Join(ws, " ")+".")
	}
	a := model.Article{ID: id, Published: date, Language: "en", Headline: strings.Join(topic[:4], " "), Body: body}
	for _, e := range ents {
		a.Entities = append(a.Entities, model.Entity{Name: e, Type: model.Person, Mentions: 2})
	}
	return a
}

func run(t *testing.T, arts []model.Article) map[string]model.Article {
	t.Helper()
	if err := (Step{}).Apply(context.Background(), arts); err != nil {
		t.Fatal(err)
	}
	out := map[string]model.Article{}
	for _, a := range arts {
		out[a.ID] = a
	}
	return out
}

func TestEventsAndStories(t *testing.T) {
	r := rand.New(rand.NewPCG(1, 2))
	noise := lexicon(r, 3000)
	flood, quake := lexicon(r, 40), lexicon(r, 40)
	arts := []model.Article{
		article(r, "flood-1", "2024-03-01", flood, noise, "Ama Brandt"),
		article(r, "flood-2", "2024-03-02", flood, noise, "Ama Brandt"),
		article(r, "quake-1", "2024-03-01", quake, noise, "Ivo Sender"),
		article(r, "flood-3", "2024-03-02", flood, noise),
		article(r, "quake-2", "2024-03-03", quake, noise, "Ivo Sender"),
		// The same kind of happening, months later: a new event.
		article(r, "flood-later", "2024-09-20", flood, noise, "Ama Brandt"),
	}
	got := run(t, arts)
	same := func(a, b string) bool { return got[a].Event == got[b].Event }
	for _, tc := range []struct {
		a, b string
		want bool
	}{
		{"flood-1", "flood-2", true},
		{"flood-1", "flood-3", true},
		{"quake-1", "quake-2", true},
		{"flood-1", "quake-1", false},
		{"flood-1", "flood-later", false},
	} {
		if same(tc.a, tc.b) != tc.want {
			t.Errorf("%s and %s in one event: %v, want %v (%s, %s)", tc.a, tc.b, !tc.want, tc.want, got[tc.a].Event, got[tc.b].Event)
		}
	}
	if got["flood-1"].Story == got["quake-1"].Story {
		t.Errorf("flood and quake share story %s", got["flood-1"].Story)
	}
	if got["flood-1"].Story == got["flood-later"].Story {
		t.Errorf("a flood six months on joined the March story")
	}
	if got["flood-1"].Event != "e1" || got["flood-1"].Story != "s1" {
		t.Errorf("IDs are not numbered in input order: %s %s", got["flood-1"].Event, got["flood-1"].Story)
	}
}

func TestStoryLinksEventsDaysApart(t *testing.T) {
	r := rand.New(rand.NewPCG(3, 4))
	noise := lexicon(r, 3000)
	talks := lexicon(r, 40)
	round1 := append(append([]string(nil), talks[:30]...), lexicon(r, 10)...)
	round2 := append(append([]string(nil), talks[10:]...), lexicon(r, 10)...)
	got := run(t, []model.Article{
		article(r, "r1-a", "2024-05-01", round1, noise, "Leda Voss", "Kaspar Um"),
		article(r, "r1-b", "2024-05-01", round1, noise, "Leda Voss", "Kaspar Um"),
		article(r, "r2-a", "2024-05-12", round2, noise, "Leda Voss", "Kaspar Um"),
		article(r, "r2-b", "2024-05-13", round2, noise, "Leda Voss", "Kaspar Um"),
	})
	if got["r1-a"].Event == got["r2-a"].Event {
		t.Errorf("two rounds eleven days apart are one event")
	}
	if got["r1-a"].Event != got["r1-b"].Event || got["r2-a"].Event != got["r2-b"].Event {
		t.Errorf("a round's reports are split: %v", got)
	}
	if got["r1-a"].Story != got["r2-a"].Story {
		t.Errorf("the rounds are not one story: %s, %s", got["r1-a"].Story, got["r2-a"].Story)
	}
}

func TestDuplicates(t *testing.T) {
	r := rand.New(rand.NewPCG(5, 6))
	noise := lexicon(r, 3000)
	topic := lexicon(r, 40)
	orig := article(r, "orig", "2024-01-10", topic, noise)
	orig.Outlet = "Wire"
	cp := orig
	cp.ID, cp.Outlet, cp.Headline, cp.Published = "copy", "Paper", "A new headline for the copy", "2024-01-11"
	cp.Body = append(append([]string(nil), orig.Body[:3]...), orig.Body[4], "Additional reporting by our staff.")
	cp2 := cp
	cp2.ID, cp2.Outlet = "copy-of-copy", "Other paper"
	other := article(r, "other", "2024-01-10", topic, noise)
	got := run(t, []model.Article{orig, cp, other, cp2})
	if got["copy"].DuplicateOf != "orig" || got["copy-of-copy"].DuplicateOf != "orig" {
		t.Errorf("copies point to %q and %q, want orig", got["copy"].DuplicateOf, got["copy-of-copy"].DuplicateOf)
	}
	if got["orig"].DuplicateOf != "" || got["other"].DuplicateOf != "" {
		t.Errorf("originals marked as copies: %q %q", got["orig"].DuplicateOf, got["other"].DuplicateOf)
	}
	if got["copy"].Event != got["orig"].Event {
		t.Errorf("copy is not in its original's event")
	}
}

func TestLanguagesClusterApart(t *testing.T) {
	r := rand.New(rand.NewPCG(7, 8))
	noise := lexicon(r, 3000)
	topic := lexicon(r, 40)
	en := article(r, "en", "2024-02-01", topic, noise)
	de := article(r, "de", "2024-02-01", topic, noise)
	de.Language = "de"
	ru := model.Article{ID: "ru", Language: "ru", Published: "2024-02-01", Headline: "Переговоры возобновятся в Стамбуле",
		Body: []string{"Делегации встретятся во вторник, сообщили источники.", "日本語の文も混じっています。"}}
	zh := model.Article{ID: "zh", Language: "zh", Body: []string{"和谈将在伊斯坦布尔恢复。"}}
	empty := model.Article{ID: "empty"}
	got := run(t, []model.Article{en, de, ru, zh, empty})
	if got["en"].Event == got["de"].Event {
		t.Errorf("articles in two languages share event %s", got["en"].Event)
	}
	for _, id := range []string{"ru", "zh", "empty"} {
		if got[id].Event == "" || got[id].Story == "" {
			t.Errorf("%s was not assigned", id)
		}
	}
}

func TestMergeJoinsStories(t *testing.T) {
	c := New(Options{})
	r := rand.New(rand.NewPCG(9, 10))
	noise := lexicon(r, 3000)
	a := article(r, "a", "2024-01-01", lexicon(r, 40), noise)
	b := article(r, "b", "2024-01-01", lexicon(r, 40), noise)
	sa, sb := c.Add(&a).Slot, c.Add(&b).Slot
	ea, _ := c.Resolve(sa)
	eb, _ := c.Resolve(sb)
	if ea == eb {
		t.Fatal("unrelated articles share an event")
	}
	c.merge(c.events, int32(ea), int32(eb))
	ea, sta := c.Resolve(sa)
	eb, stb := c.Resolve(sb)
	if ea != eb || sta != stb {
		t.Errorf("after a merge: events %d %d, stories %d %d", ea, eb, sta, stb)
	}
}

func TestWindowBoundsState(t *testing.T) {
	r := rand.New(rand.NewPCG(11, 12))
	noise := lexicon(r, 5000)
	c := New(Options{Window: 2000})
	for i := 0; i < 20000; i++ {
		topic := noise[r.IntN(len(noise)-40):]
		a := article(r, fmt.Sprint(i), "", topic[:40], noise)
		c.Add(&a)
	}
	_, _, live := c.Stats()
	if live > 2*2000+sweepEvery {
		t.Errorf("%d live events after 20,000 articles with a window of 2,000", live)
	}
	held := 0
	for i := range c.arts {
		if c.arts[i].vec != nil {
			held++
		}
	}
	if held > 2000+3*sweepEvery {
		t.Errorf("%d article vectors held with a window of 2,000", held)
	}
}

func TestFoldEnglish(t *testing.T) {
	for in, want := range map[string]string{"talks": "talk", "russia's": "russia", "cities": "city", "crisis": "crisis",
		"process": "process", "bus": "bus", "marches": "march", "us": "us"} {
		if got := foldEnglish(in); got != want {
			t.Errorf("foldEnglish(%q) = %q, want %q", in, got, want)
		}
	}
}

func BenchmarkAdd(b *testing.B) {
	r := rand.New(rand.NewPCG(13, 14))
	noise := lexicon(r, 20000)
	arts := make([]model.Article, 5000)
	for i := range arts {
		topic := noise[r.IntN(len(noise)-40):]
		arts[i] = article(r, fmt.Sprint(i), fmt.Sprintf("2024-%02d-%02d", 1+i/500%12, 1+i%28), topic[:40], noise)
	}
	c := New(Options{})
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		c.Add(&arts[i%len(arts)])
	}
	b.ReportMetric(float64(b.N)/b.Elapsed().Seconds(), "articles/s")
}

func TestDominantYear(t *testing.T) {
	refs := func(dates ...string) []model.DateRef {
		var out []model.DateRef
		for _, d := range dates {
			out = append(out, model.DateRef{Date: d})
		}
		return out
	}
	for _, tc := range []struct {
		name string
		ds   []model.DateRef
		want int
	}{
		{"most dates in one year", refs("2016-03-01", "2016-03-04", "2016-01-01/2016-12-31", "2009-05-01"), 2016},
		{"too few dates", refs("2016-03-01", "2016-03-04"), 0},
		{"no year has most", refs("2016-03-01", "2016-03-04", "2016-05-01", "2012-03-01", "2012-03-04", "2012-05-01"), 0},
		{"not more than half", refs("2016-03-01", "2016-03-04", "2016-05-01", "2012-03-01", "2011-03-04", "2010-05-01"), 0},
		{"a range over years names none", refs("2014-01-01/2016-12-31", "2014-01-01/2016-12-31", "2014-01-01/2016-12-31"), 0},
		{"unresolved dates are skipped", refs("", "", "2020-02-02", "2020-02-03", "2020-02-04"), 2020},
	} {
		if got := dominantYear(tc.ds); got != tc.want {
			t.Errorf("%s: dominantYear = %d, want %d", tc.name, got, tc.want)
		}
	}
}

// Undated reports of one kind of happening years apart share their words;
// the years their dates name keep them apart, and reports of one year
// stay together.
func TestUndatedYearsApart(t *testing.T) {
	r := rand.New(rand.NewPCG(7, 7))
	words := lexicon(r, 400)
	topic, noise := words[:30], words[30:]
	var arts []model.Article
	for i, year := range []string{"2012", "2012", "2012", "2017", "2017", "2017"} {
		a := article(r, fmt.Sprintf("a%d", i), "", topic, noise)
		for k, md := range []string{"-03-01", "-03-02", "-03-04"} {
			a.Dates = append(a.Dates, model.DateRef{Text: "x", Date: year + md, Paragraph: k})
		}
		arts = append(arts, a)
	}
	got := run(t, arts)
	for i := range 6 {
		for j := i + 1; j < 6; j++ {
			same := got[fmt.Sprintf("a%d", i)].Event == got[fmt.Sprintf("a%d", j)].Event
			if want := i/3 == j/3; same != want {
				t.Errorf("a%d and a%d in one event: %v, want %v", i, j, same, want)
			}
		}
	}
}
