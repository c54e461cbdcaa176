package store

import (
	"fmt"
	"unicode"
	"unicode/utf8"
)

// CheckText returns an error wrapping ErrInvalid, naming field, when s is
// not valid UTF-8 or holds a control character: a NUL, which SQLite's C
// strings end at and FTS5 cannot search, or any other. multiline allows
// the tab and the newline, which a body may hold; names, labels and
// searches are single lines. Every value a reader sends that the store
// keeps or searches passes through it, whoever the caller.
func CheckText(field, s string, multiline bool) error {
	if !utf8.ValidString(s) {
		return fmt.Errorf("%w: %s is not valid UTF-8", ErrInvalid, field)
	}
	for _, c := range s {
		switch {
		case multiline && (c == '\t' || c == '\n' || c == '\r'):
		case c == 0:
			return fmt.Errorf("%w: %s holds a NUL byte", ErrInvalid, field)
		case unicode.IsControl(c):
			return fmt.Errorf("%w: %s holds the control character %U", ErrInvalid, field, c)
		}
	}
	return nil
}
