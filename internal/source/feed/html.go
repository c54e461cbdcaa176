package feed

import (
	"strings"

	"golang.org/x/net/html"
	"golang.org/x/net/html/atom"
)

// HTMLText returns the text of an HTML fragment (a feed item's content or
// description), one paragraph per block element, separated by blank
// lines, with script and style left out. Plain text comes back as it is,
// trimmed.
func HTMLText(s string) string {
	if !strings.ContainsAny(s, "<&") {
		return strings.TrimSpace(s)
	}
	z := html.NewTokenizer(strings.NewReader(s))
	var paras []string
	var cur strings.Builder
	skip := 0
	flush := func() {
		p := strings.Join(strings.Fields(cur.String()), " ")
		if p != "" {
			paras = append(paras, p)
		}
		cur.Reset()
	}
	for {
		tt := z.Next()
		switch tt {
		case html.ErrorToken:
			flush()
			return strings.Join(paras, "\n\n")
		case html.TextToken:
			if skip == 0 {
				cur.Write(z.Text())
			}
		case html.StartTagToken, html.EndTagToken, html.SelfClosingTagToken:
			name, _ := z.TagName()
			a := atom.Lookup(name)
			switch a {
			case atom.Script, atom.Style, atom.Noscript, atom.Template:
				if tt == html.StartTagToken {
					skip++
				} else if tt == html.EndTagToken && skip > 0 {
					skip--
				}
			case atom.Br:
				cur.WriteByte(' ')
			case atom.P, atom.Div, atom.Li, atom.H1, atom.H2, atom.H3, atom.H4, atom.H5, atom.H6,
				atom.Blockquote, atom.Pre, atom.Tr, atom.Figcaption, atom.Section, atom.Article, atom.Ul, atom.Ol, atom.Table:
				flush()
			default:
				cur.WriteByte(' ')
				// Inline elements join words without a break; a space
				// between two inline runs is harmless once fields are joined.
				if a == atom.A || a == atom.Span || a == atom.Em || a == atom.Strong || a == atom.B || a == atom.I {
					s := cur.String()
					cur.Reset()
					cur.WriteString(strings.TrimSuffix(s, " "))
				}
			}
		}
	}
}
