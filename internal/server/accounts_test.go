package server

import (
	"context"
	"encoding/json"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"net/url"
	"path/filepath"
	"regexp"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/storyline-news/storyline/internal/auth"
	"github.com/storyline-news/storyline/internal/auth/authtest"
	"github.com/storyline-news/storyline/internal/model"
	"github.com/storyline-news/storyline/internal/store"
	"github.com/storyline-news/storyline/internal/store/sqlite"
)

// clock is a settable time for sessions and sign-in limits.
type clock struct {
	mu  sync.Mutex
	now time.Time
}

func (c *clock) Now() time.Time { c.mu.Lock(); defer c.mu.Unlock(); return c.now }
func (c *clock) Add(d time.Duration) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.now = c.now.Add(d)
}

// send runs one request through the server's whole handler, from the
// client address remote, with cookie c, and returns the response.
func send(h http.Handler, method, target, remote string, form url.Values, c *http.Cookie) *http.Response {
	var body io.Reader
	if form != nil {
		body = strings.NewReader(form.Encode())
	}
	req := httptest.NewRequest(method, target, body)
	req.Host = "localhost" // not httptest's example.com, which the Host check refuses
	if form != nil {
		req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	}
	if remote != "" {
		req.RemoteAddr = remote
	}
	if c != nil {
		req.AddCookie(c)
	}
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, req)
	return rec.Result()
}

func sessionCookie(res *http.Response) *http.Cookie {
	for _, c := range res.Cookies() {
		if c.Name == auth.CookieName {
			return c
		}
	}
	return nil
}

func readBody(res *http.Response) string {
	b, _ := io.ReadAll(res.Body)
	res.Body.Close()
	return string(b)
}

func newHandler(t *testing.T, acc AccountOptions) (http.Handler, store.Store, authtest.Signed) {
	t.Helper()
	_, st, ann := newAccountServer(t, acc)
	s, err := New(Options{Store: st, Logger: slog.New(slog.NewTextHandler(io.Discard, nil)), Accounts: acc})
	if err != nil {
		t.Fatal(err)
	}
	return s.Handler(), st, ann
}

// TestPrivateServerNeedsSignIn: without --public every page but the open
// ones sends the browser to sign in, and the API and feeds answer 401.
func TestPrivateServerNeedsSignIn(t *testing.T) {
	h, st, ann := newHandler(t, AccountOptions{})
	story := voteStory(t, st)
	tests := []struct {
		name     string
		path     string
		status   int
		location string
		json     bool
	}{
		{name: "front", path: "/", status: 303, location: "/signin?next=%2F"},
		{name: "story keeps its query", path: "/stories/" + story + "?x=1", status: 303, location: "/signin?next=" + url.QueryEscape("/stories/"+story+"?x=1")},
		{name: "following", path: "/following", status: 303, location: "/signin?next=%2Ffollowing"},
		{name: "api", path: "/api/v1/stories", status: 401, json: true},
		{name: "api follows", path: "/api/v1/follows", status: 401, json: true},
		{name: "feed", path: "/feeds/front.atom", status: 401},
		{name: "feed with a wrong token", path: "/feeds/front.atom?token=slf_nope", status: 401},
		{name: "feed token is for feeds only", path: "/api/v1/stories?token=" + url.QueryEscape(ann.FeedToken), status: 401, json: true},
		{name: "signin", path: "/signin", status: 200},
		{name: "healthz", path: "/healthz", status: 200},
		{name: "openapi", path: "/api/v1/openapi.json", status: 200},
		{name: "favicon", path: "/favicon.ico", status: 301},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			res := send(h, "GET", tt.path, "", nil, nil)
			body := readBody(res)
			if res.StatusCode != tt.status {
				t.Fatalf("status %d, want %d: %s", res.StatusCode, tt.status, body)
			}
			if tt.location != "" && res.Header.Get("Location") != tt.location {
				t.Errorf("Location %q, want %q", res.Header.Get("Location"), tt.location)
			}
			if tt.status == 401 {
				if !strings.HasPrefix(res.Header.Get("WWW-Authenticate"), "Bearer") {
					t.Errorf("401 without WWW-Authenticate: Bearer")
				}
				var e struct{ Error string }
				if tt.json && (res.Header.Get("Content-Type") != "application/json" || json.Unmarshal([]byte(body), &e) != nil || e.Error == "") {
					t.Errorf("API 401 is not a JSON error: %q", body)
				}
			}
		})
	}
	// A static asset is open: the sign-in page needs its stylesheet.
	page := readBody(send(h, "GET", "/signin", "", nil, nil))
	css := regexp.MustCompile(`/static/style\.[0-9a-f]+\.css`).FindString(page)
	if res := send(h, "GET", css, "", nil, nil); css == "" || res.StatusCode != 200 {
		t.Errorf("stylesheet %q not served to a signed-out browser", css)
	}
	// With the user's credentials the same things answer.
	if res := send(h, "GET", "/", "", nil, ann.Cookie); res.StatusCode != 200 || !strings.Contains(readBody(res), ">ann</a>") {
		t.Errorf("front page with a session: %d, or the header does not name ann", res.StatusCode)
	}
	req := httptest.NewRequest("GET", "http://localhost/api/v1/stories", nil)
	ann.Authorize(req)
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, req)
	if rec.Code != 200 {
		t.Errorf("API with a token: %d", rec.Code)
	}
	res := send(h, "GET", "/feeds/front.atom?token="+url.QueryEscape(ann.FeedToken), "", nil, nil)
	if res.StatusCode != 200 || res.Header.Get("Cache-Control") != "private, max-age=60" {
		t.Errorf("feed with the feed token: %d, Cache-Control %q", res.StatusCode, res.Header.Get("Cache-Control"))
	}
}

// TestPublicServer: with --public anyone reads, but writes and a user's
// own pages still need a user.
func TestPublicServer(t *testing.T) {
	h, st, ann := newHandler(t, AccountOptions{Public: true})
	for _, p := range []string{"/", "/stories/" + voteStory(t, st), "/search?q=sea", "/api/v1/stories", "/feeds/front.atom"} {
		if res := send(h, "GET", p, "", nil, nil); res.StatusCode != 200 {
			t.Errorf("%s: %d, want 200 on a public server", p, res.StatusCode)
		}
	}
	front := readBody(send(h, "GET", "/", "", nil, nil))
	if !strings.Contains(front, `href="/signin?next=%2f"`) {
		t.Errorf("a signed-out reader's header has no sign-in link")
	}
	if res := send(h, "GET", "/feeds/front.atom", "", nil, nil); res.Header.Get("Cache-Control") != "public, max-age=60" {
		t.Errorf("an anonymous public feed is %q", res.Header.Get("Cache-Control"))
	}
	search := readBody(send(h, "GET", "/search?q=sea+%26+wall", "", nil, nil))
	if strings.Contains(search, `action="/following"`) || !strings.Contains(search, "Sign in to follow this search") {
		t.Errorf("a signed-out reader is offered the follow form")
	}
	// The link returns to the same search, its "&" intact.
	if !strings.Contains(search, `href="/signin?next=%2fsearch%3fq%3dsea%2b%2526%2bwall"`) {
		t.Errorf("the sign-in link does not return to the search")
	}
	for _, tt := range []struct {
		name, method, path string
		status             int
	}{
		{"follow form", "POST", "/following", 303},
		{"following page", "GET", "/following", 303},
		{"for you", "GET", "/foryou", 303},
		{"account", "GET", "/account", 303},
		{"api follow", "POST", "/api/v1/follows", 401},
		{"api follows", "GET", "/api/v1/follows", 401},
		{"api for you", "GET", "/api/v1/foryou", 401},
		{"api delete follow", "DELETE", "/api/v1/follows/f1", 401},
		{"follow feed", "GET", "/feeds/following/f1.atom", 401},
	} {
		form := url.Values{"kind": {"search"}, "target": {"sea"}}
		if tt.method == "GET" {
			form = nil
		}
		res := send(h, tt.method, tt.path, "", form, nil)
		if res.StatusCode != tt.status {
			t.Errorf("%s: %d, want %d", tt.name, res.StatusCode, tt.status)
		}
		if tt.status == 303 && !strings.HasPrefix(res.Header.Get("Location"), "/signin") {
			t.Errorf("%s: sent to %q, want /signin", tt.name, res.Header.Get("Location"))
		}
	}
	if fs, _ := st.Follows(context.Background(), ann.ID); len(fs) != 0 {
		t.Errorf("an anonymous post made follows: %v", fs)
	}
}

// TestSignInAndOut: signing in sets an HttpOnly, SameSite=Lax session
// cookie and returns to next (only ever a local path); signing out ends
// the session on the server, not just in the browser.
func TestSignInAndOut(t *testing.T) {
	h, _, _ := newHandler(t, AccountOptions{})
	form := func(name, pw, next string) url.Values {
		return url.Values{"name": {name}, "password": {pw}, "next": {next}}
	}
	res := send(h, "POST", "/signin", "", form("ann", "wrong password", "/following"), nil)
	if body := readBody(res); res.StatusCode != 401 || !strings.Contains(body, "Wrong user name or password") || sessionCookie(res) != nil {
		t.Fatalf("wrong password: %d, cookie %v", res.StatusCode, sessionCookie(res))
	}
	res = send(h, "POST", "/signin", "", form("nobody", authtest.Password, "/"), nil)
	if res.StatusCode != 401 {
		t.Errorf("unknown user: %d", res.StatusCode)
	}
	res = send(h, "POST", "/signin", "", form("ANN", authtest.Password, "/following"), nil)
	c := sessionCookie(res)
	if res.StatusCode != 303 || res.Header.Get("Location") != "/following" || c == nil {
		t.Fatalf("sign in: %d to %q, cookie %v", res.StatusCode, res.Header.Get("Location"), c)
	}
	if !c.HttpOnly || c.SameSite != http.SameSiteLaxMode || c.Path != "/" || c.Secure || c.MaxAge < 29*24*3600 {
		t.Errorf("cookie %+v: want HttpOnly, SameSite=Lax, Path=/, not Secure over http, 30 days", c)
	}
	if res := send(h, "GET", "/following", "", nil, c); res.StatusCode != 200 {
		t.Errorf("following with the new session: %d", res.StatusCode)
	}
	if res := send(h, "GET", "/signin?next=/sources", "", nil, c); res.StatusCode != 303 || res.Header.Get("Location") != "/sources" {
		t.Errorf("the sign-in page for a signed-in user: %d to %q", res.StatusCode, res.Header.Get("Location"))
	}
	for _, next := range []string{"//evil.example/", "https://evil.example/", "/\\evil.example"} {
		res := send(h, "POST", "/signin", "", form("ann", authtest.Password, next), nil)
		if res.Header.Get("Location") != "/" {
			t.Errorf("next %q sent the browser to %q, want /", next, res.Header.Get("Location"))
		}
	}
	// Over TLS the cookie is Secure.
	req := httptest.NewRequest("POST", "https://localhost/signin", strings.NewReader(form("ann", authtest.Password, "/").Encode()))
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, req)
	if sc := sessionCookie(rec.Result()); sc == nil || !sc.Secure {
		t.Errorf("cookie over TLS: %+v, want Secure", sc)
	}

	res = send(h, "POST", "/signout", "", url.Values{}, c)
	if gone := sessionCookie(res); res.StatusCode != 303 || gone == nil || gone.MaxAge >= 0 {
		t.Errorf("sign out: %d, cookie %+v; want it cleared", res.StatusCode, gone)
	}
	// The old cookie no longer signs anyone in.
	if res := send(h, "GET", "/following", "", nil, c); res.StatusCode != 303 {
		t.Errorf("the signed-out session still works: %d", res.StatusCode)
	}
	// Another site cannot post the sign-in form (login CSRF).
	req = httptest.NewRequest("POST", "http://localhost/signin", strings.NewReader(form("ann", authtest.Password, "/").Encode()))
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	req.Header.Set("Origin", "https://evil.example")
	rec = httptest.NewRecorder()
	h.ServeHTTP(rec, req)
	if rec.Code != 403 || sessionCookie(rec.Result()) != nil {
		t.Errorf("cross-site sign-in: %d", rec.Code)
	}
}

// TestSecureCookieBehindTLSProxy: with an https base URL the session
// cookie is Secure even on a request that reached the server as plain
// HTTP, from the proxy that ended TLS in front of it.
func TestSecureCookieBehindTLSProxy(t *testing.T) {
	_, st, _ := newHandler(t, AccountOptions{})
	for _, tt := range []struct {
		base   string
		secure bool
	}{{"https://news.example.org", true}, {"http://news.example.org", false}} {
		s, err := New(Options{Store: st, BaseURL: tt.base, Logger: slog.New(slog.NewTextHandler(io.Discard, nil))})
		if err != nil {
			t.Fatal(err)
		}
		req := httptest.NewRequest("POST", "http://news.example.org/signin", strings.NewReader(url.Values{"name": {"ann"}, "password": {authtest.Password}}.Encode()))
		req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
		rec := httptest.NewRecorder()
		s.Handler().ServeHTTP(rec, req)
		c := sessionCookie(rec.Result())
		if rec.Code != 303 || c == nil || c.Secure != tt.secure {
			t.Errorf("base URL %s: %d, cookie %+v; want Secure %v", tt.base, rec.Code, c, tt.secure)
		}
	}
}

// TestSignInIsRateLimited: five failures from one address, or against one
// name, and the next try is refused with 429 and Retry-After, even with
// the right password; after the wait it works.
func TestSignInIsRateLimited(t *testing.T) {
	clk := &clock{now: time.Date(2025, 3, 1, 12, 0, 0, 0, time.UTC)}
	h, st, _ := newHandler(t, AccountOptions{Now: clk.Now})
	authtest.User(t, st, "bob", false)
	try := func(remote, name, pw string) *http.Response {
		return send(h, "POST", "/signin", remote, url.Values{"name": {name}, "password": {pw}}, nil)
	}
	for i := range 5 {
		if res := try("192.0.2.1:1000", "ann", "guess "+string(rune('a'+i))); res.StatusCode != 401 {
			t.Fatalf("failure %d: %d, want 401", i+1, res.StatusCode)
		}
	}
	res := try("192.0.2.1:1000", "ann", authtest.Password)
	if res.StatusCode != 429 || res.Header.Get("Retry-After") != "30" || sessionCookie(res) != nil {
		t.Fatalf("6th try: %d, Retry-After %q; want 429, 30, no session", res.StatusCode, res.Header.Get("Retry-After"))
	}
	// The name is limited from another address too…
	if res := try("198.51.100.7:2000", "ann", authtest.Password); res.StatusCode != 429 {
		t.Errorf("the same name from another address: %d, want 429", res.StatusCode)
	}
	// …and the address for another name.
	if res := try("192.0.2.1:1001", "bob", authtest.Password); res.StatusCode != 429 {
		t.Errorf("another name from the same address: %d, want 429", res.StatusCode)
	}
	// Someone else, elsewhere, is not held up.
	if res := try("203.0.113.9:3000", "bob", authtest.Password); res.StatusCode != 303 {
		t.Errorf("another user from another address: %d, want 303", res.StatusCode)
	}
	clk.Add(31 * time.Second)
	if res := try("192.0.2.1:1000", "ann", authtest.Password); res.StatusCode != 303 {
		t.Errorf("after the wait: %d, want 303", res.StatusCode)
	}
}

// TestSessionsSlide: a session used within 30 days lasts 30 more; one
// left unused for 30 days has ended.
func TestSessionsSlide(t *testing.T) {
	clk := &clock{now: time.Date(2025, 3, 1, 12, 0, 0, 0, time.UTC)}
	h, _, _ := newHandler(t, AccountOptions{Now: clk.Now})
	res := send(h, "POST", "/signin", "", url.Values{"name": {"ann"}, "password": {authtest.Password}}, nil)
	c := sessionCookie(res)
	if c == nil {
		t.Fatal("no session")
	}
	for i := range 3 {
		clk.Add(29 * 24 * time.Hour)
		res := send(h, "GET", "/following", "", nil, c)
		if res.StatusCode != 200 {
			t.Fatalf("use %d, 29 days after the last: %d", i+1, res.StatusCode)
		}
		if re := sessionCookie(res); re == nil || re.Value != c.Value || re.MaxAge < 29*24*3600 {
			t.Errorf("use %d: the cookie was not renewed: %+v", i+1, re)
		}
	}
	clk.Add(30*24*time.Hour + time.Second)
	res = send(h, "GET", "/following", "", nil, c)
	if res.StatusCode != 303 {
		t.Errorf("after 30 idle days: %d, want a redirect to sign in", res.StatusCode)
	}
	if gone := sessionCookie(res); gone == nil || gone.MaxAge >= 0 {
		t.Errorf("the dead session's cookie was not cleared: %+v", gone)
	}
}

// TestAccountPageTokens: a token made on the account page is shown once,
// works on the API, and stops working when revoked.
func TestAccountPageTokens(t *testing.T) {
	h, _, ann := newHandler(t, AccountOptions{})
	res := send(h, "POST", "/account/tokens", "", url.Values{"label": {"laptop script"}}, ann.Cookie)
	body := readBody(res)
	tok := regexp.MustCompile(`slt_[A-Za-z0-9_-]{43}`).FindString(body)
	if res.StatusCode != 201 || tok == "" || !strings.Contains(body, "laptop script") {
		t.Fatalf("create token: %d, token %q", res.StatusCode, tok)
	}
	if page := readBody(send(h, "GET", "/account", "", nil, ann.Cookie)); strings.Contains(page, tok) {
		t.Errorf("the account page shows the token again")
	}
	api := func() int {
		req := httptest.NewRequest("GET", "http://localhost/api/v1/me", nil)
		req.Header.Set("Authorization", "Bearer "+tok)
		rec := httptest.NewRecorder()
		h.ServeHTTP(rec, req)
		return rec.Code
	}
	if code := api(); code != 200 {
		t.Fatalf("the new token on the API: %d", code)
	}
	page := readBody(send(h, "GET", "/account", "", nil, ann.Cookie))
	m := regexp.MustCompile(`/account/tokens/(t[0-9a-f]+)/revoke`).FindAllStringSubmatch(page, -1)
	if len(m) != 2 { // ann's test token and the new one
		t.Fatalf("revoke forms %v", m)
	}
	// Newest first: the laptop script's.
	if res := send(h, "POST", "/account/tokens/"+m[0][1]+"/revoke", "", url.Values{}, ann.Cookie); res.StatusCode != 303 {
		t.Fatalf("revoke: %d", res.StatusCode)
	}
	if code := api(); code != 401 {
		t.Errorf("a revoked token on the API: %d, want 401", code)
	}
	// The feed token can be replaced; the old one stops working.
	if res := send(h, "POST", "/account/feed-token", "", url.Values{}, ann.Cookie); res.StatusCode != 303 {
		t.Fatalf("reset feed token: %d", res.StatusCode)
	}
	if res := send(h, "GET", "/feeds/front.atom?token="+url.QueryEscape(ann.FeedToken), "", nil, nil); res.StatusCode != 401 {
		t.Errorf("the old feed token: %d, want 401", res.StatusCode)
	}
}

// TestForYouPage: a story followed through its page's form shows what
// arrives in it on /foryou, on the For you feed, and "mark all as read"
// clears it up to when the page was made.
func TestForYouPage(t *testing.T) {
	h, st, ann := newHandler(t, AccountOptions{})
	ctx := context.Background()
	story := voteStory(t, st)
	res := send(h, "POST", "/following", "", url.Values{"kind": {"story"}, "target": {story}, "next": {"/stories/" + story}}, ann.Cookie)
	if res.StatusCode != 303 || res.Header.Get("Location") != "/stories/"+story {
		t.Fatalf("follow the story: %d to %q", res.StatusCode, res.Header.Get("Location"))
	}
	if page := readBody(send(h, "GET", "/stories/"+story, "", nil, ann.Cookie)); !strings.Contains(page, "You follow this story") {
		t.Errorf("the story page does not say it is followed")
	}
	if page := readBody(send(h, "GET", "/foryou", "", nil, ann.Cookie)); strings.Contains(page, `class="hit"`) {
		t.Errorf("For you lists articles before any arrived")
	}
	time.Sleep(2 * time.Millisecond)
	late := model.Article{ID: "vote-3", Outlet: "Shore Post", Published: "2024-10-04", Headline: "Sea wall works to start in spring",
		Body: []string{"Work on the wall begins in March."}}
	if _, err := st.SaveArticles(ctx, []model.Article{late}); err != nil {
		t.Fatal(err)
	}
	late.Story, late.Event = story, "e-late"
	if err := st.UpdateClusters(ctx, []model.Article{late}, nil, nil); err != nil {
		t.Fatal(err)
	}
	page := readBody(send(h, "GET", "/foryou", "", nil, ann.Cookie))
	if !strings.Contains(page, "/articles/vote-3") || !strings.Contains(page, "1 unread") {
		t.Fatalf("For you lacks the new article or its count")
	}
	feed := readBody(send(h, "GET", "/feeds/foryou.atom?token="+url.QueryEscape(ann.FeedToken), "", nil, nil))
	if strings.Count(feed, "<entry>") != 1 || !strings.Contains(feed, "vote-3") {
		t.Errorf("the For you feed: %s", feed)
	}
	until := regexp.MustCompile(`name="until" value="([^"]+)"`).FindStringSubmatch(page)
	if until == nil {
		t.Fatal("no mark-as-read form")
	}
	if res := send(h, "POST", "/foryou/seen", "", url.Values{"until": {until[1]}}, ann.Cookie); res.StatusCode != 303 {
		t.Fatalf("mark as read: %d", res.StatusCode)
	}
	if page := readBody(send(h, "GET", "/foryou", "", nil, ann.Cookie)); strings.Contains(page, "/articles/vote-3") {
		t.Errorf("For you still lists what was marked read")
	}
	if res := send(h, "POST", "/foryou/seen", "", url.Values{"until": {"yesterday"}}, ann.Cookie); res.StatusCode != 400 {
		t.Errorf("a bad until: %d, want 400", res.StatusCode)
	}
}

// TestNoUsersSignInPageSaysWhatToDo: a store without users still serves,
// and its sign-in page tells the operator how to add one.
func TestNoUsersSignInPageSaysWhatToDo(t *testing.T) {
	st, err := sqlite.Open(context.Background(), filepath.Join(t.TempDir(), "empty.db"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { st.Close() })
	s, err := New(Options{Store: st, Logger: slog.New(slog.NewTextHandler(io.Discard, nil))})
	if err != nil {
		t.Fatal(err)
	}
	res := send(s.Handler(), "GET", "/signin", "", nil, nil)
	if body := readBody(res); res.StatusCode != 200 || !strings.Contains(body, "storyline user add NAME") {
		t.Errorf("sign-in page of a store without users: %d", res.StatusCode)
	}
	if res := send(s.Handler(), "GET", "/", "", nil, nil); res.StatusCode != 303 {
		t.Errorf("front page: %d, want a redirect to sign in", res.StatusCode)
	}
}
