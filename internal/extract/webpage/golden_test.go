package webpage

import (
	"bytes"
	"context"
	"encoding/json"
	"flag"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/storyline-news/storyline/internal/model"
)

var update = flag.Bool("update", false, "rewrite the golden files from the current output")

// TestGolden extracts each testdata/*.html (pages written by the team) and
// compares with its .golden.json; -update accepts a change for review.
func TestGolden(t *testing.T) {
	files, _ := filepath.Glob("testdata/*.html")
	if len(files) == 0 {
		t.Fatal("no golden pages")
	}
	for _, f := range files {
		t.Run(filepath.Base(f), func(t *testing.T) {
			raw, err := os.ReadFile(f)
			if err != nil {
				t.Fatal(err)
			}
			var x Extractor
			doc := model.Document{ID: filepath.Base(f), File: f, Format: model.FormatHTML, Content: string(raw)}
			if u, err := os.ReadFile(strings.TrimSuffix(f, ".html") + ".url"); err == nil {
				doc.URL = strings.TrimSpace(string(u)) // the address the page was saved from
			}
			a, err := x.Extract(context.Background(), doc)
			if err != nil {
				t.Fatal(err)
			}
			got, _ := json.MarshalIndent(map[string]any{
				"headline": a.Headline, "outlet": a.Outlet, "section": a.Section, "byline": a.Byline,
				"published": a.Published, "language": a.Language, "body": a.Body, "image": a.Image,
			}, "", "  ")
			got = append(got, '\n')
			path := strings.TrimSuffix(f, ".html") + ".golden.json"
			if *update {
				if err := os.WriteFile(path, got, 0o644); err != nil {
					t.Fatal(err)
				}
				return
			}
			want, err := os.ReadFile(path)
			if err != nil {
				t.Fatalf("%v (run go test -update)", err)
			}
			if !bytes.Equal(got, want) {
				t.Errorf("extraction changed:\n got: %s\nwant: %s", got, want)
			}
		})
	}
}

// TestBadPages: empty, text-free, malformed and binary-laden pages give an
// error or an article, never a panic.
func TestBadPages(t *testing.T) {
	tests := []struct {
		name, html string
		wantErr    bool
	}{
		{"empty", "", true},
		{"no text", "<html><body><div></div><img src=x></body></html>", true},
		{"unclosed tags", "<html><body><p>An unclosed paragraph about the harbour and the boats that sail from it every morning before dawn, whatever the weather<div><p>and another", false},
		{"junk bytes", "<html>\x01\x02\x03<p>\xff\xfe</p>" + strings.Repeat("<b>", 5000), true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var x Extractor
			_, err := x.Extract(context.Background(), model.Document{ID: "x", File: "x.html", Content: tt.html})
			if (err != nil) != tt.wantErr {
				t.Errorf("error = %v, want error %v", err, tt.wantErr)
			}
		})
	}
}
