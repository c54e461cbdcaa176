package textdump

import (
	"context"
	"errors"
	"slices"
	"testing"

	"github.com/storyline-news/storyline/internal/model"
)

// Briefs and clipped items: a dump that is one sentence, or a title alone,
// is still a report, and its text becomes the body rather than an error.
func TestBriefItems(t *testing.T) {
	for _, tc := range []struct {
		name, text string
		body       []string
		err        error
	}{
		{name: "one short sentence",
			text: "The council vote is over in Marvale.",
			body: []string{"The council vote is over in Marvale."}},
		{name: "title alone",
			text: "Harbour pilot, river legend, dies at 88",
			body: []string{"Harbour pilot, river legend, dies at 88"}},
		{name: "one long sentence ending the dump",
			text: "Like many readers, I was surprised to see the mayor of Dunfield named yesterday as a candidate -- the front runner, we are told -- for the regional transport board.",
			body: []string{"Like many readers, I was surprised to see the mayor of Dunfield named yesterday as a candidate -- the front runner, we are told -- for the regional transport board."}},
		{name: "headline and a clipped paragraph",
			text: "Singer Checks Into Clinic in Palm Valley\nEarly on Friday, around 2 a.m., the 31-year-old singer checked into a clinic in Palm Valley, Calif,",
			body: []string{"Early on Friday, around 2 a.m., the 31-year-old singer checked into a clinic in Palm Valley, Calif,"}},
		{name: "nothing but chrome",
			text: "Sign in\nSubscribe\nShare this",
			err:  ErrNoText},
	} {
		t.Run(tc.name, func(t *testing.T) {
			a, err := New(nil).Extract(context.Background(), model.Document{ID: "x", File: "x.txt", Content: tc.text})
			if tc.err != nil {
				if !errors.Is(err, tc.err) {
					t.Fatalf("err = %v, want %v", err, tc.err)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if !slices.Equal(a.Body, tc.body) {
				t.Errorf("body = %q, want %q", a.Body, tc.body)
			}
		})
	}
}
