package chart

import (
	"sort"
	"time"
)

// Point is one value at one time.
type Point struct {
	At    time.Time
	Value float64
	Flag  bool   // drawn with a ring: this value disagrees with another source's
	Note  string // said in the tooltip and the table ("The Times")
}

// Line is one series of points, drawn as a line with a marker at each
// point.
type Line struct {
	Name   string
	Points []Point
}

// Lines is a chart of values over time, one line per series.
type Lines struct {
	ID       string
	Title    string
	Desc     string
	Unit     string // what the values measure ("square kilometres")
	Lines    []Line
	FlagNote string // what a ring means, for the legend and table ("differs from another source")
}

// HTML renders the chart: a figure with the SVG and its data table.
func (c Lines) HTML() string {
	var b builder
	var lo, hi time.Time
	vlo, vhi := 0.0, 0.0
	first, flags := true, false
	for _, l := range c.Lines {
		for _, p := range l.Points {
			if first || p.At.Before(lo) {
				lo = p.At
			}
			if first || p.At.After(hi) {
				hi = p.At
			}
			vlo, vhi = min(vlo, p.Value), max(vhi, p.Value)
			first = false
			flags = flags || p.Flag
		}
	}
	var items []legendItem
	for i, l := range c.Lines {
		items = append(items, legendItem{class: seriesClass(i), name: l.Name, line: true})
	}
	if flags && c.FlagNote != "" {
		items = append(items, legendItem{class: "flag", name: c.FlagNote, ring: true})
	}
	p := b.openPlot(c.ID, "chart-lines", c.Title, c.Desc, items, 52.0, 16.0, 10)
	left, bottom, plotW, plotH := p.left, p.bottom, p.w, p.h

	// Pad the time axis so the first and last markers clear the edges;
	// claims dated by day (all at midnight) get an axis of whole days.
	daysOnly := true
	for _, l := range c.Lines {
		for _, p := range l.Points {
			daysOnly = daysOnly && p.At.Equal(Day.Floor(p.At))
		}
	}
	pad := hi.Sub(lo) / 20
	if minPad := 12 * time.Hour; daysOnly && pad < 24*time.Hour {
		pad = 24 * time.Hour
	} else if pad < minPad {
		pad = minPad
	}
	lo, hi = lo.Add(-pad), hi.Add(pad)
	x := func(t time.Time) float64 { return left + plotW*float64(t.Sub(lo))/float64(hi.Sub(lo)) }
	ticks := rangeTicks(vlo, vhi, 4)
	ymin, ymax := ticks[0], ticks[len(ticks)-1]
	y := func(v float64) float64 { return bottom - (v-ymin)/(ymax-ymin)*plotH }

	b.s(`<g class="grid">`)
	for _, t := range ticks {
		b.s(`<path d="M`, num(left), " ", num(y(t)), "H", num(left+plotW), `"/>`)
	}
	b.s(`</g><g class="axis">`)
	for _, t := range ticks {
		b.text(left-4, y(t)+4, "end", "", Count(t))
	}
	for _, tk := range timeTicks(lo, hi, 7, daysOnly) {
		b.s(`<path d="M`, num(x(tk.at)), " ", num(bottom), "v4", `"/>`)
		b.text(x(tk.at), bottom+16, "middle", "", tk.label)
	}
	b.s(`<path d="M`, num(left), " ", num(bottom), "H", num(left+plotW), `"/></g>`)

	var rows [][]string
	for i, l := range c.Lines {
		pts := append([]Point(nil), l.Points...)
		sort.SliceStable(pts, func(a, b int) bool { return pts[a].At.Before(pts[b].At) })
		cls := seriesClass(i)
		b.s(`<g class="`, cls, `">`)
		if len(pts) > 1 {
			b.s(`<path class="line" d="M`)
			for k, p := range pts {
				if k > 0 {
					b.s("L")
				}
				b.s(num(x(p.At)), " ", num(y(p.Value)))
			}
			b.s(`"/>`)
		}
		for _, p := range pts {
			tip := l.Name + ": " + Count(p.Value) + " " + c.Unit + ", " + p.At.Format("2 Jan 2006")
			if p.Note != "" {
				tip += " (" + p.Note + ")"
			}
			if p.Flag && c.FlagNote != "" {
				tip += "; " + c.FlagNote
			}
			if p.Flag {
				b.s(`<circle class="flag" cx="`, num(x(p.At)), `" cy="`, num(y(p.Value)), `" r="7"/>`)
			}
			b.s(`<circle cx="`, num(x(p.At)), `" cy="`, num(y(p.Value)), `" r="3.5"><title>`, esc(tip), `</title></circle>`)
			flag := ""
			if p.Flag {
				flag = c.FlagNote
			}
			rows = append(rows, []string{p.At.Format("2 Jan 2006"), l.Name, Count(p.Value), p.Note, flag})
		}
		b.s(`</g>`)
	}
	b.s(`</svg>`)
	sort.SliceStable(rows, func(i, j int) bool { return dateKey(rows[i][0]).Before(dateKey(rows[j][0])) })
	head := []string{"Date", "Claimed by", capital(c.Unit), "Source", "Note"}
	b.table(c.Title, head, rows)
	b.s(`</figure>`)
	return b.String()
}

func dateKey(s string) time.Time {
	t, _ := time.Parse("2 Jan 2006", s)
	return t
}
