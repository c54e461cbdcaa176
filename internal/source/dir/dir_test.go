package dir

import (
	"bufio"
	"bytes"
	"compress/gzip"
	"context"
	"errors"
	"os"
	"path/filepath"
	"reflect"
	"slices"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/storyline-news/storyline/internal/model"
	"github.com/storyline-news/storyline/internal/shareddata"
	"github.com/storyline-news/storyline/internal/source"
)

func collect(t testing.TB, d *Dir) ([]model.Document, []error) {
	t.Helper()
	var docs []model.Document
	var errs []error
	for doc, err := range d.Documents(context.Background()) {
		if err != nil {
			if !reflect.DeepEqual(doc, model.Document{}) {
				t.Errorf("error %v came with a non-zero document", err)
			}
			errs = append(errs, err)
			continue
		}
		docs = append(docs, doc)
	}
	return docs, errs
}

var sentinels = map[string]error{
	"ErrEmpty":     source.ErrEmpty,
	"ErrBinary":    source.ErrBinary,
	"ErrTooLarge":  source.ErrTooLarge,
	"ErrTruncated": source.ErrTruncated,
	"ErrMalformed": source.ErrMalformed,
	"ErrNoText":    source.ErrNoText,
	"ErrNotFound":  source.ErrNotFound,
}

// expectedBad reads testdata/bad/expected.txt: file name → sentinels.
func expectedBad(t *testing.T) map[string][]error {
	t.Helper()
	f, err := os.Open("testdata/bad/expected.txt")
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	want := map[string][]error{}
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		line := sc.Text()
		if line == "" || strings.HasPrefix(line, "#") {
			continue
		}
		name, list, ok := strings.Cut(line, "\t")
		if !ok {
			t.Fatalf("expected.txt: no tab in %q", line)
		}
		for _, s := range strings.Split(list, ",") {
			e, ok := sentinels[s]
			if !ok {
				t.Fatalf("expected.txt: unknown sentinel %q", s)
			}
			want[name] = append(want[name], e)
		}
	}
	return want
}

// TestBadInputs reads every committed bad input: each gives its expected
// errors, naming the file (and line), and the good documents beside them
// still come.
func TestBadInputs(t *testing.T) {
	want := expectedBad(t)
	entries, err := os.ReadDir("testdata/bad")
	if err != nil {
		t.Fatal(err)
	}
	for _, e := range entries {
		if _, ok := want[e.Name()]; !ok && e.Name() != "expected.txt" {
			t.Errorf("testdata/bad/%s is not listed in expected.txt", e.Name())
		}
	}
	docs, errs := collect(t, New([]string{"testdata/bad"}, Options{}))
	got := map[string][]error{}
	for _, err := range errs {
		var se *source.Error
		if !errors.As(err, &se) {
			t.Fatalf("error %v is not a *source.Error", err)
		}
		name := filepath.Base(strings.SplitN(se.File, "#", 2)[0])
		if !strings.HasPrefix(err.Error(), se.File) || !strings.Contains(err.Error(), "testdata/bad/"+name) {
			t.Errorf("error %q does not open with its file", err)
		}
		got[name] = append(got[name], err)
	}
	for name, reasons := range want {
		t.Run(name, func(t *testing.T) {
			if len(got[name]) != len(reasons) {
				t.Fatalf("got errors %v, want %v", got[name], reasons)
			}
			for i, r := range reasons {
				if !errors.Is(got[name][i], r) {
					t.Errorf("error %d is %v, want %v", i, got[name][i], r)
				}
			}
		})
	}
	var ids []string
	for _, d := range docs {
		if d.ID != "expected.txt" { // the table itself is a good text file
			ids = append(ids, d.ID)
		}
	}
	if want := []string{"a1", "ok1", "ok2"}; !slices.Equal(ids, want) {
		t.Errorf("good documents among the bad: got %v, want %v", ids, want)
	}
}

func TestJSONLinesErrorNamesLine(t *testing.T) {
	_, errs := collect(t, New([]string{"testdata/bad/lines.jsonl"}, Options{}))
	want := []string{
		"testdata/bad/lines.jsonl:2: malformed JSON",
		"testdata/bad/lines.jsonl:4: JSON document has neither text nor html",
	}
	if len(errs) != len(want) {
		t.Fatalf("errors %v", errs)
	}
	for i, w := range want {
		if !strings.HasPrefix(errs[i].Error(), w) {
			t.Errorf("error %d = %q, want it to open with %q", i, errs[i], w)
		}
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
		file   string
		format model.Format
		has    string
	}{
		{"latin-1 text", "latin1.txt", "testdata/good/latin1.txt", model.FormatText, "Café owners"},
		{"windows-1251 Cyrillic", "cp1251.txt", "testdata/good/cp1251.txt", model.FormatText, "переговоры"},
		{"KOI8-R Cyrillic", "koi8r.txt", "testdata/good/koi8r.txt", model.FormatText, "переговоры"},
		{"UTF-16LE with BOM", "utf16le-bom.txt", "testdata/good/utf16le-bom.txt", model.FormatText, "Ministers met"},
		{"UTF-16LE without BOM", "utf16le-nobom.txt", "testdata/good/utf16le-nobom.txt", model.FormatText, "Ministers met"},
		{"UTF-16BE with BOM", "utf16be-bom.txt", "testdata/good/utf16be-bom.txt", model.FormatText, "Ministers met"},
		{"HTML declaring latin-1", "page-latin1.html", "testdata/good/page-latin1.html", model.FormatHTML, "réunion a duré"},
		{"HTML sniffed without doctype, whatever the name", "page-no-doctype.htm.txt", "testdata/good/page-no-doctype.htm.txt", model.FormatHTML, "<p>Two.</p>"},
		{"CRLF folded", "crlf.txt", "testdata/good/crlf.txt", model.FormatText, "Headline here\n\nThe first"},
		{"gzip by name", "story.txt", "testdata/good/story.txt.gz", model.FormatText, "gzipped story"},
		{"gzip by magic bytes", "compressed-without-suffix", "testdata/good/compressed-without-suffix", model.FormatHTML, "Zipped page"},
		{"JSON array item without id", "array.json#1", "testdata/good/array.json#1", model.FormatText, "First article"},
		{"JSON array item with id and html", "two", "testdata/good/array.json#2", model.FormatHTML, "<p>Second</p>"},
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
			if d.File != tt.file {
				t.Errorf("File = %q, want %q", d.File, tt.file)
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

func gz(t testing.TB, b []byte) []byte {
	t.Helper()
	var buf bytes.Buffer
	w := gzip.NewWriter(&buf)
	if _, err := w.Write(b); err != nil {
		t.Fatal(err)
	}
	if err := w.Close(); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

func TestLimits(t *testing.T) {
	big := bytes.Repeat([]byte("All work and no play. "), 2000) // 44 KB
	tests := []struct {
		name string
		raw  []byte
		max  int64
		want error
	}{
		{"over the limit", big, 1000, source.ErrTooLarge},
		{"gzip bomb inflating past the limit", gz(t, big), 10000, source.ErrTooLarge},
		{"gzip within the limit", gz(t, big), 1 << 20, nil},
		{"within the limit", big, 1 << 20, nil},
		{"truncated gzip", gz(t, big)[:200], 1 << 20, source.ErrTruncated},
		{"gzip with a corrupt body", append(gz(t, big)[:30], bytes.Repeat([]byte{0xff}, 40)...), 1 << 20, source.ErrTruncated},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			d := New([]string{"-"}, Options{MaxBytes: tt.max, Stdin: bytes.NewReader(tt.raw)})
			docs, errs := collect(t, d)
			if tt.want == nil {
				if len(errs) > 0 || len(docs) != 1 || docs[0].ID != "stdin" || docs[0].File != "-" {
					t.Fatalf("docs %+v errs %v", docs, errs)
				}
				return
			}
			if len(errs) != 1 || !errors.Is(errs[0], tt.want) || len(docs) != 0 {
				t.Fatalf("errors %v, want %v", errs, tt.want)
			}
			if !strings.HasPrefix(errs[0].Error(), "-: ") {
				t.Errorf("error %q does not name standard input", errs[0])
			}
		})
	}
}

func TestStdinReadOnce(t *testing.T) {
	d := New([]string{"-", "-"}, Options{Stdin: strings.NewReader("One story, read once.")})
	docs, errs := collect(t, d)
	if len(docs) != 1 || len(errs) != 0 {
		t.Fatalf("docs %d errs %v, want one document", len(docs), errs)
	}
}

// TestWalk builds a folder tree with nested, hidden and linked folders and
// checks the order, the paths and that a link loop ends.
func TestWalk(t *testing.T) {
	root := t.TempDir()
	write := func(rel, content string) {
		t.Helper()
		p := filepath.Join(root, rel)
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(content), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	write("b.txt", "Second by name.")
	write("a.txt", "First by name.")
	write("sub/c.txt", "In a sub-folder.")
	write("sub/deeper/d.html", "<!doctype html><p>Deep page.</p>")
	write(".git/config", "not an article")
	write(".hidden.txt", "not an article")
	write("sub/.cache/x.txt", "not an article")
	if err := os.Symlink(root, filepath.Join(root, "sub", "loop")); err != nil {
		t.Skipf("no symlinks here: %v", err)
	}
	if err := os.Symlink(filepath.Join(root, "a.txt"), filepath.Join(root, "sub", "link-to-a.txt")); err != nil {
		t.Fatal(err)
	}
	if err := os.Symlink(filepath.Join(root, "nowhere"), filepath.Join(root, "sub", "broken")); err != nil {
		t.Fatal(err)
	}
	selfLoop := filepath.Join(root, "self")
	if err := os.Symlink(selfLoop, selfLoop); err != nil {
		t.Fatal(err)
	}

	docs, errs := collect(t, New([]string{root, filepath.Join(root, "missing.txt")}, Options{}))
	var files []string
	for _, d := range docs {
		files = append(files, strings.TrimPrefix(d.File, root+"/"))
	}
	want := []string{"a.txt", "b.txt", "sub/c.txt", "sub/deeper/d.html", "sub/link-to-a.txt"}
	if !slices.Equal(files, want) {
		t.Errorf("walked %v, want %v", files, want)
	}
	var errFiles []string
	for _, err := range errs {
		var se *source.Error
		if !errors.As(err, &se) || !errors.Is(err, source.ErrNotFound) {
			t.Errorf("error %v: want a *source.Error for ErrNotFound", err)
			continue
		}
		errFiles = append(errFiles, strings.TrimPrefix(se.File, root+"/"))
	}
	if wantErrs := []string{"self", "sub/broken", "missing.txt"}; !slices.Equal(errFiles, wantErrs) {
		t.Errorf("errors for %v, want %v", errFiles, wantErrs)
	}
	if len(docs) > 3 && docs[3].Format != model.FormatHTML {
		t.Errorf("d.html sniffed as %s", docs[3].Format)
	}
}

// TestStopEarly: a consumer that breaks out of the loop stops the walk.
func TestStopEarly(t *testing.T) {
	n := 0
	for range New([]string{"testdata/good", "testdata/bad"}, Options{}).Documents(context.Background()) {
		n++
		if n == 2 {
			break
		}
	}
	if n != 2 {
		t.Errorf("saw %d items", n)
	}
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	for range New([]string{"testdata/good"}, Options{}).Documents(ctx) {
		t.Fatal("a cancelled context still yields")
	}
}

// TestSharedPages reads the extraction benchmark's gzipped pages: every
// one is HTML, valid UTF-8, named after its file without .gz.
func TestSharedPages(t *testing.T) {
	root := shareddata.Path(t, "data/extraction/zyte/html")
	docs, errs := collect(t, New([]string{root}, Options{}))
	if len(errs) > 0 {
		t.Errorf("%d errors, first %v", len(errs), errs[0])
	}
	if len(docs) < 150 {
		t.Fatalf("only %d pages read", len(docs))
	}
	for _, d := range docs {
		if d.Format != model.FormatHTML || !utf8.ValidString(d.Content) || strings.HasSuffix(d.ID, ".gz") {
			t.Errorf("%s: format %s, valid UTF-8 %v", d.ID, d.Format, utf8.ValidString(d.Content))
		}
	}
}

// TestSharedFeedLatin1 reads a real feed saved as ISO-8859-1 without any
// declaration: the guess must give Portuguese accents, not mojibake.
func TestSharedFeedLatin1(t *testing.T) {
	p := shareddata.Path(t, "data/feeds-warc/feeds/rss-parser__uolNoticias.rss")
	raw, err := os.ReadFile(p)
	if err != nil {
		t.Fatal(err)
	}
	if utf8.Valid(raw) {
		t.Skip("the fixture is UTF-8 now; nothing to guess")
	}
	text, enc, err := Decode(raw)
	if err != nil {
		t.Fatal(err)
	}
	if enc != "windows-1252" || !strings.Contains(text, "ção") || strings.Contains(text, "Ã§") {
		t.Errorf("decoded as %s; ção found %v", enc, strings.Contains(text, "ção"))
	}
}

func BenchmarkParse(b *testing.B) {
	raw := bytes.Repeat([]byte("The committee met on Tuesday to discuss the harbour plan. "), 100)
	b.ReportAllocs()
	b.SetBytes(int64(len(raw)))
	for b.Loop() {
		if docs, _ := Parse("x.txt", raw, 1<<20); len(docs) != 1 {
			b.Fatal("no document")
		}
	}
}

// BenchmarkReadPages reads, inflates, decodes and sniffs the extraction
// benchmark's 181 gzipped pages from disk; one op is the whole folder.
func BenchmarkReadPages(b *testing.B) {
	root := shareddata.Path(b, "data/extraction/zyte/html")
	var size int64
	docs, _ := collect(b, New([]string{root}, Options{}))
	for _, d := range docs {
		size += int64(len(d.Content))
	}
	b.SetBytes(size)
	b.ReportAllocs()
	for b.Loop() {
		n := 0
		for d, err := range New([]string{root}, Options{}).Documents(context.Background()) {
			if err == nil && d.Content != "" {
				n++
			}
		}
		if n != len(docs) {
			b.Fatalf("read %d pages, want %d", n, len(docs))
		}
	}
	b.ReportMetric(float64(len(docs)*b.N)/b.Elapsed().Seconds(), "pages/s")
}
