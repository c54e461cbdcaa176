package textdump

import (
	"context"
	"testing"

	"github.com/storyline-news/storyline/internal/model"
)

// TestHeaderLines checks header conventions of single dumps, with no corpus
// to learn chrome from: the rules alone must read them.
func TestHeaderLines(t *testing.T) {
	body := "The harbour board voted on Tuesday to close the north quay for repairs.\n\nWork will start in May and last a year, the board said."
	tests := []struct {
		name, dump            string
		outlet, published, by string
	}{
		{"wire dateline names the agency", "Quay to close for repairs\n\nPORTSMOUTH, England, May 2 (Reuters) - " + body, "Reuters", "", ""},
		{"agency without a date", "Quay to close for repairs\n\nPORTSMOUTH (AP) \u2014 " + body, "AP", "", ""},
		{"a bracket in prose is no dateline", "Quay to close for repairs\n\nThe Port Authority (PA) - a body of nine - " + body, "", "", ""},
		{"syndication credit", "Quay to close for repairs\n\u00a9 Provided by The Harbour Gazette\n\n" + body, "The Harbour Gazette", "", ""},
		{"label over date", "Quay to close for repairs\n\nLast updated\n2 May 2023\n\n" + body, "", "2023-05-02", ""},
		{"reading time is chrome", "Quay to close for repairs\nBy Ruth Elling\n3 min read\nMay 2, 2023 6:02 AM UTC\n\n" + body, "", "2023-05-02", "Ruth Elling"},
		{"bare name over a date", "Quay to close for repairs\nRuth Elling\nTue, May 2, 2023, 6:02 AM\n\n" + body, "", "2023-05-02", "Ruth Elling"},
		{"name and role without By", "The Harbour Gazette\nQuay to close for repairs\nRuth Elling Transport Correspondent\n\n" + body, "The Harbour Gazette", "", "Ruth Elling"},
		{"syndication footer is chrome", "Quay to close for repairs\n\n" + body + "\n\nThis article was originally published on The Harbour Gazette.", "", "", ""},
		{"bare name over prose is not a byline", "Quay to close for repairs\nRuth Elling\n\n" + body, "", "", ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			a, err := New(nil).Extract(context.Background(), model.Document{ID: "d", File: "d.txt", Format: model.FormatText, Content: tt.dump})
			if err != nil {
				t.Fatal(err)
			}
			by := ""
			if len(a.Byline) > 0 {
				by = a.Byline[0]
			}
			if a.Outlet != tt.outlet || a.Published != tt.published || by != tt.by {
				t.Errorf("outlet %q published %q byline %q; want %q %q %q", a.Outlet, a.Published, by, tt.outlet, tt.published, tt.by)
			}
			if len(a.Body) != 2 || a.Headline != "Quay to close for repairs" {
				t.Errorf("headline %q body %q", a.Headline, a.Body)
			}
		})
	}
}
