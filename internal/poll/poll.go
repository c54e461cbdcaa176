// Package poll polls the feeds, sites and news sitemaps Storyline follows:
// each due source is fetched with a conditional GET (its ETag and
// Last-Modified, so an unchanged feed costs a 304), its new and changed
// items' pages are fetched on a bounded pool of workers (robots.txt
// honoured) and handed, with the items' own metadata, to a Sink that
// analyses, stores and settles them as any ingested document. An item seen
// before is not fetched again; one whose update time or content hash
// changed is.
//
// Every failure is recorded on its source and nothing stops the rest: a
// feed that fails is tried again after an exponential backoff (doubling
// from the source's interval, capped at MaxBackoff), or after the
// Retry-After a 429 or 503 asks for when that is longer; a successful poll
// is followed by the next after the source's interval plus up to a tenth
// more of jitter, so sources added together do not stay in step. An item
// whose page cannot be had (an error, robots.txt, a page that is not
// HTML) stands on the feed's own content when that holds an article's
// worth of words; otherwise the reason is kept on the item and shown on
// the source. When the client archives what it fetches (fetch.Config.Archive),
// each document names the WARC record of the page it was made of, or of
// the feed when it stands on the feed's content.
//
// All HTTP goes through internal/fetch, which refuses private addresses,
// caps sizes, times and redirects and limits each host's rate; this
// package makes no connection of its own.
package poll

import (
	"context"
	"errors"
	"fmt"
	"math/rand/v2"
	"net/http"
	"slices"
	"strings"
	"sync"
	"time"

	"github.com/storyline-news/storyline/internal/fetch"
	"github.com/storyline-news/storyline/internal/model"
	"github.com/storyline-news/storyline/internal/source/dir"
	"github.com/storyline-news/storyline/internal/source/feed"
	"github.com/storyline-news/storyline/internal/store"
)

// Fetcher gets one URL: *fetch.Client.
type Fetcher interface {
	Get(ctx context.Context, r fetch.Request) (*fetch.Response, error)
}

var _ Fetcher = (*fetch.Client)(nil)

// Sink takes the documents a poll brought and analyses, stores and settles
// them. It returns, by document ID, those that could not be read (which
// did not become articles); err is for a failure of the whole batch (the
// store), which leaves every document's item to be tried again.
type Sink func(ctx context.Context, docs []model.Document) (failed map[string]error, err error)

// Store is what polling needs of the store.
type Store interface {
	store.Polling
}

// Defaults.
const (
	DefaultWorkers    = 8
	DefaultMaxItems   = 100
	DefaultMaxBackoff = 6 * time.Hour
	DefaultChunk      = 200
	maxRetryAfter     = 24 * time.Hour
	maxTries          = 3 // fetches of one item version that failed in passing
	sourceWorkers     = 16
	maxSitemaps       = 5 // child sitemaps of an index read per poll
)

// Poller polls sources. Its zero values take the defaults above.
type Poller struct {
	Store  Store
	Client Fetcher
	Sink   Sink
	// Workers fetch item pages; at most this many at once over all
	// sources (the fetch client further limits each host).
	Workers int
	// MaxItems is how many of a feed's newest items one poll looks at.
	MaxItems int
	// MaxBackoff caps the wait after failures.
	MaxBackoff time.Duration
	// Chunk is how many documents go to the Sink together.
	Chunk int
	// Now and Jitter are for tests: the clock, and a number in [0, 1).
	Now    func() time.Time
	Jitter func() float64
}

// Result is what one poll of one source did.
type Result struct {
	Source      store.PolledSource
	NotModified bool  // the feed answered 304
	Items       int   // items the feed holds (up to MaxItems)
	Seen        int   // of them, seen before and unchanged: not fetched
	New         int   // became new articles
	Updated     int   // changed items fetched again
	Fallback    int   // of New and Updated, read from the feed's own content
	Failed      int   // items that gave no article
	Err         error // the feed itself could not be had or read
	ItemErr     string
	Next        time.Time
}

// String is one line for a person: "URL: 20 items, 3 new, …".
func (r Result) String() string {
	if r.Err != nil {
		return fmt.Sprintf("%s: failed: %v (next try %s)", r.Source.URL, r.Err, r.Next.Local().Format("15:04:05"))
	}
	if r.NotModified {
		return fmt.Sprintf("%s: not modified", r.Source.URL)
	}
	s := fmt.Sprintf("%s: %d items, %d new, %d updated, %d seen before, %d failed", r.Source.URL, r.Items, r.New, r.Updated, r.Seen, r.Failed)
	if r.Fallback > 0 {
		s += fmt.Sprintf(" (%d from the feed's own text)", r.Fallback)
	}
	if r.ItemErr != "" {
		s += "; " + r.ItemErr
	}
	return s
}

func (p *Poller) now() time.Time {
	if p.Now != nil {
		return p.Now()
	}
	return time.Now().UTC()
}

func (p *Poller) jitter() float64 {
	if p.Jitter != nil {
		return p.Jitter()
	}
	return rand.Float64()
}

// Poll polls the sources due now (every unpaused source when all is
// set) and returns what each poll did, in the order of the sources. Only
// an error of the store or the sink stops it, or ctx ending.
func (p *Poller) Poll(ctx context.Context, all bool) ([]Result, error) {
	var srcs []store.PolledSource
	var err error
	if all {
		srcs, err = p.Store.PolledSources(ctx)
		srcs = slices.DeleteFunc(srcs, func(s store.PolledSource) bool { return s.Paused })
	} else {
		srcs, err = p.Store.DueSources(ctx, p.now())
	}
	if err != nil {
		return nil, err
	}
	return p.PollSources(ctx, srcs)
}

// polled is one source's fetched items, waiting for the sink.
type polled struct {
	i     int
	res   Result
	items []fetched // the items fetched this poll
	title string
	etag  string
	lm    string
}

// fetched is one item fetched this poll: what to record of it once the
// sink has its document (doc nil when it gave none).
type fetched struct {
	seen     store.SeenItem
	doc      *model.Document
	updated  bool // seen before in another version
	fallback bool // read from the feed's own content
}

// PollSources polls srcs, several at once, and hands their documents to
// the sink in chunks.
func (p *Poller) PollSources(ctx context.Context, srcs []store.PolledSource) ([]Result, error) {
	results := make([]Result, len(srcs))
	out := make(chan *polled)
	jobs := make(chan int)
	pages := make(chan struct{}, max(p.Workers, 1))
	if p.Workers <= 0 {
		pages = make(chan struct{}, DefaultWorkers)
	}
	var wg sync.WaitGroup
	for range min(sourceWorkers, max(len(srcs), 1)) {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range jobs {
				out <- p.pollOne(ctx, i, srcs[i], pages)
			}
		}()
	}
	go func() {
		defer close(jobs)
		for i := range srcs {
			select {
			case jobs <- i:
			case <-ctx.Done():
				return
			}
		}
	}()
	go func() { wg.Wait(); close(out) }()

	chunk := p.Chunk
	if chunk <= 0 {
		chunk = DefaultChunk
	}
	var pending []*polled
	var docs int
	var firstErr error
	flush := func() {
		if len(pending) == 0 || firstErr != nil {
			return
		}
		if err := p.deliver(ctx, pending, results); err != nil {
			firstErr = err
		}
		pending, docs = pending[:0], 0
	}
	for pl := range out {
		if firstErr != nil {
			continue // drain the workers
		}
		pending = append(pending, pl)
		docs += len(pl.items)
		if docs >= chunk {
			flush()
		}
	}
	flush()
	if firstErr == nil {
		firstErr = ctx.Err()
	}
	return results, firstErr
}

// deliver hands the documents of several polled sources to the sink
// together, then records what each source saw and how its poll went.
func (p *Poller) deliver(ctx context.Context, batch []*polled, results []Result) error {
	var docs []model.Document
	for _, pl := range batch {
		for _, f := range pl.items {
			if f.doc != nil {
				docs = append(docs, *f.doc)
			}
		}
	}
	var failed map[string]error
	if len(docs) > 0 {
		var err error
		if failed, err = p.Sink(ctx, docs); err != nil {
			return err
		}
	}
	for _, pl := range batch {
		res := &pl.res
		seen := make([]store.SeenItem, 0, len(pl.items))
		var itemErrs []string
		for _, f := range pl.items {
			if f.doc != nil {
				if err, bad := failed[f.doc.ID]; bad {
					f.seen.Article, f.seen.Error = "", oneLine(err.Error())
				}
			}
			switch {
			case f.seen.Article == "":
				res.Failed++
				itemErrs = append(itemErrs, f.seen.Error)
			case f.updated:
				res.Updated++
			default:
				res.New++
			}
			if f.seen.Article != "" && f.fallback {
				res.Fallback++
			}
			seen = append(seen, f.seen)
		}
		if len(itemErrs) > 0 {
			res.ItemErr = fmt.Sprintf("%d of %d items gave no article: %s", len(itemErrs), res.Items, itemErrs[0])
		}
		if err := p.Store.SaveSeenItems(ctx, res.Source.ID, seen); err != nil && !errors.Is(err, store.ErrNotFound) {
			return err
		}
		if err := p.record(ctx, res, pl); err != nil {
			return err
		}
		results[pl.i] = *res
	}
	return nil
}

// record stores how the poll of a source went and when it is due again.
func (p *Poller) record(ctx context.Context, res *Result, pl *polled) error {
	at := p.now()
	src := res.Source
	poll := store.Poll{At: at, Title: pl.title, ETag: pl.etag, LastModified: pl.lm}
	if res.Err != nil {
		poll.Err = oneLine(res.Err.Error())
		res.Next = at.Add(p.backoff(src.Interval, src.Failures+1, res.Err))
	} else {
		poll.Warning = res.ItemErr
		res.Next = at.Add(src.Interval + time.Duration(p.jitter()*float64(src.Interval)/10))
	}
	poll.Next = res.Next
	if err := p.Store.RecordPoll(ctx, src.ID, poll); err != nil && !errors.Is(err, store.ErrNotFound) {
		return err
	}
	return nil
}

// backoff is how long to wait after the failures-th failure in a row:
// the interval doubled per failure, capped at MaxBackoff (never under
// the interval itself), or longer when the server asked so with
// Retry-After.
func (p *Poller) backoff(interval time.Duration, failures int, err error) time.Duration {
	limit := p.MaxBackoff
	if limit <= 0 {
		limit = DefaultMaxBackoff
	}
	limit = max(limit, interval)
	wait := interval
	for range min(failures-1, 30) {
		wait *= 2
		if wait >= limit {
			wait = limit
			break
		}
	}
	var ra retryAfter
	if errors.As(err, &ra) && ra.d > wait {
		wait = min(ra.d, maxRetryAfter)
	}
	return wait + time.Duration(p.jitter()*float64(wait)/10)
}

// retryAfter carries a 429 or 503's Retry-After with the error it
// explains.
type retryAfter struct {
	d   time.Duration
	err error
}

func (r retryAfter) Error() string { return r.err.Error() }
func (r retryAfter) Unwrap() error { return r.err }

// feedAccept is the Accept header of feed requests.
const feedAccept = "application/rss+xml, application/atom+xml, application/feed+json, application/xml;q=0.9, text/xml;q=0.9, application/json;q=0.8, */*;q=0.5"

// pageAccept is the Accept header of article page requests.
const pageAccept = "text/html, application/xhtml+xml;q=0.9, */*;q=0.5"

// pollOne fetches one source's feed and the pages of its new and changed
// items.
func (p *Poller) pollOne(ctx context.Context, i int, src store.PolledSource, pages chan struct{}) *polled {
	pl := &polled{i: i, res: Result{Source: src}}
	resp, err := p.Client.Get(ctx, fetch.Request{URL: src.URL, ETag: src.ETag, LastModified: src.LastModified, Accept: feedAccept})
	if err != nil {
		if resp != nil && resp.RetryAfter > 0 {
			err = retryAfter{resp.RetryAfter, err}
		}
		pl.res.Err = err
		return pl
	}
	if resp.NotModified {
		pl.res.NotModified = true
		return pl
	}
	pl.etag, pl.lm = resp.ETag, resp.LastModified
	f, err := feed.Parse(resp.URL, resp.Body)
	if err != nil {
		pl.res.Err = err
		return pl
	}
	// An item that stands on the feed's own content came from the feed's
	// bytes: its archive record is the feed's (an index's items come from
	// its child sitemaps, which hold no content to stand on).
	feedArchive := resp.Archived
	if f.Kind == feed.KindSitemap && len(f.Sitemaps) > 0 {
		feedArchive = nil
		if err := p.readSitemaps(ctx, f); err != nil {
			pl.res.Err = err
			return pl
		}
	}
	pl.title = f.Title
	items := f.Items
	maxItems := p.MaxItems
	if maxItems <= 0 {
		maxItems = DefaultMaxItems
	}
	items = items[:min(len(items), maxItems)]
	items = uniqueKeys(items)
	pl.res.Items = len(items)
	keys := make([]string, len(items))
	for k, it := range items {
		keys[k] = it.Key
	}
	seen, err := p.Store.SeenItems(ctx, src.ID, keys)
	if err != nil {
		pl.res.Err = err
		return pl
	}
	type job struct {
		item    feed.Item
		updated bool
		tries   int
	}
	var todo []job
	for _, it := range items {
		s, ok := seen[it.Key]
		switch {
		case !ok:
			todo = append(todo, job{item: it})
		case s.Version != it.Version():
			todo = append(todo, job{item: it, updated: true})
		case s.Article == "" && s.Retry && s.Tries < maxTries:
			todo = append(todo, job{item: it, tries: s.Tries})
		default:
			pl.res.Seen++
		}
	}
	at := p.now()
	pl.items = make([]fetched, len(todo))
	var wg sync.WaitGroup
	for k, j := range todo {
		select {
		case pages <- struct{}{}:
		case <-ctx.Done():
			wg.Wait()
			pl.items = nil
			pl.res.Err = ctx.Err()
			return pl
		}
		wg.Add(1)
		go func() {
			defer wg.Done()
			defer func() { <-pages }()
			f := fetched{updated: j.updated, seen: store.SeenItem{Key: j.item.Key, Version: j.item.Version(), Fetched: at}}
			d, fallback, retry, err := p.page(ctx, src.URL, j.item, at, feedArchive)
			if err != nil {
				f.seen.Error, f.seen.Retry = oneLine(err.Error()), retry
				if retry {
					f.seen.Tries = j.tries + 1
				}
			} else {
				f.seen.Article, f.doc, f.fallback = d.ID, &d, fallback
			}
			pl.items[k] = f
		}()
	}
	wg.Wait()
	return pl
}

// page fetches an item's page and makes its document; when the page
// cannot be had it falls back to the item's own content. retry tells a
// failure worth another try (a timeout, a 429 or 5xx) from one that will
// not change (robots.txt, a 404, a refused address). The document names
// the archive record of the page it was made of, or feedArchive, the
// feed's, when it stands on the feed's content.
func (p *Poller) page(ctx context.Context, sourceURL string, it feed.Item, at time.Time, feedArchive *model.Archive) (d model.Document, fallback, retry bool, err error) {
	resp, err := p.Client.Get(ctx, fetch.Request{URL: it.URL, Accept: pageAccept, Robots: true})
	if err == nil {
		if ct := resp.Header.Get("Content-Type"); isHTML(ct, resp.Body) {
			text, _, derr := dir.Decode(resp.Body)
			if derr == nil {
				when := resp.Fetched
				if when.IsZero() {
					when = at
				}
				d := it.Document(sourceURL, resp.URL, text, when)
				d.Archive = resp.Archived
				return d, false, false, nil
			}
			err = fmt.Errorf("%s: %v", it.URL, derr)
		} else {
			err = fmt.Errorf("%s: not an HTML page (Content-Type %q)", it.URL, ct)
		}
	} else {
		retry = errors.Is(err, fetch.ErrTimeout) || resp != nil && (resp.Status == http.StatusTooManyRequests || resp.Status >= 500)
	}
	if ctx.Err() != nil {
		return d, false, true, ctx.Err()
	}
	fd, ferr := it.Fallback(sourceURL, at)
	if ferr == nil {
		fd.Archive = feedArchive
		return fd, true, false, nil
	}
	return d, false, retry, fmt.Errorf("%w, and %v", err, ferr)
}

// isHTML reports whether a response is an HTML page: by its Content-Type,
// or by its first bytes when it names none.
func isHTML(contentType string, body []byte) bool {
	ct := strings.ToLower(contentType)
	if ct != "" {
		return strings.Contains(ct, "html")
	}
	return strings.Contains(http.DetectContentType(body), "html")
}

// readSitemaps adds to an index the items of its first child sitemaps
// (news sitemaps list the newest first); a child that fails is skipped.
func (p *Poller) readSitemaps(ctx context.Context, f *feed.Feed) error {
	var errs []error
	for _, u := range f.Sitemaps[:min(len(f.Sitemaps), maxSitemaps)] {
		resp, err := p.Client.Get(ctx, fetch.Request{URL: u, Accept: feedAccept})
		if err != nil {
			errs = append(errs, err)
			continue
		}
		child, err := feed.Parse(resp.URL, resp.Body)
		if err != nil {
			errs = append(errs, err)
			continue
		}
		if f.Title == "" {
			f.Title = child.Title
		}
		f.Items = append(f.Items, child.Items...)
	}
	if len(f.Items) == 0 && len(errs) > 0 {
		return errors.Join(errs...)
	}
	slices.SortStableFunc(f.Items, func(a, b feed.Item) int { return strings.Compare(b.Published, a.Published) })
	return nil
}

// uniqueKeys drops items whose key came earlier in the feed.
func uniqueKeys(items []feed.Item) []feed.Item {
	seen := make(map[string]bool, len(items))
	out := items[:0:0]
	for _, it := range items {
		if !seen[it.Key] {
			seen[it.Key] = true
			out = append(out, it)
		}
	}
	return out
}

// oneLine makes an error message fit one line of a listing.
func oneLine(s string) string {
	s = strings.Join(strings.Fields(s), " ")
	if len(s) > 500 {
		s = s[:500] + "…"
	}
	return s
}
