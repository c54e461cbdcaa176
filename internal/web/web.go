// Package web is Storyline's reader-facing UI: server-rendered pages from
// embedded html/template templates, one stylesheet, no JavaScript, usable on
// a phone. Story and entity pages carry pictures drawn on the server as
// inline SVG (charts.go, with internal/chart and internal/geo). Static assets are served under content-hashed paths with
// far-future cache headers, so a new build never meets a stale cache.
package web

import (
	"bytes"
	"crypto/sha256"
	"embed"
	"encoding/hex"
	"errors"
	"fmt"
	"html/template"
	"io/fs"
	"log/slog"
	"net/http"
	"path"
	"strings"
	"sync"
	"time"

	"github.com/storyline-news/storyline/internal/auth"
	"github.com/storyline-news/storyline/internal/geo"
	"github.com/storyline-news/storyline/internal/store"
)

//go:embed templates/*.html templates/partials/*.html
var templateFS embed.FS

//go:embed assets/*
var assetFS embed.FS

// Handler serves the UI pages.
type Handler struct {
	store  store.Store
	log    *slog.Logger
	auth   *auth.Service // sign-in; set by RegisterAccounts
	pages  map[string]*template.Template
	assets map[string]asset  // by hashed name
	urls   map[string]string // asset file name → hashed URL

	adder        SourceAdder   // adds polled sources; set by RegisterSources
	pollInterval time.Duration // a new source's interval

	outletsMu   sync.Mutex
	outlets     []store.OutletStat
	outletsTime time.Time

	images Images // lead images; set by WithImages
}

type asset struct {
	body  []byte
	ctype string
}

// New parses the templates and hashes the assets. It loads the story
// map's embedded gazetteer and outlines too, so that a broken table stops
// the server at start rather than a page later.
func New(st store.Store, log *slog.Logger) (*Handler, error) {
	if err := geo.Check(); err != nil {
		return nil, fmt.Errorf("web: %w", err)
	}
	h := &Handler{store: st, log: log, pages: map[string]*template.Template{}, assets: map[string]asset{}, urls: map[string]string{}}
	names, err := fs.Glob(assetFS, "assets/*")
	if err != nil {
		return nil, fmt.Errorf("web: assets: %w", err)
	}
	for _, n := range names {
		b, err := assetFS.ReadFile(n)
		if err != nil {
			return nil, fmt.Errorf("web: asset %s: %w", n, err)
		}
		base := path.Base(n)
		sum := sha256.Sum256(b)
		ext := path.Ext(base)
		hashed := strings.TrimSuffix(base, ext) + "." + hex.EncodeToString(sum[:6]) + ext
		h.assets[hashed] = asset{b, contentType(ext)}
		h.urls[base] = "/static/" + hashed
	}
	pages, err := fs.Glob(templateFS, "templates/*.html")
	if err != nil {
		return nil, fmt.Errorf("web: templates: %w", err)
	}
	// Files named _*.html are partials every page can use: they are parsed
	// after the page, so a partial's {{define}} fills the page's {{block}}
	// of that name (the charts fill "story-charts" and "entity-charts").
	partials, err := fs.Glob(templateFS, "templates/_*.html")
	if err != nil {
		return nil, fmt.Errorf("web: templates: %w", err)
	}
	for _, p := range pages {
		name := path.Base(p)
		if name == "layout.html" || strings.HasPrefix(name, "_") {
			continue
		}
		t, err := template.New("layout.html").Funcs(h.funcs()).ParseFS(templateFS, append([]string{"templates/layout.html", "templates/partials/*.html", p}, partials...)...)
		if err != nil {
			return nil, fmt.Errorf("web: template %s: %w", name, err)
		}
		h.pages[strings.TrimSuffix(name, ".html")] = t
	}
	return h, nil
}

func contentType(ext string) string {
	switch ext {
	case ".css":
		return "text/css; charset=utf-8"
	case ".svg":
		return "image/svg+xml"
	case ".png":
		return "image/png"
	case ".ico":
		return "image/x-icon"
	}
	return "application/octet-stream"
}

// Register mounts the UI's routes on mux.
func (h *Handler) Register(mux *http.ServeMux) {
	mux.HandleFunc("GET /{$}", h.front)
	mux.HandleFunc("GET /stories/{id}", h.storyShow)
	mux.HandleFunc("GET /articles/{id}", h.articleShow)
	mux.HandleFunc("GET /entities/{id}", h.entityShow)
	mux.HandleFunc("GET /search", h.search)
	mux.HandleFunc("GET /sources", h.sources)
	mux.HandleFunc("GET /following", h.following)
	mux.HandleFunc("POST /following", h.followAdd)
	mux.HandleFunc("POST /following/{id}/seen", h.followSeen)
	mux.HandleFunc("POST /following/{id}/delete", h.followDelete)
	mux.HandleFunc("GET /static/{name}", h.static)
	mux.HandleFunc("GET /favicon.ico", h.favicon)
	if h.images != nil {
		mux.Handle("GET /images/{key}", h.images)
	}
}

// NotFound is the page for a path nothing is at. The server answers with
// it for paths no route takes (and 405 for a wrong method on one that does).
func (h *Handler) NotFound(w http.ResponseWriter, r *http.Request) { h.notFound(w, r) }

// ErrorPage shows msg on the error page with status, for the answers the
// server gives before a route is reached (a refused cross-site post, a
// bad character in the address).
func (h *Handler) ErrorPage(w http.ResponseWriter, r *http.Request, status int, msg string) {
	heading := http.StatusText(status)
	if heading == "" {
		heading = "Error"
	}
	h.render(w, r, status, "error", page{Title: heading, Data: errorPage{Status: status, Heading: heading, Message: msg}})
}

// page is what every template gets.
type page struct {
	Title string      // the page's title, before " · Storyline"
	Nav   string      // which navigation item is current
	Query string      // the search box's text
	Feed  string      // the page's Atom feed, if any
	User  *store.User // who is signed in, if anyone (render fills it in)
	Next  string      // where signing in from this page returns to
	Data  any
}

// render writes the page template name with status.
func (h *Handler) render(w http.ResponseWriter, r *http.Request, status int, name string, p page) {
	t, ok := h.pages[name]
	if !ok {
		h.log.Error("no such template", slog.String("template", name))
		http.Error(w, "Internal server error", http.StatusInternalServerError)
		return
	}
	if u, ok := auth.UserFrom(r.Context()); ok {
		p.User = &u
	}
	if p.Next == "" {
		p.Next = auth.LocalPath(r.URL.RequestURI())
	}
	var buf bytes.Buffer
	if err := t.Execute(&buf, p); err != nil {
		h.log.Error("render page", slog.String("template", name), slog.String("path", r.URL.Path), slog.Any("error", err))
		http.Error(w, "Internal server error", http.StatusInternalServerError)
		return
	}
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	switch {
	case w.Header().Get("Cache-Control") != "":
		// The page said (the account and sign-in pages: no-store).
	case p.User != nil:
		// The header names the reader: no shared cache keeps it.
		w.Header().Set("Cache-Control", "private, no-cache")
	default:
		w.Header().Set("Cache-Control", "no-cache")
	}
	w.WriteHeader(status)
	w.Write(buf.Bytes())
}

// errorPage is the data of the error template.
type errorPage struct {
	Status  int
	Heading string
	Message string
}

// fail shows err as a page: a 404 for what does not exist, a 400 with the
// reason for a bad request, a 503 when the store is too busy, and a bare 500 for the rest, whose details go
// to the log only.
func (h *Handler) fail(w http.ResponseWriter, r *http.Request, err error) {
	switch {
	case errors.Is(err, store.ErrNotFound):
		h.notFound(w, r)
	case errors.Is(err, store.ErrInvalid):
		h.badRequest(w, r, SafeMessage(err))
	case errors.Is(err, store.ErrBusy):
		msg := "The server is busy. Please try again in a moment."
		if i := strings.LastIndex(err.Error(), store.ErrBusy.Error()+": "); i >= 0 {
			msg = "The server is busy: " + err.Error()[i+len(store.ErrBusy.Error())+2:] + "."
		}
		w.Header().Set("Retry-After", "2")
		h.render(w, r, http.StatusServiceUnavailable, "error", page{Title: "Busy", Data: errorPage{
			Status: 503, Heading: "Busy", Message: msg}})
	default:
		h.log.Error("page failed", slog.String("path", r.URL.Path), slog.Any("error", err))
		h.render(w, r, http.StatusInternalServerError, "error", page{Title: "Something went wrong", Data: errorPage{
			Status: 500, Heading: "Something went wrong", Message: "The page could not be built. The error has been logged; please try again later."}})
	}
}

// SafeMessage is the part of an ErrInvalid error meant for the user.
func SafeMessage(err error) string {
	msg := err.Error()
	if i := strings.LastIndex(msg, store.ErrInvalid.Error()+": "); i >= 0 {
		msg = msg[i+len(store.ErrInvalid.Error())+2:]
	}
	return msg
}

func (h *Handler) badRequest(w http.ResponseWriter, r *http.Request, msg string) {
	h.render(w, r, http.StatusBadRequest, "error", page{Title: "Bad request", Data: errorPage{
		Status: 400, Heading: "That request could not be understood", Message: msg}})
}

func (h *Handler) notFound(w http.ResponseWriter, r *http.Request) {
	h.render(w, r, http.StatusNotFound, "error", page{Title: "Not found", Data: errorPage{
		Status: 404, Heading: "Not found", Message: "There is nothing at " + r.URL.Path + ". It may have been merged into another story after new articles arrived."}})
}

// static serves a hashed asset, cacheable forever.
func (h *Handler) static(w http.ResponseWriter, r *http.Request) {
	a, ok := h.assets[r.PathValue("name")]
	if !ok {
		http.NotFound(w, r)
		return
	}
	w.Header().Set("Content-Type", a.ctype)
	w.Header().Set("Cache-Control", "public, max-age=31536000, immutable")
	w.Write(a.body)
}

func (h *Handler) favicon(w http.ResponseWriter, r *http.Request) {
	u, ok := h.urls["icon.svg"]
	if !ok {
		http.NotFound(w, r)
		return
	}
	http.Redirect(w, r, u, http.StatusMovedPermanently)
}

// cachedOutlets returns the outlet list for the search form, refreshed at
// most every 30 seconds: it is a scan of every article.
func (h *Handler) cachedOutlets(r *http.Request) []store.OutletStat {
	h.outletsMu.Lock()
	defer h.outletsMu.Unlock()
	if time.Since(h.outletsTime) < 30*time.Second && h.outlets != nil {
		return h.outlets
	}
	outs, err := h.store.Outlets(r.Context())
	if err != nil {
		h.log.Warn("list outlets", slog.Any("error", err))
		return h.outlets
	}
	h.outlets, h.outletsTime = outs, time.Now()
	return outs
}
