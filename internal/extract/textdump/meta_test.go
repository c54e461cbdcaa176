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
		{"time of update over the headline", "Updated 9:06 AM\nQuay to close for repairs\n\n" + body, "", "", ""},
		{"forum edit stamp", "Edited on Mon Dec-19-05 03:49 PM\nQuay to close for repairs\n\n" + body, "", "", ""},
		{"numeric stamp with zones", "12/23/12 06:03 PM ET EST\nQuay to close for repairs\n\n" + body, "", "", ""},
		{"address broken by spaces", "http://www. harbourgazette. example/news/2023/05/02/quay _ to _ close _ for _ repairs _ says _ board _ chair\nQuay to close for repairs\n\n" + body, "", "", ""},
		{"two stamps in a line", "Quay to close for repairs\nPosted: May 2, 2023 8:20 AM ET Last Updated: May 2, 2023 8:10 PM ET\n\n" + body, "", "2023-05-02", ""},
		{"stamp under the headline", "Quay to close for repairs\nPosted at 6 p.m. Tuesday\n\n" + body, "", "", ""},
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

func TestIsTimestampLine(t *testing.T) {
	for line, want := range map[string]bool{
		"Updated 9:06 AM":                   true,
		"Updated 9: 06 AM":                  true,
		"Edited on Mon Dec-19-05 03:49 PM":  true,
		"12/23/12 06:03 PM ET EST":          true,
		"Posted at 6 p.m. Tuesday":          true,
		"Last updated 2005-11-28 02:24 GMT": true,
		"10:30 | 14 March 2023":             true,
		"Posted: Nov 27, 2005 8:20 AM ET Last Updated: Nov 27, 2005 8:10 PM ET": true,
		"PUBLISHED FRIDAY, MARCH 8, 2013 AT 12:46 PM/UPDATED AT 12:48 PM":       true,
		"Quay to close at 6 p.m. Tuesday":                                       false,
		"Meeting moved to 9:30 AM":                                              false,
		"Fire at 24 High Street":                                                false,
		"Updated":                                                               false,
		"March 2023":                                                            false,
	} {
		if got := isTimestampLine(line); got != want {
			t.Errorf("isTimestampLine(%q) = %v, want %v", line, got, want)
		}
	}
}
