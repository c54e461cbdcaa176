package sqlite

import (
	"context"
	"fmt"
	"net/url"
	"strings"
	"time"

	"github.com/storyline-news/storyline/internal/store"
)

var _ store.Polling = (*Store)(nil)

// sourceColumns are read with an article count: the distinct articles the
// source's seen items became.
const sourceColumns = `id, url, kind, site, title, interval, paused, etag, last_modified, last_fetch, next_fetch, last_error, failures, created,
	(SELECT COUNT(DISTINCT article_id) FROM seen_items WHERE source_id = sources.id AND article_id <> '')`

func scanSource(sc scanner) (store.PolledSource, error) {
	var p store.PolledSource
	var interval int64
	var last, next, created string
	if err := sc.Scan(&p.ID, &p.URL, &p.Kind, &p.Site, &p.Title, &interval, &p.Paused, &p.ETag, &p.LastModified,
		&last, &next, &p.LastError, &p.Failures, &created, &p.Articles); err != nil {
		return p, err
	}
	p.Interval = time.Duration(interval) * time.Second
	p.LastFetch = parseTime(last)
	p.NextFetch = parseTime(next)
	p.Created = parseTime(created)
	return p, nil
}

func parseTime(s string) time.Time {
	if s == "" {
		return time.Time{}
	}
	t, _ := time.Parse(timeFormat, s)
	return t
}

func formatTime(t time.Time) string {
	if t.IsZero() {
		return ""
	}
	return t.UTC().Format(timeFormat)
}

// AddPolledSource stores a new source, due at once.
func (s *Store) AddPolledSource(ctx context.Context, src store.PolledSource) (store.PolledSource, error) {
	src.URL = strings.TrimSpace(src.URL)
	switch {
	case src.URL == "":
		return src, fmt.Errorf("sqlite: add source: %w: empty URL", store.ErrInvalid)
	case !httpURL(src.URL):
		return src, fmt.Errorf("sqlite: add source: %w: %q is not an http:// or https:// URL", store.ErrInvalid, src.URL)
	case src.Kind != store.SourceFeed && src.Kind != store.SourceSite && src.Kind != store.SourceSitemap:
		return src, fmt.Errorf("sqlite: add source %s: %w: kind %q", src.URL, store.ErrInvalid, src.Kind)
	case src.Interval < time.Second:
		return src, fmt.Errorf("sqlite: add source %s: %w: interval %s", src.URL, store.ErrInvalid, src.Interval)
	}
	src.ID = randomID("src")
	src.Created = s.now()
	src.NextFetch = time.Time{}
	_, err := s.db.ExecContext(ctx, `INSERT INTO sources (id, url, kind, site, title, interval, paused, created) VALUES (?, ?, ?, ?, ?, ?, ?, ?)`,
		src.ID, src.URL, src.Kind, src.Site, src.Title, int64(src.Interval/time.Second), src.Paused, formatTime(src.Created))
	if err != nil {
		if strings.Contains(err.Error(), "UNIQUE") {
			return src, fmt.Errorf("sqlite: add source %s: %w", src.URL, store.ErrExists)
		}
		return src, fmt.Errorf("sqlite: add source %s: %w", src.URL, err)
	}
	return src, nil
}

func (s *Store) sourcesWhere(ctx context.Context, what, where string, args ...any) ([]store.PolledSource, error) {
	rows, err := s.db.QueryContext(ctx, `SELECT `+sourceColumns+` FROM sources `+where, args...)
	if err != nil {
		return nil, fmt.Errorf("sqlite: %s: %w", what, err)
	}
	defer rows.Close()
	var out []store.PolledSource
	for rows.Next() {
		p, err := scanSource(rows)
		if err != nil {
			return nil, fmt.Errorf("sqlite: %s: %w", what, err)
		}
		out = append(out, p)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("sqlite: %s: %w", what, err)
	}
	return out, nil
}

// PolledSources returns every source, in the order they were added.
func (s *Store) PolledSources(ctx context.Context) ([]store.PolledSource, error) {
	return s.sourcesWhere(ctx, "sources", `ORDER BY created, rowid`)
}

// PolledSource returns one source by ID or URL.
func (s *Store) PolledSource(ctx context.Context, idOrURL string) (store.PolledSource, error) {
	ps, err := s.sourcesWhere(ctx, "source", `WHERE id = ? OR url = ? ORDER BY id = ? DESC LIMIT 1`, idOrURL, idOrURL, idOrURL)
	if err != nil {
		return store.PolledSource{}, err
	}
	if len(ps) == 0 {
		return store.PolledSource{}, fmt.Errorf("sqlite: source %q: %w", idOrURL, store.ErrNotFound)
	}
	return ps[0], nil
}

// DueSources returns the unpaused sources due at now, longest due first.
func (s *Store) DueSources(ctx context.Context, now time.Time) ([]store.PolledSource, error) {
	return s.sourcesWhere(ctx, "due sources", `WHERE paused = 0 AND next_fetch <= ? ORDER BY next_fetch, created, rowid`, formatTime(now))
}

func (s *Store) updateSource(ctx context.Context, what, id, set string, args ...any) error {
	res, err := s.db.ExecContext(ctx, `UPDATE sources SET `+set+` WHERE id = ?`, append(args, id)...)
	if err != nil {
		return fmt.Errorf("sqlite: %s %q: %w", what, id, err)
	}
	if n, _ := res.RowsAffected(); n == 0 {
		return fmt.Errorf("sqlite: %s %q: %w", what, id, store.ErrNotFound)
	}
	return nil
}

// SetSourcePaused pauses or resumes a source; a resumed one is due at once.
func (s *Store) SetSourcePaused(ctx context.Context, id string, paused bool) error {
	if paused {
		return s.updateSource(ctx, "pause source", id, `paused = 1`)
	}
	return s.updateSource(ctx, "resume source", id, `paused = 0, next_fetch = ''`)
}

// SetSourceInterval changes how often a source is polled.
func (s *Store) SetSourceInterval(ctx context.Context, id string, interval time.Duration) error {
	if interval < time.Second {
		return fmt.Errorf("sqlite: source %q: %w: interval %s", id, store.ErrInvalid, interval)
	}
	return s.updateSource(ctx, "set source interval", id, `interval = ?`, int64(interval/time.Second))
}

// DeletePolledSource removes a source and its seen items.
func (s *Store) DeletePolledSource(ctx context.Context, id string) error {
	tx, err := s.db.BeginTx(ctx, nil)
	if err != nil {
		return fmt.Errorf("sqlite: delete source %q: %w", id, err)
	}
	defer tx.Rollback()
	if _, err := tx.ExecContext(ctx, `DELETE FROM seen_items WHERE source_id = ?`, id); err != nil {
		return fmt.Errorf("sqlite: delete source %q: %w", id, err)
	}
	res, err := tx.ExecContext(ctx, `DELETE FROM sources WHERE id = ?`, id)
	if err != nil {
		return fmt.Errorf("sqlite: delete source %q: %w", id, err)
	}
	if n, _ := res.RowsAffected(); n == 0 {
		return fmt.Errorf("sqlite: delete source %q: %w", id, store.ErrNotFound)
	}
	return tx.Commit()
}

// RecordPoll records a poll's outcome.
func (s *Store) RecordPoll(ctx context.Context, id string, p store.Poll) error {
	failures, lastErr := `0`, p.Warning
	if p.Err != "" {
		failures, lastErr = `failures + 1`, p.Err
	}
	return s.updateSource(ctx, "record poll of source", id,
		`last_fetch = ?, next_fetch = ?, last_error = ?, failures = `+failures+`,
		title = CASE WHEN ? <> '' THEN ? ELSE title END,
		etag = CASE WHEN ? <> '' THEN ? ELSE etag END,
		last_modified = CASE WHEN ? <> '' THEN ? ELSE last_modified END`,
		formatTime(p.At), formatTime(p.Next), lastErr, p.Title, p.Title, p.ETag, p.ETag, p.LastModified, p.LastModified)
}

// SeenItems returns the seen items of a source among keys.
func (s *Store) SeenItems(ctx context.Context, sourceID string, keys []string) (map[string]store.SeenItem, error) {
	out := make(map[string]store.SeenItem, len(keys))
	const chunk = 500
	for i := 0; i < len(keys); i += chunk {
		part := keys[i:min(i+chunk, len(keys))]
		args := make([]any, 0, len(part)+1)
		args = append(args, sourceID)
		for _, k := range part {
			args = append(args, k)
		}
		rows, err := s.db.QueryContext(ctx, `SELECT item_key, version, article_id, error, retry, tries, fetched FROM seen_items
			WHERE source_id = ? AND item_key IN (`+placeholders(len(part))+`)`, args...)
		if err != nil {
			return nil, fmt.Errorf("sqlite: seen items of %q: %w", sourceID, err)
		}
		for rows.Next() {
			var it store.SeenItem
			var fetched string
			if err := rows.Scan(&it.Key, &it.Version, &it.Article, &it.Error, &it.Retry, &it.Tries, &fetched); err != nil {
				rows.Close()
				return nil, fmt.Errorf("sqlite: seen items of %q: %w", sourceID, err)
			}
			it.Fetched = parseTime(fetched)
			out[it.Key] = it
		}
		err = rows.Err()
		rows.Close()
		if err != nil {
			return nil, fmt.Errorf("sqlite: seen items of %q: %w", sourceID, err)
		}
	}
	return out, nil
}

// SaveSeenItems records items as seen by a source.
func (s *Store) SaveSeenItems(ctx context.Context, sourceID string, items []store.SeenItem) error {
	if len(items) == 0 {
		return nil
	}
	tx, err := s.db.BeginTx(ctx, nil)
	if err != nil {
		return fmt.Errorf("sqlite: save seen items of %q: %w", sourceID, err)
	}
	defer tx.Rollback()
	var exists int
	if err := tx.QueryRowContext(ctx, `SELECT COUNT(*) FROM sources WHERE id = ?`, sourceID).Scan(&exists); err != nil {
		return fmt.Errorf("sqlite: save seen items of %q: %w", sourceID, err)
	}
	if exists == 0 {
		// Removed while it was being polled: what it saw goes with it.
		return fmt.Errorf("sqlite: save seen items of %q: %w", sourceID, store.ErrNotFound)
	}
	stmt, err := tx.PrepareContext(ctx, `INSERT OR REPLACE INTO seen_items (source_id, item_key, version, article_id, error, retry, tries, fetched)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?)`)
	if err != nil {
		return fmt.Errorf("sqlite: save seen items of %q: %w", sourceID, err)
	}
	defer stmt.Close()
	for _, it := range items {
		if _, err := stmt.ExecContext(ctx, sourceID, it.Key, it.Version, it.Article, it.Error, it.Retry, it.Tries, formatTime(it.Fetched)); err != nil {
			return fmt.Errorf("sqlite: save seen item %q of %q: %w", it.Key, sourceID, err)
		}
	}
	if err := tx.Commit(); err != nil {
		return fmt.Errorf("sqlite: save seen items of %q: %w", sourceID, err)
	}
	return nil
}

// httpURL reports whether s is an absolute http or https URL with a host
// and no control characters.
func httpURL(s string) bool {
	u, err := url.Parse(s)
	return err == nil && (u.Scheme == "http" || u.Scheme == "https") && u.Host != "" &&
		!strings.ContainsFunc(s, func(r rune) bool { return r < 0x20 || r == 0x7f })
}
