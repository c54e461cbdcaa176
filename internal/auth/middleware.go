package auth

import (
	"encoding/json"
	"errors"
	"net/http"
	"net/url"
	"strings"
	"time"

	"github.com/storyline-news/storyline/internal/store"
)

// touchEvery is how stale a session's last use may be before a request
// records the new one and slides its expiry: one write an hour at most,
// not one a request.
const touchEvery = time.Hour

// Middleware finds the request's user — from an Authorization: Bearer API
// token, the session cookie, or on a feed a ?token= feed token — and puts
// it in the request's context, then lets the request through if it may
// go on without one:
//
//   - /signin, /healthz, static assets and the OpenAPI document are open
//     to all;
//   - reading (GET, HEAD) needs a user unless the server is public;
//   - every other method needs a user, public or not.
//
// A request turned away gets, under /api/, 401 with a JSON error and
// WWW-Authenticate: Bearer; on a feed, 401 with WWW-Authenticate; on a
// page, a redirect to /signin?next=PATH. A Bearer token or feed token
// that is wrong is refused outright rather than treated as no user, so a
// script with a revoked token hears about it.
func (s *Service) Middleware(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		u, ok, err := s.authenticate(w, r)
		if err != nil {
			if errors.Is(err, errBadToken) {
				unauthorized(w, r, "the token is not valid (revoked, mistyped or expired)")
				return
			}
			s.log.Error("authenticate request", "path", r.URL.Path, "error", err)
			http.Error(w, "Internal server error", http.StatusInternalServerError)
			return
		}
		if ok {
			r = r.WithContext(WithUser(r.Context(), u))
		}
		if ok || open(r) || (s.public && reading(r)) {
			next.ServeHTTP(w, r)
			return
		}
		s.refuse(w, r)
	})
}

// Identify puts the request's user, if its credentials name one, in its
// context and lets every request through: for answers that show who is
// signed in but hold nothing that needs signing in (the page for an
// unknown address). Credentials that are wrong are no user here.
func (s *Service) Identify(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if u, ok, err := s.authenticate(w, r); err == nil && ok {
			r = r.WithContext(WithUser(r.Context(), u))
		}
		next.ServeHTTP(w, r)
	})
}

var errBadToken = errors.New("auth: bad token")

// authenticate finds the request's user, if it names one.
func (s *Service) authenticate(w http.ResponseWriter, r *http.Request) (store.User, bool, error) {
	ctx := r.Context()
	if h := r.Header.Get("Authorization"); h != "" {
		scheme, tok, _ := strings.Cut(h, " ")
		if !strings.EqualFold(scheme, "Bearer") || strings.TrimSpace(tok) == "" {
			return store.User{}, false, errBadToken
		}
		t, u, err := s.store.APITokenUser(ctx, HashSecret(strings.TrimSpace(tok)))
		if errors.Is(err, store.ErrNotFound) {
			return u, false, errBadToken
		}
		if err != nil {
			return u, false, err
		}
		if now := s.now(); now.Sub(t.LastUsed) > time.Minute {
			if err := s.store.TouchAPIToken(ctx, t.ID, now); err != nil {
				s.log.Warn("record API token use", "error", err)
			}
		}
		return u, true, nil
	}
	if c, err := r.Cookie(CookieName); err == nil && c.Value != "" {
		u, ok, err := s.session(w, r, c.Value)
		if ok || err != nil {
			return u, ok, err
		}
	}
	if strings.HasPrefix(r.URL.Path, "/feeds/") && reading(r) {
		if tok := r.URL.Query().Get("token"); tok != "" {
			u, err := s.store.UserByFeedToken(ctx, tok)
			if errors.Is(err, store.ErrNotFound) {
				return u, false, errBadToken
			}
			return u, err == nil, err
		}
	}
	return store.User{}, false, nil
}

// session returns the user of a live session and slides its expiry; a
// session that is unknown or expired is no user, and its cookie is
// cleared.
func (s *Service) session(w http.ResponseWriter, r *http.Request, secret string) (store.User, bool, error) {
	hash := HashSecret(secret)
	now := s.now().UTC()
	ss, u, err := s.store.SessionUser(r.Context(), hash, now)
	if errors.Is(err, store.ErrNotFound) {
		s.setCookie(w, r, "", time.Time{})
		return u, false, nil
	}
	if err != nil {
		return u, false, err
	}
	if now.Sub(ss.LastSeen) >= touchEvery {
		expires := now.Add(s.ttl)
		if err := s.store.TouchSession(r.Context(), hash, now, expires); err != nil {
			s.log.Warn("slide session expiry", "error", err)
		} else {
			s.setCookie(w, r, secret, expires)
		}
	}
	return u, true, nil
}

func reading(r *http.Request) bool { return r.Method == http.MethodGet || r.Method == http.MethodHead }

// open reports whether r needs no user in any mode.
func open(r *http.Request) bool {
	p := r.URL.Path
	switch {
	case p == "/signin":
		return true
	case p == "/signout" && r.Method == http.MethodPost:
		return true // signing out without a session just clears the cookie
	case !reading(r):
		return false
	}
	return p == "/healthz" || p == "/favicon.ico" || p == "/api/v1/openapi.json" || strings.HasPrefix(p, "/static/")
}

// refuse answers a request that needs a user and has none.
func (s *Service) refuse(w http.ResponseWriter, r *http.Request) {
	p := r.URL.Path
	if strings.HasPrefix(p, "/api/") || strings.HasPrefix(p, "/feeds/") {
		unauthorized(w, r, "sign-in required: send Authorization: Bearer TOKEN with a personal API token")
		return
	}
	next := r.URL.RequestURI()
	if !reading(r) {
		// A form posted without a session: after signing in, go back to
		// the page it came from, if that was ours.
		next = "/"
		if ref, err := url.Parse(r.Referer()); err == nil && ref.Host == r.Host {
			next = LocalPath(ref.RequestURI())
		}
	}
	http.Redirect(w, r, "/signin?next="+url.QueryEscape(LocalPath(next)), http.StatusSeeOther)
}

// unauthorized answers 401 with a Bearer challenge: JSON under /api/,
// plain text elsewhere.
func unauthorized(w http.ResponseWriter, r *http.Request, msg string) {
	w.Header().Set("WWW-Authenticate", `Bearer realm="storyline"`)
	w.Header().Set("Cache-Control", "no-store")
	if strings.HasPrefix(r.URL.Path, "/api/") {
		writeJSONError(w, http.StatusUnauthorized, msg)
		return
	}
	http.Error(w, "Unauthorized: "+msg, http.StatusUnauthorized)
}

// RequireAdmin lets through only requests from a signed-in admin: others
// get 403 (401 when not signed in at all), JSON under /api/.
func RequireAdmin(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		u, ok := UserFrom(r.Context())
		switch {
		case !ok:
			unauthorized(w, r, "sign-in required")
		case !u.Admin:
			if strings.HasPrefix(r.URL.Path, "/api/") {
				writeJSONError(w, http.StatusForbidden, "only an admin may do this")
				return
			}
			http.Error(w, "Forbidden: only an admin may do this", http.StatusForbidden)
		default:
			next.ServeHTTP(w, r)
		}
	})
}

// writeJSONError writes the API's error body, {"error": msg}.
func writeJSONError(w http.ResponseWriter, status int, msg string) {
	b, _ := json.Marshal(map[string]string{"error": msg})
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(status)
	w.Write(append(b, '\n'))
}
