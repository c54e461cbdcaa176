package warc

import (
	"bufio"
	"bytes"
	"compress/gzip"
	"errors"
	"fmt"
	"io"
	"net/textproto"
	"strconv"
	"strings"
)

// Sentinel reasons a record cannot be read, for errors.Is on an *Error.
var (
	ErrTruncated = errors.New("the archive ends inside a record")
	ErrMalformed = errors.New("malformed record")
	ErrCorrupt   = errors.New("corrupt gzip data")
	ErrTooLarge  = errors.New("record over the size limit")
	ErrRead      = errors.New("the file cannot be read")
)

// Error is a problem with one record of an archive: its number (1-based,
// counting every record before it) and where it starts (see
// Record.Offset). Reading can go on after an *Error.
type Error struct {
	Record   int
	Offset   int64
	Inflated bool   // Offset counts inflated bytes (see Record.Inflated)
	Err      error  // one of the sentinels above
	Detail   string // what exactly, for a person
}

func (e *Error) Error() string {
	of := ""
	if e.Inflated {
		of = " of the inflated archive"
	}
	s := fmt.Sprintf("record %d at byte %d%s: %v", e.Record, e.Offset, of, e.Err)
	if e.Detail != "" {
		s += ": " + e.Detail
	}
	return s
}

// Unwrap lets errors.Is find the sentinel.
func (e *Error) Unwrap() error { return e.Err }

// Record is one WARC record: its version line, named fields and block.
type Record struct {
	Number int // 1-based position in the file
	// Offset is where the record starts in the file: in a compressed
	// file, the offset of its gzip member, as an index such as CDX gives
	// it; but when its member holds records before it (a whole file
	// gzipped as one stream), its offset in the inflated stream, with
	// Inflated set.
	Offset   int64
	Inflated bool
	Version  string // "WARC/1.0"
	Header   textproto.MIMEHeader
	Length   int64  // the block's length (Content-Length)
	Block    []byte // the block, when it was read (see ReaderOptions.Want); nil otherwise
}

// Type is the record's WARC-Type, in lower case.
func (r *Record) Type() string { return strings.ToLower(r.Header.Get("WARC-Type")) }

// ID is the record's WARC-Record-ID as a bare URI (see RecordURI); "" if
// it has none.
func (r *Record) ID() string { return RecordURI(r.Header.Get("WARC-Record-ID")) }

// RecordURI is a WARC-Record-ID as a bare URI, "urn:uuid:…": WARC writes
// the ID between angle brackets (WARC 1.1, 5.2; WARC 1.0 and earlier
// archives often leave them out), which an article's provenance and a
// URL do better without. Matching a stored ID against an archive goes
// through it on both sides.
func RecordURI(id string) string {
	return strings.TrimSpace(strings.TrimSuffix(strings.TrimPrefix(strings.TrimSpace(id), "<"), ">"))
}

// ReaderOptions tune a Reader.
type ReaderOptions struct {
	// MaxBlock is the largest block read into memory; a larger one is
	// skipped without being held, and Next reports it with ErrTooLarge.
	// Default 20 MB.
	MaxBlock int64
	// Want tells, from its header, whether a record's block is needed;
	// the blocks of other records are skipped as they stream by. Nil
	// wants every block.
	Want func(*Record) bool
}

// maxHeader bounds a record's header: real ones are under 2 KB.
const maxHeader = 256 << 10

// Reader reads the records of a WARC file, plain or gzip-compressed (a
// member per record, as archives are written, or the whole file as one
// stream), one at a time without holding more than one block.
//
// It is tolerant the way a reader of real archives must be: versions
// 0.17 to 1.1, LF line ends, blank lines between records, and after a
// malformed record or a corrupt gzip member it resumes at the next record
// it can find.
type Reader struct {
	opt     ReaderOptions
	s       *stream
	lr      *bufio.Reader
	n       int    // records started
	cur     int    // the record being read, 0 before its version line
	resync  bool   // after an error: skip to the next version line
	done    bool   // no more records can be had
	line    []byte // a version line found while skipping junk
	linePos int64  // where it starts
}

// NewReader returns a Reader of the archive r.
func NewReader(r io.Reader, opt ReaderOptions) *Reader {
	if opt.MaxBlock <= 0 {
		opt.MaxBlock = 20 << 20
	}
	src := &countingReader{r: r}
	br := bufio.NewReaderSize(src, 64<<10)
	magic, _ := br.Peek(2)
	s := &stream{src: src, br: br, gz: len(magic) == 2 && magic[0] == 0x1f && magic[1] == 0x8b}
	return &Reader{opt: opt, s: s, lr: bufio.NewReaderSize(s, 64<<10)}
}

// Next returns the next record. At the end it returns io.EOF. A record
// that cannot be read gives an *Error (with the record, if its header
// could be read), and the following call goes on after it.
func (r *Reader) Next() (*Record, error) {
	if r.done {
		return nil, io.EOF
	}
	r.cur = 0
	r.s.forget(r.pos())
	line, start, err := r.versionLine()
	if err != nil {
		return nil, r.fail(start, err)
	}
	r.n++
	r.cur = r.n
	rec := &Record{Number: r.n, Version: string(line)}
	rec.Offset, rec.Inflated = r.s.fileOffset(start)
	if err := r.readHeader(rec); err != nil {
		return nil, r.fail(start, err)
	}
	cl := rec.Header.Get("Content-Length")
	n, perr := strconv.ParseInt(strings.TrimSpace(cl), 10, 64)
	if perr != nil || n < 0 {
		return nil, r.fail(start, &Error{Err: ErrMalformed, Detail: fmt.Sprintf("Content-Length %q is not a length", cl)})
	}
	rec.Length = n
	want := r.opt.Want == nil || r.opt.Want(rec)
	var tooLarge bool
	if want && n > r.opt.MaxBlock {
		want, tooLarge = false, true
	}
	if want {
		rec.Block = make([]byte, n)
		got, err := io.ReadFull(r.lr, rec.Block)
		if err != nil {
			return rec, r.fail(start, r.shortBlock(err, int64(got), n))
		}
	} else {
		got, err := io.CopyN(io.Discard, r.lr, n)
		if err != nil {
			return rec, r.fail(start, r.shortBlock(err, got, n))
		}
	}
	if tooLarge {
		return rec, r.errorAt(start, &Error{Err: ErrTooLarge, Detail: fmt.Sprintf("its block is %d bytes, the limit is %d", n, r.opt.MaxBlock)})
	}
	return rec, nil
}

// Records counts the records started so far.
func (r *Reader) Records() int { return r.n }

// pos is the position in the uncompressed stream of the next byte the
// record parser will see.
func (r *Reader) pos() int64 { return r.s.pos - int64(r.lr.Buffered()) }

// shortBlock explains a block that ended early.
func (r *Reader) shortBlock(err error, got, want int64) error {
	if errors.Is(err, io.EOF) || errors.Is(err, io.ErrUnexpectedEOF) {
		r.done = true
		return &Error{Err: ErrTruncated, Detail: fmt.Sprintf("its block has %d of its %d bytes", got, want)}
	}
	return err
}

// versionLine skips blank lines and returns the record's first line,
// "WARC/1.0", and where it starts in the stream. After an error it first
// skips to the next line that opens a record.
func (r *Reader) versionLine() (line []byte, start int64, err error) {
	if r.line != nil {
		l := r.line
		r.line = nil
		return l, r.linePos, nil
	}
	skipped := int64(0)
	junkStart := int64(-1)
	for {
		at := r.pos()
		l, err := r.readLine()
		if errors.Is(err, errLongLine) {
			l, err = []byte("x"), nil // a long line is junk like any other
		}
		if err != nil {
			switch {
			case errors.Is(err, io.ErrUnexpectedEOF):
				r.done = true
				return nil, at, &Error{Err: ErrTruncated, Detail: "it ends inside a gzip member"}
			case errors.Is(err, io.EOF) && (skipped == 0 || r.resync):
				r.done = true
				return nil, at, io.EOF
			case errors.Is(err, io.EOF) && r.n == 0:
				r.done = true
				return nil, junkStart, &Error{Err: ErrMalformed, Detail: fmt.Sprintf("none of its %d bytes is a WARC record", skipped)}
			case errors.Is(err, io.EOF):
				r.done = true
				return nil, junkStart, &Error{Err: ErrMalformed, Detail: fmt.Sprintf("%d bytes after the last record are not a record", skipped)}
			}
			return nil, at, err
		}
		t := bytes.TrimSpace(l)
		if bytes.HasPrefix(t, []byte("WARC/")) {
			if skipped > 0 && !r.resync {
				// Junk where a record should start: report it, and read
				// the record found after it on the next call.
				r.line, r.linePos = bytes.Clone(t), at
				return nil, junkStart, &Error{Err: ErrMalformed, Detail: fmt.Sprintf("%d bytes that are not a record before the next one", skipped)}
			}
			r.resync = false
			return bytes.Clone(t), at, nil
		}
		if len(t) > 0 || r.resync {
			if junkStart < 0 {
				junkStart = at
			}
			skipped += int64(len(l))
		}
	}
}

// readHeader reads the named fields up to the blank line.
func (r *Reader) readHeader(rec *Record) error {
	rec.Header = textproto.MIMEHeader{}
	size, last := 0, ""
	for {
		l, err := r.readLine()
		if err != nil {
			if errors.Is(err, io.EOF) || errors.Is(err, io.ErrUnexpectedEOF) {
				r.done = true
				return &Error{Err: ErrTruncated, Detail: "it ends inside the record header"}
			}
			if errors.Is(err, errLongLine) {
				return &Error{Err: ErrMalformed, Detail: fmt.Sprintf("its header is longer than %d bytes", maxHeader)}
			}
			return err
		}
		if !bytes.HasSuffix(l, []byte("\n")) {
			// The file ends inside this line.
			r.done = true
			return &Error{Err: ErrTruncated, Detail: "it ends inside the record header"}
		}
		size += len(l)
		if size > maxHeader {
			return &Error{Err: ErrMalformed, Detail: fmt.Sprintf("its header is longer than %d bytes", maxHeader)}
		}
		l = bytes.TrimRight(l, "\r\n")
		if len(l) == 0 {
			return nil
		}
		if (l[0] == ' ' || l[0] == '\t') && last != "" {
			vs := rec.Header[last]
			vs[len(vs)-1] += " " + string(bytes.TrimSpace(l))
			continue
		}
		name, value, ok := bytes.Cut(l, []byte(":"))
		if !ok || len(bytes.TrimSpace(name)) == 0 {
			return &Error{Err: ErrMalformed, Detail: fmt.Sprintf("header line %q is not a field", truncate(l, 60))}
		}
		last = textproto.CanonicalMIMEHeaderKey(string(bytes.TrimSpace(name)))
		rec.Header.Add(last, string(bytes.TrimSpace(value)))
	}
}

// readLine returns the next line with its line end, at most maxHeader
// bytes of it.
func (r *Reader) readLine() ([]byte, error) {
	var out []byte
	long := false
	for {
		chunk, err := r.lr.ReadSlice('\n')
		if len(out)+len(chunk) <= maxHeader {
			out = append(out, chunk...)
		} else {
			long = true
		}
		switch {
		case errors.Is(err, bufio.ErrBufferFull):
			continue
		case errors.Is(err, io.EOF) && len(out) > 0:
			return out, nil
		case err != nil:
			return nil, err
		case long:
			return nil, errLongLine
		}
		return out, nil
	}
}

// errLongLine is a line longer than a header may be; it was skipped.
var errLongLine = errors.New("line too long")

// fail completes err into an *Error about the record starting at start
// and arranges for the next call to resume after it.
func (r *Reader) fail(start int64, err error) error {
	if errors.Is(err, io.EOF) {
		return io.EOF
	}
	r.resync = true
	var ce *corruptError
	if errors.As(err, &ce) {
		// The gzip stream broke: find the next member and start over
		// there, with the parser's buffer emptied.
		err = &Error{Err: ErrCorrupt, Detail: ce.Error()}
		if r.cur == 0 {
			// The broken member held a record whose first line was
			// never seen: count it, so later records keep their numbers.
			r.n++
			r.cur = r.n
		}
		if !r.s.skipMember() {
			r.done = true
		}
		r.lr.Reset(r.s)
	} else if e := (*Error)(nil); !errors.As(err, &e) {
		// Not the archive's fault but the file's: it cannot be read on.
		r.done = true
		err = &Error{Err: ErrRead, Detail: err.Error()}
	}
	return r.errorAt(start, err)
}

// errorAt fills in the record number and offset of an *Error.
func (r *Reader) errorAt(start int64, err error) error {
	var e *Error
	if !errors.As(err, &e) {
		e = &Error{Err: ErrMalformed, Detail: err.Error()}
	}
	e.Record = r.cur
	if e.Record == 0 {
		e.Record = r.n + 1
	}
	e.Offset, e.Inflated = r.s.fileOffset(start)
	return e
}

func truncate(b []byte, n int) string {
	if len(b) > n {
		return string(b[:n]) + "…"
	}
	return string(b)
}

// countingReader counts the bytes read from the file and keeps the
// error that stopped it, if not the end, so that a failing file is told
// from a corrupt gzip stream.
type countingReader struct {
	r   io.Reader
	n   int64
	err error
}

func (c *countingReader) Read(p []byte) (int, error) {
	n, err := c.r.Read(p)
	c.n += int64(n)
	if err != nil && !errors.Is(err, io.EOF) {
		c.err = err
	}
	return n, err
}

// corruptError is a gzip member that cannot be inflated.
type corruptError struct {
	offset int64 // of the member in the file
	err    error
}

func (e *corruptError) Error() string {
	return fmt.Sprintf("the gzip member at byte %d cannot be inflated: %v", e.offset, e.err)
}

// stream is the archive's uncompressed bytes. A compressed file is read
// one gzip member at a time, noting where each starts in the file and in
// the stream, so that a record is named by its member's offset and
// reading can resume at the next member after a corrupt one.
type stream struct {
	src   *countingReader
	br    *bufio.Reader // over src; gzip reads it byte-exact, so member ends are known
	gz    bool
	zr    *gzip.Reader
	inMem bool  // a member is open
	pos   int64 // uncompressed bytes handed out
	spans []span
	err   error
}

// span says that the stream from pos on came from the member at offset.
type span struct{ pos, offset int64 }

// offset is the file offset of the next byte of br.
func (s *stream) offset() int64 { return s.src.n - int64(s.br.Buffered()) }

func (s *stream) Read(p []byte) (int, error) {
	if !s.gz {
		n, err := s.br.Read(p)
		s.pos += int64(n)
		return n, err
	}
	if s.err != nil {
		return 0, s.err
	}
	for {
		if !s.inMem {
			if _, err := s.br.Peek(1); err != nil {
				return 0, err
			}
			off := s.offset()
			var err error
			if s.zr == nil {
				s.zr, err = gzip.NewReader(s.br)
			} else {
				err = s.zr.Reset(s.br)
			}
			if err != nil {
				s.err = &corruptError{off, err}
				if s.src.err != nil {
					s.err = s.src.err
				}
				return 0, s.err
			}
			s.zr.Multistream(false)
			s.inMem = true
			s.spans = append(s.spans, span{s.pos, off})
		}
		n, err := s.zr.Read(p)
		s.pos += int64(n)
		if errors.Is(err, io.EOF) {
			s.inMem = false
			if n > 0 {
				return n, nil
			}
			continue
		}
		if err != nil {
			s.err = &corruptError{s.spans[len(s.spans)-1].offset, err}
			if s.src.err != nil {
				s.err = s.src.err // the file failed, not the data
			}
			if errors.Is(err, io.ErrUnexpectedEOF) {
				// The file ends inside a member: that is truncation, not
				// corruption, and nothing follows to resume at.
				s.err = io.ErrUnexpectedEOF
			}
			if n > 0 {
				return n, nil
			}
			return 0, s.err
		}
		return n, nil
	}
}

// fileOffset is where the record whose first byte is the stream's byte
// at pos starts: pos itself in a plain file; in a compressed one the
// offset of its member, or pos with inflated set when the member began
// before the record.
func (s *stream) fileOffset(pos int64) (off int64, inflated bool) {
	if !s.gz {
		return pos, false
	}
	var sp span
	for _, x := range s.spans {
		if x.pos > pos {
			break
		}
		sp = x
	}
	if sp.pos < pos {
		return pos, true
	}
	return sp.offset, false
}

// forget drops the spans of members that end before pos: no record
// still to be read starts in them.
func (s *stream) forget(pos int64) {
	i := 0
	for i+1 < len(s.spans) && s.spans[i+1].pos <= pos {
		i++
	}
	if i > 0 {
		s.spans = append(s.spans[:0], s.spans[i:]...)
	}
}

// skipMember moves past a corrupt member to the next gzip header in the
// file; it reports whether there is one.
func (s *stream) skipMember() bool {
	if !s.gz {
		return false
	}
	var ce *corruptError
	if !errors.As(s.err, &ce) {
		return false
	}
	start := ce.offset
	s.err, s.inMem = nil, false
	// Bytes of the bad member may still be buffered or partly read:
	// search from just after its header.
	if cur := s.offset(); cur <= start {
		s.br.Discard(int(start - cur + 1))
	}
	magic := []byte{0x1f, 0x8b, 0x08}
	for {
		buf, err := s.br.Peek(s.br.Size())
		if len(buf) == 0 && err != nil {
			return false
		}
		if i := bytes.Index(buf, magic); i >= 0 {
			s.br.Discard(i)
			return true
		}
		if err != nil {
			return false
		}
		s.br.Discard(len(buf) - len(magic) + 1)
	}
}
