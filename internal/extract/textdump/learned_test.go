package textdump

import (
	"context"
	"errors"
	"slices"
	"strings"
	"testing"

	"github.com/storyline-news/storyline/internal/extract/chrome"
	"github.com/storyline-news/storyline/internal/model"
)

// TestLearnedBoilerplateLeavesBody runs the extractor over invented
// one-block pages that carry the same player notice inside their prose:
// the notice, learned from its recurrence in unrelated articles, leaves
// every body, the articles' own sentences stay, and a page holding
// nothing but notices the corpus learned is no article.
func TestLearnedBoilerplateLeavesBody(t *testing.T) {
	const notice = "The video player could not be loaded on this device today. Come back for the latest updates soon."
	bodies := map[string]string{
		"harbour": "The harbour authority approved dredging beneath the northern breakwater on Tuesday. Fishermen complained that silt had stranded trawlers alongside crumbling wharves. Engineers estimated the dredging contract would require eighteen barges and specialist divers. Harbour commissioners will publish tender documents next month, and local councillors asked for environmental surveys first.",
		"orchard": "Orchard growers reported blossom damage after unseasonal frosts swept through hillside plantations. Cooperative managers predicted smaller harvests and warned about pickers leaving for cities. Agronomists recommended windbreaks, sprinklers and insurance against repeated freezing. Regional banks offered deferred repayments, while volunteers organised collections for families facing hardship this winter.",
		"library": "Municipal librarians unveiled restored manuscripts donated by an anonymous collector. Conservators spent months stabilising parchment, bindings and faded illuminations. Visitors queued outside the reading rooms before the exhibition officially opened. Curators plan travelling displays next spring, and schoolchildren will receive guided tours with specially printed catalogues.",
	}
	docs := []model.Document{
		{ID: "harbour", Content: "Harbour dredging approved\n\n" + notice + " " + bodies["harbour"]},
		{ID: "orchard", Content: "Frost hits orchards\n\n" + bodies["orchard"] + " " + notice},
		{ID: "library", Content: "Manuscripts restored\n\n" + bodies["library"] + "\n\n" + notice},
		{ID: "notice-only", Content: notice},
	}
	c := chrome.NewCorpus()
	for _, d := range docs {
		c.Add(d.ID, Lines(d.Content))
	}
	x := New(c)
	for _, d := range docs[:3] {
		a, err := x.Extract(context.Background(), d)
		if err != nil {
			t.Fatalf("%s: %v", d.ID, err)
		}
		text := strings.Join(a.Body, " ")
		if strings.Contains(text, "video player") || strings.Contains(text, "latest updates") {
			t.Errorf("%s: the learned notice stayed in the body: %q", d.ID, text)
		}
		for _, s := range chrome.Sentences(bodies[d.ID]) {
			if !strings.Contains(text, s) {
				t.Errorf("%s: lost its own sentence %q", d.ID, s)
			}
		}
	}
	if a, err := x.Extract(context.Background(), docs[3]); !errors.Is(err, ErrNoText) {
		t.Errorf("a page of learned notices read as an article: %q, %v", a.Body, err)
	}
	// Without the corpus the notice is prose like any other.
	a, err := New(nil).Extract(context.Background(), docs[0])
	if err != nil || !slices.ContainsFunc(a.Body, func(p string) bool { return strings.Contains(p, "video player") }) {
		t.Errorf("without a corpus: %q, %v", a.Body, err)
	}
}

// TestRepeatedNoticeIsRejected runs the extractor over invented documents:
// three that are one short archive notice word for word are reported as
// ErrNotice, while two identical copies of a story (syndication) and a
// long text found whole three times are read as articles.
func TestRepeatedNoticeIsRejected(t *testing.T) {
	const notice = "This page was saved by a web archive. The article it held is not available to the public yet."
	story := "The harbour authority approved dredging beneath the northern breakwater on Tuesday.\n\nFishermen complained that silt had stranded trawlers alongside crumbling wharves."
	brief := "Rescuers pulled two climbers from a crevasse above Valdor on Sunday, the regional mountain service said. Both were taken to hospital."
	long := strings.Repeat("Orchard growers reported blossom damage after unseasonal frosts swept through hillside plantations once again.\n\n", 12)
	docs := []model.Document{
		{ID: "n1", Content: notice}, {ID: "n2", Content: notice}, {ID: "n3", Content: notice},
		{ID: "s1", Content: story}, {ID: "s2", Content: story},
		// A wire brief syndicated word for word reports someone: read.
		{ID: "b1", Content: brief}, {ID: "b2", Content: brief}, {ID: "b3", Content: brief},
		{ID: "l1", Content: long}, {ID: "l2", Content: long}, {ID: "l3", Content: long},
	}
	c := chrome.NewCorpus()
	for _, d := range docs {
		c.Add(d.ID, Lines(d.Content))
	}
	x := New(c)
	for _, d := range docs {
		_, err := x.Extract(context.Background(), d)
		wantNotice := strings.HasPrefix(d.ID, "n")
		if got := errors.Is(err, ErrNotice); got != wantNotice {
			t.Errorf("%s: err = %v, want ErrNotice %v", d.ID, err, wantNotice)
		}
		if !wantNotice && err != nil {
			t.Errorf("%s: %v", d.ID, err)
		}
	}
	// Read alone, a notice is text like any other.
	if _, err := New(nil).Extract(context.Background(), docs[0]); errors.Is(err, ErrNotice) {
		t.Errorf("without a corpus: %v", err)
	}
}

// TestCaptionHeadline: a page copied from its picture down starts with
// the picture's caption, which is not the article's headline; a headline
// with a one-word tag in brackets is still a headline. Invented texts.
func TestCaptionHeadline(t *testing.T) {
	body := "\n\nThe harbour authority approved dredging beneath the northern breakwater on Tuesday, after months of complaints.\n\nFishermen said silt had stranded trawlers alongside crumbling wharves for most of the winter."
	tests := []struct {
		name, first, want string
	}{
		{"a caption with a bracketed credit", "A trawler waits at the harbour wall. (Photo: Anna Berg/Coast Press)", ""},
		{"a player notice before a media caption", "Video playback is not possible here Media caption The harbour master explains the plan", ""},
		{"an image caption label", "Image caption Trawlers stranded by silt at low tide", ""},
		{"a headline with a one-word tag", "Harbour dredging approved after long wait (VIDEO)", "Harbour dredging approved after long wait (VIDEO)"},
		{"a plain headline", "Harbour dredging approved after long wait", "Harbour dredging approved after long wait"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			a, err := New(nil).Extract(context.Background(), model.Document{ID: "d", File: "d.txt", Content: tc.first + body})
			if err != nil {
				t.Fatal(err)
			}
			if a.Headline != tc.want {
				t.Errorf("headline %q, want %q", a.Headline, tc.want)
			}
			if len(a.Body) == 0 || !strings.HasPrefix(a.Body[0], "The harbour authority") {
				t.Errorf("body %q", a.Body)
			}
		})
	}
}
