package web

import (
	"net/http"

	"github.com/storyline-news/storyline/internal/store"
)

type accountData struct {
	User      store.User
	Tokens    []store.APIToken
	NewToken  string // a token just made, shown this once
	FeedToken string
}

// account shows who is signed in, their API tokens and their feed token.
func (h *Handler) account(w http.ResponseWriter, r *http.Request) {
	h.renderAccount(w, r, "")
}

func (h *Handler) renderAccount(w http.ResponseWriter, r *http.Request, newToken string) {
	u, ok := h.needUser(w, r)
	if !ok {
		return
	}
	ts, err := h.store.APITokens(r.Context(), u.ID)
	if err != nil {
		h.fail(w, r, err)
		return
	}
	w.Header().Set("Cache-Control", "no-store")
	status := http.StatusOK
	if newToken != "" {
		status = http.StatusCreated
	}
	h.render(w, r, status, "account", page{Title: "Your account", Nav: "account",
		Data: accountData{User: u, Tokens: ts, NewToken: newToken, FeedToken: u.FeedToken}})
}

// tokenCreate makes a personal API token and shows it once.
func (h *Handler) tokenCreate(w http.ResponseWriter, r *http.Request) {
	u, ok := h.needUser(w, r)
	if !ok {
		return
	}
	secret, _, err := h.auth.CreateAPIToken(r.Context(), u.ID, r.FormValue("label"))
	if err != nil {
		h.fail(w, r, err)
		return
	}
	h.renderAccount(w, r, secret)
}

// tokenRevoke revokes one of the user's tokens.
func (h *Handler) tokenRevoke(w http.ResponseWriter, r *http.Request) {
	u, ok := h.needUser(w, r)
	if !ok {
		return
	}
	if err := h.store.RevokeAPIToken(r.Context(), u.ID, r.PathValue("id")); err != nil {
		h.fail(w, r, err)
		return
	}
	http.Redirect(w, r, "/account", http.StatusSeeOther)
}

// feedTokenReset gives the user a new feed token.
func (h *Handler) feedTokenReset(w http.ResponseWriter, r *http.Request) {
	u, ok := h.needUser(w, r)
	if !ok {
		return
	}
	if _, err := h.auth.ResetFeedToken(r.Context(), u.ID); err != nil {
		h.fail(w, r, err)
		return
	}
	http.Redirect(w, r, "/account", http.StatusSeeOther)
}
