package feed

import (
	"bytes"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
	"unicode/utf8"

	"github.com/storyline-news/storyline/internal/model"
	"github.com/storyline-news/storyline/internal/shareddata"
)

// TestParseSharedFeeds reads the real feeds of ../shared: every one parses,
// every item has an absolute link and a key, text is valid UTF-8 whatever
// the file's encoding, and the extensions the files carry come through.
func TestParseSharedFeeds(t *testing.T) {
	dir := shareddata.Path(t, "data/feeds-warc/feeds")
	tests := []struct {
		name       string
		file       string
		minItems   int
		wantTitle  string // a substring of the feed's title
		wantImages bool   // media:content images on items
		wantAuthor bool   // dc:creator or atom:author on items
		wantDates  bool
	}{
		{name: "RSS with media and dc", file: "rss-parser__guardian.rss", minItems: 40, wantTitle: "Guardian", wantImages: true, wantAuthor: true, wantDates: true},
		{name: "Atom, German", file: "rss-parser__heise.atom", minItems: 10, wantTitle: "heise", wantDates: true},
		{name: "ISO-8859-1 without declaration", file: "rss-parser__uolNoticias.rss", minItems: 10, wantTitle: "Noticias"},
		{name: "ISO-8859-1 declared", file: "rss-parser__encoding.rss", minItems: 20, wantTitle: "Notícias", wantDates: true},
		{name: "Atom with feedburner extensions", file: "rss-parser__feedburner.atom", minItems: 10, wantAuthor: true, wantDates: true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			body, err := os.ReadFile(filepath.Join(dir, tt.file))
			if err != nil {
				t.Fatal(err)
			}
			f, err := Parse("https://feeds.example.test/"+tt.file, body)
			if err != nil {
				t.Fatalf("Parse: %v", err)
			}
			if f.Kind != KindFeed || len(f.Items) < tt.minItems {
				t.Fatalf("kind %q, %d items; want feed with at least %d", f.Kind, len(f.Items), tt.minItems)
			}
			if !strings.Contains(f.Title, tt.wantTitle) {
				t.Errorf("title %q lacks %q", f.Title, tt.wantTitle)
			}
			var images, authors, dated int
			keys := map[string]bool{}
			for _, it := range f.Items {
				if !strings.HasPrefix(it.URL, "http") || it.Key == "" || it.Title == "" {
					t.Errorf("item without link, key or title: %+v", it)
				}
				if keys[it.Key] {
					t.Errorf("key %q twice", it.Key)
				}
				keys[it.Key] = true
				for _, s := range []string{it.Title, it.Content, it.Outlet} {
					if !utf8.ValidString(s) || strings.ContainsRune(s, utf8.RuneError) || strings.Contains(s, "Ã") {
						t.Errorf("badly decoded text %q", s)
					}
				}
				if it.Image != "" {
					images++
				}
				if len(it.Authors) > 0 {
					authors++
				}
				if it.Published != "" {
					if _, err := time.Parse(time.RFC3339, it.Published); err != nil {
						t.Errorf("published %q not RFC 3339", it.Published)
					}
					dated++
				}
			}
			if tt.wantImages && images < len(f.Items)/2 {
				t.Errorf("%d of %d items have an image", images, len(f.Items))
			}
			if tt.wantAuthor && authors < len(f.Items)/2 {
				t.Errorf("%d of %d items have authors", authors, len(f.Items))
			}
			if tt.wantDates && dated != len(f.Items) {
				t.Errorf("%d of %d items dated", dated, len(f.Items))
			}
		})
	}
}

// The items of a feed written by the team, with every field checked.
const teamRSS = `<?xml version="1.0" encoding="windows-1252"?>
<rss version="2.0" xmlns:media="http://search.yahoo.com/mrss/" xmlns:dc="http://purl.org/dc/elements/1.1/">
<channel><title>Harbour Gazette</title><language>en-us</language>
<item><title>Ferry &amp; pier reopen</title><link>/news/ferry</link><guid isPermaLink="false">hg-1</guid>
<pubDate>Tue, 03 Mar 2026 08:15:00 +0100</pubDate><dc:creator>Ada Quill</dc:creator>
<media:content url="/img/small.jpg" medium="image" width="100"/><media:content url="/img/big.jpg" medium="image" width="900"/>
<description>&lt;p&gt;The ferry runs again.&lt;/p&gt;</description></item>
<item><title>Caf` + "\xe9" + ` opens</title><link>https://harbour.example.test/news/cafe</link>
<enclosure url="https://cdn.example.test/cafe.png" type="image/png" length="10"/>
<pubDate>Wed, 04 Mar 2026 10:00:00 GMT</pubDate></item>
<item><title>No link here</title></item>
</channel></rss>`

func TestParseItemFields(t *testing.T) {
	f, err := Parse("https://harbour.example.test/rss", []byte(teamRSS))
	if err != nil {
		t.Fatal(err)
	}
	if len(f.Items) != 2 {
		t.Fatalf("%d items, want 2 (the one without a link is left out)", len(f.Items))
	}
	cafe, ferry := f.Items[0], f.Items[1] // newest first
	if cafe.Title != "Café opens" || cafe.Image != "https://cdn.example.test/cafe.png" || cafe.Key != cafe.URL {
		t.Errorf("cafe item %+v", cafe)
	}
	want := Item{Key: "hg-1", URL: "https://harbour.example.test/news/ferry", Title: "Ferry & pier reopen",
		Published: "2026-03-03T07:15:00Z", Authors: []string{"Ada Quill"}, Image: "https://harbour.example.test/img/big.jpg",
		Outlet: "Harbour Gazette", Lang: "en", Content: "<p>The ferry runs again.</p>"}
	if ferry.Key != want.Key || ferry.URL != want.URL || ferry.Title != want.Title || ferry.Published != want.Published ||
		strings.Join(ferry.Authors, ",") != "Ada Quill" || ferry.Image != want.Image || ferry.Outlet != want.Outlet ||
		ferry.Lang != want.Lang || ferry.Content != want.Content {
		t.Errorf("ferry item\n got %+v\nwant %+v", ferry, want)
	}
	fetched := time.Date(2026, 3, 4, 12, 0, 0, 0, time.UTC)
	d := ferry.Document("https://harbour.example.test/rss", "https://harbour.example.test/news/ferry?x=1", "<html></html>", fetched)
	if d.Format != model.FormatHTML || d.URL != "https://harbour.example.test/news/ferry?x=1" || d.Source != "https://harbour.example.test/rss" ||
		d.Fetched != "2026-03-04T12:00:00Z" || d.Title != want.Title || d.Outlet != "Harbour Gazette" || d.ID != DocID(ferry.URL) {
		t.Errorf("document %+v", d)
	}
	if _, err := ferry.Fallback("s", fetched); !errors.Is(err, ErrShortContent) {
		t.Errorf("a one-sentence description stood for an article: %v", err)
	}
}

func TestParseAtomAndJSON(t *testing.T) {
	atom := `<feed xmlns="http://www.w3.org/2005/Atom"><title>Valley Post</title>
<entry><id>urn:vp:7</id><title type="html">Bridge &lt;b&gt;vote&lt;/b&gt;</title><link rel="alternate" href="https://valley.example.test/a/7"/>
<published>2026-01-02T03:04:05Z</published><updated>2026-01-03T00:00:00Z</updated><author><name>Ben Ortiz</name></author>
<content type="html">&lt;p&gt;Council votes.&lt;/p&gt;</content></entry></feed>`
	json := `{"version":"https://jsonfeed.org/version/1.1","title":"Quay Daily","items":[{"id":"q1","url":"https://quay.example.test/q1",
"title":"Tide tables","content_html":"<p>High water.</p>","date_published":"2026-02-01T10:00:00Z","authors":[{"name":"Cy Park"}],"image":"https://quay.example.test/t.jpg"}]}`
	tests := []struct {
		name, body string
		want       Item
	}{
		{"atom", atom, Item{Key: "urn:vp:7", URL: "https://valley.example.test/a/7", Title: "Bridge vote", Published: "2026-01-02T03:04:05Z",
			Updated: "2026-01-03T00:00:00Z", Authors: []string{"Ben Ortiz"}, Outlet: "Valley Post"}},
		{"json feed", json, Item{Key: "q1", URL: "https://quay.example.test/q1", Title: "Tide tables", Published: "2026-02-01T10:00:00Z",
			Authors: []string{"Cy Park"}, Outlet: "Quay Daily", Image: "https://quay.example.test/t.jpg"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			f, err := Parse("https://x.example.test/feed", []byte(tt.body))
			if err != nil {
				t.Fatal(err)
			}
			if len(f.Items) != 1 {
				t.Fatalf("%d items", len(f.Items))
			}
			got := f.Items[0]
			if got.Key != tt.want.Key || got.URL != tt.want.URL || got.Title != tt.want.Title || got.Published != tt.want.Published ||
				got.Updated != tt.want.Updated || strings.Join(got.Authors, ",") != strings.Join(tt.want.Authors, ",") ||
				got.Outlet != tt.want.Outlet || got.Image != tt.want.Image || got.Content == "" {
				t.Errorf("\n got %+v\nwant %+v", got, tt.want)
			}
		})
	}
}

func TestParseErrors(t *testing.T) {
	tests := []struct {
		name, body string
		want       error
	}{
		{"html page", "<!doctype html><html><head><title>x</title></head></html>", ErrNotFeed},
		{"plain text", "hello", ErrNotFeed},
		{"truncated rss", "<rss version=\"2.0\"><channel><title>x</title><item><title>a</ti", ErrMalformed},
		{"binary", "\x89PNG\r\n\x1a\n\x00\x00", ErrMalformed},
		{"broken sitemap", "<urlset><url><loc>https://a.test/x</loc></url", ErrMalformed},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := Parse("https://bad.example.test/feed", []byte(tt.body))
			if !errors.Is(err, tt.want) {
				t.Fatalf("error %v, want %v", err, tt.want)
			}
			if !strings.Contains(err.Error(), "https://bad.example.test/feed") {
				t.Errorf("error %q does not name the URL", err)
			}
		})
	}
}

func TestParseSitemap(t *testing.T) {
	news := `<?xml version="1.0" encoding="UTF-8"?>
<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9" xmlns:news="http://www.google.com/schemas/sitemap-news/0.9"
 xmlns:image="http://www.google.com/schemas/sitemap-image/1.1">
<url><loc>https://pier.example.test/old</loc><news:news><news:publication><news:name>Pier Times</news:name><news:language>en</news:language></news:publication>
<news:publication_date>2026-05-01</news:publication_date><news:title>Old item</news:title></news:news></url>
<url><loc>https://pier.example.test/new</loc><lastmod>2026-05-03T09:00:00+02:00</lastmod><news:news><news:publication><news:name>Pier Times</news:name><news:language>en</news:language></news:publication>
<news:publication_date>2026-05-02T08:00:00Z</news:publication_date><news:title>New item</news:title></news:news>
<image:image><image:loc>https://pier.example.test/i.jpg</image:loc></image:image></url>
</urlset>`
	f, err := Parse("https://pier.example.test/news-sitemap.xml", []byte(news))
	if err != nil {
		t.Fatal(err)
	}
	if f.Kind != KindSitemap || f.Title != "Pier Times" || len(f.Items) != 2 {
		t.Fatalf("%+v", f)
	}
	it := f.Items[0]
	if it.Title != "New item" || it.Published != "2026-05-02T08:00:00Z" || it.Updated != "2026-05-03T07:00:00Z" ||
		it.Image != "https://pier.example.test/i.jpg" || it.Outlet != "Pier Times" || it.Lang != "en" {
		t.Errorf("%+v", it)
	}
	if f.Items[1].Published != "2026-05-01T00:00:00Z" {
		t.Errorf("date-only publication: %+v", f.Items[1])
	}
	index := `<sitemapindex xmlns="http://www.sitemaps.org/schemas/sitemap/0.9"><sitemap><loc>/s1.xml</loc></sitemap><sitemap><loc>https://pier.example.test/s2.xml</loc></sitemap></sitemapindex>`
	f, err = Parse("https://pier.example.test/index.xml", []byte(index))
	if err != nil {
		t.Fatal(err)
	}
	if strings.Join(f.Sitemaps, " ") != "https://pier.example.test/s1.xml https://pier.example.test/s2.xml" {
		t.Errorf("sitemaps %v", f.Sitemaps)
	}
}

func TestDiscover(t *testing.T) {
	tests := []struct {
		name, page string
		want       []string
	}{
		{"rss and atom, relative", `<html><head><link rel="alternate" type="application/rss+xml" href="/rss.xml">
<link rel="Alternate" type="application/atom+xml; charset=utf-8" href="atom.xml"><link rel="stylesheet" href="/s.css"></head></html>`,
			[]string{"https://site.example.test/rss.xml", "https://site.example.test/news/atom.xml"}},
		{"json feed, base href", `<head><base href="https://cdn.example.test/"><link rel="alternate" type="application/feed+json" href="feed.json"></head>`,
			[]string{"https://cdn.example.test/feed.json"}},
		{"not alternate, body links ignored", `<head><link rel="self" type="application/rss+xml" href="/x"></head><body><link rel="alternate" type="application/rss+xml" href="/y"></body>`, nil},
		{"javascript href refused", `<head><link rel="alternate" type="application/rss+xml" href="javascript:alert(1)"></head>`, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := Discover("https://site.example.test/news/", tt.page)
			if strings.Join(got, " ") != strings.Join(tt.want, " ") {
				t.Errorf("got %v, want %v", got, tt.want)
			}
		})
	}
	if fb := Fallbacks("https://site.example.test/news/?q=1"); len(fb) == 0 || fb[0] != "https://site.example.test/feed" {
		t.Errorf("fallbacks %v", fb)
	}
}

func TestHTMLTextAndFallback(t *testing.T) {
	got := HTMLText(`<p>One <b>bold</b> word.</p><script>var x=1;</script><div>Two<br>lines &amp; more</div>`)
	if got != "One bold word.\n\nTwo lines & more" {
		t.Errorf("HTMLText = %q", got)
	}
	long := "<p>" + strings.Repeat("The harbour board met on Tuesday to discuss the new ferry timetable. ", 8) + "</p>"
	it := Item{URL: "https://h.example.test/a", Title: "Board meets", Content: long, Outlet: "H"}
	d, err := it.Fallback("https://h.example.test/rss", time.Unix(0, 0))
	if err != nil {
		t.Fatal(err)
	}
	if d.Format != model.FormatText || strings.Contains(d.Content, "<p>") || d.Title != "Board meets" || d.Source != "https://h.example.test/rss" {
		t.Errorf("fallback %+v", d)
	}
}

func TestVersion(t *testing.T) {
	a := Item{URL: "u", Title: "t", Content: "c"}
	b := a
	b.Content = "c2"
	if a.Version() == b.Version() {
		t.Error("changed content, same version")
	}
	a.Updated, b.Updated = "2026-01-01T00:00:00Z", "2026-01-01T00:00:00Z"
	if a.Version() != b.Version() {
		t.Error("same update time, different versions")
	}
}

func TestOPMLRoundTrip(t *testing.T) {
	in := `<?xml version="1.0"?><opml version="1.0"><head><title>x</title></head><body>
<outline text="News"><outline text="Harbour" xmlUrl="https://h.example.test/rss" htmlUrl="https://h.example.test/"/></outline>
<outline text="Quay" title="Quay Daily" type="rss" xmlUrl="https://q.example.test/feed.json"/><outline text="folder only"/></body></opml>`
	got, err := ReadOPML("subs.opml", strings.NewReader(in))
	if err != nil {
		t.Fatal(err)
	}
	if len(got) != 2 || got[0].URL != "https://h.example.test/rss" || got[0].Title != "Harbour" || got[1].Title != "Quay Daily" {
		t.Fatalf("%+v", got)
	}
	var buf bytes.Buffer
	if err := WriteOPML(&buf, "Storyline sources", got); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(buf.String(), `version="2.0"`) {
		t.Errorf("not OPML 2.0: %s", buf.String())
	}
	again, err := ReadOPML("out.opml", &buf)
	if err != nil || len(again) != 2 || again[1] != got[1] {
		t.Errorf("round trip %+v %v", again, err)
	}
	if _, err := ReadOPML("bad.opml", strings.NewReader("<html>")); err == nil || !strings.Contains(err.Error(), "bad.opml") {
		t.Errorf("bad OPML error %v", err)
	}
}

func BenchmarkParse(b *testing.B) {
	body, err := os.ReadFile(filepath.Join(shareddata.Path(b, "data/feeds-warc/feeds"), "rss-parser__guardian.rss"))
	if err != nil {
		b.Fatal(err)
	}
	b.SetBytes(int64(len(body)))
	for b.Loop() {
		if _, err := Parse("https://g.example.test/rss", body); err != nil {
			b.Fatal(err)
		}
	}
}
