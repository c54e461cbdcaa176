package textdump

import (
	"net/url"
	"regexp"
	"strings"
	"unicode"
)

// maxHeaderScan is how many lines from the top a header may span.
const maxHeaderScan = 20

// bareDomain is a line that is only a site's address: "pinecrestsignal.com",
// "www.example-news.co.uk".
var bareDomain = regexp.MustCompile(`(?i)^(?:www\.)?[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?(?:\.[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?)*\.[a-z]{2,12}/?$`)

// outletFromDomain finds the outlet by its address: a short name line near
// the top whose letters spell a label of a domain given in the header (as a
// bare domain line or in the article's address), as aggregators that list
// sources by site show it ("pinecrestsignal.com" / "Pinecrest Signal").
// It marks bare domain lines and the name line as metadata and returns the
// name, or "" when no line matches.
func outletFromDomain(lines []line) string {
	var labels []string
	for i := 0; i < len(lines) && i < maxHeaderScan; i++ {
		t := lines[i].text
		var host string
		switch {
		case bareDomain.MatchString(t):
			host = strings.TrimSuffix(t, "/")
			lines[i].kind = kMeta
		case isURLLine(t):
			if u, err := url.Parse(strings.Join(strings.Fields(t), "")); err == nil {
				host = u.Hostname()
			}
		default:
			continue
		}
		parts := strings.Split(strings.ToLower(host), ".")
		// The last label is the top-level domain; "www" and two-letter
		// second levels ("co", "ac") name no one.
		for _, p := range parts[:max(len(parts)-1, 0)] {
			if p != "www" && len(p) > 2 {
				labels = append(labels, strings.ReplaceAll(p, "-", ""))
			}
		}
	}
	if len(labels) == 0 {
		return ""
	}
	for i := 0; i < len(lines) && i < maxHeaderScan; i++ {
		t := lines[i].text
		if lines[i].kind != kUnknown || !isTitleLabel(t) {
			continue
		}
		c := compact(t)
		for _, l := range labels {
			if c == l || "the"+c == l || strings.TrimPrefix(c, "the") == l {
				lines[i].kind = kMeta
				return t
			}
		}
	}
	return ""
}

// compact folds a name to its lower-case letters and digits, as a domain
// writes it.
func compact(t string) string {
	var b strings.Builder
	for _, r := range strings.ToLower(t) {
		if unicode.IsLetter(r) || unicode.IsDigit(r) {
			b.WriteRune(r)
		}
	}
	return b.String()
}
