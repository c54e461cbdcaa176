package api

import (
	"net/http"

	"github.com/storyline-news/storyline/internal/store"
)

// EntityDetail is the body of GET /entities/{id}.
type EntityDetail struct {
	store.Entity
	Quotes   []store.Said       `json:"quotes"`
	Coverage []store.ArticleRef `json:"coverage"`
	Stories  []StorySummary     `json:"stories"`
}

// entityShow returns what is said by and about an entity across stories.
func (h *Handler) entityShow(w http.ResponseWriter, r *http.Request) {
	ctx := r.Context()
	id := r.PathValue("id")
	v := r.URL.Query()
	limit, err := store.IntParam(v, "limit", 50, 1, store.MaxLimit)
	if err != nil {
		h.fail(w, r, err)
		return
	}
	e, err := h.store.Entity(ctx, id)
	if err != nil {
		h.fail(w, r, err)
		return
	}
	d := EntityDetail{Entity: e}
	d.Aliases = nonNil(d.Aliases)
	if d.Quotes, err = h.store.EntityQuotes(ctx, id, limit); err != nil {
		h.fail(w, r, err)
		return
	}
	if d.Coverage, err = h.store.EntityArticles(ctx, id, limit); err != nil {
		h.fail(w, r, err)
		return
	}
	ids, err := h.store.EntityStories(ctx, id)
	if err != nil {
		h.fail(w, r, err)
		return
	}
	d.Stories = []StorySummary{}
	for i, sid := range ids {
		if i == limit {
			break
		}
		if st, err := h.store.Story(ctx, sid); err == nil {
			d.Stories = append(d.Stories, summarize(st))
		}
	}
	d.Quotes, d.Coverage = nonNil(d.Quotes), nonNil(d.Coverage)
	writeJSON(w, http.StatusOK, d)
}
