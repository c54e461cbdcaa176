package sqlite

import (
	"bytes"
	"compress/gzip"
	"context"
	"crypto/sha256"
	"database/sql"
	"encoding/binary"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"slices"
	"sort"
	"strings"

	"github.com/storyline-news/storyline/internal/model"
	"github.com/storyline-news/storyline/internal/store"
)

var (
	_ store.Settler    = (*Store)(nil)
	_ store.Redirector = (*Store)(nil)
)

// encodeOwn returns an article's own analysis as stored (gzipped JSON,
// without sentences or cluster fields) and its hash.
func encodeOwn(a model.Article) (gz []byte, hash string, err error) {
	a.Sentences = nil
	a.Event, a.Story, a.DuplicateOf = "", "", ""
	raw, err := json.Marshal(a)
	if err != nil {
		return nil, "", fmt.Errorf("encode article %s: %w", a.ID, err)
	}
	sum := sha256.Sum256(raw)
	var buf bytes.Buffer
	zw, _ := gzip.NewWriterLevel(&buf, gzip.BestSpeed)
	zw.Write(raw)
	if err := zw.Close(); err != nil {
		return nil, "", err
	}
	return buf.Bytes(), hex.EncodeToString(sum[:]), nil
}

func decodeOwn(gz []byte, a *model.Article) error {
	zr, err := gzip.NewReader(bytes.NewReader(gz))
	if err != nil {
		return err
	}
	raw, err := io.ReadAll(zr)
	if err != nil {
		return err
	}
	return json.Unmarshal(raw, a)
}

// SaveOwn stores own analyses; see store.Settler.
func (s *Store) SaveOwn(ctx context.Context, arts []model.Article, srcs []store.Source, ix store.Indexer) ([]store.Outcome, error) {
	if srcs != nil && len(srcs) != len(arts) {
		return nil, fmt.Errorf("sqlite: save articles: %w: %d sources for %d articles", store.ErrInvalid, len(srcs), len(arts))
	}
	out := make([]store.Outcome, len(arts))
	tx, err := s.db.BeginTx(ctx, nil)
	if err != nil {
		return nil, fmt.Errorf("sqlite: save articles: %w", err)
	}
	defer tx.Rollback()
	now := s.now().Format(timeFormat)
	df := map[string]int{}
	for i, a := range arts {
		if a.ID == "" {
			return nil, fmt.Errorf("sqlite: save article #%d: %w: no ID", i, store.ErrInvalid)
		}
		var src *store.Source
		if srcs != nil {
			src = &srcs[i]
		}
		o, err := saveOwn(ctx, tx, a, src, ix, df, now)
		if err != nil {
			return nil, fmt.Errorf("sqlite: save article %s: %w", a.ID, err)
		}
		out[i] = o
	}
	if err := addDF(ctx, tx, df); err != nil {
		return nil, fmt.Errorf("sqlite: save articles: %w", err)
	}
	if err := tx.Commit(); err != nil {
		return nil, fmt.Errorf("sqlite: save articles: %w", err)
	}
	return out, nil
}

func saveOwn(ctx context.Context, tx *sql.Tx, a model.Article, src *store.Source, ix store.Indexer, df map[string]int, now string) (store.Outcome, error) {
	gz, hash, err := encodeOwn(a)
	if err != nil {
		return 0, err
	}
	var seq int64
	var oldHash string
	var oldOwn, oldRecord []byte
	err = tx.QueryRowContext(ctx, `SELECT seq, content_hash, own, record FROM articles WHERE id = ?`, a.ID).Scan(&seq, &oldHash, &oldOwn, &oldRecord)
	outcome := store.New
	switch {
	case errors.Is(err, sql.ErrNoRows):
		// Until it is settled, its record is its own analysis.
		record, _, err := encodeArticle(a)
		if err != nil {
			return 0, err
		}
		res, err := tx.ExecContext(ctx, `INSERT INTO articles
			(id, url, outlet, headline, standfirst, published, content_hash, record, own, settled, ingested_at, updated_at)
			VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, 0, ?, ?)`,
			a.ID, a.URL, a.Outlet, a.Headline, a.Standfirst, a.Published, hash, record, gz, now, now)
		if err != nil {
			return 0, err
		}
		if seq, err = res.LastInsertId(); err != nil {
			return 0, err
		}
	case err != nil:
		return 0, err
	case oldHash == hash && oldOwn != nil:
		return store.Unchanged, nil
	default:
		outcome = store.Updated
		var old model.Article
		if oldOwn != nil {
			err = decodeOwn(oldOwn, &old)
		} else {
			err = json.Unmarshal(oldRecord, &old) // a store from before own analyses were kept
		}
		if err != nil {
			return 0, fmt.Errorf("decode stored article: %w", err)
		}
		if oldOwn != nil {
			// (A store from before own analyses were kept never counted it.)
			for _, t := range ix.Terms(&old) {
				df[t]--
			}
			df[""]--
		}
		if _, err := tx.ExecContext(ctx, `UPDATE articles SET content_hash = ?, own = ?, settled = 0, updated_at = ? WHERE seq = ?`,
			hash, gz, now, seq); err != nil {
			return 0, err
		}
		// Out of the indexes until settled.
		if err := unindexText(ctx, tx, seq, a.ID); err != nil {
			return 0, err
		}
		if _, err := tx.ExecContext(ctx, `DELETE FROM copy_bands WHERE seq = ?`, seq); err != nil {
			return 0, err
		}
	}
	for _, t := range ix.Terms(&a) {
		df[t]++
	}
	df[""]++ // the count of articles
	for _, b := range ix.Bands(&a) {
		if _, err := tx.ExecContext(ctx, `INSERT OR IGNORE INTO copy_bands (band, seq) VALUES (?, ?)`, int64(b), seq); err != nil {
			return 0, err
		}
	}
	if src != nil {
		if err := saveSource(ctx, tx, seq, *src); err != nil {
			return 0, err
		}
	}
	return outcome, nil
}

// saveSource keeps an article's document and its line hashes.
func saveSource(ctx context.Context, tx *sql.Tx, seq int64, src store.Source) error {
	var doc []byte
	if src.Doc != nil {
		raw, err := json.Marshal(src.Doc)
		if err != nil {
			return fmt.Errorf("encode source: %w", err)
		}
		doc = gzipBytes(raw)
	}
	if _, err := tx.ExecContext(ctx, `UPDATE articles SET source = ? WHERE seq = ?`, doc, seq); err != nil {
		return err
	}
	for _, q := range []string{`DELETE FROM doc_lines WHERE seq = ?`, `DELETE FROM doc_prose WHERE seq = ?`} {
		if _, err := tx.ExecContext(ctx, q, seq); err != nil {
			return err
		}
	}
	for _, h := range src.Lines {
		if _, err := tx.ExecContext(ctx, `INSERT OR IGNORE INTO doc_lines (hash, seq) VALUES (?, ?)`, int64(h), seq); err != nil {
			return err
		}
	}
	if len(src.Lines)+len(src.Prose) > 0 {
		b := make([]byte, 8*len(src.Prose))
		for i, h := range src.Prose {
			binary.LittleEndian.PutUint64(b[8*i:], h)
		}
		if _, err := tx.ExecContext(ctx, `INSERT INTO doc_prose (seq, hashes) VALUES (?, ?)`, seq, b); err != nil {
			return err
		}
	}
	return nil
}

func gzipBytes(raw []byte) []byte {
	var buf bytes.Buffer
	zw, _ := gzip.NewWriterLevel(&buf, gzip.BestSpeed)
	zw.Write(raw)
	zw.Close()
	return buf.Bytes()
}

func gunzip(gz []byte) ([]byte, error) {
	zr, err := gzip.NewReader(bytes.NewReader(gz))
	if err != nil {
		return nil, err
	}
	return io.ReadAll(zr)
}

// LineHolders returns stored documents holding each line hash.
func (s *Store) LineHolders(ctx context.Context, lines []uint64, limit int) (map[uint64][]string, error) {
	q, err := s.db.PrepareContext(ctx, `SELECT a.id FROM doc_lines l JOIN articles a ON a.seq = l.seq
		WHERE l.hash = ? ORDER BY l.seq DESC LIMIT ?`)
	if err != nil {
		return nil, fmt.Errorf("sqlite: line holders: %w", err)
	}
	defer q.Close()
	out := map[uint64][]string{}
	for _, h := range lines {
		rows, err := q.QueryContext(ctx, int64(h), limit)
		if err != nil {
			return nil, fmt.Errorf("sqlite: line holders: %w", err)
		}
		for rows.Next() {
			var id string
			if err := rows.Scan(&id); err != nil {
				rows.Close()
				return nil, fmt.Errorf("sqlite: line holders: %w", err)
			}
			out[h] = append(out[h], id)
		}
		rows.Close()
		if err := rows.Err(); err != nil {
			return nil, fmt.Errorf("sqlite: line holders: %w", err)
		}
	}
	return out, nil
}

// DocProse returns stored documents' prose line hashes.
func (s *Store) DocProse(ctx context.Context, ids []string) (map[string][]uint64, error) {
	out := map[string][]uint64{}
	err := inBatches(ctx, s.db, "doc prose", `SELECT a.id, p.hashes FROM doc_prose p JOIN articles a ON a.seq = p.seq
		WHERE a.id IN (%s)`, ids, func(rows *sql.Rows) error {
		var id string
		var b []byte
		if err := rows.Scan(&id, &b); err != nil {
			return err
		}
		hs := make([]uint64, len(b)/8)
		for k := range hs {
			hs[k] = binary.LittleEndian.Uint64(b[8*k:])
		}
		out[id] = hs
		return nil
	})
	return out, err
}

// Sources returns the documents stored articles were read from.
func (s *Store) Sources(ctx context.Context, ids []string) ([]model.Document, error) {
	var out []model.Document
	err := inBatches(ctx, s.db, "sources", `SELECT id, source FROM articles WHERE source IS NOT NULL AND id IN (%s) ORDER BY id`, ids, func(rows *sql.Rows) error {
		var id string
		var gz []byte
		if err := rows.Scan(&id, &gz); err != nil {
			return err
		}
		raw, err := gunzip(gz)
		var d model.Document
		if err == nil {
			err = json.Unmarshal(raw, &d)
		}
		if err != nil {
			return fmt.Errorf("source of %s: %w", id, err)
		}
		out = append(out, d)
		return nil
	})
	return out, err
}

// indexText puts an article's text in the full-text index and its
// entities and quotes in their tables.
func indexText(ctx context.Context, tx *sql.Tx, seq int64, a model.Article) error {
	if _, err := tx.ExecContext(ctx, `INSERT INTO articles_fts (rowid, headline, standfirst, body, outlet) VALUES (?, ?, ?, ?, ?)`,
		seq, a.Headline, a.Standfirst, strings.Join(a.Body, "\n\n"), a.Outlet); err != nil {
		return err
	}
	return saveEntities(ctx, tx, a)
}

// unindexText takes an article out of the full-text index and its
// entities and quotes out of theirs.
func unindexText(ctx context.Context, tx *sql.Tx, seq int64, id string) error {
	for _, q := range []string{`DELETE FROM mentions WHERE article_id = ?`, `DELETE FROM quotes WHERE article_id = ?`} {
		if _, err := tx.ExecContext(ctx, q, id); err != nil {
			return err
		}
	}
	_, err := tx.ExecContext(ctx, `DELETE FROM articles_fts WHERE rowid = ?`, seq)
	return err
}

// addDF adds counts to the document frequencies; the key "" counts articles.
func addDF(ctx context.Context, tx *sql.Tx, df map[string]int) error {
	terms := make([]string, 0, len(df))
	for t, n := range df {
		if n != 0 {
			terms = append(terms, t)
		}
	}
	sort.Strings(terms)
	up, err := tx.PrepareContext(ctx, `INSERT INTO term_df (term, df) VALUES (?, ?)
		ON CONFLICT (term) DO UPDATE SET df = df + excluded.df`)
	if err != nil {
		return err
	}
	defer up.Close()
	for _, t := range terms {
		if _, err := up.ExecContext(ctx, t, df[t]); err != nil {
			return err
		}
	}
	_, err = tx.ExecContext(ctx, `DELETE FROM term_df WHERE df <= 0 AND term != ''`)
	return err
}

func scanOwns(rows *sql.Rows, what string) ([]store.Own, error) {
	defer rows.Close()
	var out []store.Own
	for rows.Next() {
		var own, rec []byte
		var o store.Own
		r, err := scanRef(rows, &own, &rec)
		if err != nil {
			return nil, fmt.Errorf("sqlite: %s: %w", what, err)
		}
		o.Was = r
		if own != nil {
			err = decodeOwn(own, &o.Article)
		} else {
			err = json.Unmarshal(rec, &o.Article)
			o.Article.Event, o.Article.Story, o.Article.DuplicateOf = "", "", ""
		}
		if err != nil {
			return nil, fmt.Errorf("sqlite: %s: decode %s: %w", what, r.ID, err)
		}
		out = append(out, o)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("sqlite: %s: %w", what, err)
	}
	return out, nil
}

const ownSelect = `SELECT ` + refColumns + `, a.own, a.record FROM articles a`

// Unsettled returns unsettled articles, oldest stored first.
func (s *Store) Unsettled(ctx context.Context, limit int) ([]store.Own, error) {
	rows, err := s.db.QueryContext(ctx, ownSelect+` WHERE a.settled = 0 ORDER BY a.seq LIMIT ?`, max(limit, 1))
	if err != nil {
		return nil, fmt.Errorf("sqlite: unsettled: %w", err)
	}
	return scanOwns(rows, "unsettled")
}

// Owns returns own analyses by ID.
func (s *Store) Owns(ctx context.Context, ids []string) ([]store.Own, error) {
	var out []store.Own
	for i := 0; i < len(ids); i += idBatch {
		part := ids[i:min(i+idBatch, len(ids))]
		rows, err := s.db.QueryContext(ctx, ownSelect+` WHERE a.id IN (`+placeholders(len(part))+`) ORDER BY a.seq`, anys(part)...)
		if err != nil {
			return nil, fmt.Errorf("sqlite: owns: %w", err)
		}
		o, err := scanOwns(rows, "owns")
		if err != nil {
			return nil, err
		}
		out = append(out, o...)
	}
	return out, nil
}

func anys[T any](xs []T) []any {
	out := make([]any, len(xs))
	for i, x := range xs {
		out[i] = x
	}
	return out
}

// TermDF returns document frequencies.
func (s *Store) TermDF(ctx context.Context, terms []string) (int, map[string]int, error) {
	df := make(map[string]int, len(terms))
	var docs int
	err := s.db.QueryRowContext(ctx, `SELECT coalesce((SELECT df FROM term_df WHERE term = ''), 0)`).Scan(&docs)
	if err != nil {
		return 0, nil, fmt.Errorf("sqlite: term df: %w", err)
	}
	err = inBatches(ctx, s.db, "term df", `SELECT term, df FROM term_df WHERE term IN (%s)`, terms, func(rows *sql.Rows) error {
		var t string
		var n int
		if err := rows.Scan(&t, &n); err != nil {
			return err
		}
		if t != "" {
			df[t] = n
		}
		return nil
	})
	return docs, df, err
}

// Postings returns the newest articles posted under each term.
func (s *Store) Postings(ctx context.Context, terms []string, perTerm int) ([]store.Posting, error) {
	q, err := s.db.PrepareContext(ctx, `SELECT a.id, p.weight FROM term_postings p JOIN articles a ON a.seq = p.seq
		WHERE p.term = ? ORDER BY p.seq DESC LIMIT ?`)
	if err != nil {
		return nil, fmt.Errorf("sqlite: postings: %w", err)
	}
	defer q.Close()
	var out []store.Posting
	for _, t := range terms {
		rows, err := q.QueryContext(ctx, t, perTerm)
		if err != nil {
			return nil, fmt.Errorf("sqlite: postings: %w", err)
		}
		for rows.Next() {
			p := store.Posting{Term: t}
			var w float64
			if err := rows.Scan(&p.ID, &w); err != nil {
				rows.Close()
				return nil, fmt.Errorf("sqlite: postings: %w", err)
			}
			p.Weight = float32(w)
			out = append(out, p)
		}
		rows.Close()
		if err := rows.Err(); err != nil {
			return nil, fmt.Errorf("sqlite: postings: %w", err)
		}
	}
	return out, nil
}

// CopyBands returns the articles sharing a band key.
func (s *Store) CopyBands(ctx context.Context, bands []uint64) ([]string, error) {
	keys := make([]int64, len(bands))
	for i, b := range bands {
		keys[i] = int64(b)
	}
	seen := map[string]bool{}
	var out []string
	err := inBatches(ctx, s.db, "copy bands", `SELECT DISTINCT a.id FROM copy_bands b JOIN articles a ON a.seq = b.seq
		WHERE b.band IN (%s) ORDER BY a.seq`, keys, func(rows *sql.Rows) error {
		var id string
		if err := rows.Scan(&id); err != nil {
			return err
		}
		if !seen[id] {
			seen[id] = true
			out = append(out, id)
		}
		return nil
	})
	return out, err
}

// StoryMembers returns the newest article IDs of each story.
func (s *Store) StoryMembers(ctx context.Context, stories []string, limit int) (map[string][]string, error) {
	q, err := s.db.PrepareContext(ctx, `SELECT id FROM articles WHERE story_id = ? ORDER BY published DESC, seq DESC LIMIT ?`)
	if err != nil {
		return nil, fmt.Errorf("sqlite: story members: %w", err)
	}
	defer q.Close()
	out := map[string][]string{}
	for _, st := range stories {
		if st == "" {
			continue
		}
		rows, err := q.QueryContext(ctx, st, limit)
		if err != nil {
			return nil, fmt.Errorf("sqlite: story members: %w", err)
		}
		for rows.Next() {
			var id string
			if err := rows.Scan(&id); err != nil {
				rows.Close()
				return nil, fmt.Errorf("sqlite: story members: %w", err)
			}
			out[st] = append(out[st], id)
		}
		rows.Close()
		if err := rows.Err(); err != nil {
			return nil, fmt.Errorf("sqlite: story members: %w", err)
		}
	}
	return out, nil
}

// StoriesMembers returns every article of the given stories as members,
// from the covering index articles_story_refs: no record is read.
func (s *Store) StoriesMembers(ctx context.Context, stories []string) ([]store.Member, error) {
	var out []store.Member
	err := inBatches(ctx, s.db, "stories' members", `SELECT id, story_id, event_id, outlet, published, duplicate_of
		FROM articles WHERE story_id IN (%s) ORDER BY story_id, published, id`, stories, func(rows *sql.Rows) error {
		var m store.Member
		if err := rows.Scan(&m.ID, &m.Story, &m.Event, &m.Outlet, &m.Published, &m.DuplicateOf); err != nil {
			return err
		}
		out = append(out, m)
		return nil
	})
	return out, err
}

// StoriesEvents returns the stored events of the given stories, without
// their views.
func (s *Store) StoriesEvents(ctx context.Context, stories []string) ([]store.Event, error) {
	var out []store.Event
	err := inBatches(ctx, s.db, "stories' events", `SELECT id, story_id, title, articles, sources, first_pub, last_pub
		FROM events WHERE story_id IN (%s) ORDER BY id`, stories, func(rows *sql.Rows) error {
		var e store.Event
		if err := rows.Scan(&e.ID, &e.Story, &e.Title, &e.Articles, &e.Sources, &e.First, &e.Last); err != nil {
			return err
		}
		out = append(out, e)
		return nil
	})
	return out, err
}

// ClusterIDs returns what is known of cluster IDs.
func (s *Store) ClusterIDs(ctx context.Context, ids []string) (map[string]store.ClusterID, error) {
	out := map[string]store.ClusterID{}
	err := inBatches(ctx, s.db, "cluster ids", `SELECT id, kind, created, moved_to FROM cluster_ids WHERE id IN (%s)`, ids, func(rows *sql.Rows) error {
		var c store.ClusterID
		if err := rows.Scan(&c.ID, &c.Kind, &c.Created, &c.MovedTo); err != nil {
			return err
		}
		out[c.ID] = c
		return nil
	})
	return out, err
}

// SaveSettlement writes a settlement; see store.Settler.
func (s *Store) SaveSettlement(ctx context.Context, st store.Settlement) error {
	tx, err := s.db.BeginTx(ctx, nil)
	if err != nil {
		return fmt.Errorf("sqlite: save settlement: %w", err)
	}
	defer tx.Rollback()
	now := s.now().Format(timeFormat)
	if err := saveSettled(ctx, tx, st.Articles, now); err != nil {
		return fmt.Errorf("sqlite: save settlement: %w", err)
	}
	if err := savePosts(ctx, tx, st.Posts); err != nil {
		return fmt.Errorf("sqlite: save settlement: postings: %w", err)
	}
	var created int64
	if err := tx.QueryRowContext(ctx, `SELECT coalesce(max(created), 0) FROM cluster_ids`).Scan(&created); err != nil {
		return fmt.Errorf("sqlite: save settlement: %w", err)
	}
	for _, c := range st.NewIDs {
		created++
		if _, err := tx.ExecContext(ctx, `INSERT INTO cluster_ids (id, kind, created) VALUES (?, ?, ?)
			ON CONFLICT (id) DO UPDATE SET moved_to = '', moved_at = ''`, c.ID, c.Kind, created); err != nil {
			return fmt.Errorf("sqlite: save settlement: cluster %s: %w", c.ID, err)
		}
	}
	for _, m := range st.Moves {
		if _, err := tx.ExecContext(ctx, `INSERT INTO cluster_ids (id, kind, created, moved_to, moved_at) VALUES (?, ?, 0, ?, ?)
			ON CONFLICT (id) DO UPDATE SET moved_to = excluded.moved_to, moved_at = excluded.moved_at`, m.From, m.Kind, m.To, now); err != nil {
			return fmt.Errorf("sqlite: save settlement: move %s: %w", m.From, err)
		}
	}
	for _, c := range st.Changes {
		if _, err := tx.ExecContext(ctx, `INSERT INTO article_changes (article_id, at, field, old, new, reason) VALUES (?, ?, ?, ?, ?, ?)`,
			c.Article, now, c.Field, c.Old, c.New, c.Reason); err != nil {
			return fmt.Errorf("sqlite: save settlement: change: %w", err)
		}
	}
	if err := updateClusters(ctx, tx, st.Articles, st.Events, st.Stories, now, newestOf(ctx, tx, st.Stories)); err != nil {
		return fmt.Errorf("sqlite: save settlement: %w", err)
	}
	if err := tx.Commit(); err != nil {
		return fmt.Errorf("sqlite: save settlement: %w", err)
	}
	return nil
}

// saveSettled writes settled records whose content changed and marks
// every one settled. An article settled for the first time since it was
// saved goes into the full-text index, mentions and quotes; one settled
// before has its mentions and quotes rewritten when its record changed
// (merged names, a borrowed date), its text being the same. Cluster
// fields are written by updateClusters.
func saveSettled(ctx context.Context, tx *sql.Tx, arts []model.Article, now string) error {
	get, err := tx.PrepareContext(ctx, `SELECT seq, settled, record_hash FROM articles WHERE id = ?`)
	if err != nil {
		return err
	}
	defer get.Close()
	for _, a := range arts {
		record, hash, err := encodeArticle(a)
		if err != nil {
			return err
		}
		var seq int64
		var settled int
		var old string
		err = get.QueryRowContext(ctx, a.ID).Scan(&seq, &settled, &old)
		if errors.Is(err, sql.ErrNoRows) {
			continue
		}
		if err != nil {
			return fmt.Errorf("article %s: %w", a.ID, err)
		}
		if settled == 1 && old == hash {
			continue
		}
		if _, err := tx.ExecContext(ctx, `UPDATE articles SET url = ?, outlet = ?, headline = ?, standfirst = ?, published = ?,
			record = ?, record_hash = ?, settled = 1, updated_at = ? WHERE seq = ?`,
			a.URL, a.Outlet, a.Headline, a.Standfirst, a.Published, record, hash, now, seq); err != nil {
			return fmt.Errorf("article %s: %w", a.ID, err)
		}
		if settled == 0 {
			err = indexText(ctx, tx, seq, a)
		} else {
			err = reindexEntities(ctx, tx, a)
		}
		if err != nil {
			return fmt.Errorf("article %s: %w", a.ID, err)
		}
	}
	return nil
}

// reindexEntities rewrites an article's mentions and quotes.
func reindexEntities(ctx context.Context, tx *sql.Tx, a model.Article) error {
	for _, q := range []string{`DELETE FROM mentions WHERE article_id = ?`, `DELETE FROM quotes WHERE article_id = ?`} {
		if _, err := tx.ExecContext(ctx, q, a.ID); err != nil {
			return err
		}
	}
	return saveEntities(ctx, tx, a)
}

func savePosts(ctx context.Context, tx *sql.Tx, posts []store.Posts) error {
	for _, p := range posts {
		var seq int64
		err := tx.QueryRowContext(ctx, `SELECT seq FROM articles WHERE id = ?`, p.ID).Scan(&seq)
		if errors.Is(err, sql.ErrNoRows) {
			continue
		}
		if err != nil {
			return err
		}
		if _, err := tx.ExecContext(ctx, `DELETE FROM term_postings WHERE seq = ?`, seq); err != nil {
			return err
		}
		for k, t := range p.Terms {
			if _, err := tx.ExecContext(ctx, `INSERT OR REPLACE INTO term_postings (term, seq, weight) VALUES (?, ?, ?)`,
				t, seq, float64(p.Weights[k])); err != nil {
				return err
			}
		}
	}
	return nil
}

// MovedTo follows merges from id to the cluster that stands.
func (s *Store) MovedTo(ctx context.Context, id string) (string, error) {
	cur := id
	for range 64 {
		var to string
		err := s.db.QueryRowContext(ctx, `SELECT moved_to FROM cluster_ids WHERE id = ?`, cur).Scan(&to)
		if errors.Is(err, sql.ErrNoRows) || (err == nil && to == "") {
			if cur == id {
				return "", fmt.Errorf("sqlite: moved %q: %w", id, store.ErrNotFound)
			}
			return cur, nil
		}
		if err != nil {
			return "", fmt.Errorf("sqlite: moved %q: %w", id, err)
		}
		cur = to
	}
	return "", fmt.Errorf("sqlite: moved %q: %w: a cycle of merges", id, store.ErrNotFound)
}

// ArticleChanges returns what settling changed in an article.
func (s *Store) ArticleChanges(ctx context.Context, id string) ([]store.Change, error) {
	rows, err := s.db.QueryContext(ctx, `SELECT article_id, field, old, new, reason, at FROM article_changes
		WHERE article_id = ? ORDER BY at, rowid`, id)
	if err != nil {
		return nil, fmt.Errorf("sqlite: article changes: %w", err)
	}
	defer rows.Close()
	var out []store.Change
	for rows.Next() {
		var c store.Change
		if err := rows.Scan(&c.Article, &c.Field, &c.Old, &c.New, &c.Reason, &c.At); err != nil {
			return nil, fmt.Errorf("sqlite: article changes: %w", err)
		}
		out = append(out, c)
	}
	return out, rows.Err()
}

// NewestPublished returns the latest publication day of any stored article.
func (s *Store) NewestPublished(ctx context.Context) (string, error) {
	var d sql.NullString
	if err := s.db.QueryRowContext(ctx, `SELECT substr(published, 1, 10) FROM articles WHERE published != '' ORDER BY published DESC LIMIT 1`).Scan(&d); err != nil && !errors.Is(err, sql.ErrNoRows) {
		return "", fmt.Errorf("sqlite: newest published: %w", err)
	}
	return d.String, nil
}

// Unadopted returns up to limit articles stored before own analyses were
// kept (a store from an earlier version), each as its own analysis as well
// as its record tells it: what it borrowed from other articles (an inferred
// date) taken out, its cluster fields empty.
func (s *Store) Unadopted(ctx context.Context, limit int) ([]model.Article, error) {
	rows, err := s.db.QueryContext(ctx, `SELECT record, '', '', '', id FROM articles WHERE own IS NULL ORDER BY seq LIMIT ?`, max(limit, 1))
	if err != nil {
		return nil, fmt.Errorf("sqlite: unadopted: %w", err)
	}
	arts, err := decodeRows(rows, "unadopted")
	if err != nil {
		return nil, err
	}
	for i := range arts {
		a := &arts[i]
		if a.PublishedInferred {
			a.Published, a.PublishedInferred, a.PublishedEvidence = "", false, ""
		}
		a.Period = ""
	}
	return arts, nil
}

// StoriesOf returns the stories of stored articles.
func (s *Store) StoriesOf(ctx context.Context, ids []string) (map[string]string, error) {
	out := make(map[string]string, len(ids))
	err := inBatches(ctx, s.db, "stories of", `SELECT id, story_id FROM articles WHERE story_id != '' AND id IN (%s)`, ids, func(rows *sql.Rows) error {
		var id, st string
		if err := rows.Scan(&id, &st); err != nil {
			return err
		}
		out[id] = st
		return nil
	})
	return out, err
}

// inBatches runs query, whose %s takes an IN list, over keys idBatch at a
// time, calling scan for each row.
func inBatches[K any](ctx context.Context, db *sql.DB, what, query string, keys []K, scan func(rows *sql.Rows) error) error {
	for i := 0; i < len(keys); i += idBatch {
		part := keys[i:min(i+idBatch, len(keys))]
		rows, err := db.QueryContext(ctx, fmt.Sprintf(query, placeholders(len(part))), anys(part)...)
		if err != nil {
			return fmt.Errorf("sqlite: %s: %w", what, err)
		}
		for rows.Next() {
			if err := scan(rows); err != nil {
				rows.Close()
				return fmt.Errorf("sqlite: %s: %w", what, err)
			}
		}
		rows.Close()
		if err := rows.Err(); err != nil {
			return fmt.Errorf("sqlite: %s: %w", what, err)
		}
	}
	return nil
}

// printsRead is how many holders of one fingerprint DocCopies reads: past
// it a text is a notice by any measure.
const printsRead = 64

// DocCopies records each document's fingerprint (keyed by document ID,
// replacing what an ID held before) and returns, for each, how many other
// documents read before, outside prints, held the same one.
func (s *Store) DocCopies(ctx context.Context, prints map[string]uint64) (map[string]int, error) {
	ids := make([]string, 0, len(prints))
	for id := range prints {
		ids = append(ids, id)
	}
	slices.Sort(ids)
	tx, err := s.db.BeginTx(ctx, nil)
	if err != nil {
		return nil, fmt.Errorf("sqlite: doc copies: %w", err)
	}
	defer tx.Rollback()
	out := make(map[string]int, len(ids))
	for _, id := range ids {
		rows, err := tx.QueryContext(ctx, `SELECT id FROM doc_prints WHERE hash = ? LIMIT ?`, int64(prints[id]), printsRead)
		if err != nil {
			return nil, fmt.Errorf("sqlite: doc copies: %w", err)
		}
		n := 0
		for rows.Next() {
			var other string
			if err := rows.Scan(&other); err != nil {
				rows.Close()
				return nil, fmt.Errorf("sqlite: doc copies: %w", err)
			}
			if _, inBatch := prints[other]; !inBatch {
				n++
			}
		}
		rows.Close()
		if err := rows.Err(); err != nil {
			return nil, fmt.Errorf("sqlite: doc copies: %w", err)
		}
		out[id] = n
	}
	for _, id := range ids {
		if _, err := tx.ExecContext(ctx, `DELETE FROM doc_prints WHERE id = ?`, id); err != nil {
			return nil, fmt.Errorf("sqlite: doc copies: %w", err)
		}
		if _, err := tx.ExecContext(ctx, `INSERT INTO doc_prints (hash, id) VALUES (?, ?)`, int64(prints[id]), id); err != nil {
			return nil, fmt.Errorf("sqlite: doc copies: %w", err)
		}
	}
	if err := tx.Commit(); err != nil {
		return nil, fmt.Errorf("sqlite: doc copies: %w", err)
	}
	return out, nil
}
