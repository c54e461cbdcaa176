package server

import (
	"encoding/xml"
	"io"
	"regexp"
	"strings"
	"testing"
)

// figures returns every chart figure of a page.
func figures(body string) []string {
	return regexp.MustCompile(`(?s)<figure class="chart .*?</figure>`).FindAllString(body, -1)
}

func TestPagesHaveCharts(t *testing.T) {
	srv, st, ann := newTestServer(t)
	story := voteStory(t, st)
	tests := []struct {
		name   string
		path   string
		charts []string // ids of the charts the page must have
	}{
		// Two dated articles by two outlets; the GBP figure has two dated
		// claims (1 and 2 Oct).
		{"story", "/stories/" + story, []string{"coverage-chart", "figure-chart-1"}},
		// Nora Vance is named on 1 and 2 Oct.
		{"entity", "/entities/nora-vance", []string{"mentions-chart"}},
		// Elm Park is named on one day only: nothing to draw.
		{"entity on one day", "/entities/elm-park", nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			status, body, _ := get(t, ann.Cookie, srv.URL+tt.path)
			if status != 200 {
				t.Fatalf("status %d", status)
			}
			figs := figures(body)
			if len(figs) != len(tt.charts) {
				t.Fatalf("%d charts, want %d (%v)", len(figs), len(tt.charts), tt.charts)
			}
			for i, id := range tt.charts {
				f := figs[i]
				if !strings.Contains(f, `id="`+id+`"`) {
					t.Errorf("chart %d is not %s: %.120s", i, id, f)
				}
				if !strings.Contains(f, `role="img" aria-labelledby="`+id+`-t `+id+`-d"`) {
					t.Errorf("%s: no accessible name", id)
				}
				if !strings.Contains(f, `<div class="visually-hidden"><table>`) || !strings.Contains(f, `<th scope="row">`) {
					t.Errorf("%s: no data table with rows", id)
				}
				if strings.Contains(f, "style=") {
					t.Errorf("%s: inline style, which the CSP refuses", id)
				}
				d := xml.NewDecoder(strings.NewReader(f))
				for {
					if _, err := d.Token(); err == io.EOF {
						break
					} else if err != nil {
						t.Fatalf("%s is not well-formed XML: %v", id, err)
					}
				}
			}
		})
	}
}
