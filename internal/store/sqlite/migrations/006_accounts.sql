-- Accounts: users, their server-side sessions and personal API tokens, and
-- follows (with their read marks, seen_at) per user.
--
-- No secret is kept as given: a session or API token is stored as the hex
-- SHA-256 of the random token the client holds, and a password as an
-- argon2id hash with its parameters and salt (internal/auth). The feed
-- token is the one exception: it only reads Atom feeds, which the file
-- itself holds in full, and a feed reader's URL must be shown again, so it
-- is kept as it is and can be reset.
CREATE TABLE users (
    id            TEXT PRIMARY KEY,
    name          TEXT NOT NULL UNIQUE COLLATE NOCASE,
    password_hash TEXT NOT NULL,
    admin         INTEGER NOT NULL DEFAULT 0,
    feed_token    TEXT NOT NULL UNIQUE,
    created_at    TEXT NOT NULL
);

CREATE TABLE sessions (
    token_hash   TEXT PRIMARY KEY,
    user_id      TEXT NOT NULL REFERENCES users (id),
    created_at   TEXT NOT NULL,
    expires_at   TEXT NOT NULL,
    last_seen_at TEXT NOT NULL
);
CREATE INDEX sessions_user ON sessions (user_id);
CREATE INDEX sessions_expires ON sessions (expires_at);

CREATE TABLE api_tokens (
    id           TEXT PRIMARY KEY,
    token_hash   TEXT NOT NULL UNIQUE,
    user_id      TEXT NOT NULL REFERENCES users (id),
    label        TEXT NOT NULL,
    created_at   TEXT NOT NULL,
    last_used_at TEXT NOT NULL DEFAULT '',
    revoked_at   TEXT NOT NULL DEFAULT ''
);
CREATE INDEX api_tokens_user ON api_tokens (user_id, created_at);

-- Follows become per user. SQLite cannot drop the old UNIQUE (kind,
-- target), so the table is rebuilt; the old one is kept, renamed, as the
-- migrations never drop a table. Follows made before accounts keep their
-- IDs (so their feed URLs keep working) with user_id NULL: the first user
-- created adopts them (see AddUser).
ALTER TABLE follows RENAME TO follows_before_accounts;
CREATE TABLE follows (
    id         TEXT PRIMARY KEY,
    user_id    TEXT REFERENCES users (id),
    kind       TEXT NOT NULL,
    target     TEXT NOT NULL,
    label      TEXT NOT NULL,
    created_at TEXT NOT NULL,
    seen_at    TEXT NOT NULL,
    UNIQUE (user_id, kind, target)
);
INSERT INTO follows (id, user_id, kind, target, label, created_at, seen_at)
    SELECT id, NULL, kind, target, label, created_at, seen_at FROM follows_before_accounts;
CREATE INDEX follows_kind_target ON follows (kind, target);
