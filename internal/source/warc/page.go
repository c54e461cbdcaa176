package warc

import (
	"bufio"
	"bytes"
	"compress/flate"
	"compress/gzip"
	"compress/zlib"
	"errors"
	"fmt"
	"io"
	"mime"
	"net/http"
	"net/http/httputil"
	"net/textproto"
	"slices"
	"strconv"
	"strings"
	"time"
)

// Page is an HTML page an archive holds: the payload of a response
// record (HTTP status 2xx) or of a resource record, de-chunked and
// decompressed, still in the bytes the server sent.
type Page struct {
	URL     string // WARC-Target-URI
	Fetched string // WARC-Date, RFC 3339 in UTC; "" if the record has none that parses
	Record  int    // the record's number in the file, 1-based
	ID      string // the record's WARC-Record-ID as a bare URI (RecordURI); "" if it has none
	Offset  int64  // the record's offset (see Record.Offset)
	// Inflated says Offset counts inflated bytes (see Record.Inflated).
	Inflated bool
	Status   int    // HTTP status; 200 for a resource record
	Charset  string // the charset the HTTP Content-Type names, if any
	Body     []byte
}

// ErrEncoding is a page whose payload cannot be decoded: a chunked or
// compressed body that is broken, or a compression this package does not
// read.
var ErrEncoding = errors.New("page cannot be decoded")

// PageReader reads the HTML pages of an archive, skipping every other
// record (requests, metadata, revisits, warcinfo, DNS answers, images,
// style sheets, non-2xx responses) and counting what it skipped.
type PageReader struct {
	r       *Reader
	max     int64
	skipped map[string]int
}

// NewPageReader returns a PageReader of the archive r. maxBytes bounds a
// record's block and a page after decompression (20 MB when <= 0).
func NewPageReader(r io.Reader, maxBytes int64) *PageReader {
	if maxBytes <= 0 {
		maxBytes = 20 << 20
	}
	p := &PageReader{max: maxBytes, skipped: map[string]int{}}
	p.r = NewReader(r, ReaderOptions{MaxBlock: maxBytes, Want: p.want})
	return p
}

// Skipped counts the records passed over, by reason: their WARC-Type
// ("request", "metadata"…), or for responses and resources what they
// hold ("image/png", "dns", "status 404").
func (p *PageReader) Skipped() map[string]int { return p.skipped }

// Records counts the records read so far.
func (p *PageReader) Records() int { return p.r.Records() }

// want keeps the blocks of responses and resources, which may be pages;
// every other record type is counted and skipped unread.
func (p *PageReader) want(rec *Record) bool {
	switch t := rec.Type(); t {
	case "response", "resource":
		return true
	case "":
		p.skipped["no WARC-Type"]++
	default:
		p.skipped[t]++
	}
	return false
}

// Next returns the next page. At the end it returns io.EOF; a record
// that cannot be read gives an *Error, and the next call goes on.
func (p *PageReader) Next() (Page, error) {
	for {
		rec, err := p.r.Next()
		if err != nil {
			return Page{}, err
		}
		if rec.Block == nil {
			continue // skipped and counted by want
		}
		page, why, err := p.page(rec)
		if err != nil {
			return Page{}, &Error{Record: rec.Number, Offset: rec.Offset, Inflated: rec.Inflated, Err: ErrEncoding, Detail: err.Error()}
		}
		if why != "" {
			p.skipped[why]++
			continue
		}
		return page, nil
	}
}

// page makes the page of a response or resource record; why says what
// the record is instead when it holds no HTML page.
func (p *PageReader) page(rec *Record) (page Page, why string, err error) {
	page = Page{
		URL:      strings.Trim(strings.TrimSpace(rec.Header.Get("WARC-Target-URI")), "<>"),
		Record:   rec.Number,
		ID:       rec.ID(),
		Offset:   rec.Offset,
		Inflated: rec.Inflated,
		Status:   http.StatusOK,
	}
	page.Fetched = warcDate(rec.Header.Get("WARC-Date"))
	recType, _, _ := mime.ParseMediaType(rec.Header.Get("Content-Type"))
	var ctype string
	body := rec.Block
	if rec.Type() == "response" {
		if recType != "application/http" && !bytes.HasPrefix(body, []byte("HTTP/")) {
			if recType == "" {
				return page, "response: not HTTP", nil
			}
			return page, strings.TrimPrefix(recType, "text/"), nil // text/dns → "dns"
		}
		resp, payload, err := parseHTTP(body)
		if err != nil {
			return page, "", err
		}
		page.Status = resp.code
		if resp.code < 200 || resp.code > 299 {
			return page, "status " + strconv.Itoa(resp.code), nil
		}
		if body, err = decodePayload(resp.header, payload, p.max); err != nil {
			return page, "", err
		}
		ctype = resp.header.Get("Content-Type")
	} else {
		ctype = rec.Header.Get("Content-Type")
	}
	media, params, _ := mime.ParseMediaType(ctype)
	page.Charset = params["charset"]
	if media == "" || media == "application/octet-stream" || media == "text/plain" {
		// No type, or one too vague to trust: look at the bytes, as a
		// browser does.
		media, _, _ = mime.ParseMediaType(http.DetectContentType(body))
	}
	if media != "text/html" && media != "application/xhtml+xml" {
		if media == "" {
			media = "no content type"
		}
		return page, media, nil
	}
	if len(bytes.TrimSpace(body)) == 0 {
		return page, "empty page", nil
	}
	page.Body = body
	return page, "", nil
}

// httpResponse is the head of an archived HTTP response.
type httpResponse struct {
	code   int
	header http.Header
}

// parseHTTP splits an archived HTTP response into its head and payload.
// The payload is the rest of the block whatever Content-Length says:
// crawlers store what they received, and a header that disagrees (a
// body stored decompressed, a capped download) must not cut it.
func parseHTTP(block []byte) (httpResponse, []byte, error) {
	src := bytes.NewReader(block)
	br := bufio.NewReader(src)
	tp := textproto.NewReader(br)
	status, err := tp.ReadLine()
	if err != nil {
		return httpResponse{}, nil, fmt.Errorf("no HTTP status line: %w", err)
	}
	proto, rest, _ := strings.Cut(status, " ")
	code, _, _ := strings.Cut(strings.TrimSpace(rest), " ")
	n, err := strconv.Atoi(code)
	if !strings.HasPrefix(proto, "HTTP/") || err != nil || n < 100 || n > 999 {
		return httpResponse{}, nil, fmt.Errorf("HTTP status line %q does not parse", truncate([]byte(status), 60))
	}
	hdr, err := tp.ReadMIMEHeader()
	if err != nil && len(hdr) == 0 && !errors.Is(err, io.EOF) {
		return httpResponse{}, nil, fmt.Errorf("HTTP header: %w", err)
	}
	head := len(block) - src.Len() - br.Buffered()
	return httpResponse{code: n, header: http.Header(hdr)}, block[head:], nil
}

// decodePayload undoes the transfer and content codings of an HTTP
// payload: chunked, then gzip, deflate. A payload that says it is chunked
// but is not (crawlers often store it de-chunked with the header left in)
// is taken as it is; one that says gzip but does not start with gzip's
// magic bytes likewise. Brotli is refused with a reason: no module this
// project already depends on reads it.
func decodePayload(h http.Header, payload []byte, limit int64) ([]byte, error) {
	if slices.ContainsFunc(h.Values("Transfer-Encoding"), func(v string) bool {
		return strings.Contains(strings.ToLower(v), "chunked")
	}) {
		// A chunked body cut short keeps the chunks it has.
		b, _ := io.ReadAll(io.LimitReader(httputil.NewChunkedReader(bytes.NewReader(payload)), limit+1))
		if int64(len(b)) > limit {
			return nil, fmt.Errorf("its chunked body is longer than %d bytes", limit)
		}
		if len(b) > 0 {
			payload = b
		}
	}
	var codings []string
	for _, v := range h.Values("Content-Encoding") {
		for c := range strings.SplitSeq(v, ",") {
			if c = strings.ToLower(strings.TrimSpace(c)); c != "" && c != "identity" {
				codings = append(codings, c)
			}
		}
	}
	// Codings are listed in the order they were applied: undo the last first.
	for _, c := range slices.Backward(codings) {
		var (
			r   io.Reader
			err error
		)
		switch c {
		case "gzip", "x-gzip":
			if len(payload) < 2 || payload[0] != 0x1f || payload[1] != 0x8b {
				continue
			}
			r, err = gzip.NewReader(bytes.NewReader(payload))
		case "deflate":
			// HTTP's deflate is zlib, but servers send raw deflate too.
			if r, err = zlib.NewReader(bytes.NewReader(payload)); err != nil {
				r, err = flate.NewReader(bytes.NewReader(payload)), nil
			}
		case "br":
			return nil, errors.New("it is Brotli-compressed (Content-Encoding: br), which is not read")
		default:
			return nil, fmt.Errorf("unknown Content-Encoding %q", c)
		}
		if err != nil {
			return nil, fmt.Errorf("%s body: %w", c, err)
		}
		b, err := io.ReadAll(io.LimitReader(r, limit+1))
		if int64(len(b)) > limit {
			return nil, fmt.Errorf("%s body inflates past %d bytes", c, limit)
		}
		if err != nil {
			return nil, fmt.Errorf("%s body: %w", c, err)
		}
		payload = b
	}
	return payload, nil
}

// warcDate is a WARC-Date as RFC 3339 in UTC, "" when it does not parse.
// Besides the standard's W3C form, the 14-digit timestamps of ARC files
// and early WARC drafts (20080430204825) are read.
func warcDate(v string) string {
	v = strings.TrimSpace(v)
	for _, layout := range []string{time.RFC3339Nano, "20060102150405"} {
		if t, err := time.Parse(layout, v); err == nil {
			return t.UTC().Format(time.RFC3339)
		}
	}
	return ""
}
