package chart

import (
	"encoding/xml"
	"flag"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"
)

var update = flag.Bool("update", false, "rewrite the golden files in testdata")

func day(s string) time.Time {
	t, err := time.Parse(time.DateOnly, s)
	if err != nil {
		t, err = time.Parse(time.RFC3339, s)
	}
	if err != nil {
		panic(err)
	}
	return t
}

// golden compares got with testdata/name, or rewrites it with -update.
func golden(t *testing.T, name, got string) {
	t.Helper()
	path := filepath.Join("testdata", name)
	if *update {
		if err := os.WriteFile(path, []byte(got), 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("%v (run go test -update to write it)", err)
	}
	if string(want) != got {
		t.Errorf("%s differs from the golden file; run go test -update and review the diff\ngot:\n%s", name, got)
	}
}

// wellFormed parses s as XML, which inline SVG in HTML must also be.
func wellFormed(t *testing.T, s string) {
	t.Helper()
	d := xml.NewDecoder(strings.NewReader(s))
	for {
		_, err := d.Token()
		if err == io.EOF {
			return
		}
		if err != nil {
			t.Fatalf("not well-formed XML: %v\n%s", err, s)
		}
	}
}

// The invented newsroom: three outlets of a made-up story.
func sampleBars() Bars {
	items := []Item{
		{day("2024-03-01T09:00:00Z"), "Harbour Gazette"}, {day("2024-03-01T15:00:00Z"), "Harbour Gazette"},
		{day("2024-03-01T11:00:00Z"), "Valley <Echo> & Co"}, {day("2024-03-02T08:00:00Z"), "Harbour Gazette"},
		{day("2024-03-04T10:00:00Z"), "Ridge Courier"}, {day("2024-03-04T12:00:00Z"), "Lakeside Bulletin"},
		{day("2024-03-05T07:00:00Z"), "Harbour Gazette"}, {day("2024-03-05T09:00:00Z"), "Valley <Echo> & Co"},
	}
	step := Day
	start, _, series := Tally(items, step, 2, "Other outlets")
	return Bars{ID: "coverage", Title: "Coverage over time", Desc: "8 articles over 5 days; most on 1 Mar.", Unit: "articles",
		Step: step, Start: start, Series: series,
		Marks: []Mark{{day("2024-03-01T09:00:00Z"), "Event: the \"harbour\" vote"}, {day("2024-03-04T10:00:00Z"), "Event: recount"}}}
}

func sampleLines() Lines {
	return Lines{ID: "fig-1", Title: "Sea wall cost over time", Desc: "Two claimants; values rise from 4 to 6 million.", Unit: "GBP",
		FlagNote: "differs from another source",
		Lines: []Line{
			{Name: "Nora Vance", Points: []Point{{day("2024-03-01"), 4e6, false, "Harbour Gazette"}, {day("2024-03-03"), 5e6, true, "Ridge Courier"}}},
			{Name: "Council <staff>", Points: []Point{{day("2024-03-03"), 5.5e6, true, "Valley Echo"}, {day("2024-03-06"), 6e6, false, ""}}},
		}}
}

// square is an invented country: a 10° box with its south-west corner at
// (lon, lat).
func square(name string, lon, lat float32, named bool) Shape {
	return Shape{Name: name, Named: named, Rings: [][][2]float32{{{lon, lat}, {lon + 10, lat}, {lon + 10, lat + 10}, {lon, lat + 10}, {lon, lat}}}}
}

func sampleMap() Map {
	return Map{ID: "places", Title: "Places named", Desc: "Three places in two countries.",
		Places: []Place{{"Northby", 55, 10, 6}, {"Southport & Sons", 41, 12, 2}, {"Westholm", 48, 1, 3}},
		Shapes: []Shape{square("Northland", 5, 50, true), square("Southland", 5, 38, false), square("Farland", 120, -30, false)}}
}

func TestGolden(t *testing.T) {
	tests := []struct {
		name string
		html string
	}{
		{"bars.golden.html", sampleBars().HTML()},
		{"lines.golden.html", sampleLines().HTML()},
		{"map.golden.html", sampleMap().HTML()},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			wellFormed(t, tt.html)
			golden(t, tt.name, tt.html)
		})
	}
}

func TestAccessible(t *testing.T) {
	for name, html := range map[string]string{"bars": sampleBars().HTML(), "lines": sampleLines().HTML(), "map": sampleMap().HTML()} {
		t.Run(name, func(t *testing.T) {
			m := regexp.MustCompile(`<svg [^>]*role="img" aria-labelledby="([^" ]+) ([^"]+)"`).FindStringSubmatch(html)
			if m == nil {
				t.Fatalf("no role=img svg with aria-labelledby: %.200s", html)
			}
			if !strings.Contains(html, `<title id="`+m[1]+`">`) || !strings.Contains(html, `<desc id="`+m[2]+`">`) {
				t.Errorf("aria-labelledby %q %q does not name the title and desc", m[1], m[2])
			}
			if !strings.Contains(html, `<div class="visually-hidden"><table>`) {
				t.Errorf("no data table")
			}
			if strings.Contains(html, "style=") || strings.Contains(html, "<style") || strings.Contains(html, "<script") {
				t.Errorf("inline style or script, which the CSP refuses")
			}
		})
	}
}

func TestEscaping(t *testing.T) {
	html := sampleBars().HTML() + sampleLines().HTML() + sampleMap().HTML()
	for _, raw := range []string{"<Echo>", "<staff>", `"harbour"`, "Southport & Sons"} {
		if strings.Contains(html, raw) {
			t.Errorf("%q written unescaped", raw)
		}
	}
	for _, esc := range []string{"Valley &lt;Echo&gt; &amp; Co", "Council &lt;staff&gt;", "&#34;harbour&#34;", "Southport &amp; Sons"} {
		if !strings.Contains(html, esc) {
			t.Errorf("%q missing", esc)
		}
	}
}

func TestDeterministic(t *testing.T) {
	a, b := sampleMap().HTML()+sampleBars().HTML(), sampleMap().HTML()+sampleBars().HTML()
	if a != b {
		t.Error("two renderings differ")
	}
}

func TestTally(t *testing.T) {
	at := func(s, g string) Item { return Item{day(s), g} }
	tests := []struct {
		name  string
		items []Item
		step  Step
		top   int
		start string
		want  map[string][]float64
		order []string
	}{
		{name: "days stacked, top two and other", step: Day, top: 2, start: "2024-03-01",
			items: []Item{at("2024-03-01T10:00:00Z", "A"), at("2024-03-01T11:00:00Z", "A"), at("2024-03-03T09:00:00Z", "B"),
				at("2024-03-03T10:00:00Z", "C"), at("2024-03-03T11:00:00Z", "D"), at("2024-03-02T23:59:00Z", "B")},
			order: []string{"A", "B", "other"},
			want:  map[string][]float64{"A": {2, 0, 0}, "B": {0, 1, 1}, "other": {0, 0, 2}}},
		{name: "one left over keeps its name", step: Day, top: 2, start: "2024-03-01",
			items: []Item{at("2024-03-01", "A"), at("2024-03-01", "A"), at("2024-03-01", "B"), at("2024-03-02", "C")},
			order: []string{"A", "B", "C"},
			want:  map[string][]float64{"A": {2, 0}, "B": {1, 0}, "C": {0, 1}}},
		{name: "hours", step: Hour, top: 5, start: "2024-03-01T22:00:00Z",
			items: []Item{at("2024-03-01T22:10:00Z", "A"), at("2024-03-02T01:59:00Z", "A"), at("2024-03-02T00:00:00Z", "B")},
			order: []string{"A", "B"},
			want:  map[string][]float64{"A": {1, 0, 0, 1}, "B": {0, 0, 1, 0}}},
		{name: "weeks start on Monday", step: Week, top: 5, start: "2024-02-26",
			items: []Item{at("2024-03-03", "A"), at("2024-03-04", "A"), at("2024-03-17", "A")},
			order: []string{"A"},
			want:  map[string][]float64{"A": {1, 1, 1}}},
		{name: "months", step: Month, top: 5, start: "2024-01-01",
			items: []Item{at("2024-01-31", "A"), at("2024-03-01", "A")},
			order: []string{"A"},
			want:  map[string][]float64{"A": {1, 0, 1}}},
		{name: "undated left out", step: Day, top: 5, start: "2024-03-01",
			items: []Item{{Group: "A"}, at("2024-03-01", "B")},
			order: []string{"B"},
			want:  map[string][]float64{"B": {1}}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			start, bins, series := Tally(tt.items, tt.step, tt.top, "other")
			if !start.Equal(day(tt.start)) {
				t.Errorf("start %v, want %s", start, tt.start)
			}
			var names []string
			for _, s := range series {
				names = append(names, s.Name)
				if fmt.Sprint(s.Values) != fmt.Sprint(tt.want[s.Name]) {
					t.Errorf("%s: %v, want %v", s.Name, s.Values, tt.want[s.Name])
				}
				if len(s.Values) != bins {
					t.Errorf("%s has %d values for %d bins", s.Name, len(s.Values), bins)
				}
			}
			if fmt.Sprint(names) != fmt.Sprint(tt.order) {
				t.Errorf("series %v, want %v", names, tt.order)
			}
		})
	}
}

func TestStepFor(t *testing.T) {
	tests := []struct {
		name        string
		first, last string
		want        Step
	}{
		{"same day", "2024-03-01T08:00:00Z", "2024-03-01T20:00:00Z", Hour},
		{"two and a half days", "2024-03-01T00:00:00Z", "2024-03-03T12:00:00Z", Hour},
		{"three days", "2024-03-01", "2024-03-04", Day},
		{"three months", "2024-01-01", "2024-04-01", Day},
		{"a year", "2024-01-01", "2025-01-01", Week},
		{"three years", "2021-01-01", "2024-01-01", Month},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := StepFor(day(tt.first), day(tt.last)); got != tt.want {
				t.Errorf("StepFor = %v, want %v", got, tt.want)
			}
		})
	}
}

func TestNiceTicks(t *testing.T) {
	tests := []struct {
		name string
		max  float64
		want string
	}{
		{"small counts", 3, "[0 1 2 3]"},
		{"seven", 7, "[0 2 4 6 8]"},
		{"hundreds", 230, "[0 100 200 300]"},
		{"zero", 0, "[0 1]"},
		{"millions", 6e6, "[0 2e+06 4e+06 6e+06]"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := fmt.Sprint(niceTicks(tt.max, 4)); got != tt.want {
				t.Errorf("niceTicks(%v) = %s, want %s", tt.max, got, tt.want)
			}
		})
	}
	if got := fmt.Sprint(countTicks(1, 4)); got != "[0 1]" {
		t.Errorf("countTicks(1) = %s, want whole steps", got)
	}
	if got := fmt.Sprint(rangeTicks(-3, 7, 4)); got != "[-5 0 5 10]" {
		t.Errorf("rangeTicks(-3, 7) = %s", got)
	}
}

func TestTimeTicks(t *testing.T) {
	tests := []struct {
		name   string
		lo, hi string
		days   bool
		want   string
	}{
		{"hours", "2024-03-01T09:00:00Z", "2024-03-01T21:00:00Z", false, "10:00 12:00 14:00 16:00 18:00 20:00"},
		{"midnight shows the day", "2024-03-01T18:00:00Z", "2024-03-02T12:00:00Z", false, "18:00 21:00 2 Mar 03:00 06:00 09:00 12:00"},
		{"days", "2024-03-01", "2024-03-06", false, "1 Mar 2 Mar 3 Mar 4 Mar 5 Mar 6 Mar"},
		{"days only over a short span", "2024-03-01", "2024-03-03", true, "1 Mar 2 Mar 3 Mar"},
		{"weeks on Mondays", "2024-03-01", "2024-04-10", false, "4 Mar 11 Mar 18 Mar 25 Mar 1 Apr 8 Apr"},
		{"months", "2024-01-15", "2024-06-20", false, "Feb 2024 Mar 2024 Apr 2024 May 2024 Jun 2024"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var got []string
			for _, tk := range timeTicks(day(tt.lo), day(tt.hi), 7, tt.days) {
				got = append(got, tk.label)
			}
			if strings.Join(got, " ") != tt.want {
				t.Errorf("ticks %q, want %q", strings.Join(got, " "), tt.want)
			}
		})
	}
}

func TestCount(t *testing.T) {
	for v, want := range map[float64]string{0: "0", 12: "12", 4500: "4,500", 2.5: "2.5", 1.5e6: "1.5M", 2e9: "2bn", -1200: "-1,200"} {
		if got := Count(v); got != want {
			t.Errorf("Count(%v) = %q, want %q", v, got, want)
		}
	}
}

// circle finds the marker of the named place in a rendered map.
func circle(t *testing.T, html, name string) (x, y float64) {
	t.Helper()
	m := regexp.MustCompile(`<circle class="place" cx="([-0-9.]+)" cy="([-0-9.]+)" r="[0-9.]+"><title>` + regexp.QuoteMeta(name) + `:`).FindStringSubmatch(html)
	if m == nil {
		t.Fatalf("no marker for %s", name)
	}
	x, _ = strconv.ParseFloat(m[1], 64)
	y, _ = strconv.ParseFloat(m[2], 64)
	return x, y
}

func TestMapRelativePositions(t *testing.T) {
	// Invented places: Alpha north-west of Beta, Gamma far east of both,
	// Delta south of everything.
	m := Map{ID: "m", Title: "t", Desc: "d", Places: []Place{
		{"Alpha", 52, -3, 4}, {"Beta", 47, 4, 2}, {"Gamma", 49, 30, 1}, {"Delta", 36, 5, 1},
	}}
	html := m.HTML()
	wellFormed(t, html)
	ax, ay := circle(t, html, "Alpha")
	bx, by := circle(t, html, "Beta")
	gx, gy := circle(t, html, "Gamma")
	dx, dy := circle(t, html, "Delta")
	if !(ax < bx && bx < gx) {
		t.Errorf("west to east: Alpha %v, Beta %v, Gamma %v", ax, bx, gx)
	}
	if !(ay < gy && gy < by && by < dy) {
		t.Errorf("north to south: Alpha %v, Gamma %v, Beta %v, Delta %v", ay, gy, by, dy)
	}
	for _, p := range [][2]float64{{ax, ay}, {bx, by}, {gx, gy}, {dx, dy}} {
		if p[0] < 10 || p[0] > width-10 || p[1] < 10 || p[1] > mapHeight-10 {
			t.Errorf("marker at %v is not inside the map with a margin", p)
		}
	}
	// Equal degrees of latitude and of longitude at the equator come out
	// the same length (no stretching).
	eq := Map{ID: "e", Places: []Place{{"P", 0, 0, 1}, {"Q", 0, 10, 1}, {"R", 10, 0, 1}}}.HTML()
	px, py := circle(t, eq, "P")
	qx, _ := circle(t, eq, "Q")
	_, ry := circle(t, eq, "R")
	if d1, d2 := qx-px, py-ry; d1 < d2*0.95 || d1 > d2*1.05 {
		t.Errorf("10° east is %v units, 10° north %v", d1, d2)
	}
}

func TestMapShapes(t *testing.T) {
	html := sampleMap().HTML()
	if !strings.Contains(html, `<path class="land named" d="M`) || !strings.Contains(html, "<title>Northland</title>") {
		t.Error("the named country is not drawn highlighted")
	}
	if strings.Count(html, `<path class="land" d="M`) != 1 {
		t.Error("the countries not named are not one path")
	}
	if strings.Count(html, "M264 323l") != 1 {
		t.Error("Southland is not drawn")
	}
	if strings.Contains(html, "Farland") || strings.Count(html, `z"`) != 2 {
		t.Error("a country far out of view was drawn")
	}
	// A shape larger than the view, with no corner inside it, still fills it.
	big := Map{ID: "b", Places: []Place{{"P", 10, 10, 1}}, Shapes: []Shape{square("Huge", -80, -40, true)}}
	big.Shapes[0].Rings[0] = [][2]float32{{-80, -40}, {100, -40}, {100, 80}, {-80, 80}, {-80, -40}}
	if !strings.Contains(big.HTML(), "<title>Huge</title>") {
		t.Error("a shape covering the whole view was dropped")
	}
}

func TestClip(t *testing.T) {
	got := clip([][2]float64{{-10, 5}, {20, 5}, {20, 15}, {-10, 15}}, 0, 0, 10, 10)
	if fmt.Sprint(got) != "[[0 10] [0 5] [10 5] [10 10]]" {
		t.Errorf("clip = %v", got)
	}
}

func BenchmarkBars(b *testing.B) {
	// A month of coverage by 40 outlets, 300 articles.
	var items []Item
	t0 := day("2024-03-01")
	for i := range 300 {
		items = append(items, Item{t0.Add(time.Duration(i*i%(30*24)) * time.Hour), "Outlet " + strconv.Itoa(i%40)})
	}
	b.ReportAllocs()
	for b.Loop() {
		start, _, series := Tally(items, Day, 7, "Other")
		_ = Bars{ID: "c", Title: "t", Unit: "articles", Step: Day, Start: start, Series: series}.HTML()
	}
}

func BenchmarkLines(b *testing.B) {
	c := sampleLines()
	b.ReportAllocs()
	for b.Loop() {
		_ = c.HTML()
	}
}

func BenchmarkMap(b *testing.B) {
	m := sampleMap()
	b.ReportAllocs()
	for b.Loop() {
		_ = m.HTML()
	}
}
