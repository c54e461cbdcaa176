// Package sqlite is the embedded Store: one SQLite file in WAL mode, through
// modernc.org/sqlite (pure Go, so the binary needs no C toolchain), with its
// schema in embedded, numbered, append-only migrations and full-text search
// on FTS5.
package sqlite

import (
	"context"
	"crypto/sha256"
	"database/sql"
	"embed"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"log/slog"
	"runtime"
	"slices"
	"sort"
	"strconv"
	"strings"
	"sync"
	"time"

	_ "modernc.org/sqlite" // registers the "sqlite" driver

	"github.com/storyline-news/storyline/internal/model"
	"github.com/storyline-news/storyline/internal/store"
)

//go:embed migrations/*.sql
var migrationFS embed.FS

// Store is the SQLite Store.
type Store struct {
	db     *sql.DB
	now    func() time.Time
	writer writerTiming  // the writer lock's intervals
	closed chan struct{} // closed by Close, to stop writer lock heartbeats
	once   sync.Once
	search searchLimits
	images imageCache // lead image URLs by article, see ArticleImages
}

var _ store.Store = (*Store)(nil)

// timeFormat is fixed-width so that times stored as text sort as they compare.
const timeFormat = "2006-01-02T15:04:05.000000000Z"

// Open opens (creating if needed) the database file at path and brings its
// schema up to date. It refuses, with an error wrapping store.ErrSchema, a
// database whose schema is newer than this program's migrations.
func Open(ctx context.Context, path string) (*Store, error) {
	if path == "" || strings.ContainsAny(path, "?#") {
		return nil, fmt.Errorf("sqlite: open %q: %w: the path must be a plain file name", path, store.ErrInvalid)
	}
	dsn := "file:" + path + "?_txlock=immediate" +
		"&_pragma=busy_timeout(10000)" +
		"&_pragma=journal_mode(WAL)" +
		"&_pragma=synchronous(NORMAL)" +
		"&_pragma=cache_size(-32000)" +
		"&_pragma=temp_store(MEMORY)"
	db, err := sql.Open("sqlite", dsn)
	if err != nil {
		return nil, fmt.Errorf("sqlite: open %s: %w", path, err)
	}
	db.SetMaxOpenConns(max(4, runtime.GOMAXPROCS(0)*2))
	db.SetMaxIdleConns(max(4, runtime.GOMAXPROCS(0)*2))
	s := &Store{
		db:     db,
		now:    func() time.Time { return time.Now().UTC() },
		writer: defaultWriterTiming,
		closed: make(chan struct{}),
		search: newSearchLimits(),
	}
	if err := s.migrate(ctx); err != nil {
		db.Close()
		return nil, fmt.Errorf("sqlite: open %s: %w", path, err)
	}
	return s, nil
}

// Close closes the database. A writer lock still held stops its heartbeat
// and is left to be taken over once stale; release it before closing.
func (s *Store) Close() error {
	s.once.Do(func() { close(s.closed) })
	return s.db.Close()
}

type migration struct {
	version int
	name    string
	sql     string
}

// migrations returns the embedded migrations in order; their numbers must
// run 1, 2, 3… without a gap.
func migrations() ([]migration, error) {
	entries, err := fs.ReadDir(migrationFS, "migrations")
	if err != nil {
		return nil, err
	}
	var ms []migration
	for _, e := range entries {
		num, _, ok := strings.Cut(e.Name(), "_")
		v, err := strconv.Atoi(num)
		if !ok || err != nil {
			return nil, fmt.Errorf("migration %s: name must start with its number", e.Name())
		}
		b, err := migrationFS.ReadFile("migrations/" + e.Name())
		if err != nil {
			return nil, err
		}
		ms = append(ms, migration{v, e.Name(), string(b)})
	}
	sort.Slice(ms, func(i, j int) bool { return ms[i].version < ms[j].version })
	for i, m := range ms {
		if m.version != i+1 {
			return nil, fmt.Errorf("migration %s: expected number %d", m.name, i+1)
		}
	}
	return ms, nil
}

// SchemaVersion is the newest schema version this program knows.
func SchemaVersion() int {
	ms, _ := migrations()
	return len(ms)
}

// migrate brings the schema up to date with the embedded migrations.
func (s *Store) migrate(ctx context.Context) error {
	ms, err := migrations()
	if err != nil {
		return err
	}
	return s.applyMigrations(ctx, ms)
}

// applyMigrations applies the migrations of ms the database lacks, each in
// its own transaction. Several programs may open one database at once, so
// each transaction takes the write lock first (the DSN makes every
// transaction BEGIN IMMEDIATE) and only then reads the schema version: a
// program that waited for another one's migration sees it applied and skips
// it, instead of applying it a second time.
func (s *Store) applyMigrations(ctx context.Context, ms []migration) error {
	for {
		done, err := s.applyNextMigration(ctx, ms)
		if err != nil || done {
			return err
		}
	}
}

// applyNextMigration applies, in one immediate transaction, the first
// migration of ms the database lacks with its schema_migrations row. It
// reports done when none was missing, and refuses, with an error wrapping
// store.ErrSchema, a schema newer than ms.
func (s *Store) applyNextMigration(ctx context.Context, ms []migration) (done bool, err error) {
	tx, err := s.db.BeginTx(ctx, nil)
	if err != nil {
		return false, fmt.Errorf("begin migration: %w", err)
	}
	defer tx.Rollback()
	if _, err := tx.ExecContext(ctx, `CREATE TABLE IF NOT EXISTS schema_migrations (
		version INTEGER PRIMARY KEY, applied_at TEXT NOT NULL)`); err != nil {
		return false, fmt.Errorf("create schema_migrations: %w", err)
	}
	var current int
	if err := tx.QueryRowContext(ctx, `SELECT coalesce(max(version), 0) FROM schema_migrations`).Scan(&current); err != nil {
		return false, fmt.Errorf("read schema version: %w", err)
	}
	if current > len(ms) {
		return false, fmt.Errorf("%w: version %d, this program knows up to %d", store.ErrSchema, current, len(ms))
	}
	if current == len(ms) {
		if err := tx.Commit(); err != nil {
			return false, fmt.Errorf("read schema version: %w", err)
		}
		return true, nil
	}
	m := ms[current]
	if _, err := tx.ExecContext(ctx, m.sql); err != nil {
		return false, fmt.Errorf("migration %s: %w", m.name, err)
	}
	if _, err := tx.ExecContext(ctx, `INSERT INTO schema_migrations (version, applied_at) VALUES (?, ?)`,
		m.version, s.now().Format(timeFormat)); err != nil {
		return false, fmt.Errorf("migration %s: %w", m.name, err)
	}
	if err := tx.Commit(); err != nil {
		return false, fmt.Errorf("migration %s: %w", m.name, err)
	}
	return false, nil
}

// encodeArticle returns the stored record of a (without its sentences, which
// analysis can rebuild) and the hash of its content apart from the cluster
// fields, which clustering rewrites on every ingest.
func encodeArticle(a model.Article) (record []byte, hash string, err error) {
	a.Sentences = nil
	a.Event, a.Story, a.DuplicateOf = "", "", ""
	record, err = json.Marshal(a)
	if err != nil {
		return nil, "", fmt.Errorf("encode article %s: %w", a.ID, err)
	}
	sum := sha256.Sum256(record)
	return record, hex.EncodeToString(sum[:]), nil
}

// SaveArticles stores arts; see store.Store.
func (s *Store) SaveArticles(ctx context.Context, arts []model.Article) ([]store.Outcome, error) {
	out := make([]store.Outcome, len(arts))
	tx, err := s.db.BeginTx(ctx, nil)
	if err != nil {
		return nil, fmt.Errorf("sqlite: save articles: %w", err)
	}
	defer tx.Rollback()
	now := s.now().Format(timeFormat)
	for i, a := range arts {
		if a.ID == "" {
			return nil, fmt.Errorf("sqlite: save article #%d: %w: no ID", i, store.ErrInvalid)
		}
		o, err := saveArticle(ctx, tx, a, now)
		if err != nil {
			return nil, fmt.Errorf("sqlite: save article %s: %w", a.ID, err)
		}
		out[i] = o
	}
	if err := tx.Commit(); err != nil {
		return nil, fmt.Errorf("sqlite: save articles: %w", err)
	}
	return out, nil
}

func saveArticle(ctx context.Context, tx *sql.Tx, a model.Article, now string) (store.Outcome, error) {
	record, hash, err := encodeArticle(a)
	if err != nil {
		return 0, err
	}
	var seq int64
	var oldHash, story, event, dup string
	err = tx.QueryRowContext(ctx, `SELECT seq, content_hash, story_id, event_id, duplicate_of FROM articles WHERE id = ?`, a.ID).
		Scan(&seq, &oldHash, &story, &event, &dup)
	outcome := store.New
	switch {
	case errors.Is(err, sql.ErrNoRows):
		res, err := tx.ExecContext(ctx, `INSERT INTO articles
			(id, url, outlet, headline, standfirst, published, story_id, event_id, duplicate_of, content_hash, record, ingested_at, updated_at)
			VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
			a.ID, a.URL, a.Outlet, a.Headline, a.Standfirst, a.Published, a.Story, a.Event, a.DuplicateOf, hash, record, now, now)
		if err != nil {
			return 0, err
		}
		if seq, err = res.LastInsertId(); err != nil {
			return 0, err
		}
	case err != nil:
		return 0, err
	case oldHash == hash:
		return store.Unchanged, nil
	default:
		outcome = store.Updated
		if a.Story == "" && a.Event == "" && a.DuplicateOf == "" {
			a.Story, a.Event, a.DuplicateOf = story, event, dup
		}
		if _, err := tx.ExecContext(ctx, `UPDATE articles SET url = ?, outlet = ?, headline = ?, standfirst = ?, published = ?,
			story_id = ?, event_id = ?, duplicate_of = ?, content_hash = ?, record = ?, updated_at = ? WHERE seq = ?`,
			a.URL, a.Outlet, a.Headline, a.Standfirst, a.Published, a.Story, a.Event, a.DuplicateOf, hash, record, now, seq); err != nil {
			return 0, err
		}
		for _, q := range []string{
			`DELETE FROM mentions WHERE article_id = ?`,
			`DELETE FROM quotes WHERE article_id = ?`,
		} {
			if _, err := tx.ExecContext(ctx, q, a.ID); err != nil {
				return 0, err
			}
		}
		if _, err := tx.ExecContext(ctx, `DELETE FROM articles_fts WHERE rowid = ?`, seq); err != nil {
			return 0, err
		}
	}
	if _, err := tx.ExecContext(ctx, `INSERT INTO articles_fts (rowid, headline, standfirst, body, outlet) VALUES (?, ?, ?, ?, ?)`,
		seq, a.Headline, a.Standfirst, strings.Join(a.Body, "\n\n"), a.Outlet); err != nil {
		return 0, err
	}
	if err := saveEntities(ctx, tx, a); err != nil {
		return 0, err
	}
	return outcome, nil
}

// saveEntities records the entities a names and who it quotes.
func saveEntities(ctx context.Context, tx *sql.Tx, a model.Article) error {
	for _, e := range a.Entities {
		if name := store.EntityName(e); name != e.Name {
			e.Aliases = append(slices.Clone(e.Aliases), e.Name)
			e.Name = name
		}
		id := store.EntityID(e.Name)
		aliases, err := json.Marshal(nonNil(e.Aliases))
		if err != nil {
			return err
		}
		// The longer alias list wins: a cheap stand-in for a union that
		// would need a read per entity.
		if _, err := tx.ExecContext(ctx, `INSERT INTO entities (id, name, type, aliases) VALUES (?, ?, ?, ?)
			ON CONFLICT (id) DO UPDATE SET aliases = excluded.aliases
			WHERE length(excluded.aliases) > length(entities.aliases)`, id, e.Name, e.Type, string(aliases)); err != nil {
			return err
		}
		if _, err := tx.ExecContext(ctx, `INSERT INTO mentions (entity_id, article_id, count) VALUES (?, ?, ?)
			ON CONFLICT (entity_id, article_id) DO UPDATE SET count = count + excluded.count`, id, a.ID, max(e.Mentions, 1)); err != nil {
			return err
		}
	}
	for n, q := range a.Quotes {
		rec, err := json.Marshal(q)
		if err != nil {
			return err
		}
		speaker := ""
		if name := SpeakerName(a, q.Speaker); name != "" {
			speaker = store.EntityID(name)
			if _, err := tx.ExecContext(ctx, `INSERT INTO entities (id, name, type) VALUES (?, ?, ?) ON CONFLICT (id) DO NOTHING`,
				speaker, name, model.Person); err != nil {
				return err
			}
		}
		if _, err := tx.ExecContext(ctx, `INSERT INTO quotes (article_id, n, speaker_id, record) VALUES (?, ?, ?, ?)`,
			a.ID, n, speaker, string(rec)); err != nil {
			return err
		}
	}
	return nil
}

// SpeakerName returns the canonical name of the quote speaker as a names
// them: the entity whose name or alias the speaker is, else the speaker as
// written ("" for an unattributed quote).
func SpeakerName(a model.Article, speaker string) string {
	speaker = strings.TrimSpace(speaker)
	if speaker == "" {
		return ""
	}
	for _, e := range a.Entities {
		if strings.EqualFold(e.Name, speaker) {
			return e.Name
		}
		for _, al := range e.Aliases {
			if strings.EqualFold(al, speaker) {
				return e.Name
			}
		}
	}
	return speaker
}

func nonNil[T any](s []T) []T {
	if s == nil {
		return []T{}
	}
	return s
}

// Article returns one article.
func (s *Store) Article(ctx context.Context, id string) (model.Article, error) {
	var rec []byte
	var a model.Article
	var story, event, dup string
	err := s.db.QueryRowContext(ctx, `SELECT record, story_id, event_id, duplicate_of FROM articles WHERE id = ?`, id).
		Scan(&rec, &story, &event, &dup)
	if errors.Is(err, sql.ErrNoRows) {
		return a, fmt.Errorf("sqlite: article %q: %w", id, store.ErrNotFound)
	}
	if err != nil {
		return a, fmt.Errorf("sqlite: article %q: %w", id, err)
	}
	if err := json.Unmarshal(rec, &a); err != nil {
		return a, fmt.Errorf("sqlite: article %q: decode: %w", id, err)
	}
	a.ID, a.Story, a.Event, a.DuplicateOf = id, story, event, dup
	return a, nil
}

// CountArticles returns the number of stored articles.
func (s *Store) CountArticles(ctx context.Context) (int, error) {
	var n int
	if err := s.db.QueryRowContext(ctx, `SELECT count(*) FROM articles`).Scan(&n); err != nil {
		return 0, fmt.Errorf("sqlite: count articles: %w", err)
	}
	return n, nil
}

const refColumns = `a.id, a.url, a.outlet, a.headline, a.standfirst, a.published, a.story_id, a.event_id, a.duplicate_of, a.ingested_at`

type scanner interface{ Scan(dest ...any) error }

func scanRef(sc scanner, extra ...any) (store.ArticleRef, error) {
	var r store.ArticleRef
	var ingested string
	dest := append([]any{&r.ID, &r.URL, &r.Outlet, &r.Headline, &r.Standfirst, &r.Published, &r.Story, &r.Event, &r.DuplicateOf, &ingested}, extra...)
	if err := sc.Scan(dest...); err != nil {
		return r, err
	}
	r.Ingested, _ = time.Parse(timeFormat, ingested)
	return r, nil
}

func (s *Store) refs(ctx context.Context, what, query string, args ...any) ([]store.ArticleRef, error) {
	rows, err := s.db.QueryContext(ctx, query, args...)
	if err != nil {
		return nil, fmt.Errorf("sqlite: %s: %w", what, err)
	}
	defer rows.Close()
	var out []store.ArticleRef
	for rows.Next() {
		r, err := scanRef(rows)
		if err != nil {
			return nil, fmt.Errorf("sqlite: %s: %w", what, err)
		}
		out = append(out, r)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("sqlite: %s: %w", what, err)
	}
	return out, nil
}

// StoryArticles returns a story's articles, oldest first.
func (s *Store) StoryArticles(ctx context.Context, storyID string) ([]store.ArticleRef, error) {
	return s.refs(ctx, "story articles", `SELECT `+refColumns+` FROM articles a WHERE a.story_id = ? ORDER BY a.published, a.id`, storyID)
}

// SaveClusters replaces the cluster fields of arts and every event and story.
func (s *Store) SaveClusters(ctx context.Context, arts []model.Article, events []store.Event, stories []store.Story) error {
	tx, err := s.db.BeginTx(ctx, nil)
	if err != nil {
		return fmt.Errorf("sqlite: save clusters: %w", err)
	}
	defer tx.Rollback()
	upd, err := tx.PrepareContext(ctx, `UPDATE articles SET story_id = ?, event_id = ?, duplicate_of = ?
		WHERE id = ? AND (story_id != ? OR event_id != ? OR duplicate_of != ?)`)
	if err != nil {
		return fmt.Errorf("sqlite: save clusters: %w", err)
	}
	defer upd.Close()
	for _, a := range arts {
		if _, err := upd.ExecContext(ctx, a.Story, a.Event, a.DuplicateOf, a.ID, a.Story, a.Event, a.DuplicateOf); err != nil {
			return fmt.Errorf("sqlite: save clusters: article %s: %w", a.ID, err)
		}
	}
	// A story whose view did not change keeps its update time, so feeds do
	// not announce it again.
	prev := map[string][2]string{}
	rows, err := tx.QueryContext(ctx, `SELECT id, view, updated_at FROM stories`)
	if err != nil {
		return fmt.Errorf("sqlite: save clusters: %w", err)
	}
	for rows.Next() {
		var id, view, at string
		if err := rows.Scan(&id, &view, &at); err != nil {
			rows.Close()
			return fmt.Errorf("sqlite: save clusters: %w", err)
		}
		prev[id] = [2]string{view, at}
	}
	rows.Close()
	for _, q := range []string{`DELETE FROM events`, `DELETE FROM stories`} {
		if _, err := tx.ExecContext(ctx, q); err != nil {
			return fmt.Errorf("sqlite: save clusters: %w", err)
		}
	}
	now := s.now().Format(timeFormat)
	newest := newestOf(ctx, tx, stories)
	for _, st := range stories {
		view := jsonOr(st.View, "{}")
		at := now
		if p, ok := prev[st.ID]; ok && p[0] == view {
			at = p[1]
		}
		evs, _ := json.Marshal(nonNil(st.Events))
		outs, _ := json.Marshal(nonNil(st.Outlets))
		if _, err := tx.ExecContext(ctx, `INSERT INTO stories (id, title, summary, articles, sources, first_pub, last_pub, rank, events, outlets, view, updated_at)
			VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
			st.ID, st.Title, st.Summary, st.Articles, st.Sources, st.First, st.Last, store.RankKey(st.Sources, st.Last, newest), string(evs), string(outs), view, at); err != nil {
			return fmt.Errorf("sqlite: save story %s: %w", st.ID, err)
		}
	}
	for _, e := range events {
		if _, err := tx.ExecContext(ctx, `INSERT INTO events (id, story_id, title, articles, sources, first_pub, last_pub, view)
			VALUES (?, ?, ?, ?, ?, ?, ?, ?)`,
			e.ID, e.Story, e.Title, e.Articles, e.Sources, e.First, e.Last, jsonOr(e.View, "{}")); err != nil {
			return fmt.Errorf("sqlite: save event %s: %w", e.ID, err)
		}
	}
	if err := tx.Commit(); err != nil {
		return fmt.Errorf("sqlite: save clusters: %w", err)
	}
	return nil
}

func jsonOr(b []byte, def string) string {
	if len(b) == 0 {
		return def
	}
	return string(b)
}

// storyColumns are the columns scanStory reads. The days of an undated
// story are only in its view: json_extract reads them for those stories
// alone, so a list of dated stories parses no view.
const storyColumns = `id, title, summary, articles, sources, first_pub, last_pub,
	CASE WHEN first_pub = '' THEN coalesce(json_extract(view, '$.days'), 0) ELSE 0 END, rank, events, outlets, updated_at`

func scanStory(sc scanner, withView bool) (store.Story, error) {
	var st store.Story
	var evs, outs, at string
	dest := []any{&st.ID, &st.Title, &st.Summary, &st.Articles, &st.Sources, &st.First, &st.Last, &st.Days, &st.Rank, &evs, &outs, &at}
	if withView {
		dest = append(dest, &st.View)
	}
	if err := sc.Scan(dest...); err != nil {
		return st, err
	}
	st.Updated, _ = time.Parse(timeFormat, at)
	if err := json.Unmarshal([]byte(evs), &st.Events); err != nil {
		return st, fmt.Errorf("decode events: %w", err)
	}
	if err := json.Unmarshal([]byte(outs), &st.Outlets); err != nil {
		return st, fmt.Errorf("decode outlets: %w", err)
	}
	return st, nil
}

// Stories returns stories, highest rank first.
func (s *Store) Stories(ctx context.Context, limit, offset int) ([]store.Story, error) {
	if limit <= 0 {
		limit = 20
	}
	rows, err := s.db.QueryContext(ctx, `SELECT `+storyColumns+` FROM stories ORDER BY rank DESC, last_pub DESC, id LIMIT ? OFFSET ?`, limit, max(offset, 0))
	if err != nil {
		return nil, fmt.Errorf("sqlite: stories: %w", err)
	}
	defer rows.Close()
	var out []store.Story
	for rows.Next() {
		st, err := scanStory(rows, false)
		if err != nil {
			return nil, fmt.Errorf("sqlite: stories: %w", err)
		}
		out = append(out, st)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("sqlite: stories: %w", err)
	}
	rows.Close()
	if err := s.rank(ctx, out); err != nil {
		return nil, fmt.Errorf("sqlite: stories: %w", err)
	}
	return out, nil
}

// rank turns the rank keys of stories into their ranks as of the newest
// stored article (see store.RankKey).
func (s *Store) rank(ctx context.Context, sts []store.Story) error {
	if len(sts) == 0 {
		return nil
	}
	newest, err := s.NewestPublished(ctx)
	if err != nil {
		return err
	}
	for i := range sts {
		sts[i].Rank = store.Rank(sts[i].Sources, sts[i].Last, newest)
	}
	return nil
}

// Story returns one story with its view.
func (s *Store) Story(ctx context.Context, id string) (store.Story, error) {
	st, err := scanStory(s.db.QueryRowContext(ctx, `SELECT `+storyColumns+`, view FROM stories WHERE id = ?`, id), true)
	if errors.Is(err, sql.ErrNoRows) {
		return st, fmt.Errorf("sqlite: story %q: %w", id, store.ErrNotFound)
	}
	if err != nil {
		return st, fmt.Errorf("sqlite: story %q: %w", id, err)
	}
	one := []store.Story{st}
	if err := s.rank(ctx, one); err != nil {
		return st, fmt.Errorf("sqlite: story %q: %w", id, err)
	}
	return one[0], nil
}

// StoryEvents returns a story's events, oldest first.
func (s *Store) StoryEvents(ctx context.Context, storyID string) ([]store.Event, error) {
	rows, err := s.db.QueryContext(ctx, `SELECT id, story_id, title, articles, sources, first_pub, last_pub, view
		FROM events WHERE story_id = ? ORDER BY first_pub, id`, storyID)
	if err != nil {
		return nil, fmt.Errorf("sqlite: story events: %w", err)
	}
	defer rows.Close()
	var out []store.Event
	for rows.Next() {
		var e store.Event
		if err := rows.Scan(&e.ID, &e.Story, &e.Title, &e.Articles, &e.Sources, &e.First, &e.Last, &e.View); err != nil {
			return nil, fmt.Errorf("sqlite: story events: %w", err)
		}
		out = append(out, e)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("sqlite: story events: %w", err)
	}
	return out, nil
}

// Entity returns one entity with its counts.
func (s *Store) Entity(ctx context.Context, id string) (store.Entity, error) {
	var e store.Entity
	var aliases string
	err := s.db.QueryRowContext(ctx, `SELECT e.id, e.name, e.type, e.aliases,
		(SELECT count(*) FROM mentions m WHERE m.entity_id = e.id),
		(SELECT coalesce(sum(count), 0) FROM mentions m WHERE m.entity_id = e.id)
		FROM entities e WHERE e.id = ?`, id).Scan(&e.ID, &e.Name, &e.Type, &aliases, &e.Articles, &e.Mentions)
	if errors.Is(err, sql.ErrNoRows) {
		return e, fmt.Errorf("sqlite: entity %q: %w", id, store.ErrNotFound)
	}
	if err != nil {
		return e, fmt.Errorf("sqlite: entity %q: %w", id, err)
	}
	if err := json.Unmarshal([]byte(aliases), &e.Aliases); err != nil {
		return e, fmt.Errorf("sqlite: entity %q: decode aliases: %w", id, err)
	}
	return e, nil
}

// EntityArticles returns the articles that name an entity, newest first.
func (s *Store) EntityArticles(ctx context.Context, id string, limit int) ([]store.ArticleRef, error) {
	if limit <= 0 {
		limit = 50
	}
	return s.refs(ctx, "entity articles", `SELECT `+refColumns+` FROM mentions m JOIN articles a ON a.id = m.article_id
		WHERE m.entity_id = ? ORDER BY a.published DESC, a.id LIMIT ?`, id, limit)
}

// EntityMentionDays returns an entity's articles and mentions per
// publication day, oldest first.
func (s *Store) EntityMentionDays(ctx context.Context, id string) ([]store.MentionDay, error) {
	rows, err := s.db.QueryContext(ctx, `SELECT substr(a.published, 1, 10) AS day, COUNT(*), SUM(m.count)
		FROM mentions m JOIN articles a ON a.id = m.article_id
		WHERE m.entity_id = ? AND length(a.published) >= 10 GROUP BY day ORDER BY day`, id)
	if err != nil {
		return nil, fmt.Errorf("sqlite: entity mention days: %w", err)
	}
	defer rows.Close()
	var out []store.MentionDay
	for rows.Next() {
		var d store.MentionDay
		if err := rows.Scan(&d.Day, &d.Articles, &d.Mentions); err != nil {
			return nil, fmt.Errorf("sqlite: entity mention days: %w", err)
		}
		out = append(out, d)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("sqlite: entity mention days: %w", err)
	}
	return out, nil
}

// EntityQuotes returns what an entity is quoted as saying, newest first.
func (s *Store) EntityQuotes(ctx context.Context, id string, limit int) ([]store.Said, error) {
	if limit <= 0 {
		limit = 50
	}
	rows, err := s.db.QueryContext(ctx, `SELECT `+refColumns+`, q.record FROM quotes q JOIN articles a ON a.id = q.article_id
		WHERE q.speaker_id = ? ORDER BY a.published DESC, a.id, q.n LIMIT ?`, id, limit)
	if err != nil {
		return nil, fmt.Errorf("sqlite: entity quotes: %w", err)
	}
	defer rows.Close()
	var out []store.Said
	for rows.Next() {
		var rec []byte
		r, err := scanRef(rows, &rec)
		if err != nil {
			return nil, fmt.Errorf("sqlite: entity quotes: %w", err)
		}
		sd := store.Said{Article: r}
		if err := json.Unmarshal(rec, &sd.Quote); err != nil {
			return nil, fmt.Errorf("sqlite: entity quotes: decode: %w", err)
		}
		out = append(out, sd)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("sqlite: entity quotes: %w", err)
	}
	return out, nil
}

// EntityStories returns the stories whose articles name the entity or quote it.
func (s *Store) EntityStories(ctx context.Context, id string) ([]string, error) {
	rows, err := s.db.QueryContext(ctx, `SELECT a.story_id FROM articles a WHERE a.story_id != '' AND a.id IN (
			SELECT article_id FROM mentions WHERE entity_id = ? UNION SELECT article_id FROM quotes WHERE speaker_id = ?)
		GROUP BY a.story_id ORDER BY max(a.published) DESC`, id, id)
	if err != nil {
		return nil, fmt.Errorf("sqlite: entity stories: %w", err)
	}
	defer rows.Close()
	var out []string
	for rows.Next() {
		var sid string
		if err := rows.Scan(&sid); err != nil {
			return nil, fmt.Errorf("sqlite: entity stories: %w", err)
		}
		out = append(out, sid)
	}
	return out, rows.Err()
}

// MatchQuery turns what a reader typed into an FTS5 query: every word and
// every "quoted phrase" is required, as a literal (so FTS5 operators and
// punctuation in the input cannot make a syntax error); a trailing * on a
// word keeps its prefix meaning (see store.SearchTerms). It returns "" when
// there is nothing to find.
func MatchQuery(text string) string {
	var terms []string
	for _, t := range store.SearchTerms(text) {
		q := `"` + strings.ReplaceAll(t.Text, `"`, `""`) + `"`
		if t.Prefix {
			q += "*"
		}
		terms = append(terms, q)
	}
	return strings.Join(terms, " ")
}

// rankWindow is how many of the latest matches a broad search ranks.
const rankWindow = 3000

// Search runs a full-text search with filters.
func (s *Store) Search(ctx context.Context, q store.SearchQuery) ([]store.SearchHit, error) {
	for _, f := range []struct{ name, val string }{{"outlet", q.Outlet}, {"entity", q.Entity}, {"from", q.From}, {"to", q.To}} {
		if err := store.CheckText(f.name, f.val, false); err != nil {
			return nil, fmt.Errorf("sqlite: search: %w", err)
		}
	}
	if err := store.CheckSearchText(q.Text); err != nil {
		return nil, fmt.Errorf("sqlite: search: %w", err)
	}
	match := MatchQuery(q.Text)
	if match == "" && q.Outlet == "" && q.Entity == "" && q.From == "" && q.To == "" {
		return nil, fmt.Errorf("sqlite: search: %w: nothing to search for", store.ErrInvalid)
	}
	limit := q.Limit
	if limit <= 0 {
		limit = 20
	}
	var where []string
	var args []any
	var sel, from, order string
	if match != "" {
		sel = `snippet(articles_fts, -1, char(2), char(3), '…', 24)`
		from = `articles_fts JOIN articles a ON a.seq = articles_fts.rowid`
		where = append(where, `articles_fts MATCH ?`)
		args = append(args, match)
		order = `articles_fts.rank`
		if q.Newest {
			order = `a.published DESC, a.seq DESC`
		}
	} else {
		sel = `a.standfirst`
		from = `articles a`
		order = `a.published DESC, a.id`
	}
	if q.Outlet != "" {
		where = append(where, `a.outlet = ?`)
		args = append(args, q.Outlet)
	}
	if q.From != "" {
		where = append(where, `substr(a.published, 1, 10) >= ?`)
		args = append(args, q.From)
	}
	if q.To != "" {
		where = append(where, `a.published != '' AND substr(a.published, 1, 10) <= ?`)
		args = append(args, q.To)
	}
	if q.Entity != "" {
		where = append(where, `EXISTS (SELECT 1 FROM mentions m WHERE m.article_id = a.id AND m.entity_id = ?)`)
		args = append(args, q.Entity)
	}
	if !q.Since.IsZero() {
		where = append(where, `a.ingested_at > ?`)
		args = append(args, q.Since.UTC().Format(timeFormat))
	}
	sctx, done, err := s.startSearch(ctx)
	if err != nil {
		return nil, err
	}
	defer done()
	if match != "" && !q.Newest && len(where) == 1 {
		// Ranking scores every match before it can return the best: for
		// words half the store has, that is seconds. A search matching
		// more than rankWindow articles ranks the latest rankWindow of
		// them, found by walking the index newest first, which costs
		// little; for news the latest are the ones wanted anyway.
		var cutoff int64
		err := s.db.QueryRowContext(sctx, `SELECT rowid FROM articles_fts WHERE articles_fts MATCH ? ORDER BY rowid DESC LIMIT 1 OFFSET ?`,
			match, rankWindow-1).Scan(&cutoff)
		switch {
		case err == nil:
			where = append(where, `articles_fts.rowid >= ?`)
			args = append(args, cutoff)
		case !errors.Is(err, sql.ErrNoRows):
			return nil, s.searchFailed(ctx, sctx, err)
		}
	}
	query := `SELECT ` + refColumns + `, ` + sel + ` FROM ` + from
	if len(where) > 0 {
		query += ` WHERE ` + strings.Join(where, ` AND `)
	}
	query += ` ORDER BY ` + order + ` LIMIT ? OFFSET ?`
	args = append(args, limit, max(q.Offset, 0))
	rows, err := s.db.QueryContext(sctx, query, args...)
	if err != nil {
		return nil, s.searchFailed(ctx, sctx, err)
	}
	defer rows.Close()
	var out []store.SearchHit
	for rows.Next() {
		var h store.SearchHit
		r, err := scanRef(rows, &h.Snippet)
		if err != nil {
			return nil, s.searchFailed(ctx, sctx, err)
		}
		h.ArticleRef = r
		out = append(out, h)
	}
	if err := rows.Err(); err != nil {
		return nil, s.searchFailed(ctx, sctx, err)
	}
	return out, nil
}

// Outlets returns every outlet with its article count.
func (s *Store) Outlets(ctx context.Context) ([]store.OutletStat, error) {
	rows, err := s.db.QueryContext(ctx, `SELECT outlet, count(*),
		coalesce(min(nullif(substr(published, 1, 10), '')), ''), coalesce(max(substr(published, 1, 10)), '')
		FROM articles GROUP BY outlet ORDER BY count(*) DESC, outlet`)
	if err != nil {
		return nil, fmt.Errorf("sqlite: outlets: %w", err)
	}
	defer rows.Close()
	var out []store.OutletStat
	for rows.Next() {
		var o store.OutletStat
		if err := rows.Scan(&o.Outlet, &o.Articles, &o.First, &o.Last); err != nil {
			return nil, fmt.Errorf("sqlite: outlets: %w", err)
		}
		out = append(out, o)
	}
	return out, rows.Err()
}

// followID derives a follow's ID from whose it is and what it follows, so
// that one user following the same thing twice has one follow. (Follows
// made before accounts keep the IDs they had, derived without a user.)
func followID(userID, kind, target string) string {
	sum := sha256.Sum256([]byte(userID + "\x00" + kind + "\x00" + target))
	return "f" + hex.EncodeToString(sum[:6])
}

// AddFollow saves a follow for f.User.
func (s *Store) AddFollow(ctx context.Context, f store.Follow) (store.Follow, error) {
	f.Target = strings.TrimSpace(f.Target)
	for _, field := range []struct{ name, val string }{{"kind", f.Kind}, {"target", f.Target}, {"label", f.Label}} {
		if err := store.CheckText(field.name, field.val, false); err != nil {
			return f, fmt.Errorf("sqlite: add follow: %w", err)
		}
	}
	switch {
	case f.User == "":
		return f, fmt.Errorf("sqlite: add follow: %w: no user", store.ErrInvalid)
	case f.Kind != store.FollowSearch && f.Kind != store.FollowEntity && f.Kind != store.FollowStory:
		return f, fmt.Errorf("sqlite: add follow: %w: kind must be %q, %q or %q", store.ErrInvalid, store.FollowSearch, store.FollowEntity, store.FollowStory)
	case f.Kind == store.FollowSearch && MatchQuery(f.Target) == "":
		return f, fmt.Errorf("sqlite: add follow: %w: a saved search needs words to search for", store.ErrInvalid)
	case f.Kind == store.FollowSearch:
		if err := store.CheckSearchText(f.Target); err != nil {
			return f, fmt.Errorf("sqlite: add follow: %w", err)
		}
	case f.Target == "":
		return f, fmt.Errorf("sqlite: add follow: %w: nothing to follow", store.ErrInvalid)
	}
	if f.Kind == store.FollowStory {
		st, err := s.standingStory(ctx, f.Target)
		if errors.Is(err, store.ErrNotFound) {
			return f, fmt.Errorf("sqlite: add follow: %w: no story with ID %s", store.ErrInvalid, f.Target)
		}
		if err != nil {
			return f, fmt.Errorf("sqlite: add follow: %w", err)
		}
		f.Target = st.ID
		if f.Label == "" {
			f.Label = st.Title
		}
	}
	if f.Label == "" {
		f.Label = f.Target
	}
	now := s.now()
	if _, err := s.db.ExecContext(ctx, `INSERT INTO follows (id, user_id, kind, target, label, created_at, seen_at)
		SELECT ?, id, ?, ?, ?, ?, ? FROM users WHERE id = ?
		ON CONFLICT (user_id, kind, target) DO NOTHING`,
		followID(f.User, f.Kind, f.Target), f.Kind, f.Target, f.Label, now.Format(timeFormat), now.Format(timeFormat), f.User); err != nil {
		return f, fmt.Errorf("sqlite: add follow: %w", err)
	}
	got, err := scanFollow(s.db.QueryRowContext(ctx, `SELECT `+followColumns+` FROM follows WHERE user_id = ? AND kind = ? AND target = ?`, f.User, f.Kind, f.Target))
	if errors.Is(err, sql.ErrNoRows) {
		return f, fmt.Errorf("sqlite: add follow: %w: no user %q", store.ErrInvalid, f.User)
	}
	if err != nil {
		return f, fmt.Errorf("sqlite: add follow: %w", err)
	}
	got.New, err = s.countNew(ctx, got)
	return got, err
}

// standingStory returns the story id names, or the one it merged into.
func (s *Store) standingStory(ctx context.Context, id string) (store.Story, error) {
	st, err := s.Story(ctx, id)
	if errors.Is(err, store.ErrNotFound) {
		if to, ok := store.MovedTo(ctx, s, id); ok {
			return s.Story(ctx, to)
		}
	}
	return st, err
}

const followColumns = `id, coalesce(user_id, ''), kind, target, label, created_at, seen_at`

// Follows returns the user's follows with their counts of new matches.
// One follow that cannot be read (a row written by an older version that
// a search now refuses, a corrupt time) does not hide the others: a row
// that cannot be scanned is skipped and logged, and a follow whose matches
// cannot be counted is listed with none, so that it can still be seen and
// removed.
func (s *Store) Follows(ctx context.Context, userID string) ([]store.Follow, error) {
	rows, err := s.db.QueryContext(ctx, `SELECT `+followColumns+` FROM follows WHERE user_id = ? ORDER BY created_at, id`, userID)
	if err != nil {
		return nil, fmt.Errorf("sqlite: follows: %w", err)
	}
	var out []store.Follow
	for rows.Next() {
		f, err := scanFollow(rows)
		if err != nil {
			slog.Warn("skipped a follow that cannot be read", slog.String("id", f.ID), slog.Any("error", err))
			continue
		}
		out = append(out, f)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("sqlite: follows: %w", err)
	}
	for i := range out {
		if out[i].New, err = s.countNew(ctx, out[i]); err != nil {
			if ctx.Err() != nil {
				return nil, err
			}
			slog.Warn("cannot count a follow's new matches", slog.String("id", out[i].ID), slog.Any("error", err))
		}
	}
	return out, nil
}

func scanFollow(sc scanner) (store.Follow, error) {
	var f store.Follow
	var created, seen string
	if err := sc.Scan(&f.ID, &f.User, &f.Kind, &f.Target, &f.Label, &created, &seen); err != nil {
		return f, err
	}
	f.Created, _ = time.Parse(timeFormat, created)
	f.Seen, _ = time.Parse(timeFormat, seen)
	return f, nil
}

// maxNew caps the count of new matches: past it the UI says "100+".
const maxNew = 100

func (s *Store) countNew(ctx context.Context, f store.Follow) (int, error) {
	hits, err := s.matches(ctx, f, f.Seen, maxNew)
	return len(hits), err
}

func (s *Store) matches(ctx context.Context, f store.Follow, since time.Time, limit int) ([]store.SearchHit, error) {
	if f.Kind == store.FollowStory {
		return s.storyMatches(ctx, f, since, limit)
	}
	q := store.SearchQuery{Since: since, Limit: limit, Newest: true}
	if f.Kind == store.FollowEntity {
		q.Entity = f.Target
	} else {
		q.Text = f.Target
	}
	hits, err := s.Search(ctx, q)
	if err != nil && !errors.Is(err, store.ErrInvalid) {
		return nil, fmt.Errorf("sqlite: follow %s: %w", f.ID, err)
	}
	return hits, nil
}

// storyMatches returns the articles of a followed story (or of the story
// it merged into) that arrived after since, latest arrivals first.
func (s *Store) storyMatches(ctx context.Context, f store.Follow, since time.Time, limit int) ([]store.SearchHit, error) {
	id := f.Target
	if to, ok := store.MovedTo(ctx, s, id); ok {
		id = to
	}
	rows, err := s.db.QueryContext(ctx, `SELECT `+refColumns+`, a.standfirst FROM articles a
		WHERE a.story_id = ? AND a.ingested_at > ? ORDER BY a.ingested_at DESC, a.seq DESC LIMIT ?`,
		id, since.UTC().Format(timeFormat), limit)
	if err != nil {
		return nil, fmt.Errorf("sqlite: follow %s: %w", f.ID, err)
	}
	defer rows.Close()
	var out []store.SearchHit
	for rows.Next() {
		var h store.SearchHit
		if h.ArticleRef, err = scanRef(rows, &h.Snippet); err != nil {
			return nil, fmt.Errorf("sqlite: follow %s: %w", f.ID, err)
		}
		out = append(out, h)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("sqlite: follow %s: %w", f.ID, err)
	}
	return out, nil
}

// Follow returns one of the user's follows with its count of new matches.
func (s *Store) Follow(ctx context.Context, userID, id string) (store.Follow, error) {
	f, err := scanFollow(s.db.QueryRowContext(ctx, `SELECT `+followColumns+` FROM follows WHERE id = ? AND user_id = ?`, id, userID))
	if errors.Is(err, sql.ErrNoRows) {
		return f, fmt.Errorf("sqlite: follow %q: %w", id, store.ErrNotFound)
	}
	if err != nil {
		return f, fmt.Errorf("sqlite: follow %q: %w", id, err)
	}
	f.New, err = s.countNew(ctx, f)
	return f, err
}

// FollowMatches returns a follow's latest matches, newest first.
func (s *Store) FollowMatches(ctx context.Context, userID, id string, limit int) ([]store.SearchHit, error) {
	f, err := s.Follow(ctx, userID, id)
	if err != nil {
		return nil, err
	}
	return s.matches(ctx, f, time.Time{}, max(limit, 1))
}

// UnreadMatches returns a follow's matches that arrived after its read mark.
func (s *Store) UnreadMatches(ctx context.Context, userID, id string, limit int) ([]store.SearchHit, error) {
	f, err := s.Follow(ctx, userID, id)
	if err != nil {
		return nil, err
	}
	return s.matches(ctx, f, f.Seen, max(limit, 1))
}

// MarkFollowSeen records that the follow's matches up to at were seen.
func (s *Store) MarkFollowSeen(ctx context.Context, userID, id string, at time.Time) error {
	res, err := s.db.ExecContext(ctx, `UPDATE follows SET seen_at = ? WHERE id = ? AND user_id = ?`, at.UTC().Format(timeFormat), id, userID)
	if err != nil {
		return fmt.Errorf("sqlite: mark follow %q seen: %w", id, err)
	}
	if n, _ := res.RowsAffected(); n == 0 {
		return fmt.Errorf("sqlite: mark follow %q seen: %w", id, store.ErrNotFound)
	}
	return nil
}

// DeleteFollow removes one of the user's follows.
func (s *Store) DeleteFollow(ctx context.Context, userID, id string) error {
	res, err := s.db.ExecContext(ctx, `DELETE FROM follows WHERE id = ? AND user_id = ?`, id, userID)
	if err != nil {
		return fmt.Errorf("sqlite: delete follow %q: %w", id, err)
	}
	if n, _ := res.RowsAffected(); n == 0 {
		return fmt.Errorf("sqlite: delete follow %q: %w", id, store.ErrNotFound)
	}
	return nil
}
