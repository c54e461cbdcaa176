// Package chart draws Storyline's pictures as inline SVG for server-rendered
// pages: stacked bars over time (coverage per outlet), line series with
// markers (a figure's claims per claimant) and a map of places (markers on
// country outlines). Each chart comes out as one <figure> holding an
// <svg role="img" aria-labelledby="…"> with a <title> and a <desc>, and a
// visually hidden <table> of the same data for screen readers.
//
// # Why not a library
//
// github.com/go-analyze/charts (v0.6.4, the Go chart library the module
// proxy serves here) was evaluated first. It renders whole standalone
// documents sized in pixels, with fonts embedded or measured through
// golang/freetype and colours and font settings written as inline style
// attributes, which the pages' Content-Security-Policy (style-src 'self')
// refuses; it has no place for <title>/<desc>, role="img" or a data table,
// no calendar axis for hour and day bins, and no map; and it pulls in a
// font rasteriser, which is several megabytes of dependency for a few
// kilobytes of output. What the pages need is small: rectangles, polylines,
// circles, paths and text at computed places. So the package writes the
// SVG itself (about the size of one of that library's chart types), with
// complete control of the output: no inline styles (colours come from
// classes the site's stylesheet defines: .s0 to .s7 for series, .other,
// .axis, .grid, .legend, .mark, .flag, .sea, .land, .place, .place-label),
// every text escaped, coordinates rounded to a tenth of a unit (map
// outlines to whole units, as relative moves) so output is small and
// byte-for-byte deterministic.
//
// Golden files in testdata are refreshed with go test -update.
package chart

import (
	"math"
	"strconv"
	"strings"
)

// Size of every chart's viewBox, in user units (a chart's height follows
// its legend); the stylesheet scales the SVG to the width of its column
// and sets its text at 12 units.
const (
	width      = 560
	mapHeight  = 320
	charWidth  = 6.8 // average advance of the site's sans-serif at 12 units
	maxSeries  = 8   // series classes .s0 … .s7
	legendRowH = 16
)

var escaper = strings.NewReplacer("&", "&amp;", "<", "&lt;", ">", "&gt;", `"`, "&#34;", "'", "&#39;")

// esc escapes s for text and attribute values of both HTML and XML.
func esc(s string) string { return escaper.Replace(s) }

// num writes a coordinate rounded to a tenth, without a trailing ".0".
func num(v float64) string {
	r := math.Round(v*10) / 10
	if r == 0 {
		r = 0 // no "-0"
	}
	return strconv.FormatFloat(r, 'f', -1, 64)
}

// builder collects a chart's markup.
type builder struct{ strings.Builder }

func (b *builder) s(parts ...string) {
	for _, p := range parts {
		b.WriteString(p)
	}
}

// open writes the figure and the <svg> element with its title and
// description; id must be unique within the page.
func (b *builder) open(id, class, title, desc string, h int) {
	// The figure takes the keyboard focus: on a phone the stylesheet lets a
	// chart scroll sideways rather than shrink its text out of reach.
	b.s(`<figure class="chart `, esc(class), `" id="`, esc(id), `" tabindex="0">`)
	b.s(`<svg xmlns="http://www.w3.org/2000/svg" class="chart-svg" viewBox="0 0 `, strconv.Itoa(width), " ", strconv.Itoa(h),
		`" role="img" aria-labelledby="`, esc(id), `-t `, esc(id), `-d">`)
	b.s(`<title id="`, esc(id), `-t">`, esc(title), `</title><desc id="`, esc(id), `-d">`, esc(desc), `</desc>`)
}

// text writes a text element; anchor is "start", "middle" or "end".
func (b *builder) text(x, y float64, anchor, class, s string) {
	b.s(`<text x="`, num(x), `" y="`, num(y), `"`)
	if anchor != "start" {
		b.s(` text-anchor="`, anchor, `"`)
	}
	if class != "" {
		b.s(` class="`, class, `"`)
	}
	b.s(">", esc(s), "</text>")
}

// table writes the visually hidden data table: a caption, a header row
// and rows whose first cell is a row header. It is hidden in a div, as a
// table itself grows to its content whatever width it is given.
func (b *builder) table(caption string, head []string, rows [][]string) {
	b.s(`<div class="visually-hidden"><table><caption>`, esc(caption), `</caption><thead><tr>`)
	for _, h := range head {
		b.s(`<th scope="col">`, esc(h), `</th>`)
	}
	b.s(`</tr></thead><tbody>`)
	for _, r := range rows {
		b.s("<tr>")
		for i, c := range r {
			if i == 0 {
				b.s(`<th scope="row">`, esc(c), `</th>`)
			} else {
				b.s("<td>", esc(c), "</td>")
			}
		}
		b.s("</tr>")
	}
	b.s(`</tbody></table></div>`)
}

// seriesClass is the colour class of the i-th series.
func seriesClass(i int) string { return "s" + strconv.Itoa(i%maxSeries) }

// legendItem is one swatch and name of a legend; the swatch is a square,
// or a short line when line is set, or a ring when ring is set.
type legendItem struct {
	class, name string
	line, ring  bool
}

// legend writes items in rows from (x, y) within width w, and returns the
// height it took.
func (b *builder) legend(items []legendItem, x, y, w float64) float64 {
	if len(items) == 0 {
		return 0
	}
	b.s(`<g class="legend">`)
	cx, rows := x, 1
	for _, it := range items {
		iw := 14 + textWidth(it.name) + 12
		if cx > x && cx+iw > x+w {
			cx, rows = x, rows+1
		}
		cy := y + float64(rows-1)*legendRowH
		switch {
		case it.ring:
			b.s(`<circle class="`, it.class, `" cx="`, num(cx+5), `" cy="`, num(cy+5), `" r="4.5"/>`)
		case it.line:
			b.s(`<path class="`, it.class, ` line" d="M`, num(cx), " ", num(cy+5), "h10\"/>")
		default:
			b.s(`<rect class="`, it.class, `" x="`, num(cx), `" y="`, num(cy), `" width="10" height="10"/>`)
		}
		b.text(cx+14, cy+9, "start", "", it.name)
		cx += iw
	}
	b.s(`</g>`)
	return float64(rows) * legendRowH
}

// legendHeight is the height legend would take, without writing it.
// plot is the area a bar or line chart draws in, below its legend.
type plot struct {
	left, top, bottom, w, h float64
}

// openPlot opens a chart of the plot's fixed height with its legend on
// top, between margins left and right, and a gap under the legend.
func (b *builder) openPlot(id, class, title, desc string, items []legendItem, left, right, gap float64) plot {
	w := width - left - right
	top := 8 + legendHeight(items, w) + gap
	h := int(top) + 170
	bottom := float64(h) - 22
	b.open(id, class, title, desc, h)
	b.legend(items, left, 8, w)
	return plot{left: left, top: top, bottom: bottom, w: w, h: bottom - top}
}

func legendHeight(items []legendItem, w float64) float64 {
	if len(items) == 0 {
		return 0
	}
	cx, rows := 0.0, 1
	for _, it := range items {
		iw := 14 + textWidth(it.name) + 12
		if cx > 0 && cx+iw > w {
			cx, rows = 0, rows+1
		}
		cx += iw
	}
	return float64(rows) * legendRowH
}

// textWidth estimates the width of s at fontSize.
func textWidth(s string) float64 { return float64(len([]rune(s))) * charWidth }

// truncate shortens s to at most n runes, with an ellipsis.
func truncate(s string, n int) string {
	r := []rune(s)
	if len(r) <= n {
		return s
	}
	return strings.TrimSpace(string(r[:n-1])) + "…"
}

// Count formats a value for axis labels and tables: grouped digits up to a
// million, then "1.5M" and "2bn"; fractions keep up to two decimals.
func Count(v float64) string {
	a := math.Abs(v)
	switch {
	case a >= 1e9:
		return trimZeros(strconv.FormatFloat(v/1e9, 'f', 1, 64)) + "bn"
	case a >= 1e6:
		return trimZeros(strconv.FormatFloat(v/1e6, 'f', 1, 64)) + "M"
	case v == math.Trunc(v):
		return group(strconv.FormatInt(int64(v), 10))
	}
	return trimZeros(strconv.FormatFloat(v, 'f', 2, 64))
}

func trimZeros(s string) string {
	if strings.Contains(s, ".") {
		s = strings.TrimRight(strings.TrimRight(s, "0"), ".")
	}
	return s
}

func group(s string) string {
	neg := strings.HasPrefix(s, "-")
	s = strings.TrimPrefix(s, "-")
	var b strings.Builder
	if neg {
		b.WriteByte('-')
	}
	for i, r := range s {
		if i > 0 && (len(s)-i)%3 == 0 {
			b.WriteByte(',')
		}
		b.WriteRune(r)
	}
	return b.String()
}
