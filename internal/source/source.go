// Package source defines where raw documents come from. A Source yields
// model.Documents whose content is valid UTF-8 with its format sniffed;
// source/dir reads files, folders and standard input.
package source

import (
	"context"
	"errors"
	"fmt"
	"iter"

	"github.com/storyline-news/storyline/internal/model"
)

// Source yields raw documents. A problem with one input is yielded as an
// error (an *Error) with a zero Document, and the iteration goes on: one bad
// file never stops a batch.
type Source interface {
	Documents(ctx context.Context) iter.Seq2[model.Document, error]
}

// Sentinel reasons, for errors.Is on an *Error.
var (
	ErrEmpty     = errors.New("empty file")
	ErrBinary    = errors.New("binary file, not text")
	ErrTooLarge  = errors.New("file over the size limit")
	ErrTruncated = errors.New("truncated or corrupt gzip")
	ErrMalformed = errors.New("malformed JSON")
	ErrNoText    = errors.New("JSON document has neither text nor html")
	ErrNotFound  = errors.New("no such file or folder")
)

// Error is a problem with one input: which file (and JSON Lines line) and why.
type Error struct {
	File   string
	Line   int // 1-based line of a JSON Lines file; 0 for the whole file
	Reason error
	Detail string // more words for the user, may be ""
}

func (e *Error) Error() string {
	where := e.File
	if e.Line > 0 {
		where = fmt.Sprintf("%s:%d", e.File, e.Line)
	}
	if e.Detail != "" {
		return fmt.Sprintf("%s: %v: %s", where, e.Reason, e.Detail)
	}
	return fmt.Sprintf("%s: %v", where, e.Reason)
}

// Unwrap lets errors.Is find the sentinel reason.
func (e *Error) Unwrap() error { return e.Reason }
