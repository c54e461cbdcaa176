package dir

import (
	"errors"
	"testing"
	"unicode/utf8"

	"github.com/storyline-news/storyline/internal/model"
	"github.com/storyline-news/storyline/internal/source"
)

// checkOutput holds for every input: documents with an ID, a file, a known
// format and valid UTF-8 content, or *source.Errors naming a file; never
// both empty.
func checkOutput(t *testing.T, docs []model.Document, errs []error) {
	t.Helper()
	if len(docs) == 0 && len(errs) == 0 {
		t.Fatal("neither a document nor an error")
	}
	for _, d := range docs {
		if d.ID == "" || d.File == "" || d.Content == "" {
			t.Fatalf("incomplete document %+v", d)
		}
		if d.Format != model.FormatText && d.Format != model.FormatHTML {
			t.Fatalf("format %q", d.Format)
		}
		for _, s := range []string{d.Content, d.Title, d.ID, d.Outlet, d.Lang, d.URL, d.Published} {
			if !utf8.ValidString(s) {
				t.Fatalf("invalid UTF-8 %q in %+v", s, d)
			}
		}
	}
	for _, e := range errs {
		var se *source.Error
		if !errors.As(e, &se) || se.File == "" || se.Err == nil {
			t.Fatalf("error %v is not a complete *source.Error", e)
		}
	}
}

// FuzzParse: any bytes give documents or errors, never a panic.
func FuzzParse(f *testing.F) {
	for _, s := range []string{"", "{}", "[1,2]", `{"text":"x"}` + "\n{", "<html><p>x", "\x1f\x8b\x08", "\xff\xfeA\x00", "plain\r\ntext", "\xe9t\xe9",
		"WARC/1.0\r\nWARC-Type: resource\r\nContent-Type: text/html\r\nContent-Length: 14\r\n\r\n<html><p>x</p>\r\n\r\n"} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, raw []byte) {
		docs, errs := Parse("f.txt", raw, 1<<20)
		checkOutput(t, docs, errs)
	})
}

// FuzzSniff: decoding and sniffing any bytes gives valid UTF-8 without CR
// or BOM, or an error; Sniff on the result is stable and never panics.
func FuzzSniff(f *testing.F) {
	for _, s := range []string{
		"<!doctype html><p>x", "<div><p>a<p>b<br><span>", "{\"a\":", "[{}]", "text\r\n",
		"\xef\xbb\xbf<html>", "\xfe\xff\x00<\x00h", "<meta charset=koi8-r>\xf7\xd3", "\x82\xa0\x82\xa2",
	} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, raw []byte) {
		text, enc, err := Decode(raw)
		if err != nil {
			return
		}
		if enc == "" || !utf8.ValidString(text) {
			t.Fatalf("Decode gave %q as %q", text, enc)
		}
		for _, c := range []byte(text) {
			if c == '\r' || c == 0 {
				t.Fatalf("CR or NUL left in %q", text)
			}
		}
		if k := Sniff(text); k != Sniff(text) || k < KindText || k > KindJSON {
			t.Fatalf("Sniff unstable or out of range: %v", k)
		}
	})
}

// FuzzReadJSON: any text read as JSON gives documents or errors naming
// the file, never a panic.
func FuzzReadJSON(f *testing.F) {
	for _, s := range []string{
		`{"text": "a"}`, `[{"html": "<p>x"}, 1]`, "{\"id\": 1, \"body\": [\"a\", 2]}\n{", `{"articles": [{"content": "x"}]}`,
		`{"source": {"name": "W"}, "text": "\ud800"}`, "null", "[]", `{"lang": "EN_us", "text": "\u0000"}`,
	} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, text string) {
		if !utf8.ValidString(text) {
			return // ReadJSON takes decoded text
		}
		docs, errs := ReadJSON("f.json", "f.json", text)
		checkOutput(t, docs, errs)
	})
}
