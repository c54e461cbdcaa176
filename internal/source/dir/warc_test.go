package dir

import (
	"bytes"
	"errors"
	"fmt"
	"maps"
	"net/http"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"
	"time"

	"golang.org/x/text/encoding/charmap"

	"github.com/storyline-news/storyline/internal/model"
	"github.com/storyline-news/storyline/internal/shareddata"
	"github.com/storyline-news/storyline/internal/source"
	"github.com/storyline-news/storyline/internal/source/warc"
)

// writeArchive archives invented pages with the package's writer and
// returns the file.
func writeArchive(t testing.TB, dir string, pages map[string][]byte, header http.Header) string {
	t.Helper()
	w, err := warc.NewWriter(dir, 0)
	if err != nil {
		t.Fatal(err)
	}
	var file string
	for _, u := range sortedKeys(pages) {
		file, _, err = w.WriteResponse(u, time.Date(2025, 6, 7, 8, 9, 10, 0, time.UTC), nil, 200, header, pages[u])
		if err != nil {
			t.Fatal(err)
		}
	}
	if err := w.Close(); err != nil {
		t.Fatal(err)
	}
	return file
}

func sortedKeys(m map[string][]byte) []string {
	return slices.Sorted(maps.Keys(m))
}

func TestWARCDocuments(t *testing.T) {
	dir := t.TempDir()
	pages := map[string][]byte{
		"https://news.example/world/a": []byte("<html><head><title>A</title></head><body><p>First invented story.</p></body></html>"),
		"https://news.example/world/b": []byte("<html><head><title>B</title></head><body><p>Second invented story.</p></body></html>"),
	}
	file := writeArchive(t, filepath.Join(dir, "archive"), pages, http.Header{"Content-Type": {"text/html"}})
	// The same archive under a name that says nothing: found by its bytes.
	raw, _ := os.ReadFile(file)
	anon := filepath.Join(dir, "capture.bin")
	os.WriteFile(anon, raw, 0o644)

	for _, path := range []string{file, anon, dir} {
		docs, errs := collect(t, New([]string{path}, Options{}))
		if len(errs) > 0 {
			t.Errorf("%s: %v", path, errs)
		}
		if path == dir {
			if len(docs) != 4 {
				t.Errorf("folder: %d documents, want 2 from each copy", len(docs))
			}
			continue
		}
		if len(docs) != 2 {
			t.Fatalf("%s: %d documents", path, len(docs))
		}
		for i, d := range docs {
			url := sortedKeys(pages)[i]
			// Records: warcinfo 1, then request/response pairs.
			wantFile := fmt.Sprintf("%s#%d", path, 3+2*i)
			if d.URL != url || d.File != wantFile || d.Format != model.FormatHTML || d.Content != string(pages[url]) ||
				d.Fetched != "2025-06-07T08:09:10Z" || d.Source != filepath.Base(path) || !strings.HasSuffix(d.Source, filepath.Ext(path)) {
				t.Errorf("document %d: %+v", i, d)
			}
			if !regexp.MustCompile(`^news\.example-[0-9a-f]{12}$`).MatchString(d.ID) {
				t.Errorf("id %q", d.ID)
			}
		}
		if docs[0].ID == docs[1].ID {
			t.Error("two URLs, one id")
		}
	}
	// The id is the URL's: the page read from another archive is the same document.
	again := writeArchive(t, filepath.Join(dir, "again"), map[string][]byte{"https://news.example/world/a": []byte("<html><body><p>Changed.</p></body></html>")}, nil)
	d1, _ := collect(t, New([]string{file}, Options{}))
	d2, _ := collect(t, New([]string{again}, Options{}))
	if len(d2) != 1 || d2[0].ID != d1[0].ID {
		t.Errorf("ids %v and %v", d1, d2)
	}

	// Standard input.
	docs, errs := collect(t, New([]string{"-"}, Options{Stdin: bytes.NewReader(raw)}))
	if len(docs) != 2 || len(errs) > 0 || docs[0].File != "-#3" || docs[0].Source != "stdin" {
		t.Errorf("stdin: %d documents, %v", len(docs), errs)
	}
}

func TestWARCCharset(t *testing.T) {
	latin, _ := charmap.ISO8859_1.NewEncoder().String("<html><body><p>Le café de la gare à Zürich, ça coûte cher.</p></body></html>")
	file := writeArchive(t, t.TempDir(), map[string][]byte{"http://site.example/": []byte(latin)}, http.Header{"Content-Type": {"text/html; charset=ISO-8859-1"}})
	docs, errs := collect(t, New([]string{file}, Options{}))
	if len(docs) != 1 || len(errs) > 0 {
		t.Fatalf("%d documents, %v", len(docs), errs)
	}
	if !strings.Contains(docs[0].Content, "café de la gare à Zürich, ça coûte") {
		t.Errorf("content %q", docs[0].Content)
	}
}

func TestWARCErrors(t *testing.T) {
	dir := t.TempDir()
	good := writeArchive(t, filepath.Join(dir, "w"), map[string][]byte{
		"http://site.example/1": []byte("<html><body><p>One.</p></body></html>"),
		"http://site.example/2": []byte("<html><body><p>Two.</p></body></html>"),
	}, http.Header{"Content-Type": {"text/html"}})
	raw, _ := os.ReadFile(good)
	cut := filepath.Join(dir, "cut.warc.gz")
	os.WriteFile(cut, raw[:len(raw)-20], 0o644)
	junk := filepath.Join(dir, "junk.warc")
	os.WriteFile(junk, []byte("this is not an archive\n"), 0o644)
	empty := filepath.Join(dir, "empty.warc.gz")
	os.WriteFile(empty, nil, 0o644)
	noPages := filepath.Join(dir, "nopages.warc")
	os.WriteFile(noPages, []byte("WARC/1.0\r\nWARC-Type: warcinfo\r\nContent-Length: 4\r\n\r\na: b\r\n\r\n"), 0o644)

	tests := []struct {
		name  string
		path  string
		docs  int
		want  error
		about string // in the message
	}{
		{"truncated keeps the first page", cut, 1, source.ErrArchive, "record 5 at byte "},
		{"not an archive", junk, 0, source.ErrArchive, "record 1 at byte 0"},
		{"empty", empty, 0, source.ErrNoText, "0 records"},
		{"no pages", noPages, 0, source.ErrNoText, "warcinfo 1"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			docs, errs := collect(t, New([]string{tc.path}, Options{}))
			if len(docs) != tc.docs || len(errs) != 1 {
				t.Fatalf("%d documents, errors %v", len(docs), errs)
			}
			var se *source.Error
			if !errors.As(errs[0], &se) || !errors.Is(errs[0], tc.want) || se.File != tc.path ||
				!strings.Contains(errs[0].Error(), tc.about) || !strings.HasPrefix(errs[0].Error(), tc.path+": ") {
				t.Errorf("error %q, want %v naming %s and %q", errs[0], tc.want, tc.path, tc.about)
			}
		})
	}
	// One broken archive does not stop the others.
	docs, errs := collect(t, New([]string{cut, junk, good}, Options{}))
	if len(docs) != 3 || len(errs) != 2 {
		t.Errorf("batch: %d documents, %d errors", len(docs), len(errs))
	}
}

// TestSharedWARC reads the shared fixtures through the folder walk: every
// HTML page of a 2xx response becomes a document, and none fails.
func TestSharedWARC(t *testing.T) {
	dir := shareddata.Path(t, "data/feeds-warc/warc")
	all, errs := collect(t, New([]string{dir}, Options{}))
	if len(errs) > 0 {
		t.Errorf("errors: %v", errs)
	}
	var docs []model.Document // the folder also holds the fixtures' README
	for _, d := range all {
		if strings.Contains(d.File, ".warc") {
			docs = append(docs, d)
		}
	}
	// 2 + 2 + 1 + 1 pages, counted by hand from the records' headers.
	if len(docs) != 6 {
		t.Errorf("%d documents, want 6", len(docs))
	}
	for _, d := range docs {
		if d.Format != model.FormatHTML || d.URL == "" || d.Fetched == "" || !strings.Contains(d.File, ".warc") || !strings.Contains(d.File, "#") || Sniff(d.Content) != KindHTML {
			t.Errorf("%s: %s %q %q", d.File, d.Format, d.URL, d.Fetched)
		}
	}
}

// TestWARCStreamed reads an archive larger than the size limit, named as
// nothing in particular: it is found by its bytes and streamed, the limit
// bounding each record, and a record over it is reported alone.
func TestWARCStreamed(t *testing.T) {
	dir := t.TempDir()
	pages := map[string][]byte{}
	for i := range 20 {
		pages[fmt.Sprintf("http://site.example/%02d", i)] = []byte(fmt.Sprintf("<html><body><p>Invented page %d.</p></body></html>", i))
	}
	pages["http://site.example/big"] = []byte("<html><body><p>" + strings.Repeat("Long. ", 200) + "</p></body></html>")
	file := writeArchive(t, dir, pages, http.Header{"Content-Type": {"text/html"}})
	big := filepath.Join(dir, "capture.bin")
	if err := os.Rename(file, big); err != nil {
		t.Fatal(err)
	}
	info, _ := os.Stat(big)
	opt := Options{MaxBytes: 600}
	if info.Size() <= opt.MaxBytes {
		t.Fatalf("the archive is %d bytes, not over the limit", info.Size())
	}
	docs, errs := collect(t, New([]string{big}, opt))
	if len(docs) != 20 || len(errs) != 1 || !errors.Is(errs[0], source.ErrTooLarge) || !strings.Contains(errs[0].Error(), "record ") {
		t.Errorf("%d documents, errors %v", len(docs), errs)
	}
}

// TestWARCArchiveLocation: each page's document names its archive and
// the WARC-Record-ID of the record it was read from, with or without the
// angle brackets the record wrote around it.
func TestWARCArchiveLocation(t *testing.T) {
	dir := t.TempDir()
	w, err := warc.NewWriter(dir, 0)
	if err != nil {
		t.Fatal(err)
	}
	ids := map[string]string{}
	var file string
	for _, u := range []string{"https://news.example/a", "https://news.example/b"} {
		var id string
		file, id, err = w.WriteResponse(u, time.Time{}, nil, 200, http.Header{"Content-Type": {"text/html"}}, []byte("<html><body><p>An invented page at "+u+".</p></body></html>"))
		if err != nil {
			t.Fatal(err)
		}
		ids[u] = id
	}
	if err := w.Close(); err != nil {
		t.Fatal(err)
	}
	// A hand-made archive: a bare ID, and a record with none.
	page := "<html><body><p>A resource record.</p></body></html>"
	rec := func(id, uri string) string {
		h := "WARC/1.1\r\nWARC-Type: resource\r\n"
		if id != "" {
			h += "WARC-Record-ID: " + id + "\r\n"
		}
		return h + "WARC-Target-URI: " + uri + "\r\nWARC-Date: 2025-06-07T08:09:10Z\r\nContent-Type: text/html\r\n" +
			fmt.Sprintf("Content-Length: %d\r\n\r\n", len(page)) + page + "\r\n\r\n"
	}
	plain := filepath.Join(dir, "hand.warc")
	if err := os.WriteFile(plain, []byte(rec("urn:uuid:6a1d3c2e-5f0b-4c8e-9d7a-2b4e6f8a0c1d", "https://other.example/x")+rec("", "https://other.example/y")), 0o644); err != nil {
		t.Fatal(err)
	}

	tests := []struct {
		name string
		path string
		want map[string]*model.Archive // by URL
	}{
		{"written by the writer", file, map[string]*model.Archive{
			"https://news.example/a": {File: filepath.Base(file), Record: strings.Trim(ids["https://news.example/a"], "<>")},
			"https://news.example/b": {File: filepath.Base(file), Record: strings.Trim(ids["https://news.example/b"], "<>")},
		}},
		{"bare and missing IDs", plain, map[string]*model.Archive{
			"https://other.example/x": {File: "hand.warc", Record: "urn:uuid:6a1d3c2e-5f0b-4c8e-9d7a-2b4e6f8a0c1d"},
			"https://other.example/y": nil,
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			docs, errs := collect(t, New([]string{tt.path}, Options{}))
			if len(errs) > 0 || len(docs) != len(tt.want) {
				t.Fatalf("%d documents, %v", len(docs), errs)
			}
			for _, d := range docs {
				want, ok := tt.want[d.URL]
				if !ok {
					t.Fatalf("unexpected document %s", d.URL)
				}
				switch {
				case want == nil && d.Archive != nil:
					t.Errorf("%s: archive %+v, want none", d.URL, *d.Archive)
				case want != nil && (d.Archive == nil || *d.Archive != *want):
					t.Errorf("%s: archive %+v, want %+v", d.URL, d.Archive, *want)
				}
			}
		})
	}
}
