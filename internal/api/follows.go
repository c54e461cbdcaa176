package api

import (
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"time"

	"github.com/storyline-news/storyline/internal/store"
)

// FollowList is the body of GET /follows.
type FollowList struct {
	Follows []store.Follow `json:"follows"`
}

// FollowDetail is the body of GET /follows/{id}: the follow and its latest
// matches, each marked new when it arrived after the follow was last seen.
type FollowDetail struct {
	store.Follow
	Matches []Match `json:"matches"`
}

// Match is a follow's match.
type Match struct {
	Hit
	New bool `json:"new"`
}

// FollowRequest is the body of POST /follows.
type FollowRequest struct {
	Kind   string `json:"kind"`   // search, entity or story
	Target string `json:"target"` // search text, entity ID or story ID
	Label  string `json:"label"`
}

func (h *Handler) follows(w http.ResponseWriter, r *http.Request) {
	u, ok := needUser(w, r)
	if !ok {
		return
	}
	fs, err := h.store.Follows(r.Context(), u.ID)
	if err != nil {
		h.fail(w, r, err)
		return
	}
	writeJSON(w, http.StatusOK, FollowList{nonNil(fs)})
}

func (h *Handler) followAdd(w http.ResponseWriter, r *http.Request) {
	u, ok := needUser(w, r)
	if !ok {
		return
	}
	var req FollowRequest
	dec := json.NewDecoder(io.LimitReader(r.Body, 64<<10))
	dec.DisallowUnknownFields()
	if err := dec.Decode(&req); err != nil {
		writeError(w, http.StatusBadRequest, fmt.Sprintf("the body must be JSON like {\"kind\": \"search\", \"target\": \"bridge\"}: %v", err))
		return
	}
	if req.Kind == store.FollowEntity {
		if _, err := h.store.Entity(r.Context(), req.Target); errors.Is(err, store.ErrNotFound) {
			writeError(w, http.StatusBadRequest, "no entity with ID "+req.Target)
			return
		} else if err != nil {
			h.fail(w, r, err)
			return
		}
	}
	f, err := h.store.AddFollow(r.Context(), store.Follow{User: u.ID, Kind: req.Kind, Target: req.Target, Label: req.Label})
	if err != nil {
		h.fail(w, r, err)
		return
	}
	w.Header().Set("Location", Prefix+"/follows/"+f.ID)
	writeJSON(w, http.StatusCreated, f)
}

func (h *Handler) followShow(w http.ResponseWriter, r *http.Request) {
	u, ok := needUser(w, r)
	if !ok {
		return
	}
	limit, err := store.IntParam(r.URL.Query(), "limit", 20, 1, store.MaxLimit)
	if err != nil {
		h.fail(w, r, err)
		return
	}
	f, err := h.store.Follow(r.Context(), u.ID, r.PathValue("id"))
	if err != nil {
		h.fail(w, r, err)
		return
	}
	ms, err := h.store.FollowMatches(r.Context(), u.ID, f.ID, limit)
	if err != nil {
		h.fail(w, r, err)
		return
	}
	d := FollowDetail{Follow: f, Matches: []Match{}}
	for i, hit := range hits(ms) {
		d.Matches = append(d.Matches, Match{Hit: hit, New: ms[i].Ingested.After(f.Seen)})
	}
	writeJSON(w, http.StatusOK, d)
}

func (h *Handler) followSeen(w http.ResponseWriter, r *http.Request) {
	u, ok := needUser(w, r)
	if !ok {
		return
	}
	id := r.PathValue("id")
	if err := h.store.MarkFollowSeen(r.Context(), u.ID, id, time.Now()); err != nil {
		h.fail(w, r, err)
		return
	}
	f, err := h.store.Follow(r.Context(), u.ID, id)
	if err != nil {
		h.fail(w, r, err)
		return
	}
	writeJSON(w, http.StatusOK, f)
}

func (h *Handler) followDelete(w http.ResponseWriter, r *http.Request) {
	u, ok := needUser(w, r)
	if !ok {
		return
	}
	if err := h.store.DeleteFollow(r.Context(), u.ID, r.PathValue("id")); err != nil {
		h.fail(w, r, err)
		return
	}
	w.WriteHeader(http.StatusNoContent)
}
