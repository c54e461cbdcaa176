package feed

import (
	"net/url"
	"slices"
	"strings"

	"golang.org/x/net/html"
	"golang.org/x/net/html/atom"
)

// feedTypes are the media types a <link rel="alternate"> names a feed by
// (RSS Advisory Board's autodiscovery spec, RFC 4287 for Atom, and the
// JSON Feed 1.1 spec).
var feedTypes = []string{
	"application/rss+xml",
	"application/atom+xml",
	"application/feed+json",
	"application/json", // JSON Feed 1.0's advice
	"application/rdf+xml",
	"text/xml", "application/xml", // seen on older sites
}

// Discover returns the feeds a home page advertises with
// <link rel="alternate" type="…">, resolved against pageURL (or the
// page's <base href>), in page order without repeats. It reads only the
// page's head and body links, never fetching anything.
func Discover(pageURL, page string) []string {
	base, err := url.Parse(pageURL)
	if err != nil {
		return nil
	}
	z := html.NewTokenizer(strings.NewReader(page))
	var found []string
	for {
		tt := z.Next()
		if tt == html.ErrorToken {
			return found
		}
		if tt != html.StartTagToken && tt != html.SelfClosingTagToken {
			continue
		}
		name, hasAttr := z.TagName()
		a := atom.Lookup(name)
		if (a != atom.Link && a != atom.Base) || !hasAttr {
			if a == atom.Body {
				// Links in the body are rare and often point at other
				// sites' feeds; the head is where a site names its own.
				return found
			}
			continue
		}
		attrs := map[string]string{}
		for {
			k, v, more := z.TagAttr()
			attrs[strings.ToLower(string(k))] = string(v)
			if !more {
				break
			}
		}
		if a == atom.Base {
			if u, err := url.Parse(attrs["href"]); err == nil && attrs["href"] != "" {
				base = base.ResolveReference(u)
			}
			continue
		}
		rels := strings.Fields(strings.ToLower(attrs["rel"]))
		typ := strings.ToLower(strings.TrimSpace(strings.Split(attrs["type"], ";")[0]))
		if !slices.Contains(rels, "alternate") || !slices.Contains(feedTypes, typ) {
			continue
		}
		if u := resolve(base, attrs["href"]); u != "" && !slices.Contains(found, u) {
			found = append(found, u)
		}
	}
}

// fallbackPaths are the feed locations common publishing systems use
// (WordPress /feed/, Ghost /rss/, Hugo /index.xml, Jekyll /feed.xml, and
// the generic /rss.xml and /atom.xml), tried when a page names no feed.
var fallbackPaths = []string{"/feed", "/rss", "/feed.xml", "/rss.xml", "/atom.xml", "/index.xml", "/feeds/all.atom.xml"}

// Fallbacks returns the common feed URLs of the site at siteURL, to try in
// order when its home page advertises none.
func Fallbacks(siteURL string) []string {
	u, err := url.Parse(siteURL)
	if err != nil || u.Host == "" {
		return nil
	}
	out := make([]string, 0, len(fallbackPaths))
	for _, p := range fallbackPaths {
		out = append(out, (&url.URL{Scheme: u.Scheme, Host: u.Host, Path: p}).String())
	}
	return out
}
