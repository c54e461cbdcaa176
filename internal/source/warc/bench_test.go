package warc

import (
	"bytes"
	"compress/gzip"
	"errors"
	"io"
	"net/http"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/storyline-news/storyline/internal/shareddata"
)

// zytePages loads the real pages of the Zyte benchmark, the realistic
// input for the benchmarks.
func zytePages(b *testing.B) [][]byte {
	dir := shareddata.Path(b, "data/extraction/zyte/html")
	files, _ := filepath.Glob(filepath.Join(dir, "*.html.gz"))
	var pages [][]byte
	for _, f := range files {
		raw, err := os.ReadFile(f)
		if err != nil {
			b.Fatal(err)
		}
		zr, err := gzip.NewReader(bytes.NewReader(raw))
		if err != nil {
			b.Fatal(err)
		}
		h, err := io.ReadAll(zr)
		if err != nil {
			b.Fatal(err)
		}
		pages = append(pages, h)
	}
	return pages
}

// archive writes the pages into one archive in dir and returns its bytes.
func archive(b *testing.B, pages [][]byte) []byte {
	dir := b.TempDir()
	w, err := NewWriter(dir, 0)
	if err != nil {
		b.Fatal(err)
	}
	for i, p := range pages {
		if _, _, err := w.WriteResponse("http://site.example/"+string(rune('a'+i%26)), time.Now(), nil, 200, http.Header{"Content-Type": {"text/html"}}, p); err != nil {
			b.Fatal(err)
		}
	}
	w.Close()
	names, _ := filepath.Glob(filepath.Join(dir, "*.warc.gz"))
	raw, err := os.ReadFile(names[0])
	if err != nil {
		b.Fatal(err)
	}
	return raw
}

// BenchmarkReadPages reads the HTML pages of an archive of the Zyte
// pages (gzip per record, with their request records): MB/s of archive
// and records/s.
func BenchmarkReadPages(b *testing.B) {
	raw := archive(b, zytePages(b))
	b.SetBytes(int64(len(raw)))
	b.ReportAllocs()
	records := 0
	for b.Loop() {
		pr := NewPageReader(bytes.NewReader(raw), 0)
		for {
			if _, err := pr.Next(); errors.Is(err, io.EOF) {
				break
			} else if err != nil {
				b.Fatal(err)
			}
		}
		records += pr.Records()
	}
	b.ReportMetric(float64(records)/b.Elapsed().Seconds(), "records/s")
}

// BenchmarkWriteResponse archives the Zyte pages one exchange at a time:
// MB/s of page and exchanges/s.
func BenchmarkWriteResponse(b *testing.B) {
	pages := zytePages(b)
	total := 0
	for _, p := range pages {
		total += len(p)
	}
	w, err := NewWriter(b.TempDir(), 64<<20)
	if err != nil {
		b.Fatal(err)
	}
	defer w.Close()
	b.SetBytes(int64(total / len(pages)))
	b.ReportAllocs()
	hdr := http.Header{"Content-Type": {"text/html"}}
	i := 0
	for b.Loop() {
		if _, _, err := w.WriteResponse("http://site.example/page", time.Now(), nil, 200, hdr, pages[i%len(pages)]); err != nil {
			b.Fatal(err)
		}
		i++
	}
	b.ReportMetric(float64(i)/b.Elapsed().Seconds(), "exchanges/s")
}
