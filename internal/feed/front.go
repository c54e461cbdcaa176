package feed

import "net/http"

// front is the feed of the top stories.
func (h *Handler) front(w http.ResponseWriter, r *http.Request) {
	sts, err := h.store.Stories(r.Context(), feedSize, 0)
	if err != nil {
		h.fail(w, r, err)
		return
	}
	b := h.base(r)
	f := Feed{ID: "urn:storyline:front", Title: "Storyline: top stories",
		Links: []Link{{Href: b + "/feeds/front.atom", Rel: "self"}, {Href: b + "/", Rel: "alternate", Type: "text/html"}}}
	for _, st := range sts {
		e := Entry{ID: "urn:storyline:story:" + st.ID, Title: st.Title, Updated: atomTime(st.Updated),
			Links: []Link{{Href: b + "/stories/" + st.ID, Rel: "alternate", Type: "text/html"}}}
		if st.Summary != "" {
			e.Summary = &Text{Type: "text", Body: st.Summary}
		}
		f.Entries = append(f.Entries, e)
	}
	h.write(w, r, f)
}
