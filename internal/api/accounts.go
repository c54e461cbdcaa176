package api

import (
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"time"

	"github.com/storyline-news/storyline/internal/auth"
	"github.com/storyline-news/storyline/internal/store"
)

// RegisterAccounts mounts the endpoints of the signed-in user (who they
// are, their API tokens, "For you") and the admin's list of users.
func (h *Handler) RegisterAccounts(mux *http.ServeMux, a *auth.Service) {
	h.auth = a
	mux.HandleFunc("GET "+Prefix+"/me", h.me)
	mux.HandleFunc("GET "+Prefix+"/foryou", h.forYou)
	mux.HandleFunc("GET "+Prefix+"/tokens", h.tokens)
	mux.HandleFunc("POST "+Prefix+"/tokens", h.tokenCreate)
	mux.HandleFunc("DELETE "+Prefix+"/tokens/{id}", h.tokenRevoke)
	mux.Handle("GET "+Prefix+"/users", auth.RequireAdmin(http.HandlerFunc(h.users)))
}

// needUser returns the signed-in user, or answers 401 and reports false.
// (On a public server reading needs no user, but a user's own things do.)
func needUser(w http.ResponseWriter, r *http.Request) (store.User, bool) {
	u, ok := auth.UserFrom(r.Context())
	if !ok {
		w.Header().Set("WWW-Authenticate", `Bearer realm="storyline"`)
		writeError(w, http.StatusUnauthorized, "sign-in required: send Authorization: Bearer TOKEN with a personal API token")
	}
	return u, ok
}

// Token is an API token as the API shows it: never its secret, which
// only the response that creates it carries.
type Token struct {
	ID       string     `json:"id"`
	Label    string     `json:"label"`
	Created  time.Time  `json:"created"`
	LastUsed *time.Time `json:"last_used"` // null when never used
	Revoked  *time.Time `json:"revoked"`   // null while the token works
}

func tokenOf(t store.APIToken) Token {
	out := Token{ID: t.ID, Label: t.Label, Created: t.Created}
	if !t.LastUsed.IsZero() {
		out.LastUsed = &t.LastUsed
	}
	if !t.Revoked.IsZero() {
		out.Revoked = &t.Revoked
	}
	return out
}

// NewToken is the body of a 201 from POST /tokens: the token and, this
// once, its secret.
type NewToken struct {
	Token
	Secret string `json:"token"`
}

// TokenList is the body of GET /tokens.
type TokenList struct {
	Tokens []Token `json:"tokens"`
}

// TokenRequest is the body of POST /tokens.
type TokenRequest struct {
	Label string `json:"label"`
}

func (h *Handler) me(w http.ResponseWriter, r *http.Request) {
	u, ok := needUser(w, r)
	if !ok {
		return
	}
	writeJSON(w, http.StatusOK, u)
}

func (h *Handler) tokens(w http.ResponseWriter, r *http.Request) {
	u, ok := needUser(w, r)
	if !ok {
		return
	}
	ts, err := h.store.APITokens(r.Context(), u.ID)
	if err != nil {
		h.fail(w, r, err)
		return
	}
	out := TokenList{Tokens: []Token{}}
	for _, t := range ts {
		out.Tokens = append(out.Tokens, tokenOf(t))
	}
	writeJSON(w, http.StatusOK, out)
}

func (h *Handler) tokenCreate(w http.ResponseWriter, r *http.Request) {
	u, ok := needUser(w, r)
	if !ok {
		return
	}
	var req TokenRequest
	dec := json.NewDecoder(io.LimitReader(r.Body, 8<<10))
	dec.DisallowUnknownFields()
	if err := dec.Decode(&req); err != nil {
		writeError(w, http.StatusBadRequest, fmt.Sprintf("the body must be JSON like {\"label\": \"nightly export\"}: %v", err))
		return
	}
	secret, t, err := h.auth.CreateAPIToken(r.Context(), u.ID, req.Label)
	if err != nil {
		h.fail(w, r, err)
		return
	}
	w.Header().Set("Cache-Control", "no-store")
	w.Header().Set("Location", Prefix+"/tokens/"+t.ID)
	writeJSON(w, http.StatusCreated, NewToken{Token: tokenOf(t), Secret: secret})
}

func (h *Handler) tokenRevoke(w http.ResponseWriter, r *http.Request) {
	u, ok := needUser(w, r)
	if !ok {
		return
	}
	if err := h.store.RevokeAPIToken(r.Context(), u.ID, r.PathValue("id")); err != nil {
		h.fail(w, r, err)
		return
	}
	w.WriteHeader(http.StatusNoContent)
}

// ForYou is the body of GET /foryou.
type ForYou struct {
	Follows []store.Follow `json:"follows"`
	Unread  int            `json:"unread"`
	Items   []ForYouItem   `json:"items"`
}

// ForYouItem is one unread article with the follows it matched.
type ForYouItem struct {
	Hit
	Because []store.FollowRef `json:"because"`
}

func (h *Handler) forYou(w http.ResponseWriter, r *http.Request) {
	u, ok := needUser(w, r)
	if !ok {
		return
	}
	limit, err := store.IntParam(r.URL.Query(), "limit", 50, 1, store.MaxLimit)
	if err != nil {
		h.fail(w, r, err)
		return
	}
	fy, err := store.NewForYou(r.Context(), h.store, u.ID, limit)
	if err != nil {
		h.fail(w, r, err)
		return
	}
	out := ForYou{Follows: fy.Follows, Unread: fy.Unread, Items: []ForYouItem{}}
	for _, it := range fy.Items {
		out.Items = append(out.Items, ForYouItem{Hit: hits([]store.SearchHit{it.SearchHit})[0], Because: it.Because})
	}
	writeJSON(w, http.StatusOK, out)
}

// UserList is the body of GET /users.
type UserList struct {
	Users []store.User `json:"users"`
}

func (h *Handler) users(w http.ResponseWriter, r *http.Request) {
	us, err := h.store.Users(r.Context())
	if err != nil {
		h.fail(w, r, err)
		return
	}
	writeJSON(w, http.StatusOK, UserList{nonNil(us)})
}
