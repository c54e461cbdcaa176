package textdump

import (
	"bytes"
	"context"
	"encoding/json"
	"os"
	"path/filepath"
	"testing"

	"github.com/storyline-news/storyline/internal/extract/chrome"
	"github.com/storyline-news/storyline/internal/model"
	"github.com/storyline-news/storyline/internal/shareddata"
)

// BenchmarkExtract extracts the seed dumps with their corpus; it reports
// articles per second.
func BenchmarkExtract(b *testing.B) {
	dir := shareddata.Path(b, "data/seeds")
	files, _ := filepath.Glob(filepath.Join(dir, "*.txt"))
	c := chrome.NewCorpus()
	var docs []model.Document
	for _, f := range files {
		raw, err := os.ReadFile(f)
		if err != nil {
			b.Fatal(err)
		}
		d := model.Document{ID: filepath.Base(f), File: f, Content: string(raw)}
		c.Add(d.ID, Lines(d.Content))
		docs = append(docs, d)
	}
	x := New(c)
	ctx := context.Background()
	b.ReportAllocs()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		for _, d := range docs {
			if _, err := x.Extract(ctx, d); err != nil {
				b.Fatal(err)
			}
		}
	}
	b.ReportMetric(float64(b.N*len(docs))/b.Elapsed().Seconds(), "articles/s")
}

// BenchmarkCorpus measures learning the corpus: the per-run cost of
// repetition evidence.
func BenchmarkCorpus(b *testing.B) {
	dir := shareddata.Path(b, "data/seeds")
	files, _ := filepath.Glob(filepath.Join(dir, "*.txt"))
	var lines [][]string
	for _, f := range files {
		raw, _ := os.ReadFile(f)
		lines = append(lines, Lines(string(raw)))
	}
	b.ReportAllocs()
	for i := 0; i < b.N; i++ {
		c := chrome.NewCorpus()
		for j, l := range lines {
			c.Add(files[j], l)
		}
	}
	b.ReportMetric(float64(b.N*len(lines))/b.Elapsed().Seconds(), "articles/s")
}

// BenchmarkCorpusMultiNews learns the corpus of the Multi-News dev
// documents (690 pages, many of them one block) and extracts them all:
// what the learned boilerplate sentences cost a run; it reports
// documents per second.
func BenchmarkCorpusMultiNews(b *testing.B) {
	raw, err := os.ReadFile(shareddata.Path(b, "data/summaries/multinews-dev/docs.jsonl"))
	if err != nil {
		b.Fatal(err)
	}
	var docs []model.Document
	for _, l := range bytes.Split(raw, []byte("\n")) {
		var d struct{ ID, Text string }
		if json.Unmarshal(l, &d) == nil && d.ID != "" {
			docs = append(docs, model.Document{ID: d.ID, File: d.ID, Content: d.Text})
		}
	}
	ctx := context.Background()
	b.ReportAllocs()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		c := chrome.NewCorpus()
		for _, d := range docs {
			c.Add(d.ID, Lines(d.Content))
		}
		x := New(c)
		for _, d := range docs {
			_, _ = x.Extract(ctx, d) // scraping failures are rejected, as in a run
		}
	}
	b.ReportMetric(float64(b.N*len(docs))/b.Elapsed().Seconds(), "docs/s")
}
