package sqlite

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"strings"

	"github.com/storyline-news/storyline/internal/model"
	"github.com/storyline-news/storyline/internal/store"
)

// What settling needs besides settle.go: articles by ID, clusters updated
// story by story, and a place for small values a program keeps
// between runs.

// decodeRows reads rows of (record, story_id, event_id, duplicate_of) into
// articles.
func decodeRows(rows *sql.Rows, what string) ([]model.Article, error) {
	defer rows.Close()
	var arts []model.Article
	for rows.Next() {
		var rec []byte
		var a model.Article
		var story, event, dup, id string
		if err := rows.Scan(&rec, &story, &event, &dup, &id); err != nil {
			return nil, fmt.Errorf("sqlite: %s: %w", what, err)
		}
		if err := json.Unmarshal(rec, &a); err != nil {
			return nil, fmt.Errorf("sqlite: %s: decode: %w", what, err)
		}
		// The row's key is the article's ID, whatever its record says.
		a.ID, a.Story, a.Event, a.DuplicateOf = id, story, event, dup
		arts = append(arts, a)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("sqlite: %s: %w", what, err)
	}
	return arts, nil
}

// idBatch is how many IDs one IN (…) list takes, well under SQLite's limit
// on bound parameters.
const idBatch = 500

func placeholders(n int) string {
	return strings.TrimSuffix(strings.Repeat("?,", n), ",")
}

// Articles returns the stored articles with the given IDs, in the order
// given; IDs not stored are left out.
func (s *Store) Articles(ctx context.Context, ids []string) ([]model.Article, error) {
	byID := make(map[string]model.Article, len(ids))
	for i := 0; i < len(ids); i += idBatch {
		part := ids[i:min(i+idBatch, len(ids))]
		args := make([]any, len(part))
		for k, id := range part {
			args[k] = id
		}
		rows, err := s.db.QueryContext(ctx, `SELECT record, story_id, event_id, duplicate_of, id FROM articles WHERE id IN (`+
			placeholders(len(part))+`)`, args...)
		if err != nil {
			return nil, fmt.Errorf("sqlite: articles: %w", err)
		}
		arts, err := decodeRows(rows, "articles")
		if err != nil {
			return nil, err
		}
		for _, a := range arts {
			byID[a.ID] = a
		}
	}
	out := make([]model.Article, 0, len(byID))
	for _, id := range ids {
		if a, ok := byID[id]; ok {
			out = append(out, a)
			delete(byID, id) // an ID asked twice comes once
		}
	}
	return out, nil
}

// UpdateClusters writes part of the clustering; see store.Store.
func (s *Store) UpdateClusters(ctx context.Context, arts []model.Article, events []store.Event, stories []store.Story) error {
	tx, err := s.db.BeginTx(ctx, nil)
	if err != nil {
		return fmt.Errorf("sqlite: update clusters: %w", err)
	}
	defer tx.Rollback()
	if err := updateClusters(ctx, tx, arts, events, stories, s.now().Format(timeFormat), newestOf(ctx, tx, stories)); err != nil {
		return fmt.Errorf("sqlite: update clusters: %w", err)
	}
	if err := tx.Commit(); err != nil {
		return fmt.Errorf("sqlite: update clusters: %w", err)
	}
	return nil
}

func updateClusters(ctx context.Context, tx *sql.Tx, arts []model.Article, events []store.Event, stories []store.Story, now, newest string) error {
	get, err := tx.PrepareContext(ctx, `SELECT story_id, event_id, duplicate_of FROM articles WHERE id = ?`)
	if err != nil {
		return err
	}
	defer get.Close()
	upd, err := tx.PrepareContext(ctx, `UPDATE articles SET story_id = ?, event_id = ?, duplicate_of = ? WHERE id = ?`)
	if err != nil {
		return err
	}
	defer upd.Close()
	oldStories, oldEvents := map[string]bool{}, map[string]bool{}
	for _, a := range arts {
		var story, event, dup string
		err := get.QueryRowContext(ctx, a.ID).Scan(&story, &event, &dup)
		if errors.Is(err, sql.ErrNoRows) {
			continue
		}
		if err != nil {
			return fmt.Errorf("article %s: %w", a.ID, err)
		}
		if story == a.Story && event == a.Event && dup == a.DuplicateOf {
			continue
		}
		oldStories[story], oldEvents[event] = true, true
		if _, err := upd.ExecContext(ctx, a.Story, a.Event, a.DuplicateOf, a.ID); err != nil {
			return fmt.Errorf("article %s: %w", a.ID, err)
		}
	}
	for _, st := range stories {
		delete(oldStories, st.ID)
		if err := saveStory(ctx, tx, st, now, newest); err != nil {
			return err
		}
	}
	for _, e := range events {
		delete(oldEvents, e.ID)
		if _, err := tx.ExecContext(ctx, `INSERT OR REPLACE INTO events (id, story_id, title, articles, sources, first_pub, last_pub, view)
			VALUES (?, ?, ?, ?, ?, ?, ?, ?)`,
			e.ID, e.Story, e.Title, e.Articles, e.Sources, e.First, e.Last, jsonOr(e.View, "{}")); err != nil {
			return fmt.Errorf("event %s: %w", e.ID, err)
		}
	}
	// Clusters the articles left, now empty: a merge's loser, a story
	// whose first article changed and with it the ID.
	for id := range oldStories {
		if _, err := tx.ExecContext(ctx, `DELETE FROM stories WHERE id = ? AND NOT EXISTS (SELECT 1 FROM articles WHERE story_id = ?)`, id, id); err != nil {
			return fmt.Errorf("story %s: %w", id, err)
		}
	}
	for id := range oldEvents {
		if _, err := tx.ExecContext(ctx, `DELETE FROM events WHERE id = ? AND NOT EXISTS (SELECT 1 FROM articles WHERE event_id = ?)`, id, id); err != nil {
			return fmt.Errorf("event %s: %w", id, err)
		}
	}
	return nil
}

// saveStory inserts or replaces a story; one whose view did not change
// keeps its update time, so feeds do not announce it again. Its rank is
// kept as store.RankKey, which newer articles do not change.
func saveStory(ctx context.Context, tx *sql.Tx, st store.Story, now, newest string) error {
	view := jsonOr(st.View, "{}")
	at := now
	var prevView, prevAt string
	err := tx.QueryRowContext(ctx, `SELECT view, updated_at FROM stories WHERE id = ?`, st.ID).Scan(&prevView, &prevAt)
	switch {
	case err == nil && prevView == view:
		at = prevAt
	case err != nil && !errors.Is(err, sql.ErrNoRows):
		return fmt.Errorf("story %s: %w", st.ID, err)
	}
	evs, _ := json.Marshal(nonNil(st.Events))
	outs, _ := json.Marshal(nonNil(st.Outlets))
	if _, err := tx.ExecContext(ctx, `INSERT OR REPLACE INTO stories (id, title, summary, articles, sources, first_pub, last_pub, rank, events, outlets, view, updated_at)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
		st.ID, st.Title, st.Summary, st.Articles, st.Sources, st.First, st.Last, store.RankKey(st.Sources, st.Last, newest), string(evs), string(outs), view, at); err != nil {
		return fmt.Errorf("story %s: %w", st.ID, err)
	}
	return nil
}

// State returns the value saved under key.
func (s *Store) State(ctx context.Context, key string) ([]byte, error) {
	var v []byte
	err := s.db.QueryRowContext(ctx, `SELECT value FROM state WHERE key = ?`, key).Scan(&v)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, fmt.Errorf("sqlite: state %q: %w", key, store.ErrNotFound)
	}
	if err != nil {
		return nil, fmt.Errorf("sqlite: state %q: %w", key, err)
	}
	return v, nil
}

// SaveState saves value under key, replacing what was there.
func (s *Store) SaveState(ctx context.Context, key string, value []byte) error {
	if key == "" {
		return fmt.Errorf("sqlite: save state: %w: no key", store.ErrInvalid)
	}
	if value == nil {
		value = []byte{}
	}
	if _, err := s.db.ExecContext(ctx, `INSERT INTO state (key, value, updated_at) VALUES (?, ?, ?)
		ON CONFLICT (key) DO UPDATE SET value = excluded.value, updated_at = excluded.updated_at`,
		key, value, s.now().Format(timeFormat)); err != nil {
		return fmt.Errorf("sqlite: save state %q: %w", key, err)
	}
	return nil
}

// newestOf returns the latest publication day of the store and of the
// given stories, which undated stories' rank keys are written against.
func newestOf(ctx context.Context, tx *sql.Tx, stories []store.Story) string {
	var newest sql.NullString
	tx.QueryRowContext(ctx, `SELECT substr(published, 1, 10) FROM articles WHERE published != '' ORDER BY published DESC LIMIT 1`).Scan(&newest)
	n := newest.String
	for _, st := range stories {
		if len(st.Last) >= 10 && st.Last[:10] > n {
			n = st.Last[:10]
		}
	}
	return n
}
