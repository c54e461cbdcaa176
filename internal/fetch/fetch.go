// Package fetch is Storyline's HTTP client for the open web: feeds, article
// pages, robots.txt and lead images. It is built so that a URL someone else
// chose (a feed item, a redirect, an og:image) cannot turn it against the
// network it runs in:
//
//   - only http and https, and never a URL with credentials in it;
//   - every address is checked twice: each host is resolved and its
//     addresses judged before a request (and before each redirect is
//     followed), and again at connect time on the very address being
//     dialled (a net.Dialer Control function), so a DNS answer that changes
//     between the two (DNS rebinding) is caught. Loopback, private, CGNAT,
//     link-local, ULA, documentation and benchmarking ranges, the IPv4-mapped,
//     NAT64 and 6to4 forms of them, are refused unless Config.AllowPrivate
//     is set; multicast, unspecified, broadcast, reserved and cloud metadata
//     addresses are refused always;
//   - no proxy from the environment (a proxy would connect on our behalf,
//     past the check), no cookies, no Authorization header, ever;
//   - timeouts for connecting, for the response headers and for the whole
//     body; a cap on the body size, counted after gzip is undone; a cap on
//     redirects, each hop followed by hand so that it passes every check;
//   - politeness: a minimum interval between two requests to one host and
//     a cap on requests in flight to it, robots.txt honoured when asked
//     (RFC 9309), conditional GET, Retry-After parsed for the caller.
//
// The robots.txt parser is our own (robots.go): no robots.txt module is on
// the list of modules this project may use, and RFC 9309's matching rules
// are short.
package fetch

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/netip"
	"net/url"
	"strconv"
	"strings"
	"sync/atomic"
	"syscall"
	"time"

	"github.com/storyline-news/storyline/internal/model"
)

// DefaultUserAgent is the User-Agent sent when Config.UserAgent is empty.
const DefaultUserAgent = "Storyline/1 (+https://github.com/storyline-news/storyline)"

// Resolver is what the client asks for addresses (net.DefaultResolver
// satisfies it).
type Resolver interface {
	LookupIPAddr(ctx context.Context, host string) ([]net.IPAddr, error)
}

// Config sets up a Client. The zero value of every field means its default.
type Config struct {
	UserAgent       string        // default DefaultUserAgent
	AllowPrivate    bool          // operator switch: allow loopback, private, link-local, ULA ranges (intranets; tests on loopback)
	ConnectTimeout  time.Duration // default 10s
	HeaderTimeout   time.Duration // default 15s
	BodyTimeout     time.Duration // default 60s, whole body read
	MaxBody         int64         // default 10 MiB; larger bodies fail with ErrTooLarge
	MaxRedirects    int           // default 5; negative: follow none
	HostInterval    time.Duration // minimum gap between two requests to one host, default 1s; negative: none
	HostConcurrency int           // requests in flight per host, default 2
	Resolver        Resolver      // default net.DefaultResolver
	// DialContext connects to an address the client has already checked
	// ("ip:port", never a host name). Default: a net.Dialer whose Control
	// function checks the address once more on the socket itself. Tests
	// pass one that fails the test or connects to loopback only.
	DialContext func(ctx context.Context, network, addr string) (net.Conn, error)
	// Archive, when set, is called after every successful (2xx) fetch with
	// the request of the final hop and the response (the WARC writer
	// plugs in here). It must not keep or change resp.Body's bytes. It
	// returns where it kept the exchange, nil if it could not, and Get
	// hands that back in the response's Archived: each fetch learns its
	// own record from the call that wrote it, so concurrent fetches
	// cannot take each other's. It is called from many goroutines at once.
	Archive func(req *http.Request, resp *Response) *model.Archive
}

// Defaults of Config.
const (
	DefaultConnectTimeout  = 10 * time.Second
	DefaultHeaderTimeout   = 15 * time.Second
	DefaultBodyTimeout     = 60 * time.Second
	DefaultMaxBody         = 10 << 20
	DefaultMaxRedirects    = 5
	DefaultHostInterval    = time.Second
	DefaultHostConcurrency = 2
)

// withDefaults fills the zero fields of c.
func (c Config) withDefaults() Config {
	if c.UserAgent == "" {
		c.UserAgent = DefaultUserAgent
	}
	if c.ConnectTimeout <= 0 {
		c.ConnectTimeout = DefaultConnectTimeout
	}
	if c.HeaderTimeout <= 0 {
		c.HeaderTimeout = DefaultHeaderTimeout
	}
	if c.BodyTimeout <= 0 {
		c.BodyTimeout = DefaultBodyTimeout
	}
	if c.MaxBody <= 0 {
		c.MaxBody = DefaultMaxBody
	}
	switch {
	case c.MaxRedirects == 0:
		c.MaxRedirects = DefaultMaxRedirects
	case c.MaxRedirects < 0:
		c.MaxRedirects = 0
	}
	switch {
	case c.HostInterval == 0:
		c.HostInterval = DefaultHostInterval
	case c.HostInterval < 0:
		c.HostInterval = 0
	}
	if c.HostConcurrency <= 0 {
		c.HostConcurrency = DefaultHostConcurrency
	}
	if c.Resolver == nil {
		c.Resolver = net.DefaultResolver
	}
	return c
}

// Request is one URL to fetch.
type Request struct {
	URL          string
	ETag         string // sent as If-None-Match
	LastModified string // sent as If-Modified-Since
	Accept       string // optional Accept header
	Robots       bool   // check robots.txt (cached per host) before fetching; article pages set it, feeds do not
}

// Response is what a server answered.
type Response struct {
	URL          string // the final URL, after redirects
	Status       int
	Header       http.Header
	Body         []byte // nil for 304
	NotModified  bool   // the server answered 304
	ETag         string
	LastModified string
	Fetched      time.Time
	RetryAfter   time.Duration  // parsed Retry-After of a 429/503 (seconds or HTTP date), 0 if none
	Archived     *model.Archive // the WARC record Config.Archive kept the exchange in; nil if none
}

// The errors a Get can fail with, each wrapped in an *Error naming the URL.
// A network failure (a name that does not resolve, a refused connection, a
// TLS error) wraps the error of the net package instead.
var (
	ErrBlocked          = errors.New("address not allowed")
	ErrScheme           = errors.New("URL not allowed")
	ErrTooLarge         = errors.New("body over the size limit")
	ErrTooManyRedirects = errors.New("too many redirects")
	ErrRobots           = errors.New("disallowed by robots.txt")
	ErrStatus           = errors.New("unexpected status")
	ErrTimeout          = errors.New("timed out")
)

// Error is a failed fetch: the URL and what went wrong.
type Error struct {
	URL string
	Err error
}

func (e *Error) Error() string { return "fetch " + e.URL + ": " + e.Err.Error() }

// Unwrap returns the cause, so that errors.Is finds the sentinels.
func (e *Error) Unwrap() error { return e.Err }

// Client fetches URLs under one Config. It is safe for concurrent use.
type Client struct {
	cfg    Config
	http   *http.Client
	hosts  *hostGates
	robots *robotsCache
	now    func() time.Time
}

// New returns a client for cfg.
func New(cfg Config) *Client {
	cfg = cfg.withDefaults()
	c := &Client{cfg: cfg, hosts: newHostGates(cfg.HostInterval, cfg.HostConcurrency), now: time.Now}
	dialer := &net.Dialer{Timeout: cfg.ConnectTimeout, KeepAlive: 30 * time.Second, Control: c.control}
	dial := cfg.DialContext
	if dial == nil {
		dial = dialer.DialContext
	}
	tr := &http.Transport{
		Proxy:                  nil, // never from the environment: a proxy would connect past the address check
		DialContext:            c.dialer(dial),
		ForceAttemptHTTP2:      true,
		TLSHandshakeTimeout:    cfg.ConnectTimeout,
		ResponseHeaderTimeout:  cfg.HeaderTimeout,
		ExpectContinueTimeout:  time.Second,
		MaxIdleConns:           100,
		MaxIdleConnsPerHost:    cfg.HostConcurrency,
		IdleConnTimeout:        90 * time.Second,
		MaxResponseHeaderBytes: 1 << 20,
	}
	c.http = &http.Client{
		Transport: tr,
		// Redirects are followed by Get itself, one checked hop at a time.
		CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse },
		Jar:           nil, // no cookies
	}
	c.robots = newRobotsCache(c)
	return c
}

// Get fetches one URL. It returns (resp, nil) for 2xx and 304. For any other
// status it returns the Response and an error wrapping ErrStatus. Other
// failures return a nil Response and an error wrapping one of the sentinels
// (or a network error), always an *Error naming the URL.
func (c *Client) Get(ctx context.Context, r Request) (*Response, error) {
	u, err := parseURL(r.URL)
	if err != nil {
		return nil, &Error{URL: r.URL, Err: err}
	}
	for hop := 0; ; hop++ {
		if err := c.checkURL(ctx, u); err != nil {
			return nil, &Error{URL: u.String(), Err: err}
		}
		if r.Robots {
			if err := c.robots.allowed(ctx, u); err != nil {
				return nil, &Error{URL: u.String(), Err: err}
			}
		}
		resp, next, err := c.do(ctx, u, r)
		if err != nil {
			return nil, &Error{URL: u.String(), Err: err}
		}
		if next == nil {
			return resp.result(u)
		}
		if hop >= c.cfg.MaxRedirects {
			return nil, &Error{URL: r.URL, Err: fmt.Errorf("%w: more than %d", ErrTooManyRedirects, c.cfg.MaxRedirects)}
		}
		u = next
	}
}

// result is the return of Get for a final response.
func (resp *Response) result(u *url.URL) (*Response, error) {
	if resp.Status/100 == 2 || resp.NotModified {
		return resp, nil
	}
	return resp, &Error{URL: u.String(), Err: fmt.Errorf("%w %d %s", ErrStatus, resp.Status, http.StatusText(resp.Status))}
}

// parseURL reads an absolute http or https URL without credentials.
func parseURL(raw string) (*url.URL, error) {
	u, err := url.Parse(strings.TrimSpace(raw))
	if err != nil {
		return nil, fmt.Errorf("%w: %v", ErrScheme, err)
	}
	return u, checkScheme(u)
}

// checkScheme accepts http and https URLs that name a host and carry no
// user name or password (which the client would send as Authorization).
func checkScheme(u *url.URL) error {
	switch {
	case u.Scheme != "http" && u.Scheme != "https":
		return fmt.Errorf("%w: only http and https, not %q", ErrScheme, u.Scheme)
	case u.Hostname() == "":
		return fmt.Errorf("%w: no host", ErrScheme)
	case u.User != nil:
		return fmt.Errorf("%w: credentials in the URL", ErrScheme)
	}
	return nil
}

// checkURL checks a URL before it is requested, the first one and every
// redirect target: its scheme, and the addresses its host resolves to
// (at least one must be allowed; the dialer connects only to those).
func (c *Client) checkURL(ctx context.Context, u *url.URL) error {
	if err := checkScheme(u); err != nil {
		return err
	}
	_, err := c.resolve(ctx, u.Hostname())
	return err
}

// resolve returns the addresses of host that may be connected to, IPv4
// first, or an error wrapping ErrBlocked naming the first refused one.
func (c *Client) resolve(ctx context.Context, host string) ([]netip.Addr, error) {
	if ip, err := netip.ParseAddr(host); err == nil {
		if err := checkAddr(ip, c.cfg.AllowPrivate); err != nil {
			return nil, err
		}
		return []netip.Addr{ip.Unmap()}, nil
	}
	ctx, cancel := context.WithTimeout(ctx, c.cfg.ConnectTimeout)
	defer cancel()
	ips, err := c.cfg.Resolver.LookupIPAddr(ctx, host)
	if err != nil {
		if errors.Is(err, context.DeadlineExceeded) {
			return nil, fmt.Errorf("%w: resolving %s", ErrTimeout, host)
		}
		return nil, err
	}
	var ok, v6 []netip.Addr
	var refused error
	for _, a := range ips {
		ip, valid := netip.AddrFromSlice(a.IP)
		if !valid {
			continue
		}
		ip = ip.Unmap()
		if err := checkAddr(ip, c.cfg.AllowPrivate); err != nil {
			if refused == nil {
				refused = fmt.Errorf("%s resolves to an address not allowed: %w", host, err)
			}
			continue
		}
		if ip.Is4() {
			ok = append(ok, ip)
		} else {
			v6 = append(v6, ip)
		}
	}
	ok = append(ok, v6...)
	switch {
	case len(ok) > 0:
		return ok, nil
	case refused != nil:
		return nil, refused
	}
	return nil, fmt.Errorf("%s: no address", host)
}

// dialer wraps dial so that it resolves the host itself and connects only
// to allowed addresses, whatever the resolver answered before: this is the
// connect-time check, on the address dialled.
func (c *Client) dialer(dial func(ctx context.Context, network, addr string) (net.Conn, error)) func(ctx context.Context, network, addr string) (net.Conn, error) {
	return func(ctx context.Context, network, addr string) (net.Conn, error) {
		host, port, err := net.SplitHostPort(addr)
		if err != nil {
			return nil, err
		}
		ips, err := c.resolve(ctx, host)
		if err != nil {
			return nil, err
		}
		var errs []error
		for _, ip := range ips {
			if err := checkAddr(ip, c.cfg.AllowPrivate); err != nil { // resolve checked; this guards against its change
				return nil, err
			}
			dctx, cancel := context.WithTimeout(ctx, c.cfg.ConnectTimeout)
			conn, err := dial(dctx, network, net.JoinHostPort(ip.String(), port))
			cancel()
			if err == nil {
				return conn, nil
			}
			errs = append(errs, err)
			if ctx.Err() != nil {
				break
			}
		}
		return nil, errors.Join(errs...)
	}
}

// control is the net.Dialer Control function: the last check, on the
// socket address the kernel is about to connect to.
func (c *Client) control(network, address string, _ syscall.RawConn) error {
	ap, err := netip.ParseAddrPort(address)
	if err != nil {
		return fmt.Errorf("%w: cannot read address %q", ErrBlocked, address)
	}
	return checkAddr(ap.Addr(), c.cfg.AllowPrivate)
}

// do sends one GET for u and reads its answer. A redirect returns the
// next URL and no response.
func (c *Client) do(ctx context.Context, u *url.URL, r Request) (*Response, *url.URL, error) {
	release, err := c.hosts.acquire(ctx, hostKey(u))
	if err != nil {
		return nil, nil, err
	}
	defer release()

	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, u.String(), nil)
	if err != nil {
		return nil, nil, fmt.Errorf("%w: %v", ErrScheme, err)
	}
	req.Header.Set("User-Agent", c.cfg.UserAgent)
	if r.Accept != "" {
		req.Header.Set("Accept", r.Accept)
	}
	if r.ETag != "" {
		req.Header.Set("If-None-Match", r.ETag)
	}
	if r.LastModified != "" {
		req.Header.Set("If-Modified-Since", r.LastModified)
	}
	hr, err := c.http.Do(req)
	if err != nil {
		return nil, nil, netError(ctx, err)
	}
	defer hr.Body.Close()
	// The body, of a redirect too, is read within BodyTimeout.
	var late atomic.Bool
	timer := time.AfterFunc(c.cfg.BodyTimeout, func() { late.Store(true); cancel() })
	defer timer.Stop()

	if isRedirect(hr.StatusCode) {
		loc := hr.Header.Get("Location")
		if loc == "" {
			return c.read(ctx, &late, req, hr, r)
		}
		next, err := u.Parse(loc)
		if err != nil {
			return nil, nil, fmt.Errorf("%w: bad redirect Location %q: %v", ErrScheme, loc, err)
		}
		next.Fragment = ""
		if err := checkScheme(next); err != nil {
			return nil, nil, fmt.Errorf("redirect to %s: %w", next.Redacted(), err)
		}
		// Read a little of the body so the connection can be reused.
		_, _ = io.CopyN(io.Discard, hr.Body, 4<<10)
		return nil, next, nil
	}
	return c.read(ctx, &late, req, hr, r)
}

// read reads the body of a final answer within the size and time limits.
func (c *Client) read(ctx context.Context, late *atomic.Bool, req *http.Request, hr *http.Response, r Request) (*Response, *url.URL, error) {
	resp := &Response{
		URL:          req.URL.String(),
		Status:       hr.StatusCode,
		Header:       hr.Header,
		ETag:         hr.Header.Get("ETag"),
		LastModified: hr.Header.Get("Last-Modified"),
		Fetched:      c.now().UTC(),
	}
	if hr.StatusCode == http.StatusTooManyRequests || hr.StatusCode == http.StatusServiceUnavailable {
		resp.RetryAfter = ParseRetryAfter(hr.Header.Get("Retry-After"), resp.Fetched)
	}
	if hr.StatusCode == http.StatusNotModified {
		resp.NotModified = true
		// A 304 may leave out the validators: the ones sent still hold.
		if resp.ETag == "" {
			resp.ETag = r.ETag
		}
		if resp.LastModified == "" {
			resp.LastModified = r.LastModified
		}
		return resp, nil, nil
	}
	if hr.ContentLength > c.cfg.MaxBody {
		return nil, nil, fmt.Errorf("%w: %d bytes announced, at most %d", ErrTooLarge, hr.ContentLength, c.cfg.MaxBody)
	}
	var buf bytes.Buffer
	if hr.ContentLength > 0 && !hr.Uncompressed {
		// bytes.Buffer reads while it has MinRead bytes free: room for
		// the body and one more read holds it without a copy.
		buf.Grow(int(hr.ContentLength) + bytes.MinRead)
	}
	n, err := buf.ReadFrom(io.LimitReader(hr.Body, c.cfg.MaxBody+1))
	if err != nil {
		if late.Load() {
			return nil, nil, fmt.Errorf("%w: body not read within %s", ErrTimeout, c.cfg.BodyTimeout)
		}
		return nil, nil, netError(ctx, err)
	}
	if n > c.cfg.MaxBody {
		return nil, nil, fmt.Errorf("%w: more than %d bytes", ErrTooLarge, c.cfg.MaxBody)
	}
	resp.Body = buf.Bytes()
	if resp.Body == nil {
		resp.Body = []byte{}
	}
	if hr.StatusCode/100 == 2 && c.cfg.Archive != nil {
		resp.Archived = c.cfg.Archive(req, resp)
	}
	return resp, nil, nil
}

// netError turns a transport error into one wrapping ErrTimeout when it is
// a timeout, and the blocked-address error when the dialer refused.
func netError(ctx context.Context, err error) error {
	var ue *url.Error
	if errors.As(err, &ue) {
		err = ue.Err
	}
	if errors.Is(err, ErrBlocked) {
		return err
	}
	var ne net.Error
	if errors.Is(err, context.DeadlineExceeded) || (errors.As(err, &ne) && ne.Timeout()) {
		return fmt.Errorf("%w: %v", ErrTimeout, err)
	}
	if cerr := ctx.Err(); cerr != nil && errors.Is(err, context.Canceled) {
		return cerr
	}
	return err
}

func isRedirect(code int) bool {
	switch code {
	case http.StatusMovedPermanently, http.StatusFound, http.StatusSeeOther,
		http.StatusTemporaryRedirect, http.StatusPermanentRedirect:
		return true
	}
	return false
}

// hostKey is what the per-host limits count by: the host name, any port.
func hostKey(u *url.URL) string { return strings.ToLower(u.Hostname()) }

// maxRetryAfter bounds what ParseRetryAfter returns, against a server that
// asks to be left alone for centuries.
const maxRetryAfter = 7 * 24 * time.Hour

// ParseRetryAfter reads a Retry-After value, a number of seconds or an
// HTTP date, relative to now. It returns 0 for an empty or unreadable
// value or a date in the past, and at most a week.
func ParseRetryAfter(v string, now time.Time) time.Duration {
	v = strings.TrimSpace(v)
	if v == "" {
		return 0
	}
	var d time.Duration
	if n, err := strconv.ParseInt(v, 10, 64); err == nil {
		if n <= 0 {
			return 0
		}
		if n > int64(maxRetryAfter/time.Second) {
			return maxRetryAfter
		}
		d = time.Duration(n) * time.Second
	} else if t, err := http.ParseTime(v); err == nil {
		d = t.Sub(now)
	}
	return min(max(d, 0), maxRetryAfter)
}
