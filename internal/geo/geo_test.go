package geo

import "testing"

func TestCheck(t *testing.T) {
	if err := Check(); err != nil {
		t.Fatal(err)
	}
}

func TestLocate(t *testing.T) {
	tests := []struct {
		name     string
		in       string
		kind     string
		lat, lon float64 // within 3 degrees
		found    bool
	}{
		{"country by common name", "France", Country, 46, 2, true},
		{"country by alias", "Britain", Country, 54, -2, true},
		{"country by initialism", "U.S.", Country, 38, -97, true},
		{"city", "Nairobi", City, -1.3, 36.8, true},
		{"city in any case", "BUENOS AIRES", City, -34.6, -58.4, true},
		{"most populous of a name", "Birmingham", City, 52.5, -1.9, true},
		{"a name qualified after a comma", "Washington", City, 38.9, -77, true},
		{"not a place", "Quarterly Earnings", "", 0, 0, false},
		{"a world region is no point", "Asia", "", 0, 0, false},
		{"empty", "", "", 0, 0, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			loc, ok := Locate(tt.in)
			if ok != tt.found {
				t.Fatalf("Locate(%q) found %v (%+v), want %v", tt.in, ok, loc, tt.found)
			}
			if !ok {
				return
			}
			if loc.Kind != tt.kind || abs(loc.Lat-tt.lat) > 3 || abs(loc.Lon-tt.lon) > 3 {
				t.Errorf("Locate(%q) = %+v, want a %s near %v, %v", tt.in, loc, tt.kind, tt.lat, tt.lon)
			}
		})
	}
}

func TestOutlines(t *testing.T) {
	os := Outlines()
	var fr *Outline
	for i := range os {
		if os[i].Name == "France" {
			fr = &os[i]
		}
		for _, r := range os[i].Rings {
			for k, p := range r {
				if p[0] < -360 || p[0] > 360 || p[1] < -90.01 || p[1] > 90.01 {
					t.Fatalf("%s has a point off the globe: %v", os[i].Name, p)
				}
				if k > 0 && (p[0]-r[k-1][0] > 180 || p[0]-r[k-1][0] < -180) {
					t.Errorf("%s jumps across the world: %v to %v", os[i].Name, r[k-1], p)
				}
			}
		}
	}
	if fr == nil {
		t.Fatal("no outline named France (names must match the names package's common names)")
	}
	// Paris is inside metropolitan France's box; its largest ring spans
	// about 42–51°N and 5°W–8°E.
	var big [][2]float32
	for _, r := range fr.Rings {
		if len(r) > len(big) {
			big = r
		}
	}
	minX, maxX, minY, maxY := float32(180), float32(-180), float32(90), float32(-90)
	for _, p := range big {
		minX, maxX, minY, maxY = min(minX, p[0]), max(maxX, p[0]), min(minY, p[1]), max(maxY, p[1])
	}
	if minX < -6 || maxX > 9 || minY < 41 || maxY > 52 || maxX-minX < 10 {
		t.Errorf("France's main ring spans %v–%v E, %v–%v N", minX, maxX, minY, maxY)
	}
}

func BenchmarkLocate(b *testing.B) {
	Check()
	for b.Loop() {
		Locate("Kyiv")
		Locate("United Kingdom")
		Locate("Nowhere Special")
	}
}

func abs(v float64) float64 {
	if v < 0 {
		return -v
	}
	return v
}
