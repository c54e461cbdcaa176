// Package link decides which links taken from article metadata Storyline
// passes on to readers. Article URLs come from whatever was ingested, so a
// "javascript:" or "data:" URL there must never become a link a reader can
// follow, on a page or in a feed.
package link

import (
	"net/url"
	"strings"
)

// Web returns raw when it is an absolute http or https URL with a host,
// and "" otherwise (another scheme, a relative or malformed URL).
func Web(raw string) string {
	raw = strings.TrimSpace(raw)
	u, err := url.Parse(raw)
	if err != nil || u.Host == "" {
		return ""
	}
	switch strings.ToLower(u.Scheme) {
	case "http", "https":
		return raw
	}
	return ""
}
