package cli

import (
	"encoding/json"
	"fmt"
	"html"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/storyline-news/storyline/demo"
	"github.com/storyline-news/storyline/internal/model"
	"github.com/storyline-news/storyline/internal/source/warc"
)

// TestIngestWARC archives the team's demo articles as web pages with
// warc.Writer, ingests the archive, and finds every article in the store
// with its provenance: the page's URL, the archive it came from and when
// it was fetched. The same archive again adds nothing; a truncated copy
// is reported by file and record and keeps the pages before the cut.
func TestIngestWARC(t *testing.T) {
	type article struct {
		URL, Title, Text string
	}
	var arts []article
	for _, l := range strings.Split(strings.TrimSpace(string(demo.Articles)), "\n") {
		var a article
		if err := json.Unmarshal([]byte(l), &a); err != nil {
			t.Fatal(err)
		}
		arts = append(arts, a)
	}
	if len(arts) < 4 {
		t.Fatalf("only %d demo articles", len(arts))
	}
	dir := t.TempDir()
	w, err := warc.NewWriter(filepath.Join(dir, "archive"), 0)
	if err != nil {
		t.Fatal(err)
	}
	fetched := time.Date(2026, 2, 3, 4, 5, 6, 0, time.UTC)
	var file string
	records := map[string]string{} // URL → WARC-Record-ID of its response
	for _, a := range arts {
		var b strings.Builder
		b.WriteString("<!doctype html><html><head><title>" + html.EscapeString(a.Title) + "</title></head><body><article><h1>" + html.EscapeString(a.Title) + "</h1>")
		for p := range strings.SplitSeq(a.Text, "\n\n") {
			b.WriteString("<p>" + html.EscapeString(p) + "</p>")
		}
		b.WriteString("</article></body></html>")
		var id string
		file, id, err = w.WriteResponse(a.URL, fetched, nil, 200, http.Header{"Content-Type": {"text/html; charset=utf-8"}}, []byte(b.String()))
		if err != nil {
			t.Fatal(err)
		}
		records[a.URL] = warc.RecordURI(id)
	}
	if err := w.Close(); err != nil {
		t.Fatal(err)
	}

	db := filepath.Join(dir, "storyline.db")
	_, stderr, code := runApp(t, "", "ingest", "--db", db, file)
	if code != 0 {
		t.Fatalf("ingest exited %d: %s", code, stderr)
	}
	if n, _ := checkClusters(t, db); n != len(arts) {
		t.Fatalf("%d articles in the store, want %d", n, len(arts))
	}
	out, stderr, code := runApp(t, "", "export", "--db", db)
	if code != 0 {
		t.Fatalf("export exited %d: %s", code, stderr)
	}
	urls := map[string]bool{}
	for _, a := range arts {
		urls[a.URL] = true
	}
	for l := range strings.SplitSeq(strings.TrimSpace(out), "\n") {
		var rec struct {
			URL, Source, Fetched, Headline string
			Body                           []string
			Archive                        *model.Archive
		}
		if err := json.Unmarshal([]byte(l), &rec); err != nil {
			t.Fatal(err)
		}
		if !urls[rec.URL] || rec.Source != filepath.Base(file) || rec.Fetched != "2026-02-03T04:05:06Z" || len(rec.Body) == 0 {
			t.Errorf("record %q: url %q source %q fetched %q, %d paragraphs", rec.Headline, rec.URL, rec.Source, rec.Fetched, len(rec.Body))
		}
		if want := (model.Archive{File: filepath.Base(file), Record: records[rec.URL]}); rec.Archive == nil || *rec.Archive != want || want.Record == "" {
			t.Errorf("record %q: archive %+v, want %+v", rec.Headline, rec.Archive, want)
		}
		delete(urls, rec.URL)
	}
	if len(urls) > 0 {
		t.Errorf("pages not exported: %v", urls)
	}

	// The same archive again: every page is the article already stored.
	_, stderr, _ = runApp(t, "", "ingest", "--db", db, file)
	if got, want := ingestSummaryOf(t, stderr), fmt.Sprintf("%d 0 0 %d", len(arts), len(arts)); got != want {
		t.Errorf("re-ingest summary %q, want %q", got, want)
	}

	// A truncated copy: one line names the file and the record, the
	// pages before the cut are read, and the exit status is 0.
	raw, err := os.ReadFile(file)
	if err != nil {
		t.Fatal(err)
	}
	cut := filepath.Join(dir, "cut.warc.gz")
	if err := os.WriteFile(cut, raw[:len(raw)*2/3], 0o644); err != nil {
		t.Fatal(err)
	}
	out, stderr, code = runApp(t, "", "analyze", cut)
	if code != 0 || strings.Count(out, "\n") == 0 || strings.Count(out, "\n") >= len(arts) {
		t.Errorf("analyze of a truncated archive: exit %d, %d records", code, strings.Count(out, "\n"))
	}
	if !strings.Contains(stderr, cut+": damaged web archive: record ") {
		t.Errorf("stderr does not name the file and the record:\n%s", stderr)
	}
}
