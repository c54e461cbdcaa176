package sqlite

import (
	"context"
	"crypto/rand"
	"database/sql"
	"encoding/hex"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/storyline-news/storyline/internal/store"
)

var _ store.Accounts = (*Store)(nil)

// randomID returns prefix and 16 random hex digits: IDs of users and
// tokens are not guessable from one another.
func randomID(prefix string) string {
	b := make([]byte, 8)
	rand.Read(b) // never fails (crypto/rand)
	return prefix + hex.EncodeToString(b)
}

const userColumns = `id, name, password_hash, admin, feed_token, created_at`

func scanUser(sc scanner) (store.User, error) {
	var u store.User
	var created string
	if err := sc.Scan(&u.ID, &u.Name, &u.PasswordHash, &u.Admin, &u.FeedToken, &created); err != nil {
		return u, err
	}
	u.Created, _ = time.Parse(timeFormat, created)
	return u, nil
}

// AddUser stores a new user; the first one adopts the follows made before
// there were accounts.
func (s *Store) AddUser(ctx context.Context, name, passwordHash, feedToken string, admin bool) (store.User, error) {
	name = strings.TrimSpace(name)
	if name == "" || passwordHash == "" || feedToken == "" {
		return store.User{}, fmt.Errorf("sqlite: add user: %w: a user needs a name, a password and a feed token", store.ErrInvalid)
	}
	if err := store.CheckText("the name", name, false); err != nil {
		return store.User{}, fmt.Errorf("sqlite: add user: %w", err)
	}
	tx, err := s.db.BeginTx(ctx, nil)
	if err != nil {
		return store.User{}, fmt.Errorf("sqlite: add user: %w", err)
	}
	defer tx.Rollback()
	var users, taken int
	if err := tx.QueryRowContext(ctx, `SELECT count(*), count(*) FILTER (WHERE name = ?) FROM users`, name).Scan(&users, &taken); err != nil {
		return store.User{}, fmt.Errorf("sqlite: add user: %w", err)
	}
	if taken > 0 {
		return store.User{}, fmt.Errorf("sqlite: add user %q: %w", name, store.ErrExists)
	}
	u := store.User{ID: randomID("u"), Name: name, Admin: admin, PasswordHash: passwordHash, FeedToken: feedToken, Created: s.now()}
	if _, err := tx.ExecContext(ctx, `INSERT INTO users (`+userColumns+`) VALUES (?, ?, ?, ?, ?, ?)`,
		u.ID, u.Name, u.PasswordHash, u.Admin, u.FeedToken, u.Created.Format(timeFormat)); err != nil {
		return store.User{}, fmt.Errorf("sqlite: add user %q: %w", name, err)
	}
	if users == 0 {
		if _, err := tx.ExecContext(ctx, `UPDATE follows SET user_id = ? WHERE user_id IS NULL`, u.ID); err != nil {
			return store.User{}, fmt.Errorf("sqlite: add user %q: adopt follows: %w", name, err)
		}
	}
	if err := tx.Commit(); err != nil {
		return store.User{}, fmt.Errorf("sqlite: add user %q: %w", name, err)
	}
	return u, nil
}

func (s *Store) userWhere(ctx context.Context, what, where string, arg any) (store.User, error) {
	u, err := scanUser(s.db.QueryRowContext(ctx, `SELECT `+userColumns+` FROM users WHERE `+where, arg))
	if errors.Is(err, sql.ErrNoRows) {
		return u, fmt.Errorf("sqlite: %s: %w", what, store.ErrNotFound)
	}
	if err != nil {
		return u, fmt.Errorf("sqlite: %s: %w", what, err)
	}
	return u, nil
}

// User returns the user with the given ID.
func (s *Store) User(ctx context.Context, id string) (store.User, error) {
	return s.userWhere(ctx, fmt.Sprintf("user %q", id), `id = ?`, id)
}

// UserByName returns the user with the given name, in any case.
func (s *Store) UserByName(ctx context.Context, name string) (store.User, error) {
	return s.userWhere(ctx, fmt.Sprintf("user %q", name), `name = ?`, strings.TrimSpace(name))
}

// UserByFeedToken returns the user whose feed token is token.
func (s *Store) UserByFeedToken(ctx context.Context, token string) (store.User, error) {
	if token == "" {
		return store.User{}, fmt.Errorf("sqlite: user by feed token: %w", store.ErrNotFound)
	}
	return s.userWhere(ctx, "user by feed token", `feed_token = ?`, token)
}

// Users returns every user, oldest first.
func (s *Store) Users(ctx context.Context) ([]store.User, error) {
	rows, err := s.db.QueryContext(ctx, `SELECT `+userColumns+` FROM users ORDER BY created_at, id`)
	if err != nil {
		return nil, fmt.Errorf("sqlite: users: %w", err)
	}
	defer rows.Close()
	var out []store.User
	for rows.Next() {
		u, err := scanUser(rows)
		if err != nil {
			return nil, fmt.Errorf("sqlite: users: %w", err)
		}
		out = append(out, u)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("sqlite: users: %w", err)
	}
	return out, nil
}

// CountUsers returns how many users there are.
func (s *Store) CountUsers(ctx context.Context) (int, error) {
	var n int
	if err := s.db.QueryRowContext(ctx, `SELECT count(*) FROM users`).Scan(&n); err != nil {
		return 0, fmt.Errorf("sqlite: count users: %w", err)
	}
	return n, nil
}

// DeleteUser removes a user and everything that is theirs.
func (s *Store) DeleteUser(ctx context.Context, id string) error {
	tx, err := s.db.BeginTx(ctx, nil)
	if err != nil {
		return fmt.Errorf("sqlite: delete user: %w", err)
	}
	defer tx.Rollback()
	var admin bool
	if err := tx.QueryRowContext(ctx, `SELECT admin FROM users WHERE id = ?`, id).Scan(&admin); errors.Is(err, sql.ErrNoRows) {
		return fmt.Errorf("sqlite: delete user %q: %w", id, store.ErrNotFound)
	} else if err != nil {
		return fmt.Errorf("sqlite: delete user %q: %w", id, err)
	}
	if admin {
		var admins, users int
		if err := tx.QueryRowContext(ctx, `SELECT count(*) FILTER (WHERE admin), count(*) FROM users`).Scan(&admins, &users); err != nil {
			return fmt.Errorf("sqlite: delete user %q: %w", id, err)
		}
		if admins == 1 && users > 1 {
			return fmt.Errorf("sqlite: delete user %q: %w: it is the last admin; make another admin first", id, store.ErrInvalid)
		}
	}
	for _, q := range []string{
		`DELETE FROM sessions WHERE user_id = ?`,
		`DELETE FROM api_tokens WHERE user_id = ?`,
		`DELETE FROM follows WHERE user_id = ?`,
		`DELETE FROM users WHERE id = ?`,
	} {
		if _, err := tx.ExecContext(ctx, q, id); err != nil {
			return fmt.Errorf("sqlite: delete user %q: %w", id, err)
		}
	}
	if err := tx.Commit(); err != nil {
		return fmt.Errorf("sqlite: delete user %q: %w", id, err)
	}
	return nil
}

// SetPassword replaces a user's password hash and ends their sessions.
func (s *Store) SetPassword(ctx context.Context, id, passwordHash string) error {
	if passwordHash == "" {
		return fmt.Errorf("sqlite: set password: %w: empty hash", store.ErrInvalid)
	}
	tx, err := s.db.BeginTx(ctx, nil)
	if err != nil {
		return fmt.Errorf("sqlite: set password: %w", err)
	}
	defer tx.Rollback()
	res, err := tx.ExecContext(ctx, `UPDATE users SET password_hash = ? WHERE id = ?`, passwordHash, id)
	if err != nil {
		return fmt.Errorf("sqlite: set password of %q: %w", id, err)
	}
	if n, _ := res.RowsAffected(); n == 0 {
		return fmt.Errorf("sqlite: set password of %q: %w", id, store.ErrNotFound)
	}
	if _, err := tx.ExecContext(ctx, `DELETE FROM sessions WHERE user_id = ?`, id); err != nil {
		return fmt.Errorf("sqlite: set password of %q: %w", id, err)
	}
	if err := tx.Commit(); err != nil {
		return fmt.Errorf("sqlite: set password of %q: %w", id, err)
	}
	return nil
}

// SetFeedToken replaces a user's feed token.
func (s *Store) SetFeedToken(ctx context.Context, id, feedToken string) error {
	if feedToken == "" {
		return fmt.Errorf("sqlite: set feed token: %w: empty token", store.ErrInvalid)
	}
	res, err := s.db.ExecContext(ctx, `UPDATE users SET feed_token = ? WHERE id = ?`, feedToken, id)
	if err != nil {
		return fmt.Errorf("sqlite: set feed token of %q: %w", id, err)
	}
	if n, _ := res.RowsAffected(); n == 0 {
		return fmt.Errorf("sqlite: set feed token of %q: %w", id, store.ErrNotFound)
	}
	return nil
}

// CreateSession stores a session.
func (s *Store) CreateSession(ctx context.Context, ss store.Session) error {
	if ss.TokenHash == "" || ss.UserID == "" {
		return fmt.Errorf("sqlite: create session: %w: no token or user", store.ErrInvalid)
	}
	res, err := s.db.ExecContext(ctx, `INSERT INTO sessions (token_hash, user_id, created_at, expires_at, last_seen_at)
		SELECT ?, id, ?, ?, ? FROM users WHERE id = ?`,
		ss.TokenHash, ss.Created.UTC().Format(timeFormat), ss.Expires.UTC().Format(timeFormat), ss.LastSeen.UTC().Format(timeFormat), ss.UserID)
	if err != nil {
		return fmt.Errorf("sqlite: create session: %w", err)
	}
	if n, _ := res.RowsAffected(); n == 0 {
		return fmt.Errorf("sqlite: create session for %q: %w", ss.UserID, store.ErrNotFound)
	}
	return nil
}

// SessionUser returns an unexpired session and its user.
func (s *Store) SessionUser(ctx context.Context, tokenHash string, now time.Time) (store.Session, store.User, error) {
	var ss store.Session
	var created, expires, seen string
	row := s.db.QueryRowContext(ctx, `SELECT s.token_hash, s.user_id, s.created_at, s.expires_at, s.last_seen_at,
		u.id, u.name, u.password_hash, u.admin, u.feed_token, u.created_at
		FROM sessions s JOIN users u ON u.id = s.user_id WHERE s.token_hash = ? AND s.expires_at > ?`,
		tokenHash, now.UTC().Format(timeFormat))
	var u store.User
	var ucreated string
	err := row.Scan(&ss.TokenHash, &ss.UserID, &created, &expires, &seen,
		&u.ID, &u.Name, &u.PasswordHash, &u.Admin, &u.FeedToken, &ucreated)
	if errors.Is(err, sql.ErrNoRows) {
		return ss, u, fmt.Errorf("sqlite: session: %w", store.ErrNotFound)
	}
	if err != nil {
		return ss, u, fmt.Errorf("sqlite: session: %w", err)
	}
	ss.Created, _ = time.Parse(timeFormat, created)
	ss.Expires, _ = time.Parse(timeFormat, expires)
	ss.LastSeen, _ = time.Parse(timeFormat, seen)
	u.Created, _ = time.Parse(timeFormat, ucreated)
	return ss, u, nil
}

// TouchSession records a session's use and moves its expiry.
func (s *Store) TouchSession(ctx context.Context, tokenHash string, seen, expires time.Time) error {
	res, err := s.db.ExecContext(ctx, `UPDATE sessions SET last_seen_at = ?, expires_at = ? WHERE token_hash = ?`,
		seen.UTC().Format(timeFormat), expires.UTC().Format(timeFormat), tokenHash)
	if err != nil {
		return fmt.Errorf("sqlite: touch session: %w", err)
	}
	if n, _ := res.RowsAffected(); n == 0 {
		return fmt.Errorf("sqlite: touch session: %w", store.ErrNotFound)
	}
	return nil
}

// DeleteSession ends a session.
func (s *Store) DeleteSession(ctx context.Context, tokenHash string) error {
	if _, err := s.db.ExecContext(ctx, `DELETE FROM sessions WHERE token_hash = ?`, tokenHash); err != nil {
		return fmt.Errorf("sqlite: delete session: %w", err)
	}
	return nil
}

// DeleteExpiredSessions removes the sessions that expired before now.
func (s *Store) DeleteExpiredSessions(ctx context.Context, now time.Time) (int, error) {
	res, err := s.db.ExecContext(ctx, `DELETE FROM sessions WHERE expires_at <= ?`, now.UTC().Format(timeFormat))
	if err != nil {
		return 0, fmt.Errorf("sqlite: delete expired sessions: %w", err)
	}
	n, _ := res.RowsAffected()
	return int(n), nil
}

const tokenColumns = `t.id, t.user_id, t.label, t.created_at, t.last_used_at, t.revoked_at`

func scanToken(sc scanner, extra ...any) (store.APIToken, error) {
	var t store.APIToken
	var created, used, revoked string
	if err := sc.Scan(append([]any{&t.ID, &t.UserID, &t.Label, &created, &used, &revoked}, extra...)...); err != nil {
		return t, err
	}
	t.Created, _ = time.Parse(timeFormat, created)
	t.LastUsed, _ = time.Parse(timeFormat, used)
	t.Revoked, _ = time.Parse(timeFormat, revoked)
	return t, nil
}

// CreateAPIToken stores a token for t.UserID.
func (s *Store) CreateAPIToken(ctx context.Context, t store.APIToken, tokenHash string) (store.APIToken, error) {
	t.Label = strings.TrimSpace(t.Label)
	if tokenHash == "" || t.UserID == "" {
		return t, fmt.Errorf("sqlite: create API token: %w: no token or user", store.ErrInvalid)
	}
	if err := store.CheckText("the label", t.Label, false); err != nil {
		return t, fmt.Errorf("sqlite: create API token: %w", err)
	}
	t.ID, t.Created, t.LastUsed, t.Revoked = randomID("t"), s.now(), time.Time{}, time.Time{}
	res, err := s.db.ExecContext(ctx, `INSERT INTO api_tokens (id, token_hash, user_id, label, created_at)
		SELECT ?, ?, id, ?, ? FROM users WHERE id = ?`, t.ID, tokenHash, t.Label, t.Created.Format(timeFormat), t.UserID)
	if err != nil {
		return t, fmt.Errorf("sqlite: create API token: %w", err)
	}
	if n, _ := res.RowsAffected(); n == 0 {
		return t, fmt.Errorf("sqlite: create API token for %q: %w", t.UserID, store.ErrNotFound)
	}
	return t, nil
}

// APITokens returns a user's tokens, newest first.
func (s *Store) APITokens(ctx context.Context, userID string) ([]store.APIToken, error) {
	rows, err := s.db.QueryContext(ctx, `SELECT `+tokenColumns+` FROM api_tokens t WHERE t.user_id = ? ORDER BY t.created_at DESC, t.id`, userID)
	if err != nil {
		return nil, fmt.Errorf("sqlite: API tokens: %w", err)
	}
	defer rows.Close()
	var out []store.APIToken
	for rows.Next() {
		t, err := scanToken(rows)
		if err != nil {
			return nil, fmt.Errorf("sqlite: API tokens: %w", err)
		}
		out = append(out, t)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("sqlite: API tokens: %w", err)
	}
	return out, nil
}

// APITokenUser returns the unrevoked token with the given hash and its user.
func (s *Store) APITokenUser(ctx context.Context, tokenHash string) (store.APIToken, store.User, error) {
	var u store.User
	var ucreated string
	t, err := scanToken(s.db.QueryRowContext(ctx, `SELECT `+tokenColumns+`,
		u.id, u.name, u.password_hash, u.admin, u.feed_token, u.created_at
		FROM api_tokens t JOIN users u ON u.id = t.user_id WHERE t.token_hash = ? AND t.revoked_at = ''`, tokenHash),
		&u.ID, &u.Name, &u.PasswordHash, &u.Admin, &u.FeedToken, &ucreated)
	if errors.Is(err, sql.ErrNoRows) {
		return t, u, fmt.Errorf("sqlite: API token: %w", store.ErrNotFound)
	}
	if err != nil {
		return t, u, fmt.Errorf("sqlite: API token: %w", err)
	}
	u.Created, _ = time.Parse(timeFormat, ucreated)
	return t, u, nil
}

// TouchAPIToken records that a token was used.
func (s *Store) TouchAPIToken(ctx context.Context, id string, at time.Time) error {
	if _, err := s.db.ExecContext(ctx, `UPDATE api_tokens SET last_used_at = ? WHERE id = ?`, at.UTC().Format(timeFormat), id); err != nil {
		return fmt.Errorf("sqlite: touch API token: %w", err)
	}
	return nil
}

// RevokeAPIToken revokes one of the user's tokens.
func (s *Store) RevokeAPIToken(ctx context.Context, userID, id string) error {
	res, err := s.db.ExecContext(ctx, `UPDATE api_tokens SET revoked_at = ? WHERE id = ? AND user_id = ? AND revoked_at = ''`,
		s.now().Format(timeFormat), id, userID)
	if err != nil {
		return fmt.Errorf("sqlite: revoke API token %q: %w", id, err)
	}
	if n, _ := res.RowsAffected(); n == 0 {
		return fmt.Errorf("sqlite: revoke API token %q: %w", id, store.ErrNotFound)
	}
	return nil
}
