package feed

import (
	"net/http"

	"github.com/storyline-news/storyline/internal/store"
)

// following is the feed of a saved search's or followed entity's matches.
func (h *Handler) following(w http.ResponseWriter, r *http.Request) {
	id, ok := idOf(r)
	if !ok {
		h.fail(w, r, store.ErrNotFound)
		return
	}
	fl, err := h.store.Follow(r.Context(), id)
	if err != nil {
		h.fail(w, r, err)
		return
	}
	hits, err := h.store.FollowMatches(r.Context(), id, feedSize)
	if err != nil {
		h.fail(w, r, err)
		return
	}
	b := base(r)
	f := Feed{ID: "urn:storyline:follow:" + fl.ID, Title: "Storyline: " + fl.Label,
		Links: []Link{{Href: b + "/feeds/following/" + fl.ID + ".atom", Rel: "self"}, {Href: b + "/following", Rel: "alternate", Type: "text/html"}}}
	for _, hit := range hits {
		f.Entries = append(f.Entries, articleEntry(b, hit.ArticleRef, plain(hit.Snippet)))
	}
	h.write(w, r, f)
}
