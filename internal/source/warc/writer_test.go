package warc

import (
	"bufio"
	"bytes"
	"compress/gzip"
	"errors"
	"fmt"
	"io"
	"net/http"
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"
)

// rawRecord is one record as the test splits a file by hand, independent
// of the package's reader: its member, header fields and block.
type rawRecord struct {
	version string
	fields  map[string]string
	block   []byte
}

// splitMembers reads path one gzip member at a time and checks that each
// member holds exactly one well-formed record: a version line, header
// lines, a blank line, Content-Length bytes of block and CRLF CRLF.
func splitMembers(t *testing.T, path string) []rawRecord {
	t.Helper()
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	br := bufio.NewReader(f)
	var recs []rawRecord
	for n := 1; ; n++ {
		if _, err := br.Peek(1); err == io.EOF {
			return recs
		}
		zr, err := gzip.NewReader(br)
		if err != nil {
			t.Fatalf("%s: member %d: %v", path, n, err)
		}
		zr.Multistream(false)
		raw, err := io.ReadAll(zr)
		if err != nil {
			t.Fatalf("%s: member %d: %v", path, n, err)
		}
		head, rest, ok := bytes.Cut(raw, []byte("\r\n\r\n"))
		if !ok {
			t.Fatalf("%s: member %d has no end of header", path, n)
		}
		lines := strings.Split(string(head), "\r\n")
		rec := rawRecord{version: lines[0], fields: map[string]string{}}
		for _, l := range lines[1:] {
			name, value, ok := strings.Cut(l, ": ")
			if !ok {
				t.Fatalf("%s: member %d: header line %q", path, n, l)
			}
			rec.fields[name] = value
		}
		cl, err := strconv.Atoi(rec.fields["Content-Length"])
		if err != nil {
			t.Fatalf("%s: member %d: Content-Length %q", path, n, rec.fields["Content-Length"])
		}
		if len(rest) != cl+4 || !bytes.HasSuffix(rest, []byte("\r\n\r\n")) {
			t.Fatalf("%s: member %d: Content-Length %d, but %d bytes follow the header (want the block and CRLF CRLF)", path, n, cl, len(rest))
		}
		rec.block = rest[:cl]
		recs = append(recs, rec)
	}
}

func TestWriterRecords(t *testing.T) {
	dir := t.TempDir()
	w, err := NewWriter(dir, 0)
	if err != nil {
		t.Fatal(err)
	}
	fetched := time.Date(2026, 3, 4, 5, 6, 7, 0, time.FixedZone("X", 3600))
	body := []byte("<html><body><p>Hello, archive.</p></body></html>")
	reqH := http.Header{"User-Agent": {"storyline-test"}}
	respH := http.Header{"Content-Type": {"text/html; charset=utf-8"}, "Transfer-Encoding": {"chunked"}}
	file, id, err := w.WriteResponse("https://news.example/a/b?c=d", fetched, reqH, 200, respH, body)
	if err != nil {
		t.Fatal(err)
	}
	if err := w.Close(); err != nil {
		t.Fatal(err)
	}
	if !regexp.MustCompile(`^storyline-\d{14}-00000\.warc\.gz$`).MatchString(filepath.Base(file)) || filepath.Dir(file) != dir {
		t.Errorf("file = %s", file)
	}
	uuidRE := regexp.MustCompile(`^<urn:uuid:[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}>$`)
	if !uuidRE.MatchString(id) {
		t.Errorf("record id = %q", id)
	}
	recs := splitMembers(t, file)
	if len(recs) != 3 {
		t.Fatalf("%d records, want warcinfo, request, response", len(recs))
	}
	info, req, resp := recs[0], recs[1], recs[2]
	for i, want := range []string{"warcinfo", "request", "response"} {
		r := recs[i]
		if r.version != "WARC/1.0" || r.fields["WARC-Type"] != want {
			t.Errorf("record %d: %s %s, want WARC/1.0 %s", i, r.version, r.fields["WARC-Type"], want)
		}
		if !uuidRE.MatchString(r.fields["WARC-Record-ID"]) {
			t.Errorf("record %d: id %q", i, r.fields["WARC-Record-ID"])
		}
		if got, want := r.fields["WARC-Block-Digest"], digest(r.block); got != want {
			t.Errorf("record %d: block digest %s, want %s", i, got, want)
		}
	}
	if info.fields["WARC-Filename"] != filepath.Base(file) || !bytes.Contains(info.block, []byte("software: Storyline")) {
		t.Errorf("warcinfo: %v %q", info.fields, info.block)
	}
	if resp.fields["WARC-Record-ID"] != id || resp.fields["WARC-Concurrent-To"] != req.fields["WARC-Record-ID"] || req.fields["WARC-Concurrent-To"] != id {
		t.Errorf("the pair is not linked: request %v, response %v", req.fields, resp.fields)
	}
	for _, r := range recs[1:] {
		if r.fields["WARC-Target-URI"] != "https://news.example/a/b?c=d" || r.fields["WARC-Date"] != "2026-03-04T04:06:07Z" {
			t.Errorf("%s: target %q date %q", r.fields["WARC-Type"], r.fields["WARC-Target-URI"], r.fields["WARC-Date"])
		}
	}
	// The payload digest is the body's, a value computed here by hand:
	// SHA-1 of the body, base32.
	if got, want := resp.fields["WARC-Payload-Digest"], digest(body); got != want || !strings.HasPrefix(got, "sha1:") || len(got) != 5+32 {
		t.Errorf("payload digest %s, want %s", got, want)
	}
	wantHead := "HTTP/1.1 200 OK\r\nContent-Type: text/html; charset=utf-8\r\n\r\n"
	if string(resp.block) != wantHead+string(body) {
		t.Errorf("response block:\n%q\nwant\n%q", resp.block, wantHead+string(body))
	}
	wantReq := "GET /a/b?c=d HTTP/1.1\r\nHost: news.example\r\nUser-Agent: storyline-test\r\n\r\n"
	if string(req.block) != wantReq {
		t.Errorf("request block %q, want %q", req.block, wantReq)
	}
}

func TestWriterRotates(t *testing.T) {
	dir := t.TempDir()
	w, err := NewWriter(dir, 4096)
	if err != nil {
		t.Fatal(err)
	}
	// Random-looking bytes do not compress, so each exchange passes the
	// limit on its own and the next goes to a new file.
	body := make([]byte, 6000)
	x := uint32(1)
	for i := range body {
		x = x*1664525 + 1013904223
		body[i] = byte(x >> 24)
	}
	files := map[string]bool{}
	for i := range 3 {
		file, _, err := w.WriteResponse(fmt.Sprintf("http://site.example/%d", i), time.Now(), nil, 200, http.Header{}, body)
		if err != nil {
			t.Fatal(err)
		}
		files[file] = true
	}
	if err := w.Close(); err != nil {
		t.Fatal(err)
	}
	names, _ := filepath.Glob(filepath.Join(dir, "*.warc.gz"))
	if len(files) != 3 || len(names) != 3 {
		t.Fatalf("wrote to %d files, %d in the folder; want 3", len(files), len(names))
	}
	for _, n := range names {
		recs := splitMembers(t, n)
		if len(recs) != 3 || recs[0].fields["WARC-Type"] != "warcinfo" {
			t.Errorf("%s: %d records, first %q", n, len(recs), recs[0].fields["WARC-Type"])
		}
	}
	// A small limit not yet reached keeps writing to one file.
	dir2 := t.TempDir()
	w2, err := NewWriter(dir2, 1<<20)
	if err != nil {
		t.Fatal(err)
	}
	for i := range 3 {
		if _, _, err := w2.WriteResponse(fmt.Sprintf("http://site.example/%d", i), time.Now(), nil, 200, nil, body); err != nil {
			t.Fatal(err)
		}
	}
	w2.Close()
	if names, _ := filepath.Glob(filepath.Join(dir2, "*.warc.gz")); len(names) != 1 {
		t.Errorf("%d files under the limit, want 1", len(names))
	}
}

func TestWriterConcurrent(t *testing.T) {
	dir := t.TempDir()
	w, err := NewWriter(dir, 16<<10)
	if err != nil {
		t.Fatal(err)
	}
	const workers, each = 8, 25
	var wg sync.WaitGroup
	ids := make(chan string, workers*each)
	for g := range workers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range each {
				body := []byte(strings.Repeat(fmt.Sprintf("<p>worker %d page %d</p>", g, i), 40))
				_, id, err := w.WriteResponse(fmt.Sprintf("http://site.example/%d/%d", g, i), time.Now(), nil, 200, http.Header{"Content-Type": {"text/html"}}, body)
				if err != nil {
					t.Error(err)
					return
				}
				ids <- id
			}
		}()
	}
	wg.Wait()
	close(ids)
	if err := w.Close(); err != nil {
		t.Fatal(err)
	}
	names, _ := filepath.Glob(filepath.Join(dir, "*.warc.gz"))
	if len(names) < 2 {
		t.Errorf("%d files; the limit should have rotated them", len(names))
	}
	seen := map[string]bool{}
	for _, n := range names {
		recs := splitMembers(t, n)
		if recs[0].fields["WARC-Type"] != "warcinfo" {
			t.Errorf("%s does not open with warcinfo", n)
		}
		// Each request is followed at once by its response.
		for i := 1; i < len(recs); i += 2 {
			if i+1 >= len(recs) || recs[i].fields["WARC-Type"] != "request" || recs[i+1].fields["WARC-Concurrent-To"] != recs[i].fields["WARC-Record-ID"] {
				t.Fatalf("%s: record %d is not a request followed by its response", n, i)
			}
			seen[recs[i+1].fields["WARC-Record-ID"]] = true
		}
	}
	n := 0
	for id := range ids {
		n++
		if !seen[id] {
			t.Errorf("response %s not in any file", id)
		}
	}
	if n != workers*each || len(seen) != n {
		t.Errorf("%d writes, %d responses in the files", n, len(seen))
	}
}

func TestWriterErrors(t *testing.T) {
	dir := t.TempDir()
	notDir := filepath.Join(dir, "file")
	os.WriteFile(notDir, []byte("x"), 0o644)
	if _, err := NewWriter(notDir, 0); err == nil || !strings.Contains(err.Error(), notDir) {
		t.Errorf("NewWriter on a file: %v, want an error naming it", err)
	}
	w, err := NewWriter(dir, 0)
	if err != nil {
		t.Fatal(err)
	}
	for _, u := range []string{"http://bad host/", "", "/relative/path", "mailto:someone@site.example"} {
		if _, _, err := w.WriteResponse(u, time.Now(), nil, 200, nil, nil); err == nil {
			t.Errorf("URL %q was archived", u)
		}
	}
	w.Close()
	if _, _, err := w.WriteResponse("http://site.example/", time.Now(), nil, 200, nil, nil); !errors.Is(err, ErrClosed) {
		t.Errorf("write after Close: %v", err)
	}
}

func TestWriterZeroTime(t *testing.T) {
	w, err := NewWriter(t.TempDir(), 0)
	if err != nil {
		t.Fatal(err)
	}
	w.now = func() time.Time { return time.Date(2030, 1, 2, 3, 4, 5, 0, time.UTC) }
	file, _, err := w.WriteResponse("http://site.example/", time.Time{}, nil, 200, nil, []byte("<p>x</p>"))
	if err != nil {
		t.Fatal(err)
	}
	w.Close()
	recs := splitMembers(t, file)
	if got := recs[len(recs)-1].fields["WARC-Date"]; got != "2030-01-02T03:04:05Z" {
		t.Errorf("WARC-Date %q for a zero fetch time, want the time of writing", got)
	}
}

// TestWriterRecoversFromAWriteError: after a failed write (here the file
// closed underneath the writer, as a full disk would fail it) the next
// exchange goes to a new, well-formed file.
func TestWriterRecoversFromAWriteError(t *testing.T) {
	dir := t.TempDir()
	w, err := NewWriter(dir, 0)
	if err != nil {
		t.Fatal(err)
	}
	w.f.Close()
	if _, _, err := w.WriteResponse("http://site.example/a", time.Now(), nil, 200, nil, []byte("<p>a</p>")); err == nil {
		t.Fatal("a write to a closed file succeeded")
	}
	file, _, err := w.WriteResponse("http://site.example/b", time.Now(), nil, 200, nil, []byte("<p>b</p>"))
	if err != nil {
		t.Fatal(err)
	}
	w.Close()
	names, _ := filepath.Glob(filepath.Join(dir, "*.warc.gz"))
	if len(names) != 2 || !strings.HasSuffix(file, "-00001.warc.gz") {
		t.Fatalf("files %v, wrote to %s", names, file)
	}
	if recs := splitMembers(t, file); len(recs) != 3 || recs[2].fields["WARC-Target-URI"] != "http://site.example/b" {
		t.Errorf("the new file holds %d records", len(recs))
	}
}
