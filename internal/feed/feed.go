// Package feed serves Storyline's Atom feeds (RFC 4287): the front page's
// top stories, each story's articles, each entity's articles, each saved
// search or follow's matches and a user's "For you". encoding/xml is all
// Atom needs, so there is no feed library.
package feed

import (
	"encoding/xml"
	"errors"
	"log/slog"
	"net/http"
	"strings"
	"time"

	"github.com/storyline-news/storyline/internal/auth"
	"github.com/storyline-news/storyline/internal/link"
	"github.com/storyline-news/storyline/internal/store"
)

// NS is the Atom namespace.
const NS = "http://www.w3.org/2005/Atom"

// Feed is an Atom feed document.
type Feed struct {
	XMLName  xml.Name `xml:"http://www.w3.org/2005/Atom feed"`
	ID       string   `xml:"id"`
	Title    string   `xml:"title"`
	Subtitle string   `xml:"subtitle,omitempty"`
	Updated  string   `xml:"updated"`
	Author   Person   `xml:"author"`
	Links    []Link   `xml:"link"`
	Entries  []Entry  `xml:"entry"`
}

// Person is an Atom author.
type Person struct {
	Name string `xml:"name"`
}

// Link is an Atom link.
type Link struct {
	Href string `xml:"href,attr"`
	Rel  string `xml:"rel,attr,omitempty"`
	Type string `xml:"type,attr,omitempty"`
}

// Text is an Atom text construct.
type Text struct {
	Type string `xml:"type,attr,omitempty"`
	Body string `xml:",chardata"`
}

// Entry is an Atom entry.
type Entry struct {
	ID        string   `xml:"id"`
	Title     string   `xml:"title"`
	Updated   string   `xml:"updated"`
	Published string   `xml:"published,omitempty"`
	Authors   []Person `xml:"author,omitempty"`
	Links     []Link   `xml:"link"`
	Summary   *Text    `xml:"summary,omitempty"`
}

// Handler serves the feeds.
type Handler struct {
	store   store.Store
	log     *slog.Logger
	baseURL string // the site's address, without a trailing slash; "" for the request's
}

// New returns the feeds over st.
func New(st store.Store, log *slog.Logger) *Handler { return &Handler{store: st, log: log} }

// WithBaseURL makes the feeds' links absolute on baseURL (the server's
// --base-url) rather than on the scheme and Host of each request, which
// behind a proxy that ends TLS would be http links. It returns h.
func (h *Handler) WithBaseURL(baseURL string) *Handler {
	h.baseURL = strings.TrimRight(baseURL, "/")
	return h
}

// Register mounts the feed routes on mux.
func (h *Handler) Register(mux *http.ServeMux) {
	mux.HandleFunc("GET /feeds/front.atom", h.front)
	mux.HandleFunc("GET /feeds/stories/{file}", h.story)
	mux.HandleFunc("GET /feeds/entities/{file}", h.entity)
	mux.HandleFunc("GET /feeds/following/{file}", h.following)
	mux.HandleFunc("GET /feeds/foryou.atom", h.forYou)
}

// feedSize is how many entries a feed carries.
const feedSize = 50

// base is the absolute URL of the site: the base URL when there is one,
// else as the client reached it.
func (h *Handler) base(r *http.Request) string {
	if h.baseURL != "" {
		return h.baseURL
	}
	scheme := "http"
	if r.TLS != nil {
		scheme = "https"
	}
	return scheme + "://" + r.Host
}

// idOf returns the ID in a feed file name ("s123.atom" → "s123").
func idOf(r *http.Request) (string, bool) {
	f := r.PathValue("file")
	id, ok := strings.CutSuffix(f, ".atom")
	return id, ok && id != ""
}

func atomTime(t time.Time) string { return t.UTC().Format(time.RFC3339) }

// dateTime turns an ISO date or datetime into an Atom date, "" if it is not one.
func dateTime(iso string) string {
	for _, layout := range []string{time.RFC3339, "2006-01-02T15:04:05", "2006-01-02T15:04", time.DateOnly} {
		if t, err := time.Parse(layout, iso); err == nil {
			return atomTime(t)
		}
	}
	return ""
}

// write sends f; its Updated is the newest entry's, or now when it has none.
func (h *Handler) write(w http.ResponseWriter, r *http.Request, f Feed) {
	f.Author = Person{Name: "Storyline"}
	if f.Updated == "" {
		f.Updated = atomTime(time.Now())
		if len(f.Entries) > 0 {
			f.Updated = f.Entries[0].Updated
			for _, e := range f.Entries {
				if e.Updated > f.Updated {
					f.Updated = e.Updated
				}
			}
		}
	}
	out, err := xml.MarshalIndent(f, "", " ")
	if err != nil {
		h.fail(w, r, err)
		return
	}
	w.Header().Set("Content-Type", "application/atom+xml; charset=utf-8")
	w.Header().Set("Cache-Control", cacheControl(r))
	if len(f.Entries) > 0 {
		// The feed changed last when its newest entry did; an empty
		// feed's "updated" is the time of the request, meaning nothing.
		if t, err := time.Parse(time.RFC3339, f.Updated); err == nil {
			w.Header().Set("Last-Modified", t.UTC().Format(http.TimeFormat))
		}
	}
	w.Write([]byte(xml.Header))
	w.Write(out)
}

// cacheControl lets shared caches keep a feed only when it was fetched
// without credentials: a signed-in user's feed (a follow's, "For you", or
// any feed on a server that is not public) is theirs alone.
func cacheControl(r *http.Request) string {
	if _, ok := auth.UserFrom(r.Context()); ok {
		return "private, max-age=60"
	}
	return "public, max-age=60"
}

func (h *Handler) fail(w http.ResponseWriter, r *http.Request, err error) {
	if errors.Is(err, store.ErrNotFound) {
		http.Error(w, "Feed not found", http.StatusNotFound)
		return
	}
	h.log.Error("feed failed", slog.String("path", r.URL.Path), slog.Any("error", err))
	http.Error(w, "Internal server error", http.StatusInternalServerError)
}

// articleEntry makes the entry of one article.
func articleEntry(b string, a store.ArticleRef, summary string) Entry {
	e := Entry{
		ID:      "urn:storyline:article:" + a.ID,
		Title:   a.Headline,
		Updated: atomTime(a.Ingested),
		Links:   []Link{{Href: b + "/articles/" + a.ID, Rel: "alternate", Type: "text/html"}},
	}
	if e.Title == "" {
		e.Title = a.ID
	}
	if p := dateTime(a.Published); p != "" {
		e.Published = p
	}
	if a.Outlet != "" {
		e.Authors = []Person{{Name: a.Outlet}}
	}
	if u := link.Web(a.URL); u != "" {
		e.Links = append(e.Links, Link{Href: u, Rel: "related"})
	}
	if summary = strings.TrimSpace(summary); summary != "" {
		e.Summary = &Text{Type: "text", Body: summary}
	}
	return e
}

func plain(snippet string) string {
	return strings.NewReplacer("\x02", "", "\x03", "").Replace(snippet)
}
