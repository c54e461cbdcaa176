// Package sentence splits body paragraphs into sentences and tokens.
package sentence

import (
	"context"
	"unicode"
	"unicode/utf8"

	"github.com/storyline-news/storyline/internal/analyze"
	"github.com/storyline-news/storyline/internal/model"
)

// Splitter is the analysis stage that fills Article.Sentences.
type Splitter struct{}

var _ analyze.Stage = Splitter{}

// Name implements analyze.Stage.
func (Splitter) Name() string { return "sentence" }

// Process implements analyze.Stage.
func (Splitter) Process(_ context.Context, a model.Article) (model.Article, error) {
	a.Sentences = a.Sentences[:0:0]
	for i, p := range a.Body {
		for _, s := range Split(p) {
			s.Para = i
			a.Sentences = append(a.Sentences, s)
		}
	}
	return a, nil
}

// Split returns the sentences of one paragraph, with tokens; Para is zero.
func Split(para string) []model.Sentence {
	var out []model.Sentence
	start := 0
	for i, r := range para {
		if r != '.' && r != '!' && r != '?' {
			continue
		}
		j := i + utf8.RuneLen(r)
		// swallow closing quotes and brackets
		for j < len(para) {
			c, n := utf8.DecodeRuneInString(para[j:])
			if c == '"' || c == '\'' || c == '\u201d' || c == '\u2019' || c == ')' {
				j += n
				continue
			}
			break
		}
		if j < len(para) {
			c, _ := utf8.DecodeRuneInString(para[j:])
			if !unicode.IsSpace(c) {
				continue
			}
		}
		out = append(out, model.Sentence{Start: start, End: j, Tokens: Tokenize(para[start:j], start)})
		for j < len(para) && para[j] == ' ' {
			j++
		}
		start = j
	}
	if start < len(para) {
		out = append(out, model.Sentence{Start: start, End: len(para), Tokens: Tokenize(para[start:], start)})
	}
	return out
}

// Tokenize splits s into words and punctuation; offset is added to every
// token's Start and End so they index the paragraph s was cut from.
func Tokenize(s string, offset int) []model.Token {
	var toks []model.Token
	i := 0
	for i < len(s) {
		r, n := utf8.DecodeRuneInString(s[i:])
		switch {
		case unicode.IsSpace(r):
			i += n
		case unicode.IsLetter(r) || unicode.IsDigit(r):
			j := i + n
			for j < len(s) {
				c, m := utf8.DecodeRuneInString(s[j:])
				if unicode.IsLetter(c) || unicode.IsDigit(c) || ((c == '-' || c == '\'' || c == '\u2019' || c == '.' || c == ',') && j+m < len(s) && isWordRune(s[j+m:])) {
					j += m
					continue
				}
				break
			}
			toks = append(toks, model.Token{Text: s[i:j], Start: offset + i, End: offset + j})
			i = j
		default:
			toks = append(toks, model.Token{Text: s[i : i+n], Start: offset + i, End: offset + i + n})
			i += n
		}
	}
	return toks
}

func isWordRune(s string) bool {
	r, _ := utf8.DecodeRuneInString(s)
	return unicode.IsLetter(r) || unicode.IsDigit(r)
}
