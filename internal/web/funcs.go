package web

import (
	"fmt"
	"html/template"
	"net/url"
	"strings"
	"time"

	"github.com/storyline-news/storyline/internal/link"
	"github.com/storyline-news/storyline/internal/model"
)

func (h *Handler) funcs() template.FuncMap {
	return template.FuncMap{
		"asset":   func(name string) string { return h.urls[name] },
		"date":    humanDate,
		"range2":  dateRange,
		"snippet": Snippet,
		"plural":  plural,
		"kind":    typeName,
		"path":    url.PathEscape,
		"query":   url.QueryEscape,
		"num": func(v float64) string {
			if v == float64(int64(v)) {
				return groupDigits(int64(v))
			}
			return fmt.Sprintf("%.2f", v)
		},
		"add":      func(a, b int) int { return a + b },
		"interval": shortInterval,
		// stamp shows an RFC 3339 time ("fetched") to the minute, in UTC.
		"stamp": func(s string) string {
			t, err := time.Parse(time.RFC3339, s)
			if err != nil {
				return s
			}
			return t.UTC().Format("2 Jan 2006 15:04 UTC")
		},
		"leadImage": h.leadImage,
		"host": func(raw string) string {
			u, err := url.Parse(raw)
			if err != nil || u.Host == "" {
				return raw
			}
			return strings.TrimPrefix(u.Host, "www.")
		},
		"safeURL": func(raw string) template.URL {
			// Only web links become hrefs: a stored "javascript:" URL must not.
			return template.URL(link.Web(raw))
		},
	}
}

// Snippet turns a search snippet, whose matches are between \x02 and \x03,
// into HTML with the matches in <mark>.
func Snippet(s string) template.HTML {
	esc := template.HTMLEscapeString(s)
	esc = strings.ReplaceAll(esc, "\x02", "<mark>")
	esc = strings.ReplaceAll(esc, "\x03", "</mark>")
	// A snippet cut inside a match leaves a <mark> open.
	if strings.Count(esc, "<mark>") > strings.Count(esc, "</mark>") {
		esc += "</mark>"
	}
	return template.HTML(esc)
}

// humanDate writes an ISO date or datetime as "2 Mar 2024".
func humanDate(iso string) string {
	if len(iso) < 10 {
		return iso
	}
	t, err := time.Parse(time.DateOnly, iso[:10])
	if err != nil {
		return iso
	}
	return t.Format("2 Jan 2006")
}

func dateRange(first, last string) string {
	switch {
	case first == "" && last == "":
		return "undated"
	case first == last || last == "":
		return humanDate(first)
	case first == "":
		return humanDate(last)
	}
	return humanDate(first) + " – " + humanDate(last)
}

func plural(n int, one string) string {
	if n == 1 {
		return "1 " + one
	}
	if strings.HasSuffix(one, "y") && !strings.HasSuffix(one, "ey") {
		return fmt.Sprintf("%d %sies", n, one[:len(one)-1])
	}
	return fmt.Sprintf("%d %ss", n, one)
}

func typeName(t string) string {
	switch t {
	case model.Person:
		return "person"
	case model.Place:
		return "place"
	case model.Org:
		return "organisation"
	}
	return "other"
}

func groupDigits(n int64) string {
	s := fmt.Sprint(n)
	neg := strings.HasPrefix(s, "-")
	s = strings.TrimPrefix(s, "-")
	var b strings.Builder
	for i, r := range s {
		if i > 0 && (len(s)-i)%3 == 0 {
			b.WriteByte(',')
		}
		b.WriteRune(r)
	}
	if neg {
		return "-" + b.String()
	}
	return b.String()
}
