// Package authtest makes signed-in users for tests of the packages that
// serve them: a real user in a real store, with a real API token and
// session, made through internal/auth as a person's would be.
package authtest

import (
	"context"
	"net/http"
	"net/http/httptest"
	"testing"

	"github.com/storyline-news/storyline/internal/auth"
	"github.com/storyline-news/storyline/internal/store"
)

// Password is the password of every user this package makes.
const Password = "correct horse battery staple"

// Signed is a user with an API token and a session cookie.
type Signed struct {
	store.User
	Token  string       // a personal API token: Authorization: Bearer Token
	Cookie *http.Cookie // the session cookie of a browser that signed in
}

// User adds a user called name to st and signs them in twice over: an
// API token and a session started by a real sign-in.
func User(t testing.TB, st store.Accounts, name string, admin bool) Signed {
	t.Helper()
	ctx := context.Background()
	a := auth.New(auth.Options{Store: st})
	u, err := a.AddUser(ctx, name, Password, admin)
	if err != nil {
		t.Fatalf("authtest: add user %s: %v", name, err)
	}
	tok, _, err := a.CreateAPIToken(ctx, u.ID, "test")
	if err != nil {
		t.Fatalf("authtest: token for %s: %v", name, err)
	}
	rec := httptest.NewRecorder()
	req := httptest.NewRequest(http.MethodPost, "/signin", nil)
	if _, err := a.SignIn(rec, req, name, Password); err != nil {
		t.Fatalf("authtest: sign in %s: %v", name, err)
	}
	var cookie *http.Cookie
	for _, c := range rec.Result().Cookies() {
		if c.Name == auth.CookieName {
			cookie = c
		}
	}
	if cookie == nil {
		t.Fatalf("authtest: signing in %s set no session cookie", name)
	}
	return Signed{User: u, Token: tok, Cookie: cookie}
}

// Authorize adds the user's API token to req.
func (s Signed) Authorize(req *http.Request) {
	req.Header.Set("Authorization", "Bearer "+s.Token)
}
