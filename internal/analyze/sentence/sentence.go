// Package sentence splits body paragraphs into sentences and tokens.
//
// Written for news text rather than taken from a library: it must keep
// "Mr", "Gen.", "U.S." and initials inside a sentence, end a sentence after
// a closing quote ("…over." He left.), keep ellipses inside quoted speech,
// and give byte offsets into the paragraph that later stages rely on.
package sentence

import (
	"context"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/storyline-news/storyline/internal/analyze"
	"github.com/storyline-news/storyline/internal/analyze/names"
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

// abbreviations end with a full stop without ending a sentence, besides
// the names model's titles, designators and months.
var abbreviations = map[string]bool{
	"no": true, "nos": true, "etc": true, "fig": true, "approx": true, "est": true, "dept": true, "univ": true, "ave": true,
	"e.g": true, "i.e": true, "a.m": true, "p.m": true, "u.s": true, "u.k": true, "u.n": true, "e.u": true,
}

var closers = "\"'\u201d\u2019)]\u00bb"

// Split returns the sentences of one paragraph, with tokens; Para is zero.
func Split(para string) []model.Sentence {
	var out []model.Sentence
	start := 0
	emit := func(end int) {
		s := strings.TrimSpace(para[start:end])
		if s == "" {
			return
		}
		lead := start + strings.Index(para[start:end], s)
		out = append(out, model.Sentence{Start: lead, End: lead + len(s), Tokens: Tokenize(s, lead)})
	}
	for i := 0; i < len(para); {
		r, n := utf8.DecodeRuneInString(para[i:])
		if r != '.' && r != '!' && r != '?' && r != '\u2026' {
			i += n
			continue
		}
		j := i + n
		// "..." and "?!" run together.
		for j < len(para) && strings.ContainsRune(".!?", rune(para[j])) {
			j++
		}
		for j < len(para) {
			c, m := utf8.DecodeRuneInString(para[j:])
			if !strings.ContainsRune(closers, c) {
				break
			}
			j += m
		}
		if j < len(para) {
			c, _ := utf8.DecodeRuneInString(para[j:])
			if !unicode.IsSpace(c) {
				i = j
				continue // "3.5", "U.S.", "example.com"
			}
		}
		if r == '\u2026' || strings.HasPrefix(para[i:], "...") {
			i = j
			continue // an ellipsis marks words left out, mostly inside a sentence
		}
		if r == '.' && !endsSentence(para, start, i, j) {
			i = j
			continue
		}
		emit(j)
		start = j
		i = j
	}
	emit(len(para))
	return out
}

// endsSentence decides a full stop at para[dot]: not after an abbreviation
// or an initial, and not when the next word starts in lower case.
func endsSentence(para string, start, dot, after int) bool {
	k := dot
	for k > start {
		c, m := utf8.DecodeLastRuneInString(para[:k])
		if unicode.IsSpace(c) || c == '(' || c == '"' || c == '\u201c' {
			break
		}
		k -= m
	}
	word := strings.ToLower(strings.TrimLeft(para[k:dot], "'\u2018"))
	if abbreviations[word] || names.Abbreviation(word) {
		return false
	}
	if utf8.RuneCountInString(word) == 1 && unicode.IsLetter([]rune(word)[0]) && unicode.IsUpper([]rune(para[k:dot])[0]) {
		return false // an initial: "John F. Kennedy"
	}
	rest := strings.TrimLeft(para[after:], " ")
	if rest == "" {
		return true
	}
	c, _ := utf8.DecodeRuneInString(rest)
	return !unicode.IsLower(c)
}

// Tokenize splits s into words and punctuation; offset is added to every
// token's Start and End so they index the paragraph s was cut from. Numbers
// keep their separators ("1,119", "3.5"), words their inner apostrophes and
// hyphens ("don't", "Putin's", "de-occupied").
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
				if unicode.IsLetter(c) || unicode.IsDigit(c) || ((c == '-' || c == '\'' || c == '\u2019' || c == '.' || c == ',') && j+m < len(s) && isWordRune(s[j+m:]) && (c != ',' || unicode.IsDigit(r))) {
					j += m
					continue
				}
				break
			}
			toks = append(toks, model.Token{Text: s[i:j], Start: offset + i, End: offset + j})
			i = j
		case s[i:min(len(s), i+2)] == "``" || s[i:min(len(s), i+2)] == "''":
			toks = append(toks, model.Token{Text: s[i : i+2], Start: offset + i, End: offset + i + 2})
			i += 2
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
