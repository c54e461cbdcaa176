package api

import (
	"net/http"

	"github.com/storyline-news/storyline/internal/store"
)

// SearchResult is the body of GET /search.
type SearchResult struct {
	Query  SearchEcho `json:"query"`
	Hits   []Hit      `json:"hits"`
	Limit  int        `json:"limit"`
	Offset int        `json:"offset"`
}

// SearchEcho is the search as the server understood it.
type SearchEcho struct {
	Text   string `json:"q"`
	Outlet string `json:"outlet,omitempty"`
	From   string `json:"from,omitempty"`
	To     string `json:"to,omitempty"`
	Entity string `json:"entity,omitempty"`
}

// search runs a full-text search with filters.
func (h *Handler) search(w http.ResponseWriter, r *http.Request) {
	q, err := store.ParseSearch(r.URL.Query())
	if err != nil {
		h.fail(w, r, err)
		return
	}
	if q.Empty() {
		writeError(w, http.StatusBadRequest, "give q (words to search for) or a filter: outlet, from, to or entity")
		return
	}
	hs, err := h.store.Search(r.Context(), q)
	if err != nil {
		h.fail(w, r, err)
		return
	}
	writeJSON(w, http.StatusOK, SearchResult{
		Query: SearchEcho{q.Text, q.Outlet, q.From, q.To, q.Entity},
		Hits:  hits(hs), Limit: q.Limit, Offset: q.Offset,
	})
}
