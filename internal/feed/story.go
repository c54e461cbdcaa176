package feed

import (
	"errors"
	"net/http"
	"net/url"

	"github.com/storyline-news/storyline/internal/store"
)

// story is the feed of one story's articles, newest first.
func (h *Handler) story(w http.ResponseWriter, r *http.Request) {
	id, ok := idOf(r)
	if !ok {
		h.fail(w, r, store.ErrNotFound)
		return
	}
	st, err := h.store.Story(r.Context(), id)
	if err != nil {
		if to, ok := store.MovedTo(r.Context(), h.store, id); ok && errors.Is(err, store.ErrNotFound) {
			// Subscribers of a story that merged follow it to its new feed.
			http.Redirect(w, r, "/feeds/stories/"+url.PathEscape(to)+".atom", http.StatusMovedPermanently)
			return
		}
		h.fail(w, r, err)
		return
	}
	arts, err := h.store.StoryArticles(r.Context(), id)
	if err != nil {
		h.fail(w, r, err)
		return
	}
	b := h.base(r)
	f := Feed{ID: "urn:storyline:story:" + st.ID, Title: "Storyline: " + st.Title, Subtitle: st.Summary,
		Links: []Link{{Href: b + "/feeds/stories/" + st.ID + ".atom", Rel: "self"}, {Href: b + "/stories/" + st.ID, Rel: "alternate", Type: "text/html"}}}
	for i := len(arts) - 1; i >= 0 && len(f.Entries) < feedSize; i-- {
		f.Entries = append(f.Entries, articleEntry(b, arts[i], arts[i].Standfirst))
	}
	h.write(w, r, f)
}
