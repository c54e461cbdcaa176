package web

import (
	"context"
	"errors"
	"net/http"
	"strconv"
	"time"

	"github.com/storyline-news/storyline/internal/auth"
	"github.com/storyline-news/storyline/internal/config"
	"github.com/storyline-news/storyline/internal/store"
)

// SourceAdder finds what to poll for a URL and stores it (*poll.Poller).
type SourceAdder interface {
	Add(ctx context.Context, url string, interval time.Duration) (store.PolledSource, error)
}

type sourcesData struct {
	Polled   []store.PolledSource // shown to signed-in users
	ShowPoll bool                 // a user is signed in
	Admin    bool                 // the user may add, pause, resume and remove
	CanAdd   bool                 // the server can resolve and add sources
	Message  string               // what the last add said, good or bad
	Failed   bool                 // the message is a refusal
	AddURL   string               // the URL the admin tried, to edit
	Interval string               // the interval field's value

	Outlets []store.OutletStat
	Most    int // the largest article count, to scale the bars
	Total   int
}

// RegisterSources mounts the forms that add, pause, resume and remove
// polled sources; each needs an admin. adder may be nil (no adding).
func (h *Handler) RegisterSources(mux *http.ServeMux, adder SourceAdder, interval time.Duration) {
	h.adder, h.pollInterval = adder, interval
	mux.HandleFunc("POST /sources/polled", h.polledAdd)
	mux.HandleFunc("POST /sources/polled/{id}/{action}", h.polledAction)
}

// sources shows the followed sources (to signed-in users), then the
// outlets with their article counts and the dates covered.
func (h *Handler) sources(w http.ResponseWriter, r *http.Request) {
	h.renderSources(w, r, http.StatusOK, sourcesData{})
}

func (h *Handler) renderSources(w http.ResponseWriter, r *http.Request, status int, d sourcesData) {
	ctx := r.Context()
	if u, ok := auth.UserFrom(ctx); ok {
		srcs, err := h.store.PolledSources(ctx)
		if err != nil {
			h.fail(w, r, err)
			return
		}
		d.Polled, d.ShowPoll, d.Admin, d.CanAdd = srcs, true, u.Admin, h.adder != nil
		if d.Interval == "" {
			d.Interval = shortInterval(h.pollInterval)
		}
	}
	outs, err := h.store.Outlets(ctx)
	if err != nil {
		h.fail(w, r, err)
		return
	}
	d.Outlets = outs
	for _, o := range outs {
		d.Most = max(d.Most, o.Articles)
		d.Total += o.Articles
	}
	if d.ShowPoll {
		w.Header().Set("Cache-Control", "private, no-cache")
	}
	h.render(w, r, status, "sources", page{Title: "Sources", Nav: "sources", Data: d})
}

// needAdmin returns the signed-in admin, or answers (sign in, or 403).
func (h *Handler) needAdmin(w http.ResponseWriter, r *http.Request) (store.User, bool) {
	u, ok := h.needUser(w, r)
	if ok && !u.Admin {
		h.ErrorPage(w, r, http.StatusForbidden, "Only an admin can change the followed sources.")
		return u, false
	}
	return u, ok
}

func (h *Handler) polledAdd(w http.ResponseWriter, r *http.Request) {
	if _, ok := h.needAdmin(w, r); !ok {
		return
	}
	raw, ival := r.FormValue("url"), r.FormValue("interval")
	d := sourcesData{AddURL: raw, Interval: ival, Failed: true}
	interval := h.pollInterval
	if ival != "" {
		v, err := time.ParseDuration(ival)
		if err == nil {
			err = config.CheckPollInterval(v)
		}
		if err != nil {
			d.Message = "The interval must be a duration such as 30m or 2h, from 1m to 168h."
			h.renderSources(w, r, http.StatusBadRequest, d)
			return
		}
		interval = v
	}
	if h.adder == nil {
		d.Message = "This server cannot add sources."
		h.renderSources(w, r, http.StatusServiceUnavailable, d)
		return
	}
	src, err := h.adder.Add(r.Context(), raw, interval)
	switch {
	case errors.Is(err, store.ErrExists):
		d.Message = "That feed is followed already."
		h.renderSources(w, r, http.StatusConflict, d)
	case err != nil:
		d.Message = "Could not add it: " + err.Error()
		h.renderSources(w, r, http.StatusUnprocessableEntity, d)
	default:
		what := "Following " + src.URL
		if src.Kind == store.SourceSite {
			what = "Found the feed " + src.URL + " on " + src.Site + " and follow it"
		}
		h.renderSources(w, r, http.StatusCreated, sourcesData{Message: what + "; it is polled within a minute."})
	}
}

func (h *Handler) polledAction(w http.ResponseWriter, r *http.Request) {
	if _, ok := h.needAdmin(w, r); !ok {
		return
	}
	id, ctx := r.PathValue("id"), r.Context()
	var err error
	switch r.PathValue("action") {
	case "pause":
		err = h.store.SetSourcePaused(ctx, id, true)
	case "resume":
		err = h.store.SetSourcePaused(ctx, id, false)
	case "remove":
		err = h.store.DeletePolledSource(ctx, id)
	default:
		h.notFound(w, r)
		return
	}
	if err != nil {
		h.fail(w, r, err)
		return
	}
	http.Redirect(w, r, "/sources", http.StatusSeeOther)
}

// shortInterval prints 30m rather than 30m0s.
func shortInterval(d time.Duration) string {
	switch {
	case d <= 0:
		return ""
	case d%time.Hour == 0:
		return strconv.FormatInt(int64(d/time.Hour), 10) + "h"
	case d%time.Minute == 0:
		return strconv.FormatInt(int64(d/time.Minute), 10) + "m"
	}
	return d.String()
}
