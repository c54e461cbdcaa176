package dir

import (
	"bytes"
	"compress/gzip"
	"crypto/sha1"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"maps"
	"net/url"
	"path/filepath"
	"slices"
	"strings"

	"github.com/storyline-news/storyline/internal/model"
	"github.com/storyline-news/storyline/internal/source"
	"github.com/storyline-news/storyline/internal/source/warc"
)

// A WARC archive (plain or gzip) is recognised by its first bytes, or by
// a .warc or .warc.gz name, and is streamed a record at a time: archives
// run to gigabytes, so the size limit bounds each record, not the file.
// Every HTML page it holds becomes a document that names its archive and
// record (model.Archive: the file's name and the record's WARC-Record-ID);
// the other records are counted in one log line.

// warcMagic reports whether head, the first bytes of a file, open a WARC
// archive: "WARC/" plainly or once inflated.
func warcMagic(head []byte) bool {
	if bytes.HasPrefix(head, []byte("WARC/")) {
		return true
	}
	if !isGzip(head) {
		return false
	}
	zr, err := gzip.NewReader(bytes.NewReader(head))
	if err != nil {
		return false
	}
	b := make([]byte, 5)
	n, _ := io.ReadFull(zr, b)
	return string(b[:n]) == "WARC/"
}

// warcName reports whether path is named as a WARC archive.
func warcName(path string) bool {
	p := strings.ToLower(path)
	return strings.HasSuffix(p, ".warc") || strings.HasSuffix(p, ".warc.gz")
}

// isWARCFile reports whether the file at path opens as a WARC archive.
func isWARCFile(path string) bool {
	f, err := openRegular(path)
	if err != nil {
		return false
	}
	defer f.Close()
	head := make([]byte, 512)
	n, _ := io.ReadFull(f, head)
	return warcMagic(head[:n])
}

// emitWARC yields the documents of the archive at path; it reports
// whether the consumer wants more.
func (w *walker) emitWARC(path string) bool {
	f, ok, more := w.open(path)
	if !ok {
		return more
	}
	defer f.Close()
	return readWARC(path, f, w.d.opt.MaxBytes, func(d model.Document, err error) bool {
		return w.ctx.Err() == nil && w.yield(d, err)
	})
}

// readWARC yields a document for each HTML page of the archive r read
// from path, and an error for each record that cannot be read; it
// reports whether the consumer wants more.
func readWARC(path string, r io.Reader, maxBytes int64, yield func(model.Document, error) bool) bool {
	pr := warc.NewPageReader(r, maxBytes)
	base := baseName(path)
	if path != "-" {
		// The document's Source is the archive's own name, .gz and all.
		base = filepath.Base(path)
	}
	pages, bad := 0, 0
	for {
		p, err := pr.Next()
		if errors.Is(err, io.EOF) {
			break
		}
		if err == nil {
			var d model.Document
			if d, err = pageDoc(path, base, p); err == nil {
				pages++
				if !yield(d, nil) {
					return false
				}
				continue
			}
		}
		bad++
		if !yield(model.Document{}, archiveError(path, err)) {
			return false
		}
	}
	if pages == 0 && bad == 0 {
		if !yield(model.Document{}, source.Errorf(path, 0, source.ErrNoText, "the web archive holds no HTML page (%d records: %s)", pr.Records(), skippedText(pr.Skipped()))) {
			return false
		}
	}
	slog.Info("read web archive", slog.String("file", source.Name(path)), slog.Int("records", pr.Records()),
		slog.Int("pages", pages), slog.Int("unreadable", bad), slog.String("skipped", skippedText(pr.Skipped())))
	return true
}

// skippedText lists the skipped records by reason, "request 7, image/png 1".
func skippedText(m map[string]int) string {
	keys := slices.Sorted(maps.Keys(m))
	parts := make([]string, len(keys))
	for i, k := range keys {
		parts[i] = fmt.Sprintf("%s %d", k, m[k])
	}
	if len(parts) == 0 {
		return "none"
	}
	return strings.Join(parts, ", ")
}

// archiveError names the file and the record of a problem in an archive.
func archiveError(path string, err error) *source.Error {
	var se *source.Error
	if errors.As(err, &se) {
		return se
	}
	reason := source.ErrArchive
	switch {
	case errors.Is(err, warc.ErrTooLarge):
		reason = source.ErrTooLarge
	case errors.Is(err, warc.ErrRead):
		reason = source.ErrNotFound
	}
	return source.Errorf(path, 0, reason, "%v", err)
}

// pageDoc makes the document of an archived page; base is the archive's
// file name. Its ID is made from the URL, so that the same page read again, from this archive or another
// capture, is the same document.
func pageDoc(path, base string, p warc.Page) (model.Document, error) {
	text, _, err := DecodeDeclared(p.Body, p.Charset)
	if err != nil {
		return model.Document{}, source.Errorf(path, 0, source.ErrBinary, "record %d at byte %d (%s): %v", p.Record, p.Offset, p.URL, err)
	}
	if strings.TrimSpace(text) == "" {
		return model.Document{}, source.Errorf(path, 0, source.ErrEmpty, "record %d at byte %d (%s)", p.Record, p.Offset, p.URL)
	}
	d := model.Document{
		ID:      pageID(p.URL, base, p.Record),
		File:    fmt.Sprintf("%s#%d", path, p.Record),
		URL:     p.URL,
		Format:  model.FormatHTML,
		Content: text,
		Source:  base,
		Fetched: p.Fetched,
	}
	// A record without a WARC-Record-ID (a malformed one; the field is
	// mandatory) is still traced by the file's #N.
	if p.ID != "" {
		d.Archive = &model.Archive{File: base, Record: p.ID}
	}
	return d, nil
}

// pageID is "host-" and the first 12 hex digits of the URL's SHA-1; a
// record without a URL is "ARCHIVE#N".
func pageID(rawURL, base string, n int) string {
	u, err := url.Parse(rawURL)
	if err != nil || u.Host == "" {
		return fmt.Sprintf("%s#%d", base, n)
	}
	sum := sha1.Sum([]byte(rawURL))
	return strings.ToLower(u.Hostname()) + "-" + hex.EncodeToString(sum[:6])
}
