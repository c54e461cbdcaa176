package store

import (
	"fmt"
	"strings"
	"unicode"
)

// What one search may ask for. Each required word costs an index lookup
// and a prefix word costs one per word it could be (a one-letter prefix is
// most of the vocabulary): 160 "a*" took two minutes of CPU, so the words,
// the prefixes and how short a prefix may be are bounded.
const (
	MaxSearchWords  = 16 // words, counting every word of a quoted phrase
	MaxPrefixWords  = 4  // words ending in *
	MinPrefixLength = 3  // letters or digits before the *
)

// Term is one thing a search requires: a word, or a quoted phrase whose
// words must appear in order. Prefix is a trailing *: any word starting so.
type Term struct {
	Text   string
	Prefix bool
}

// SearchTerms splits what a reader typed into terms: every word and every
// "quoted phrase" is required, taken literally (operators and punctuation
// mean nothing); a trailing * on a word keeps its prefix meaning. Terms
// without a letter or digit are dropped.
func SearchTerms(text string) []Term {
	var terms []Term
	add := func(t string, prefix bool) {
		t = strings.TrimSpace(t)
		if words(t) == 0 {
			return
		}
		terms = append(terms, Term{Text: t, Prefix: prefix})
	}
	for i := 0; i < len(text); {
		if text[i] == '"' {
			end := strings.IndexByte(text[i+1:], '"')
			if end < 0 {
				end = len(text) - i - 1
			}
			add(text[i+1:i+1+end], false)
			i += end + 2
			continue
		}
		j := i
		for j < len(text) && text[j] != ' ' && text[j] != '"' && text[j] != '\t' && text[j] != '\n' {
			j++
		}
		w := text[i:j]
		prefix := strings.HasSuffix(w, "*")
		add(strings.TrimRight(w, "*"), prefix)
		if j == i {
			j++
		}
		i = j
	}
	return terms
}

// words counts the runs of letters and digits in s, as the full-text
// index splits it.
func words(s string) int {
	n, in := 0, false
	for _, r := range s {
		w := unicode.IsLetter(r) || unicode.IsDigit(r)
		if w && !in {
			n++
		}
		in = w
	}
	return n
}

// CheckSearchText returns an error wrapping ErrInvalid, in words a reader
// understands, when text asks for more than one search may: see
// MaxSearchWords, MaxPrefixWords and MinPrefixLength.
func CheckSearchText(text string) error {
	if err := CheckText("the search", text, false); err != nil {
		return err
	}
	nw, np := 0, 0 // words, prefix words
	for _, t := range SearchTerms(text) {
		nw += words(t.Text)
		if !t.Prefix {
			continue
		}
		np++
		if lastWordLength(t.Text) < MinPrefixLength {
			return fmt.Errorf("%w: a word ending in * needs at least %d letters before the *, not %q", ErrInvalid, MinPrefixLength, t.Text+"*")
		}
	}
	if nw > MaxSearchWords {
		return fmt.Errorf("%w: the search has %d words; at most %d are allowed", ErrInvalid, nw, MaxSearchWords)
	}
	if np > MaxPrefixWords {
		return fmt.Errorf("%w: the search has %d words ending in *; at most %d are allowed", ErrInvalid, np, MaxPrefixWords)
	}
	return nil
}

// lastWordLength is the length in runes of the last run of letters and
// digits in s: the word a trailing * applies to ("x-ray*" is "ray*").
func lastWordLength(s string) int {
	n := 0
	for _, r := range s {
		if unicode.IsLetter(r) || unicode.IsDigit(r) {
			n++
		} else {
			n = 0
		}
	}
	return n
}
