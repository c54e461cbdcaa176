package webpage

import (
	nurl "net/url"
	"strings"

	"golang.org/x/net/html"
	"golang.org/x/net/html/atom"
)

// maxImageURL is the longest lead image URL kept: longer ones are tracking
// debris or data smuggled in a query, not a picture's address.
const maxImageURL = 2048

// headScan bounds how much of a page leadImage reads looking for the end
// of its head.
const headScan = 1 << 20

// imageKeys are the meta names and properties that name a page's lead
// image, best first: Open Graph (ogp.me), then Twitter cards
// (developer.x.com "Cards markup"), then schema.org's itemprop.
var imageKeys = []string{
	"og:image", "og:image:url", "og:image:secure_url",
	"twitter:image", "twitter:image:src",
	"image_src", // <link rel="image_src">
	"image",
}

// leadImage returns the lead image a page's head names — og:image,
// twitter:image, <link rel="image_src"> or a schema.org image, in that
// order of preference — as an absolute http or https URL, resolved
// against the page's <base> and pageURL (or, when pageURL is not
// absolute, the page's og:url or canonical link). It returns "" when the
// page names none that is usable.
func leadImage(page, pageURL string) string {
	found := map[string]string{} // key of imageKeys, or "image_src" → raw URL
	var baseHref, ogURL, canonical string
	z := html.NewTokenizer(strings.NewReader(page))
	read := 0
scan:
	for read < headScan {
		tt := z.Next()
		read += len(z.Raw())
		switch tt {
		case html.ErrorToken:
			break scan
		case html.EndTagToken:
			if name, _ := z.TagName(); atom.Lookup(name) == atom.Head {
				break scan
			}
		case html.StartTagToken, html.SelfClosingTagToken:
			name, hasAttr := z.TagName()
			a := atom.Lookup(name)
			if a == atom.Body {
				break scan
			}
			if !hasAttr || (a != atom.Meta && a != atom.Link && a != atom.Base) {
				continue
			}
			attrs := map[string]string{}
			for {
				k, v, more := z.TagAttr()
				attrs[string(k)] = strings.TrimSpace(string(v))
				if !more {
					break
				}
			}
			switch a {
			case atom.Base:
				baseHref = first(baseHref, attrs["href"])
			case atom.Link:
				for _, rel := range strings.Fields(strings.ToLower(attrs["rel"])) {
					switch rel {
					case "image_src":
						if found["image_src"] == "" {
							found["image_src"] = attrs["href"]
						}
					case "canonical":
						canonical = first(canonical, attrs["href"])
					}
				}
			case atom.Meta:
				content := attrs["content"]
				for _, key := range []string{attrs["property"], attrs["name"], attrs["itemprop"]} {
					key = strings.ToLower(key)
					if key == "og:url" {
						ogURL = first(ogURL, content)
					}
					if key != "" && content != "" && found[key] == "" {
						found[key] = content
					}
				}
			}
		}
	}
	// Relative addresses resolve against <base href> (itself relative to
	// the page's address), else the page's address, as a browser does.
	base := absHTTP(pageURL, nil)
	for _, b := range []string{ogURL, canonical} {
		if base == nil {
			base = absHTTP(b, nil)
		}
	}
	if b := absHTTP(baseHref, base); b != nil {
		base = b
	}
	for _, key := range imageKeys {
		if u := imageURL(found[key], base); u != "" {
			return u
		}
	}
	return ""
}

// imageURL resolves raw against base and returns it when it is an absolute
// http or https URL of reasonable length without credentials, else "".
func imageURL(raw string, base *nurl.URL) string {
	if raw == "" || len(raw) > maxImageURL || strings.ContainsAny(raw, "\x00\r\n\t ") {
		return ""
	}
	if base == nil && strings.HasPrefix(raw, "//") {
		raw = "https:" + raw // protocol-relative, on a page of unknown address
	}
	u := absHTTP(raw, base)
	if u == nil {
		return ""
	}
	u.Fragment, u.RawFragment = "", ""
	s := u.String()
	if len(s) > maxImageURL {
		return ""
	}
	return s
}

// absHTTP parses raw, resolved against base when given, and returns it if
// it is an absolute http or https URL with a host and no user info.
func absHTTP(raw string, base *nurl.URL) *nurl.URL {
	if raw == "" {
		return nil
	}
	u, err := nurl.Parse(raw)
	if err != nil {
		return nil
	}
	if base != nil {
		u = base.ResolveReference(u)
	}
	if (u.Scheme != "http" && u.Scheme != "https") || u.Hostname() == "" || u.User != nil {
		return nil
	}
	return u
}

// first returns a unless it is empty, then b.
func first(a, b string) string {
	if a != "" {
		return a
	}
	return b
}
