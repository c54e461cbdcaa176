package fetch

import (
	"bytes"
	"compress/gzip"
	"context"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/http/httptest"
	"net/netip"
	"net/url"
	"slices"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/storyline-news/storyline/internal/model"
	"github.com/storyline-news/storyline/internal/source/warc"
)

// Every test here serves its own pages on loopback. No test may send a
// packet anywhere else: the ones that check refusals run with a resolver
// stub and a dialer that fails the test if it is ever called.

// loopbackClient is a client for the tests' own servers: private addresses
// allowed, no pause between requests.
func loopbackClient(cfg Config) *Client {
	cfg.AllowPrivate = true
	if cfg.HostInterval == 0 {
		cfg.HostInterval = -1
	}
	return New(cfg)
}

// stubResolver answers from a table, and never asks the network.
type stubResolver struct {
	mu    sync.Mutex
	hosts map[string][]string
	calls map[string]int
	// seq, when set for a host, gives the answer of each successive call
	// (the last one repeated): a DNS rebinding attack.
	seq map[string][][]string
}

func (r *stubResolver) LookupIPAddr(_ context.Context, host string) ([]net.IPAddr, error) {
	r.mu.Lock()
	defer r.mu.Unlock()
	if r.calls == nil {
		r.calls = map[string]int{}
	}
	n := r.calls[host]
	r.calls[host]++
	ips := r.hosts[host]
	if s := r.seq[host]; len(s) > 0 {
		ips = s[min(n, len(s)-1)]
	}
	if ips == nil {
		return nil, &net.DNSError{Err: "no such host (stub)", Name: host, IsNotFound: true}
	}
	var out []net.IPAddr
	for _, s := range ips {
		out = append(out, net.IPAddr{IP: net.ParseIP(s)})
	}
	return out, nil
}

// failDial is a DialContext that must never be called.
func failDial(t *testing.T) func(context.Context, string, string) (net.Conn, error) {
	return func(_ context.Context, network, addr string) (net.Conn, error) {
		t.Errorf("dialled %s %s: the address check should have refused it", network, addr)
		return nil, errors.New("test dialer: refused")
	}
}

// mapDial dials the loopback server behind each allowed "ip:port" and
// refuses, failing the test, anything else; it lets a request to a public
// address stand-in reach a loopback test server without the client
// knowing.
func mapDial(t *testing.T, routes map[string]string) func(context.Context, string, string) (net.Conn, error) {
	return func(ctx context.Context, network, addr string) (net.Conn, error) {
		to, ok := routes[addr]
		if !ok {
			t.Errorf("dialled %s %s: not a route of the test", network, addr)
			return nil, errors.New("test dialer: refused")
		}
		var d net.Dialer
		return d.DialContext(ctx, network, to)
	}
}

func hostPort(t *testing.T, srv *httptest.Server) string {
	t.Helper()
	u, err := url.Parse(srv.URL)
	if err != nil {
		t.Fatal(err)
	}
	return u.Host
}

func TestGet(t *testing.T) {
	var got http.Header
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		got = r.Header.Clone()
		w.Header().Set("ETag", `"v1"`)
		w.Header().Set("Last-Modified", "Wed, 02 Dec 2026 10:00:00 GMT")
		http.SetCookie(w, &http.Cookie{Name: "s", Value: "1"})
		fmt.Fprint(w, "<p>hello</p>")
	}))
	defer srv.Close()
	c := loopbackClient(Config{UserAgent: "TestBot/2"})
	resp, err := c.Get(t.Context(), Request{URL: srv.URL + "/a", Accept: "text/html"})
	if err != nil {
		t.Fatal(err)
	}
	if string(resp.Body) != "<p>hello</p>" || resp.Status != 200 || resp.URL != srv.URL+"/a" {
		t.Errorf("got %d %q from %s", resp.Status, resp.Body, resp.URL)
	}
	if resp.ETag != `"v1"` || resp.LastModified != "Wed, 02 Dec 2026 10:00:00 GMT" || resp.NotModified {
		t.Errorf("validators %q %q, not modified %v", resp.ETag, resp.LastModified, resp.NotModified)
	}
	if time.Since(resp.Fetched) > time.Minute {
		t.Errorf("fetched at %v", resp.Fetched)
	}
	if got.Get("User-Agent") != "TestBot/2" || got.Get("Accept") != "text/html" {
		t.Errorf("request headers %v", got)
	}
	// A second request sends no cookie back.
	if _, err := c.Get(t.Context(), Request{URL: srv.URL + "/b"}); err != nil {
		t.Fatal(err)
	}
	if got.Get("Cookie") != "" || got.Get("Authorization") != "" {
		t.Errorf("sent Cookie %q, Authorization %q", got.Get("Cookie"), got.Get("Authorization"))
	}
	if got.Get("User-Agent") != "TestBot/2" {
		t.Errorf("user agent %q", got.Get("User-Agent"))
	}
}

func TestDefaultUserAgent(t *testing.T) {
	var ua string
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { ua = r.UserAgent() }))
	defer srv.Close()
	if _, err := loopbackClient(Config{}).Get(t.Context(), Request{URL: srv.URL}); err != nil {
		t.Fatal(err)
	}
	if ua != DefaultUserAgent {
		t.Errorf("User-Agent %q", ua)
	}
}

func TestGzip(t *testing.T) {
	page := strings.Repeat("<p>compressed words</p>\n", 200)
	var enc string
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		enc = r.Header.Get("Accept-Encoding")
		w.Header().Set("Content-Encoding", "gzip")
		gz := gzip.NewWriter(w)
		io.WriteString(gz, page)
		gz.Close()
	}))
	defer srv.Close()
	resp, err := loopbackClient(Config{}).Get(t.Context(), Request{URL: srv.URL})
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(enc, "gzip") {
		t.Errorf("Accept-Encoding %q", enc)
	}
	if string(resp.Body) != page {
		t.Errorf("body of %d bytes, want the %d uncompressed", len(resp.Body), len(page))
	}
}

// A gzip body that inflates past MaxBody fails, however small it was on
// the wire.
func TestGzipBomb(t *testing.T) {
	var buf bytes.Buffer
	gz := gzip.NewWriter(&buf)
	gz.Write(make([]byte, 8<<20))
	gz.Close()
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Encoding", "gzip")
		w.Write(buf.Bytes())
	}))
	defer srv.Close()
	_, err := loopbackClient(Config{MaxBody: 1 << 20}).Get(t.Context(), Request{URL: srv.URL})
	if !errors.Is(err, ErrTooLarge) {
		t.Fatalf("a %d-byte gzip of 8 MiB: %v, want ErrTooLarge", buf.Len(), err)
	}
}

func TestRedirects(t *testing.T) {
	other := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		fmt.Fprint(w, "other port")
	}))
	defer other.Close()
	var cookie atomic.Value
	cookie.Store("")
	mux := http.NewServeMux()
	mux.HandleFunc("/loop", func(w http.ResponseWriter, r *http.Request) { http.Redirect(w, r, "/loop", http.StatusFound) })
	mux.HandleFunc("/a", func(w http.ResponseWriter, r *http.Request) {
		http.SetCookie(w, &http.Cookie{Name: "track", Value: "x"})
		http.Redirect(w, r, "/b", http.StatusMovedPermanently)
	})
	mux.HandleFunc("/b", func(w http.ResponseWriter, r *http.Request) { http.Redirect(w, r, "c#frag", http.StatusSeeOther) })
	mux.HandleFunc("/c", func(w http.ResponseWriter, r *http.Request) {
		cookie.Store(r.Header.Get("Cookie"))
		fmt.Fprint(w, "end")
	})
	mux.HandleFunc("/other", func(w http.ResponseWriter, r *http.Request) {
		http.Redirect(w, r, other.URL+"/x", http.StatusTemporaryRedirect)
	})
	mux.HandleFunc("/ftp", func(w http.ResponseWriter, r *http.Request) {
		http.Redirect(w, r, "ftp://example.org/x", http.StatusFound)
	})
	mux.HandleFunc("/cred", func(w http.ResponseWriter, r *http.Request) {
		http.Redirect(w, r, "http://user:pw@"+r.Host+"/c", http.StatusFound)
	})
	srv := httptest.NewServer(mux)
	defer srv.Close()
	c := loopbackClient(Config{MaxRedirects: 3})

	resp, err := c.Get(t.Context(), Request{URL: srv.URL + "/a"})
	if err != nil {
		t.Fatal(err)
	}
	if resp.URL != srv.URL+"/c" || string(resp.Body) != "end" {
		t.Errorf("ended at %s with %q", resp.URL, resp.Body)
	}
	if v := cookie.Load().(string); v != "" {
		t.Errorf("cookie %q sent along a redirect", v)
	}

	if _, err := c.Get(t.Context(), Request{URL: srv.URL + "/loop"}); !errors.Is(err, ErrTooManyRedirects) {
		t.Errorf("redirect loop: %v", err)
	}
	if _, err := c.Get(t.Context(), Request{URL: srv.URL + "/ftp"}); !errors.Is(err, ErrScheme) {
		t.Errorf("redirect to ftp: %v", err)
	}
	if _, err := c.Get(t.Context(), Request{URL: srv.URL + "/cred"}); !errors.Is(err, ErrScheme) {
		t.Errorf("redirect to a URL with credentials: %v", err)
	}
	// Another loopback port: allowed with the switch on.
	resp, err = c.Get(t.Context(), Request{URL: srv.URL + "/other"})
	if err != nil || string(resp.Body) != "other port" {
		t.Errorf("redirect to another loopback port with AllowPrivate: %v", err)
	}
}

// With the switch off, a redirect from an allowed server to loopback is
// refused before anything is sent there. The first hop goes to a public
// stand-in address that the test dialer routes to a loopback server; no
// other address is ever dialled.
func TestRedirectToPrivateRefused(t *testing.T) {
	var hit atomic.Int32
	inner := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { hit.Add(1) }))
	defer inner.Close()
	_, innerPort, _ := net.SplitHostPort(hostPort(t, inner))
	outer := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		switch r.URL.Path {
		case "/ok":
			fmt.Fprint(w, "public page")
		case "/to-loopback":
			http.Redirect(w, r, "http://127.0.0.1:"+innerPort+"/", http.StatusFound)
		case "/to-name":
			http.Redirect(w, r, "http://intranet.test:"+innerPort+"/", http.StatusFound)
		case "/to-metadata":
			http.Redirect(w, r, "http://169.254.169.254/latest/meta-data/", http.StatusFound)
		case "/to-mapped":
			http.Redirect(w, r, "http://[::ffff:127.0.0.1]:"+innerPort+"/", http.StatusFound)
		case "/to-ten":
			http.Redirect(w, r, "http://10.0.0.1/", http.StatusFound)
		}
	}))
	defer outer.Close()
	res := &stubResolver{hosts: map[string][]string{
		"news.test":     {"93.184.216.34"},
		"intranet.test": {"127.0.0.1"},
	}}
	c := New(Config{
		Resolver:     res,
		HostInterval: -1,
		DialContext:  mapDial(t, map[string]string{"93.184.216.34:80": hostPort(t, outer)}),
	})
	resp, err := c.Get(t.Context(), Request{URL: "http://news.test/ok"})
	if err != nil || string(resp.Body) != "public page" {
		t.Fatalf("the allowed first hop: %v", err)
	}
	for _, path := range []string{"/to-loopback", "/to-name", "/to-metadata", "/to-mapped", "/to-ten"} {
		_, err := c.Get(t.Context(), Request{URL: "http://news.test" + path})
		if !errors.Is(err, ErrBlocked) {
			t.Errorf("%s: %v, want ErrBlocked", path, err)
		}
		var fe *Error
		if !errors.As(err, &fe) || !strings.Contains(err.Error(), "fetch http://") {
			t.Errorf("%s: error %v does not name the URL", path, err)
		}
	}
	if n := hit.Load(); n != 0 {
		t.Errorf("the loopback server was reached %d times", n)
	}
}

func TestCheckURL(t *testing.T) {
	res := &stubResolver{hosts: map[string][]string{
		"public.test":  {"93.184.216.34"},
		"mixed.test":   {"10.0.0.1", "93.184.216.34"},
		"private.test": {"192.168.0.10"},
	}}
	c := New(Config{Resolver: res, DialContext: failDial(t)})
	for _, tc := range []struct {
		name string
		url  string
		want error
	}{
		{"public name", "https://public.test/a", nil},
		{"one of two addresses public", "http://mixed.test/", nil},
		{"private name", "http://private.test/", ErrBlocked},
		{"loopback literal", "http://127.0.0.1:8080/", ErrBlocked},
		{"IPv6 loopback literal", "http://[::1]/", ErrBlocked},
		{"ftp", "ftp://public.test/", ErrScheme},
		{"file", "file:///etc/passwd", ErrScheme},
		{"javascript", "javascript:alert(1)", ErrScheme},
		{"credentials", "http://user:secret@public.test/", ErrScheme},
		{"no host", "http:///path", ErrScheme},
	} {
		t.Run(tc.name, func(t *testing.T) {
			u, err := url.Parse(tc.url)
			if err == nil {
				err = c.checkURL(t.Context(), u)
			}
			if !errors.Is(err, tc.want) || (tc.want == nil) != (err == nil) {
				t.Errorf("checkURL(%s) = %v, want %v", tc.url, err, tc.want)
			}
		})
	}
}

// Get refuses each special-purpose range, given as a name the stub
// resolver maps to it and as a literal, without ever dialling.
func TestBlockedAddresses(t *testing.T) {
	for _, ip := range []string{
		"127.0.0.1", "127.255.0.9", "10.1.2.3", "172.16.5.4", "172.31.255.255", "192.168.1.1",
		"169.254.169.254", "169.254.1.1", "100.64.0.1", "100.127.255.254", "0.0.0.0", "224.0.0.1",
		"239.255.255.250", "255.255.255.255", "240.0.0.1", "192.0.2.7", "198.18.0.1",
		"::1", "::", "fc00::1", "fd12:3456::1", "fe80::1", "ff02::1", "fec0::1",
		"::ffff:127.0.0.1", "::ffff:10.0.0.1", "::ffff:169.254.169.254",
		"64:ff9b::7f00:1", "64:ff9b::a9fe:a9fe", "64:ff9b::c0a8:101", "2002:7f00:1::1", "2001:db8::1",
		"::127.0.0.1", "fd00:ec2::254",
	} {
		t.Run(ip, func(t *testing.T) {
			res := &stubResolver{hosts: map[string][]string{"evil.test": {ip}, "0x7f000001": {ip}}}
			c := New(Config{Resolver: res, DialContext: failDial(t)})
			lit := ip
			if strings.Contains(ip, ":") {
				lit = "[" + ip + "]"
			}
			for _, u := range []string{"http://evil.test/", "https://evil.test:8443/x", "http://" + lit + "/", "http://0x7f000001/"} {
				resp, err := c.Get(t.Context(), Request{URL: u})
				if !errors.Is(err, ErrBlocked) || resp != nil {
					t.Errorf("%s (%s): %v, want ErrBlocked", u, ip, err)
				}
			}
		})
	}
}

func TestClassify(t *testing.T) {
	for _, tc := range []struct {
		ip   string
		want class
	}{
		{"8.8.8.8", public}, {"93.184.216.34", public}, {"172.32.0.1", public}, {"172.15.255.255", public},
		{"100.128.0.1", public}, {"100.63.255.255", public}, {"192.169.0.1", public}, {"11.0.0.1", public},
		{"2606:4700::1111", public}, {"2a00:1450::1", public}, {"64:ff9b::808:808", public}, {"::ffff:8.8.8.8", public},
		{"2002:808:808::1", public},
		{"127.0.0.1", private}, {"10.0.0.1", private}, {"172.16.0.1", private}, {"192.168.255.255", private},
		{"100.64.0.1", private}, {"169.254.10.10", private}, {"::1", private}, {"fc00::", private},
		{"fdff::1", private}, {"fe80::1%eth0", private}, {"febf::1", private}, {"::ffff:192.168.0.1", private},
		{"64:ff9b::a00:1", private}, {"64:ff9b:1::1", private}, {"2001::1", private},
		{"169.254.169.254", never}, {"::ffff:169.254.169.254", never}, {"64:ff9b::a9fe:a9fe", never},
		{"0.0.0.0", never}, {"0.1.2.3", never}, {"::", never}, {"224.0.0.251", never}, {"ff02::fb", never},
		{"255.255.255.255", never}, {"250.1.1.1", never}, {"fd00:ec2::254", never}, {"100::1", never},
	} {
		t.Run(tc.ip, func(t *testing.T) {
			ip, err := netipParse(tc.ip)
			if err != nil {
				t.Fatal(err)
			}
			got, what := classify(ip)
			if got != tc.want {
				t.Errorf("classify(%s) = %d (%s), want %d", tc.ip, got, what, tc.want)
			}
			// With the switch, private addresses pass and the others do not.
			err = checkAddr(ip, true)
			if (err == nil) != (tc.want != never) {
				t.Errorf("checkAddr(%s, allow private) = %v", tc.ip, err)
			}
			err = checkAddr(ip, false)
			if (err == nil) != (tc.want == public) {
				t.Errorf("checkAddr(%s) = %v", tc.ip, err)
			}
		})
	}
}

// The resolver answers a public address to the check before the request,
// then loopback to the dialer: the connect-time check refuses, and nothing
// is dialled.
func TestDNSRebinding(t *testing.T) {
	res := &stubResolver{seq: map[string][][]string{"rebind.test": {{"93.184.216.34"}, {"127.0.0.1"}}}}
	var dialled []string
	var mu sync.Mutex
	c := New(Config{Resolver: res, DialContext: func(_ context.Context, network, addr string) (net.Conn, error) {
		mu.Lock()
		dialled = append(dialled, addr)
		mu.Unlock()
		return nil, errors.New("test dialer: refused")
	}})
	_, err := c.Get(t.Context(), Request{URL: "http://rebind.test/"})
	if !errors.Is(err, ErrBlocked) {
		t.Fatalf("rebinding: %v, want ErrBlocked", err)
	}
	if res.calls["rebind.test"] < 2 {
		t.Errorf("the dialer did not resolve again (%d lookups)", res.calls["rebind.test"])
	}
	if len(dialled) > 0 {
		t.Errorf("dialled %v", dialled)
	}
}

// The net.Dialer Control function judges the socket address itself.
func TestControl(t *testing.T) {
	c := New(Config{})
	for addr, blocked := range map[string]bool{
		"127.0.0.1:80": true, "[::1]:443": true, "169.254.169.254:80": true, "[::ffff:10.0.0.1]:80": true,
		"[fe80::1%eth0]:80": true, "93.184.216.34:80": false, "[2606:4700::1111]:443": false,
	} {
		err := c.control("tcp", addr, nil)
		if errors.Is(err, ErrBlocked) != blocked {
			t.Errorf("control(%s) = %v", addr, err)
		}
	}
	if err := loopbackClient(Config{}).control("tcp", "127.0.0.1:80", nil); err != nil {
		t.Errorf("control with AllowPrivate: %v", err)
	}
}

// No proxy from the environment: it would connect on the client's behalf,
// past the address check.
func TestNoEnvironmentProxy(t *testing.T) {
	var proxied atomic.Int32
	proxy := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		proxied.Add(1)
		fmt.Fprint(w, "proxy")
	}))
	defer proxy.Close()
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { fmt.Fprint(w, "direct") }))
	defer srv.Close()
	t.Setenv("HTTP_PROXY", proxy.URL)
	t.Setenv("http_proxy", proxy.URL)
	t.Setenv("NO_PROXY", "")
	_, port, _ := net.SplitHostPort(hostPort(t, srv))
	c := loopbackClient(Config{Resolver: &stubResolver{hosts: map[string][]string{"site.test": {"127.0.0.1"}}}})
	resp, err := c.Get(t.Context(), Request{URL: "http://site.test:" + port + "/"})
	if err != nil {
		t.Fatal(err)
	}
	if string(resp.Body) != "direct" || proxied.Load() != 0 {
		t.Errorf("got %q, proxy used %d times", resp.Body, proxied.Load())
	}
}

// endless is a body that never ends.
type endless struct{}

func (endless) Read(p []byte) (int, error) {
	for i := range p {
		p[i] = 'a'
	}
	return len(p), nil
}

func TestTooLarge(t *testing.T) {
	var written atomic.Int64
	mux := http.NewServeMux()
	mux.HandleFunc("/endless", func(w http.ResponseWriter, r *http.Request) {
		// A gigabyte, sent until the client hangs up.
		n, _ := io.Copy(w, io.LimitReader(endless{}, 1<<30))
		written.Store(n)
	})
	mux.HandleFunc("/announced", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Length", fmt.Sprint(1<<30))
		w.WriteHeader(200)
		n, _ := io.Copy(w, io.LimitReader(endless{}, 1<<30))
		written.Store(n)
	})
	mux.HandleFunc("/exact", func(w http.ResponseWriter, r *http.Request) { w.Write(make([]byte, 1<<20)) })
	srv := httptest.NewServer(mux)
	defer srv.Close()
	c := loopbackClient(Config{MaxBody: 1 << 20})
	for _, path := range []string{"/endless", "/announced"} {
		start := time.Now()
		resp, err := c.Get(t.Context(), Request{URL: srv.URL + path})
		if !errors.Is(err, ErrTooLarge) || resp != nil {
			t.Errorf("%s: %v, want ErrTooLarge", path, err)
		}
		if d := time.Since(start); d > 10*time.Second {
			t.Errorf("%s: took %s", path, d)
		}
	}
	srv.CloseClientConnections()
	// The server stops writing once the client is gone: far less than the
	// gigabyte went out.
	deadline := time.Now().Add(5 * time.Second)
	for written.Load() == 0 && time.Now().Before(deadline) {
		time.Sleep(10 * time.Millisecond)
	}
	if n := written.Load(); n > 256<<20 {
		t.Errorf("the server wrote %d bytes", n)
	}
	resp, err := c.Get(t.Context(), Request{URL: srv.URL + "/exact"})
	if err != nil || len(resp.Body) != 1<<20 {
		t.Errorf("a body of exactly MaxBody: %v", err)
	}
}

func TestTimeouts(t *testing.T) {
	stop := make(chan struct{})
	defer close(stop)
	mux := http.NewServeMux()
	mux.HandleFunc("/drip", func(w http.ResponseWriter, r *http.Request) {
		w.WriteHeader(200)
		for {
			w.Write([]byte("x"))
			w.(http.Flusher).Flush()
			select {
			case <-time.After(20 * time.Millisecond):
			case <-r.Context().Done():
				return
			case <-stop:
				return
			}
		}
	})
	mux.HandleFunc("/silent", func(w http.ResponseWriter, r *http.Request) {
		select {
		case <-r.Context().Done():
		case <-stop:
		}
	})
	srv := httptest.NewServer(mux)
	defer srv.Close()
	c := loopbackClient(Config{BodyTimeout: 300 * time.Millisecond, HeaderTimeout: 300 * time.Millisecond})
	for _, path := range []string{"/drip", "/silent"} {
		start := time.Now()
		_, err := c.Get(t.Context(), Request{URL: srv.URL + path})
		if !errors.Is(err, ErrTimeout) {
			t.Errorf("%s: %v, want ErrTimeout", path, err)
		}
		if d := time.Since(start); d < 250*time.Millisecond || d > 5*time.Second {
			t.Errorf("%s: gave up after %s", path, d)
		}
	}
}

func TestConditional(t *testing.T) {
	const etag, lm = `"abc"`, "Tue, 01 Dec 2026 08:00:00 GMT"
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.Header.Get("If-None-Match") == etag || r.Header.Get("If-Modified-Since") == lm {
			w.WriteHeader(http.StatusNotModified)
			return
		}
		w.Header().Set("ETag", etag)
		w.Header().Set("Last-Modified", lm)
		fmt.Fprint(w, "feed")
	}))
	defer srv.Close()
	c := loopbackClient(Config{})
	first, err := c.Get(t.Context(), Request{URL: srv.URL})
	if err != nil || first.NotModified {
		t.Fatalf("first: %v %+v", err, first)
	}
	for _, r := range []Request{{URL: srv.URL, ETag: first.ETag}, {URL: srv.URL, LastModified: first.LastModified}} {
		resp, err := c.Get(t.Context(), r)
		if err != nil {
			t.Fatal(err)
		}
		if !resp.NotModified || resp.Status != 304 || resp.Body != nil {
			t.Errorf("%+v: got %d, not modified %v, body %q", r, resp.Status, resp.NotModified, resp.Body)
		}
		if resp.ETag != r.ETag || resp.LastModified != r.LastModified {
			t.Errorf("a 304 lost the validators sent: %q %q", resp.ETag, resp.LastModified)
		}
	}
}

func TestStatus(t *testing.T) {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		switch r.URL.Path {
		case "/429":
			w.Header().Set("Retry-After", "120")
			http.Error(w, "slow down", http.StatusTooManyRequests)
		case "/503":
			w.Header().Set("Retry-After", time.Now().Add(time.Hour).UTC().Format(http.TimeFormat))
			http.Error(w, "later", http.StatusServiceUnavailable)
		default:
			http.NotFound(w, r)
		}
	}))
	defer srv.Close()
	c := loopbackClient(Config{})
	resp, err := c.Get(t.Context(), Request{URL: srv.URL + "/429"})
	if !errors.Is(err, ErrStatus) || resp == nil || resp.Status != 429 || resp.RetryAfter != 120*time.Second {
		t.Errorf("429: %v %+v", err, resp)
	}
	if err != nil && !strings.Contains(err.Error(), srv.URL+"/429") {
		t.Errorf("error %q does not name the URL", err)
	}
	resp, err = c.Get(t.Context(), Request{URL: srv.URL + "/503"})
	if !errors.Is(err, ErrStatus) || resp == nil || resp.RetryAfter < 59*time.Minute || resp.RetryAfter > time.Hour {
		t.Errorf("503: %v %+v", err, resp)
	}
	resp, err = c.Get(t.Context(), Request{URL: srv.URL + "/missing"})
	if !errors.Is(err, ErrStatus) || resp == nil || resp.Status != 404 || resp.RetryAfter != 0 || !strings.Contains(string(resp.Body), "not found") {
		t.Errorf("404: %v %+v", err, resp)
	}
}

func TestParseRetryAfter(t *testing.T) {
	now := time.Date(2026, 12, 3, 12, 0, 0, 0, time.UTC)
	for _, tc := range []struct {
		name, v string
		want    time.Duration
	}{
		{"seconds", "30", 30 * time.Second},
		{"spaces", " 5 ", 5 * time.Second},
		{"zero", "0", 0},
		{"negative", "-5", 0},
		{"empty", "", 0},
		{"garbage", "soon", 0},
		{"http date", "Thu, 03 Dec 2026 12:10:00 GMT", 10 * time.Minute},
		{"date in the past", "Thu, 03 Dec 2026 11:00:00 GMT", 0},
		{"RFC 850 date", "Thursday, 03-Dec-26 12:00:30 GMT", 30 * time.Second},
		{"centuries", "99999999999", maxRetryAfter},
		{"far date", "Fri, 01 Jan 2100 00:00:00 GMT", maxRetryAfter},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if got := ParseRetryAfter(tc.v, now); got != tc.want {
				t.Errorf("ParseRetryAfter(%q) = %s, want %s", tc.v, got, tc.want)
			}
		})
	}
}

func TestHostLimits(t *testing.T) {
	var inFlight, peak atomic.Int32
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		n := inFlight.Add(1)
		for {
			p := peak.Load()
			if n <= p || peak.CompareAndSwap(p, n) {
				break
			}
		}
		time.Sleep(20 * time.Millisecond)
		inFlight.Add(-1)
	}))
	defer srv.Close()

	c := loopbackClient(Config{HostConcurrency: 2})
	var wg sync.WaitGroup
	for range 8 {
		wg.Go(func() {
			if _, err := c.Get(t.Context(), Request{URL: srv.URL}); err != nil {
				t.Error(err)
			}
		})
	}
	wg.Wait()
	if p := peak.Load(); p != 2 {
		t.Errorf("at most %d requests in flight, want 2", p)
	}

	c = loopbackClient(Config{HostInterval: 100 * time.Millisecond})
	start := time.Now()
	for range 3 {
		if _, err := c.Get(t.Context(), Request{URL: srv.URL}); err != nil {
			t.Fatal(err)
		}
	}
	if d := time.Since(start); d < 200*time.Millisecond {
		t.Errorf("3 requests 100 ms apart took %s", d)
	}
	// A cancelled wait gives up at once.
	ctx, cancel := context.WithCancel(t.Context())
	cancel()
	if _, err := c.Get(ctx, Request{URL: srv.URL}); !errors.Is(err, context.Canceled) {
		t.Errorf("cancelled: %v", err)
	}
}

func TestArchiveHook(t *testing.T) {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Path == "/gone" {
			http.NotFound(w, r)
			return
		}
		fmt.Fprint(w, "kept")
	}))
	defer srv.Close()
	var mu sync.Mutex
	var archived []string
	c := loopbackClient(Config{HostConcurrency: 8, Archive: func(req *http.Request, resp *Response) *model.Archive {
		mu.Lock()
		defer mu.Unlock()
		archived = append(archived, req.URL.Path+" "+string(resp.Body))
		return &model.Archive{File: "a.warc.gz", Record: "urn:x:" + req.URL.Path}
	}})
	// Fetches at once: each response names the record of its own page.
	var wg sync.WaitGroup
	for i := range 20 {
		wg.Go(func() {
			path := fmt.Sprintf("/page%d", i)
			resp, err := c.Get(t.Context(), Request{URL: srv.URL + path})
			if err != nil || resp.Archived == nil || resp.Archived.Record != "urn:x:"+path {
				t.Errorf("%s: %v, archived %+v", path, err, resp)
			}
		})
	}
	wg.Wait()
	resp, err := c.Get(t.Context(), Request{URL: srv.URL + "/gone"})
	if err == nil || resp != nil && resp.Archived != nil {
		t.Errorf("a 404 was archived: %v %+v", err, resp)
	}
	if len(archived) != 20 || !slices.Contains(archived, "/page7 kept") {
		t.Errorf("archived %q", archived)
	}
}

// BenchmarkGet fetches a 39 KB page from loopback, as it is and kept in
// a WARC archive by the writer the CLI plugs into Config.Archive, each
// fetch learning its record.
func BenchmarkGet(b *testing.B) {
	page := bytes.Repeat([]byte("<p>A paragraph of an article page.</p>\n"), 1000) // 39 KB
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { w.Write(page) }))
	defer srv.Close()
	w, err := warc.NewWriter(b.TempDir(), 0)
	if err != nil {
		b.Fatal(err)
	}
	defer w.Close()
	archive := func(req *http.Request, resp *Response) *model.Archive {
		file, id, err := w.WriteResponse(resp.URL, resp.Fetched, req.Header, resp.Status, resp.Header, resp.Body)
		if err != nil {
			b.Error(err)
			return nil
		}
		return &model.Archive{File: file, Record: warc.RecordURI(id)}
	}
	for _, bc := range []struct {
		name    string
		archive func(*http.Request, *Response) *model.Archive
	}{{"plain", nil}, {"archived", archive}} {
		b.Run(bc.name, func(b *testing.B) {
			c := loopbackClient(Config{HostConcurrency: 4, Archive: bc.archive})
			b.SetBytes(int64(len(page)))
			b.ReportAllocs()
			b.RunParallel(func(pb *testing.PB) {
				for pb.Next() {
					resp, err := c.Get(context.Background(), Request{URL: srv.URL + "/article"})
					if err != nil || len(resp.Body) != len(page) || (bc.archive != nil) != (resp.Archived != nil) {
						b.Error(err)
						return
					}
				}
			})
		})
	}
}

// A server that is not there, or a URL that cannot be parsed, fails with an
// *Error naming the URL and no response.
func TestNetworkFailures(t *testing.T) {
	srv := httptest.NewServer(http.NotFoundHandler())
	dead := srv.URL + "/gone"
	srv.Close() // nothing listens there now
	c := loopbackClient(Config{ConnectTimeout: 2 * time.Second})
	for _, u := range []string{dead, "http://[::1", "http://bad host/"} {
		resp, err := c.Get(t.Context(), Request{URL: u})
		var fe *Error
		if resp != nil || !errors.As(err, &fe) || fe.URL == "" {
			t.Errorf("%s: %v, %v", u, resp, err)
		}
	}
	// A name the resolver does not know.
	c = New(Config{Resolver: &stubResolver{}, DialContext: failDial(t)})
	if _, err := c.Get(t.Context(), Request{URL: "http://unknown.test/"}); err == nil || !strings.Contains(err.Error(), "unknown.test") {
		t.Errorf("unknown name: %v", err)
	}
}

func BenchmarkClassify(b *testing.B) {
	ips := []string{"93.184.216.34", "10.1.2.3", "2606:4700::1111", "::ffff:127.0.0.1", "64:ff9b::a9fe:a9fe", "fd12::1"}
	addrs := make([]netip.Addr, len(ips))
	for i, s := range ips {
		addrs[i] = netip.MustParseAddr(s)
	}
	b.ReportAllocs()
	for i := range b.N {
		classify(addrs[i%len(addrs)])
	}
}
