package server

import (
	"encoding/json"
	"fmt"
	"log/slog"
	"net"
	"net/http"
	"net/url"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/storyline-news/storyline/internal/auth"
	"github.com/storyline-news/storyline/internal/web"
)

// This file holds what makes the server safe to expose: the Host check
// against DNS rebinding, one cross-origin check for every state-changing
// request, the refusal of control characters in paths and query
// parameters, and answers for unknown paths (404) and wrong methods (405)
// in the shape the client expects: JSON under /api/, a page elsewhere.

// guard wraps the routes of mux in the checks every request passes,
// outermost first:
//
//  1. the Host (421): a request for another host is no business of ours,
//     whoever sends it;
//  2. the characters of the path and query (400);
//  3. the cross-origin check on writes (403), for the UI's forms, sign-in
//     and sign-out, tokens, follows and the API alike;
//  4. the route: an unknown path (404) or a wrong method (405, with
//     Allow) is answered in the shape of the part of the site it is
//     under, from the route table alone, which is the same for everyone
//     and holds no data;
//  5. authentication (acc's middleware: 401, or a redirect to sign in),
//     for requests a route will serve;
//  6. conditional GETs (ETag, 304) on what the handler answers, so that
//     a 304 only ever goes to a request that was let through, and is
//     computed from the body that request would get.
//
// The 404 page still knows who is signed in, so its header is the
// reader's own.
func guard(o Options, mux *http.ServeMux, ui *web.Handler, acc *auth.Service) (http.Handler, error) {
	hosts, err := newHostGuard(o.BaseURL, o.Addr)
	if err != nil {
		return nil, err
	}
	page := ErrorPage(ui.ErrorPage)
	h := routes(mux, acc.Middleware(conditional(mux)), acc.Identify(http.HandlerFunc(ui.NotFound)), page)
	h = crossOrigin(page, h)
	h = cleanInput(page, h)
	return hosts.wrap(page, o.Logger, h), nil
}

// apiRoot is where every answer is JSON, whichever version is asked for.
const apiRoot = "/api/"

// ErrorPage writes an error page of the web UI with status and message.
type ErrorPage func(w http.ResponseWriter, r *http.Request, status int, msg string)

// refuse answers a request the guard stops: JSON under /api/, the UI's
// error page elsewhere (a plain text answer when there is no UI page).
func refuse(page ErrorPage, w http.ResponseWriter, r *http.Request, status int, msg string) {
	switch {
	case strings.HasPrefix(r.URL.Path, apiRoot):
		b, _ := json.Marshal(map[string]string{"error": msg})
		w.Header().Set("Content-Type", "application/json")
		w.Header().Set("Cache-Control", "no-cache")
		w.WriteHeader(status)
		w.Write(append(b, '\n'))
	case page != nil:
		page(w, r, status, msg)
	default:
		http.Error(w, msg, status)
	}
}

// hostGuard refuses requests whose Host header names a host the server is
// not reached at, so that a page on a domain an attacker re-points at this
// address (DNS rebinding) cannot read or write through the reader's
// browser. With a base URL only its host (and port) is accepted; without
// one, loopback hosts and the listen address's host.
type hostGuard struct {
	base   string // host[:port] of the base URL, lower case, default port dropped
	listen string // host of the listen address, when it is a specific one
}

func newHostGuard(baseURL, addr string) (hostGuard, error) {
	var g hostGuard
	if baseURL != "" {
		u, err := url.Parse(baseURL)
		if err != nil || u.Host == "" || (u.Scheme != "http" && u.Scheme != "https") {
			return g, fmt.Errorf("server: base URL %q is not an http(s) URL with a host", baseURL)
		}
		g.base = normalHost(u.Host, u.Scheme)
		return g, nil
	}
	if h, _, err := net.SplitHostPort(addr); err == nil {
		if ip := net.ParseIP(h); h != "" && (ip == nil || !ip.IsUnspecified()) {
			g.listen = strings.ToLower(h)
		}
	}
	return g, nil
}

// normalHost lowers host and drops the scheme's default port.
func normalHost(host, scheme string) string {
	host = strings.ToLower(host)
	if h, port, err := net.SplitHostPort(host); err == nil &&
		((scheme == "http" && port == "80") || (scheme == "https" && port == "443")) {
		return h
	}
	return host
}

// allows reports whether a request to host (its Host header) is for us.
func (g hostGuard) allows(host string, tls bool) bool {
	if g.base != "" {
		scheme := "http"
		if tls {
			scheme = "https"
		}
		// Behind a TLS-terminating proxy the request arrives as plain
		// HTTP: accept the base URL's host with either default port.
		return normalHost(host, scheme) == g.base || normalHost(host, "http") == g.base || normalHost(host, "https") == g.base
	}
	name := strings.ToLower(host)
	if h, _, err := net.SplitHostPort(name); err == nil {
		name = h
	}
	name = strings.TrimSuffix(strings.TrimPrefix(name, "["), "]")
	if name == "" {
		return false
	}
	if name == "localhost" || strings.HasSuffix(name, ".localhost") || name == g.listen {
		return true
	}
	ip := net.ParseIP(name)
	return ip != nil && ip.IsLoopback()
}

func (g hostGuard) wrap(page ErrorPage, log *slog.Logger, next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		// The health check answers whoever asks: load balancers probe by
		// address, and it tells nothing.
		if r.URL.Path != "/healthz" && !g.allows(r.Host, r.TLS != nil) {
			log.Warn("refused a request for another host", slog.String("host", r.Host), slog.String("path", r.URL.Path))
			refuse(page, w, r, http.StatusMisdirectedRequest, "this server does not answer for the host "+quoted(r.Host)+"; set --base-url to the address it is reached at")
			return
		}
		next.ServeHTTP(w, r)
	})
}

// crossOrigin refuses every state-changing request a browser sends from
// another site (forms, fetch with any content type), for the UI and the
// API alike; GET, HEAD and OPTIONS pass, as do clients that are not
// browsers (no Origin, no Sec-Fetch-Site).
func crossOrigin(page ErrorPage, next http.Handler) http.Handler {
	cop := http.NewCrossOriginProtection()
	cop.SetDenyHandler(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		refuse(page, w, r, http.StatusForbidden, "cross-site request refused: changes can only be made from Storyline's own pages or by a client that is not a browser")
	}))
	return cop.Handler(next)
}

// cleanInput refuses a path or query parameter holding a control
// character (a NUL above all) or bytes that are not UTF-8: no page or
// search needs them, and further in they break what they touch.
func cleanInput(page ErrorPage, next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if bad := badText(r.URL.Path); bad != "" {
			refuse(page, w, r, http.StatusBadRequest, "the path "+bad)
			return
		}
		v, err := url.ParseQuery(r.URL.RawQuery)
		if err != nil {
			refuse(page, w, r, http.StatusBadRequest, "the query string is malformed: "+err.Error())
			return
		}
		for name, vals := range v {
			if bad := badText(name); bad != "" {
				refuse(page, w, r, http.StatusBadRequest, "a query parameter name "+bad)
				return
			}
			for _, s := range vals {
				if bad := badText(s); bad != "" {
					refuse(page, w, r, http.StatusBadRequest, "the parameter "+quoted(name)+" "+bad)
					return
				}
			}
		}
		next.ServeHTTP(w, r)
	})
}

// badText says what is wrong with s ("holds a NUL byte"), or "" when
// nothing is.
func badText(s string) string {
	if !utf8.ValidString(s) {
		return "is not valid UTF-8"
	}
	for _, c := range s {
		if c == 0 {
			return "holds a NUL byte"
		}
		if unicode.IsControl(c) {
			return fmt.Sprintf("holds the control character %U", c)
		}
	}
	return ""
}

// quoted quotes s for a message, so what a client sent cannot
// forge lines or markup in it.
func quoted(s string) string {
	if len(s) > 100 {
		s = s[:100] + "…"
	}
	return fmt.Sprintf("%q", s)
}

// routes serves the requests a route of mux takes with found, and
// answers those no route takes: 405 with the Allow header the mux
// computed for a path that exists under other methods, 404 otherwise,
// each JSON under /api/; an unknown page elsewhere goes to notFound.
func routes(mux *http.ServeMux, found, notFound http.Handler, page ErrorPage) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if _, pattern := mux.Handler(r); pattern != "" {
			found.ServeHTTP(w, r)
			return
		}
		// No pattern matched: the mux answers 404, or 405 with Allow when
		// the path is served under other methods. Ask it which, then
		// answer in our own shape.
		probe := &headerProbe{header: http.Header{}}
		mux.ServeHTTP(probe, r)
		if probe.status == http.StatusMethodNotAllowed {
			w.Header().Set("Allow", probe.header.Get("Allow"))
			refuse(page, w, r, http.StatusMethodNotAllowed, "method "+r.Method+" is not allowed here; allowed: "+probe.header.Get("Allow"))
			return
		}
		if strings.HasPrefix(r.URL.Path, apiRoot) || notFound == nil {
			refuse(page, w, r, http.StatusNotFound, "no such endpoint: "+r.Method+" "+r.URL.Path)
			return
		}
		notFound.ServeHTTP(w, r)
	})
}

// headerProbe records the status and headers a handler writes and drops
// its body.
type headerProbe struct {
	header http.Header
	status int
}

func (p *headerProbe) Header() http.Header { return p.header }

func (p *headerProbe) WriteHeader(code int) {
	if p.status == 0 {
		p.status = code
	}
}

func (p *headerProbe) Write(b []byte) (int, error) {
	p.WriteHeader(http.StatusOK)
	return len(b), nil
}
