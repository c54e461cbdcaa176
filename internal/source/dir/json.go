package dir

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"maps"
	"net/url"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/storyline-news/storyline/internal/model"
	"github.com/storyline-news/storyline/internal/source"
)

// fields lists, for each document field, the JSON keys that may carry it;
// the first present and non-empty wins.
var fields = map[string][]string{
	"id":        {"id", "doc_id", "docid", "guid", "uuid", "_id"},
	"url":       {"url", "link", "uri", "canonical_url", "source_url"},
	"title":     {"title", "headline", "heading"},
	"text":      {"text", "body", "content", "article", "maintext", "article_text", "full_text"},
	"html":      {"html", "raw_html", "content_html", "body_html"},
	"published": {"published", "date", "published_at", "publish_date", "pubdate", "date_publish", "datetime", "published_date", "date_published", "published_time", "created_at", "timestamp"},
	"byline":    {"byline", "author", "authors", "creator", "writer", "by"},
	"outlet":    {"outlet", "source", "site", "site_name", "publisher", "source_domain", "domain"},
	"lang":      {"lang", "language", "locale"},
	// NewsAPI's urlToImage, newspaper3k's top_image, Open Graph's og:image.
	"image": {"image", "image_url", "url_to_image", "top_image", "lead_image", "og_image", "main_image"},
}

// wrappers are keys under which an object may hold its list of documents,
// as in {"articles": [...]}.
var wrappers = []string{"articles", "documents", "docs", "items", "data", "results", "records"}

// keyForm folds a JSON key so that "publishedAt", "published_at" and
// "Published-At" are one key.
func keyForm(k string) string {
	return strings.ToLower(strings.NewReplacer("_", "", "-", "", " ", "").Replace(k))
}

// lookup returns m's value under key k, in any of its spellings.
func lookup(m map[string]any, k string) any {
	if v, ok := m[k]; ok {
		return v
	}
	// Two spellings of one key ("published_at", "publishedAt") go to the
	// alphabetically first, so that map order never picks the value.
	f := keyForm(k)
	var (
		found string
		v     any
		ok    bool
	)
	for mk, mv := range m {
		if keyForm(mk) == f && (!ok || mk < found) {
			found, v, ok = mk, mv, true
		}
	}
	return v
}

// field returns the named field of m as a string.
func field(m map[string]any, name string) string {
	for _, k := range fields[name] {
		switch v := lookup(m, k).(type) {
		case string:
			if s := strings.TrimSpace(v); s != "" {
				return s
			}
		case []any: // "body": ["para", "para"]
			var parts []string
			for _, x := range v {
				if s, ok := x.(string); ok && strings.TrimSpace(s) != "" {
					parts = append(parts, s)
				}
			}
			if len(parts) > 0 {
				return strings.Join(parts, "\n\n")
			}
		case json.Number:
			if name == "id" || name == "published" {
				return v.String()
			}
		case map[string]any: // "source": {"name": "…"}
			if name == "outlet" || name == "title" || name == "byline" {
				if s, ok := v["name"].(string); ok && strings.TrimSpace(s) != "" {
					return strings.TrimSpace(s)
				}
			}
		}
	}
	return ""
}

// decodeJSON unmarshals data keeping numbers as json.Number, so that a
// numeric id is kept as written.
func decodeJSON(data string, v any) error {
	dec := json.NewDecoder(strings.NewReader(data))
	dec.UseNumber()
	if err := dec.Decode(v); err != nil {
		return err
	}
	if dec.More() {
		return errors.New("more JSON after the first value")
	}
	return nil
}

// ReadJSON reads a JSON object, an array of objects (or an object wrapping
// one, as {"articles": [...]}), or JSON Lines. path names the input in
// documents and errors; base is the ID of a document without an "id"
// field, suffixed "#N" for the Nth line or item. A malformed line is
// reported and the other lines are still read.
func ReadJSON(path, base, text string) ([]model.Document, []error) {
	t := strings.TrimSpace(text)
	var whole any
	if err := decodeJSON(t, &whole); err == nil {
		switch v := whole.(type) {
		case map[string]any:
			if items := wrapped(v); items != nil {
				return readArray(path, base, items)
			}
			d, err := docFrom(v, path, base, 0)
			if err != nil {
				return nil, []error{err}
			}
			return []model.Document{d}, nil
		case []any:
			return readArray(path, base, v)
		default:
			return nil, []error{source.Errorf(path, 0, source.ErrMalformed, "not an object or an array of objects")}
		}
	}
	return readLines(path, base, t)
}

// wrapped returns the list of documents an object holds under a wrapper
// key, when it has no text of its own.
func wrapped(m map[string]any) []any {
	if field(m, "text") != "" || field(m, "html") != "" {
		return nil
	}
	for _, k := range wrappers {
		if items, ok := m[k].([]any); ok && len(items) > 0 {
			if _, ok := items[0].(map[string]any); ok {
				return items
			}
		}
	}
	return nil
}

func isObject(v any) bool {
	_, ok := v.(map[string]any)
	return ok
}

func readArray(path, base string, items []any) ([]model.Document, []error) {
	var docs []model.Document
	var errs []error
	if !slices.ContainsFunc(items, isObject) && len(items) > 0 {
		return nil, []error{source.Errorf(path, 0, source.ErrMalformed, "an array of %d values, none of them an object", len(items))}
	}
	for i, x := range items {
		file, id := fmt.Sprintf("%s#%d", path, i+1), fmt.Sprintf("%s#%d", base, i+1)
		m, ok := x.(map[string]any)
		if !ok {
			errs = append(errs, source.Errorf(file, 0, source.ErrMalformed, "item %d of the array is not an object", i+1))
			continue
		}
		d, err := docFrom(m, file, id, 0)
		if err != nil {
			errs = append(errs, err)
			continue
		}
		docs = append(docs, d)
	}
	if len(docs) == 0 && len(errs) == 0 {
		errs = append(errs, source.Errorf(path, 0, source.ErrEmpty, "an empty JSON array"))
	}
	return docs, errs
}

// readLines reads JSON Lines: one object a line, blank lines skipped.
func readLines(path, base, text string) ([]model.Document, []error) {
	var docs []model.Document
	var errs []error
	n := 0
	for line := range strings.Lines(text) {
		n++
		line = strings.TrimSpace(line)
		if line == "" {
			continue
		}
		d, err := lineDoc(path, base, n, []byte(line))
		if err != nil {
			errs = append(errs, err)
			continue
		}
		docs = append(docs, d)
	}
	if len(docs) == 0 && len(errs) == 0 {
		errs = append(errs, source.Errorf(path, 0, source.ErrEmpty, ""))
	}
	return docs, errs
}

// jsonDetail says where and why a line did not parse.
func jsonDetail(err error) string {
	var se *json.SyntaxError
	var te *json.UnmarshalTypeError
	switch {
	case err == nil:
		return "null is not an object"
	case errors.As(err, &se):
		return fmt.Sprintf("%v (at byte %d)", se, se.Offset)
	case errors.As(err, &te):
		return fmt.Sprintf("a JSON %s, not an object", te.Value)
	case errors.Is(err, io.ErrUnexpectedEOF):
		return "the line ends inside the object"
	}
	return err.Error()
}

// docFrom makes a document of one JSON object. file and id are used when
// the object carries no "id"; line is the JSON Lines line (0 for none).
func docFrom(m map[string]any, file, id string, line int) (model.Document, *source.Error) {
	d := model.Document{
		ID:        field(m, "id"),
		File:      file,
		URL:       field(m, "url"),
		Title:     normalise(field(m, "title")),
		Published: isoDate(field(m, "published")),
		Byline:    bylineOf(m),
		Outlet:    field(m, "outlet"),
		Lang:      langCode(field(m, "lang")),
		Image:     imageURL(field(m, "image")),
	}
	if d.ID == "" {
		d.ID = id
	}
	h, t := normalise(field(m, "html")), normalise(field(m, "text"))
	switch {
	case strings.TrimSpace(h) != "":
		d.Format, d.Content = model.FormatHTML, h
	case strings.TrimSpace(t) != "":
		d.Format, d.Content = model.FormatText, t
		if Sniff(t) == KindHTML {
			d.Format = model.FormatHTML
		}
	default:
		return model.Document{}, source.Errorf(file, line, source.ErrNoText, "%s", keysOf(m))
	}
	return d, nil
}

// bylineOf reads the authors of a document: "author": "Jane Doe",
// "authors": ["A", "B"] or [{"name": "A"}], "byline": "By Jane Doe".
func bylineOf(m map[string]any) []string {
	var out []string
	add := func(s string) {
		s = strings.TrimSpace(s)
		if l := strings.ToLower(s); strings.HasPrefix(l, "by ") {
			s = strings.TrimSpace(s[3:])
		}
		for _, part := range strings.FieldsFunc(s, func(r rune) bool { return r == ',' || r == ';' || r == '&' }) {
			for _, n := range strings.Split(part, " and ") {
				if n = strings.TrimSpace(n); n != "" && len(n) <= 80 {
					out = append(out, n)
				}
			}
		}
	}
	for _, k := range fields["byline"] {
		switch v := lookup(m, k).(type) {
		case string:
			add(v)
		case map[string]any:
			if s, ok := v["name"].(string); ok {
				add(s)
			}
		case []any:
			for _, x := range v {
				switch y := x.(type) {
				case string:
					add(y)
				case map[string]any:
					if s, ok := y["name"].(string); ok {
						add(s)
					}
				}
			}
		}
		if len(out) > 0 {
			return out
		}
	}
	return nil
}

// isoDate turns a metadata date into an ISO date (an ISO date or datetime
// is kept as it is): RSS-style dates, "March 24, 2022", "24 March 2022", a
// day-first or month-first numeric date when the day is above 12, and
// Unix seconds or milliseconds. What it cannot read unambiguously it drops,
// rather than pass a date in an unknown order on as ISO.
func isoDate(s string) string {
	s = strings.TrimSpace(s)
	if s == "" {
		return ""
	}
	if n, err := strconv.ParseInt(s, 10, 64); err == nil {
		switch {
		case n > 1e11 && n < 1e14: // milliseconds
			n /= 1000
			fallthrough
		case n > 1e8 && n < 1e11:
			return time.Unix(n, 0).UTC().Format(time.DateOnly)
		}
		return ""
	}
	if len(s) >= 10 {
		if _, err := time.Parse(time.DateOnly, s[:10]); err == nil {
			return s // ISO already: "2022-03-24", "2022-03-24T06:02:00Z"
		}
	}
	for _, layout := range dateLayouts {
		if t, err := time.Parse(layout, s); err == nil {
			return t.Format(time.DateOnly)
		}
	}
	if a, b, y, ok := numericDate(s); ok {
		switch {
		case a > 12 && b <= 12:
			return fmt.Sprintf("%04d-%02d-%02d", y, b, a)
		case b > 12 && a <= 12:
			return fmt.Sprintf("%04d-%02d-%02d", y, a, b)
		}
	}
	return ""
}

var dateLayouts = []string{time.RFC1123Z, time.RFC1123, time.RFC822Z, time.RFC822,
	"Mon, 2 Jan 2006 15:04:05 -0700", "Mon, 2 Jan 2006 15:04:05 MST", "January 2, 2006", "Jan 2, 2006", "2 January 2006", "2 Jan 2006",
	"Monday, January 2, 2006", "January 2, 2006 3:04 PM", "2006/01/02"}

// numericDate splits "24/03/2022" or "3.24.2022" into its two leading
// numbers and the year.
func numericDate(s string) (a, b, y int, ok bool) {
	f := strings.FieldsFunc(strings.Fields(s)[0], func(r rune) bool { return r == '/' || r == '.' || r == '-' })
	if len(f) != 3 || len(f[2]) != 4 {
		return 0, 0, 0, false
	}
	var err1, err2, err3 error
	a, err1 = strconv.Atoi(f[0])
	b, err2 = strconv.Atoi(f[1])
	y, err3 = strconv.Atoi(f[2])
	ok = err1 == nil && err2 == nil && err3 == nil && a >= 1 && b >= 1 && a <= 31 && b <= 31
	return a, b, y, ok
}

// keysOf lists an object's keys, to tell the user what the document has.
func keysOf(m map[string]any) string {
	if len(m) == 0 {
		return "the object is empty"
	}
	var b bytes.Buffer
	b.WriteString("its keys are")
	i := 0
	for _, k := range slices.Sorted(maps.Keys(m)) {
		if i == 8 {
			b.WriteString(" …")
			break
		}
		b.WriteString(" " + strconv.Quote(k))
		i++
	}
	return b.String()
}

// langCode reduces a language tag ("en-GB", "EN", "en_US") to its
// lower-case primary subtag.
func langCode(s string) string {
	s = strings.ToLower(strings.TrimSpace(s))
	if i := strings.IndexAny(s, "-_"); i > 0 {
		s = s[:i]
	}
	return s
}

// imageURL keeps a lead image URL only when it is an absolute http or
// https URL without credentials, of at most 2 KiB: anything else (a
// relative path, a data: URI, a list of sizes) cannot be shown.
func imageURL(s string) string {
	if len(s) > 2048 || strings.ContainsAny(s, " \t\r\n") {
		return ""
	}
	u, err := url.Parse(s)
	if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Hostname() == "" || u.User != nil {
		return ""
	}
	return s
}
