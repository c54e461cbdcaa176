// Package api is Storyline's JSON API under /api/v1: stories, articles,
// entities, search, sources and follows, described by the OpenAPI 3
// document it serves at /api/v1/openapi.json. Errors are JSON
// {"error": "..."} with the matching status; internal details go to the log.
package api

import (
	_ "embed"
	"encoding/json"
	"errors"
	"html"
	"log/slog"
	"net/http"
	"strings"
	"time"

	"github.com/storyline-news/storyline/internal/auth"
	"github.com/storyline-news/storyline/internal/store"
)

//go:embed openapi.json
var openAPI []byte

// OpenAPI returns the embedded OpenAPI 3 document.
func OpenAPI() []byte { return openAPI }

// Prefix is where the API lives.
const Prefix = "/api/v1"

// Handler serves the API.
type Handler struct {
	store store.Store
	log   *slog.Logger
	auth  *auth.Service // set by RegisterAccounts

	adder           SourceAdder   // set by RegisterSources
	defaultInterval time.Duration // a new polled source's interval
}

// New returns the API over st.
func New(st store.Store, log *slog.Logger) *Handler {
	return &Handler{store: st, log: log}
}

// Register mounts the API's routes on mux.
func (h *Handler) Register(mux *http.ServeMux) {
	mux.HandleFunc("GET "+Prefix+"/openapi.json", h.openAPI)
	mux.HandleFunc("GET "+Prefix+"/stories", h.stories)
	mux.HandleFunc("GET "+Prefix+"/stories/{id}", h.storyShow)
	mux.HandleFunc("GET "+Prefix+"/articles/{id}", h.articleShow)
	mux.HandleFunc("GET "+Prefix+"/entities/{id}", h.entityShow)
	mux.HandleFunc("GET "+Prefix+"/search", h.search)
	mux.HandleFunc("GET "+Prefix+"/sources", h.sources)
	mux.HandleFunc("GET "+Prefix+"/follows", h.follows)
	mux.HandleFunc("POST "+Prefix+"/follows", h.followAdd)
	mux.HandleFunc("GET "+Prefix+"/follows/{id}", h.followShow)
	mux.HandleFunc("POST "+Prefix+"/follows/{id}/seen", h.followSeen)
	mux.HandleFunc("DELETE "+Prefix+"/follows/{id}", h.followDelete)
}

func (h *Handler) openAPI(w http.ResponseWriter, r *http.Request) {
	w.Header().Set("Content-Type", "application/json")
	w.Header().Set("Cache-Control", "public, max-age=300")
	w.Write(openAPI)
}

// Error is the body of every error response.
type Error struct {
	Error string `json:"error"`
}

func writeJSON(w http.ResponseWriter, status int, v any) {
	b, err := json.Marshal(v)
	if err != nil {
		status = http.StatusInternalServerError
		b = []byte(`{"error":"internal server error"}`)
	}
	w.Header().Set("Content-Type", "application/json")
	if w.Header().Get("Cache-Control") == "" { // a new token's answer is no-store
		w.Header().Set("Cache-Control", "no-cache")
	}
	w.WriteHeader(status)
	w.Write(b)
	w.Write([]byte("\n"))
}

// lastModified sets the Last-Modified header to t, when t is known: the
// server answers If-Modified-Since with it (and adds an ETag to every
// answer).
func lastModified(w http.ResponseWriter, t time.Time) {
	if !t.IsZero() {
		w.Header().Set("Last-Modified", t.UTC().Format(http.TimeFormat))
	}
}

func writeError(w http.ResponseWriter, status int, msg string) {
	writeJSON(w, status, Error{msg})
}

// fail answers err: 404 for what does not exist, 400 with the reason for a
// bad request, 503 with Retry-After when the store is too busy, 500 with no detail for anything else (logged in full).
func (h *Handler) fail(w http.ResponseWriter, r *http.Request, err error) {
	switch {
	case errors.Is(err, store.ErrNotFound):
		writeError(w, http.StatusNotFound, "not found: "+r.URL.Path)
	case errors.Is(err, store.ErrInvalid):
		writeError(w, http.StatusBadRequest, safeMessage(err))
	case errors.Is(err, store.ErrBusy):
		w.Header().Set("Retry-After", "2")
		writeError(w, http.StatusServiceUnavailable, busyMessage(err))
	default:
		h.log.Error("api request failed", slog.String("method", r.Method), slog.String("path", r.URL.Path), slog.Any("error", err))
		writeError(w, http.StatusInternalServerError, "internal server error")
	}
}

// busyMessage is the part of an ErrBusy error meant for the client.
func busyMessage(err error) string {
	msg := err.Error()
	if i := strings.LastIndex(msg, store.ErrBusy.Error()+": "); i >= 0 {
		return "the server is busy: " + msg[i+len(store.ErrBusy.Error())+2:]
	}
	return "the server is busy; try again in a moment"
}

func safeMessage(err error) string {
	msg := err.Error()
	if i := strings.LastIndex(msg, store.ErrInvalid.Error()+": "); i >= 0 {
		msg = msg[i+len(store.ErrInvalid.Error())+2:]
	}
	return msg
}

// StorySummary is a story in lists.
type StorySummary struct {
	ID       string    `json:"id"`
	Title    string    `json:"title"`
	Summary  string    `json:"summary"`
	Articles int       `json:"articles"`
	Sources  int       `json:"sources"`
	First    string    `json:"first"`
	Last     string    `json:"last"`
	Rank     float64   `json:"rank"`
	Updated  time.Time `json:"updated"`
	Outlets  []string  `json:"outlets"`
	Events   []string  `json:"events"`
	URL      string    `json:"url"`
}

func summarize(st store.Story) StorySummary {
	return StorySummary{ID: st.ID, Title: st.Title, Summary: st.Summary, Articles: st.Articles, Sources: st.Sources,
		First: st.First, Last: st.Last, Rank: st.Rank, Updated: st.Updated, Outlets: nonNil(st.Outlets),
		Events: nonNil(st.Events), URL: "/stories/" + st.ID}
}

func nonNil[T any](s []T) []T {
	if s == nil {
		return []T{}
	}
	return s
}

// Hit is one search result; SnippetHTML has the matches in <mark>, with
// the rest of the text escaped.
type Hit struct {
	store.ArticleRef
	Snippet     string `json:"snippet"`
	SnippetHTML string `json:"snippet_html"`
}

func hits(hs []store.SearchHit) []Hit {
	out := make([]Hit, 0, len(hs))
	for _, h := range hs {
		plain := strings.NewReplacer("\x02", "", "\x03", "").Replace(h.Snippet)
		out = append(out, Hit{ArticleRef: h.ArticleRef, Snippet: plain, SnippetHTML: snippetHTML(h.Snippet)})
	}
	return out
}

func snippetHTML(s string) string {
	esc := html.EscapeString(s)
	esc = strings.ReplaceAll(esc, "\x02", "<mark>")
	esc = strings.ReplaceAll(esc, "\x03", "</mark>")
	if strings.Count(esc, "<mark>") > strings.Count(esc, "</mark>") {
		esc += "</mark>"
	}
	return esc
}
