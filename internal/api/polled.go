package api

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"strings"
	"time"

	"github.com/storyline-news/storyline/internal/auth"
	"github.com/storyline-news/storyline/internal/config"
	"github.com/storyline-news/storyline/internal/source/feed"
	"github.com/storyline-news/storyline/internal/store"
)

// SourceAdder finds what to poll for a URL (a feed, a sitemap, or a site's
// feed by autodiscovery) and stores it: *poll.Poller.
type SourceAdder interface {
	Add(ctx context.Context, url string, interval time.Duration) (store.PolledSource, error)
}

// RegisterSources mounts the endpoints of the polled sources: reading
// them needs a signed-in user, changing them an admin. adder resolves and
// adds a source; defaultInterval is a new source's interval when the
// request names none.
func (h *Handler) RegisterSources(mux *http.ServeMux, adder SourceAdder, defaultInterval time.Duration) {
	h.adder, h.defaultInterval = adder, defaultInterval
	admin := func(f http.HandlerFunc) http.Handler { return auth.RequireAdmin(f) }
	mux.HandleFunc("GET "+Prefix+"/sources/polled", h.polledList)
	mux.Handle("POST "+Prefix+"/sources/polled", admin(h.polledAdd))
	mux.Handle("PATCH "+Prefix+"/sources/polled/{id}", admin(h.polledPatch))
	mux.Handle("DELETE "+Prefix+"/sources/polled/{id}", admin(h.polledDelete))
	mux.HandleFunc("GET "+Prefix+"/sources/polled/opml", h.polledOPML)
	mux.Handle("POST "+Prefix+"/sources/polled/opml", admin(h.polledImport))
}

// PolledSource is a polled source as the API shows it.
type PolledSource struct {
	ID        string     `json:"id"`
	URL       string     `json:"url"`
	Kind      string     `json:"kind"`
	Site      string     `json:"site,omitempty"`
	Title     string     `json:"title"`
	Interval  string     `json:"interval"` // a Go duration: "30m0s"
	Seconds   int64      `json:"interval_seconds"`
	Paused    bool       `json:"paused"`
	State     string     `json:"state"`      // healthy, failing or paused
	LastFetch *time.Time `json:"last_fetch"` // null when never polled
	NextFetch *time.Time `json:"next_fetch"` // null: at once
	LastError string     `json:"last_error"`
	Failures  int        `json:"failures"`
	Articles  int        `json:"articles"`
	Created   time.Time  `json:"created"`
}

// PolledOf is the API's form of a stored source.
func PolledOf(s store.PolledSource) PolledSource {
	out := PolledSource{ID: s.ID, URL: s.URL, Kind: s.Kind, Site: s.Site, Title: s.Title, Interval: s.Interval.String(),
		Seconds: int64(s.Interval / time.Second), Paused: s.Paused, State: s.State(), LastError: s.LastError,
		Failures: s.Failures, Articles: s.Articles, Created: s.Created}
	if !s.LastFetch.IsZero() {
		out.LastFetch = &s.LastFetch
	}
	if !s.NextFetch.IsZero() {
		out.NextFetch = &s.NextFetch
	}
	return out
}

// PolledList is the body of GET /sources/polled.
type PolledList struct {
	Sources []PolledSource `json:"sources"`
}

// PolledRequest is the body of POST /sources/polled.
type PolledRequest struct {
	URL      string `json:"url"`
	Interval string `json:"interval,omitempty"` // a Go duration, "30m"; the server's default when empty
}

// PolledPatch is the body of PATCH /sources/polled/{id}: what to change.
type PolledPatch struct {
	Paused   *bool   `json:"paused,omitempty"`
	Interval *string `json:"interval,omitempty"`
}

// ImportResult is the body of POST /sources/polled/opml.
type ImportResult struct {
	Added    int      `json:"added"`
	Existing int      `json:"existing"`
	Failed   []string `json:"failed"` // one message per feed not added
}

func (h *Handler) polledList(w http.ResponseWriter, r *http.Request) {
	srcs, ok := h.polledSources(w, r)
	if !ok {
		return
	}
	out := PolledList{Sources: []PolledSource{}}
	for _, s := range srcs {
		out.Sources = append(out.Sources, PolledOf(s))
	}
	writeJSON(w, http.StatusOK, out)
}

// polledSources are the followed sources, for a signed-in reader; when
// the request has none or the store fails, it has answered and ok is
// false.
func (h *Handler) polledSources(w http.ResponseWriter, r *http.Request) (srcs []store.PolledSource, ok bool) {
	if _, ok := needUser(w, r); !ok {
		return nil, false
	}
	srcs, err := h.store.PolledSources(r.Context())
	if err != nil {
		h.fail(w, r, err)
		return nil, false
	}
	return srcs, true
}

// decodeBody reads a small JSON body into v, refusing unknown fields.
func decodeBody(w http.ResponseWriter, r *http.Request, v any, example string) bool {
	dec := json.NewDecoder(io.LimitReader(r.Body, 64<<10))
	dec.DisallowUnknownFields()
	if err := dec.Decode(v); err != nil {
		writeError(w, http.StatusBadRequest, fmt.Sprintf("the body must be JSON like %s: %v", example, err))
		return false
	}
	return true
}

func parseInterval(s string, def time.Duration) (time.Duration, error) {
	if s == "" {
		return def, nil
	}
	d, err := time.ParseDuration(s)
	if err != nil {
		return 0, fmt.Errorf("interval %q is not a duration like 30m", s)
	}
	return d, config.CheckPollInterval(d)
}

func (h *Handler) polledAdd(w http.ResponseWriter, r *http.Request) {
	var req PolledRequest
	if !decodeBody(w, r, &req, `{"url": "https://news.example.org/", "interval": "30m"}`) {
		return
	}
	interval, err := parseInterval(req.Interval, h.defaultInterval)
	if err != nil {
		writeError(w, http.StatusBadRequest, err.Error())
		return
	}
	if strings.TrimSpace(req.URL) == "" {
		writeError(w, http.StatusBadRequest, "url is required")
		return
	}
	if h.adder == nil {
		writeError(w, http.StatusServiceUnavailable, "this server cannot add sources")
		return
	}
	src, err := h.adder.Add(r.Context(), req.URL, interval)
	switch {
	case errors.Is(err, store.ErrExists):
		writeError(w, http.StatusConflict, req.URL+" is followed already")
		return
	case errors.Is(err, store.ErrInvalid):
		h.fail(w, r, err)
		return
	case err != nil:
		// The URL could not be had or holds no feed: the admin who
		// asked is told why (the fetcher's message names the URL).
		writeError(w, http.StatusUnprocessableEntity, err.Error())
		return
	}
	w.Header().Set("Location", Prefix+"/sources/polled/"+src.ID)
	writeJSON(w, http.StatusCreated, PolledOf(src))
}

func (h *Handler) polledPatch(w http.ResponseWriter, r *http.Request) {
	id := r.PathValue("id")
	var req PolledPatch
	if !decodeBody(w, r, &req, `{"paused": true} or {"interval": "1h"}`) {
		return
	}
	if req.Paused == nil && req.Interval == nil {
		writeError(w, http.StatusBadRequest, "nothing to change: send paused or interval")
		return
	}
	ctx := r.Context()
	if _, err := h.store.PolledSource(ctx, id); err != nil {
		h.fail(w, r, err)
		return
	}
	if req.Interval != nil {
		d, err := parseInterval(*req.Interval, 0)
		if err == nil && d == 0 {
			err = errors.New("interval must not be empty")
		}
		if err != nil {
			writeError(w, http.StatusBadRequest, err.Error())
			return
		}
		if err := h.store.SetSourceInterval(ctx, id, d); err != nil {
			h.fail(w, r, err)
			return
		}
	}
	if req.Paused != nil {
		if err := h.store.SetSourcePaused(ctx, id, *req.Paused); err != nil {
			h.fail(w, r, err)
			return
		}
	}
	src, err := h.store.PolledSource(ctx, id)
	if err != nil {
		h.fail(w, r, err)
		return
	}
	writeJSON(w, http.StatusOK, PolledOf(src))
}

func (h *Handler) polledDelete(w http.ResponseWriter, r *http.Request) {
	if err := h.store.DeletePolledSource(r.Context(), r.PathValue("id")); err != nil {
		h.fail(w, r, err)
		return
	}
	w.WriteHeader(http.StatusNoContent)
}

func (h *Handler) polledOPML(w http.ResponseWriter, r *http.Request) {
	srcs, ok := h.polledSources(w, r)
	if !ok {
		return
	}
	var buf bytes.Buffer
	out := make([]feed.Outline, len(srcs))
	for i, s := range srcs {
		out[i] = feed.Outline{URL: s.URL, Title: s.Title, Site: s.Site}
	}
	if err := feed.WriteOPML(&buf, "Storyline sources", out); err != nil {
		h.fail(w, r, err)
		return
	}
	w.Header().Set("Content-Type", "text/x-opml; charset=utf-8")
	w.Header().Set("Content-Disposition", `attachment; filename="storyline-sources.opml"`)
	w.Header().Set("Cache-Control", "no-cache")
	w.Write(buf.Bytes())
}

// maxOPMLBody is the largest OPML file the API imports.
const maxOPMLBody = 4 << 20

func (h *Handler) polledImport(w http.ResponseWriter, r *http.Request) {
	body, err := io.ReadAll(io.LimitReader(r.Body, maxOPMLBody+1))
	if err != nil {
		writeError(w, http.StatusBadRequest, "could not read the body")
		return
	}
	if len(body) > maxOPMLBody {
		writeError(w, http.StatusRequestEntityTooLarge, fmt.Sprintf("an OPML file of at most %d MB", maxOPMLBody>>20))
		return
	}
	outlines, err := feed.ReadOPML("the body", bytes.NewReader(body))
	if err != nil {
		writeError(w, http.StatusBadRequest, err.Error())
		return
	}
	res := ImportResult{Failed: []string{}}
	for _, o := range outlines {
		_, err := h.store.AddPolledSource(r.Context(), store.PolledSource{URL: o.URL, Kind: store.SourceFeed, Title: o.Title, Site: o.Site, Interval: h.defaultInterval})
		switch {
		case errors.Is(err, store.ErrExists):
			res.Existing++
		case err != nil:
			res.Failed = append(res.Failed, o.URL+": "+safeMessage(err))
		default:
			res.Added++
		}
	}
	writeJSON(w, http.StatusOK, res)
}
