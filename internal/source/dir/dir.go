// Package dir reads documents from files, folders (walked recursively) and
// standard input. It decompresses gzip (recognised by its magic bytes, not
// its name), refuses empty, binary and oversized inputs with a reason a
// user understands, converts legacy encodings to UTF-8, and sniffs each
// file's format from its content: JSON, JSON Lines, HTML or plain text.
// A file's name is only a hint, never trusted over its bytes, with one
// exception: a file named .warc or .warc.gz is read as a web archive (as
// is any file whose bytes open one), so that a damaged archive is
// reported record by record rather than as binary (see warc.go).
package dir

import (
	"bytes"
	"compress/gzip"
	"context"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"iter"
	"os"
	"path/filepath"
	"strings"

	"github.com/storyline-news/storyline/internal/model"
	"github.com/storyline-news/storyline/internal/source"
)

// DefaultMaxBytes is the size limit when Options.MaxBytes is not set.
const DefaultMaxBytes = 20 << 20

// Options tune a Dir.
type Options struct {
	// MaxBytes is the largest input accepted, both as stored and after
	// gzip decompression, so that a gzip bomb is refused. Default 20 MB.
	MaxBytes int64
	// Stdin is read for the path "-".
	Stdin io.Reader
}

// Dir is a source over files, folders and standard input named by the
// user.
type Dir struct {
	paths []string
	opt   Options
}

var _ source.Source = (*Dir)(nil)

// New returns a source reading paths in the order given. A folder is walked
// recursively in sorted order, skipping hidden files and folders (names
// starting with a dot, such as .git) inside it; "-" is standard input.
func New(paths []string, opt Options) *Dir {
	if opt.MaxBytes <= 0 {
		opt.MaxBytes = DefaultMaxBytes
	}
	return &Dir{paths: paths, opt: opt}
}

// Documents implements source.Source. Every regular file is a candidate;
// one that is not a document is reported as an *source.Error and the walk
// goes on. Symbolic links are followed, each folder at most once, so a
// link loop ends.
func (d *Dir) Documents(ctx context.Context) iter.Seq2[model.Document, error] {
	return func(yield func(model.Document, error) bool) {
		w := walker{d: d, ctx: ctx, yield: yield, seen: map[string]bool{}}
		stdinRead := false
		for _, p := range d.paths {
			if ctx.Err() != nil {
				return
			}
			if p == "-" {
				if stdinRead {
					continue
				}
				stdinRead = true
				if !w.emit("-", d.readStdin) {
					return
				}
				continue
			}
			info, err := os.Stat(p)
			if err != nil {
				if !yield(model.Document{}, notFound(p, err)) {
					return
				}
				continue
			}
			var ok bool
			switch {
			case info.IsDir():
				ok = w.walk(p)
			case !info.Mode().IsRegular():
				ok = yield(model.Document{}, special(p, info.Mode()))
			default:
				ok = w.emitFile(p, info.Size())
			}
			if !ok {
				return
			}
		}
	}
}

// walker carries one iteration's state through a folder walk.
type walker struct {
	d     *Dir
	ctx   context.Context
	yield func(model.Document, error) bool
	seen  map[string]bool // folders walked, by resolved path
}

// walk reads the folder at path and everything under it; it reports
// whether the consumer wants more.
func (w *walker) walk(path string) bool {
	if w.ctx.Err() != nil {
		return false
	}
	real, err := filepath.EvalSymlinks(path)
	if err == nil {
		real, err = filepath.Abs(real)
	}
	if err != nil {
		return w.yield(model.Document{}, notFound(path, err))
	}
	if w.seen[real] {
		return true // a link back to a folder already walked
	}
	w.seen[real] = true
	entries, err := os.ReadDir(path) // sorted by name
	if err != nil && len(entries) == 0 {
		return w.yield(model.Document{}, notFound(path, err))
	}
	for _, e := range entries {
		if strings.HasPrefix(e.Name(), ".") {
			continue
		}
		p := filepath.Join(path, e.Name())
		mode := e.Type()
		if mode&fs.ModeSymlink != 0 {
			info, err := os.Stat(p)
			if err != nil {
				if !w.yield(model.Document{}, notFound(p, err)) {
					return false
				}
				continue
			}
			mode = info.Mode().Type()
		}
		var ok bool
		switch {
		case mode.IsDir():
			ok = w.walk(p)
		case mode.IsRegular():
			size := int64(0)
			if info, err := os.Stat(p); err == nil {
				size = info.Size()
			}
			ok = w.emitFile(p, size)
		default:
			// Devices, pipes and sockets are not documents, and opening a
			// pipe blocks until something writes to it.
			ok = w.yield(model.Document{}, special(p, mode))
		}
		if !ok {
			return false
		}
	}
	return true
}

// emit reads one input and yields its documents and errors; it reports
// whether the consumer wants more.
func (w *walker) emit(path string, read func() ([]byte, error)) bool {
	raw, err := read()
	if err != nil {
		var se *source.Error
		if !errors.As(err, &se) {
			se = notFound(path, err)
		}
		return w.yield(model.Document{}, se)
	}
	docs, errs := Parse(path, raw, w.d.opt.MaxBytes)
	for _, e := range errs {
		if !w.yield(model.Document{}, e) {
			return false
		}
	}
	for _, doc := range docs {
		if !w.yield(doc, nil) {
			return false
		}
	}
	return true
}

// emitFile reads the file at path: a record at a time when it is a WARC
// archive (see emitWARC), whole when it is within the size limit, else a
// line at a time if it is JSON Lines (see streamFile).
func (w *walker) emitFile(path string, size int64) bool {
	// A small archive without a WARC name is found by Parse, from its
	// bytes; only a large one is looked into here, so that it streams.
	if warcName(path) || size > w.d.opt.MaxBytes && isWARCFile(path) {
		return w.emitWARC(path)
	}
	if size > w.d.opt.MaxBytes {
		return w.streamFile(path, size)
	}
	return w.emit(path, func() ([]byte, error) { return w.d.readFile(path) })
}

// special reports a path that is not a regular file or a folder.
func special(path string, mode fs.FileMode) *source.Error {
	what := "a special file"
	switch {
	case mode&fs.ModeNamedPipe != 0:
		what = "a named pipe (FIFO)"
	case mode&fs.ModeSocket != 0:
		what = "a socket"
	case mode&fs.ModeCharDevice != 0:
		what = "a character device"
	case mode&fs.ModeDevice != 0:
		what = "a device"
	case mode&fs.ModeIrregular != 0:
		what = "a file of an unknown kind"
	}
	return source.Errorf(path, 0, source.ErrSpecial, "it is %s, which is never read", what)
}

// openRegular opens path for reading only if it is a regular file. It
// opens without blocking (see openNoBlock), so that a pipe put in a
// file's place after it was looked at cannot hang the read, and checks
// what it opened.
func openRegular(path string) (*os.File, error) {
	f, err := openNoBlock(path)
	if err != nil {
		return nil, err
	}
	info, err := f.Stat()
	if err != nil {
		f.Close()
		return nil, err
	}
	if !info.Mode().IsRegular() {
		f.Close()
		return nil, special(path, info.Mode())
	}
	return f, nil
}

// notFound reports a path that cannot be opened or walked.
func notFound(path string, err error) *source.Error {
	var pe *fs.PathError
	detail := err.Error()
	if errors.As(err, &pe) {
		detail = pe.Err.Error()
	}
	return source.Errorf(path, 0, source.ErrNotFound, "%s", detail)
}

// open opens the regular file at path for the walker; when it cannot, it
// yields the error naming the file and reports, as more, whether the
// consumer wants more.
func (w *walker) open(path string) (f *os.File, ok, more bool) {
	f, err := openRegular(path)
	if err != nil {
		var se *source.Error
		if !errors.As(err, &se) {
			se = notFound(path, err)
		}
		return nil, false, w.yield(model.Document{}, se)
	}
	return f, true, true
}

func (d *Dir) readFile(path string) ([]byte, error) {
	f, err := openRegular(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	if info, err := f.Stat(); err == nil && info.Mode().IsRegular() && info.Size() > d.opt.MaxBytes {
		return nil, source.Errorf(path, 0, source.ErrTooLarge, "%d bytes, the limit is %d", info.Size(), d.opt.MaxBytes)
	}
	b, err := readLimited(f, d.opt.MaxBytes)
	if errors.Is(err, source.ErrTooLarge) {
		return nil, source.Errorf(path, 0, source.ErrTooLarge, "more than %d bytes", d.opt.MaxBytes)
	}
	return b, err
}

func (d *Dir) readStdin() ([]byte, error) {
	if d.opt.Stdin == nil {
		return nil, errors.New("no standard input")
	}
	b, err := readLimited(d.opt.Stdin, d.opt.MaxBytes)
	if errors.Is(err, source.ErrTooLarge) {
		return nil, source.Errorf("-", 0, source.ErrTooLarge, "more than %d bytes", d.opt.MaxBytes)
	}
	return b, err
}

// readLimited reads r to its end, or fails with ErrTooLarge past limit.
func readLimited(r io.Reader, limit int64) ([]byte, error) {
	b, err := io.ReadAll(io.LimitReader(r, limit+1))
	if err != nil {
		return nil, err
	}
	if int64(len(b)) > limit {
		return nil, source.ErrTooLarge
	}
	return b, nil
}

// Parse turns the raw bytes of one input into documents: it decompresses,
// checks, decodes and sniffs them. path names the input in documents and
// errors ("-" for standard input); maxBytes bounds the decompressed size
// (DefaultMaxBytes when 0). A JSON Lines file may give documents and
// errors both; every error is a *source.Error.
func Parse(path string, raw []byte, maxBytes int64) ([]model.Document, []error) {
	fail := func(reason error, format string, args ...any) ([]model.Document, []error) {
		return nil, []error{source.Errorf(path, 0, reason, format, args...)}
	}
	if maxBytes <= 0 {
		maxBytes = DefaultMaxBytes
	}
	if int64(len(raw)) > maxBytes {
		return fail(source.ErrTooLarge, "%d bytes, the limit is %d", len(raw), maxBytes)
	}
	if warcMagic(raw[:min(len(raw), 512)]) {
		var docs []model.Document
		var errs []error
		readWARC(path, bytes.NewReader(raw), maxBytes, func(d model.Document, err error) bool {
			if err != nil {
				errs = append(errs, err)
			} else {
				docs = append(docs, d)
			}
			return true
		})
		return docs, errs
	}
	if isGzip(raw) {
		var err error
		raw, err = gunzip(raw, maxBytes)
		if errors.Is(err, source.ErrTooLarge) {
			return fail(source.ErrTooLarge, "it inflates past %d bytes", maxBytes)
		}
		if err != nil {
			return fail(source.ErrTruncated, "%v", err)
		}
	}
	if len(bytes.TrimSpace(raw)) == 0 {
		return fail(source.ErrEmpty, "")
	}
	text, _, err := Decode(raw)
	if err != nil {
		return fail(source.ErrBinary, "%v", err)
	}
	if strings.TrimSpace(text) == "" {
		return fail(source.ErrEmpty, "")
	}
	base := baseName(path)
	switch Sniff(text) {
	case KindJSON:
		return ReadJSON(path, base, text)
	case KindHTML:
		return []model.Document{{ID: base, File: path, Format: model.FormatHTML, Content: text}}, nil
	default:
		return []model.Document{{ID: base, File: path, Format: model.FormatText, Content: text}}, nil
	}
}

// baseName is the ID of a document read from path: its file name without
// a .gz suffix, or "stdin".
func baseName(path string) string {
	if path == "-" {
		return "stdin"
	}
	base := filepath.Base(path)
	if b := strings.TrimSuffix(base, ".gz"); b != "" {
		base = b
	}
	return base
}

func isGzip(raw []byte) bool {
	return len(raw) >= 2 && raw[0] == 0x1f && raw[1] == 0x8b
}

// gunzip inflates raw, refusing output over limit. Concatenated gzip
// members are read as one stream, as gzip(1) does.
func gunzip(raw []byte, limit int64) ([]byte, error) {
	zr, err := gzip.NewReader(bytes.NewReader(raw))
	if err != nil {
		return nil, fmt.Errorf("bad gzip header: %w", err)
	}
	defer zr.Close()
	b, err := io.ReadAll(io.LimitReader(zr, limit+1))
	if int64(len(b)) > limit {
		return nil, source.ErrTooLarge
	}
	if err != nil {
		if errors.Is(err, io.ErrUnexpectedEOF) {
			return nil, fmt.Errorf("the stream ends early, after %d bytes", len(b))
		}
		return nil, fmt.Errorf("after %d bytes: %w", len(b), err)
	}
	return b, nil
}
