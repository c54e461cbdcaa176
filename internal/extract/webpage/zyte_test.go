package webpage

import (
	"bytes"
	"compress/gzip"
	"context"
	"encoding/json"
	"io"
	"os"
	"path/filepath"
	"regexp"
	"sort"
	"strings"
	"testing"

	trafilatura "github.com/markusmobius/go-trafilatura"

	"github.com/storyline-news/storyline/internal/model"
	"github.com/storyline-news/storyline/internal/shareddata"
)

type zytePage struct {
	id, html, gold string
}

func loadZyte(tb testing.TB) []zytePage {
	dir := shareddata.Path(tb, "data/extraction/zyte")
	raw, err := os.ReadFile(filepath.Join(dir, "ground-truth.json"))
	if err != nil {
		tb.Fatal(err)
	}
	var gt map[string]struct {
		ArticleBody string `json:"articleBody"`
	}
	if err := json.Unmarshal(raw, &gt); err != nil {
		tb.Fatal(err)
	}
	files, _ := filepath.Glob(filepath.Join(dir, "html", "*.html.gz"))
	var pages []zytePage
	for _, f := range files {
		b, err := os.ReadFile(f)
		if err != nil {
			tb.Fatal(err)
		}
		zr, err := gzip.NewReader(bytes.NewReader(b))
		if err != nil {
			tb.Fatal(err)
		}
		h, err := io.ReadAll(zr)
		if err != nil {
			tb.Fatal(err)
		}
		id := strings.TrimSuffix(filepath.Base(f), ".html.gz")
		pages = append(pages, zytePage{id, string(h), gt[id].ArticleBody})
	}
	return pages
}

// Python's \w, which the benchmark uses, is Unicode-aware; Go's is ASCII.
var tokenRE = regexp.MustCompile(`[\p{L}\p{N}\p{M}_]+`)

// shingles are the benchmark's unit: 4-grams of lower-case \w+ tokens.
func shingles(s string) map[string]int {
	t := tokenRE.FindAllString(strings.ToLower(s), -1)
	m := map[string]int{}
	if len(t) < 4 {
		if len(t) > 0 {
			m[strings.Join(t, " ")]++
		}
		return m
	}
	for i := 0; i+4 <= len(t); i++ {
		m[strings.Join(t[i:i+4], " ")]++
	}
	return m
}

// prf scores one page as the benchmark's evaluation does.
func prf(pred, gold string) (p, r float64) {
	g, ps := shingles(gold), shingles(pred)
	tp, np, ng := 0, 0, 0
	for k, c := range g {
		ng += c
		tp += min(c, ps[k])
	}
	for _, c := range ps {
		np += c
	}
	if np > 0 {
		p = float64(tp) / float64(np)
	}
	if ng > 0 {
		r = float64(tp) / float64(ng)
	}
	return
}

// TestZyteBenchmark scores the extractor on the public article-extraction
// benchmark with its own measure (macro P and R over pages, F1 of the
// means). ZYTE_OUT=path also writes the predictions as JSON Lines for
// ../shared/eval/extraction.py.
func TestZyteBenchmark(t *testing.T) {
	pages := loadZyte(t)
	var x Extractor
	var P, R float64
	n := 0
	type worst struct {
		id   string
		p, r float64
	}
	var ws []worst
	var out *json.Encoder
	if path := os.Getenv("ZYTE_OUT"); path != "" {
		f, err := os.Create(path)
		if err != nil {
			t.Fatal(err)
		}
		defer f.Close()
		out = json.NewEncoder(f)
	}
	for _, pg := range pages {
		a, err := x.Extract(context.Background(), model.Document{ID: pg.id, File: pg.id, Format: model.FormatHTML, Content: pg.html})
		if err != nil {
			t.Logf("%s: %v", pg.id, err)
		}
		if out != nil {
			out.Encode(map[string]any{"id": pg.id, "body": a.Body})
		}
		if len(shingles(pg.gold)) == 0 {
			continue
		}
		p, r := prf(strings.Join(a.Body, "\n"), pg.gold)
		P += p
		R += r
		n++
		ws = append(ws, worst{pg.id, p, r})
	}
	P /= float64(n)
	R /= float64(n)
	F := 2 * P * R / (P + R)
	sort.Slice(ws, func(i, j int) bool { return ws[i].p+ws[i].r < ws[j].p+ws[j].r })
	if testing.Verbose() {
		for _, w := range ws[:min(12, len(ws))] {
			t.Logf("worst %s P %.3f R %.3f", w.id, w.p, w.r)
		}
	}
	t.Logf("Zyte benchmark, %d pages: P %.4f R %.4f F1 %.4f", n, P, R, F)
	if F < 0.960 {
		t.Errorf("F1 %.4f < 0.960", F)
	}
}

// BenchmarkExtract runs the extractor over the Zyte pages.
func BenchmarkExtract(b *testing.B) {
	pages := loadZyte(b)
	var x Extractor
	ctx := context.Background()
	b.ResetTimer()
	b.ReportAllocs()
	for i := 0; i < b.N; i++ {
		pg := pages[i%len(pages)]
		x.Extract(ctx, model.Document{ID: pg.id, Content: pg.html})
	}
	b.ReportMetric(float64(b.N)/b.Elapsed().Seconds(), "pages/s")
}

// BenchmarkTrafilaturaAlone runs plain go-trafilatura with default options
// on the same pages, for the ratio of our extractor's cost to the library's.
func BenchmarkTrafilaturaAlone(b *testing.B) {
	pages := loadZyte(b)
	b.ResetTimer()
	b.ReportAllocs()
	for i := 0; i < b.N; i++ {
		pg := pages[i%len(pages)]
		trafilatura.Extract(strings.NewReader(pg.html), trafilatura.Options{})
	}
	b.ReportMetric(float64(b.N)/b.Elapsed().Seconds(), "pages/s")
}
