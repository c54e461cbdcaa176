package server

import (
	"context"
	"encoding/json"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/storyline-news/storyline/internal/auth/authtest"
	"github.com/storyline-news/storyline/internal/store"
)

// call makes one request with the given headers and returns its status,
// body and headers; it does not follow redirects.
func call(t *testing.T, method, u, body string, hdr map[string]string) (int, string, http.Header) {
	t.Helper()
	req, err := http.NewRequest(method, u, strings.NewReader(body))
	if err != nil {
		t.Fatal(err)
	}
	for k, v := range hdr {
		if k == "Host" {
			req.Host = v
			continue
		}
		req.Header.Set(k, v)
	}
	client := &http.Client{CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
	res, err := client.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer res.Body.Close()
	b, _ := io.ReadAll(res.Body)
	return res.StatusCode, string(b), res.Header
}

// with returns hdr with the headers that make a request signed in: a
// browser's session cookie (as Cookie) or an API token (as Authorization).
func with(hdr map[string]string, cookie *http.Cookie, token string) map[string]string {
	out := map[string]string{}
	for k, v := range hdr {
		out[k] = v
	}
	if cookie != nil {
		out["Cookie"] = cookie.Name + "=" + cookie.Value
	}
	if token != "" {
		out["Authorization"] = "Bearer " + token
	}
	return out
}

// TestCrossSiteWritesRefused: no page on another site can change anything
// through a signed-in reader's browser, through the UI's forms (signing in
// and out included) or the API, whatever content type it sends;
// same-origin pages and clients that are not browsers still can.
func TestCrossSiteWritesRefused(t *testing.T) {
	srv, st, ann := newTestServer(t)
	ctx := context.Background()
	existing, err := st.AddFollow(ctx, store.Follow{User: ann.ID, Kind: store.FollowSearch, Target: "county fair"})
	if err != nil {
		t.Fatal(err)
	}
	tokens, err := st.APITokens(ctx, ann.ID)
	if err != nil || len(tokens) != 1 {
		t.Fatalf("ann's tokens: %v, %v", tokens, err)
	}
	// The victim's browser sends its session cookie along.
	crossSite := with(map[string]string{"Origin": "https://evil.example", "Sec-Fetch-Site": "cross-site", "Content-Type": "text/plain"}, ann.Cookie, "")
	oldBrowser := with(map[string]string{"Origin": "https://evil.example", "Content-Type": "text/plain"}, ann.Cookie, "") // no Sec-Fetch-Site
	form := with(map[string]string{"Sec-Fetch-Site": "cross-site", "Content-Type": "application/x-www-form-urlencoded"}, ann.Cookie, "")
	anonForm := map[string]string{"Sec-Fetch-Site": "cross-site", "Content-Type": "application/x-www-form-urlencoded"}
	sameOrigin := with(map[string]string{"Origin": srv.URL, "Sec-Fetch-Site": "same-origin", "Content-Type": "application/json"}, ann.Cookie, "")
	follow := `{"kind":"search","target":"harbour"}`
	tests := []struct {
		name   string
		method string
		path   string
		body   string
		hdr    map[string]string
		status int
	}{
		{"api follow, text/plain from another site", "POST", "/api/v1/follows", follow, crossSite, 403},
		{"api follow, Origin only", "POST", "/api/v1/follows", follow, oldBrowser, 403},
		{"api mark seen from another site", "POST", "/api/v1/follows/" + existing.ID + "/seen", "", crossSite, 403},
		{"api unfollow from another site", "DELETE", "/api/v1/follows/" + existing.ID, "", crossSite, 403},
		{"form follow from another site", "POST", "/following", "kind=search&target=harbour", form, 403},
		{"form unfollow from another site", "POST", "/following/" + existing.ID + "/delete", "", form, 403},
		{"form mark seen from another site", "POST", "/following/" + existing.ID + "/seen", "", form, 403},
		{"sign-in from another site", "POST", "/signin", "name=ann&password=" + authtest.Password, anonForm, 403},
		{"sign-out from another site", "POST", "/signout", "", form, 403},
		{"form token from another site", "POST", "/account/tokens", "label=stolen", form, 403},
		{"form token revoke from another site", "POST", "/account/tokens/" + tokens[0].ID + "/revoke", "", form, 403},
		{"form feed token reset from another site", "POST", "/account/feed-token", "", form, 403},
		{"for you mark read from another site", "POST", "/foryou/seen", "", form, 403},
		{"api token from another site", "POST", "/api/v1/tokens", `{"label":"stolen"}`, crossSite, 403},
		{"api token revoke from another site", "DELETE", "/api/v1/tokens/" + tokens[0].ID, "", crossSite, 403},
		{"reading from another site is allowed", "GET", "/api/v1/follows", "", crossSite, 200},
		{"api follow from our own page", "POST", "/api/v1/follows", follow, sameOrigin, 201},
		{"api follow from a client that is not a browser", "POST", "/api/v1/follows", `{"kind":"search","target":"levy"}`, with(map[string]string{"Content-Type": "application/json"}, nil, ann.Token), 201},
		{"form follow from our own page", "POST", "/following", "kind=search&target=wall", with(map[string]string{"Sec-Fetch-Site": "same-origin", "Content-Type": "application/x-www-form-urlencoded"}, ann.Cookie, ""), 303},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			status, body, hdr := call(t, tt.method, srv.URL+tt.path, tt.body, tt.hdr)
			if status != tt.status {
				t.Fatalf("status %d, want %d: %s", status, tt.status, body)
			}
			if status == 403 && strings.HasPrefix(tt.path, "/api/") && hdr.Get("Content-Type") != "application/json" {
				t.Errorf("API refusal is %q, want JSON", hdr.Get("Content-Type"))
			}
		})
	}
	fs, err := st.Follows(ctx, ann.ID)
	if err != nil {
		t.Fatal(err)
	}
	var targets []string
	for _, f := range fs {
		targets = append(targets, f.Target)
	}
	if got := strings.Join(targets, ","); got != "county fair,harbour,levy,wall" {
		t.Errorf("follows stored: %s; a refused write was stored or an allowed one was not", got)
	}
	f, err := st.Follow(ctx, ann.ID, existing.ID)
	if err != nil || !f.Seen.Equal(existing.Seen) {
		t.Errorf("the refused mark-seen changed the follow: %+v, %v", f, err)
	}
	if ts, err := st.APITokens(ctx, ann.ID); err != nil || len(ts) != 1 || !ts[0].Revoked.IsZero() {
		t.Errorf("ann's tokens after refused token writes: %+v, %v", ts, err)
	}
	// The refused sign-out left the session alive.
	if status, body, _ := get(t, ann.Cookie, srv.URL+"/api/v1/me"); status != 200 {
		t.Errorf("the session after a refused sign-out: %d %s", status, body)
	}
}

// TestHostChecked: a request naming a host the server is not reached at
// (a rebound DNS name) is refused before any route; with a base URL only
// its host is served.
func TestHostChecked(t *testing.T) {
	srv, st, ann := newTestServer(t)
	s, err := New(Options{Store: st, BaseURL: "https://news.example.org", Logger: slog.New(slog.NewTextHandler(io.Discard, nil))})
	if err != nil {
		t.Fatal(err)
	}
	based := httptest.NewServer(s.Handler())
	t.Cleanup(based.Close)
	listening, err := New(Options{Store: st, Addr: "192.0.2.7:8080", Logger: slog.New(slog.NewTextHandler(io.Discard, nil))})
	if err != nil {
		t.Fatal(err)
	}
	onAddr := httptest.NewServer(listening.Handler())
	t.Cleanup(onAddr.Close)
	tests := []struct {
		name   string
		srv    *httptest.Server
		method string
		path   string
		host   string
		status int
	}{
		{"loopback address", srv, "GET", "/", "", 200},
		{"localhost", srv, "GET", "/", "localhost:8080", 200},
		{"ipv6 loopback", srv, "GET", "/api/v1/stories", "[::1]:8080", 200},
		{"rebound name, page", srv, "GET", "/", "attacker.example:8080", 421},
		{"rebound name, api", srv, "GET", "/api/v1/follows", "attacker.example", 421},
		{"rebound name, write", srv, "POST", "/api/v1/follows", "attacker.example", 421},
		{"rebound name, feed", srv, "GET", "/feeds/front.atom", "attacker.example", 421},
		{"name ending in a loopback address", srv, "GET", "/", "127.0.0.1.attacker.example", 421},
		{"health check answers any host", srv, "GET", "/healthz", "10.1.2.3:8080", 200},
		{"the listen address's host", onAddr, "GET", "/", "192.0.2.7:8080", 200},
		{"another address than the listen one", onAddr, "GET", "/", "192.0.2.8:8080", 421},
		{"base url host", based, "GET", "/", "news.example.org", 200},
		{"base url host with its default port", based, "GET", "/", "news.example.org:443", 200},
		{"base url host in capitals", based, "GET", "/api/v1/stories", "NEWS.example.org", 200},
		{"loopback when a base url is set", based, "GET", "/", "127.0.0.1", 421},
		{"another port of the base url host", based, "GET", "/", "news.example.org:8443", 421},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			hdr := with(map[string]string{"Content-Type": "application/json"}, ann.Cookie, "")
			if tt.host != "" {
				hdr["Host"] = tt.host
			}
			status, body, h := call(t, tt.method, tt.srv.URL+tt.path, `{"kind":"search","target":"x"}`, hdr)
			if status != tt.status {
				t.Fatalf("status %d, want %d: %s", status, tt.status, body)
			}
			if status == 421 && strings.HasPrefix(tt.path, "/api/") && !strings.Contains(body, `"error"`) {
				t.Errorf("API refusal is not JSON: %s (%s)", body, h.Get("Content-Type"))
			}
		})
	}
	if fs, _ := st.Follows(context.Background(), ann.ID); len(fs) != 0 {
		t.Errorf("a write for another host was stored: %+v", fs)
	}
}

// TestControlCharactersRefused: a NUL or another control character in a
// path, a query parameter, a form field or a JSON field is a 400 naming
// what is wrong, and nothing is stored; the follows stay listable.
func TestControlCharactersRefused(t *testing.T) {
	srv, st, ann := newTestServer(t)
	jsonHdr := with(map[string]string{"Content-Type": "application/json"}, nil, ann.Token)
	formHdr := with(map[string]string{"Content-Type": "application/x-www-form-urlencoded"}, ann.Cookie, "")
	tests := []struct {
		name   string
		method string
		path   string
		body   string
		hdr    map[string]string
		want   string
	}{
		{"api search", "GET", "/api/v1/search?q=trump%00clinton", "", nil, `parameter \"q\" holds a NUL byte`},
		{"api search outlet", "GET", "/api/v1/search?q=sea&outlet=Hill%01Times", "", nil, "control character"},
		{"api search, tab", "GET", "/api/v1/search?q=sea%09wall", "", nil, "control character"},
		{"api search, not utf-8", "GET", "/api/v1/search?q=sea%ff", "", nil, "not valid UTF-8"},
		{"page search", "GET", "/search?q=trump%00clinton", "", nil, "holds a NUL byte"},
		{"api path", "GET", "/api/v1/articles/vote%001", "", nil, "path holds a NUL byte"},
		{"page path", "GET", "/articles/vote%0A1", "", nil, "path holds the control character"},
		{"feed path", "GET", "/feeds/entities/port%00selby.atom", "", nil, "NUL"},
		{"api follow target", "POST", "/api/v1/follows", `{"kind":"search","target":"trump\u0000clinton"}`, jsonHdr, "target"},
		{"api follow label", "POST", "/api/v1/follows", `{"kind":"search","target":"sea","label":"a\nb"}`, jsonHdr, "label"},
		{"form follow target", "POST", "/following", "kind=search&target=trump%00clinton", formHdr, "target"},
		{"api follow parameter", "POST", "/api/v1/follows?x=%00", `{"kind":"search","target":"sea"}`, jsonHdr, "NUL"},
		{"api token label", "POST", "/api/v1/tokens", `{"label":"a\u0000b"}`, jsonHdr, "label"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			hdr := tt.hdr
			if hdr == nil {
				hdr = with(nil, ann.Cookie, "")
			}
			status, body, _ := call(t, tt.method, srv.URL+tt.path, tt.body, hdr)
			if status != http.StatusBadRequest {
				t.Fatalf("status %d, want 400: %s", status, body)
			}
			if !strings.Contains(body, tt.want) {
				t.Errorf("answer %q does not say %q", body, tt.want)
			}
		})
	}
	fs, err := st.Follows(context.Background(), ann.ID)
	if err != nil || len(fs) != 0 {
		t.Errorf("follows after refused writes: %+v, %v", fs, err)
	}
	if ts, err := st.APITokens(context.Background(), ann.ID); err != nil || len(ts) != 1 {
		t.Errorf("tokens after a refused one: %+v, %v", ts, err)
	}
	for _, p := range []string{"/following", "/api/v1/follows"} {
		if status, body, _ := get(t, ann.Cookie, srv.URL+p); status != 200 {
			t.Errorf("%s: %d %s", p, status, body)
		}
	}
}

// TestWrongMethodAndUnknownPath: a path served under other methods answers
// 405 with the methods it takes; an unknown path answers 404, in JSON
// under /api/ whatever the version, and as a page elsewhere. These come
// from the route table before sign-in is asked for, so a client that is
// not signed in hears the same, not 401.
func TestWrongMethodAndUnknownPath(t *testing.T) {
	srv, _, ann := newTestServer(t)
	tests := []struct {
		name   string
		method string
		path   string
		status int
		allow  string
		json   bool
	}{
		{"api list", "PUT", "/api/v1/stories", 405, "GET, HEAD", true},
		{"api follows", "PATCH", "/api/v1/follows", 405, "GET, HEAD, POST", true},
		{"api follow", "POST", "/api/v1/follows/f1", 405, "DELETE, GET, HEAD", true},
		{"api mark seen", "GET", "/api/v1/follows/f1/seen", 405, "POST", true},
		{"api document", "DELETE", "/api/v1/openapi.json", 405, "GET, HEAD", true},
		{"front page", "POST", "/", 405, "GET, HEAD", false},
		{"story page", "DELETE", "/stories/x", 405, "GET, HEAD", false},
		{"following page", "PUT", "/following", 405, "GET, HEAD, POST", false},
		{"follow form", "GET", "/following/f1/delete", 405, "POST", false},
		{"feed", "POST", "/feeds/front.atom", 405, "GET, HEAD", false},
		{"health", "POST", "/healthz", 405, "GET, HEAD", false},
		{"api me", "PUT", "/api/v1/me", 405, "GET, HEAD", true},
		{"api tokens", "DELETE", "/api/v1/tokens", 405, "GET, HEAD, POST", true},
		{"api token", "GET", "/api/v1/tokens/t1", 405, "DELETE", true},
		{"api users", "POST", "/api/v1/users", 405, "GET, HEAD", true},
		{"sign-in page", "DELETE", "/signin", 405, "GET, HEAD, POST", false},
		{"sign-out", "GET", "/signout", 405, "POST", false},
		{"for you feed", "POST", "/feeds/foryou.atom", 405, "GET, HEAD", false},
		{"api unknown", "GET", "/api/v1/nothing", 404, "", true},
		{"api other version", "GET", "/api/v2/stories", 404, "", true},
		{"api root", "POST", "/api/", 404, "", true},
		{"unknown page", "GET", "/no/such/page", 404, "", false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			status, body, hdr := call(t, tt.method, srv.URL+tt.path, "", nil)
			if status != tt.status {
				t.Fatalf("status %d, want %d: %s", status, tt.status, body)
			}
			if got := hdr.Get("Allow"); got != tt.allow {
				t.Errorf("Allow %q, want %q", got, tt.allow)
			}
			var e struct{ Error string }
			isJSON := hdr.Get("Content-Type") == "application/json" && json.Unmarshal([]byte(body), &e) == nil && e.Error != ""
			if isJSON != tt.json {
				t.Errorf("JSON answer = %v, want %v: %s %s", isJSON, tt.json, hdr.Get("Content-Type"), body)
			}
			if !tt.json && status == 404 && !strings.Contains(body, "Not found") {
				t.Errorf("the 404 page is not the site's: %s", body)
			}
		})
	}
	// Signed in, the same answers; the 404 page knows who is reading.
	if status, body, _ := call(t, "PUT", srv.URL+"/api/v1/stories", "", with(nil, nil, ann.Token)); status != 405 {
		t.Errorf("signed-in wrong method: %d %s", status, body)
	}
	status, body, _ := get(t, ann.Cookie, srv.URL+"/no/such/page")
	if status != 404 || !strings.Contains(body, `href="/account"`) {
		t.Errorf("signed-in unknown page: %d, and it does not show the reader signed in: %s", status, body)
	}
}

// TestSameOriginUnaffected: the checks leave ordinary use alone: a
// form on our own page redirects, query strings with ordinary text pass.
func TestSameOriginUnaffected(t *testing.T) {
	srv, _, ann := newTestServer(t)
	q := url.Values{"q": {"sea wall «levy» — £5"}}
	if status, body, _ := get(t, ann.Cookie, srv.URL+"/api/v1/search?"+q.Encode()); status != 200 {
		t.Errorf("search with ordinary punctuation: %d %s", status, body)
	}
}

// TestCostlySearchRefused: a search asking for more than one may is a 400
// that says why, on the page and in the API, answered at once.
func TestCostlySearchRefused(t *testing.T) {
	srv, st, ann := newTestServer(t)
	many := url.QueryEscape(strings.TrimSpace(strings.Repeat("a* ", 160)))
	tests := []struct {
		name, path, want string
	}{
		{"api, 160 one-letter prefixes", "/api/v1/search?q=" + many, "at least 3 letters before the *"},
		{"page, 160 one-letter prefixes", "/search?q=" + many, "at least 3 letters before the *"},
		{"api, too many words", "/api/v1/search?q=" + url.QueryEscape(strings.Repeat("sea ", 17)), "at most 16 are allowed"},
		{"api, too many prefixes", "/api/v1/search?q=" + url.QueryEscape("sea* wal* lev* tow* har*"), "words ending in *; at most 4"},
		{"api, saved search", "/api/v1/follows", "at least 3 letters"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			start := time.Now()
			var status int
			var body string
			if tt.path == "/api/v1/follows" {
				status, body, _ = call(t, "POST", srv.URL+tt.path, `{"kind":"search","target":"`+strings.Repeat("a* ", 40)+`"}`, with(map[string]string{"Content-Type": "application/json"}, nil, ann.Token))
			} else {
				status, body, _ = get(t, ann.Cookie, srv.URL+tt.path)
			}
			if status != 400 || !strings.Contains(body, tt.want) {
				t.Errorf("status %d, body %s; want 400 saying %q", status, body, tt.want)
			}
			if took := time.Since(start); took > time.Second {
				t.Errorf("answered in %s", took)
			}
		})
	}
	if fs, _ := st.Follows(context.Background(), ann.ID); len(fs) != 0 {
		t.Errorf("a costly saved search was stored: %+v", fs)
	}
}

// TestConditionalGet: the API's and the feeds' answers carry an ETag, and
// Last-Modified where the content has a time; a client holding the body
// gets 304 with no body; a changed resource gets a new ETag; pages and
// errors get none. What a signed-in reader is sent is Cache-Control:
// private, and a 304 is never an answer to a request that would not get
// the same body: not to another reader, not to one who is not signed in.
func TestConditionalGet(t *testing.T) {
	srv, st, ann := newTestServer(t)
	ctx := context.Background()
	bob := authtest.User(t, st.(store.Accounts), "bob", false)
	story := voteStory(t, st)
	sea, err := st.AddFollow(ctx, store.Follow{User: ann.ID, Kind: store.FollowSearch, Target: "levy"})
	if err != nil {
		t.Fatal(err)
	}
	as := func(hdr map[string]string) map[string]string { return with(hdr, nil, ann.Token) }
	tests := []struct {
		name    string
		path    string
		lastMod bool
	}{
		{"front feed", "/feeds/front.atom", true},
		{"story feed", "/feeds/stories/" + story + ".atom", true},
		{"entity feed", "/feeds/entities/port-selby.atom", true},
		{"follow feed", "/feeds/following/" + sea.ID + ".atom", true},
		{"api story", "/api/v1/stories/" + story, true},
		{"api stories", "/api/v1/stories", false},
		{"api article", "/api/v1/articles/vote-1", false},
		{"api search", "/api/v1/search?q=sea", false},
		{"api follows", "/api/v1/follows", false},
		{"api me", "/api/v1/me", false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			status, body, hdr := call(t, "GET", srv.URL+tt.path, "", as(nil))
			etag := hdr.Get("ETag")
			if status != 200 || !strings.HasPrefix(etag, `"`) || len(etag) < 10 {
				t.Fatalf("status %d, ETag %q", status, etag)
			}
			if cc := hdr.Get("Cache-Control"); !strings.HasPrefix(cc, "private") {
				t.Errorf("Cache-Control %q for a signed-in reader, want private", cc)
			}
			lm := hdr.Get("Last-Modified")
			if (lm != "") != tt.lastMod {
				t.Errorf("Last-Modified %q, want one: %v", lm, tt.lastMod)
			}
			status, again, h2 := call(t, "GET", srv.URL+tt.path, "", as(map[string]string{"If-None-Match": `"other", ` + etag}))
			if status != 304 || again != "" || h2.Get("ETag") != etag {
				t.Errorf("If-None-Match with the ETag: %d, %d bytes, ETag %q; want 304 and no body", status, len(again), h2.Get("ETag"))
			}
			if status, b, _ := call(t, "GET", srv.URL+tt.path, "", as(map[string]string{"If-None-Match": `"other"`})); status != 200 || b != body {
				t.Errorf("If-None-Match with another ETag: %d", status)
			}
			if status, _, _ := call(t, "GET", srv.URL+tt.path, "", map[string]string{"If-None-Match": etag}); status != 401 {
				t.Errorf("not signed in, with the ETag: %d, want 401", status)
			}
			if lm != "" {
				if status, _, _ := call(t, "GET", srv.URL+tt.path, "", as(map[string]string{"If-Modified-Since": lm})); status != 304 {
					t.Errorf("If-Modified-Since its Last-Modified: %d, want 304", status)
				}
				if status, _, _ := call(t, "GET", srv.URL+tt.path, "", as(map[string]string{"If-Modified-Since": "Mon, 01 Jan 2001 00:00:00 GMT"})); status != 200 {
					t.Errorf("If-Modified-Since long ago: %d, want 200", status)
				}
				// If-None-Match wins over If-Modified-Since.
				if status, _, _ := call(t, "GET", srv.URL+tt.path, "", as(map[string]string{"If-None-Match": `"other"`, "If-Modified-Since": lm})); status != 200 {
					t.Errorf("a stale ETag with a current date: %d, want 200", status)
				}
			}
		})
	}
	// A change makes a new ETag.
	_, _, before := call(t, "GET", srv.URL+"/api/v1/follows", "", as(nil))
	if _, err := st.AddFollow(ctx, store.Follow{User: ann.ID, Kind: store.FollowSearch, Target: "sea"}); err != nil {
		t.Fatal(err)
	}
	status, _, after := call(t, "GET", srv.URL+"/api/v1/follows", "", as(map[string]string{"If-None-Match": before.Get("ETag")}))
	if status != 200 {
		t.Errorf("follows after a change, with the old ETag: %d, want 200", status)
	}
	// Another reader's answer is another body: ann's ETag is no use to bob.
	for _, p := range []string{"/api/v1/follows", "/api/v1/me", "/api/v1/foryou"} {
		_, _, h := call(t, "GET", srv.URL+p, "", as(nil))
		if status, body, _ := call(t, "GET", srv.URL+p, "", with(map[string]string{"If-None-Match": h.Get("ETag")}, nil, bob.Token)); status != 200 {
			t.Errorf("%s as bob with ann's ETag: %d %s, want 200 and bob's own", p, status, body)
		}
	}
	if status, _, _ := call(t, "GET", srv.URL+"/feeds/following/"+sea.ID+".atom", "", with(map[string]string{"If-None-Match": after.Get("ETag")}, nil, bob.Token)); status != 404 {
		t.Errorf("ann's follow feed as bob: %d, want 404", status)
	}
	for _, p := range []string{"/", "/api/v1/articles/nope", "/feeds/stories/nope.atom"} {
		if _, _, h := get(t, ann.Cookie, srv.URL+p); h.Get("ETag") != "" {
			t.Errorf("%s has an ETag", p)
		}
	}
	// On a public server, a feed read without credentials may be kept by
	// shared caches; read signed in, it may not.
	pub, _, _ := newAccountServer(t, AccountOptions{Public: true})
	if status, _, h := call(t, "GET", pub.URL+"/feeds/front.atom", "", nil); status != 200 || h.Get("Cache-Control") != "public, max-age=60" || h.Get("ETag") == "" {
		t.Errorf("public feed, anonymous: %d, Cache-Control %q, ETag %q", status, h.Get("Cache-Control"), h.Get("ETag"))
	}
}

// TestFeedLinksOnBaseURL: with a base URL the feeds link to it, https and
// all, even when the request reached the server as plain HTTP from a
// proxy; without one, to the host the request named.
func TestFeedLinksOnBaseURL(t *testing.T) {
	srv, st, ann := newTestServer(t)
	s, err := New(Options{Store: st, BaseURL: "https://news.example.org", Logger: slog.New(slog.NewTextHandler(io.Discard, nil))})
	if err != nil {
		t.Fatal(err)
	}
	based := httptest.NewServer(s.Handler())
	t.Cleanup(based.Close)
	status, body, _ := call(t, "GET", based.URL+"/feeds/front.atom", "", with(map[string]string{"Host": "news.example.org"}, nil, ann.Token))
	if status != 200 || !strings.Contains(body, `href="https://news.example.org/stories/`) || strings.Contains(body, "http://news.example.org") {
		t.Errorf("feed on a base URL: %d %.600s", status, body)
	}
	status, body, _ = call(t, "GET", srv.URL+"/feeds/front.atom", "", with(nil, nil, ann.Token))
	if status != 200 || !strings.Contains(body, `href="`+srv.URL+`/stories/`) {
		t.Errorf("feed without a base URL: %d %.600s", status, body)
	}
}

// TestSecretsNotStored: an answer carrying a secret (a new API token, the
// account page with the feed token, the sign-in page) is no-store, and a
// page naming the signed-in reader is private.
func TestSecretsNotStored(t *testing.T) {
	srv, _, ann := newTestServer(t)
	status, _, h := call(t, "POST", srv.URL+"/api/v1/tokens", `{"label":"x"}`, with(map[string]string{"Content-Type": "application/json"}, nil, ann.Token))
	if status != 201 || h.Get("Cache-Control") != "no-store" {
		t.Errorf("new API token: %d, Cache-Control %q, want no-store", status, h.Get("Cache-Control"))
	}
	for _, tt := range []struct{ path, want string }{
		{"/account", "no-store"},
		{"/following", "private, no-cache"},
		{"/", "private, no-cache"},
	} {
		if status, _, h := get(t, ann.Cookie, srv.URL+tt.path); status != 200 || h.Get("Cache-Control") != tt.want {
			t.Errorf("%s: %d, Cache-Control %q, want %q", tt.path, status, h.Get("Cache-Control"), tt.want)
		}
	}
	if status, _, h := get(t, nil, srv.URL+"/signin"); status != 200 || h.Get("Cache-Control") != "no-store" {
		t.Errorf("/signin: %d, Cache-Control %q", status, h.Get("Cache-Control"))
	}
}
