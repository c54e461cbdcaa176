package warc

import (
	"bufio"
	"bytes"
	"compress/gzip"
	"compress/zlib"
	"errors"
	"fmt"
	"io"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"testing/iotest"
	"time"

	"github.com/storyline-news/storyline/internal/shareddata"
)

// readAll reads every page of an archive, with the errors met.
func readAll(t testing.TB, r io.Reader, max int64) ([]Page, []error, *PageReader) {
	t.Helper()
	pr := NewPageReader(r, max)
	var pages []Page
	var errs []error
	for i := 0; i < 100000; i++ {
		p, err := pr.Next()
		if errors.Is(err, io.EOF) {
			return pages, errs, pr
		}
		if err != nil {
			errs = append(errs, err)
			continue
		}
		pages = append(pages, p)
	}
	t.Fatal("the reader does not end")
	return nil, nil, nil
}

func gz(b []byte) []byte {
	var out bytes.Buffer
	zw := gzip.NewWriter(&out)
	zw.Write(b)
	zw.Close()
	return out.Bytes()
}

func TestRoundTrip(t *testing.T) {
	dir := t.TempDir()
	w, err := NewWriter(dir, 0)
	if err != nil {
		t.Fatal(err)
	}
	type exchange struct {
		url    string
		status int
		header http.Header
		body   []byte
		want   string // the page read back; "" for none
	}
	html := "<!doctype html><html><head><title>T</title></head><body><p>Story %d.</p></body></html>"
	exchanges := []exchange{
		{"https://news.example/one", 200, http.Header{"Content-Type": {"text/html; charset=utf-8"}}, []byte(fmt.Sprintf(html, 1)), fmt.Sprintf(html, 1)},
		{"https://news.example/two", 200, http.Header{"Content-Type": {"text/html"}, "Content-Encoding": {"gzip"}}, gz([]byte(fmt.Sprintf(html, 2))), fmt.Sprintf(html, 2)},
		{"https://news.example/logo.png", 200, http.Header{"Content-Type": {"image/png"}}, []byte("\x89PNG\r\n\x1a\n...."), ""},
		{"https://news.example/gone", 404, http.Header{"Content-Type": {"text/html"}}, []byte(fmt.Sprintf(html, 3)), ""},
		{"https://news.example/untyped", 200, http.Header{}, []byte(fmt.Sprintf(html, 4)), fmt.Sprintf(html, 4)},
	}
	fetched := time.Date(2026, 1, 2, 3, 4, 5, 0, time.UTC)
	ids := map[string]string{}
	for _, x := range exchanges {
		_, id, err := w.WriteResponse(x.url, fetched, http.Header{"Accept": {"text/html"}}, x.status, x.header, x.body)
		if err != nil {
			t.Fatal(err)
		}
		ids[x.url] = id
	}
	if err := w.Close(); err != nil {
		t.Fatal(err)
	}
	names, _ := filepath.Glob(filepath.Join(dir, "*.warc.gz"))
	if len(names) != 1 {
		t.Fatalf("%d files", len(names))
	}
	raw, _ := os.ReadFile(names[0])

	pages, errs, pr := readAll(t, bytes.NewReader(raw), 0)
	if len(errs) > 0 {
		t.Fatalf("errors: %v", errs)
	}
	var want []exchange
	for _, x := range exchanges {
		if x.want != "" {
			want = append(want, x)
		}
	}
	if len(pages) != len(want) {
		t.Fatalf("%d pages read back, want %d", len(pages), len(want))
	}
	for i, p := range pages {
		if p.URL != want[i].url || string(p.Body) != want[i].want || p.Fetched != "2026-01-02T03:04:05Z" || p.Status != 200 {
			t.Errorf("page %d: %s %q %s %d, want %s %q", i, p.URL, p.Body, p.Fetched, p.Status, want[i].url, want[i].want)
		}
	}
	if pages[0].Charset != "utf-8" {
		t.Errorf("charset %q", pages[0].Charset)
	}
	// warcinfo, then a request and a response for each exchange.
	if got := pr.Records(); got != 1+2*len(exchanges) {
		t.Errorf("%d records", got)
	}
	sk := pr.Skipped()
	if sk["request"] != len(exchanges) || sk["warcinfo"] != 1 || sk["image/png"] != 1 || sk["status 404"] != 1 {
		t.Errorf("skipped %v", sk)
	}

	// The plain reader sees every record whole: each block's digest and
	// length are what its header says, and each response is the one
	// WriteResponse named.
	r := NewReader(bytes.NewReader(raw), ReaderOptions{})
	offsets := memberOffsets(t, raw)
	for n := 1; ; n++ {
		rec, err := r.Next()
		if errors.Is(err, io.EOF) {
			if n != 2+2*len(exchanges) {
				t.Errorf("%d records", n-1)
			}
			break
		}
		if err != nil {
			t.Fatal(err)
		}
		if rec.Number != n || rec.Offset != offsets[n-1] {
			t.Errorf("record %d numbered %d at %d, want at %d", n, rec.Number, rec.Offset, offsets[n-1])
		}
		if int64(len(rec.Block)) != rec.Length || rec.Header.Get("WARC-Block-Digest") != digest(rec.Block) {
			t.Errorf("record %d: %d bytes of %d, digest %s", n, len(rec.Block), rec.Length, rec.Header.Get("WARC-Block-Digest"))
		}
		if rec.Type() == "response" && ids[rec.Header.Get("WARC-Target-URI")] != rec.Header.Get("WARC-Record-ID") {
			t.Errorf("record %d is not the response WriteResponse named", n)
		}
	}
}

// memberOffsets finds where each gzip member of raw starts, by inflating
// them one at a time.
func memberOffsets(t testing.TB, raw []byte) []int64 {
	src := bytes.NewReader(raw)
	br := bufio.NewReader(src)
	var offs []int64
	for {
		if _, err := br.Peek(1); err != nil {
			return offs
		}
		offs = append(offs, int64(len(raw)-src.Len()-br.Buffered()))
		zr, err := gzip.NewReader(br)
		if err != nil {
			t.Fatal(err)
		}
		zr.Multistream(false)
		if _, err := io.Copy(io.Discard, zr); err != nil {
			t.Fatal(err)
		}
	}
}

// fixtures are the shared WARC files with what each holds, counted by
// hand from their headers: HTML pages in 2xx responses, and records.
var fixtures = []struct {
	name           string
	pages, records int
}{
	{"ukwa__IAH-20080430204825-00000-blackbook-truncated.warc.gz", 2, 23},
	{"ukwa__IAH-urls-wget.warc.gz", 2, 36},
	{"warcio__example-iana.org-chunked.warc", 1, 3},
	{"warcio__example.warc.gz", 1, 6},
}

func TestFixtures(t *testing.T) {
	dir := shareddata.Path(t, "data/feeds-warc/warc")
	for _, fx := range fixtures {
		t.Run(fx.name, func(t *testing.T) {
			raw, err := os.ReadFile(filepath.Join(dir, fx.name))
			if err != nil {
				t.Fatal(err)
			}
			pages, errs, pr := readAll(t, bytes.NewReader(raw), 0)
			if len(errs) > 0 {
				t.Errorf("errors: %v", errs)
			}
			if len(pages) != fx.pages || pr.Records() != fx.records {
				t.Errorf("%d pages in %d records, want %d in %d (skipped %v)", len(pages), pr.Records(), fx.pages, fx.records, pr.Skipped())
			}
			for _, p := range pages {
				body := strings.ToLower(string(bytes.TrimSpace(p.Body)))
				if !strings.HasPrefix(p.URL, "http") || p.Fetched == "" || !strings.HasPrefix(body, "<") || !strings.HasSuffix(body, "</html>") {
					t.Errorf("record %d: url %q fetched %q body %q…%q", p.Record, p.URL, p.Fetched, body[:min(30, len(body))], body[max(0, len(body)-30):])
				}
			}
		})
	}
}

// TestChunkedFixture checks the chunked response is de-chunked: the page
// is the chunks' data, which the chunk-size lines would otherwise break.
func TestChunkedFixture(t *testing.T) {
	dir := shareddata.Path(t, "data/feeds-warc/warc")
	raw, err := os.ReadFile(filepath.Join(dir, "warcio__example-iana.org-chunked.warc"))
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Contains(raw, []byte("Transfer-Encoding: chunked")) {
		t.Fatal("the fixture is not chunked")
	}
	pages, _, _ := readAll(t, bytes.NewReader(raw), 0)
	if len(pages) != 1 {
		t.Fatalf("%d pages", len(pages))
	}
	body := pages[0].Body
	// The raw block has the first chunk's size line right after the
	// header; the page must open with the document itself.
	if !bytes.HasPrefix(bytes.ToLower(body), []byte("<!doctype html>")) || !bytes.HasSuffix(bytes.TrimSpace(body), []byte("</html>")) {
		t.Errorf("page %q…%q", body[:min(40, len(body))], body[max(0, len(body)-40):])
	}
	// No chunk-size line survives inside it: every hex-only line would be one.
	for l := range strings.SplitSeq(string(body), "\n") {
		l = strings.TrimSpace(l)
		if len(l) >= 2 && strings.Trim(l, "0123456789abcdefABCDEF") == "" && !strings.ContainsAny(l, " \t") && len(l) <= 6 {
			t.Errorf("a chunk-size line %q is left in the page", l)
		}
	}
}

// TestDamagedArchives cuts and corrupts the real fixture: the pages
// before the damage are kept, the error names the record and its offset,
// and after a corrupt member reading goes on.
func TestDamagedArchives(t *testing.T) {
	dir := shareddata.Path(t, "data/feeds-warc/warc")
	raw, err := os.ReadFile(filepath.Join(dir, "ukwa__IAH-20080430204825-00000-blackbook-truncated.warc.gz"))
	if err != nil {
		t.Fatal(err)
	}
	whole, _, _ := readAll(t, bytes.NewReader(raw), 0)
	if len(whole) < 2 {
		t.Fatalf("%d pages in the whole file", len(whole))
	}
	offs := memberOffsets(t, raw)
	first, second := whole[0], whole[1]

	t.Run("cut inside a member", func(t *testing.T) {
		// Cut halfway through the member after the second page's.
		next := second.Record // records are numbered from 1, offsets from 0
		cut := offs[next] + (offs[next+1]-offs[next])/2
		pages, errs, _ := readAll(t, bytes.NewReader(raw[:cut]), 0)
		if len(pages) != 2 || len(errs) != 1 {
			t.Fatalf("%d pages, errors %v", len(pages), errs)
		}
		var e *Error
		if !errors.As(errs[0], &e) || !errors.Is(e, ErrTruncated) || e.Record != next+1 || e.Offset != offs[next] {
			t.Errorf("error %v, want truncation of record %d at byte %d", errs[0], next+1, offs[next])
		}
	})
	t.Run("plain, cut inside a block", func(t *testing.T) {
		zr, _ := gzip.NewReader(bytes.NewReader(raw))
		plain, _ := io.ReadAll(zr)
		at := bytes.Index(plain, second.Body[:200])
		pages, errs, _ := readAll(t, bytes.NewReader(plain[:at+100]), 0)
		if len(pages) != 1 || len(errs) != 1 || !errors.Is(errs[0], ErrTruncated) {
			t.Fatalf("%d pages, errors %v", len(pages), errs)
		}
		if !strings.Contains(errs[0].Error(), fmt.Sprintf("record %d at byte ", second.Record)) {
			t.Errorf("error %q does not name record %d", errs[0], second.Record)
		}
	})
	t.Run("corrupt member", func(t *testing.T) {
		bad := bytes.Clone(raw)
		m := first.Record - 1
		for i := offs[m] + 40; i < offs[m]+80 && i < offs[m+1]; i++ {
			bad[i] ^= 0x55
		}
		pages, errs, pr := readAll(t, bytes.NewReader(bad), 0)
		if len(errs) != 1 || !errors.Is(errs[0], ErrCorrupt) {
			t.Fatalf("errors %v", errs)
		}
		var e *Error
		if errors.As(errs[0], &e); e.Offset != offs[m] {
			t.Errorf("error at byte %d, want %d", e.Offset, offs[m])
		}
		if len(pages) != 1 || pages[0].URL != second.URL || pr.Records() != len(offs) {
			t.Errorf("after the corrupt member: %d pages, %d records of %d", len(pages), pr.Records(), len(offs))
		}
	})
}

// rec builds a plain WARC record by hand.
func rec(typ, ctype, block string, extra ...string) string {
	h := "WARC/1.0\r\nWARC-Type: " + typ + "\r\nWARC-Target-URI: http://site.example/" + typ + "\r\nWARC-Date: 2020-05-06T07:08:09Z\r\n"
	if ctype != "" {
		h += "Content-Type: " + ctype + "\r\n"
	}
	for _, e := range extra {
		h += e + "\r\n"
	}
	return h + fmt.Sprintf("Content-Length: %d\r\n\r\n%s\r\n\r\n", len(block), block)
}

func httpResp(status string, header string, body string) string {
	return "HTTP/1.1 " + status + "\r\n" + header + "\r\n" + body
}

const page = "<html><body><p>An invented page.</p></body></html>"

func zl(s string) string {
	var b bytes.Buffer
	zw := zlib.NewWriter(&b)
	zw.Write([]byte(s))
	zw.Close()
	return b.String()
}

func TestRecordTable(t *testing.T) {
	ok := rec("response", "application/http; msgtype=response", httpResp("200 OK", "Content-Type: text/html\r\n", page))
	tests := []struct {
		name     string
		archive  string
		pages    int
		errs     []error // in order
		skipped  string  // a reason counted once, if any
		max      int64
		wantBody string
	}{
		{name: "one page", archive: ok, pages: 1, wantBody: page},
		{name: "LF line ends and blank lines between", archive: "\n\n" + strings.ReplaceAll(rec("resource", "text/html", page), "\r\n", "\n") + "\n\n" + ok, pages: 2},
		{name: "WARC/1.1 and a resource record", archive: strings.Replace(rec("resource", "text/html; charset=iso-8859-1", page), "WARC/1.0", "WARC/1.1", 1), pages: 1},
		{name: "header continuation line", archive: rec("response", "application/http;\r\n msgtype=response", httpResp("200 OK", "Content-Type: text/html\r\n", page)), pages: 1},
		{name: "revisit skipped", archive: rec("revisit", "application/http", "HTTP/1.1 200 OK\r\n\r\n") + ok, pages: 1, skipped: "revisit"},
		{name: "metadata skipped", archive: rec("metadata", "application/warc-fields", "via: x\r\n") + ok, pages: 1, skipped: "metadata"},
		{name: "image skipped", archive: rec("response", "application/http", httpResp("200 OK", "Content-Type: image/jpeg\r\n", "\xFF\xD8\xFFxxxx")), skipped: "image/jpeg"},
		{name: "redirect skipped", archive: rec("response", "application/http", httpResp("301 Moved", "Location: /x\r\nContent-Type: text/html\r\n", page)), skipped: "status 301"},
		{name: "untyped HTML sniffed", archive: rec("response", "application/http", httpResp("200 OK", "", page)), pages: 1},
		{name: "gzip body", archive: rec("response", "application/http", httpResp("200 OK", "Content-Type: text/html\r\nContent-Encoding: gzip\r\n", string(gz([]byte(page))))), pages: 1, wantBody: page},
		{name: "deflate body", archive: rec("response", "application/http", httpResp("200 OK", "Content-Type: text/html\r\nContent-Encoding: deflate\r\n", zl(page))), pages: 1, wantBody: page},
		{name: "gzip header on a body stored inflated", archive: rec("response", "application/http", httpResp("200 OK", "Content-Type: text/html\r\nContent-Encoding: gzip\r\n", page)), pages: 1, wantBody: page},
		{name: "chunked body", archive: rec("response", "application/http", httpResp("200 OK", "Content-Type: text/html\r\nTransfer-Encoding: chunked\r\n", fmt.Sprintf("10\r\n%s\r\n%x\r\n%s\r\n0\r\n\r\n", page[:16], len(page)-16, page[16:]))), pages: 1, wantBody: page},
		{name: "chunked and gzip", archive: rec("response", "application/http", httpResp("200 OK", "Content-Type: text/html\r\nTransfer-Encoding: chunked\r\nContent-Encoding: gzip\r\n", fmt.Sprintf("%x\r\n%s\r\n0\r\n\r\n", len(gz([]byte(page))), gz([]byte(page))))), pages: 1, wantBody: page},
		{name: "brotli refused, next read", archive: rec("response", "application/http", httpResp("200 OK", "Content-Type: text/html\r\nContent-Encoding: br\r\n", "\x1b\x00")) + ok, pages: 1, errs: []error{ErrEncoding}},
		{name: "bad header line, next read", archive: "WARC/1.0\r\nthis is no field\r\nContent-Length: 3\r\n\r\nabc\r\n\r\n" + ok, pages: 1, errs: []error{ErrMalformed}},
		{name: "bad Content-Length, next read", archive: strings.Replace(ok, "Content-Length: ", "Content-Length: x", 1) + ok, pages: 1, errs: []error{ErrMalformed}},
		{name: "junk between records", archive: ok + "garbage line\r\nmore\r\n" + ok, pages: 2, errs: []error{ErrMalformed}},
		{name: "junk at the end", archive: ok + "trailing junk\r\n", pages: 1, errs: []error{ErrMalformed}},
		{name: "truncated block", archive: ok[:len(ok)-30], errs: []error{ErrTruncated}},
		{name: "truncated header", archive: ok[:40], errs: []error{ErrTruncated}},
		{name: "record over the limit, next read", archive: rec("response", "application/http", httpResp("200 OK", "Content-Type: text/html\r\n", page+strings.Repeat(" ", 500))) + ok, max: 300, pages: 1, errs: []error{ErrTooLarge}},
		{name: "empty archive", archive: ""},
		{name: "not a WARC at all", archive: "hello\r\n", errs: []error{ErrMalformed}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			pages, errs, pr := readAll(t, strings.NewReader(tc.archive), tc.max)
			if len(pages) != tc.pages {
				t.Errorf("%d pages, want %d (errors %v, skipped %v)", len(pages), tc.pages, errs, pr.Skipped())
			}
			if len(errs) != len(tc.errs) {
				t.Fatalf("errors %v, want %v", errs, tc.errs)
			}
			for i, e := range errs {
				var we *Error
				if !errors.Is(e, tc.errs[i]) || !errors.As(e, &we) || we.Record < 1 {
					t.Errorf("error %v, want %v naming a record", e, tc.errs[i])
				}
			}
			if tc.skipped != "" && pr.Skipped()[tc.skipped] != 1 {
				t.Errorf("skipped %v, want one %q", pr.Skipped(), tc.skipped)
			}
			if tc.wantBody != "" && (len(pages) == 0 || string(pages[0].Body) != tc.wantBody) {
				t.Errorf("pages %v", pages)
			}
			// The same archive whole-file gzipped reads the same.
			if len(tc.archive) > 0 {
				zpages, zerrs, _ := readAll(t, bytes.NewReader(gz([]byte(tc.archive))), tc.max)
				if len(zpages) != len(pages) || len(zerrs) != len(errs) {
					t.Errorf("gzipped whole: %d pages, %v; plain: %d, %v", len(zpages), zerrs, len(pages), errs)
				}
			}
		})
	}
}

func FuzzReader(f *testing.F) {
	ok := rec("response", "application/http", httpResp("200 OK", "Content-Type: text/html\r\nTransfer-Encoding: chunked\r\n", fmt.Sprintf("%x\r\n%s\r\n0\r\n\r\n", len(page), page)))
	f.Add([]byte(ok))
	f.Add(gz([]byte(ok)))
	f.Add(append(gz([]byte(ok)), gz([]byte(rec("resource", "text/html", page)))...))
	f.Add([]byte(rec("metadata", "text/anvl", "a: b")))
	f.Add([]byte("WARC/1.0\r\nContent-Length: 99999999999\r\n\r\n"))
	f.Fuzz(func(t *testing.T, data []byte) {
		r := NewReader(bytes.NewReader(data), ReaderOptions{MaxBlock: 1 << 16})
		for i := 0; ; i++ {
			if i > len(data)+2 {
				t.Fatalf("more than %d results from %d bytes", i, len(data))
			}
			rec, err := r.Next()
			if errors.Is(err, io.EOF) {
				break
			}
			if rec != nil && rec.Block != nil && int64(len(rec.Block)) != rec.Length {
				t.Fatalf("block of %d bytes, Content-Length %d", len(rec.Block), rec.Length)
			}
		}
		readAll(t, bytes.NewReader(data), 1<<16)
	})
}

// TestOffsets checks record offsets where the reader's read-ahead spans
// many small members, and in a file gzipped whole, where they count
// inflated bytes.
func TestOffsets(t *testing.T) {
	dir := t.TempDir()
	w, err := NewWriter(dir, 0)
	if err != nil {
		t.Fatal(err)
	}
	for i := range 150 {
		if _, _, err := w.WriteResponse(fmt.Sprintf("http://site.example/%d", i), time.Now(), nil, 200, http.Header{"Content-Type": {"text/html"}}, []byte(page)); err != nil {
			t.Fatal(err)
		}
	}
	w.Close()
	names, _ := filepath.Glob(filepath.Join(dir, "*.warc.gz"))
	raw, _ := os.ReadFile(names[0])
	offs := memberOffsets(t, raw)
	if len(offs) != 301 {
		t.Fatalf("%d members", len(offs))
	}
	r := NewReader(bytes.NewReader(raw), ReaderOptions{})
	var plain bytes.Buffer
	zr, _ := gzip.NewReader(bytes.NewReader(raw))
	io.Copy(&plain, zr)
	// Where each record starts in the inflated stream: no block holds a
	// version line.
	var starts []int64
	for i, p := 0, plain.Bytes(); ; {
		j := bytes.Index(p[i:], []byte("WARC/1.0\r\n"))
		if j < 0 {
			break
		}
		starts = append(starts, int64(i+j))
		i += j + 1
	}
	if len(starts) != len(offs) {
		t.Fatalf("%d version lines in %d members", len(starts), len(offs))
	}
	for i := range offs {
		rec, err := r.Next()
		if err != nil {
			t.Fatal(err)
		}
		if rec.Offset != offs[i] || rec.Inflated {
			t.Fatalf("record %d at %d (inflated %v), want %d", i+1, rec.Offset, rec.Inflated, offs[i])
		}
	}
	// Gzipped whole, the first record is at byte 0 of the file and the
	// others at their place in the inflated stream.
	r = NewReader(bytes.NewReader(gz(plain.Bytes())), ReaderOptions{})
	for i := range offs {
		rec, err := r.Next()
		if err != nil {
			t.Fatal(err)
		}
		if rec.Offset != starts[i] || rec.Inflated != (i > 0) {
			t.Fatalf("whole-gzip record %d at %d (inflated %v), want %d", i+1, rec.Offset, rec.Inflated, starts[i])
		}
	}
}

func TestWARCDate(t *testing.T) {
	tests := []struct{ name, in, want string }{
		{"W3C", "2017-03-06T04:02:06Z", "2017-03-06T04:02:06Z"},
		{"fraction, WARC 1.1", "2017-03-06T04:02:06.123456Z", "2017-03-06T04:02:06Z"},
		{"offset", "2017-03-06T05:02:06+01:00", "2017-03-06T04:02:06Z"},
		{"14 digits", "20080430204825", "2008-04-30T20:48:25Z"},
		{"junk", "yesterday", ""},
		{"empty", "", ""},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			if got := warcDate(tc.in); got != tc.want {
				t.Errorf("warcDate(%q) = %q, want %q", tc.in, got, tc.want)
			}
		})
	}
}

// TestReadError: a file that fails to read (a bad disk, a dropped mount)
// ends the archive with one error after the pages before it, rather than
// an error for every attempt to go on.
func TestReadError(t *testing.T) {
	ok := rec("resource", "text/html", page)
	first := gz([]byte(ok))
	for _, archive := range [][]byte{[]byte(ok + ok), append(first, gz([]byte(ok))...)} {
		cut := len(archive) - 20
		if archive[0] == 0x1f {
			cut = len(first) + 20
		}
		failing := io.MultiReader(bytes.NewReader(archive[:cut]), iotest.ErrReader(errors.New("input/output error")))
		pages, errs, _ := readAll(t, failing, 0)
		if len(pages) != 1 || len(errs) != 1 || !errors.Is(errs[0], ErrRead) || !strings.Contains(errs[0].Error(), "input/output error") {
			t.Errorf("%d pages, errors %v", len(pages), errs)
		}
	}
}

func TestRecordURI(t *testing.T) {
	tests := []struct{ name, id, want string }{
		{"bracketed", "<urn:uuid:6a1d3c2e-5f0b-4c8e-9d7a-2b4e6f8a0c1d>", "urn:uuid:6a1d3c2e-5f0b-4c8e-9d7a-2b4e6f8a0c1d"},
		{"bare", "urn:uuid:6a1d3c2e-5f0b-4c8e-9d7a-2b4e6f8a0c1d", "urn:uuid:6a1d3c2e-5f0b-4c8e-9d7a-2b4e6f8a0c1d"},
		{"spaces", "  <urn:x:1> ", "urn:x:1"},
		{"none", "", ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := RecordURI(tt.id); got != tt.want {
				t.Errorf("RecordURI(%q) = %q, want %q", tt.id, got, tt.want)
			}
		})
	}
}
