package textdump

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/storyline-news/storyline/internal/extract/chrome"
	"github.com/storyline-news/storyline/internal/model"
)

// FuzzExtract feeds arbitrary text to the extractor, alone and beside a
// second document in a corpus: it must never panic, and whatever it returns
// must be valid UTF-8 paragraphs without empty ones.
func FuzzExtract(f *testing.F) {
	files, _ := filepath.Glob("testdata/golden/*.txt")
	for _, p := range files {
		b, err := os.ReadFile(p)
		if err == nil {
			f.Add(string(b))
		}
	}
	f.Add("")
	f.Add("\n\n\n")
	f.Add("A | B\n- By\n(\n)\n?? ??\nx-1")
	f.Add("word-\n\nword- and\nThe The\nThe The")
	f.Fuzz(func(t *testing.T, s string) {
		if !utf8.ValidString(s) {
			s = strings.ToValidUTF8(s, "\uFFFD") // sources hand over valid UTF-8 only
		}
		c := chrome.NewCorpus()
		c.Add("a", Lines(s))
		c.Add("b", Lines(s+"\nSign up to read this article"))
		a, err := New(c).Extract(context.Background(), model.Document{ID: "a", File: "a.txt", Content: s})
		if err != nil {
			return
		}
		for _, p := range a.Body {
			if p == "" || !utf8.ValidString(p) {
				t.Fatalf("bad paragraph %q", p)
			}
		}
		if !utf8.ValidString(a.Headline) {
			t.Fatalf("bad headline %q", a.Headline)
		}
	})
}
