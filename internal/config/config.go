// Package config holds Storyline's one configuration struct: its defaults,
// the environment variables and command-line flags that override them, and
// its validation. Nothing else reads the environment.
package config

import (
	"cmp"
	"errors"
	"flag"
	"fmt"
	"net/url"
	"path/filepath"
	"runtime"
	"strconv"
	"strings"
	"time"
)

// Config is every setting a Storyline command uses.
type Config struct {
	DB        string // database path (SQLite) or URL; STORYLINE_DB
	Addr      string // HTTP listen address; STORYLINE_ADDR
	MaxBytes  int64  // largest input file, after decompression; STORYLINE_MAX_SIZE
	Workers   int    // extraction and analysis workers; STORYLINE_WORKERS
	Year      int    // year hint for dating articles that do not say their year; STORYLINE_YEAR
	Published string // publication date to assume for documents without one
	LogLevel  string // debug, info, warn or error; STORYLINE_LOG_LEVEL
	// BaseURL is the address readers reach the server at
	// ("https://news.example.org"); requests naming another host are
	// refused. Empty: loopback hosts and the listen address's host only.
	// STORYLINE_BASE_URL
	BaseURL string

	// Public lets anyone who reaches the server read it without signing
	// in (writes always need a user); STORYLINE_PUBLIC.
	Public bool

	// Live sources (storyline sources, fetch, serve's poller).
	//
	// Poll turns serve's poller on (it runs only while sources exist);
	// STORYLINE_POLL.
	Poll bool
	// PollInterval is a new source's interval unless one is given;
	// STORYLINE_POLL_INTERVAL.
	PollInterval time.Duration
	// FetchWorkers is how many article pages are fetched at once over all
	// sources; STORYLINE_FETCH_WORKERS.
	FetchWorkers int
	// UserAgent is sent with every request; STORYLINE_USER_AGENT.
	UserAgent string
	// AllowPrivate lets the fetcher reach loopback, private and
	// link-local addresses (an intranet's feeds); off, they are refused.
	// STORYLINE_ALLOW_PRIVATE.
	AllowPrivate bool
	// HostInterval is the least time between two requests to one host
	// (0: none); STORYLINE_HOST_INTERVAL.
	HostInterval time.Duration
	// Archive is a folder where every page and feed fetched is kept in
	// rotating WARC files ("" keeps none); STORYLINE_ARCHIVE.
	Archive string

	// ImageCache is the file that keeps the lead images serve shows
	// through its image proxy; "" means beside the database
	// (storyline.db → storyline-images.db), "off" shows no images.
	// STORYLINE_IMAGE_CACHE.
	ImageCache string
	// ImageCacheSize bounds the bytes of images kept;
	// STORYLINE_IMAGE_CACHE_SIZE.
	ImageCacheSize int64
}

// Default returns the defaults: an embedded SQLite file in the working
// directory, the UI on localhost:8080, 20 MB per input file.
func Default() Config {
	return Config{
		DB:       "storyline.db",
		Addr:     "127.0.0.1:8080",
		MaxBytes: 20 << 20,
		Workers:  runtime.GOMAXPROCS(0),
		LogLevel: "info",

		Poll:         true,
		PollInterval: 30 * time.Minute,
		FetchWorkers: 8,
		UserAgent:    "Storyline/1 (+https://github.com/storyline-news/storyline)",
		HostInterval: time.Second,

		ImageCacheSize: 256 << 20,
	}
}

// FromEnv overrides c with the STORYLINE_* variables that getenv returns.
func (c *Config) FromEnv(getenv func(string) string) error {
	var errs []error
	str := func(name string, dst *string) {
		if v := getenv(name); v != "" {
			*dst = v
		}
	}
	str("STORYLINE_DB", &c.DB)
	str("STORYLINE_ADDR", &c.Addr)
	str("STORYLINE_LOG_LEVEL", &c.LogLevel)
	str("STORYLINE_BASE_URL", &c.BaseURL)
	str("STORYLINE_USER_AGENT", &c.UserAgent)
	str("STORYLINE_ARCHIVE", &c.Archive)
	str("STORYLINE_IMAGE_CACHE", &c.ImageCache)
	for _, e := range []struct {
		name string
		dst  *bool
	}{{"STORYLINE_PUBLIC", &c.Public}, {"STORYLINE_POLL", &c.Poll}, {"STORYLINE_ALLOW_PRIVATE", &c.AllowPrivate}} {
		if v := getenv(e.name); v != "" {
			b, err := strconv.ParseBool(v)
			if err != nil {
				errs = append(errs, fmt.Errorf("%s: not true or false: %q", e.name, v))
			}
			*e.dst = b
		}
	}
	for _, e := range []struct {
		name string
		dst  *time.Duration
	}{{"STORYLINE_POLL_INTERVAL", &c.PollInterval}, {"STORYLINE_HOST_INTERVAL", &c.HostInterval}} {
		if v := getenv(e.name); v != "" {
			d, err := time.ParseDuration(v)
			if err != nil {
				errs = append(errs, fmt.Errorf("%s: not a duration like 30m: %q", e.name, v))
			}
			*e.dst = d
		}
	}
	for _, e := range []struct {
		name string
		dst  *int64
	}{{"STORYLINE_MAX_SIZE", &c.MaxBytes}, {"STORYLINE_IMAGE_CACHE_SIZE", &c.ImageCacheSize}} {
		if v := getenv(e.name); v != "" {
			n, err := ParseSize(v)
			if err != nil {
				errs = append(errs, fmt.Errorf("%s: %w", e.name, err))
			}
			*e.dst = n
		}
	}
	// A slice, not a map, so that two bad variables are reported in one order.
	for _, e := range []struct {
		name string
		dst  *int
	}{{"STORYLINE_WORKERS", &c.Workers}, {"STORYLINE_YEAR", &c.Year}, {"STORYLINE_FETCH_WORKERS", &c.FetchWorkers}} {
		name, dst := e.name, e.dst
		if v := getenv(name); v != "" {
			n, err := strconv.Atoi(v)
			if err != nil {
				errs = append(errs, fmt.Errorf("%s: not a whole number: %q", name, v))
			}
			*dst = n
		}
	}
	return errors.Join(errs...)
}

// sizeValue is a flag.Value for byte sizes such as "20MB".
type sizeValue struct{ n *int64 }

func (s sizeValue) String() string {
	if s.n == nil {
		return ""
	}
	return FormatSize(*s.n)
}

func (s sizeValue) Set(v string) error {
	n, err := ParseSize(v)
	if err != nil {
		return err
	}
	*s.n = n
	return nil
}

// AnalysisFlags binds the flags of commands that read and analyse articles.
func (c *Config) AnalysisFlags(fs *flag.FlagSet) {
	fs.Var(sizeValue{&c.MaxBytes}, "max-size", "largest input file, after decompression (e.g. 20MB)")
	fs.IntVar(&c.Workers, "workers", c.Workers, "extraction and analysis workers")
	fs.IntVar(&c.Year, "year", c.Year, "year the articles were collected, to date those that do not say (e.g. 2022)")
	fs.StringVar(&c.Published, "published", c.Published, "publication date (YYYY-MM-DD) for documents that carry none")
}

// ServerFlags binds the flags of commands that use the store or serve HTTP.
func (c *Config) ServerFlags(fs *flag.FlagSet) {
	fs.StringVar(&c.DB, "db", c.DB, "database file")
	fs.StringVar(&c.Addr, "addr", c.Addr, "HTTP listen address")
	fs.StringVar(&c.BaseURL, "base-url", c.BaseURL, "the URL readers reach the server at (e.g. https://news.example.org); other Host headers are refused")
}

// AccessFlags binds the flags that say who may use a server.
func (c *Config) AccessFlags(fs *flag.FlagSet) {
	fs.BoolVar(&c.Public, "public", c.Public, "let anyone who can reach the server read it without signing in (writes still need a signed-in user)")
}

// FetchFlags binds the flags of commands that fetch over HTTP.
func (c *Config) FetchFlags(fs *flag.FlagSet) {
	fs.StringVar(&c.UserAgent, "user-agent", c.UserAgent, "User-Agent sent with every request")
	fs.BoolVar(&c.AllowPrivate, "allow-private", c.AllowPrivate, "let the fetcher reach loopback, private and link-local addresses (an intranet's feeds)")
	fs.IntVar(&c.FetchWorkers, "fetch-workers", c.FetchWorkers, "article pages fetched at once over all sources")
	fs.DurationVar(&c.HostInterval, "host-interval", c.HostInterval, "least time between two requests to one host (0: none)")
	fs.StringVar(&c.Archive, "archive", c.Archive, "keep every feed and page fetched in rotating WARC files in this folder")
}

// ImageFlags binds the flags of the image proxy (serve).
func (c *Config) ImageFlags(fs *flag.FlagSet) {
	fs.StringVar(&c.ImageCache, "image-cache", c.ImageCache, `file that keeps the lead images shown (default beside the database; "off": show no images)`)
	fs.Var(sizeValue{&c.ImageCacheSize}, "image-cache-size", "bytes of images kept at most (e.g. 256MB)")
}

// ImagesOff is the ImageCache value that turns lead images off.
const ImagesOff = "off"

// ImageCachePath returns the image cache file: ImageCache, or the
// database's name with "-images" before its extension, in its folder;
// "" when images are off.
func (c Config) ImageCachePath() string {
	switch c.ImageCache {
	case ImagesOff:
		return ""
	case "":
		ext := filepath.Ext(c.DB)
		return strings.TrimSuffix(c.DB, ext) + "-images" + cmp.Or(ext, ".db")
	}
	return c.ImageCache
}

// MinPollInterval is the shortest interval a source may have: polling
// more often than this is impolite to any publisher.
const MinPollInterval = time.Minute

// CheckPollInterval reports an interval too short (or too long) to use.
func CheckPollInterval(d time.Duration) error {
	if d < MinPollInterval || d > 7*24*time.Hour {
		return fmt.Errorf("poll interval must be between %s and 168h, not %s", MinPollInterval, d)
	}
	return nil
}

// Validate reports every setting that cannot work.
func (c Config) Validate() error {
	var errs []error
	if c.MaxBytes <= 0 {
		errs = append(errs, fmt.Errorf("max-size must be positive, not %d", c.MaxBytes))
	}
	if c.Workers < 1 {
		errs = append(errs, fmt.Errorf("workers must be at least 1, not %d", c.Workers))
	}
	if c.Year != 0 && (c.Year < 1900 || c.Year > 2200) {
		errs = append(errs, fmt.Errorf("year %d is out of range 1900-2200", c.Year))
	}
	if c.Published != "" {
		if _, err := time.Parse("2006-01-02", c.Published); err != nil {
			errs = append(errs, fmt.Errorf("published must be a date like 2022-09-15, not %q", c.Published))
		}
	}
	if c.BaseURL != "" {
		if err := checkBaseURL(c.BaseURL); err != nil {
			errs = append(errs, err)
		}
	}
	if err := CheckPollInterval(c.PollInterval); err != nil {
		errs = append(errs, err)
	}
	if c.HostInterval < 0 {
		errs = append(errs, fmt.Errorf("host-interval must not be negative, not %s", c.HostInterval))
	}
	if c.ImageCacheSize < 1<<20 {
		errs = append(errs, fmt.Errorf("image-cache-size must be at least 1MB, not %s", FormatSize(c.ImageCacheSize)))
	}
	if c.FetchWorkers < 1 {
		errs = append(errs, fmt.Errorf("fetch-workers must be at least 1, not %d", c.FetchWorkers))
	}
	if strings.TrimSpace(c.UserAgent) == "" || strings.ContainsAny(c.UserAgent, "\r\n") {
		errs = append(errs, fmt.Errorf("user-agent must be one non-empty line"))
	}
	switch c.LogLevel {
	case "debug", "info", "warn", "error":
	default:
		errs = append(errs, fmt.Errorf("log level must be debug, info, warn or error, not %q", c.LogLevel))
	}
	return errors.Join(errs...)
}

// checkBaseURL accepts an absolute http or https URL of a site root.
func checkBaseURL(raw string) error {
	u, err := url.Parse(raw)
	switch {
	case err != nil:
		return fmt.Errorf("base-url %q: %v", raw, err)
	case u.Scheme != "http" && u.Scheme != "https":
		return fmt.Errorf("base-url must start with http:// or https://, not %q", raw)
	case u.Host == "" || u.Hostname() == "":
		return fmt.Errorf("base-url %q names no host", raw)
	case u.Path != "" && u.Path != "/", u.RawQuery != "", u.Fragment != "", u.User != nil:
		return fmt.Errorf("base-url must be a site root like https://news.example.org, not %q", raw)
	}
	return nil
}

// ParseSize reads a byte size: "20MB", "512k", "1GiB", "1048576".
func ParseSize(s string) (int64, error) {
	t := strings.ToUpper(strings.TrimSpace(s))
	mult := int64(1)
	for _, u := range []struct {
		suffix string
		mult   int64
	}{{"GIB", 1 << 30}, {"MIB", 1 << 20}, {"KIB", 1 << 10}, {"GB", 1 << 30}, {"MB", 1 << 20}, {"KB", 1 << 10}, {"G", 1 << 30}, {"M", 1 << 20}, {"K", 1 << 10}, {"B", 1}} {
		if strings.HasSuffix(t, u.suffix) {
			t, mult = strings.TrimSpace(strings.TrimSuffix(t, u.suffix)), u.mult
			break
		}
	}
	n, err := strconv.ParseFloat(t, 64)
	if err != nil || n < 0 {
		return 0, fmt.Errorf("not a size: %q (try 20MB)", s)
	}
	return int64(n * float64(mult)), nil
}

// FormatSize writes a byte size the way ParseSize reads it.
func FormatSize(n int64) string {
	switch {
	case n >= 1<<30 && n%(1<<30) == 0:
		return fmt.Sprintf("%dGB", n>>30)
	case n >= 1<<20 && n%(1<<20) == 0:
		return fmt.Sprintf("%dMB", n>>20)
	case n >= 1<<10 && n%(1<<10) == 0:
		return fmt.Sprintf("%dKB", n>>10)
	}
	return strconv.FormatInt(n, 10)
}
