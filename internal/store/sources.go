package store

import (
	"context"
	"time"
)

// Kinds of polled source.
const (
	SourceFeed    = "feed"    // an RSS, Atom or JSON feed
	SourceSite    = "site"    // a site whose feed was found by autodiscovery
	SourceSitemap = "sitemap" // a Google News sitemap or sitemap index
)

// States a polled source is shown in.
const (
	StateHealthy = "healthy" // its last poll worked (or it was never polled); some items may have failed
	StateFailing = "failing" // its last poll failed: the feed could not be had or read
	StatePaused  = "paused"  // not polled until resumed
)

// PolledSource is a feed, site or news sitemap Storyline follows, with
// the state of its last poll.
type PolledSource struct {
	ID           string        `json:"id"`
	URL          string        `json:"url"`            // the feed or sitemap polled
	Kind         string        `json:"kind"`           // SourceFeed, SourceSite or SourceSitemap
	Site         string        `json:"site,omitempty"` // for a site, the home page its feed was found on
	Title        string        `json:"title,omitempty"`
	Interval     time.Duration `json:"-"`
	Paused       bool          `json:"paused"`
	ETag         string        `json:"-"`          // of the last 200, sent back as If-None-Match
	LastModified string        `json:"-"`          // of the last 200, sent back as If-Modified-Since
	LastFetch    time.Time     `json:"last_fetch"` // zero when never polled
	NextFetch    time.Time     `json:"next_fetch"` // when it is due; zero is at once
	LastError    string        `json:"last_error,omitempty"`
	Failures     int           `json:"failures"` // polls failed in a row
	Created      time.Time     `json:"created"`
	Articles     int           `json:"articles"` // articles it brought, filled by the listing methods
}

// State is how the source is shown: paused, failing or healthy.
func (s PolledSource) State() string {
	switch {
	case s.Paused:
		return StatePaused
	case s.Failures > 0:
		return StateFailing
	}
	return StateHealthy
}

// Poll is what one poll of a source learned, for RecordPoll.
type Poll struct {
	At           time.Time // when it was polled
	Next         time.Time // when it is due again
	Title        string    // the feed's title; "" keeps the stored one
	ETag         string    // "" keeps the stored one (a 304 sends none)
	LastModified string
	Err          string // "" when the poll worked, which resets Failures
	// Warning is shown as the last error of a poll that worked but some
	// of whose items gave no article (a refused address, robots.txt);
	// it does not count as a failure.
	Warning string
}

// SeenItem is one item a source has seen.
type SeenItem struct {
	Key     string    // the item's GUID, else its link
	Version string    // its update time or content hash when last fetched
	Article string    // the article it became; "" when none
	Error   string    // why it became none
	Retry   bool      // the failure was passing (a timeout, a 5xx): try again
	Tries   int       // failed fetches of this version worth another try
	Fetched time.Time // when it was last fetched
}

// Polling keeps the polled sources and the items they have seen.
type Polling interface {
	// AddPolledSource stores a new source and returns it with its ID and
	// creation time; a URL followed already is an error wrapping
	// ErrExists, an empty URL or kind or a non-positive interval one
	// wrapping ErrInvalid. A new source is due at once.
	AddPolledSource(ctx context.Context, src PolledSource) (PolledSource, error)
	// PolledSources returns every source with its article count, in the
	// order they were added.
	PolledSources(ctx context.Context) ([]PolledSource, error)
	// PolledSource returns one source, by ID or by URL, with its article
	// count.
	PolledSource(ctx context.Context, idOrURL string) (PolledSource, error)
	// DueSources returns the sources not paused whose next poll is at or
	// before now, the longest due first.
	DueSources(ctx context.Context, now time.Time) ([]PolledSource, error)
	// SetSourcePaused pauses or resumes a source; a resumed one is due at
	// once.
	SetSourcePaused(ctx context.Context, id string, paused bool) error
	// SetSourceInterval changes how often a source is polled.
	SetSourceInterval(ctx context.Context, id string, interval time.Duration) error
	// DeletePolledSource removes a source and its seen items; the
	// articles it brought stay.
	DeletePolledSource(ctx context.Context, id string) error
	// RecordPoll records what a poll of a source learned: a failed one
	// (Err set) adds one to its failures, one that worked resets them.
	RecordPoll(ctx context.Context, id string, p Poll) error
	// SeenItems returns the items of a source with the given keys that it
	// has seen, by key.
	SeenItems(ctx context.Context, sourceID string, keys []string) (map[string]SeenItem, error)
	// SaveSeenItems records items as seen by a source, replacing what was
	// recorded of the same keys.
	SaveSeenItems(ctx context.Context, sourceID string, items []SeenItem) error
}
