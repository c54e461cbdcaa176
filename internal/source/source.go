// Package source defines where raw documents come from. A Source yields
// model.Documents whose content is valid UTF-8 with its format sniffed;
// source/dir reads files, folders and standard input, the HTML pages of
// web archives among them (source/warc reads and writes WARC files).
package source

import (
	"context"
	"errors"
	"fmt"
	"iter"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/storyline-news/storyline/internal/model"
)

// Source yields raw documents. A problem with one input is yielded as an
// error (an *Error) with a zero Document, and the iteration goes on: one bad
// file never stops a batch. The iteration ends early only when the consumer
// stops it or ctx is done.
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
	ErrNotFound  = errors.New("cannot read the path")
	ErrSpecial   = errors.New("not a regular file")
	ErrArchive   = errors.New("damaged web archive")
)

// Error is a problem with one input: which file (and JSON Lines line) and
// why, in words a user understands. Err is one of the sentinels above, for
// errors.Is.
type Error struct {
	File   string // the path as the user gave it (joined with the folder walked)
	Line   int    // 1-based line of a JSON Lines file; 0 for the whole file
	Reason string // what is wrong, for a person: "binary file, not text: it holds NUL bytes"
	Err    error
}

// Error returns "FILE[:LINE]: REASON".
func (e *Error) Error() string {
	reason := e.Reason
	if reason == "" && e.Err != nil {
		reason = e.Err.Error()
	}
	if e.Line > 0 {
		return fmt.Sprintf("%s:%d: %s", Name(e.File), e.Line, reason)
	}
	return fmt.Sprintf("%s: %s", Name(e.File), reason)
}

// Name is path as it is safe to print in a message: as it is when every
// character of it prints, else quoted with Go escapes, so that a file
// name holding a newline or a terminal escape cannot forge a second
// message line or rewrite the screen.
func Name(path string) string {
	if !utf8.ValidString(path) || strings.ContainsFunc(path, func(r rune) bool { return !unicode.IsPrint(r) }) || strings.HasPrefix(path, `"`) {
		return strconv.Quote(path)
	}
	return path
}

// Unwrap lets errors.Is find the sentinel.
func (e *Error) Unwrap() error { return e.Err }

// Errorf makes an *Error for file (and line, 0 for none) whose reason is
// err's text followed by the formatted detail, if any.
func Errorf(file string, line int, err error, format string, args ...any) *Error {
	reason := err.Error()
	if format != "" {
		if detail := fmt.Sprintf(format, args...); detail != "" {
			reason += ": " + detail
		}
	}
	return &Error{File: file, Line: line, Reason: reason, Err: err}
}
