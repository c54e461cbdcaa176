package poll

import (
	"context"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/storyline-news/storyline/internal/model"
	"github.com/storyline-news/storyline/internal/store"
)

// TestPollSitemapIndex follows a sitemap index whose news sitemaps list
// the articles: every page is fetched once, with the sitemap's title and
// publication.
func TestPollSitemapIndex(t *testing.T) {
	srv := newServer(t)
	st := openStore(t)
	k := &sink{}
	p := &Poller{Store: st, Client: testClient(t, true, 5*time.Second), Sink: k.take}
	news := func(paths ...string) []byte {
		var b strings.Builder
		b.WriteString(`<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9" xmlns:news="http://www.google.com/schemas/sitemap-news/0.9">`)
		for i, p := range paths {
			fmt.Fprintf(&b, `<url><loc>%s%s</loc><news:news><news:publication><news:name>Ostervale Times</news:name><news:language>en</news:language></news:publication>`+
				`<news:publication_date>2026-04-0%dT08:00:00Z</news:publication_date><news:title>Report %s</news:title></news:news></url>`, srv.URL, p, i+1, p)
		}
		b.WriteString(`</urlset>`)
		return []byte(b.String())
	}
	srv.setFeed("/sitemap.xml", []byte(`<sitemapindex xmlns="http://www.sitemaps.org/schemas/sitemap/0.9"><sitemap><loc>/news-1.xml</loc></sitemap><sitemap><loc>/news-2.xml</loc></sitemap></sitemapindex>`))
	srv.setFeed("/news-1.xml", news("/n/1", "/n/2"))
	srv.setFeed("/news-2.xml", news("/n/3"))
	for i := 1; i <= 3; i++ {
		srv.pages[fmt.Sprintf("/n/%d", i)] = invented(fmt.Sprintf("Report %d", i), i)
	}
	ctx := context.Background()
	src, err := p.Add(ctx, srv.URL+"/sitemap.xml", time.Hour)
	if err != nil {
		t.Fatal(err)
	}
	if src.Kind != store.SourceSitemap {
		t.Errorf("kind %q", src.Kind)
	}
	res, err := p.Poll(ctx, false)
	if err != nil || len(res) != 1 || res[0].New != 3 {
		t.Fatalf("%v %v", res, err)
	}
	for _, d := range k.docs {
		if d.Outlet != "Ostervale Times" || !strings.HasPrefix(d.Title, "Report /n/") || !strings.HasPrefix(d.Published, "2026-04-0") || d.Lang != "en" {
			t.Errorf("document %+v", d)
		}
	}
	if got, _ := st.PolledSource(ctx, src.ID); got.Title != "Ostervale Times" || got.Articles != 3 {
		t.Errorf("source %+v", got)
	}
	for i := 1; i <= 3; i++ {
		if n := srv.hits(fmt.Sprintf("/n/%d", i)); n != 1 {
			t.Errorf("page %d fetched %d times", i, n)
		}
	}
}

// BenchmarkPollSource polls one feed of 20 new items: the feed and 20
// pages fetched from loopback, parsed and handed on (the sink keeps them;
// analysis is measured by the ingest benchmarks).
func BenchmarkPollSource(b *testing.B) {
	srv := newServer(b)
	st := openStore(b)
	var items []item
	for i := range 20 {
		path := fmt.Sprintf("/a/%d", i)
		items = append(items, item{fmt.Sprint(i), path, fmt.Sprintf("Story %d", i), ""})
		srv.pages[path] = invented(fmt.Sprintf("Story %d", i), i)
	}
	srv.setFeed("/f.rss", []byte(rss(srv.URL, items...)))
	p := &Poller{Store: st, Client: testClient(b, true, 5*time.Second), Sink: func(_ context.Context, docs []model.Document) (map[string]error, error) { return nil, nil }}
	ctx := context.Background()
	b.ResetTimer()
	for i := 0; b.Loop(); i++ {
		// A new source each time, so every item is new to it.
		src, err := st.AddPolledSource(ctx, store.PolledSource{URL: fmt.Sprintf("%s/f.rss?n=%d", srv.URL, i), Kind: store.SourceFeed, Interval: time.Hour})
		if err != nil {
			b.Fatal(err)
		}
		res, err := p.PollSources(ctx, []store.PolledSource{src})
		if err != nil || res[0].New != 20 {
			b.Fatal(res, err)
		}
	}
	b.ReportMetric(float64(b.N*20)/b.Elapsed().Seconds(), "items/s")
}
