package poll

import (
	"context"
	"errors"
	"fmt"
	"net/url"
	"strings"
	"time"

	"github.com/storyline-news/storyline/internal/fetch"
	"github.com/storyline-news/storyline/internal/source/dir"
	"github.com/storyline-news/storyline/internal/source/feed"
	"github.com/storyline-news/storyline/internal/store"
)

// ErrNoFeed is returned by Resolve for a page that names no feed, and
// none of the common feed paths of its site answered with one.
var ErrNoFeed = errors.New("no feed found")

// Resolve finds what to poll for a URL a person gave: the URL itself
// when it is a feed or a sitemap, else (a site's page) the first feed
// the page advertises by autodiscovery that reads, else the first of the
// site's common feed paths that answers with a feed. The source it
// returns is not stored.
func (p *Poller) Resolve(ctx context.Context, raw string) (store.PolledSource, error) {
	raw = strings.TrimSpace(raw)
	u, err := url.Parse(raw)
	if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
		return store.PolledSource{}, fmt.Errorf("%q: %w: a source is an http:// or https:// URL", raw, fetch.ErrScheme)
	}
	resp, err := p.Client.Get(ctx, fetch.Request{URL: raw, Accept: feedAccept + ", text/html;q=0.7"})
	if err != nil {
		return store.PolledSource{}, err
	}
	if feed.LooksLikeFeed(resp.Body) {
		f, err := feed.Parse(resp.URL, resp.Body)
		if err != nil {
			return store.PolledSource{}, err
		}
		kind := store.SourceFeed
		if f.Kind == feed.KindSitemap {
			kind = store.SourceSitemap
		}
		return store.PolledSource{URL: raw, Kind: kind, Title: f.Title}, nil
	}
	page, _, err := dir.Decode(resp.Body)
	if err != nil {
		return store.PolledSource{}, fmt.Errorf("%s: %w", raw, err)
	}
	found := feed.Discover(resp.URL, page)
	candidates := found
	if len(candidates) == 0 {
		candidates = feed.Fallbacks(resp.URL)
	}
	var errs []string
	for _, c := range candidates {
		r, err := p.Client.Get(ctx, fetch.Request{URL: c, Accept: feedAccept})
		if err == nil {
			var f *feed.Feed
			if f, err = feed.Parse(r.URL, r.Body); err == nil {
				kind := store.SourceSite
				return store.PolledSource{URL: c, Kind: kind, Site: raw, Title: f.Title}, nil
			}
		}
		if ctx.Err() != nil {
			return store.PolledSource{}, ctx.Err()
		}
		if len(found) > 0 {
			errs = append(errs, err.Error())
		}
	}
	if len(found) > 0 {
		return store.PolledSource{}, fmt.Errorf("%s: %w: the feeds it names do not read: %s", raw, ErrNoFeed, strings.Join(errs, "; "))
	}
	return store.PolledSource{}, fmt.Errorf("%s: %w: the page names none (<link rel=\"alternate\">) and none of the usual feed paths answered with one", raw, ErrNoFeed)
}

// Add resolves raw (see Resolve) and stores it as a source polled every
// interval. A feed followed already is an error wrapping store.ErrExists.
func (p *Poller) Add(ctx context.Context, raw string, interval time.Duration) (store.PolledSource, error) {
	src, err := p.Resolve(ctx, raw)
	if err != nil {
		return src, err
	}
	src.Interval = interval
	return p.Store.AddPolledSource(ctx, src)
}
