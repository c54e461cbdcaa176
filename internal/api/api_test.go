package api

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"path/filepath"
	"sort"
	"strings"
	"testing"
	"time"

	"github.com/getkin/kin-openapi/openapi3"
	"github.com/getkin/kin-openapi/openapi3filter"
	"github.com/getkin/kin-openapi/routers/legacy"

	"github.com/storyline-news/storyline/internal/auth"
	"github.com/storyline-news/storyline/internal/auth/authtest"
	"github.com/storyline-news/storyline/internal/fetch"
	"github.com/storyline-news/storyline/internal/model"
	"github.com/storyline-news/storyline/internal/poll"
	"github.com/storyline-news/storyline/internal/store"
	"github.com/storyline-news/storyline/internal/store/sqlite"
	"github.com/storyline-news/storyline/internal/storytest"
)

// fixture is a small corpus the team wrote: two stories, four outlets.
func fixture() []model.Article {
	p := func(name string, aliases ...string) model.Entity {
		return model.Entity{Name: name, Type: model.Person, Aliases: aliases, Mentions: 2}
	}
	place := func(name string) model.Entity { return model.Entity{Name: name, Type: model.Place, Mentions: 2} }
	return []model.Article{
		{ID: "tram-1", Outlet: "Lakeside Herald", Published: "2024-06-03", URL: "https://lakeside.example/tram",
			Headline: "Tram line to Istanbul Road delayed", Standfirst: "Works stop after a cable fault.",
			Body:     []string{"The new tram line to Istanbul Road will open late, the transit board said on Monday.", "\"We found a fault in the main cable,\" said Ada Brennan, who chairs the board."},
			Entities: []model.Entity{p("Ada Brennan", "Brennan"), place("Istanbul Road")},
			Mentions: []model.Mention{{Entity: 1, Para: 0, Start: 25, End: 38}, {Entity: 0, Para: 1, Start: 48, End: 59}},
			Quotes:   []model.Quote{{Text: "We found a fault in the main cable,", Speaker: "Ada Brennan", Kind: model.QuoteDirect, Paragraph: 1}},
			Figures:  []model.Figure{{Text: "3 kilometres", Value: 3, Unit: "kilometres", Date: "2024-06-03", Paragraph: 0}},
			Dates:    []model.DateRef{{Text: "on Monday", Date: "2024-06-03", Paragraph: 0}},
			// Provenance, so that the schema checks its fields.
			Source: "https://lakeside.example/feed", Fetched: "2024-06-03T10:00:00Z",
			Archive: &model.Archive{File: "storyline-20240603100000-00000.warc.gz", Record: "urn:uuid:5b7c0d1e-3a2f-4e6b-8c9d-0a1b2c3d4e5f"}},
		{ID: "tram-2", Outlet: "Metro Wire", Published: "2024-06-04",
			Headline: "Cable fault puts tram opening back a month",
			Body:     []string{"Opening of the Istanbul Road tram slips by a month, Brennan said."},
			Entities: []model.Entity{p("Ada Brennan", "Brennan"), place("Istanbul Road")},
			Quotes:   []model.Quote{{Text: "a month at most", Speaker: "Brennan", Kind: model.QuotePartial}, {Text: "no comment", Kind: model.QuoteScare}},
			Dates:    []model.DateRef{{Text: "on Friday"}},
			Figures:  []model.Figure{{Text: "5 kilometres", Value: 5, Unit: "kilometres", Date: "2024-06-04"}}},
		{ID: "gallery-1", Outlet: "Arts Daily", Published: "2024-06-05",
			Headline: "City gallery reopens after flood",
			Body:     []string{"The city gallery reopened its doors after spring floods, said Omar Feld."},
			Entities: []model.Entity{p("Omar Feld"), place("City Gallery")}},
	}
}

// openFixture stores the fixture in a real SQLite file and clusters it the
// way ingest does.
func openFixture(t *testing.T) store.Store {
	t.Helper()
	ctx := context.Background()
	st, err := sqlite.Open(ctx, filepath.Join(t.TempDir(), "api.db"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { st.Close() })
	if _, err := storytest.Save(ctx, st, fixture()); err != nil {
		t.Fatal(err)
	}
	return st
}

// newServer serves the API over the fixture behind the sign-in
// middleware, as the server does (not public), and signs in ann, an admin.
func newServer(t *testing.T) (*httptest.Server, store.Store, authtest.Signed) {
	st := openFixture(t)
	ann := authtest.User(t, st, "ann", true)
	log := slog.New(slog.NewTextHandler(io.Discard, nil))
	a := auth.New(auth.Options{Store: st, Logger: log})
	mux := http.NewServeMux()
	h := New(st, log)
	h.Register(mux)
	h.RegisterAccounts(mux, a)
	h.RegisterSources(mux, &poll.Poller{Store: st, Client: fetch.New(fetch.Config{AllowPrivate: true, HostInterval: -1})}, 30*time.Minute)
	srv := httptest.NewServer(conforming(t, a.Middleware(mux)))
	t.Cleanup(srv.Close)
	return srv, st, ann
}

// feedSite serves, on loopback, a site whose home page advertises its
// feed, for adding sources.
func feedSite(t *testing.T) *httptest.Server {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		switch r.URL.Path {
		case "/":
			io.WriteString(w, `<html><head><link rel="alternate" type="application/atom+xml" href="/atom.xml"></head><body></body></html>`)
		case "/atom.xml":
			w.Header().Set("Content-Type", "application/atom+xml")
			io.WriteString(w, `<feed xmlns="http://www.w3.org/2005/Atom"><title>Lakeside Herald</title></feed>`)
		default:
			http.NotFound(w, r)
		}
	}))
	t.Cleanup(srv.Close)
	return srv
}

// conforming serves h and checks every response it gives against the
// OpenAPI document with kin-openapi: the operation must be in the
// document, the status among its responses, and the body valid against
// the schema given for it. A mismatch fails the test that made the
// request.
func conforming(t *testing.T, h http.Handler) http.Handler {
	t.Helper()
	// OPML is XML text, which the validator reads as a string.
	openapi3filter.RegisterBodyDecoder("text/x-opml", openapi3filter.FileBodyDecoder)
	ctx := context.Background()
	doc, err := openapi3.NewLoader().LoadFromData(OpenAPI())
	if err != nil {
		t.Fatalf("openapi.json: %v", err)
	}
	if err := doc.Validate(ctx); err != nil {
		t.Fatalf("openapi.json is not a valid OpenAPI document: %v", err)
	}
	// The document's server is relative ("/api/v1"); route against an
	// absolute one on the test's host.
	doc.Servers = openapi3.Servers{{URL: "http://api.test" + Prefix}}
	router, err := legacy.NewRouter(doc)
	if err != nil {
		t.Fatal(err)
	}
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		rec := httptest.NewRecorder()
		h.ServeHTTP(rec, r)
		for k, v := range rec.Header() {
			w.Header()[k] = v
		}
		w.WriteHeader(rec.Code)
		w.Write(rec.Body.Bytes())
		if r.URL.Path == Prefix+"/openapi.json" {
			return
		}
		u := *r.URL
		u.Scheme, u.Host = "http", "api.test"
		rr := r.Clone(ctx)
		rr.URL = &u
		route, params, err := router.FindRoute(rr)
		if err != nil {
			t.Errorf("%s %s: not in the OpenAPI document: %v", r.Method, r.URL.Path, err)
			return
		}
		in := &openapi3filter.ResponseValidationInput{
			RequestValidationInput: &openapi3filter.RequestValidationInput{Request: rr, PathParams: params, Route: route},
			Status:                 rec.Code,
			Header:                 rec.Header(),
			Options:                &openapi3filter.Options{IncludeResponseStatus: true, MultiError: true},
		}
		in.SetBodyBytes(rec.Body.Bytes())
		if err := openapi3filter.ValidateResponse(ctx, in); err != nil {
			t.Errorf("%s %s: the %d response does not match the OpenAPI document: %v\nbody: %.500s", r.Method, r.URL, rec.Code, err, rec.Body.Bytes())
		}
	})
}

// do sends a request with the API token tok (none when "").
func do(t *testing.T, tok, method, url, body string) (int, []byte, http.Header) {
	t.Helper()
	req, err := http.NewRequest(method, url, strings.NewReader(body))
	if err != nil {
		t.Fatal(err)
	}
	if tok != "" {
		req.Header.Set("Authorization", "Bearer "+tok)
	}
	if body != "" {
		req.Header.Set("Content-Type", "application/json")
	}
	res, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer res.Body.Close()
	b, err := io.ReadAll(res.Body)
	if err != nil {
		t.Fatal(err)
	}
	return res.StatusCode, b, res.Header
}

// TestEndpointsMatchOpenAPI calls every operation of the OpenAPI document
// against a real store and validates each response against the schema the
// document gives for its status.
func TestEndpointsMatchOpenAPI(t *testing.T) {
	srv, st, ann := newServer(t)
	bob := authtest.User(t, st.(store.Accounts), "bob", false)
	revoked, _, err := auth.New(auth.Options{Store: st}).CreateAPIToken(context.Background(), bob.ID, "to revoke")
	if err != nil {
		t.Fatal(err)
	}
	bobTokens, err := st.APITokens(context.Background(), bob.ID)
	if err != nil || len(bobTokens) != 2 {
		t.Fatalf("bob's tokens: %v, %v", bobTokens, err)
	}
	revokedID := bobTokens[0].ID // newest first
	ctx := context.Background()
	var doc map[string]any
	if err := json.Unmarshal(OpenAPI(), &doc); err != nil {
		t.Fatalf("openapi.json is not JSON: %v", err)
	}
	sts, err := st.Stories(ctx, 10, 0)
	if err != nil || len(sts) < 2 {
		t.Fatalf("fixture stories: %v, %v", sts, err)
	}
	var tram string
	for _, s := range sts {
		if strings.Contains(s.Title, "Tram") {
			tram = s.ID
		}
	}
	f, err := st.AddFollow(ctx, store.Follow{User: ann.ID, Kind: store.FollowSearch, Target: "cable"})
	if err != nil {
		t.Fatal(err)
	}
	// A story bob follows, with an article that arrived after he did.
	if _, err := st.AddFollow(ctx, store.Follow{User: bob.ID, Kind: store.FollowStory, Target: tram}); err != nil {
		t.Fatal(err)
	}
	time.Sleep(time.Millisecond)
	late := model.Article{ID: "tram-3", Outlet: "Metro Wire", Published: "2024-06-09", Headline: "Tram works resume",
		Body: []string{"Crews went back to work on the line."}, Story: tram}
	if _, err := st.SaveArticles(ctx, []model.Article{late}); err != nil {
		t.Fatal(err)
	}
	site := feedSite(t)
	var polledID string // the polled source added below
	tests := []struct {
		name     string
		method   string
		template string // the path as the document names it
		path     string // the path called
		body     string
		as       string // the API token to send: ann's when "", none when "-"
		status   int
		check    func(t *testing.T, body map[string]any)
	}{
		{name: "openapi", method: "GET", template: "", path: "/openapi.json", status: 200},
		{name: "stories", method: "GET", template: "/stories", path: "/stories?limit=5", status: 200, check: func(t *testing.T, b map[string]any) {
			if n := len(b["stories"].([]any)); n != 2 {
				t.Errorf("%d stories, want 2", n)
			}
		}},
		{name: "stories bad limit", method: "GET", template: "/stories", path: "/stories?limit=0", status: 400},
		{name: "story", method: "GET", template: "/stories/{id}", path: "/stories/" + tram, status: 200, check: func(t *testing.T, b map[string]any) {
			v := b["view"].(map[string]any)
			// Coverage includes tram-3, which arrived after bob followed the story.
			if len(v["speakers"].([]any)) != 1 || len(b["coverage"].([]any)) != 3 {
				t.Errorf("story view: speakers %v coverage %v", v["speakers"], b["coverage"])
			}
			if fg := v["figures"].([]any); len(fg) != 1 || fg[0].(map[string]any)["series"] != true {
				t.Errorf("figures %v: want kilometres as a series (3 one day, 5 the next)", fg)
			}
		}},
		{name: "story missing", method: "GET", template: "/stories/{id}", path: "/stories/nope", status: 404},
		{name: "article", method: "GET", template: "/articles/{id}", path: "/articles/tram-1", status: 200, check: func(t *testing.T, b map[string]any) {
			if b["story"] != tram || b["outlet"] != "Lakeside Herald" {
				t.Errorf("article story %v outlet %v", b["story"], b["outlet"])
			}
		}},
		{name: "article with an unattributed quote and an unresolved date", method: "GET", template: "/articles/{id}", path: "/articles/tram-2", status: 200, check: func(t *testing.T, b map[string]any) {
			qs, ds := b["quotes"].([]any), b["dates"].([]any)
			if len(qs) != 2 || qs[1].(map[string]any)["speaker"] != nil || len(ds) != 1 || ds[0].(map[string]any)["date"] != nil {
				t.Errorf("quotes %v dates %v: want a null speaker and a null date", qs, ds)
			}
		}},
		{name: "article missing", method: "GET", template: "/articles/{id}", path: "/articles/nope", status: 404},
		{name: "entity", method: "GET", template: "/entities/{id}", path: "/entities/ada-brennan", status: 200, check: func(t *testing.T, b map[string]any) {
			if len(b["quotes"].([]any)) != 2 || len(b["stories"].([]any)) != 1 {
				t.Errorf("entity quotes %v stories %v", b["quotes"], b["stories"])
			}
		}},
		{name: "entity bad limit", method: "GET", template: "/entities/{id}", path: "/entities/ada-brennan?limit=x", status: 400},
		{name: "entity missing", method: "GET", template: "/entities/{id}", path: "/entities/nobody", status: 404},
		{name: "search", method: "GET", template: "/search", path: "/search?q=istanbul&limit=5", status: 200, check: func(t *testing.T, b map[string]any) {
			hits := b["hits"].([]any)
			if len(hits) != 2 || !strings.Contains(hits[0].(map[string]any)["snippet_html"].(string), "<mark>") {
				t.Errorf("hits %v", hits)
			}
		}},
		{name: "search filters", method: "GET", template: "/search", path: "/search?q=istanbul&outlet=Metro+Wire&from=2024-06-01&to=2024-06-30", status: 200, check: func(t *testing.T, b map[string]any) {
			if hits := b["hits"].([]any); len(hits) != 1 {
				t.Errorf("hits %v, want 1", hits)
			}
		}},
		{name: "search empty", method: "GET", template: "/search", path: "/search", status: 400},
		{name: "search bad date", method: "GET", template: "/search", path: "/search?q=x&from=June", status: 400},
		{name: "sources", method: "GET", template: "/sources", path: "/sources", status: 200},
		{name: "follows", method: "GET", template: "/follows", path: "/follows", status: 200},
		{name: "follow add", method: "POST", template: "/follows", path: "/follows", body: `{"kind":"entity","target":"omar-feld","label":"Omar Feld"}`, status: 201},
		{name: "follow add bad kind", method: "POST", template: "/follows", path: "/follows", body: `{"kind":"topic","target":"x"}`, status: 400},
		{name: "follow add unknown story", method: "POST", template: "/follows", path: "/follows", body: `{"kind":"story","target":"x"}`, status: 400},
		{name: "follow add story", method: "POST", template: "/follows", path: "/follows", body: `{"kind":"story","target":"` + tram + `"}`, status: 201, check: func(t *testing.T, b map[string]any) {
			if b["kind"] != "story" || !strings.Contains(b["label"].(string), "Tram") {
				t.Errorf("story follow %v, want one labelled with the story's title", b)
			}
		}},
		{name: "follows anonymous", method: "GET", template: "/follows", path: "/follows", as: "-", status: 401},
		{name: "follow add anonymous", method: "POST", template: "/follows", path: "/follows", as: "-", body: `{"kind":"search","target":"x"}`, status: 401},
		{name: "follow of another user", method: "GET", template: "/follows/{id}", path: "/follows/" + f.ID, as: bob.Token, status: 404},
		{name: "follow add unknown entity", method: "POST", template: "/follows", path: "/follows", body: `{"kind":"entity","target":"nobody"}`, status: 400},
		{name: "follow add not json", method: "POST", template: "/follows", path: "/follows", body: `kind=search`, status: 400},
		{name: "follow", method: "GET", template: "/follows/{id}", path: "/follows/" + f.ID, status: 200, check: func(t *testing.T, b map[string]any) {
			if ms := b["matches"].([]any); len(ms) != 2 {
				t.Errorf("matches %v, want 2", ms)
			}
		}},
		{name: "follow missing", method: "GET", template: "/follows/{id}", path: "/follows/fnope", status: 404},
		{name: "follow seen", method: "POST", template: "/follows/{id}/seen", path: "/follows/" + f.ID + "/seen", status: 200},
		{name: "follow seen missing", method: "POST", template: "/follows/{id}/seen", path: "/follows/fnope/seen", status: 404},
		{name: "follow delete", method: "DELETE", template: "/follows/{id}", path: "/follows/" + f.ID, status: 204},
		{name: "follow delete again", method: "DELETE", template: "/follows/{id}", path: "/follows/" + f.ID, status: 404},
		{name: "me", method: "GET", template: "/me", path: "/me", status: 200, check: func(t *testing.T, b map[string]any) {
			if b["name"] != "ann" || b["admin"] != true {
				t.Errorf("me = %v", b)
			}
		}},
		{name: "me anonymous", method: "GET", template: "/me", path: "/me", as: "-", status: 401},
		{name: "me with a bad token", method: "GET", template: "/me", path: "/me", as: "slt_nope", status: 401},
		{name: "for you", method: "GET", template: "/foryou", path: "/foryou", as: bob.Token, status: 200, check: func(t *testing.T, b map[string]any) {
			items := b["items"].([]any)
			if len(items) != 1 || b["unread"].(float64) != 1 {
				t.Fatalf("for you = %v; want tram-3, one unread", b)
			}
			it := items[0].(map[string]any)
			if it["id"] != "tram-3" || it["because"].([]any)[0].(map[string]any)["kind"] != "story" {
				t.Errorf("item %v", it)
			}
		}},
		{name: "for you bad limit", method: "GET", template: "/foryou", path: "/foryou?limit=0", status: 400},
		{name: "for you anonymous", method: "GET", template: "/foryou", path: "/foryou", as: "-", status: 401},
		{name: "tokens", method: "GET", template: "/tokens", path: "/tokens", status: 200, check: func(t *testing.T, b map[string]any) {
			ts := b["tokens"].([]any)
			if len(ts) != 1 || ts[0].(map[string]any)["last_used"] == nil {
				t.Errorf("ann's tokens %v; want the one in use, with when it was last used", ts)
			}
			if strings.Contains(fmt.Sprint(b), ann.Token) {
				t.Errorf("the token list shows a secret")
			}
		}},
		{name: "token create", method: "POST", template: "/tokens", path: "/tokens", body: `{"label":"export"}`, status: 201, check: func(t *testing.T, b map[string]any) {
			tok, _ := b["token"].(string)
			if !strings.HasPrefix(tok, "slt_") || b["label"] != "export" || b["revoked"] != nil {
				t.Fatalf("new token %v", b)
			}
			// The new token works at once.
			if status, body, _ := do(t, tok, "GET", srv.URL+Prefix+"/me", ""); status != 200 || !strings.Contains(string(body), `"ann"`) {
				t.Errorf("the new token: %d %s", status, body)
			}
		}},
		{name: "token create bad body", method: "POST", template: "/tokens", path: "/tokens", body: `{"name":"x"}`, status: 400},
		{name: "token create control character", method: "POST", template: "/tokens", path: "/tokens", body: `{"label":"a\u0000b"}`, status: 400},
		{name: "token revoke another user's", method: "DELETE", template: "/tokens/{id}", path: "/tokens/" + revokedID, status: 404},
		{name: "token revoke", method: "DELETE", template: "/tokens/{id}", path: "/tokens/" + revokedID, as: bob.Token, status: 204},
		{name: "token revoked no longer works", method: "GET", template: "/me", path: "/me", as: revoked, status: 401},
		{name: "users", method: "GET", template: "/users", path: "/users", status: 200, check: func(t *testing.T, b map[string]any) {
			if us := b["users"].([]any); len(us) != 2 {
				t.Errorf("users %v", us)
			}
		}},
		{name: "users not admin", method: "GET", template: "/users", path: "/users", as: bob.Token, status: 403},
		{name: "users anonymous", method: "GET", template: "/users", path: "/users", as: "-", status: 401},
		{name: "stories anonymous", method: "GET", template: "", path: "/stories", as: "-", status: 401},
		{name: "polled none", method: "GET", template: "/sources/polled", path: "/sources/polled", status: 200, check: func(t *testing.T, b map[string]any) {
			if n := len(b["sources"].([]any)); n != 0 {
				t.Errorf("%d sources", n)
			}
		}},
		{name: "polled add site", method: "POST", template: "/sources/polled", path: "/sources/polled", body: `{"url":"` + site.URL + `/","interval":"45m"}`, status: 201, check: func(t *testing.T, b map[string]any) {
			if b["kind"] != "site" || b["url"] != site.URL+"/atom.xml" || b["title"] != "Lakeside Herald" || b["interval_seconds"].(float64) != 2700 || b["state"] != "healthy" || b["last_fetch"] != nil {
				t.Errorf("added %v", b)
			}
			polledID = b["id"].(string)
		}},
		{name: "polled add twice", method: "POST", template: "/sources/polled", path: "/sources/polled", body: `{"url":"` + site.URL + `/atom.xml"}`, status: 409},
		{name: "polled add no feed", method: "POST", template: "/sources/polled", path: "/sources/polled", body: `{"url":"` + site.URL + `/nothing"}`, status: 422},
		{name: "polled add not http", method: "POST", template: "/sources/polled", path: "/sources/polled", body: `{"url":"file:///etc/passwd"}`, status: 422},
		{name: "polled add bad interval", method: "POST", template: "/sources/polled", path: "/sources/polled", body: `{"url":"` + site.URL + `/","interval":"5s"}`, status: 400},
		{name: "polled add no url", method: "POST", template: "/sources/polled", path: "/sources/polled", body: `{"interval":"1h"}`, status: 400},
		{name: "polled add not admin", method: "POST", template: "/sources/polled", path: "/sources/polled", as: bob.Token, body: `{"url":"` + site.URL + `/"}`, status: 403},
		{name: "polled add anonymous", method: "POST", template: "/sources/polled", path: "/sources/polled", as: "-", body: `{"url":"` + site.URL + `/"}`, status: 401},
		{name: "polled list", method: "GET", template: "/sources/polled", path: "/sources/polled", as: bob.Token, status: 200, check: func(t *testing.T, b map[string]any) {
			if srcs := b["sources"].([]any); len(srcs) != 1 || srcs[0].(map[string]any)["site"] != site.URL+"/" {
				t.Errorf("sources %v", srcs)
			}
		}},
		{name: "polled list anonymous", method: "GET", template: "/sources/polled", path: "/sources/polled", as: "-", status: 401},
		{name: "polled pause", method: "PATCH", template: "/sources/polled/{id}", path: "/sources/polled/{polled}", body: `{"paused":true,"interval":"2h"}`, status: 200, check: func(t *testing.T, b map[string]any) {
			if b["state"] != "paused" || b["interval"] != "2h0m0s" {
				t.Errorf("patched %v", b)
			}
		}},
		{name: "polled patch nothing", method: "PATCH", template: "/sources/polled/{id}", path: "/sources/polled/{polled}", body: `{}`, status: 400},
		{name: "polled patch bad interval", method: "PATCH", template: "/sources/polled/{id}", path: "/sources/polled/{polled}", body: `{"interval":"often"}`, status: 400},
		{name: "polled patch missing", method: "PATCH", template: "/sources/polled/{id}", path: "/sources/polled/nope", body: `{"paused":false}`, status: 404},
		{name: "polled patch not admin", method: "PATCH", template: "/sources/polled/{id}", path: "/sources/polled/{polled}", as: bob.Token, body: `{"paused":false}`, status: 403},
		{name: "polled opml", method: "GET", template: "/sources/polled/opml", path: "/sources/polled/opml", status: 200},
		{name: "polled import", method: "POST", template: "/sources/polled/opml", path: "/sources/polled/opml",
			body: `<opml version="2.0"><body><outline text="W" xmlUrl="https://wire.example/rss"/><outline text="L" xmlUrl="` + site.URL + `/atom.xml"/><outline text="X" xmlUrl="javascript:alert(1)"/></body></opml>`, status: 200, check: func(t *testing.T, b map[string]any) {
				if b["added"].(float64) != 1 || b["existing"].(float64) != 1 || len(b["failed"].([]any)) != 1 {
					t.Errorf("import %v", b)
				}
			}},
		{name: "polled import not opml", method: "POST", template: "/sources/polled/opml", path: "/sources/polled/opml", body: `<html></html>`, status: 400},
		{name: "polled delete", method: "DELETE", template: "/sources/polled/{id}", path: "/sources/polled/{polled}", status: 204},
		{name: "polled delete again", method: "DELETE", template: "/sources/polled/{id}", path: "/sources/polled/{polled}", status: 404},
	}
	covered := map[string]bool{}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			tok := tt.as
			switch tok {
			case "":
				tok = ann.Token
			case "-":
				tok = ""
			}
			status, body, hdr := do(t, tok, tt.method, srv.URL+Prefix+strings.ReplaceAll(tt.path, "{polled}", polledID), tt.body)
			if status == http.StatusUnauthorized && !strings.HasPrefix(hdr.Get("WWW-Authenticate"), "Bearer") {
				t.Errorf("401 without a Bearer challenge: %q", hdr.Get("WWW-Authenticate"))
			}
			if status != tt.status {
				t.Fatalf("status %d, want %d; body %s", status, tt.status, body)
			}
			if tt.template == "" {
				return
			}
			op := operation(t, doc, tt.template, tt.method)
			covered[strings.ToLower(tt.method)+" "+tt.template+" "+fmt.Sprint(status)] = true
			resp, ok := op["responses"].(map[string]any)[fmt.Sprint(status)].(map[string]any)
			if !ok {
				t.Fatalf("the document gives no %d response for %s %s", status, tt.method, tt.template)
			}
			content, hasBody := resp["content"].(map[string]any)
			if !hasBody {
				if len(body) != 0 {
					t.Fatalf("status %d has no body in the document, got %s", status, body)
				}
				return
			}
			if _, isJSON := content["application/json"]; !isJSON {
				ct, _, _ := strings.Cut(hdr.Get("Content-Type"), ";")
				if _, ok := content[ct]; !ok || len(body) == 0 {
					t.Errorf("Content-Type %q, %d bytes; the document gives %v", ct, len(body), content)
				}
				return
			}
			if ct := hdr.Get("Content-Type"); ct != "application/json" {
				t.Errorf("Content-Type %q", ct)
			}
			schema := content["application/json"].(map[string]any)["schema"].(map[string]any)
			var v any
			if err := json.Unmarshal(body, &v); err != nil {
				t.Fatalf("body is not JSON: %v: %s", err, body)
			}
			for _, e := range validate(doc, schema, v, "$") {
				t.Error(e)
			}
			if tt.check != nil {
				tt.check(t, v.(map[string]any))
			}
		})
	}
	// Every operation's success response was exercised.
	for p, ops := range doc["paths"].(map[string]any) {
		for m, op := range ops.(map[string]any) {
			for code := range op.(map[string]any)["responses"].(map[string]any) {
				if code[0] == '2' && !covered[m+" "+p+" "+code] {
					t.Errorf("no test for %s %s %s", m, p, code)
				}
			}
		}
	}
}

func operation(t *testing.T, doc map[string]any, path, method string) map[string]any {
	t.Helper()
	item, ok := doc["paths"].(map[string]any)[path].(map[string]any)
	if !ok {
		t.Fatalf("the document has no path %s", path)
	}
	op, ok := item[strings.ToLower(method)].(map[string]any)
	if !ok {
		t.Fatalf("the document has no %s %s", method, path)
	}
	return op
}

// validate checks v against an OpenAPI 3.0 schema, over the subset the
// document uses: $ref, type, nullable, enum, properties, required, items.
// Objects are closed: a property the schema does not name is an error, so
// the document cannot fall behind the code.
func validate(doc map[string]any, s map[string]any, v any, at string) []string {
	if ref, ok := s["$ref"].(string); ok {
		name := strings.TrimPrefix(ref, "#/components/schemas/")
		target, ok := doc["components"].(map[string]any)["schemas"].(map[string]any)[name].(map[string]any)
		if !ok {
			return []string{at + ": unresolved " + ref}
		}
		return validate(doc, target, v, at)
	}
	if v == nil {
		if s["nullable"] == true {
			return nil
		}
		return []string{at + ": null where the schema does not allow it"}
	}
	var errs []string
	switch s["type"] {
	case "object":
		m, ok := v.(map[string]any)
		if !ok {
			return []string{fmt.Sprintf("%s: want object, got %T", at, v)}
		}
		props, _ := s["properties"].(map[string]any)
		req, _ := s["required"].([]any)
		for _, r := range req {
			if _, ok := m[r.(string)]; !ok {
				errs = append(errs, at+": missing required "+r.(string))
			}
		}
		keys := make([]string, 0, len(m))
		for k := range m {
			keys = append(keys, k)
		}
		sort.Strings(keys)
		for _, k := range keys {
			ps, ok := props[k].(map[string]any)
			if !ok {
				errs = append(errs, at+": property "+k+" is not in the document")
				continue
			}
			errs = append(errs, validate(doc, ps, m[k], at+"."+k)...)
		}
	case "array":
		a, ok := v.([]any)
		if !ok {
			return []string{fmt.Sprintf("%s: want array, got %T", at, v)}
		}
		items, _ := s["items"].(map[string]any)
		for i, x := range a {
			errs = append(errs, validate(doc, items, x, fmt.Sprintf("%s[%d]", at, i))...)
		}
	case "string":
		str, ok := v.(string)
		if !ok {
			return []string{fmt.Sprintf("%s: want string, got %T", at, v)}
		}
		if enum, ok := s["enum"].([]any); ok {
			found := false
			for _, e := range enum {
				found = found || e == str
			}
			if !found {
				errs = append(errs, fmt.Sprintf("%s: %q is not one of %v", at, str, enum))
			}
		}
	case "integer":
		n, ok := v.(float64)
		if !ok || n != float64(int64(n)) {
			return []string{fmt.Sprintf("%s: want integer, got %v", at, v)}
		}
	case "number":
		if _, ok := v.(float64); !ok {
			return []string{fmt.Sprintf("%s: want number, got %T", at, v)}
		}
	case "boolean":
		if _, ok := v.(bool); !ok {
			return []string{fmt.Sprintf("%s: want boolean, got %T", at, v)}
		}
	default:
		return []string{fmt.Sprintf("%s: schema has unknown type %v", at, s["type"])}
	}
	return errs
}

func TestValidatorCatchesMismatches(t *testing.T) {
	doc := map[string]any{"components": map[string]any{"schemas": map[string]any{
		"T": map[string]any{"type": "object", "required": []any{"a"}, "properties": map[string]any{
			"a": map[string]any{"type": "integer"},
			"b": map[string]any{"type": "string", "nullable": true, "enum": []any{"x", "y"}},
			"c": map[string]any{"type": "array", "items": map[string]any{"type": "boolean"}},
		}},
	}}}
	ref := map[string]any{"$ref": "#/components/schemas/T"}
	tests := []struct {
		name  string
		json  string
		valid bool
	}{
		{"valid", `{"a": 1, "b": "x", "c": [true]}`, true},
		{"nullable", `{"a": 1, "b": null}`, true},
		{"missing required", `{"b": "x"}`, false},
		{"wrong type", `{"a": "1"}`, false},
		{"not an integer", `{"a": 1.5}`, false},
		{"enum", `{"a": 1, "b": "z"}`, false},
		{"item type", `{"a": 1, "c": [1]}`, false},
		{"undocumented property", `{"a": 1, "d": 2}`, false},
		{"null not allowed", `{"a": null}`, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var v any
			if err := json.Unmarshal([]byte(tt.json), &v); err != nil {
				t.Fatal(err)
			}
			errs := validate(doc, ref, v, "$")
			if (len(errs) == 0) != tt.valid {
				t.Errorf("valid = %v (%v), want %v", len(errs) == 0, errs, tt.valid)
			}
		})
	}
}

// busyStore is the fixture's store with every search refused as busy, as
// the SQLite store does when its search slots stay taken.
type busyStore struct{ store.Store }

func (busyStore) Search(context.Context, store.SearchQuery) ([]store.SearchHit, error) {
	return nil, fmt.Errorf("sqlite: search: %w: 4 searches are running; try again in a moment", store.ErrBusy)
}

// TestSearchBusy: a search the store cannot run now answers 503 with
// Retry-After and the reason, as the document says.
func TestSearchBusy(t *testing.T) {
	mux := http.NewServeMux()
	New(busyStore{openFixture(t)}, slog.New(slog.NewTextHandler(io.Discard, nil))).Register(mux)
	srv := httptest.NewServer(conforming(t, mux))
	t.Cleanup(srv.Close)
	status, body, hdr := do(t, "", "GET", srv.URL+Prefix+"/search?q=cable", "")
	if status != http.StatusServiceUnavailable || hdr.Get("Retry-After") == "" || !strings.Contains(string(body), "searches are running") {
		t.Errorf("status %d, Retry-After %q, body %s", status, hdr.Get("Retry-After"), body)
	}
}
