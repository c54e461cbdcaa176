// Package webpage turns saved HTML article pages into clean articles.
//
// go-trafilatura finds the main content and the metadata (title, author,
// date, site name, categories); this package builds paragraphs from its
// content node rather than its flattened text (which loses paragraph
// breaks and starts with the headline), drops the headline repeated at the
// top, and removes what it leaks: subscription and newsletter boxes, share
// and "read more" lines, photo credits and captions, using the same chrome
// rules as the text-dump reader (package chrome). It also finds the lead
// image the page names (og:image, twitter:image, link rel=image_src; see
// image.go), read from the head with a tokenizer of its own because
// go-trafilatura neither reads image_src links nor resolves a relative
// image against a saved page's <base>, og:url or canonical link.
package webpage

import (
	"context"
	"errors"
	"fmt"
	nurl "net/url"
	"regexp"
	"strings"
	"unicode"
	"unicode/utf8"

	trafilatura "github.com/markusmobius/go-trafilatura"
	"golang.org/x/net/html"

	"github.com/storyline-news/storyline/internal/extract/chrome"
	"github.com/storyline-news/storyline/internal/model"
)

// ErrNoText is returned for a page in which no article text was found.
var ErrNoText = errors.New("no article text found in the page")

// Extractor reads HTML pages with go-trafilatura in its recall-favouring
// mode, which on the Zyte benchmark scores F1 0.968 against 0.967 balanced
// and 0.920 precision-favouring. The zero value is ready; it is safe for
// concurrent use.
type Extractor struct {
	// Fallback also runs go-trafilatura's fallback extractors (readability,
	// dom-distiller) and keeps the better result: slower, and on the Zyte
	// benchmark no better.
	Fallback bool
}

// Extract returns the article in doc's HTML.
func (e *Extractor) Extract(_ context.Context, doc model.Document) (art model.Article, err error) {
	art = model.Article{ID: doc.ID, File: doc.File, URL: doc.URL, Language: doc.Lang}
	defer func() {
		// The HTML parser and extractor are third-party code fed with
		// anything users save; a panic there must cost one document only.
		if r := recover(); r != nil {
			err = fmt.Errorf("webpage: %s: extractor failed: %v", doc.File, r)
		}
	}()
	opts := trafilatura.Options{EnableFallback: e.Fallback, Focus: trafilatura.FavorRecall, ExcludeComments: true, HtmlDateMode: trafilatura.Fast}
	if u, perr := nurl.Parse(doc.URL); perr == nil && u.Host != "" {
		opts.OriginalURL = u
	}
	res, err := trafilatura.Extract(strings.NewReader(doc.Content), opts)
	if err != nil {
		return art, fmt.Errorf("webpage: %s: %w: %v", doc.File, ErrNoText, err)
	}
	md := res.Metadata
	art.Headline = cleanTitle(md.Title, md.Sitename)
	art.Outlet = strings.TrimSpace(md.Sitename)
	art.Byline = splitAuthors(md.Author)
	if !md.Date.IsZero() {
		art.Published = md.Date.Format("2006-01-02")
	}
	if len(md.Categories) > 0 {
		art.Section = strings.TrimSpace(md.Categories[0])
	}
	if art.Language == "" && md.Language != "" {
		art.Language = strings.ToLower(strings.SplitN(md.Language, "-", 2)[0])
	}
	if art.URL == "" {
		art.URL = md.URL
	}
	art.Image = leadImage(doc.Content, art.URL)
	if art.Image == "" {
		// go-trafilatura also reads image meta tags outside the head.
		art.Image = imageURL(md.Image, absHTTP(art.URL, nil))
	}
	doc.Override(&art) // a feed's own image (media:content) wins
	var paras []string
	if res.ContentNode != nil {
		paras = paragraphs(res.ContentNode)
	}
	if len(paras) == 0 {
		for _, l := range strings.Split(res.ContentText, "\n") {
			if l = strings.TrimSpace(l); l != "" {
				paras = append(paras, l)
			}
		}
	}
	art.Body = clean(paras, art.Headline)
	if len(art.Body) == 0 {
		return art, fmt.Errorf("webpage: %s: %w", doc.File, ErrNoText)
	}
	return art, nil
}

// blocks are the elements whose text makes one paragraph.
var blocks = map[string]bool{
	"p": true, "h1": true, "h2": true, "h3": true, "h4": true, "h5": true, "h6": true, "head": true,
	"li": true, "item": true, "blockquote": true, "quote": true, "pre": true, "code": true, "tr": true, "row": true,
	"div": true, "section": true, "article": true, "figcaption": true, "dd": true, "dt": true,
}

// paragraphs walks the content node and returns the text of its blocks in
// document order. A block holding other blocks gives its loose text as
// paragraphs of its own.
func paragraphs(n *html.Node) []string {
	var out []string
	var cur strings.Builder
	flush := func() {
		if t := squash(cur.String()); t != "" {
			out = append(out, t)
		}
		cur.Reset()
	}
	var walk func(*html.Node)
	walk = func(n *html.Node) {
		switch n.Type {
		case html.TextNode:
			// Inline elements that stood on their own lines in the source
			// may reach us with the white space between them lost:
			// "Vernon's" + "injury". Letters meeting letters get a space.
			if cur.Len() > 0 && n.Data != "" {
				prev, _ := utf8.DecodeLastRuneInString(cur.String())
				next, _ := utf8.DecodeRuneInString(n.Data)
				if isWordRune(prev) && isWordRune(next) && n.PrevSibling != nil {
					cur.WriteByte(' ')
				}
			}
			cur.WriteString(n.Data)
			return
		case html.ElementNode:
			switch n.Data {
			case "td", "th", "cell":
				cur.WriteByte(' ')
			case "script", "style", "noscript", "figure", "graphic", "img", "svg", "button", "form", "aside", "nav":
				return
			case "br", "lb":
				cur.WriteByte('\n')
				return
			}
		}
		isBlock := n.Type == html.ElementNode && blocks[n.Data]
		if isBlock {
			flush()
		}
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			walk(c)
		}
		if isBlock {
			flush()
		}
	}
	walk(n)
	flush()
	return out
}

func isWordRune(r rune) bool { return unicode.IsLetter(r) || unicode.IsDigit(r) }

var spaces = regexp.MustCompile(`[ \t\x{00a0}\x{2009}\x{200a}\x{202f}]+`)

// squash folds white space; a line break inside a paragraph becomes a space
// unless it separates lines of verse or an address (kept short lines).
func squash(s string) string {
	var lines []string
	for _, l := range strings.Split(s, "\n") {
		if l = strings.TrimSpace(spaces.ReplaceAllString(l, " ")); l != "" {
			lines = append(lines, l)
		}
	}
	return strings.Join(lines, " ")
}

// clean drops chrome and the repeated headline from extracted paragraphs.
func clean(paras []string, headline string) []string {
	var out []string
	hl := chrome.Normalize(headline)
	for i, p := range paras {
		if i < 3 && hl != "" && chrome.Normalize(p) == hl {
			continue
		}
		if isChrome(p) {
			continue
		}
		if cap, _, ok := chrome.SplitCredit(p); ok && !chrome.EndsSentence(cap) && chrome.Words(cap) < 40 {
			continue // a photo caption with its credit
		}
		if len(out) > 0 && out[len(out)-1] == p && len(p) > 40 {
			continue
		}
		out = append(out, p)
	}
	// Trailing debris: share lines, tags, short lines without punctuation.
	for len(out) > 0 {
		last := out[len(out)-1]
		if chrome.EndsSentence(last) || chrome.Words(last) > 12 || utf8.RuneCountInString(last) > 80 || strings.HasSuffix(last, ":") {
			break
		}
		out = out[:len(out)-1]
	}
	return out
}

var (
	copyrightLine = regexp.MustCompile(`(?i)^(©|\(c\)|copyright\b)`)
	tagsLine      = regexp.MustCompile(`(?i)^(tags|tagged|tagged with|topics|filed under|categories|related)\s*:?\s`)
	boxPhrase     = regexp.MustCompile(`(?i)(sign up (for|to) (our|the)|subscribe (to|for|now)|newsletter|already a subscriber|to continue reading|this article is (for|available to) (subscribers|members)|create a free account|log in to (continue|read)|you have reached your (free )?(article )?limit|support our journalism|become a (member|subscriber)|we use cookies|accept cookies|enable javascript|click here to)`)
)

// isChrome reports whether a paragraph is page chrome: a short call to
// action, a credit, a copyright line, or a subscription box's text.
func isChrome(p string) bool {
	if chrome.IsCreditLine(p) || chrome.IsTrackingToken(p) {
		return true
	}
	if chrome.Words(p) <= 14 && chrome.IsCallToAction(p) {
		return true
	}
	if tagsLine.MatchString(p) && !chrome.EndsSentence(p) {
		return true
	}
	if copyrightLine.MatchString(p) && chrome.Words(p) <= 25 {
		return true
	}
	if chrome.Words(p) <= 40 && boxPhrase.MatchString(p) {
		return true
	}
	return false
}

// cleanTitle drops a " | Site" or " - Site" suffix naming the site.
func cleanTitle(title, site string) string {
	title = strings.TrimSpace(spaces.ReplaceAllString(title, " "))
	for _, sep := range []string{" | ", " - ", " – ", " — ", " :: "} {
		i := strings.LastIndex(title, sep)
		if i <= 0 {
			continue
		}
		tail := strings.TrimSpace(title[i+len(sep):])
		if site != "" && (strings.EqualFold(tail, site) || strings.Contains(strings.ToLower(site), strings.ToLower(tail)) || strings.Contains(strings.ToLower(tail), strings.ToLower(site))) {
			return strings.TrimSpace(title[:i])
		}
	}
	return title
}

var authorSplit = regexp.MustCompile(`\s*(?:;|,|&|\band\b|\|)\s*`)

// splitAuthors turns go-trafilatura's author string into names.
func splitAuthors(s string) []string {
	s = strings.TrimSpace(s)
	if s == "" {
		return nil
	}
	s = regexp.MustCompile(`(?i)^by\s+`).ReplaceAllString(s, "")
	var out []string
	seen := map[string]bool{}
	for _, part := range authorSplit.Split(s, -1) {
		part = strings.TrimSpace(part)
		if part == "" || seen[strings.ToLower(part)] {
			continue
		}
		if !unicode.IsUpper([]rune(part)[0]) || strings.Contains(part, "@") || strings.HasPrefix(strings.ToLower(part), "http") {
			continue
		}
		seen[strings.ToLower(part)] = true
		out = append(out, part)
	}
	return out
}
