// Package auth is Storyline's accounts: password hashing, sessions,
// personal API tokens, feed tokens, sign-in rate limiting, and the
// middleware that finds who sent a request, puts the user in its context
// and turns away requests that need a user and have none.
//
// Passwords are hashed with argon2id (golang.org/x/crypto/argon2) rather
// than bcrypt: it is the Password Hashing Competition's winner and RFC
// 9106's recommendation, its memory cost makes GPU guessing expensive
// where bcrypt's 4 KiB does not, it has no 72-byte truncation, and every
// hash carries its own parameters, so they can be raised later. To keep
// a sign-in flood from exhausting memory, at most a few hashes are
// computed at once, and failed sign-ins are rate limited per client
// address and per user name.
//
// Sessions are server-side: the browser holds a random token in an
// HttpOnly cookie, the store holds only its SHA-256, so a copy of the
// database signs nobody in and signing out ends the session for good.
// The cookie is SameSite=Lax, not Strict: with Strict, following a link
// to a story from a feed reader, a mail or another site would arrive
// without the cookie and land on the sign-in page; Lax still withholds it
// from cross-site POSTs, and every write is a POST or DELETE (and the
// server checks their origin besides).
package auth

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"regexp"
	"strings"
	"time"

	"github.com/storyline-news/storyline/internal/store"
)

// Options configures a Service.
type Options struct {
	Store store.Accounts
	// Public lets anyone who can reach the server read; writes still need
	// a signed-in user.
	Public bool
	// SecureCookies marks the session cookie Secure even on a request
	// that arrived over plain HTTP, for a server behind a proxy that ends
	// TLS (set it when the public URL is https). A request over TLS gets
	// a Secure cookie regardless.
	SecureCookies bool
	// SessionTTL is how long a session lasts unused (30 days when 0);
	// every use moves its end that far ahead again.
	SessionTTL time.Duration
	Logger     *slog.Logger
	Now        func() time.Time // the clock; time.Now when nil
}

// Service signs users in and out and authenticates requests.
type Service struct {
	store   store.Accounts
	public  bool
	secure  bool
	ttl     time.Duration
	log     *slog.Logger
	now     func() time.Time
	limiter *Limiter
	hashing chan struct{} // bounds concurrent password hashes
}

// DefaultSessionTTL is how long an unused session lasts.
const DefaultSessionTTL = 30 * 24 * time.Hour

// concurrentHashes is how many password hashes may run at once: each
// takes DefaultParams.Memory.
const concurrentHashes = 4

// New returns the service over o.Store.
func New(o Options) *Service {
	s := &Service{store: o.Store, public: o.Public, secure: o.SecureCookies, ttl: o.SessionTTL,
		log: o.Logger, now: o.Now, limiter: NewLimiter(), hashing: make(chan struct{}, concurrentHashes)}
	if s.ttl <= 0 {
		s.ttl = DefaultSessionTTL
	}
	if s.log == nil {
		s.log = slog.Default()
	}
	if s.now == nil {
		s.now = time.Now
	}
	s.limiter.Now = s.now
	return s
}

// Public reports whether anyone may read without signing in.
func (s *Service) Public() bool { return s.public }

// Limiter returns the sign-in limiter, for tests that tune it.
func (s *Service) Limiter() *Limiter { return s.limiter }

type ctxKey struct{}

// WithUser returns ctx carrying u as the signed-in user.
func WithUser(ctx context.Context, u store.User) context.Context {
	return context.WithValue(ctx, ctxKey{}, u)
}

// UserFrom returns the signed-in user the middleware put in ctx.
func UserFrom(ctx context.Context) (store.User, bool) {
	u, ok := ctx.Value(ctxKey{}).(store.User)
	return u, ok
}

// IsAdmin reports whether ctx carries a signed-in admin.
func IsAdmin(ctx context.Context) bool {
	u, ok := UserFrom(ctx)
	return ok && u.Admin
}

// nameRE is what a user name may be: letters, digits and . _ - @, from
// one to 64 of them, so names are safe in URLs, logs and command lines.
var nameRE = regexp.MustCompile(`^[\p{L}\p{N}._@-]{1,64}$`)

// ErrUserName is returned for a name a user cannot have.
var ErrUserName = errors.New("auth: unusable user name")

// CheckUserName reports why name cannot be a user's name, or nil.
func CheckUserName(name string) error {
	if !nameRE.MatchString(name) {
		return fmt.Errorf("%w: %q: use 1 to 64 letters, digits, '.', '_', '-' or '@'", ErrUserName, name)
	}
	return nil
}

// AddUser checks name and password, hashes the password and stores the
// user with a fresh feed token.
func (s *Service) AddUser(ctx context.Context, name, password string, admin bool) (store.User, error) {
	if err := CheckUserName(name); err != nil {
		return store.User{}, err
	}
	hash, err := s.hash(ctx, password)
	if err != nil {
		return store.User{}, err
	}
	return s.store.AddUser(ctx, name, hash, NewSecret(FeedPrefix), admin)
}

// SetPassword checks and hashes password and makes it name's, which ends
// every session of theirs.
func (s *Service) SetPassword(ctx context.Context, name, password string) error {
	u, err := s.store.UserByName(ctx, name)
	if err != nil {
		return err
	}
	hash, err := s.hash(ctx, password)
	if err != nil {
		return err
	}
	return s.store.SetPassword(ctx, u.ID, hash)
}

func (s *Service) hash(ctx context.Context, password string) (string, error) {
	if err := CheckPasswordRules(password); err != nil {
		return "", err
	}
	if err := s.acquire(ctx); err != nil {
		return "", err
	}
	defer s.release()
	return HashPassword(password)
}

func (s *Service) acquire(ctx context.Context) error {
	select {
	case s.hashing <- struct{}{}:
		return nil
	case <-ctx.Done():
		return ctx.Err()
	}
}

func (s *Service) release() { <-s.hashing }

// CreateAPIToken makes a personal API token for userID and returns the
// secret, which is shown once and never stored, with the token's record.
func (s *Service) CreateAPIToken(ctx context.Context, userID, label string) (string, store.APIToken, error) {
	label = strings.TrimSpace(label)
	if len(label) > 100 {
		return "", store.APIToken{}, fmt.Errorf("%w: a token's label is at most 100 bytes", store.ErrInvalid)
	}
	if strings.IndexFunc(label, isControl) >= 0 {
		return "", store.APIToken{}, fmt.Errorf("%w: a token's label holds a control character", store.ErrInvalid)
	}
	secret := NewSecret(TokenPrefix)
	t, err := s.store.CreateAPIToken(ctx, store.APIToken{UserID: userID, Label: label}, HashSecret(secret))
	if err != nil {
		return "", t, err
	}
	return secret, t, nil
}

func isControl(r rune) bool { return r < 0x20 || r == 0x7f }

// ResetFeedToken gives userID a new feed token; the old feed URLs stop
// working.
func (s *Service) ResetFeedToken(ctx context.Context, userID string) (string, error) {
	tok := NewSecret(FeedPrefix)
	return tok, s.store.SetFeedToken(ctx, userID, tok)
}

// HasUsers reports whether anyone can sign in at all.
func (s *Service) HasUsers(ctx context.Context) (bool, error) {
	n, err := s.store.CountUsers(ctx)
	return n > 0, err
}
