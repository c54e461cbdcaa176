package textdump

import (
	"context"
	"encoding/json"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/storyline-news/storyline/internal/extract/chrome"
	"github.com/storyline-news/storyline/internal/model"
)

// expectation is what an invented dump states about itself, written by
// hand in testdata/golden/expect.json.
type expectation struct {
	Outlet        string   `json:"outlet"`
	Section       string   `json:"section"`
	Headline      string   `json:"headline"`
	Chrome        []string `json:"chrome"`
	MinParagraphs int      `json:"min_paragraphs"`
}

func loadExpectations(t *testing.T) map[string]expectation {
	raw, err := os.ReadFile("testdata/golden/expect.json")
	if err != nil {
		t.Fatal(err)
	}
	var all map[string]json.RawMessage
	if err := json.Unmarshal(raw, &all); err != nil {
		t.Fatal(err)
	}
	out := map[string]expectation{}
	for name, r := range all {
		if strings.HasPrefix(name, "_") {
			continue
		}
		var e expectation
		if err := json.Unmarshal(r, &e); err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		out[name] = e
	}
	return out
}

// TestUnseenShapes measures outlet, section and headline accuracy on the
// invented dumps of testdata/golden, in the shapes of aggregators, print
// replicas, news databases, newsletters and scrapers that no table knows,
// read as one batch with a corpus (as `storyline analyze` reads them), and
// checks that the chrome each one carries stays out of its body.
func TestUnseenShapes(t *testing.T) {
	want := loadExpectations(t)
	files, _ := filepath.Glob("testdata/golden/*.txt")
	if len(files) != len(want) {
		t.Fatalf("%d dumps but %d expectations: every dump needs one", len(files), len(want))
	}
	corpus := chrome.NewCorpus()
	var docs []model.Document
	for _, f := range files {
		raw, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		d := model.Document{ID: filepath.Base(f), File: f, Format: model.FormatText, Content: string(raw)}
		corpus.Add(d.ID, Lines(d.Content))
		docs = append(docs, d)
	}
	x := New(corpus)
	var outlets, sections, headlines int
	for _, d := range docs {
		e, ok := want[d.ID]
		if !ok {
			t.Fatalf("%s has no expectation", d.ID)
		}
		a, err := x.Extract(context.Background(), d)
		if err != nil {
			t.Errorf("%s: %v", d.ID, err)
			continue
		}
		check := func(field, got, want string, n *int) {
			if got == want {
				*n++
			} else {
				t.Logf("%s: %s %q, want %q", d.ID, field, got, want)
			}
		}
		check("outlet", a.Outlet, e.Outlet, &outlets)
		check("section", a.Section, e.Section, &sections)
		check("headline", a.Headline, e.Headline, &headlines)
		body := strings.Join(a.Body, "\n")
		for _, c := range e.Chrome {
			if strings.Contains(body, c) {
				t.Errorf("%s: chrome %q left in the body", d.ID, c)
			}
		}
		if len(a.Body) < e.MinParagraphs {
			t.Errorf("%s: %d paragraphs, want at least %d", d.ID, len(a.Body), e.MinParagraphs)
		}
	}
	n := float64(len(docs))
	t.Logf("unseen shapes, %d dumps: outlet %.3f section %.3f headline %.3f", len(docs),
		float64(outlets)/n, float64(sections)/n, float64(headlines)/n)
	for _, m := range []struct {
		name string
		got  int
	}{{"outlet", outlets}, {"section", sections}, {"headline", headlines}} {
		if float64(m.got) < 0.9*n {
			t.Errorf("%s accuracy %d/%d below 0.9", m.name, m.got, len(docs))
		}
	}
}

// TestBoilerplateOnly checks that dumps holding nothing but chrome (a
// cookie wall, a sign-in prompt, a script notice) are rejected as holding
// no article text, while every article dump is read.
func TestBoilerplateOnly(t *testing.T) {
	files, _ := filepath.Glob("testdata/boilerplate/*.txt")
	if len(files) == 0 {
		t.Fatal("no boilerplate dumps")
	}
	for _, f := range files {
		raw, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		a, err := New(nil).Extract(context.Background(), model.Document{ID: filepath.Base(f), File: f, Content: string(raw)})
		if !errors.Is(err, ErrNoText) {
			t.Errorf("%s: read as an article (headline %q, body %q), want ErrNoText", f, a.Headline, a.Body)
		}
	}
	articles, _ := filepath.Glob("testdata/golden/*.txt")
	for _, f := range articles {
		raw, _ := os.ReadFile(f)
		if _, err := New(nil).Extract(context.Background(), model.Document{ID: filepath.Base(f), File: f, Content: string(raw)}); err != nil {
			t.Errorf("%s: %v", f, err)
		}
	}
}
