package feed

import (
	"net/http"

	"github.com/storyline-news/storyline/internal/auth"
	"github.com/storyline-news/storyline/internal/store"
)

// needUser returns the request's user, or answers 401 and reports false:
// a follow's feed is personal on a public server too. A feed reader
// authenticates with the user's feed token (?token=) or an API token.
func needUser(w http.ResponseWriter, r *http.Request) (store.User, bool) {
	u, ok := auth.UserFrom(r.Context())
	if !ok {
		w.Header().Set("WWW-Authenticate", `Bearer realm="storyline"`)
		http.Error(w, "Unauthorized: add ?token=YOUR_FEED_TOKEN (see your account page) or send Authorization: Bearer", http.StatusUnauthorized)
	}
	return u, ok
}

// following is the feed of one of the user's follows: a saved search's,
// followed entity's or followed story's matches.
func (h *Handler) following(w http.ResponseWriter, r *http.Request) {
	id, ok := idOf(r)
	if !ok {
		h.fail(w, r, store.ErrNotFound)
		return
	}
	u, ok := needUser(w, r)
	if !ok {
		return
	}
	fl, err := h.store.Follow(r.Context(), u.ID, id)
	if err != nil {
		h.fail(w, r, err)
		return
	}
	hits, err := h.store.FollowMatches(r.Context(), u.ID, id, feedSize)
	if err != nil {
		h.fail(w, r, err)
		return
	}
	b := h.base(r)
	f := Feed{ID: "urn:storyline:follow:" + fl.ID, Title: "Storyline: " + fl.Label,
		Links: []Link{{Href: b + "/feeds/following/" + fl.ID + ".atom", Rel: "self"}, {Href: b + "/following", Rel: "alternate", Type: "text/html"}}}
	for _, hit := range hits {
		f.Entries = append(f.Entries, articleEntry(b, hit.ArticleRef, plain(hit.Snippet)))
	}
	h.write(w, r, f)
}

// forYou is the feed of the user's unread articles, as on /foryou.
func (h *Handler) forYou(w http.ResponseWriter, r *http.Request) {
	u, ok := needUser(w, r)
	if !ok {
		return
	}
	fy, err := store.NewForYou(r.Context(), h.store, u.ID, feedSize)
	if err != nil {
		h.fail(w, r, err)
		return
	}
	b := h.base(r)
	f := Feed{ID: "urn:storyline:foryou:" + u.ID, Title: "Storyline: for " + u.Name,
		Links: []Link{{Href: b + "/feeds/foryou.atom", Rel: "self"}, {Href: b + "/foryou", Rel: "alternate", Type: "text/html"}}}
	for _, it := range fy.Items {
		f.Entries = append(f.Entries, articleEntry(b, it.ArticleRef, plain(it.Snippet)))
	}
	h.write(w, r, f)
}
