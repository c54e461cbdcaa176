package api

import (
	"net/http"

	"github.com/storyline-news/storyline/internal/store"
)

// SourceList is the body of GET /sources.
type SourceList struct {
	Outlets []store.OutletStat `json:"outlets"`
}

// sources lists outlets with their article counts and dates covered.
func (h *Handler) sources(w http.ResponseWriter, r *http.Request) {
	outs, err := h.store.Outlets(r.Context())
	if err != nil {
		h.fail(w, r, err)
		return
	}
	writeJSON(w, http.StatusOK, SourceList{nonNil(outs)})
}
