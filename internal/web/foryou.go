package web

import (
	"net/http"
	"time"

	"github.com/storyline-news/storyline/internal/store"
)

type forYouData struct {
	store.ForYou
	Until     string // when the page was made: "mark as read" marks up to then
	FeedToken string
}

// forYouSize is how many unread articles the page lists.
const forYouSize = 50

// forYou lists the unread articles of the stories, people and searches the
// user follows, newest first.
func (h *Handler) forYou(w http.ResponseWriter, r *http.Request) {
	u, ok := h.needUser(w, r)
	if !ok {
		return
	}
	fy, err := store.NewForYou(r.Context(), h.store, u.ID, forYouSize)
	if err != nil {
		h.fail(w, r, err)
		return
	}
	d := forYouData{ForYou: fy, Until: time.Now().UTC().Format(time.RFC3339Nano), FeedToken: u.FeedToken}
	h.render(w, r, http.StatusOK, "foryou", page{Title: "For you", Nav: "foryou", Data: d})
}

// forYouSeen marks every follow read up to when the page was made, so
// that what arrived since stays unread.
func (h *Handler) forYouSeen(w http.ResponseWriter, r *http.Request) {
	u, ok := h.needUser(w, r)
	if !ok {
		return
	}
	until := time.Now()
	if v := r.FormValue("until"); v != "" {
		t, err := time.Parse(time.RFC3339Nano, v)
		if err != nil || t.After(until) {
			h.badRequest(w, r, "until must be a time no later than now.")
			return
		}
		until = t
	}
	fs, err := h.store.Follows(r.Context(), u.ID)
	if err != nil {
		h.fail(w, r, err)
		return
	}
	for _, f := range fs {
		if f.New > 0 && f.Seen.Before(until) {
			if err := h.store.MarkFollowSeen(r.Context(), u.ID, f.ID, until); err != nil {
				h.fail(w, r, err)
				return
			}
		}
	}
	http.Redirect(w, r, "/foryou", http.StatusSeeOther)
}
