package web

import (
	"net/http"
	"net/url"
	"time"

	"github.com/storyline-news/storyline/internal/auth"
	"github.com/storyline-news/storyline/internal/store"
)

type followingData struct {
	Follows   []followData
	FeedToken string // the user's feed token, for feed URLs a feed reader can use
}

type followData struct {
	store.Follow
	URL     string // where the follow's matches are on the site
	Matches []store.SearchHit
}

// newShown is how many new matches each follow lists.
const newShown = 5

// needUser returns the signed-in user, or sends the browser to sign in
// and reports false. (On a public server, reading needs no user, but a
// user's own pages do.)
func (h *Handler) needUser(w http.ResponseWriter, r *http.Request) (store.User, bool) {
	u, ok := auth.UserFrom(r.Context())
	if !ok {
		http.Redirect(w, r, "/signin?next="+url.QueryEscape(auth.LocalPath(r.URL.RequestURI())), http.StatusSeeOther)
	}
	return u, ok
}

// following lists the user's saved searches, followed entities and
// followed stories with their new matches.
func (h *Handler) following(w http.ResponseWriter, r *http.Request) {
	u, ok := h.needUser(w, r)
	if !ok {
		return
	}
	ctx := r.Context()
	fs, err := h.store.Follows(ctx, u.ID)
	if err != nil {
		h.fail(w, r, err)
		return
	}
	d := followingData{FeedToken: u.FeedToken}
	for _, f := range fs {
		fd := followData{Follow: f, URL: followURL(f)}
		if f.New > 0 {
			if fd.Matches, err = h.store.UnreadMatches(ctx, u.ID, f.ID, newShown); err != nil {
				h.fail(w, r, err)
				return
			}
		}
		d.Follows = append(d.Follows, fd)
	}
	h.render(w, r, http.StatusOK, "following", page{Title: "Following", Nav: "following", Data: d})
}

func followURL(f store.Follow) string {
	switch f.Kind {
	case store.FollowEntity:
		return "/entities/" + url.PathEscape(f.Target)
	case store.FollowStory:
		return "/stories/" + url.PathEscape(f.Target)
	}
	return "/search?q=" + url.QueryEscape(f.Target)
}

// userFollow returns the signed-in user's follow of kind and target, if
// any, for a page's Follow / Unfollow button.
func (h *Handler) userFollow(r *http.Request, kind, target string) *store.Follow {
	u, ok := auth.UserFrom(r.Context())
	if !ok {
		return nil
	}
	fs, err := h.store.Follows(r.Context(), u.ID)
	if err != nil {
		h.log.Warn("list follows", "error", err)
		return nil
	}
	for _, f := range fs {
		if f.Kind == kind && f.Target == target {
			return &f
		}
	}
	return nil
}

// followAdd saves a search, an entity or a story to follow (a form post),
// then returns to the form's next page, or to /following.
func (h *Handler) followAdd(w http.ResponseWriter, r *http.Request) {
	u, ok := h.needUser(w, r)
	if !ok {
		return
	}
	if err := r.ParseForm(); err != nil {
		h.badRequest(w, r, "The form could not be read.")
		return
	}
	f := store.Follow{User: u.ID, Kind: r.PostForm.Get("kind"), Target: r.PostForm.Get("target"), Label: r.PostForm.Get("label")}
	if f.Kind == store.FollowEntity {
		if _, err := h.store.Entity(r.Context(), f.Target); err != nil {
			h.fail(w, r, err)
			return
		}
	}
	if _, err := h.store.AddFollow(r.Context(), f); err != nil {
		h.fail(w, r, err)
		return
	}
	next := "/following"
	if n := r.PostForm.Get("next"); n != "" {
		next = auth.LocalPath(n)
	}
	http.Redirect(w, r, next, http.StatusSeeOther)
}

// followSeen marks a follow's matches as read.
func (h *Handler) followSeen(w http.ResponseWriter, r *http.Request) {
	h.followChange(w, r, func(userID, id string) error {
		return h.store.MarkFollowSeen(r.Context(), userID, id, time.Now())
	})
}

// followDelete stops following.
func (h *Handler) followDelete(w http.ResponseWriter, r *http.Request) {
	h.followChange(w, r, func(userID, id string) error { return h.store.DeleteFollow(r.Context(), userID, id) })
}

func (h *Handler) followChange(w http.ResponseWriter, r *http.Request, change func(userID, id string) error) {
	u, ok := h.needUser(w, r)
	if !ok {
		return
	}
	if err := change(u.ID, r.PathValue("id")); err != nil {
		h.fail(w, r, err)
		return
	}
	next := "/following"
	if n := r.FormValue("next"); n != "" {
		next = auth.LocalPath(n)
	}
	http.Redirect(w, r, next, http.StatusSeeOther)
}
