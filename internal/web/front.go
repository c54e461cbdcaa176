package web

import (
	"net/http"

	"github.com/storyline-news/storyline/internal/store"
)

// frontPageSize is how many stories the front page lists per page.
const frontPageSize = 20

type frontData struct {
	Stories  []store.Story
	Page     int
	Next     bool
	Articles int
}

// front lists the top stories, ranked by breadth of coverage and recency.
func (h *Handler) front(w http.ResponseWriter, r *http.Request) {
	n, err := store.IntParam(r.URL.Query(), "page", 1, 1, 1000)
	if err != nil {
		h.fail(w, r, err)
		return
	}
	sts, err := h.store.Stories(r.Context(), frontPageSize+1, (n-1)*frontPageSize)
	if err != nil {
		h.fail(w, r, err)
		return
	}
	d := frontData{Stories: sts, Page: n}
	if len(sts) > frontPageSize {
		d.Stories, d.Next = sts[:frontPageSize], true
	}
	if len(sts) == 0 && n == 1 {
		d.Articles, _ = h.store.CountArticles(r.Context())
	}
	h.render(w, r, http.StatusOK, "front", page{Title: "Top stories", Nav: "front", Feed: "/feeds/front.atom", Data: d})
}
