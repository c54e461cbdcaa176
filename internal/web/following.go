package web

import (
	"net/http"
	"net/url"
	"time"

	"github.com/storyline-news/storyline/internal/store"
)

type followingData struct {
	Follows []followData
}

type followData struct {
	store.Follow
	URL     string // where the follow's matches are on the site
	Matches []store.SearchHit
}

// newShown is how many new matches each follow lists.
const newShown = 5

// following lists saved searches and followed entities with their new matches.
func (h *Handler) following(w http.ResponseWriter, r *http.Request) {
	ctx := r.Context()
	fs, err := h.store.Follows(ctx)
	if err != nil {
		h.fail(w, r, err)
		return
	}
	var d followingData
	for _, f := range fs {
		fd := followData{Follow: f, URL: followURL(f)}
		if f.New > 0 {
			ms, err := h.store.FollowMatches(ctx, f.ID, newShown)
			if err != nil {
				h.fail(w, r, err)
				return
			}
			for _, m := range ms {
				if m.Ingested.After(f.Seen) {
					fd.Matches = append(fd.Matches, m)
				}
			}
		}
		d.Follows = append(d.Follows, fd)
	}
	h.render(w, r, http.StatusOK, "following", page{Title: "Following", Nav: "following", Data: d})
}

func followURL(f store.Follow) string {
	if f.Kind == store.FollowEntity {
		return "/entities/" + url.PathEscape(f.Target)
	}
	return "/search?q=" + url.QueryEscape(f.Target)
}

// followAdd saves a search or an entity to follow (a form post).
func (h *Handler) followAdd(w http.ResponseWriter, r *http.Request) {
	if err := r.ParseForm(); err != nil {
		h.badRequest(w, r, "The form could not be read.")
		return
	}
	f := store.Follow{Kind: r.PostForm.Get("kind"), Target: r.PostForm.Get("target"), Label: r.PostForm.Get("label")}
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
	http.Redirect(w, r, "/following", http.StatusSeeOther)
}

// followSeen marks a follow's matches as seen.
func (h *Handler) followSeen(w http.ResponseWriter, r *http.Request) {
	h.followChange(w, r, func(id string) error { return h.store.MarkFollowSeen(r.Context(), id, time.Now()) })
}

// followDelete stops following.
func (h *Handler) followDelete(w http.ResponseWriter, r *http.Request) {
	h.followChange(w, r, func(id string) error { return h.store.DeleteFollow(r.Context(), id) })
}

func (h *Handler) followChange(w http.ResponseWriter, r *http.Request, change func(id string) error) {
	if err := change(r.PathValue("id")); err != nil {
		h.fail(w, r, err)
		return
	}
	http.Redirect(w, r, "/following", http.StatusSeeOther)
}
