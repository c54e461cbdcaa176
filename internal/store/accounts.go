package store

import (
	"context"
	"errors"
	"time"
)

// ErrExists is returned when a thing cannot be added because one with the
// same unique name is stored already (a user name).
var ErrExists = errors.New("store: already exists")

// User is someone who can sign in. The first user is an admin; admins
// manage users and, later, live sources.
type User struct {
	ID      string    `json:"id"`
	Name    string    `json:"name"`
	Admin   bool      `json:"admin"`
	Created time.Time `json:"created"`
	// PasswordHash is the encoded password hash (internal/auth); never
	// sent to a client.
	PasswordHash string `json:"-"`
	// FeedToken lets a feed reader fetch this user's Atom feeds with
	// ?token=…; it grants nothing else. Never sent in JSON.
	FeedToken string `json:"-"`
}

// Session is a signed-in browser. The client holds a random token; the
// store holds only its SHA-256 (TokenHash).
type Session struct {
	TokenHash string
	UserID    string
	Created   time.Time
	Expires   time.Time
	LastSeen  time.Time
}

// APIToken is a personal API token. The client holds the token, shown once
// when it is made; the store holds only its SHA-256.
type APIToken struct {
	ID       string    `json:"id"`
	UserID   string    `json:"-"`
	Label    string    `json:"label"`
	Created  time.Time `json:"created"`
	LastUsed time.Time `json:"last_used"` // zero when never used
	Revoked  time.Time `json:"revoked"`   // zero while the token works
}

// Accounts keeps users, their sessions and their API tokens. Token and
// session lookups take the SHA-256 hash of the secret, hex-encoded, never
// the secret itself. Lookups of something absent, expired or revoked
// return an error wrapping ErrNotFound.
type Accounts interface {
	// AddUser stores a new user with an encoded password hash and a feed
	// token and returns it with its ID. A name taken already (compared
	// without regard to case) is an error wrapping ErrExists; an empty
	// name, hash or feed token one wrapping ErrInvalid. The first user
	// ever added adopts the follows made before there were accounts.
	AddUser(ctx context.Context, name, passwordHash, feedToken string, admin bool) (User, error)
	// User returns the user with the given ID.
	User(ctx context.Context, id string) (User, error)
	// UserByName returns the user with the given name, in any case.
	UserByName(ctx context.Context, name string) (User, error)
	// UserByFeedToken returns the user whose feed token is token.
	UserByFeedToken(ctx context.Context, token string) (User, error)
	// Users returns every user, oldest first.
	Users(ctx context.Context) ([]User, error)
	// CountUsers returns how many users there are.
	CountUsers(ctx context.Context) (int, error)
	// DeleteUser removes a user with their sessions, API tokens and
	// follows. Removing the last admin while other users remain is an
	// error wrapping ErrInvalid: someone must be left to manage them.
	DeleteUser(ctx context.Context, id string) error
	// SetPassword replaces a user's password hash and ends all their
	// sessions, so a changed password signs out every browser.
	SetPassword(ctx context.Context, id, passwordHash string) error
	// SetFeedToken replaces a user's feed token; the old feed URLs stop
	// working.
	SetFeedToken(ctx context.Context, id, feedToken string) error

	// CreateSession stores a session.
	CreateSession(ctx context.Context, s Session) error
	// SessionUser returns the session whose token hash is given and its
	// user, unless it expired before now.
	SessionUser(ctx context.Context, tokenHash string, now time.Time) (Session, User, error)
	// TouchSession records that the session was used at seen and moves its
	// expiry to expires.
	TouchSession(ctx context.Context, tokenHash string, seen, expires time.Time) error
	// DeleteSession ends a session; ending one that does not exist is not
	// an error.
	DeleteSession(ctx context.Context, tokenHash string) error
	// DeleteExpiredSessions removes the sessions that expired before now
	// and returns how many.
	DeleteExpiredSessions(ctx context.Context, now time.Time) (int, error)

	// CreateAPIToken stores a token for t.UserID with t.Label and returns
	// it with its ID and creation time.
	CreateAPIToken(ctx context.Context, t APIToken, tokenHash string) (APIToken, error)
	// APITokens returns a user's tokens, revoked ones included, newest
	// first.
	APITokens(ctx context.Context, userID string) ([]APIToken, error)
	// APITokenUser returns the unrevoked token whose hash is given and its
	// user.
	APITokenUser(ctx context.Context, tokenHash string) (APIToken, User, error)
	// TouchAPIToken records that a token was used at at.
	TouchAPIToken(ctx context.Context, id string, at time.Time) error
	// RevokeAPIToken revokes one of the user's tokens; a token of another
	// user, or one revoked already, is not found.
	RevokeAPIToken(ctx context.Context, userID, id string) error
}
