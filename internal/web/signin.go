package web

import (
	"errors"
	"net/http"

	"github.com/storyline-news/storyline/internal/auth"
)

// RegisterAccounts mounts sign-in, sign-out, "For you" and the account
// page, which use a for signing in and making tokens.
func (h *Handler) RegisterAccounts(mux *http.ServeMux, a *auth.Service) {
	h.auth = a
	mux.HandleFunc("GET /signin", h.signinForm)
	mux.HandleFunc("POST /signin", h.signin)
	mux.HandleFunc("POST /signout", h.signout)
	mux.HandleFunc("GET /foryou", h.forYou)
	mux.HandleFunc("POST /foryou/seen", h.forYouSeen)
	mux.HandleFunc("GET /account", h.account)
	mux.HandleFunc("POST /account/tokens", h.tokenCreate)
	mux.HandleFunc("POST /account/tokens/{id}/revoke", h.tokenRevoke)
	mux.HandleFunc("POST /account/feed-token", h.feedTokenReset)
}

type signinData struct {
	Name    string
	Next    string
	Error   string
	NoUsers bool // nobody can sign in yet: the operator must add a user
}

// signinForm shows the sign-in form; a signed-in user goes on to next.
func (h *Handler) signinForm(w http.ResponseWriter, r *http.Request) {
	next := auth.LocalPath(r.URL.Query().Get("next"))
	if _, ok := auth.UserFrom(r.Context()); ok {
		http.Redirect(w, r, next, http.StatusSeeOther)
		return
	}
	h.renderSignin(w, r, http.StatusOK, signinData{Next: next})
}

func (h *Handler) renderSignin(w http.ResponseWriter, r *http.Request, status int, d signinData) {
	has, err := h.auth.HasUsers(r.Context())
	if err != nil {
		h.fail(w, r, err)
		return
	}
	d.NoUsers = !has
	w.Header().Set("Cache-Control", "no-store")
	h.render(w, r, status, "signin", page{Title: "Sign in", Nav: "signin", Next: d.Next, Data: d})
}

// signin checks the form's name and password and starts a session.
func (h *Handler) signin(w http.ResponseWriter, r *http.Request) {
	if err := r.ParseForm(); err != nil {
		h.badRequest(w, r, "The form could not be read.")
		return
	}
	d := signinData{Name: r.PostForm.Get("name"), Next: auth.LocalPath(r.PostForm.Get("next"))}
	_, err := h.auth.SignIn(w, r, d.Name, r.PostForm.Get("password"))
	var limited *auth.RateLimitedError
	switch {
	case err == nil:
		http.Redirect(w, r, d.Next, http.StatusSeeOther)
	case errors.Is(err, auth.ErrBadCredentials):
		d.Error = "Wrong user name or password."
		h.renderSignin(w, r, http.StatusUnauthorized, d)
	case errors.As(err, &limited):
		w.Header().Set("Retry-After", limited.RetryAfterSeconds())
		d.Error = "Too many failed sign-ins. Wait " + limited.RetryAfterSeconds() + " seconds and try again."
		h.renderSignin(w, r, http.StatusTooManyRequests, d)
	default:
		h.fail(w, r, err)
	}
}

// signout ends the session and returns to the front page.
func (h *Handler) signout(w http.ResponseWriter, r *http.Request) {
	if err := h.auth.SignOut(w, r); err != nil {
		h.fail(w, r, err)
		return
	}
	http.Redirect(w, r, "/", http.StatusSeeOther)
}
