package api

import (
	"net/http"

	"github.com/storyline-news/storyline/internal/store"
)

// StoryList is the body of GET /stories.
type StoryList struct {
	Stories []StorySummary `json:"stories"`
	Limit   int            `json:"limit"`
	Offset  int            `json:"offset"`
}

// stories lists stories, top ranked first.
func (h *Handler) stories(w http.ResponseWriter, r *http.Request) {
	v := r.URL.Query()
	limit, err := store.IntParam(v, "limit", 20, 1, store.MaxLimit)
	if err != nil {
		h.fail(w, r, err)
		return
	}
	offset, err := store.IntParam(v, "offset", 0, 0, 100000)
	if err != nil {
		h.fail(w, r, err)
		return
	}
	sts, err := h.store.Stories(r.Context(), limit, offset)
	if err != nil {
		h.fail(w, r, err)
		return
	}
	out := StoryList{Stories: make([]StorySummary, 0, len(sts)), Limit: limit, Offset: offset}
	for _, st := range sts {
		out.Stories = append(out.Stories, summarize(st))
	}
	writeJSON(w, http.StatusOK, out)
}
