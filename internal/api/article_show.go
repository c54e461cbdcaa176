package api

import (
	"net/http"

	"github.com/storyline-news/storyline/internal/model"
)

// articleShow returns one article's analysis record (the same contract as
// `storyline analyze` prints), with its story and event.
func (h *Handler) articleShow(w http.ResponseWriter, r *http.Request) {
	a, err := h.store.Article(r.Context(), r.PathValue("id"))
	if err != nil {
		h.fail(w, r, err)
		return
	}
	writeJSON(w, http.StatusOK, model.NewRecord(&a))
}
