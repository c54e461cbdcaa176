package chart

import (
	"math"
	"sort"
	"strconv"
	"strings"
)

// Place is a point on a map: a named place with how often it is named.
type Place struct {
	Name     string
	Lat, Lon float64
	Count    int // how many articles name it; sizes its marker
}

// Shape is an outline drawn under the places: a country, as rings of
// longitude/latitude pairs (outer rings and holes alike, filled even-odd).
type Shape struct {
	Name  string
	Rings [][][2]float32
	Named bool // the story names it: drawn highlighted
}

// Map is a map of places over outlines, in an equirectangular projection
// (longitudes scaled by the cosine of the middle latitude) fitted to the
// places with a margin. It does not handle views across the antimeridian:
// a story naming Fiji and Samoa gets a map of the whole Pacific width.
type Map struct {
	ID     string
	Title  string
	Desc   string
	Places []Place
	Shapes []Shape
}

// maxPlaces bounds the markers drawn; the table lists every place.
const maxPlaces = 24

// view is the projection of a map: longitude/latitude to viewBox units.
type view struct {
	lon0, lat1 float64 // the top-left corner
	kx, scale  float64 // cos(mid latitude); units per degree
	w, h       float64
}

func (v view) xy(lon, lat float64) (float64, float64) {
	return (lon - v.lon0) * v.kx * v.scale, (v.lat1 - lat) * v.scale
}

// fit returns the view that shows every place with a margin: at least
// 12 degrees of latitude, so a single town shows its region.
func fit(places []Place, w, h float64) view {
	minLat, maxLat, minLon, maxLon := 90.0, -90.0, 180.0, -180.0
	for _, p := range places {
		minLat, maxLat = math.Min(minLat, p.Lat), math.Max(maxLat, p.Lat)
		minLon, maxLon = math.Min(minLon, p.Lon), math.Max(maxLon, p.Lon)
	}
	if len(places) == 0 {
		minLat, maxLat, minLon, maxLon = -60, 80, -180, 180
	}
	midLat := (minLat + maxLat) / 2
	kx := math.Cos(midLat * math.Pi / 180)
	kx = math.Max(kx, 0.2)
	// The places' box, padded by a fifth on every side and at least 12°
	// of latitude tall and 12° of (scaled) longitude wide.
	latSpan := math.Max((maxLat-minLat)*1.4, 12)
	lonSpan := math.Max((maxLon-minLon)*1.4*kx, 12) // in latitude-sized degrees
	// Widen the narrower dimension to the viewBox's aspect.
	if lonSpan/latSpan < w/h {
		lonSpan = latSpan * w / h
	} else {
		latSpan = lonSpan * h / w
	}
	latSpan = math.Min(latSpan, 170)
	midLon := (minLon + maxLon) / 2
	v := view{kx: kx, w: w, h: h}
	v.scale = h / latSpan
	v.lat1 = math.Min(midLat+latSpan/2, 85)
	v.lon0 = midLon - lonSpan/kx/2
	return v
}

// HTML renders the map: a figure with the SVG and its data table.
func (m Map) HTML() string {
	var b builder
	w, h := float64(width), float64(mapHeight)
	places := append([]Place(nil), m.Places...)
	sort.SliceStable(places, func(i, j int) bool {
		if places[i].Count != places[j].Count {
			return places[i].Count > places[j].Count
		}
		return places[i].Name < places[j].Name
	})
	shown := places[:min(len(places), maxPlaces)]
	v := fit(shown, w, h)
	b.open(m.ID, "chart-map", m.Title, m.Desc, mapHeight)
	b.s(`<rect class="sea" width="`, num(w), `" height="`, num(h), `"/>`)
	// The shapes not named make one path (their borders still show, in
	// the stroke); each named one is a path of its own with its name.
	var rest strings.Builder
	for _, s := range m.Shapes {
		d := shapePath(s, v)
		switch {
		case d == "":
		case s.Named:
			b.s(`<path class="land named" d="`, d, `"><title>`, esc(s.Name), `</title></path>`)
		default:
			rest.WriteString(d)
		}
	}
	if rest.Len() > 0 {
		b.s(`<path class="land" d="`, rest.String(), `"/>`)
	}
	peak := 1
	for _, p := range shown {
		peak = max(peak, p.Count)
	}
	type box struct{ x0, y0, x1, y1 float64 }
	var taken []box
	b.s(`<g class="places">`)
	// Largest first, so smaller markers are drawn over them.
	for _, p := range shown {
		x, y := v.xy(p.Lon, p.Lat)
		r := 3 + 9*math.Sqrt(float64(p.Count)/float64(peak))
		b.s(`<circle class="place" cx="`, num(x), `" cy="`, num(y), `" r="`, num(r), `"><title>`, esc(p.Name+": "+articles(p.Count)), `</title></circle>`)
		taken = append(taken, box{x - r, y - r, x + r, y + r})
	}
	// Labels: the most named first, each placed right of its marker (or
	// left, near the right edge) where it overlaps no earlier label or
	// marker; a label with no room is left to the tooltip and the table.
	for i, p := range shown {
		x, y := v.xy(p.Lon, p.Lat)
		r := 3 + 9*math.Sqrt(float64(p.Count)/float64(peak))
		name := truncate(p.Name, 24)
		tw := textWidth(name)
		lx, anchor := x+r+3, "start"
		if lx+tw > w-2 {
			lx, anchor = x-r-3, "end"
		}
		bx := box{lx, y - 8, lx + tw, y + 4}
		if anchor == "end" {
			bx.x0, bx.x1 = lx-tw, lx
		}
		free := true
		for k, t := range taken {
			if k == i {
				continue
			}
			if bx.x0 < t.x1 && t.x0 < bx.x1 && bx.y0 < t.y1 && t.y0 < bx.y1 {
				free = false
				break
			}
		}
		if free {
			b.text(lx, y+4, anchor, "place-label", name)
			taken = append(taken, bx)
		}
	}
	b.s(`</g></svg>`)
	var rows [][]string
	for _, p := range places {
		rows = append(rows, []string{p.Name, strconv.Itoa(p.Count), coord(p.Lat, "N", "S"), coord(p.Lon, "E", "W")})
	}
	b.table(m.Title, []string{"Place", "Articles", "Latitude", "Longitude"}, rows)
	b.s(`</figure>`)
	return b.String()
}

func articles(n int) string {
	if n == 1 {
		return "1 article"
	}
	return strconv.Itoa(n) + " articles"
}

func coord(v float64, pos, neg string) string {
	h := pos
	if v < 0 {
		h, v = neg, -v
	}
	return strconv.FormatFloat(v, 'f', 1, 64) + "° " + h
}

// shapePath projects s's rings into v, clips them to the view (with a
// small bleed), drops points closer than a pixel to the last one kept, and
// returns the path data; "" when nothing of s is in view.
func shapePath(s Shape, v view) string {
	var b builder
	const bleed = 4
	// The view's bounds in degrees, with the bleed, to skip rings far
	// out of it without projecting them.
	lonMin, latMax := v.lon0-bleed/(v.kx*v.scale), v.lat1+bleed/v.scale
	lonMax, latMin := v.lon0+(v.w+bleed)/(v.kx*v.scale), v.lat1-(v.h+bleed)/v.scale
	for _, ring := range s.Rings {
		x0, y0, x1, y1 := float32(math.Inf(1)), float32(math.Inf(1)), float32(math.Inf(-1)), float32(math.Inf(-1))
		for _, p := range ring {
			x0, y0, x1, y1 = min(x0, p[0]), min(y0, p[1]), max(x1, p[0]), max(y1, p[1])
		}
		if float64(x1) < lonMin || float64(x0) > lonMax || float64(y1) < latMin || float64(y0) > latMax {
			continue
		}
		pts := make([][2]float64, 0, len(ring))
		in := false
		for _, p := range ring {
			x, y := v.xy(float64(p[0]), float64(p[1]))
			pts = append(pts, [2]float64{x, y})
			in = in || (x >= -bleed && x <= v.w+bleed && y >= -bleed && y <= v.h+bleed)
		}
		if !in && !covers(pts, v.w/2, v.h/2) {
			continue
		}
		if float64(x0) < lonMin || float64(x1) > lonMax || float64(y0) < latMin || float64(y1) > latMax {
			pts = clip(pts, -bleed, -bleed, v.w+bleed, v.h+bleed) // not wholly in view
		}
		// Points are whole units: a map 560 wide shows no finer detail.
		// Each is kept only if it is more than a unit and a half from the
		// last kept, and a ring under three units both ways (an islet at
		// world scale) is left out.
		var kept [][2]int
		bx0, by0, bx1, by1 := math.Inf(1), math.Inf(1), math.Inf(-1), math.Inf(-1)
		for _, p := range pts {
			q := [2]int{int(math.Round(p[0])), int(math.Round(p[1]))}
			if n := len(kept); n > 0 && abs(q[0]-kept[n-1][0]) <= 1 && abs(q[1]-kept[n-1][1]) <= 1 {
				continue
			}
			kept = append(kept, q)
			bx0, by0, bx1, by1 = math.Min(bx0, p[0]), math.Min(by0, p[1]), math.Max(bx1, p[0]), math.Max(by1, p[1])
		}
		if len(kept) < 3 || (bx1-bx0 < 3 && by1-by0 < 3) {
			continue
		}
		// Relative moves after the first point: "l-3 2 4 0…" is about
		// half the bytes of absolute coordinates.
		b.s("M", strconv.Itoa(kept[0][0]), " ", strconv.Itoa(kept[0][1]), "l")
		for i := 1; i < len(kept); i++ {
			dx, dy := kept[i][0]-kept[i-1][0], kept[i][1]-kept[i-1][1]
			if i > 1 && dx >= 0 {
				b.s(" ")
			}
			b.s(strconv.Itoa(dx))
			if dy >= 0 {
				b.s(" ")
			}
			b.s(strconv.Itoa(dy))
		}
		b.s("z")
	}
	return b.String()
}

// covers reports whether the polygon pts contains (x, y): a ring with no
// point in view may still surround the whole view.
func covers(pts [][2]float64, x, y float64) bool {
	in := false
	for i, j := 0, len(pts)-1; i < len(pts); j, i = i, i+1 {
		a, c := pts[i], pts[j]
		if (a[1] > y) != (c[1] > y) && x < (c[0]-a[0])*(y-a[1])/(c[1]-a[1])+a[0] {
			in = !in
		}
	}
	return in
}

// clip cuts a closed polygon to a rectangle (Sutherland–Hodgman).
func clip(pts [][2]float64, x0, y0, x1, y1 float64) [][2]float64 {
	edges := []struct {
		inside func(p [2]float64) bool
		cross  func(a, b [2]float64) [2]float64
	}{
		{func(p [2]float64) bool { return p[0] >= x0 }, func(a, b [2]float64) [2]float64 { return atX(a, b, x0) }},
		{func(p [2]float64) bool { return p[0] <= x1 }, func(a, b [2]float64) [2]float64 { return atX(a, b, x1) }},
		{func(p [2]float64) bool { return p[1] >= y0 }, func(a, b [2]float64) [2]float64 { return atY(a, b, y0) }},
		{func(p [2]float64) bool { return p[1] <= y1 }, func(a, b [2]float64) [2]float64 { return atY(a, b, y1) }},
	}
	for _, e := range edges {
		if len(pts) == 0 {
			break
		}
		out := make([][2]float64, 0, len(pts))
		prev := pts[len(pts)-1]
		for _, p := range pts {
			switch pin, qin := e.inside(p), e.inside(prev); {
			case pin && qin:
				out = append(out, p)
			case pin:
				out = append(out, e.cross(prev, p), p)
			case qin:
				out = append(out, e.cross(prev, p))
			}
			prev = p
		}
		pts = out
	}
	return pts
}

func atX(a, b [2]float64, x float64) [2]float64 {
	t := (x - a[0]) / (b[0] - a[0])
	return [2]float64{x, a[1] + t*(b[1]-a[1])}
}

func atY(a, b [2]float64, y float64) [2]float64 {
	t := (y - a[1]) / (b[1] - a[1])
	return [2]float64{a[0] + t*(b[0]-a[0]), y}
}

func abs(v int) int {
	if v < 0 {
		return -v
	}
	return v
}
