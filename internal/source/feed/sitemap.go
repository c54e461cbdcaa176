package feed

import (
	"encoding/xml"
	"fmt"
	"net/url"
	"strings"
	"time"
)

// The sitemap vocabulary (sitemaps.org 0.9) with Google's news and image
// extensions. Tags name local names only, so a sitemap that binds the
// news: prefix to a slightly different namespace URL still reads.
type sitemapDoc struct {
	XMLName  xml.Name
	URLs     []sitemapURL `xml:"url"`
	Sitemaps []struct {
		Loc string `xml:"loc"`
	} `xml:"sitemap"`
}

type sitemapURL struct {
	Loc     string `xml:"loc"`
	LastMod string `xml:"lastmod"`
	News    struct {
		Publication struct {
			Name     string `xml:"name"`
			Language string `xml:"language"`
		} `xml:"publication"`
		PublicationDate string `xml:"publication_date"`
		Title           string `xml:"title"`
	} `xml:"news"`
	Images []struct {
		Loc string `xml:"loc"`
	} `xml:"image"`
}

// sitemapDates are the W3C datetime forms sitemaps use.
var sitemapDates = []string{time.RFC3339Nano, time.RFC3339, "2006-01-02T15:04Z07:00", "2006-01-02T15:04:05", "2006-01-02"}

func sitemapDate(s string) string {
	s = strings.TrimSpace(s)
	for _, layout := range sitemapDates {
		if t, err := time.Parse(layout, s); err == nil {
			return t.UTC().Format(time.RFC3339)
		}
	}
	return ""
}

func parseSitemap(base *url.URL, text string) (*Feed, error) {
	var doc sitemapDoc
	dec := xml.NewDecoder(strings.NewReader(text))
	dec.Strict = false
	if err := dec.Decode(&doc); err != nil {
		return nil, fmt.Errorf("%s: %w: %v", base, ErrMalformed, err)
	}
	out := &Feed{Kind: KindSitemap}
	for _, s := range doc.Sitemaps {
		if u := resolve(base, s.Loc); u != "" {
			out.Sitemaps = append(out.Sitemaps, u)
		}
	}
	for _, su := range doc.URLs {
		link := resolve(base, su.Loc)
		if link == "" {
			continue
		}
		it := Item{
			Key:       link,
			URL:       link,
			Title:     strings.TrimSpace(HTMLText(su.News.Title)),
			Outlet:    strings.TrimSpace(su.News.Publication.Name),
			Lang:      isoLang(su.News.Publication.Language),
			Published: sitemapDate(su.News.PublicationDate),
			Updated:   sitemapDate(su.LastMod),
		}
		if out.Title == "" {
			out.Title = it.Outlet
		}
		if len(su.Images) > 0 {
			it.Image = resolve(base, su.Images[0].Loc)
		}
		out.Items = append(out.Items, it)
	}
	sortNewest(out.Items)
	return out, nil
}
