package chart

import (
	"time"
	"unicode"
	"unicode/utf8"
)

// Series is one series of values: a stack of a bar chart (one value per
// bin).
type Series struct {
	Name   string
	Values []float64
	Other  bool // the sum of the groups not shown on their own
}

// Mark is a moment marked on a time axis, such as an event's start.
type Mark struct {
	At    time.Time
	Label string
}

// Bars is a chart of counts per time bin, stacked by series.
type Bars struct {
	ID    string // unique within the page; prefixes the ids of the title and desc
	Title string
	Desc  string // the text alternative: what the chart shows, in a sentence or two
	Unit  string // what is counted, in the plural ("articles")
	Step  Step
	Start time.Time // the first bin's start (Step.Floor)
	// Series are stacked in order, the first at the bottom; each has one
	// value per bin.
	Series []Series
	Marks  []Mark // drawn as vertical lines, their labels as tooltips
}

// maxMarks bounds the marks drawn, so a story of hundreds of events keeps
// a small page.
const maxMarks = 40

// maxBarWidth is the widest a bar is drawn, in viewBox units.
const maxBarWidth = 48

// bins is the number of bins the series hold.
func (c Bars) bins() int {
	n := 0
	for _, s := range c.Series {
		n = max(n, len(s.Values))
	}
	return n
}

// xAt places t on an axis of n bins from c.Start across [x0, x0+w].
func (c Bars) xAt(t time.Time, x0, w float64, n int) float64 {
	bw := w / float64(n)
	i := c.Step.Index(c.Start, t)
	b := c.Step.Add(c.Start, i)
	frac := float64(t.Sub(b)) / float64(c.Step.Add(b, 1).Sub(b))
	return x0 + (float64(i)+frac)*bw
}

// HTML renders the chart: a figure with the SVG and its data table.
func (c Bars) HTML() string {
	n := c.bins()
	var b builder
	var items []legendItem
	for i, s := range c.Series {
		items = append(items, legendItem{class: barClass(i, s), name: s.Name})
	}
	p := b.openPlot(c.ID, "chart-bars", c.Title, c.Desc, items, 40.0, 8.0, 6)
	left, top, bottom, plotW, plotH := p.left, p.top, p.bottom, p.w, p.h

	totals := make([]float64, n)
	for _, s := range c.Series {
		for i, v := range s.Values {
			totals[i] += v
		}
	}
	peak := 0.0
	for _, t := range totals {
		peak = max(peak, t)
	}
	ticks := countTicks(peak, 4)
	ymax := ticks[len(ticks)-1]
	y := func(v float64) float64 { return bottom - v/ymax*plotH }

	b.s(`<g class="grid">`)
	for _, t := range ticks {
		b.s(`<path d="M`, num(left), " ", num(y(t)), "H", num(left+plotW), `"/>`)
	}
	b.s(`</g><g class="axis">`)
	for _, t := range ticks {
		b.text(left-4, y(t)+4, "end", "", Count(t))
	}
	if n > 0 {
		end := c.Step.Add(c.Start, n)
		bw := plotW / float64(n)
		for _, tk := range timeTicks(c.Start, end, 7, c.Step != Hour) {
			x := c.xAt(tk.at, left, plotW, n)
			if c.Step != Hour && c.Step.Floor(tk.at).Equal(tk.at) {
				x += bw / 2 // a day, week or month is labelled under its bar
			}
			if x > left+plotW-8 {
				continue // the axis' end: its label would be cut
			}
			b.s(`<path d="M`, num(x), " ", num(bottom), "v4", `"/>`)
			b.text(x, bottom+16, "middle", "", tk.label)
		}
	}
	b.s(`<path d="M`, num(left), " ", num(bottom), "H", num(left+plotW), `"/></g>`)

	if n > 0 {
		bw := plotW / float64(n)
		gap := min(bw*0.2, 4)
		if bw < 3 {
			gap = 0
		}
		gap = max(gap, bw-maxBarWidth) // a few bins make bars, not walls
		base := make([]float64, n)
		for si, s := range c.Series {
			b.s(`<g class="`, barClass(si, s), `">`)
			for i, v := range s.Values {
				if v <= 0 {
					continue
				}
				y0, y1 := y(base[i]), y(base[i]+v)
				base[i] += v
				b.s(`<rect x="`, num(left+float64(i)*bw+gap/2), `" y="`, num(y1), `" width="`, num(bw-gap), `" height="`, num(y0-y1), `"/>`)
			}
			b.s(`</g>`)
		}
		for i, m := range c.Marks {
			if i == maxMarks {
				break
			}
			x := c.xAt(m.At, left, plotW, n)
			if x < left || x > left+plotW {
				continue
			}
			b.s(`<g class="mark"><title>`, esc(m.Label), `</title><path d="M`, num(x), " ", num(top), "V", num(bottom), `"/><path class="mark-head" d="M`,
				num(x-4), " ", num(top-5), "h8l-4 5z", `"/></g>`)
		}
	}
	b.s(`</svg>`)

	head := []string{capital(c.Step.String())}
	for _, s := range c.Series {
		head = append(head, s.Name)
	}
	if len(c.Series) > 1 {
		head = append(head, "Total")
	}
	var rows [][]string
	for i := range n {
		if totals[i] == 0 {
			continue
		}
		r := []string{c.Step.Label(c.Step.Add(c.Start, i))}
		for _, s := range c.Series {
			r = append(r, Count(s.Values[i]))
		}
		if len(c.Series) > 1 {
			r = append(r, Count(totals[i]))
		}
		rows = append(rows, r)
	}
	b.table(c.Title+": "+c.Unit+" per "+c.Step.String(), head, rows)
	if len(c.Marks) > 0 {
		var mrows [][]string
		for i, m := range c.Marks {
			if i == maxMarks {
				break
			}
			mrows = append(mrows, []string{c.Step.Label(c.Step.Floor(m.At)), m.Label})
		}
		b.table(c.Title+": marked", []string{capital(c.Step.String()), "Marked"}, mrows)
	}
	b.s(`</figure>`)
	return b.String()
}

func barClass(i int, s Series) string {
	if s.Other {
		return "other"
	}
	return seriesClass(i)
}

// capital upper-cases the first letter of s.
func capital(s string) string {
	r, n := utf8.DecodeRuneInString(s)
	if n == 0 {
		return s
	}
	return string(unicode.ToUpper(r)) + s[n:]
}

// Total returns the sum of every series' values.
func (c Bars) Total() float64 {
	t := 0.0
	for _, s := range c.Series {
		for _, v := range s.Values {
			t += v
		}
	}
	return t
}
