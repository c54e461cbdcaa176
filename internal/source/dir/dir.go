// Package dir reads documents from files, folders (walked recursively) and
// standard input. It decompresses gzip, rejects empty, binary and oversized
// inputs with a clear reason, converts legacy encodings to UTF-8, and sniffs
// each file's format from its content (JSON, JSON Lines, HTML or plain text);
// the file name is only a hint.
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

// Options tune a Dir.
type Options struct {
	// MaxBytes is the largest input accepted, compressed or not; a gzip
	// stream that inflates past it is refused too. Default 20 MB.
	MaxBytes int64
	// Stdin is read for the path "-".
	Stdin io.Reader
}

// Dir is a source over paths given by the user.
type Dir struct {
	paths []string
	opt   Options
}

var _ source.Source = (*Dir)(nil)

// New returns a source reading paths in order.
func New(paths []string, opt Options) *Dir {
	if opt.MaxBytes <= 0 {
		opt.MaxBytes = 20 << 20
	}
	return &Dir{paths: paths, opt: opt}
}

// Documents implements source.Source. Folders are walked in lexical order;
// hidden files and folders inside them are skipped.
func (d *Dir) Documents(ctx context.Context) iter.Seq2[model.Document, error] {
	return func(yield func(model.Document, error) bool) {
		for _, p := range d.paths {
			if ctx.Err() != nil {
				return
			}
			if p == "-" {
				if !d.emit(yield, "-", d.readStdin) {
					return
				}
				continue
			}
			info, err := os.Stat(p)
			if err != nil {
				if !yield(model.Document{}, &source.Error{File: p, Reason: source.ErrNotFound, Detail: errDetail(err)}) {
					return
				}
				continue
			}
			if !info.IsDir() {
				if !d.emit(yield, p, func() ([]byte, error) { return d.readFile(p) }) {
					return
				}
				continue
			}
			stop := false
			_ = filepath.WalkDir(p, func(path string, e fs.DirEntry, err error) error {
				if ctx.Err() != nil || stop {
					return filepath.SkipAll
				}
				if err != nil {
					stop = !yield(model.Document{}, &source.Error{File: path, Reason: source.ErrNotFound, Detail: errDetail(err)})
					return nil
				}
				if path != p && strings.HasPrefix(e.Name(), ".") {
					if e.IsDir() {
						return filepath.SkipDir
					}
					return nil
				}
				if e.IsDir() || !e.Type().IsRegular() && e.Type()&fs.ModeSymlink == 0 {
					return nil
				}
				stop = !d.emit(yield, path, func() ([]byte, error) { return d.readFile(path) })
				return nil
			})
			if stop {
				return
			}
		}
	}
}

func errDetail(err error) string {
	var pe *fs.PathError
	if errors.As(err, &pe) {
		return pe.Err.Error()
	}
	return err.Error()
}

// emit reads one input and yields its documents or its error; it reports
// whether the consumer wants more.
func (d *Dir) emit(yield func(model.Document, error) bool, path string, read func() ([]byte, error)) bool {
	raw, err := read()
	if err != nil {
		return yield(model.Document{}, asSourceError(path, err))
	}
	docs, errs := Parse(path, raw, d.opt.MaxBytes)
	for _, e := range errs {
		if !yield(model.Document{}, e) {
			return false
		}
	}
	for _, doc := range docs {
		if !yield(doc, nil) {
			return false
		}
	}
	return true
}

func asSourceError(path string, err error) error {
	var se *source.Error
	if errors.As(err, &se) {
		return se
	}
	if errors.Is(err, source.ErrTooLarge) {
		return &source.Error{File: path, Reason: source.ErrTooLarge, Detail: strings.TrimPrefix(err.Error(), source.ErrTooLarge.Error()+": ")}
	}
	return &source.Error{File: path, Reason: source.ErrNotFound, Detail: errDetail(err)}
}

func (d *Dir) readFile(path string) ([]byte, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	if info, err := f.Stat(); err == nil && info.IsDir() {
		return nil, fmt.Errorf("is a folder")
	} else if err == nil && info.Size() > d.opt.MaxBytes {
		return nil, fmt.Errorf("%w: %d bytes, limit %d", source.ErrTooLarge, info.Size(), d.opt.MaxBytes)
	}
	return readLimited(f, d.opt.MaxBytes)
}

func (d *Dir) readStdin() ([]byte, error) {
	if d.opt.Stdin == nil {
		return nil, fmt.Errorf("no standard input")
	}
	return readLimited(d.opt.Stdin, d.opt.MaxBytes)
}

func readLimited(r io.Reader, limit int64) ([]byte, error) {
	b, err := io.ReadAll(io.LimitReader(r, limit+1))
	if err != nil {
		return nil, err
	}
	if int64(len(b)) > limit {
		return nil, fmt.Errorf("%w: more than %d bytes", source.ErrTooLarge, limit)
	}
	return b, nil
}

// Parse turns the raw bytes of one input into documents: it decompresses,
// checks, decodes and sniffs them. path names the input in documents and
// errors. A JSON Lines file may give documents and errors both.
func Parse(path string, raw []byte, maxBytes int64) ([]model.Document, []error) {
	fail := func(reason error, detail string) ([]model.Document, []error) {
		return nil, []error{&source.Error{File: path, Reason: reason, Detail: detail}}
	}
	if maxBytes <= 0 {
		maxBytes = 20 << 20
	}
	if len(raw) >= 2 && raw[0] == 0x1f && raw[1] == 0x8b {
		var err error
		raw, err = gunzip(raw, maxBytes)
		if errors.Is(err, source.ErrTooLarge) {
			return fail(source.ErrTooLarge, fmt.Sprintf("inflates past %d bytes", maxBytes))
		}
		if err != nil {
			return fail(source.ErrTruncated, err.Error())
		}
	}
	if len(bytes.TrimSpace(raw)) == 0 {
		return fail(source.ErrEmpty, "")
	}
	text, err := Decode(raw)
	if err != nil {
		return fail(source.ErrBinary, err.Error())
	}
	if strings.TrimSpace(text) == "" {
		return fail(source.ErrEmpty, "")
	}
	base := strings.TrimSuffix(filepath.Base(path), ".gz")
	if path == "-" {
		base = "stdin"
	}
	switch Sniff(text) {
	case sniffJSON:
		return parseJSON(path, base, text)
	case sniffHTML:
		return []model.Document{{ID: base, File: path, Format: model.FormatHTML, Content: text}}, nil
	default:
		return []model.Document{{ID: base, File: path, Format: model.FormatText, Content: text}}, nil
	}
}

func gunzip(raw []byte, limit int64) ([]byte, error) {
	zr, err := gzip.NewReader(bytes.NewReader(raw))
	if err != nil {
		return nil, err
	}
	defer zr.Close()
	b, err := io.ReadAll(io.LimitReader(zr, limit+1))
	if int64(len(b)) > limit {
		return nil, source.ErrTooLarge
	}
	if err != nil {
		if errors.Is(err, io.ErrUnexpectedEOF) {
			return nil, fmt.Errorf("stream ends early after %d bytes", len(b))
		}
		return nil, err
	}
	return b, nil
}
