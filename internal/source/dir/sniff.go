package dir

import (
	"encoding/json"
	"regexp"
	"strings"
)

// Kind is what Sniff makes of decoded content.
type Kind int

// The kinds of content Sniff tells apart.
const (
	KindText Kind = iota // plain text
	KindHTML             // an HTML page or fragment
	KindJSON             // a JSON object, an array of objects, or JSON Lines
)

// String names the kind, for tests and logs.
func (k Kind) String() string {
	switch k {
	case KindHTML:
		return "html"
	case KindJSON:
		return "json"
	default:
		return "text"
	}
}

var (
	// htmlStart matches a page that opens as HTML: a doctype or an html,
	// head or body element, after an optional XML declaration, comments
	// or a BOM-less blank start.
	htmlStart = regexp.MustCompile(`(?is)^\s*(<\?xml[^>]*>\s*)?(<!--.*?-->\s*)*<(!doctype\s+html|html[\s>]|head[\s>]|body[\s>])`)
	// htmlTag matches the elements that make up article markup.
	htmlTag = regexp.MustCompile(`(?i)<(p|div|body|head|article|br|meta|span|a\s+href|section|title|h[1-6]|script|li|ul|img|table|tr|td|em|strong|b|i|header|footer|nav|main|figure|link)[\s>/]`)
)

// minTags is how many article elements in the first 4 KB make markup of a
// file that does not open as HTML (a fragment, or a page after some junk).
const minTags = 5

// Sniff tells the kind of decoded content: JSON (it opens with { or [ and
// parses as a whole, or its first line opens a JSON object: JSON Lines),
// HTML (a doctype or html/head/body element first, or article markup dense
// in its first 4 KB), or plain text. A file's name plays no part.
func Sniff(text string) Kind {
	t := strings.TrimSpace(text)
	if t == "" {
		return KindText
	}
	if t[0] == '{' || t[0] == '[' {
		first := t
		if i := strings.IndexByte(t, '\n'); i >= 0 {
			first = strings.TrimSpace(t[:i])
		}
		if looksJSONObject(first) || json.Valid([]byte(first)) && first[0] == '{' {
			return KindJSON
		}
		if json.Valid([]byte(t)) {
			return KindJSON
		}
	}
	head := t[:min(len(t), 4096)]
	if htmlStart.MatchString(head) {
		return KindHTML
	}
	if len(htmlTag.FindAllStringIndex(head, minTags)) >= minTags {
		return KindHTML
	}
	return KindText
}

// jsonKey matches the opening of a JSON object: a brace and a quoted key
// followed by a colon.
var jsonKey = regexp.MustCompile(`^\{\s*"[^"\\]{0,200}"\s*:`)

// looksJSONObject reports whether a line opens a JSON object, even one
// that is cut short or broken further on.
func looksJSONObject(line string) bool {
	return jsonKey.MatchString(line)
}
