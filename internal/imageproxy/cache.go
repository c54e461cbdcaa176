package imageproxy

import (
	"context"
	"crypto/rand"
	"database/sql"
	"errors"
	"fmt"
	"strings"
	"sync/atomic"
	"time"

	_ "modernc.org/sqlite" // registers the "sqlite" driver
)

// cacheSchema is the cache file's schema, version 1 (PRAGMA user_version).
// The cache is a file of its own, not a table of the store: it holds
// nothing that cannot be fetched again, it must not swell the store's
// backups and exports, and deleting it is how an operator clears it
// (the server then makes a new key).
//
// images has one row per image URL a page has shown: its key, the URL,
// and either the image (body, type, size) or the last failure (error,
// retry_at). A row with neither has not been fetched yet. used_at drives
// the eviction of the least recently shown bodies.
const cacheSchema = `
CREATE TABLE IF NOT EXISTS secrets (
    name  TEXT PRIMARY KEY,
    value BLOB NOT NULL
);
CREATE TABLE IF NOT EXISTS images (
    key          TEXT PRIMARY KEY,
    url          TEXT NOT NULL,
    content_type TEXT NOT NULL DEFAULT '',
    body         BLOB,
    size         INTEGER NOT NULL DEFAULT 0,
    width        INTEGER NOT NULL DEFAULT 0,
    height       INTEGER NOT NULL DEFAULT 0,
    error        TEXT NOT NULL DEFAULT '',
    fetched_at   INTEGER NOT NULL DEFAULT 0,
    retry_at     INTEGER NOT NULL DEFAULT 0,
    used_at      INTEGER NOT NULL DEFAULT 0
);
CREATE INDEX IF NOT EXISTS images_lru ON images (used_at) WHERE body IS NOT NULL;
PRAGMA user_version = 1;
`

// cache is the SQLite file behind a Proxy.
type cache struct {
	db     *sql.DB
	limit  int64        // bytes of image bodies kept at most
	writes atomic.Int64 // images and failures stored, to sweep every sweepEvery
}

// Rows without an image (failed, evicted or never fetched) that no reader
// asked for in forgetAfter are swept out every sweepEvery writes, so that
// the rows of images no page shows any more do not pile up.
const (
	forgetAfter = 30 * 24 * time.Hour
	sweepEvery  = 256
)

// sweep deletes the image-less rows not asked for since before now less
// forgetAfter, once every sweepEvery calls. A page that shows one again
// registers it again.
func (c *cache) sweep(ctx context.Context, now time.Time) error {
	if c.writes.Add(1)%sweepEvery != 0 {
		return nil
	}
	_, err := c.db.ExecContext(ctx, `DELETE FROM images WHERE body IS NULL AND used_at < ?`, now.Add(-forgetAfter).Unix())
	return err
}

// openCache opens (creating if needed) the cache file at path.
func openCache(ctx context.Context, path string, limit int64) (*cache, error) {
	if path == "" || strings.ContainsAny(path, "?#") {
		return nil, fmt.Errorf("image cache %q: the path must be a plain file name", path)
	}
	dsn := "file:" + path + "?_txlock=immediate" +
		"&_pragma=busy_timeout(10000)" +
		"&_pragma=journal_mode(WAL)" +
		"&_pragma=synchronous(NORMAL)"
	db, err := sql.Open("sqlite", dsn)
	if err != nil {
		return nil, fmt.Errorf("image cache %s: %w", path, err)
	}
	db.SetMaxOpenConns(4)
	var version int
	if err := db.QueryRowContext(ctx, `PRAGMA user_version`).Scan(&version); err != nil {
		db.Close()
		return nil, fmt.Errorf("image cache %s: %w", path, err)
	}
	if version > 1 {
		db.Close()
		return nil, fmt.Errorf("image cache %s: schema version %d is newer than this program's (1); delete the file to start a new cache", path, version)
	}
	if _, err := db.ExecContext(ctx, cacheSchema); err != nil {
		db.Close()
		return nil, fmt.Errorf("image cache %s: %w", path, err)
	}
	return &cache{db: db, limit: limit}, nil
}

func (c *cache) close() error { return c.db.Close() }

// secret returns the cache's HMAC key, made (32 random bytes) and kept
// the first time.
func (c *cache) secret(ctx context.Context) ([]byte, error) {
	fresh := make([]byte, 32)
	if _, err := rand.Read(fresh); err != nil {
		return nil, err
	}
	// Two servers opening a new cache at once keep the same key: the first
	// insert wins and both read it back.
	if _, err := c.db.ExecContext(ctx, `INSERT OR IGNORE INTO secrets (name, value) VALUES ('image-key', ?)`, fresh); err != nil {
		return nil, err
	}
	var key []byte
	err := c.db.QueryRowContext(ctx, `SELECT value FROM secrets WHERE name = 'image-key'`).Scan(&key)
	if err == nil && len(key) < 32 {
		err = errors.New("the stored key is too short")
	}
	return key, err
}

// entry is what the cache knows of one image.
type entry struct {
	URL           string
	Type          string // "" when not fetched or failed
	Body          []byte // nil when not fetched, failed or evicted
	Width, Height int
	Error         string    // the last failure, while it holds
	RetryAt       time.Time // a failure is not fetched again before
	Fetched       time.Time
	UsedAt        time.Time
}

// register records that a page shows url under key, and returns what the
// cache knows of it (without its body).
func (c *cache) register(ctx context.Context, key, url string, now time.Time) (entry, error) {
	if _, err := c.db.ExecContext(ctx, `INSERT OR IGNORE INTO images (key, url, used_at) VALUES (?, ?, ?)`, key, url, now.Unix()); err != nil {
		return entry{}, err
	}
	return c.get(ctx, key, false)
}

// get returns the entry of key, with its body when withBody is set, or
// sql.ErrNoRows when no page ever showed it.
func (c *cache) get(ctx context.Context, key string, withBody bool) (entry, error) {
	body := "NULL"
	if withBody {
		body = "body"
	}
	var e entry
	var fetched, retry, used int64
	err := c.db.QueryRowContext(ctx, `SELECT url, content_type, `+body+`, width, height, error, fetched_at, retry_at, used_at FROM images WHERE key = ?`, key).
		Scan(&e.URL, &e.Type, &e.Body, &e.Width, &e.Height, &e.Error, &fetched, &retry, &used)
	if err != nil {
		return entry{}, err
	}
	e.Fetched, e.RetryAt, e.UsedAt = time.Unix(fetched, 0), time.Unix(retry, 0), time.Unix(used, 0)
	return e, nil
}

// touch marks key as shown at now.
func (c *cache) touch(ctx context.Context, key string, now time.Time) error {
	_, err := c.db.ExecContext(ctx, `UPDATE images SET used_at = ? WHERE key = ?`, now.Unix(), key)
	return err
}

// putImage stores the image of key and evicts the least recently shown
// bodies while the cache holds more than its limit.
func (c *cache) putImage(ctx context.Context, key string, e entry, now time.Time) error {
	tx, err := c.db.BeginTx(ctx, nil)
	if err != nil {
		return err
	}
	defer tx.Rollback()
	if _, err := tx.ExecContext(ctx, `UPDATE images SET content_type = ?, body = ?, size = ?, width = ?, height = ?,
		error = '', fetched_at = ?, retry_at = 0, used_at = ? WHERE key = ?`,
		e.Type, e.Body, len(e.Body), e.Width, e.Height, now.Unix(), now.Unix(), key); err != nil {
		return err
	}
	var total int64
	if err := tx.QueryRowContext(ctx, `SELECT coalesce(sum(size), 0) FROM images WHERE body IS NOT NULL`).Scan(&total); err != nil {
		return err
	}
	for total > c.limit {
		var victim string
		var size int64
		err := tx.QueryRowContext(ctx, `SELECT key, size FROM images WHERE body IS NOT NULL AND key != ? ORDER BY used_at, key LIMIT 1`, key).Scan(&victim, &size)
		if errors.Is(err, sql.ErrNoRows) {
			break // only the new image is left, and it is within MaxImage
		}
		if err != nil {
			return err
		}
		if _, err := tx.ExecContext(ctx, `UPDATE images SET body = NULL, size = 0, content_type = '' WHERE key = ?`, victim); err != nil {
			return err
		}
		total -= size
	}
	if err := tx.Commit(); err != nil {
		return err
	}
	return c.sweep(ctx, now)
}

// putFailure records why key could not be had, not to be tried again
// before retry.
func (c *cache) putFailure(ctx context.Context, key, msg string, now, retry time.Time) error {
	if _, err := c.db.ExecContext(ctx, `UPDATE images SET content_type = '', body = NULL, size = 0, error = ?, fetched_at = ?, retry_at = ?, used_at = ? WHERE key = ?`,
		msg, now.Unix(), retry.Unix(), now.Unix(), key); err != nil {
		return err
	}
	return c.sweep(ctx, now)
}

// stats returns how many images the cache holds and their bytes.
func (c *cache) stats(ctx context.Context) (n int, bytes int64, err error) {
	err = c.db.QueryRowContext(ctx, `SELECT count(*), coalesce(sum(size), 0) FROM images WHERE body IS NOT NULL`).Scan(&n, &bytes)
	return n, bytes, err
}
