package dir

import (
	"bytes"
	"compress/gzip"
	"context"
	"errors"
	"path/filepath"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/storyline-news/storyline/internal/model"
	"github.com/storyline-news/storyline/internal/source"
)

func collect(t *testing.T, d *Dir) ([]model.Document, []error) {
	t.Helper()
	var docs []model.Document
	var errs []error
	for doc, err := range d.Documents(context.Background()) {
		if err != nil {
			errs = append(errs, err)
			continue
		}
		docs = append(docs, doc)
	}
	return docs, errs
}

// TestBadInputs reads every committed bad input: each gives its expected
// error, naming the file, and the good documents beside them still come.
func TestBadInputs(t *testing.T) {
	want := map[string][]error{
		"empty.txt":               {source.ErrEmpty},
		"whitespace.txt":          {source.ErrEmpty},
		"binary.bin":              {source.ErrBinary},
		"image.png":               {source.ErrBinary},
		"truncated.txt.gz":        {source.ErrTruncated},
		"not-gzip-after-magic.gz": {source.ErrTruncated},
		"malformed.json":          {source.ErrMalformed},
		"no-text.json":            {source.ErrNoText},
		"lines.jsonl":             {source.ErrMalformed, source.ErrNoText},
		"array-with-junk.json":    {source.ErrMalformed},
	}
	docs, errs := collect(t, New([]string{"testdata/bad"}, Options{}))
	got := map[string][]error{}
	for _, err := range errs {
		var se *source.Error
		if !errors.As(err, &se) {
			t.Fatalf("error %v is not a *source.Error", err)
		}
		if !strings.Contains(err.Error(), filepath.Base(se.File)) {
			t.Errorf("error %q does not name its file", err)
		}
		got[filepath.Base(se.File)] = append(got[filepath.Base(se.File)], se.Reason)
	}
	for name, reasons := range want {
		if len(got[name]) != len(reasons) {
			t.Errorf("%s: got errors %v, want %v", name, got[name], reasons)
			continue
		}
		for i, r := range reasons {
			if !errors.Is(got[name][i], r) {
				t.Errorf("%s: error %d is %v, want %v", name, i, got[name][i], r)
			}
		}
	}
	ids := map[string]bool{}
	for _, d := range docs {
		ids[d.ID] = true
	}
	for _, id := range []string{"ok1", "ok2", "a1"} {
		if !ids[id] {
			t.Errorf("good document %s beside bad ones was lost; got %v", id, ids)
		}
	}
	if len(docs) != 3 {
		t.Errorf("got %d documents, want 3", len(docs))
	}
}

func TestGoodInputs(t *testing.T) {
	docs, errs := collect(t, New([]string{"testdata/good"}, Options{}))
	if len(errs) > 0 {
		t.Fatalf("unexpected errors: %v", errs)
	}
	byID := map[string]model.Document{}
	for _, d := range docs {
		if !utf8.ValidString(d.Content) {
			t.Errorf("%s: content is not valid UTF-8", d.ID)
		}
		byID[d.ID] = d
	}
	tests := []struct {
		name   string
		id     string
		format model.Format
		has    string
	}{
		{"latin-1 text", "latin1.txt", model.FormatText, "Café owners"},
		{"windows-1251 Cyrillic", "cp1251.txt", model.FormatText, "переговоры"},
		{"KOI8-R Cyrillic", "koi8r.txt", model.FormatText, "переговоры"},
		{"UTF-16LE with BOM", "utf16le-bom.txt", model.FormatText, "Ministers met"},
		{"UTF-16LE without BOM", "utf16le-nobom.txt", model.FormatText, "Ministers met"},
		{"UTF-16BE with BOM", "utf16be-bom.txt", model.FormatText, "Ministers met"},
		{"HTML declaring latin-1", "page-latin1.html", model.FormatHTML, "réunion a duré"},
		{"HTML sniffed without doctype or name", "page-no-doctype.htm.txt", model.FormatHTML, "<p>Two.</p>"},
		{"CRLF folded", "crlf.txt", model.FormatText, "Headline here\n\nThe first"},
		{"gzip by name", "story.txt", model.FormatText, "gzipped story"},
		{"gzip by magic bytes", "compressed-without-suffix", model.FormatHTML, "Zipped page"},
		{"JSON array, no id", "array.json#1", model.FormatText, "First article"},
		{"JSON array, html", "two", model.FormatHTML, "<p>Second</p>"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			d, ok := byID[tt.id]
			if !ok {
				t.Fatalf("no document %s; have %d docs", tt.id, len(docs))
			}
			if d.Format != tt.format || !strings.Contains(d.Content, tt.has) {
				t.Errorf("format %s content %q; want %s containing %q", d.Format, d.Content, tt.format, tt.has)
			}
			if strings.Contains(d.Content, "\r") || strings.HasPrefix(d.Content, "\uFEFF") {
				t.Errorf("CR or BOM left in %q", d.Content)
			}
		})
	}
	if byID["two"].Outlet != "Wire" {
		t.Errorf("outlet from {\"source\": {\"name\"}} = %q", byID["two"].Outlet)
	}
	if _, ok := byID[".hidden.txt"]; ok {
		t.Error("hidden file read while walking a folder")
	}
}

func TestLimitsAndPaths(t *testing.T) {
	big := bytes.Repeat([]byte("All work and no play. "), 2000) // 44 KB
	var gz bytes.Buffer
	w := gzip.NewWriter(&gz)
	w.Write(big)
	w.Close()
	tests := []struct {
		name string
		raw  []byte
		max  int64
		want error
	}{
		{"over the limit", big, 1000, source.ErrTooLarge},
		{"gzip bomb inflating past the limit", gz.Bytes(), 10000, source.ErrTooLarge},
		{"within the limit", big, 1 << 20, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			d := New([]string{"-"}, Options{MaxBytes: tt.max, Stdin: bytes.NewReader(tt.raw)})
			docs, errs := collect(t, d)
			if tt.want == nil {
				if len(errs) > 0 || len(docs) != 1 || docs[0].ID != "stdin" {
					t.Fatalf("docs %d errs %v", len(docs), errs)
				}
				return
			}
			if len(errs) != 1 || !errors.Is(errs[0], tt.want) {
				t.Fatalf("errors %v, want %v", errs, tt.want)
			}
		})
	}
	docs, errs := collect(t, New([]string{"testdata/nope", "testdata/good/crlf.txt"}, Options{}))
	if len(errs) != 1 || !errors.Is(errs[0], source.ErrNotFound) || len(docs) != 1 {
		t.Errorf("a missing path must be reported and the next one read: docs %d errs %v", len(docs), errs)
	}
	if docs[0].File != "testdata/good/crlf.txt" {
		t.Errorf("File = %q, want the path as given", docs[0].File)
	}
}

// FuzzParse: any bytes give documents with valid UTF-8 content or errors,
// never a panic.
func FuzzParse(f *testing.F) {
	for _, s := range []string{"", "{}", "[1,2]", `{"text":"x"}` + "\n{", "<html><p>x", "\x1f\x8b\x08", "\xff\xfeA\x00", "plain\r\ntext", "\xe9t\xe9"} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, raw []byte) {
		docs, errs := Parse("f.txt", raw, 1<<20)
		for _, d := range docs {
			if !utf8.ValidString(d.Content) || d.ID == "" {
				t.Fatalf("bad document %+v", d)
			}
		}
		for _, e := range errs {
			var se *source.Error
			if !errors.As(e, &se) {
				t.Fatalf("error %v is not a *source.Error", e)
			}
		}
	})
}

func BenchmarkParse(b *testing.B) {
	raw := bytes.Repeat([]byte("The committee met on Tuesday to discuss the harbour plan. "), 100)
	b.ReportAllocs()
	b.SetBytes(int64(len(raw)))
	for i := 0; i < b.N; i++ {
		if docs, _ := Parse("x.txt", raw, 1<<20); len(docs) != 1 {
			b.Fatal("no document")
		}
	}
}
