package web

import (
	"fmt"
	"html/template"
	"sort"
	"strconv"
	"strings"
	"time"

	"github.com/storyline-news/storyline/internal/chart"
	"github.com/storyline-news/storyline/internal/geo"
	"github.com/storyline-news/storyline/internal/model"
	"github.com/storyline-news/storyline/internal/store"
	"github.com/storyline-news/storyline/internal/storyview"
)

// storyCharts are a story page's pictures, rendered (see internal/chart):
// each is a figure with an inline SVG and its data table, or empty when
// the story has nothing to draw.
type storyCharts struct {
	Coverage template.HTML   // articles per day or hour, stacked by outlet
	Figures  []template.HTML // one per figure with at least two dated claims
	Map      template.HTML   // the places the story names
}

// Chart limits: the outlets a coverage chart names (the rest are summed),
// the figure charts a page shows, the claimants one of them draws and
// the events a coverage chart marks.
const (
	chartOutlets   = 6
	chartFigures   = 6
	chartClaimants = 8
	chartMarks     = 12
)

// unknownOutlet names the articles whose outlet is not known in charts.
const unknownOutlet = "Outlet not known"

// storyChartsFor draws a story's pictures from its view and articles.
func storyChartsFor(v storyview.View, arts []store.ArticleRef) storyCharts {
	var c storyCharts
	if s := coverageChart(v, arts); s != "" {
		c.Coverage = template.HTML(s)
	}
	for i, g := range v.Figures {
		if len(c.Figures) == chartFigures {
			break
		}
		if s := figureChart(g, "figure-chart-"+strconv.Itoa(i+1)); s != "" {
			c.Figures = append(c.Figures, template.HTML(s))
		}
	}
	if s := placesMap(v); s != "" {
		c.Map = template.HTML(s)
	}
	return c
}

// bigCity is the population from which a city is mapped on its own
// name: news names such cities without their country ("Paris", "Lagos").
const bigCity = 1_000_000

// placesMap draws the places a story names that the gazetteer locates,
// each marker sized by the articles naming it, over the countries'
// outlines, the countries it names shaded. A smaller city is mapped only
// when the story names its country: a name the gazetteer knows as some
// town ("Obama", in Japan) is otherwise more likely a person's or a
// thing's.
func placesMap(v storyview.View) string {
	type hit struct {
		name  string // as the story writes it
		loc   geo.Location
		count int
	}
	byLoc := map[geo.Location]int{}
	var found []hit
	places := 0
	for _, e := range v.Entities {
		if e.Type != model.Place {
			continue
		}
		places++
		loc, ok := geo.Locate(e.Name)
		if !ok {
			continue
		}
		// "Britain" and "UK" are one country: one marker, counted by the
		// name more articles use.
		if i, ok := byLoc[loc]; ok {
			found[i].count = max(found[i].count, e.Articles)
			continue
		}
		byLoc[loc] = len(found)
		found = append(found, hit{e.Name, loc, e.Articles})
	}
	countries := map[string]bool{}
	for _, h := range found {
		if h.loc.Kind == geo.Country {
			countries[h.loc.Country] = true
		}
	}
	var hits []hit
	for _, h := range found {
		if h.loc.Kind == geo.Country || h.loc.Population >= bigCity || countries[h.loc.Country] {
			hits = append(hits, h)
		}
	}
	lost := places - len(hits)
	if len(hits) == 0 {
		return ""
	}
	named := map[string]bool{}
	var marks []chart.Place
	for _, h := range hits {
		if h.loc.Kind == geo.Country {
			named[h.loc.Name] = true
		}
		marks = append(marks, chart.Place{Name: h.name, Lat: h.loc.Lat, Lon: h.loc.Lon, Count: max(h.count, 1)})
	}
	outlines := geo.Outlines()
	shapes := make([]chart.Shape, len(outlines))
	for i, o := range outlines {
		shapes[i] = chart.Shape{Name: o.Name, Rings: o.Rings, Named: named[o.Name]}
	}
	sort.SliceStable(hits, func(i, j int) bool { return hits[i].count > hits[j].count })
	var top []string
	for i, h := range hits {
		if i == 5 {
			top = append(top, "and "+strconv.Itoa(len(hits)-5)+" more")
			break
		}
		top = append(top, fmt.Sprintf("%s (%s)", h.name, plural(h.count, "article")))
	}
	desc := fmt.Sprintf("A map of %s the story names: %s.", plural(len(hits), "place"), strings.Join(top, ", "))
	if lost > 0 {
		desc += fmt.Sprintf(" %s of %d could not be placed.", plural(lost, "place"), places)
	}
	return chart.Map{ID: "places-map", Title: "Places named in the story", Desc: desc, Places: marks, Shapes: shapes}.HTML()
}

// parseWhen reads an ISO date or datetime; hasTime says whether it gave a
// time of day.
func parseWhen(s string) (t time.Time, hasTime bool, ok bool) {
	if len(s) > 10 {
		for _, layout := range []string{time.RFC3339, "2006-01-02T15:04:05", "2006-01-02T15:04", "2006-01-02 15:04:05"} {
			if t, err := time.Parse(layout, s); err == nil {
				return t.UTC(), true, true
			}
		}
	}
	if len(s) < 10 {
		return time.Time{}, false, false
	}
	t, err := time.Parse(time.DateOnly, s[:10])
	return t, false, err == nil
}

// coverageChart draws a story's articles per day (per hour when the story
// spans under three days and its articles give times), stacked by outlet,
// with the start of each event marked.
func coverageChart(v storyview.View, arts []store.ArticleRef) string {
	var items []chart.Item
	timed, undated := true, 0
	outlets := map[string]bool{}
	for _, a := range arts {
		t, hasTime, ok := parseWhen(a.Published)
		if !ok {
			undated++
			continue
		}
		timed = timed && hasTime
		o := a.Outlet
		if o == "" {
			o = unknownOutlet
		} else {
			outlets[o] = true
		}
		items = append(items, chart.Item{At: t, Group: o})
	}
	if len(items) < 2 {
		return ""
	}
	first, last := items[0].At, items[0].At
	for _, it := range items {
		first, last = minTime(first, it.At), maxTime(last, it.At)
	}
	step := chart.StepFor(first, last)
	if step == chart.Hour && !timed {
		step = chart.Day
	}
	start, bins, series := chart.Tally(items, step, chartOutlets, "Other outlets")
	busiest, peak := 0, 0.0
	for i := range bins {
		t := 0.0
		for _, s := range series {
			t += s.Values[i]
		}
		if t > peak {
			busiest, peak = i, t
		}
	}
	desc := fmt.Sprintf("%s from %s, %s to %s, counted per %s. Peak: %s, %s.",
		plural(len(items), "article"), plural(len(outlets), "known outlet"), first.Format("2 Jan 2006"), last.Format("2 Jan 2006"),
		step, step.Label(step.Add(start, busiest)), plural(int(peak), "article"))
	if undated > 0 {
		desc += " " + plural(undated, "undated article") + " not shown."
	}
	// The largest events are marked: a line for each of a hundred small
	// ones would hide the bars.
	events := append([]storyview.EventRef(nil), v.Events...)
	sort.SliceStable(events, func(i, j int) bool { return events[i].Articles > events[j].Articles })
	var marks []chart.Mark
	for _, e := range events {
		if len(marks) == chartMarks {
			break
		}
		if t, _, ok := parseWhen(e.First); ok {
			marks = append(marks, chart.Mark{At: t, Label: "Event: " + e.Title + " (" + plural(e.Articles, "article") + ")"})
		}
	}
	sort.SliceStable(marks, func(i, j int) bool { return marks[i].At.Before(marks[j].At) })
	switch {
	case len(marks) < 2:
		marks = nil // one event: a line at the first bar says nothing
	case len(marks) < len(v.Events):
		desc += fmt.Sprintf(" Lines mark the start of its %d largest events of %d.", len(marks), len(v.Events))
	default:
		desc += fmt.Sprintf(" Lines mark the start of each of its %d events.", len(marks))
	}
	return chart.Bars{ID: "coverage-chart", Title: "Coverage over time", Desc: desc, Unit: "articles",
		Step: step, Start: start, Series: series, Marks: marks}.HTML()
}

// figureChart draws the dated claims of one figure over time, a line per
// claimant, ringing a claim that another source contradicts on the same
// day. It needs at least two claims dated by their text (a claim dated
// only by its article says nothing about when the value held).
func figureChart(g storyview.Figures, id string) string {
	type claim struct {
		at    time.Time
		value float64
		who   string
		note  string
	}
	var cs []claim
	for _, f := range g.Claims {
		if f.DateInferred || f.Value == 0 {
			continue
		}
		t, _, ok := parseWhen(f.Date)
		if !ok {
			continue
		}
		who := f.Claimant
		if who == "" {
			who = "Not attributed"
		}
		cs = append(cs, claim{t, f.Value, who, f.Outlet})
	}
	if len(cs) < 2 {
		return ""
	}
	byWho := map[string][]chart.Point{}
	var order []string
	flagged := 0
	for _, c := range cs {
		flag := false
		for _, o := range cs {
			if o.at.Equal(c.at) && o.value != c.value {
				flag = true
			}
		}
		if flag {
			flagged++
		}
		if _, ok := byWho[c.who]; !ok {
			order = append(order, c.who)
		}
		byWho[c.who] = append(byWho[c.who], chart.Point{At: c.at, Value: c.value, Flag: flag, Note: c.note})
	}
	sort.SliceStable(order, func(i, j int) bool { return len(byWho[order[i]]) > len(byWho[order[j]]) })
	var lines []chart.Line
	for i, who := range order {
		if i == chartClaimants {
			break
		}
		lines = append(lines, chart.Line{Name: who, Points: byWho[who]})
	}
	unit := g.Unit
	if unit == "" {
		unit = "value"
	}
	lo, hi := cs[0].value, cs[0].value
	for _, c := range cs {
		lo, hi = min(lo, c.value), max(hi, c.value)
	}
	desc := fmt.Sprintf("%s of %s by %s, from %s to %s.", plural(len(cs), "dated claim"), unit, plural(len(order), "claimant"),
		chart.Count(lo), chart.Count(hi))
	if flagged > 0 {
		desc += fmt.Sprintf(" %s disagree with another source on the same day (ringed).", plural(flagged, "claim"))
	} else if g.Disagree {
		desc += " Sources differ."
	}
	return chart.Lines{ID: id, Title: capitalise(unit) + " claimed over time", Desc: desc, Unit: unit,
		FlagNote: "differs from another source that day", Lines: lines}.HTML()
}

// mentionsChart draws an entity's mentions per day (or week, or month
// over a long span); nothing when it is named on fewer than two days.
func mentionsChart(name string, days []store.MentionDay) string {
	type dayCount struct {
		at       time.Time
		mentions int
	}
	var ds []dayCount
	total, arts := 0, 0
	for _, d := range days {
		if t, _, ok := parseWhen(d.Day); ok {
			ds = append(ds, dayCount{t, d.Mentions})
			total += d.Mentions
			arts += d.Articles
		}
	}
	if len(ds) < 2 {
		return ""
	}
	first, last := ds[0].at, ds[len(ds)-1].at
	step := max(chart.StepFor(first, last), chart.Day) // stored per day
	start := step.Floor(first)
	values := make([]float64, step.Index(start, last)+1)
	for _, d := range ds {
		values[step.Index(start, d.at)] += float64(d.mentions)
	}
	busiest := 0
	for i, v := range values {
		if v > values[busiest] {
			busiest = i
		}
	}
	desc := fmt.Sprintf("%s is named %s in %s dated %s to %s, counted per %s. Peak: %s, %s.",
		name, plural(total, "time"), plural(arts, "article"), first.Format("2 Jan 2006"), last.Format("2 Jan 2006"), step,
		step.Label(step.Add(start, busiest)), plural(int(values[busiest]), "mention"))
	return chart.Bars{ID: "mentions-chart", Title: "Mentions of " + name + " over time", Desc: desc, Unit: "mentions",
		Step: step, Start: start, Series: []chart.Series{{Name: "Mentions", Values: values}}}.HTML()
}

func minTime(a, b time.Time) time.Time {
	if b.Before(a) {
		return b
	}
	return a
}

func maxTime(a, b time.Time) time.Time {
	if b.After(a) {
		return b
	}
	return a
}

func capitalise(s string) string {
	if s == "" {
		return s
	}
	r := []rune(s)
	return strings.ToUpper(string(r[0])) + string(r[1:])
}
