package dir

import (
	"bufio"
	"bytes"
	"compress/gzip"
	"errors"
	"fmt"
	"io"
	"unicode/utf8"

	"github.com/storyline-news/storyline/internal/model"
	"github.com/storyline-news/storyline/internal/source"
)

// A file over the size limit is refused whole unless it is JSON Lines, the
// format exports and streams of any length come in: that is read a line at
// a time, each line bounded by the limit instead of the file, so memory
// stays flat however long the file (streamgen writes hundreds of MB).

// streamFile yields the documents of a file larger than the limit when it
// is JSON Lines (plain or gzip), and ErrTooLarge otherwise; it reports
// whether the consumer wants more.
func (w *walker) streamFile(path string, size int64) bool {
	limit := w.d.opt.MaxBytes
	tooLarge := func() bool {
		return w.yield(model.Document{}, source.Errorf(path, 0, source.ErrTooLarge,
			"%d bytes, the limit is %d (only JSON Lines are read past it, a line at a time)", size, limit))
	}
	f, ok, more := w.open(path)
	if !ok {
		return more
	}
	defer f.Close()
	br := bufio.NewReaderSize(f, 64<<10)
	if magic, _ := br.Peek(2); isGzip(magic) {
		zr, err := gzip.NewReader(br)
		if err != nil {
			return w.yield(model.Document{}, source.Errorf(path, 0, source.ErrTruncated, "bad gzip header: %v", err))
		}
		defer zr.Close()
		br = bufio.NewReaderSize(zr, 64<<10)
	}
	lr := lineReader{r: br, max: limit}
	first, err := lr.next()
	if (err != nil && !errors.Is(err, io.EOF)) || !isJSONLine(first) {
		return tooLarge()
	}
	base := baseName(path)
	n := 1
	for line := first; ; line, err = lr.next() {
		if w.ctx.Err() != nil {
			return false
		}
		switch {
		case errors.Is(err, errLongLine):
			if !w.yield(model.Document{}, source.Errorf(path, n, source.ErrTooLarge, "the line is longer than %d bytes", limit)) {
				return false
			}
		case err != nil && !errors.Is(err, io.EOF):
			reason := source.ErrNotFound
			if errors.Is(err, io.ErrUnexpectedEOF) || errors.Is(err, gzip.ErrChecksum) || errors.Is(err, gzip.ErrHeader) {
				reason = source.ErrTruncated
			}
			return w.yield(model.Document{}, source.Errorf(path, n, reason, "%v", err))
		case len(bytes.TrimSpace(line)) > 0:
			d, lerr := lineDoc(path, base, n, line)
			var ok bool
			if lerr != nil {
				ok = w.yield(model.Document{}, lerr)
			} else {
				ok = w.yield(d, nil)
			}
			if !ok {
				return false
			}
		}
		if errors.Is(err, io.EOF) {
			return true
		}
		n++
	}
}

// isJSONLine reports whether line is one whole JSON object.
func isJSONLine(line []byte) bool {
	line = bytes.TrimSpace(bytes.TrimPrefix(line, []byte{0xEF, 0xBB, 0xBF}))
	if len(line) == 0 || line[0] != '{' {
		return false
	}
	var m map[string]any
	return decodeJSON(string(line), &m) == nil && m != nil
}

// lineDoc makes the document of line n of a JSON Lines file, converting a
// line that is not UTF-8 from the legacy encoding it is in.
func lineDoc(path, base string, n int, line []byte) (model.Document, *source.Error) {
	if n == 1 {
		line = bytes.TrimPrefix(line, []byte{0xEF, 0xBB, 0xBF})
	}
	text := string(line)
	if !utf8.Valid(line) {
		t, _, err := Decode(line)
		if err != nil {
			return model.Document{}, source.Errorf(path, n, source.ErrBinary, "%v", err)
		}
		text = t
	}
	var m map[string]any
	if err := decodeJSON(text, &m); err != nil || m == nil {
		return model.Document{}, source.Errorf(path, n, source.ErrMalformed, "%s", jsonDetail(err))
	}
	d, err := docFrom(m, fmt.Sprintf("%s#%d", path, n), fmt.Sprintf("%s#%d", base, n), n)
	if err != nil {
		err.File = path
		return model.Document{}, err
	}
	return d, nil
}

// errLongLine is a line over the limit; lineReader skips the rest of it.
var errLongLine = errors.New("line too long")

// lineReader reads lines of at most max bytes.
type lineReader struct {
	r   *bufio.Reader
	max int64
	buf []byte
}

// next returns the next line without its newline. At the end it returns
// the last line (maybe empty) with io.EOF; a line over max comes back
// empty with errLongLine, its rest skipped.
func (l *lineReader) next() ([]byte, error) {
	l.buf = l.buf[:0]
	long := false
	for {
		chunk, err := l.r.ReadSlice('\n')
		if !long {
			if int64(len(l.buf)+len(chunk)) > l.max+1 { // +1 for the newline
				long = true
				l.buf = l.buf[:0]
			} else {
				l.buf = append(l.buf, chunk...)
			}
		}
		switch {
		case errors.Is(err, bufio.ErrBufferFull):
			continue
		case err != nil && !errors.Is(err, io.EOF):
			return nil, err
		}
		if long {
			if errors.Is(err, io.EOF) {
				return nil, errors.Join(errLongLine, io.EOF)
			}
			return nil, errLongLine
		}
		line := bytes.TrimRight(l.buf, "\r\n")
		return line, err
	}
}
