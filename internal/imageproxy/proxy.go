// Package imageproxy shows articles' lead images without the reader's
// browser ever fetching from another site: a page names an image as
// /images/{key}, and the proxy fetches it, checks it and keeps it.
//
//   - The key is an HMAC of the image URL under a secret the cache file
//     keeps, and the proxy serves only keys a page of ours registered (the
//     article's stored image, through Image): it is no open proxy, and no
//     one can make it fetch a URL Storyline did not store.
//   - Images are fetched through internal/fetch, so an og:image pointing at
//     the server's own network is refused like any other URL, and capped
//     in size (5 MiB by default).
//   - The bytes decide the type: only JPEG, PNG, GIF, WebP and AVIF are
//     served, with a Content-Type the proxy sets itself, nosniff and a
//     sandboxing CSP. SVG and HTML are never served, whatever the remote
//     server calls them.
//   - What is fetched is kept in a SQLite file of its own (cache.go), up to
//     a size bound, least recently shown images evicted first; a failure is
//     kept too, for FailTTL, so a broken image costs one fetch, not one per
//     page view.
package imageproxy

import (
	"bytes"
	"context"
	"crypto/hmac"
	"crypto/sha256"
	"database/sql"
	"encoding/hex"
	"errors"
	"fmt"
	"log/slog"
	"net/http"
	"strconv"
	"sync"
	"time"

	"github.com/storyline-news/storyline/internal/fetch"
)

// Fetcher gets an image; *fetch.Client is the one to use.
type Fetcher interface {
	Get(ctx context.Context, r fetch.Request) (*fetch.Response, error)
}

// Options configures a Proxy. Zero values mean the defaults.
type Options struct {
	Fetch      Fetcher       // required: an SSRF-safe client (fetch.New)
	CacheBytes int64         // bytes of images kept, default 256 MiB
	MaxImage   int64         // largest image served, default 5 MiB
	FailTTL    time.Duration // how long a failure is remembered, default 15 min
	Timeout    time.Duration // one fetch, whoever waits for it, default 30 s
	Logger     *slog.Logger
	Now        func() time.Time
}

// Defaults of Options.
const (
	DefaultCacheBytes = 256 << 20
	DefaultMaxImage   = 5 << 20
	DefaultFailTTL    = 15 * time.Minute
	DefaultTimeout    = 30 * time.Second
)

// maxAge is how long a browser may keep an image: a key names one URL
// forever, so what it shows does not change.
const maxAge = 365 * 24 * time.Hour

// Proxy registers, fetches, caches and serves lead images. It is safe for
// concurrent use.
type Proxy struct {
	o      Options
	cache  *cache
	secret []byte

	mu     sync.Mutex
	known  map[string]known // what this process learnt of the keys it registered
	flight map[string]*call // fetches in progress, by key
}

// known is what a page needs of a registered key: its Img, or none until
// retry after a failure.
type known struct {
	img   Img
	retry time.Time
}

// call is one fetch that concurrent requests for a key wait on.
type call struct {
	done chan struct{}
	e    entry
	err  error
}

// maxKnown bounds the in-memory map of registered images; past it the
// map starts again (the cache file still has them all).
const maxKnown = 50000

// Open opens the cache file at path (creating it, and its key, if needed).
func Open(ctx context.Context, path string, o Options) (*Proxy, error) {
	if o.Fetch == nil {
		return nil, errors.New("imageproxy: no fetcher")
	}
	if o.CacheBytes <= 0 {
		o.CacheBytes = DefaultCacheBytes
	}
	if o.MaxImage <= 0 {
		o.MaxImage = DefaultMaxImage
	}
	if o.FailTTL <= 0 {
		o.FailTTL = DefaultFailTTL
	}
	if o.Timeout <= 0 {
		o.Timeout = DefaultTimeout
	}
	if o.Logger == nil {
		o.Logger = slog.Default()
	}
	if o.Now == nil {
		o.Now = time.Now
	}
	c, err := openCache(ctx, path, o.CacheBytes)
	if err != nil {
		return nil, fmt.Errorf("imageproxy: %w", err)
	}
	secret, err := c.secret(ctx)
	if err != nil {
		c.close()
		return nil, fmt.Errorf("imageproxy: image cache %s: key: %w", path, err)
	}
	return &Proxy{o: o, cache: c, secret: secret, known: map[string]known{}, flight: map[string]*call{}}, nil
}

// Close closes the cache file.
func (p *Proxy) Close() error { return p.cache.close() }

// Key returns the key of an image URL: the hex HMAC-SHA256 of it, cut to
// 128 bits.
func (p *Proxy) Key(url string) string {
	m := hmac.New(sha256.New, p.secret)
	m.Write([]byte(url))
	return hex.EncodeToString(m.Sum(nil)[:16])
}

// Img is what a page needs to show an image.
type Img struct {
	Src           string // /images/{key}
	Width, Height int    // 0 until the image has been fetched
}

// Image registers url as an image a page shows and returns its src, and
// its size once known. ok is false when there is nothing to show: no URL,
// or the last fetch failed and is not due again (the page leaves the image
// out rather than show a broken one).
func (p *Proxy) Image(ctx context.Context, url string) (img Img, ok bool) {
	if url == "" {
		return Img{}, false
	}
	key := p.Key(url)
	now := p.o.Now()
	p.mu.Lock()
	k, ok := p.known[key]
	p.mu.Unlock()
	if ok && (k.img.Src != "" || now.Before(k.retry)) {
		return k.img, k.img.Src != ""
	}
	e, err := p.cache.register(ctx, key, url, now)
	if err != nil {
		p.o.Logger.Warn("image cache: register", slog.String("url", url), slog.Any("error", err))
		return Img{}, false
	}
	if e.Error != "" && now.Before(e.RetryAt) {
		p.remember(key, known{retry: e.RetryAt})
		return Img{}, false
	}
	img = Img{Src: "/images/" + key, Width: e.Width, Height: e.Height}
	p.remember(key, known{img: img})
	return img, true
}

func (p *Proxy) forget(key string) {
	p.mu.Lock()
	delete(p.known, key)
	p.mu.Unlock()
}

func (p *Proxy) remember(key string, k known) {
	p.mu.Lock()
	defer p.mu.Unlock()
	if len(p.known) >= maxKnown {
		clear(p.known)
	}
	p.known[key] = k
}

// ServeHTTP serves GET /images/{key}: the image, fetched if need be; 404
// for a key no page registered; 502 when the image cannot be had (fetch
// failed, not an image, too large), remembered for FailTTL.
func (p *Proxy) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	key := r.PathValue("key")
	if !validKey(key) {
		http.NotFound(w, r)
		return
	}
	ctx := r.Context()
	e, err := p.cache.get(ctx, key, true)
	switch {
	case errors.Is(err, sql.ErrNoRows):
		// Not ours, or swept out since a page showed it: that page will
		// register it again when next shown.
		p.forget(key)
		http.NotFound(w, r)
		return
	case err != nil:
		p.o.Logger.Error("image cache: read", slog.String("key", key), slog.Any("error", err))
		http.Error(w, "Internal server error", http.StatusInternalServerError)
		return
	}
	now := p.o.Now()
	switch {
	case e.Body != nil:
		if now.Sub(e.UsedAt) > time.Hour { // the LRU order needs no finer grain
			if err := p.cache.touch(ctx, key, now); err != nil {
				p.o.Logger.Warn("image cache: touch", slog.String("key", key), slog.Any("error", err))
			}
		}
	case e.Error != "" && now.Before(e.RetryAt):
		p.unavailable(w, e.RetryAt.Sub(now))
		return
	default:
		e, err = p.fetchOnce(ctx, key, e.URL)
		if err != nil {
			if ctx.Err() != nil {
				return // the reader left
			}
			p.unavailable(w, p.o.FailTTL)
			return
		}
	}
	h := w.Header()
	h.Set("Content-Type", e.Type)
	h.Set("X-Content-Type-Options", "nosniff")
	h.Set("Content-Security-Policy", "default-src 'none'; sandbox")
	h.Set("Cache-Control", "private, max-age="+strconv.Itoa(int(maxAge/time.Second))+", immutable")
	h.Set("ETag", `"`+key+`"`)
	http.ServeContent(w, r, "", e.Fetched, bytes.NewReader(e.Body))
}

// unavailable answers 502 for an image that could not be had, cacheable
// by the browser for as long as the failure is remembered.
func (p *Proxy) unavailable(w http.ResponseWriter, retry time.Duration) {
	h := w.Header()
	h.Set("Cache-Control", "private, max-age="+strconv.Itoa(max(1, int(retry/time.Second))))
	h.Set("X-Content-Type-Options", "nosniff")
	http.Error(w, "Image not available", http.StatusBadGateway)
}

// validKey reports whether s has the shape of a key (32 lower-case hex
// digits), so that nothing else reaches the cache.
func validKey(s string) bool {
	if len(s) != 32 {
		return false
	}
	for i := 0; i < len(s); i++ {
		if !(s[i] >= '0' && s[i] <= '9' || s[i] >= 'a' && s[i] <= 'f') {
			return false
		}
	}
	return true
}

// fetchOnce fetches key's image, once however many requests wait for it,
// and records the outcome. The fetch is not cancelled when the request
// that started it goes away: others may be waiting, and the cache wants
// the answer.
func (p *Proxy) fetchOnce(ctx context.Context, key, url string) (entry, error) {
	p.mu.Lock()
	c, ok := p.flight[key]
	if !ok {
		c = &call{done: make(chan struct{})}
		p.flight[key] = c
		go func() {
			fctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), p.o.Timeout)
			defer cancel()
			c.e, c.err = p.fetch(fctx, key, url)
			p.mu.Lock()
			delete(p.flight, key)
			p.mu.Unlock()
			close(c.done)
		}()
	}
	p.mu.Unlock()
	select {
	case <-c.done:
		return c.e, c.err
	case <-ctx.Done():
		return entry{}, ctx.Err()
	}
}

// fetch gets url, checks that it is an image of a served type within the
// size limit, and stores it or the failure.
func (p *Proxy) fetch(ctx context.Context, key, url string) (entry, error) {
	now := p.o.Now()
	e, err := p.get(ctx, url)
	if err != nil {
		p.o.Logger.Info("image not available", slog.String("url", url), slog.Any("error", err))
		if perr := p.cache.putFailure(ctx, key, err.Error(), now, now.Add(p.o.FailTTL)); perr != nil {
			p.o.Logger.Warn("image cache: write", slog.String("key", key), slog.Any("error", perr))
		}
		p.remember(key, known{retry: now.Add(p.o.FailTTL)})
		return entry{}, err
	}
	e.Fetched = now
	if err := p.cache.putImage(ctx, key, e, now); err != nil {
		p.o.Logger.Warn("image cache: write", slog.String("key", key), slog.Any("error", err))
	}
	p.remember(key, known{img: Img{Src: "/images/" + key, Width: e.Width, Height: e.Height}})
	return e, nil
}

// ErrNotImage is the failure of a URL whose bytes are none of the image
// types served.
var ErrNotImage = errors.New("not an image of a type served (JPEG, PNG, GIF, WebP, AVIF)")

// ErrTooLarge is the failure of an image over MaxImage.
var ErrTooLarge = errors.New("image over the size limit")

func (p *Proxy) get(ctx context.Context, url string) (entry, error) {
	resp, err := p.o.Fetch.Get(ctx, fetch.Request{URL: url, Accept: "image/avif,image/webp,image/png,image/jpeg,image/gif;q=0.9"})
	switch {
	case errors.Is(err, fetch.ErrTooLarge):
		return entry{}, fmt.Errorf("%s: %w", url, ErrTooLarge)
	case err != nil:
		return entry{}, err
	case resp.NotModified || len(resp.Body) == 0:
		return entry{}, fmt.Errorf("%s: empty answer", url)
	case int64(len(resp.Body)) > p.o.MaxImage:
		return entry{}, fmt.Errorf("%s: %w: %d bytes, at most %d", url, ErrTooLarge, len(resp.Body), p.o.MaxImage)
	}
	ctype := sniff(resp.Body)
	if ctype == "" {
		return entry{}, fmt.Errorf("%s: %w: it looks like %s", url, ErrNotImage, http.DetectContentType(resp.Body))
	}
	w, h := dimensions(ctype, resp.Body)
	return entry{URL: url, Type: ctype, Body: resp.Body, Width: w, Height: h}, nil
}

// Stats returns how many images the cache holds and their bytes.
func (p *Proxy) Stats(ctx context.Context) (images int, bytes int64, err error) {
	return p.cache.stats(ctx)
}
