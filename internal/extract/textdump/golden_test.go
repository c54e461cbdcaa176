package textdump

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

// golden is what a golden file records of an extracted article.
type golden struct {
	URL        string   `json:"url,omitempty"`
	Outlet     string   `json:"outlet"`
	Section    string   `json:"section"`
	Headline   string   `json:"headline"`
	Standfirst string   `json:"standfirst"`
	Byline     []string `json:"byline"`
	Published  string   `json:"published"`
	Body       []string `json:"body"`
}

// TestGolden extracts each testdata/golden/*.txt (dumps written by the team
// in the shapes of aggregators and print replicas no table knows) on its
// own, with no corpus to learn from, and compares with its .golden.json.
// Run with -update to accept a change of behaviour, then review the diff.
func TestGolden(t *testing.T) {
	files, err := filepath.Glob("testdata/golden/*.txt")
	if err != nil || len(files) == 0 {
		t.Fatalf("no golden inputs: %v", err)
	}
	for _, f := range files {
		t.Run(filepath.Base(f), func(t *testing.T) {
			raw, err := os.ReadFile(f)
			if err != nil {
				t.Fatal(err)
			}
			a, err := New(nil).Extract(context.Background(), model.Document{ID: filepath.Base(f), File: f, Content: string(raw)})
			if err != nil {
				t.Fatal(err)
			}
			got, _ := json.MarshalIndent(golden{a.URL, a.Outlet, a.Section, a.Headline, a.Standfirst, a.Byline, a.Published, a.Body}, "", "  ")
			got = append(got, '\n')
			path := strings.TrimSuffix(f, ".txt") + ".golden.json"
			if *update {
				if err := os.WriteFile(path, got, 0o644); err != nil {
					t.Fatal(err)
				}
				return
			}
			want, err := os.ReadFile(path)
			if err != nil {
				t.Fatalf("%v (run go test -update to create it)", err)
			}
			if !bytes.Equal(got, want) {
				t.Errorf("extraction of %s changed:\n got: %s\nwant: %s", f, got, want)
			}
		})
	}
}
