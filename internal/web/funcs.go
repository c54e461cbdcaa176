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
		"when":    humanWhen,
		"moment":  momentText,
		"dt":      htmlDatetime,
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
		"sub":      func(a, b int) int { return a - b },
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
		return "dates not stated"
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
	// "copy" → "copies", but a vowel before the y keeps it: "day" → "days".
	if len(one) > 1 && one[len(one)-1] == 'y' && !strings.ContainsRune("aeiou", rune(one[len(one)-2])) {
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

// humanWhen writes an ISO date as humanDate does, with the time of day
// when the value has one: "2 Mar 2024, 14:05".
func humanWhen(iso string) string {
	if t, err := time.Parse(time.RFC3339, iso); err == nil {
		return t.Format("2 Jan 2006, 15:04")
	}
	if t, err := time.Parse("2006-01-02T15:04:05", iso); err == nil {
		return t.Format("2 Jan 2006, 15:04")
	}
	return humanDate(iso)
}

// spanOf reads a timeline date: a day, a month, a year or a range "A/B" of
// days, as its first and last day; ok is false for anything else.
func spanOf(d string) (lo, hi time.Time, ok bool) {
	a, b, isRange := strings.Cut(d, "/")
	parse := func(s string, end bool) (time.Time, bool) {
		for _, l := range []string{time.DateOnly, "2006-01", "2006"} {
			if t, err := time.Parse(l, s); err == nil {
				if end {
					switch l {
					case "2006-01":
						t = t.AddDate(0, 1, -1)
					case "2006":
						t = t.AddDate(1, 0, -1)
					}
				}
				return t, true
			}
		}
		if len(s) > 10 {
			if t, err := time.Parse(time.DateOnly, s[:10]); err == nil {
				return t, true
			}
		}
		return time.Time{}, false
	}
	if !isRange {
		b = a
	}
	lo, ok1 := parse(a, false)
	hi, ok2 := parse(b, true)
	return lo, hi, ok1 && ok2 && !hi.Before(lo)
}

// momentText writes a timeline date for a reader: "26 Mar 2022",
// "26 – 27 Mar 2022", "Mar 2022", "2014".
func momentText(d string) string {
	lo, hi, ok := spanOf(d)
	switch {
	case !ok:
		return d
	case lo.Equal(hi):
		return lo.Format("2 Jan 2006")
	case lo.YearDay() == 1 && hi.Equal(lo.AddDate(1, 0, -1)):
		return lo.Format("2006")
	case lo.Day() == 1 && hi.Equal(lo.AddDate(0, 1, -1)):
		return lo.Format("Jan 2006")
	case lo.Year() == hi.Year() && lo.Month() == hi.Month():
		return lo.Format("2") + " – " + hi.Format("2 Jan 2006")
	case lo.Year() == hi.Year():
		return lo.Format("2 Jan") + " – " + hi.Format("2 Jan 2006")
	}
	return lo.Format("2 Jan 2006") + " – " + hi.Format("2 Jan 2006")
}

// htmlDatetime is d as a valid HTML datetime value: a day, a month or a
// year (a range that is exactly one of those becomes it), a time with its
// zone; "" for a range HTML cannot express, which the page then shows as
// text alone.
func htmlDatetime(d string) string {
	if t, err := time.Parse(time.RFC3339, d); err == nil {
		return t.Format(time.RFC3339)
	}
	lo, hi, ok := spanOf(d)
	switch {
	case !ok:
		return ""
	case lo.Equal(hi):
		return lo.Format(time.DateOnly)
	case lo.YearDay() == 1 && hi.Equal(lo.AddDate(1, 0, -1)):
		return lo.Format("2006")
	case lo.Day() == 1 && hi.Equal(lo.AddDate(0, 1, -1)):
		return lo.Format("2006-01")
	}
	return ""
}
