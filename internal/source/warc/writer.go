package warc

import (
	"bytes"
	"compress/gzip"
	"crypto/sha1"
	"encoding/base32"
	"errors"
	"fmt"
	"io/fs"
	"net/http"
	"net/url"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/google/uuid"
)

// DefaultMaxFileBytes is the size past which a Writer starts a new file
// when NewWriter is given no limit: 1 GB, the size the WARC standard's
// annex recommends and Heritrix and wget use.
const DefaultMaxFileBytes = 1 << 30

// Software names the writer in each file's warcinfo record.
const Software = "Storyline (github.com/storyline-news/storyline)"

// Writer keeps HTTP exchanges in rotating gzip-compressed WARC 1.0 files
// in one folder, named storyline-YYYYMMDDhhmmss-NNNNN.warc.gz (UTC time
// of the file's creation, then a serial number). Each file opens with a
// warcinfo record; each exchange is a request record and a response
// record written one after the other, each its own gzip member, so that
// an index can point at any record and a reader can resume after a
// damaged one. A Writer is safe for concurrent use: the records are built
// and compressed by the calling goroutine and only appended under a lock.
type Writer struct {
	dir      string
	maxBytes int64

	mu     sync.Mutex
	f      *os.File
	name   string // path of the open file
	size   int64  // bytes written to it
	serial int    // of the next file
	closed bool
	now    func() time.Time // for tests
}

// NewWriter returns a Writer that keeps its files in dir (made if
// missing) and starts a new file once the current one passes maxBytes
// (DefaultMaxFileBytes when maxBytes <= 0). The first file is opened at
// once, so that a folder that cannot be written to is reported here.
func NewWriter(dir string, maxBytes int64) (*Writer, error) {
	if maxBytes <= 0 {
		maxBytes = DefaultMaxFileBytes
	}
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return nil, fmt.Errorf("warc: archive folder %s: %w", dir, err)
	}
	w := &Writer{dir: dir, maxBytes: maxBytes, now: time.Now}
	w.mu.Lock()
	defer w.mu.Unlock()
	if err := w.open(); err != nil {
		return nil, err
	}
	return w, nil
}

// ErrClosed is returned by a Writer used after Close.
var ErrClosed = errors.New("warc: writer is closed")

// WriteResponse archives one HTTP exchange: a request record (GET of url
// with reqHeader) and a response record whose block is the HTTP/1.1
// status line, respHeader and body, linked by WARC-Concurrent-To. fetched
// is the WARC-Date of both (now, when zero); url must be absolute. body is the payload as the client delivered
// it, so a Transfer-Encoding header in respHeader (which Go's client has
// already undone) is not written; every other header is kept as sent.
//
// It returns the path of the file the records went to and the response
// record's WARC-Record-ID ("<urn:uuid:…>"), which together name the
// bytes an article came from.
func (w *Writer) WriteResponse(url string, fetched time.Time, reqHeader http.Header, status int, respHeader http.Header, body []byte) (file string, recordID string, err error) {
	reqID, err := newRecordID()
	if err != nil {
		return "", "", err
	}
	respID, err := newRecordID()
	if err != nil {
		return "", "", err
	}
	if fetched.IsZero() {
		fetched = w.now()
	}
	date := fetched.UTC().Format(time.RFC3339)

	var head bytes.Buffer
	writeStatusLine(&head, status)
	hdr := respHeader.Clone()
	hdr.Del("Transfer-Encoding")
	if err := hdr.Write(&head); err != nil {
		return "", "", fmt.Errorf("warc: response header of %s: %w", url, err)
	}
	head.WriteString("\r\n")
	resp, err := member(recordHeader{
		typ:         "response",
		id:          respID,
		date:        date,
		target:      url,
		concurrent:  reqID,
		contentType: "application/http; msgtype=response",
		payload:     body,
	}, head.Bytes(), body)
	if err != nil {
		return "", "", err
	}

	reqBlock, err := requestBlock(url, reqHeader)
	if err != nil {
		return "", "", err
	}
	req, err := member(recordHeader{
		typ:         "request",
		id:          reqID,
		date:        date,
		target:      url,
		concurrent:  respID,
		contentType: "application/http; msgtype=request",
	}, reqBlock, nil)
	if err != nil {
		return "", "", err
	}

	w.mu.Lock()
	defer w.mu.Unlock()
	if w.closed {
		return "", "", ErrClosed
	}
	if w.f == nil {
		if err := w.open(); err != nil {
			return "", "", err
		}
	}
	file = w.name
	for _, m := range [][]byte{req, resp} {
		if err := w.append(m); err != nil {
			// What was written of the pair may end in a partial member:
			// leave that file to readers, who resume past a damaged
			// member, and start the next exchange in a new one.
			w.closeFile()
			return "", "", err
		}
	}
	if w.size >= w.maxBytes {
		if err := w.closeFile(); err != nil {
			return "", "", err
		}
	}
	return file, respID, nil
}

// Close closes the open file. Writing after Close fails with ErrClosed.
func (w *Writer) Close() error {
	w.mu.Lock()
	defer w.mu.Unlock()
	if w.closed {
		return nil
	}
	w.closed = true
	return w.closeFile()
}

// open starts the next file and writes its warcinfo record; w.mu is held.
func (w *Writer) open() error {
	for tries := 0; ; tries++ {
		created := w.now()
		name := fmt.Sprintf("storyline-%s-%05d.warc.gz", created.UTC().Format("20060102150405"), w.serial)
		w.serial++
		path := filepath.Join(w.dir, name)
		f, err := os.OpenFile(path, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o644)
		if errors.Is(err, fs.ErrExist) && tries < 1000 {
			continue // another writer made this name in the same second
		}
		if err != nil {
			return fmt.Errorf("warc: create %s: %w", path, err)
		}
		w.f, w.name, w.size = f, path, 0
		info, err := warcinfo(name, created)
		if err == nil {
			err = w.append(info)
		}
		if err != nil {
			w.closeFile()
			return err
		}
		return nil
	}
}

// append writes one gzip member to the open file; w.mu is held.
func (w *Writer) append(b []byte) error {
	n, err := w.f.Write(b)
	w.size += int64(n)
	if err != nil {
		return fmt.Errorf("warc: write %s: %w", w.name, err)
	}
	return nil
}

// closeFile closes the open file, if any; w.mu is held.
func (w *Writer) closeFile() error {
	if w.f == nil {
		return nil
	}
	err := w.f.Close()
	w.f = nil
	if err != nil {
		return fmt.Errorf("warc: close %s: %w", w.name, err)
	}
	return nil
}

// recordHeader holds the named fields of a record the writer makes.
type recordHeader struct {
	typ, id, date, target, concurrent, contentType, filename string
	payload                                                  []byte // the HTTP payload, for WARC-Payload-Digest; nil for none
}

// member returns one record (its header, then the block made of head and
// tail, then the closing CRLF CRLF) as a gzip member.
func member(h recordHeader, head, tail []byte) ([]byte, error) {
	var hb bytes.Buffer
	hb.WriteString("WARC/1.0\r\n")
	field := func(name, value string) {
		if value != "" {
			hb.WriteString(name)
			hb.WriteString(": ")
			hb.WriteString(value)
			hb.WriteString("\r\n")
		}
	}
	field("WARC-Type", h.typ)
	field("WARC-Record-ID", h.id)
	field("WARC-Date", h.date)
	field("WARC-Filename", h.filename)
	field("WARC-Target-URI", h.target)
	field("WARC-Concurrent-To", h.concurrent)
	field("Content-Type", h.contentType)
	field("WARC-Block-Digest", digest(head, tail))
	if h.payload != nil {
		field("WARC-Payload-Digest", digest(h.payload))
	}
	field("Content-Length", strconv.Itoa(len(head)+len(tail)))
	hb.WriteString("\r\n")

	var out bytes.Buffer
	zw := gzipWriters.Get().(*gzip.Writer)
	defer gzipWriters.Put(zw)
	zw.Reset(&out)
	for _, part := range [][]byte{hb.Bytes(), head, tail, []byte("\r\n\r\n")} {
		if _, err := zw.Write(part); err != nil {
			return nil, err
		}
	}
	if err := zw.Close(); err != nil {
		return nil, err
	}
	return out.Bytes(), nil
}

// gzipWriters are reused across members: a gzip.Writer's compressor is
// some 800 KB, and allocating one per record made the writer allocate
// 1.7 MB an exchange (BenchmarkWriteResponse), 0.1 MB with the pool; the
// time, which compressing dominates, is the same.
var gzipWriters = sync.Pool{New: func() any { return gzip.NewWriter(nil) }}

// digest is the SHA-1 of the parts, as "sha1:" and base32, the form the
// WARC standard's examples and every common tool use.
func digest(parts ...[]byte) string {
	h := sha1.New()
	for _, p := range parts {
		h.Write(p)
	}
	return "sha1:" + base32.StdEncoding.EncodeToString(h.Sum(nil))
}

func newRecordID() (string, error) {
	u, err := uuid.NewRandom()
	if err != nil {
		return "", fmt.Errorf("warc: record id: %w", err)
	}
	return "<urn:uuid:" + u.String() + ">", nil
}

// writeStatusLine writes "HTTP/1.1 200 OK\r\n".
func writeStatusLine(b *bytes.Buffer, status int) {
	text := http.StatusText(status)
	if text == "" {
		text = "status code " + strconv.Itoa(status)
	}
	fmt.Fprintf(b, "HTTP/1.1 %03d %s\r\n", status, text)
}

// requestBlock is the HTTP/1.1 request a GET of rawURL sends: request
// line, Host, then hdr.
func requestBlock(rawURL string, hdr http.Header) ([]byte, error) {
	u, err := url.Parse(rawURL)
	if err != nil {
		return nil, fmt.Errorf("warc: request of %q: %w", rawURL, err)
	}
	if !u.IsAbs() || u.Host == "" {
		return nil, fmt.Errorf("warc: request of %q: not an absolute URL", rawURL)
	}
	var b bytes.Buffer
	b.WriteString("GET ")
	b.WriteString(u.RequestURI())
	b.WriteString(" HTTP/1.1\r\n")
	h := hdr.Clone()
	if h == nil {
		h = http.Header{}
	}
	if h.Get("Host") == "" && u.Host != "" {
		b.WriteString("Host: " + u.Host + "\r\n")
	}
	if err := h.Write(&b); err != nil {
		return nil, err
	}
	b.WriteString("\r\n")
	return b.Bytes(), nil
}

// warcinfo is the record that opens a file.
func warcinfo(filename string, created time.Time) ([]byte, error) {
	id, err := newRecordID()
	if err != nil {
		return nil, err
	}
	fields := []string{
		"software: " + Software,
		"format: WARC File Format 1.0",
		"conformsTo: http://iipc.github.io/warc-specifications/specifications/warc-format/warc-1.0/",
	}
	block := []byte(strings.Join(fields, "\r\n") + "\r\n")
	return member(recordHeader{
		typ:         "warcinfo",
		id:          id,
		date:        created.UTC().Format(time.RFC3339),
		filename:    filename,
		contentType: "application/warc-fields",
	}, block, nil)
}
