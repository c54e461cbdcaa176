package auth

import (
	"context"
	"errors"
	"fmt"
	"net"
	"net/http"
	"strings"
	"time"

	"github.com/storyline-news/storyline/internal/store"
)

// CookieName is the session cookie's name.
const CookieName = "storyline_session"

// ErrBadCredentials is returned when the name or the password is wrong; it
// does not say which.
var ErrBadCredentials = errors.New("auth: wrong user name or password")

// RateLimitedError is returned when too many sign-ins failed for the
// client or the name; RetryAfter says when to try again.
type RateLimitedError struct{ RetryAfter time.Duration }

func (e *RateLimitedError) Error() string {
	return fmt.Sprintf("auth: too many failed sign-ins; try again in %s", e.RetryAfter.Round(time.Second))
}

// RetryAfterSeconds is RetryAfter as a Retry-After header value.
func (e *RateLimitedError) RetryAfterSeconds() string {
	return fmt.Sprint(int((e.RetryAfter + time.Second - 1) / time.Second))
}

// clientKey is the rate-limit key of the client's address. Only the
// connection's address is used: X-Forwarded-For is anyone's to write.
func clientKey(r *http.Request) string {
	host, _, err := net.SplitHostPort(r.RemoteAddr)
	if err != nil {
		host = r.RemoteAddr
	}
	return "ip:" + host
}

func nameKey(name string) string { return "name:" + strings.ToLower(strings.TrimSpace(name)) }

// dummyHash is checked against when the name is unknown, so that an
// unknown name takes as long to refuse as a wrong password.
var dummyHash = hashWith("not anyone's password", DefaultParams)

// SignIn checks name and password and, when they match, starts a session
// and sets its cookie on w. It returns ErrBadCredentials when they do not
// match and a *RateLimitedError, without checking, when the client or the
// name has failed too often lately.
func (s *Service) SignIn(w http.ResponseWriter, r *http.Request, name, password string) (store.User, error) {
	ctx := r.Context()
	ip, nk := clientKey(r), nameKey(name)
	if d := max(s.limiter.Wait(ip), s.limiter.Wait(nk)); d > 0 {
		return store.User{}, &RateLimitedError{RetryAfter: d}
	}
	u, err := s.check(ctx, name, password)
	if errors.Is(err, ErrBadCredentials) {
		s.limiter.Fail(ip)
		s.limiter.Fail(nk)
		s.log.Info("sign-in failed", "name", name, "client", ip)
		return u, err
	}
	if err != nil {
		return u, err
	}
	s.limiter.Reset(nk)
	if err := s.startSession(ctx, w, r, u); err != nil {
		return u, err
	}
	return u, nil
}

// check returns the user whose name and password these are.
func (s *Service) check(ctx context.Context, name, password string) (store.User, error) {
	if len(password) > MaxPassword || len(name) > 256 {
		return store.User{}, ErrBadCredentials
	}
	u, err := s.store.UserByName(ctx, name)
	hash := u.PasswordHash
	if errors.Is(err, store.ErrNotFound) {
		hash = dummyHash
	} else if err != nil {
		return u, err
	}
	if err := s.acquire(ctx); err != nil {
		return u, err
	}
	ok, herr := CheckPassword(hash, password)
	s.release()
	if herr != nil {
		return u, fmt.Errorf("auth: user %s: %w", u.Name, herr)
	}
	if !ok || err != nil {
		return store.User{}, ErrBadCredentials
	}
	return u, nil
}

func (s *Service) startSession(ctx context.Context, w http.ResponseWriter, r *http.Request, u store.User) error {
	secret := NewSecret("")
	now := s.now().UTC()
	ss := store.Session{TokenHash: HashSecret(secret), UserID: u.ID, Created: now, Expires: now.Add(s.ttl), LastSeen: now}
	if err := s.store.CreateSession(ctx, ss); err != nil {
		return err
	}
	s.setCookie(w, r, secret, ss.Expires)
	return nil
}

func (s *Service) setCookie(w http.ResponseWriter, r *http.Request, value string, expires time.Time) {
	c := &http.Cookie{
		Name:     CookieName,
		Value:    value,
		Path:     "/",
		HttpOnly: true,
		Secure:   s.secure || r.TLS != nil,
		SameSite: http.SameSiteLaxMode,
	}
	if value == "" {
		c.MaxAge = -1
	} else {
		c.Expires = expires
		c.MaxAge = int(expires.Sub(s.now()).Seconds())
	}
	http.SetCookie(w, c)
}

// SignOut ends the request's session, if any, and clears its cookie.
func (s *Service) SignOut(w http.ResponseWriter, r *http.Request) error {
	c, err := r.Cookie(CookieName)
	if err == nil && c.Value != "" {
		if err := s.store.DeleteSession(r.Context(), HashSecret(c.Value)); err != nil {
			return err
		}
	}
	s.setCookie(w, r, "", time.Time{})
	return nil
}

// LocalPath returns next when it is a path on this site ("/stories/s1?x"),
// and "/" otherwise: a sign-in page must not send anyone elsewhere
// ("//evil.example", "https://…", "/\\evil.example").
func LocalPath(next string) string {
	if next == "" || next[0] != '/' || strings.HasPrefix(next, "//") || strings.HasPrefix(next, "/\\") ||
		strings.IndexFunc(next, func(r rune) bool { return r < 0x20 || r == 0x7f || r == '\\' }) >= 0 || len(next) > 2000 {
		return "/"
	}
	return next
}
