package streamgen

import (
	"bufio"
	"fmt"
	"io"
	"time"
	"unicode/utf8"
)

// AppendJSON appends the article as one JSON object, without a newline:
//
//	{"id":…,"url":…,"outlet":…,"title":…,"published":"2024-03-05T14:23:09Z",
//	 "text":"para\n\npara","lang":"en","gold_event":…,"gold_story":…,
//	 "gold_topic":…,"gold_seed":…,"gold_duplicate_of":""}
//
// Written by hand rather than with encoding/json: at a million articles
// the reflection and the joined text copy cost more than making them.
func (a *Article) AppendJSON(b []byte) []byte {
	b = append(b, `{"id":`...)
	b = appendString(b, a.ID)
	b = append(b, `,"url":`...)
	b = appendString(b, a.URL)
	b = append(b, `,"outlet":`...)
	b = appendString(b, a.Outlet)
	b = append(b, `,"title":`...)
	b = appendString(b, a.Title)
	b = append(b, `,"published":"`...)
	b = a.Published.UTC().AppendFormat(b, time.RFC3339)
	b = append(b, `","text":"`...)
	for i, p := range a.Body {
		if i > 0 {
			b = append(b, `\n\n`...)
		}
		b = appendEscaped(b, p)
	}
	b = append(b, `","lang":`...)
	b = appendString(b, a.Lang)
	b = append(b, `,"gold_event":`...)
	b = appendString(b, a.Event)
	b = append(b, `,"gold_story":`...)
	b = appendString(b, a.Story)
	b = append(b, `,"gold_topic":`...)
	b = appendString(b, a.Topic)
	b = append(b, `,"gold_seed":`...)
	b = appendString(b, a.Seed)
	b = append(b, `,"gold_duplicate_of":`...)
	b = appendString(b, a.DuplicateOf)
	return append(b, '}')
}

func appendString(b []byte, s string) []byte {
	b = append(b, '"')
	b = appendEscaped(b, s)
	return append(b, '"')
}

const hexDigits = "0123456789abcdef"

// appendEscaped appends s escaped for a JSON string. Invalid UTF-8 becomes
// U+FFFD, and U+2028 and U+2029 are escaped, as encoding/json does.
func appendEscaped(b []byte, s string) []byte {
	start := 0
	for i := 0; i < len(s); {
		c := s[i]
		if c >= 0x20 && c != '"' && c != '\\' && c < utf8.RuneSelf {
			i++
			continue
		}
		if c < utf8.RuneSelf {
			b = append(b, s[start:i]...)
			switch c {
			case '"', '\\':
				b = append(b, '\\', c)
			case '\n':
				b = append(b, '\\', 'n')
			case '\t':
				b = append(b, '\\', 't')
			case '\r':
				b = append(b, '\\', 'r')
			default:
				b = append(b, '\\', 'u', '0', '0', hexDigits[c>>4], hexDigits[c&0xf])
			}
			i++
			start = i
			continue
		}
		r, size := utf8.DecodeRuneInString(s[i:])
		switch {
		case r == utf8.RuneError && size == 1:
			b = append(b, s[start:i]...)
			b = append(b, `\ufffd`...)
		case r == '\u2028' || r == '\u2029':
			b = append(b, s[start:i]...)
			b = append(b, '\\', 'u', '2', '0', '2', hexDigits[r&0xf])
		default:
			i += size
			continue
		}
		i += size
		start = i
	}
	return append(b, s[start:]...)
}

// GoldHeader is the first line of a gold file: clusters.py skips it and
// scores the third column.
const GoldHeader = "id\ttopic\tevent\n"

// AppendGold appends the article's gold line: id, story, event. The story
// sits in the topic column, so that `cut -f1,2` of the file scores
// stories.
func (a *Article) AppendGold(b []byte) []byte {
	b = append(b, a.ID...)
	b = append(b, '\t')
	b = append(b, a.Story...)
	b = append(b, '\t')
	b = append(b, a.Event...)
	return append(b, '\n')
}

// Write writes the rest of the stream to w as JSON Lines and, when gold is
// not nil, the gold clusters as TSV with GoldHeader first. It buffers both
// and holds one article at a time. It returns the number of articles
// written.
func (g *Generator) Write(w io.Writer, gold io.Writer) (int, error) {
	bw := bufio.NewWriterSize(w, 1<<20)
	var gw *bufio.Writer
	if gold != nil {
		gw = bufio.NewWriterSize(gold, 256<<10)
		if _, err := gw.WriteString(GoldHeader); err != nil {
			return 0, fmt.Errorf("streamgen: write gold: %w", err)
		}
	}
	var buf []byte
	n := 0
	for {
		a, ok := g.Next()
		if !ok {
			break
		}
		buf = append(a.AppendJSON(buf[:0]), '\n')
		if _, err := bw.Write(buf); err != nil {
			return n, fmt.Errorf("streamgen: write: %w", err)
		}
		if gw != nil {
			if _, err := gw.Write(a.AppendGold(buf[:0])); err != nil {
				return n, fmt.Errorf("streamgen: write gold: %w", err)
			}
		}
		n++
	}
	if err := bw.Flush(); err != nil {
		return n, fmt.Errorf("streamgen: write: %w", err)
	}
	if gw != nil {
		if err := gw.Flush(); err != nil {
			return n, fmt.Errorf("streamgen: write gold: %w", err)
		}
	}
	return n, nil
}
