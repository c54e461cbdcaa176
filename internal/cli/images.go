package cli

import (
	"context"
	"log/slog"
	"time"

	"github.com/storyline-news/storyline/internal/config"
	"github.com/storyline-news/storyline/internal/fetch"
	"github.com/storyline-news/storyline/internal/imageproxy"
)

// openImages opens serve's image proxy, or returns nil when images are
// off. Its fetcher is the safe one, with the operator's User-Agent and
// private-address switch, sized and timed for images: a reader's page
// waits for them.
func openImages(ctx context.Context, cfg config.Config) (*imageproxy.Proxy, error) {
	path := cfg.ImageCachePath()
	if path == "" {
		return nil, nil
	}
	fc := fetch.New(fetch.Config{
		UserAgent:       cfg.UserAgent,
		AllowPrivate:    cfg.AllowPrivate,
		MaxBody:         imageproxy.DefaultMaxImage,
		ConnectTimeout:  5 * time.Second,
		HeaderTimeout:   10 * time.Second,
		BodyTimeout:     20 * time.Second,
		HostInterval:    100 * time.Millisecond, // images sit on CDNs that a browser would ask in parallel
		HostConcurrency: 4,
	})
	return imageproxy.Open(ctx, path, imageproxy.Options{Fetch: fc, CacheBytes: cfg.ImageCacheSize, Logger: slog.Default()})
}
