package feed

import (
	"net/http"

	"github.com/storyline-news/storyline/internal/store"
)

// entity is the feed of the articles that name an entity, newest first.
func (h *Handler) entity(w http.ResponseWriter, r *http.Request) {
	id, ok := idOf(r)
	if !ok {
		h.fail(w, r, store.ErrNotFound)
		return
	}
	e, err := h.store.Entity(r.Context(), id)
	if err != nil {
		h.fail(w, r, err)
		return
	}
	arts, err := h.store.EntityArticles(r.Context(), id, feedSize)
	if err != nil {
		h.fail(w, r, err)
		return
	}
	b := h.base(r)
	f := Feed{ID: "urn:storyline:entity:" + e.ID, Title: "Storyline: " + e.Name,
		Links: []Link{{Href: b + "/feeds/entities/" + e.ID + ".atom", Rel: "self"}, {Href: b + "/entities/" + e.ID, Rel: "alternate", Type: "text/html"}}}
	for _, a := range arts {
		f.Entries = append(f.Entries, articleEntry(b, a, a.Standfirst))
	}
	h.write(w, r, f)
}
