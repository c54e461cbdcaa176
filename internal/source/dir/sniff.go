package dir

import (
	"bufio"
	"encoding/json"
	"fmt"
	"regexp"
	"strings"

	"github.com/storyline-news/storyline/internal/model"
	"github.com/storyline-news/storyline/internal/source"
)

type sniffed int

const (
	sniffText sniffed = iota
	sniffHTML
	sniffJSON
)

var (
	htmlStart = regexp.MustCompile(`(?is)^\s*(<\?xml[^>]*>\s*)?(<!--.*?-->\s*)*<(!doctype\s+html|html[\s>]|head[\s>]|body[\s>])`)
	htmlTag   = regexp.MustCompile(`(?i)<(p|div|body|head|article|br|meta|span|a\s+href|section|title|h[1-6]|script|li)[\s>/]`)
)

// Sniff tells the format of decoded content: JSON (an object, an array or
// JSON Lines), HTML (a doctype or html element first, or markup dense in
// its first kilobytes), or plain text.
func Sniff(text string) sniffed {
	t := strings.TrimSpace(text)
	if t == "" {
		return sniffText
	}
	if t[0] == '{' || t[0] == '[' {
		first := t
		if i := strings.IndexByte(t, '\n'); i >= 0 {
			first = t[:i]
		}
		if json.Valid([]byte(t)) || json.Valid([]byte(strings.TrimSpace(first))) || t[0] == '{' && strings.Contains(first, `":`) {
			return sniffJSON
		}
	}
	head := t[:min(len(t), 4096)]
	if htmlStart.MatchString(head) {
		return sniffHTML
	}
	if len(htmlTag.FindAllStringIndex(head, 6)) >= 5 {
		return sniffHTML
	}
	return sniffText
}

// fields lists, for each document field, the JSON keys that may carry it,
// first match wins.
var fields = map[string][]string{
	"id":        {"id", "doc_id", "guid", "uuid"},
	"url":       {"url", "link", "uri", "canonical_url"},
	"title":     {"title", "headline"},
	"text":      {"text", "body", "content", "article", "maintext"},
	"html":      {"html", "raw_html", "content_html"},
	"published": {"published", "date", "published_at", "pubdate", "date_publish", "datetime", "created_at"},
	"outlet":    {"outlet", "source", "site", "site_name", "publisher", "source_domain"},
	"lang":      {"lang", "language"},
}

func field(m map[string]any, name string) string {
	for _, k := range fields[name] {
		switch v := m[k].(type) {
		case string:
			if s := strings.TrimSpace(v); s != "" {
				return s
			}
		case []any: // "body": ["para", "para"]
			var parts []string
			for _, x := range v {
				if s, ok := x.(string); ok {
					parts = append(parts, s)
				}
			}
			if len(parts) > 0 {
				return strings.Join(parts, "\n\n")
			}
		case float64:
			if name == "id" {
				return fmt.Sprint(v)
			}
		case map[string]any: // "source": {"name": "…"}
			if s, ok := v["name"].(string); ok && name == "outlet" {
				return s
			}
		}
	}
	return ""
}

// parseJSON reads a JSON object, an array of objects, or JSON Lines.
func parseJSON(path, base, text string) ([]model.Document, []error) {
	t := strings.TrimSpace(text)
	var whole any
	if err := json.Unmarshal([]byte(t), &whole); err == nil {
		switch v := whole.(type) {
		case map[string]any:
			d, err := docFrom(v, path, base, 0)
			if err != nil {
				return nil, []error{err}
			}
			return []model.Document{d}, nil
		case []any:
			var docs []model.Document
			var errs []error
			for i, x := range v {
				m, ok := x.(map[string]any)
				if !ok {
					errs = append(errs, &source.Error{File: path, Line: 0, Reason: source.ErrMalformed, Detail: fmt.Sprintf("item %d of the array is not an object", i+1)})
					continue
				}
				d, err := docFrom(m, fmt.Sprintf("%s#%d", path, i+1), fmt.Sprintf("%s#%d", base, i+1), 0)
				if err != nil {
					errs = append(errs, err)
					continue
				}
				docs = append(docs, d)
			}
			return docs, errs
		default:
			return nil, []error{&source.Error{File: path, Reason: source.ErrMalformed, Detail: "not an object or an array of objects"}}
		}
	}
	// JSON Lines.
	var docs []model.Document
	var errs []error
	sc := bufio.NewScanner(strings.NewReader(text))
	sc.Buffer(make([]byte, 64<<10), len(text)+1)
	n := 0
	for sc.Scan() {
		n++
		line := strings.TrimSpace(sc.Text())
		if line == "" {
			continue
		}
		var m map[string]any
		if err := json.Unmarshal([]byte(line), &m); err != nil {
			errs = append(errs, &source.Error{File: path, Line: n, Reason: source.ErrMalformed, Detail: jsonDetail(err)})
			continue
		}
		d, err := docFrom(m, fmt.Sprintf("%s#%d", path, n), fmt.Sprintf("%s#%d", base, n), n)
		if err != nil {
			var se *source.Error
			if e, ok := err.(*source.Error); ok {
				se = e
				se.File, se.Line = path, n
			}
			errs = append(errs, err)
			continue
		}
		docs = append(docs, d)
	}
	if len(docs) == 0 && len(errs) == 0 {
		errs = append(errs, &source.Error{File: path, Reason: source.ErrEmpty})
	}
	return docs, errs
}

func jsonDetail(err error) string {
	if se, ok := err.(*json.SyntaxError); ok {
		return fmt.Sprintf("%v at byte %d", se, se.Offset)
	}
	return err.Error()
}

// docFrom makes a document of one JSON object. file and id are the fallbacks
// when the object carries no "id".
func docFrom(m map[string]any, file, id string, line int) (model.Document, error) {
	d := model.Document{
		ID:        field(m, "id"),
		File:      file,
		URL:       field(m, "url"),
		Title:     field(m, "title"),
		Published: field(m, "published"),
		Outlet:    field(m, "outlet"),
		Lang:      strings.ToLower(field(m, "lang")),
	}
	if d.ID == "" {
		d.ID = id
	}
	if h := field(m, "html"); h != "" {
		d.Format, d.Content = model.FormatHTML, h
	} else if t := field(m, "text"); t != "" {
		d.Format, d.Content = model.FormatText, t
		if Sniff(t) == sniffHTML {
			d.Format = model.FormatHTML
		}
	} else {
		return d, &source.Error{File: file, Line: line, Reason: source.ErrNoText}
	}
	d.Content = strings.ToValidUTF8(strings.ReplaceAll(d.Content, "\r\n", "\n"), "\uFFFD")
	return d, nil
}
