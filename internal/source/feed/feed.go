// Package feed reads the live sources Storyline polls: RSS 0.9x/1.0/2.0,
// Atom and JSON Feed documents, Google News sitemaps (and sitemap
// indexes), and a site's home page, whose feed it finds by
// autodiscovery. It turns their items into model.Documents carrying the
// item's own metadata (title, date, authors, outlet, lead image), which
// takes precedence over what extraction finds in the item's page.
//
// Feeds are parsed with github.com/mmcdole/gofeed: it is the maintained Go
// parser that reads all three formats and their common extensions (Dublin
// Core, Media RSS, iTunes) and normalises their dates, which a parser of our
// own would have to relearn feed by feed. Only its Parse(io.Reader) is used;
// every byte it reads was fetched by internal/fetch. (The copy the module
// proxy serves here matched the public checksum database when it was added.)
// Sitemaps are a small fixed XML vocabulary, read with encoding/xml.
//
// The package does no I/O: the poller fetches, this package reads bytes.
package feed

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"net/url"
	"regexp"
	"slices"
	"strings"
	"time"

	"github.com/mmcdole/gofeed"
	ext "github.com/mmcdole/gofeed/extensions"

	"github.com/storyline-news/storyline/internal/model"
	"github.com/storyline-news/storyline/internal/source/dir"
)

// Kinds of source.
const (
	KindFeed    = "feed"    // an RSS, Atom or JSON feed
	KindSite    = "site"    // a home page whose feed was found by autodiscovery
	KindSitemap = "sitemap" // a Google News sitemap or a sitemap index
)

// Errors a caller can test with errors.Is.
var (
	// ErrNotFeed is returned for a document that is neither a feed nor a
	// sitemap (an HTML page, an image, JSON that is not a JSON Feed).
	ErrNotFeed = errors.New("not an RSS, Atom or JSON feed, nor a sitemap")
	// ErrMalformed is returned for a feed or sitemap that cannot be parsed.
	ErrMalformed = errors.New("malformed feed")
)

// Feed is what one feed or sitemap document holds.
type Feed struct {
	Kind     string   // KindFeed or KindSitemap
	Title    string   // the feed's title, or a news sitemap's publication name
	Items    []Item   // newest first when dates are known
	Sitemaps []string // a sitemap index's child sitemaps, absolute URLs
}

// Item is one entry of a feed or a sitemap.
type Item struct {
	Key       string   // what identifies it across polls: its GUID, else its link
	URL       string   // the article's page, absolute
	Title     string   // its headline, if given
	Published string   // RFC 3339, if given
	Updated   string   // RFC 3339 of its last update, if given
	Authors   []string // its authors, if given
	Image     string   // its lead image, if given
	Outlet    string   // the feed's title or the publication's name
	Lang      string   // ISO 639-1, if given
	Content   string   // its HTML content, else its description ("" for sitemaps)
}

// Version is what tells a changed item from one seen before: its update
// time when the feed gives one, else a hash of what it says. An item whose
// Version differs from the stored one is fetched again.
func (it Item) Version() string {
	if it.Updated != "" {
		return "u:" + it.Updated
	}
	h := sha256.New()
	for _, s := range []string{it.URL, it.Title, it.Published, strings.Join(it.Authors, "\x00"), it.Content} {
		h.Write([]byte(s))
		h.Write([]byte{0})
	}
	return "h:" + hex.EncodeToString(h.Sum(nil)[:12])
}

// DocID is the stable ID of the article at pageURL: its host and a hash of
// the URL, so the same item polled again updates its article rather than
// adding one, and two feeds naming one page share it.
func DocID(pageURL string) string {
	sum := sha256.Sum256([]byte(pageURL))
	host := "item"
	if u, err := url.Parse(pageURL); err == nil && u.Hostname() != "" {
		host = strings.TrimPrefix(strings.ToLower(u.Hostname()), "www.")
	}
	return host + "_" + hex.EncodeToString(sum[:8])
}

// Document is the document of an item whose page was fetched: the page as
// HTML with the item's metadata, which takes precedence over what
// extraction finds (model.Document.Override).
func (it Item) Document(source, pageURL, html string, fetched time.Time) model.Document {
	d := it.meta(source, fetched)
	if pageURL != "" {
		d.URL = pageURL
	}
	d.Format = model.FormatHTML
	d.Content = html
	return d
}

// MinFallbackWords is how many words an item's own content needs to stand
// for its article when its page cannot be had: fewer is a teaser, not an
// article.
const MinFallbackWords = 40

// ErrShortContent is returned by Fallback when the item's own content is
// too short to stand for the article.
var ErrShortContent = errors.New("the item's own content is too short to stand for the article")

// Fallback is the document of an item whose page could not be had: the
// item's own content (else description) as text, with its metadata. It
// returns ErrShortContent when that holds fewer than MinFallbackWords
// words.
func (it Item) Fallback(source string, fetched time.Time) (model.Document, error) {
	text := HTMLText(it.Content)
	if len(strings.Fields(text)) < MinFallbackWords {
		return model.Document{}, ErrShortContent
	}
	d := it.meta(source, fetched)
	d.Format = model.FormatText
	d.Content = text
	return d, nil
}

func (it Item) meta(source string, fetched time.Time) model.Document {
	return model.Document{
		ID:        DocID(it.URL),
		File:      it.URL,
		URL:       it.URL,
		Title:     it.Title,
		Published: it.Published,
		Outlet:    it.Outlet,
		Lang:      it.Lang,
		Byline:    slices.Clone(it.Authors),
		Image:     it.Image,
		Source:    source,
		Fetched:   fetched.UTC().Format(time.RFC3339),
	}
}

// Parse reads a feed or a sitemap fetched from docURL (which relative links
// are resolved against). Legacy encodings are decoded first, whether
// declared or not. An item without a usable http(s) link is left out.
func Parse(docURL string, body []byte) (*Feed, error) {
	text, err := decode(body)
	if err != nil {
		return nil, fmt.Errorf("%s: %w: %v", docURL, ErrMalformed, err)
	}
	base, err := url.Parse(docURL)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", docURL, err)
	}
	switch root := rootElement(text); root {
	case "urlset", "sitemapindex":
		return parseSitemap(base, text)
	case "rss", "rdf", "feed":
	case "":
		if !strings.HasPrefix(strings.TrimSpace(text), "{") {
			return nil, fmt.Errorf("%s: %w", docURL, ErrNotFeed)
		}
	default:
		return nil, fmt.Errorf("%s: %w (its root element is <%s>)", docURL, ErrNotFeed, root)
	}
	f, err := gofeed.NewParser().Parse(strings.NewReader(text))
	if err != nil {
		if errors.Is(err, gofeed.ErrFeedTypeNotDetected) {
			return nil, fmt.Errorf("%s: %w", docURL, ErrNotFeed)
		}
		return nil, fmt.Errorf("%s: %w: %v", docURL, ErrMalformed, err)
	}
	return fromGofeed(base, f), nil
}

// decode returns body as UTF-8 with any encoding declaration of its XML
// prolog removed: the bytes are decoded already, so a parser must not
// decode them again.
func decode(body []byte) (string, error) {
	text, _, err := dir.Decode(body)
	if err != nil {
		return "", err
	}
	if strings.HasPrefix(text, "<?xml") {
		if end := strings.Index(text, "?>"); end > 0 {
			text = xmlEncoding.ReplaceAllString(text[:end], "") + text[end:]
		}
	}
	return text, nil
}

var xmlEncoding = regexp.MustCompile(`\s+encoding\s*=\s*["'][^"']*["']`)

// rootElement is the local name of the first element of an XML text,
// lower-cased; "" when the text does not start like XML.
func rootElement(text string) string {
	s := strings.TrimSpace(text)
	for strings.HasPrefix(s, "<") {
		switch {
		case strings.HasPrefix(s, "<?"):
			i := strings.Index(s, "?>")
			if i < 0 {
				return ""
			}
			s = strings.TrimSpace(s[i+2:])
		case strings.HasPrefix(s, "<!--"):
			i := strings.Index(s, "-->")
			if i < 0 {
				return ""
			}
			s = strings.TrimSpace(s[i+3:])
		case strings.HasPrefix(s, "<!"):
			i := strings.Index(s, ">")
			if i < 0 {
				return ""
			}
			s = strings.TrimSpace(s[i+1:])
		default:
			name := s[1:]
			if i := strings.IndexAny(name, " \t\r\n/>"); i >= 0 {
				name = name[:i]
			}
			if _, local, ok := strings.Cut(name, ":"); ok {
				name = local
			}
			return strings.ToLower(name)
		}
	}
	return ""
}

func fromGofeed(base *url.URL, f *gofeed.Feed) *Feed {
	out := &Feed{Kind: KindFeed, Title: strings.TrimSpace(f.Title)}
	lang := isoLang(f.Language)
	for _, gi := range f.Items {
		if gi == nil {
			continue
		}
		link := resolve(base, gi.Link)
		if link == "" {
			for _, l := range gi.Links {
				if link = resolve(base, l); link != "" {
					break
				}
			}
		}
		if link == "" && isURL(gi.GUID) {
			link = resolve(base, gi.GUID)
		}
		if link == "" {
			continue
		}
		it := Item{
			Key:     strings.TrimSpace(gi.GUID),
			URL:     link,
			Title:   strings.TrimSpace(HTMLText(gi.Title)),
			Outlet:  out.Title,
			Lang:    lang,
			Content: gi.Content,
			Image:   itemImage(base, gi),
			Authors: authors(gi),
		}
		if it.Key == "" {
			it.Key = link
		}
		if it.Content == "" {
			it.Content = gi.Description
		}
		if gi.PublishedParsed != nil {
			it.Published = gi.PublishedParsed.UTC().Format(time.RFC3339)
		}
		if gi.UpdatedParsed != nil {
			it.Updated = gi.UpdatedParsed.UTC().Format(time.RFC3339)
			if it.Published == "" {
				it.Published = it.Updated
			}
		}
		out.Items = append(out.Items, it)
	}
	sortNewest(out.Items)
	return out
}

// sortNewest orders items newest first, undated ones after in feed order.
func sortNewest(items []Item) {
	slices.SortStableFunc(items, func(a, b Item) int {
		switch {
		case a.Published == b.Published:
			return 0
		case a.Published == "":
			return 1
		case b.Published == "":
			return -1
		}
		ta, ea := time.Parse(time.RFC3339, a.Published)
		tb, eb := time.Parse(time.RFC3339, b.Published)
		if ea != nil || eb != nil {
			return strings.Compare(b.Published, a.Published)
		}
		return tb.Compare(ta)
	})
}

func authors(gi *gofeed.Item) []string {
	var names []string
	add := func(n string) {
		n = strings.TrimSpace(HTMLText(n))
		if n != "" && !slices.Contains(names, n) {
			names = append(names, n)
		}
	}
	for _, p := range gi.Authors {
		if p != nil {
			add(p.Name)
		}
	}
	if gi.DublinCoreExt != nil {
		for _, c := range gi.DublinCoreExt.Creator {
			add(c)
		}
	}
	return names
}

// itemImage is the item's lead image: Media RSS content or thumbnail,
// then an image enclosure, then an iTunes image, then gofeed's image.
func itemImage(base *url.URL, gi *gofeed.Item) string {
	if u := mediaImage(base, gi.Extensions["media"]); u != "" {
		return u
	}
	for _, e := range gi.Enclosures {
		if e != nil && strings.HasPrefix(strings.ToLower(e.Type), "image/") {
			if u := resolve(base, e.URL); u != "" {
				return u
			}
		}
	}
	if gi.ITunesExt != nil {
		if u := resolve(base, gi.ITunesExt.Image); u != "" {
			return u
		}
	}
	// gofeed's own image, last: for RSS it falls back to the first <img>
	// of the description, often a tracking pixel.
	if gi.Image != nil {
		return resolve(base, gi.Image.URL)
	}
	return ""
}

// mediaImage finds the largest media:content image (or, lacking one, the
// first media:thumbnail), also inside media:group.
func mediaImage(base *url.URL, media map[string][]ext.Extension) string {
	if media == nil {
		return ""
	}
	contents := slices.Clone(media["content"])
	thumbs := slices.Clone(media["thumbnail"])
	for _, g := range media["group"] {
		contents = append(contents, g.Children["content"]...)
		thumbs = append(thumbs, g.Children["thumbnail"]...)
	}
	best, bestWidth := "", -1
	for _, c := range contents {
		medium, typ := c.Attrs["medium"], c.Attrs["type"]
		if medium != "" && medium != "image" || medium == "" && typ != "" && !strings.HasPrefix(typ, "image/") {
			continue
		}
		u := resolve(base, c.Attrs["url"])
		if u == "" {
			continue
		}
		w := 0
		fmt.Sscan(c.Attrs["width"], &w)
		if w > bestWidth {
			best, bestWidth = u, w
		}
	}
	if best != "" {
		return best
	}
	for _, t := range thumbs {
		if u := resolve(base, t.Attrs["url"]); u != "" {
			return u
		}
	}
	return ""
}

// resolve makes ref absolute against base and returns it when it is an
// http(s) URL, else "".
func resolve(base *url.URL, ref string) string {
	ref = strings.TrimSpace(ref)
	if ref == "" {
		return ""
	}
	u, err := url.Parse(ref)
	if err != nil {
		return ""
	}
	if base != nil {
		u = base.ResolveReference(u)
	}
	if (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
		return ""
	}
	u.Fragment = ""
	return u.String()
}

func isURL(s string) bool {
	s = strings.ToLower(strings.TrimSpace(s))
	return strings.HasPrefix(s, "http://") || strings.HasPrefix(s, "https://")
}

// isoLang turns a feed's language ("en-gb", "pt-BR") into ISO 639-1.
func isoLang(s string) string {
	s = strings.ToLower(strings.TrimSpace(s))
	if i := strings.IndexAny(s, "-_"); i >= 0 {
		s = s[:i]
	}
	if len(s) != 2 || s[0] < 'a' || s[0] > 'z' || s[1] < 'a' || s[1] > 'z' {
		return ""
	}
	return s
}

// LooksLikeFeed reports whether body is a feed or a sitemap rather than
// a page, by its first element (or a JSON Feed's version key).
func LooksLikeFeed(body []byte) bool {
	head := body[:min(len(body), 4096)]
	switch rootElement(string(head)) {
	case "rss", "rdf", "feed", "urlset", "sitemapindex":
		return true
	}
	return bytes.HasPrefix(bytes.TrimSpace(head), []byte("{")) && bytes.Contains(head, []byte("jsonfeed.org/version"))
}
