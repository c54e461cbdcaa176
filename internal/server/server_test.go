package server

import (
	"context"
	"encoding/xml"
	"io"
	"log/slog"
	"net"
	"net/http"
	"net/http/httptest"
	"net/url"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/storyline-news/storyline/internal/auth/authtest"
	"github.com/storyline-news/storyline/internal/feed"
	"github.com/storyline-news/storyline/internal/model"
	"github.com/storyline-news/storyline/internal/store"
	"github.com/storyline-news/storyline/internal/store/sqlite"
	"github.com/storyline-news/storyline/internal/storytest"
)

// fixture is the team's own small corpus: a story told by two outlets and a
// lone article.
func fixture() []model.Article {
	return []model.Article{
		{ID: "vote-1", Outlet: "Hill Times", Published: "2024-10-01", URL: "https://hill.example/vote",
			Headline: "Harbour town votes on sea wall <b>tax</b>",
			Body:     []string{"Voters in Port Selby backed a sea wall levy on Tuesday.", "\"The sea will not wait for us,\" said Nora Vance, the town's mayor."},
			Entities: []model.Entity{{Name: "Nora Vance", Type: model.Person, Aliases: []string{"Vance"}, Mentions: 2}, {Name: "Port Selby", Type: model.Place, Mentions: 1}},
			Mentions: []model.Mention{{Entity: 1, Para: 0, Start: 10, End: 20}, {Entity: 0, Para: 1, Start: 41, End: 51}},
			Quotes:   []model.Quote{{Text: "The sea will not wait for us,", Speaker: "Nora Vance", Kind: model.QuoteDirect, Paragraph: 1}},
			Figures:  []model.Figure{{Text: "£4 million", Value: 4e6, Unit: "GBP", Date: "2024-10-01"}}},
		{ID: "vote-2", Outlet: "Shore Post", Published: "2024-10-02",
			Headline: "Sea wall levy passes in Port Selby",
			Body:     []string{"Port Selby will raise £5 million for a sea wall, Vance said.", "The old wall was built after the flood of 1953."},
			Dates:    []model.DateRef{{Text: "1953", Date: "1953-01-01/1953-12-31", Paragraph: 1}},
			Entities: []model.Entity{{Name: "Nora Vance", Type: model.Person, Aliases: []string{"Vance"}, Mentions: 1}, {Name: "Port Selby", Type: model.Place, Mentions: 1}},
			Figures:  []model.Figure{{Text: "£5 million", Value: 5e6, Unit: "GBP", Date: "2024-10-02"}}},
		{ID: "fair-1", Outlet: "Hill Times", Published: "2024-10-03",
			Headline: "County fair returns", Body: []string{"The county fair returns to Elm Park this weekend."},
			Entities: []model.Entity{{Name: "Elm Park", Type: model.Place, Mentions: 1}}},
	}
}

// newTestServer serves the fixture on a server that is not public, with
// ann, an admin, signed in.
func newTestServer(t *testing.T) (*httptest.Server, store.Store, authtest.Signed) {
	t.Helper()
	return newAccountServer(t, AccountOptions{})
}

func newAccountServer(t *testing.T, acc AccountOptions) (*httptest.Server, store.Store, authtest.Signed) {
	t.Helper()
	ctx := context.Background()
	st, err := sqlite.Open(ctx, filepath.Join(t.TempDir(), "server.db"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { st.Close() })
	if _, err := storytest.Save(ctx, st, fixture()); err != nil {
		t.Fatal(err)
	}
	ann := authtest.User(t, st, "ann", true)
	s, err := New(Options{Store: st, Logger: slog.New(slog.NewTextHandler(io.Discard, nil)), Accounts: acc})
	if err != nil {
		t.Fatal(err)
	}
	srv := httptest.NewServer(s.Handler())
	t.Cleanup(srv.Close)
	return srv, st, ann
}

// get fetches u with the session cookie c (none when nil), not following
// redirects.
func get(t *testing.T, c *http.Cookie, u string) (int, string, http.Header) {
	t.Helper()
	req, err := http.NewRequest("GET", u, nil)
	if err != nil {
		t.Fatal(err)
	}
	if c != nil {
		req.AddCookie(c)
	}
	res, err := noRedirects.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer res.Body.Close()
	b, _ := io.ReadAll(res.Body)
	return res.StatusCode, string(b), res.Header
}

var noRedirects = &http.Client{CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}

func voteStory(t *testing.T, st store.Store) string {
	a, err := st.Article(context.Background(), "vote-1")
	if err != nil || a.Story == "" {
		t.Fatalf("fixture story: %v", err)
	}
	return a.Story
}

func TestPages(t *testing.T) {
	srv, st, ann := newTestServer(t)
	story := voteStory(t, st)
	tests := []struct {
		name   string
		path   string
		status int
		want   []string
		not    []string
	}{
		{name: "front", path: "/", status: 200, want: []string{"Top stories", "/stories/" + story, "2 sources"}},
		{name: "front bad page", path: "/?page=x", status: 400, want: []string{"page must be a whole number"}},
		{name: "story", path: "/stories/" + story, status: 200,
			want: []string{"Who said what", "Nora Vance", "The sea will not wait for us", "Changes over time", "Port Selby", "Timeline",
				`<section id="background"`, "The old wall was built after the flood of 1953."}},
		{name: "story missing", path: "/stories/nope", status: 404, want: []string{"Not found"}},
		{name: "article", path: "/articles/vote-1", status: 200,
			want: []string{`<q class="quote quote-direct" title="Nora Vance">`, `<a class="ent ent-place" href="/entities/port-selby">Port Selby</a>`, "Read the original at hill.example", "Harbour town votes on sea wall &lt;b&gt;tax&lt;/b&gt;"},
			not:  []string{"<b>tax</b>"}},
		{name: "article missing", path: "/articles/nope", status: 404},
		{name: "entity", path: "/entities/nora-vance", status: 200, want: []string{"What Nora Vance said", "Follow Nora Vance", "Sea wall levy passes"}},
		{name: "entity missing", path: "/entities/nobody", status: 404},
		{name: "search", path: "/search?q=sea+wall", status: 200, want: []string{"<mark>sea</mark>", "Follow this search"}},
		{name: "search filtered", path: "/search?q=sea&outlet=Shore+Post", status: 200, want: []string{"Sea wall levy passes"}, not: []string{"Harbour town votes"}},
		{name: "search entity", path: "/search?entity=Elm+Park", status: 200, want: []string{"County fair returns"}},
		{name: "search bad date", path: "/search?q=sea&from=yesterday", status: 400, want: []string{"from must be a date like"}},
		{name: "search reversed dates", path: "/search?q=sea&from=2024-10-05&to=2024-10-01", status: 400, want: []string{"is after"}},
		{name: "search form only", path: "/search", status: 200, want: []string{"Words or"}},
		{name: "sources", path: "/sources", status: 200, want: []string{"Hill Times", "Shore Post", "2 outlets"}},
		{name: "following empty", path: "/following", status: 200, want: []string{"You follow nothing yet"}},
		{name: "unknown path", path: "/no/such/page", status: 404, want: []string{"Not found"}},
		{name: "api unknown path", path: "/api/v1/nothing", status: 404, want: []string{`"error"`}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			status, body, hdr := get(t, ann.Cookie, srv.URL+tt.path)
			if status != tt.status {
				t.Fatalf("status %d, want %d", status, tt.status)
			}
			pageHas(t, body, tt.want, tt.not)
			if strings.Contains(body, "goroutine") || strings.Contains(body, ".go:") {
				t.Errorf("page leaks a stack trace")
			}
			if hdr.Get("Content-Security-Policy") == "" {
				t.Errorf("no Content-Security-Policy")
			}
		})
	}
}

func TestStaticAssetsAreHashedAndCached(t *testing.T) {
	srv, _, ann := newTestServer(t)
	_, body, _ := get(t, ann.Cookie, srv.URL+"/")
	i := strings.Index(body, "/static/style.")
	if i < 0 {
		t.Fatal("no hashed stylesheet link")
	}
	href := body[i : i+strings.IndexByte(body[i:], '"')]
	status, css, hdr := get(t, ann.Cookie, srv.URL+href)
	if status != 200 || !strings.Contains(hdr.Get("Cache-Control"), "immutable") || !strings.HasPrefix(hdr.Get("Content-Type"), "text/css") || !strings.Contains(css, "--accent") {
		t.Errorf("%s: status %d, headers %v", href, status, hdr)
	}
	if status, _, _ := get(t, ann.Cookie, srv.URL+"/static/style.css"); status != 404 {
		t.Errorf("unhashed asset path served with %d", status)
	}
}

func TestFollowForms(t *testing.T) {
	srv, st, ann := newTestServer(t)
	client := &http.Client{CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
	post := func(path string, form url.Values, origin string) int {
		req, _ := http.NewRequest("POST", srv.URL+path, strings.NewReader(form.Encode()))
		req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
		req.AddCookie(ann.Cookie)
		if origin != "" {
			req.Header.Set("Origin", origin)
		}
		res, err := client.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		res.Body.Close()
		return res.StatusCode
	}
	if got := post("/following", url.Values{"kind": {"search"}, "target": {"sea wall"}}, "https://evil.example"); got != 403 {
		t.Errorf("cross-site follow: %d, want 403", got)
	}
	if got := post("/following", url.Values{"kind": {"search"}, "target": {"sea wall"}}, srv.URL); got != 303 {
		t.Errorf("follow search: %d, want 303", got)
	}
	if got := post("/following", url.Values{"kind": {"entity"}, "target": {"nora-vance"}, "label": {"Nora Vance"}}, ""); got != 303 {
		t.Errorf("follow entity: %d, want 303", got)
	}
	if got := post("/following", url.Values{"kind": {"entity"}, "target": {"nobody"}}, ""); got != 404 {
		t.Errorf("follow unknown entity: %d, want 404", got)
	}
	if got := post("/following", url.Values{"kind": {"search"}, "target": {"  "}}, ""); got != 400 {
		t.Errorf("follow empty search: %d, want 400", got)
	}
	fs, err := st.Follows(context.Background(), ann.ID)
	if err != nil || len(fs) != 2 {
		t.Fatalf("follows = %v, %v", fs, err)
	}
	_, body, _ := get(t, ann.Cookie, srv.URL+"/following")
	if !strings.Contains(body, "sea wall") || !strings.Contains(body, "Nora Vance") {
		t.Errorf("following page lacks the follows")
	}
	if got := post("/following/"+fs[0].ID+"/seen", nil, ""); got != 303 {
		t.Errorf("mark seen: %d", got)
	}
	if got := post("/following/"+fs[0].ID+"/delete", nil, ""); got != 303 {
		t.Errorf("unfollow: %d", got)
	}
	if got := post("/following/"+fs[0].ID+"/delete", nil, ""); got != 404 {
		t.Errorf("unfollow twice: %d, want 404", got)
	}
}

func TestFeedsAreValidAtom(t *testing.T) {
	srv, st, ann := newTestServer(t)
	f, err := st.AddFollow(context.Background(), store.Follow{User: ann.ID, Kind: store.FollowSearch, Target: "sea"})
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name    string
		path    string
		entries int
	}{
		{"front", "/feeds/front.atom", 2},
		{"story", "/feeds/stories/" + voteStory(t, st) + ".atom", 2},
		{"entity", "/feeds/entities/port-selby.atom", 2},
		{"following", "/feeds/following/" + f.ID + ".atom", 2},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			status, body, hdr := get(t, ann.Cookie, srv.URL+tt.path)
			if status != 200 || !strings.HasPrefix(hdr.Get("Content-Type"), "application/atom+xml") {
				t.Fatalf("status %d, type %q", status, hdr.Get("Content-Type"))
			}
			var doc feed.Feed
			if err := xml.Unmarshal([]byte(body), &doc); err != nil {
				t.Fatalf("not XML: %v", err)
			}
			if doc.XMLName.Space != feed.NS || doc.XMLName.Local != "feed" {
				t.Errorf("root %v, want Atom feed", doc.XMLName)
			}
			if doc.ID == "" || doc.Title == "" || doc.Author.Name == "" {
				t.Errorf("feed lacks id, title or author: %+v", doc)
			}
			if _, err := time.Parse(time.RFC3339, doc.Updated); err != nil {
				t.Errorf("feed updated %q: %v", doc.Updated, err)
			}
			self := false
			for _, l := range doc.Links {
				self = self || (l.Rel == "self" && strings.HasSuffix(l.Href, tt.path))
			}
			if !self {
				t.Errorf("no self link to %s: %+v", tt.path, doc.Links)
			}
			if len(doc.Entries) != tt.entries {
				t.Errorf("%d entries, want %d", len(doc.Entries), tt.entries)
			}
			for _, e := range doc.Entries {
				if _, err := time.Parse(time.RFC3339, e.Updated); err != nil || e.ID == "" || e.Title == "" || len(e.Links) == 0 {
					t.Errorf("entry lacks a required element: %+v", e)
				}
			}
		})
	}
	for _, p := range []string{"/feeds/stories/nope.atom", "/feeds/stories/" + voteStory(t, st), "/feeds/entities/nobody.atom", "/feeds/following/fnope.atom"} {
		if status, _, _ := get(t, ann.Cookie, srv.URL+p); status != 404 {
			t.Errorf("%s: status %d, want 404", p, status)
		}
	}
}

func TestGracefulShutdown(t *testing.T) {
	_, st, _ := newTestServer(t)
	s, err := New(Options{Store: st, Logger: slog.New(slog.NewTextHandler(io.Discard, nil))})
	if err != nil {
		t.Fatal(err)
	}
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() { done <- s.Serve(ctx, ln) }()
	if status, body, _ := get(t, nil, "http://"+ln.Addr().String()+"/healthz"); status != 200 || body != "ok\n" {
		t.Fatalf("healthz: %d %q", status, body)
	}
	cancel()
	select {
	case err := <-done:
		if err != nil {
			t.Errorf("Serve after cancel: %v", err)
		}
	case <-time.After(5 * time.Second):
		t.Fatal("server did not stop")
	}
}

// TestMergedStoryRedirects: the old address of a story that merged into
// another answers with a permanent redirect on the page and the feed, and
// the API says where it went.
func TestMergedStoryRedirects(t *testing.T) {
	srv, st, ann := newTestServer(t)
	ctx := context.Background()
	sts, err := st.Stories(ctx, 1, 0)
	if err != nil || len(sts) == 0 {
		t.Fatalf("stories: %v, %v", sts, err)
	}
	to := sts[0].ID
	if err := st.(store.Settler).SaveSettlement(ctx, store.Settlement{
		Moves: []store.Move{{Kind: "story", From: "sgone", To: to}}}); err != nil {
		t.Fatal(err)
	}
	client := &http.Client{CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
	for _, tc := range []struct{ name, path, location string }{
		{"page", "/stories/sgone", "/stories/" + to},
		{"feed", "/feeds/stories/sgone.atom", "/feeds/stories/" + to + ".atom"},
		{"api", "/api/v1/stories/sgone", "/api/v1/stories/" + to},
	} {
		req, _ := http.NewRequest("GET", srv.URL+tc.path, nil)
		req.AddCookie(ann.Cookie)
		res, err := client.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		b, _ := io.ReadAll(res.Body)
		res.Body.Close()
		if res.StatusCode != http.StatusMovedPermanently || res.Header.Get("Location") != tc.location {
			t.Errorf("%s: %d to %q, want 301 to %q", tc.name, res.StatusCode, res.Header.Get("Location"), tc.location)
		}
		if tc.name == "api" && !strings.Contains(string(b), `"moved_to":"`+to+`"`) {
			t.Errorf("api body %s does not say where the story went", b)
		}
	}
	if code, _, _ := get(t, ann.Cookie, srv.URL+"/stories/snever"); code != http.StatusNotFound {
		t.Errorf("a story that never was: %d, want 404", code)
	}
}

// TestOutletLinksSearchTheOutlet: the sources page links each outlet to a
// search of its articles, with the name escaped once ("Hill%20Times"),
// not twice ("Hill%2bTimes", a search for the outlet "Hill+Times"); the
// entity page's search link likewise.
func TestOutletLinksSearchTheOutlet(t *testing.T) {
	srv, _, ann := newTestServer(t)
	for _, tt := range []struct{ page, link, want, notWant string }{
		{"/sources", `/search?outlet=Hill%20Times`, "Harbour town votes", "Sea wall levy passes"},
		{"/entities/port-selby", `/search?entity=port-selby`, "Harbour town votes", "County fair returns"},
	} {
		status, body, _ := get(t, ann.Cookie, srv.URL+tt.page)
		if status != 200 || !strings.Contains(body, `href="`+tt.link+`"`) {
			t.Errorf("%s: %d, no link to %s", tt.page, status, tt.link)
			continue
		}
		status, body, _ = get(t, ann.Cookie, srv.URL+tt.link)
		if status != 200 || !strings.Contains(body, tt.want) || strings.Contains(body, tt.notWant) {
			t.Errorf("%s: %d; want %q and not %q", tt.link, status, tt.want, tt.notWant)
		}
	}
}
