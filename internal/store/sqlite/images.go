package sqlite

import (
	"context"
	"database/sql"
	"encoding/json"
	"fmt"
	"strconv"
	"strings"
	"sync"
)

// imageCache remembers the lead image URL read out of each article's
// record, with the content hash of the record it was read from: a page
// that lists the same articles again reads only their hashes, not their
// records. Another process that rewrites an article changes its hash, so
// the entry is read again. The zero value is ready to use.
type imageCache struct {
	mu sync.Mutex
	m  map[string]imageEntry
}

type imageEntry struct{ hash, url string }

// maxImageEntries bounds the cache: past it, it starts again empty.
const maxImageEntries = 100_000

// ArticleImages returns the lead image URL of each article of ids that
// has one; see store.Store.
//
// The URL is in the stored record, not a column of its own (no migration
// for it). json_extract parses the whole record, body and analysis,
// which on a story page of a hundred listed articles cost 10 ms; instead
// SQLite finds the field with instr, a byte search, and returns the few
// bytes from there, which Go decodes as the JSON string they start with.
// The record is encoding/json of model.Article: its Image field follows
// only string fields and lists of strings, and a JSON string holds a
// quotation mark only escaped, so the first `"Image":"` is the field.
// The pattern is a BLOB so that instr counts bytes, as substr does on the
// record (a BLOB): as text it would count characters. Even so reading
// the records costs a few milliseconds a page, so what was read is kept
// (imageCache) and asked again only when an article's hash changed.
func (s *Store) ArticleImages(ctx context.Context, ids []string) (map[string]string, error) {
	out := map[string]string{}
	for i := 0; i < len(ids); i += idBatch {
		part := ids[i:min(i+idBatch, len(ids))]
		hashes, err := s.contentHashes(ctx, part)
		if err != nil {
			return nil, err
		}
		var missing []string
		s.images.mu.Lock()
		for id, h := range hashes {
			if e, ok := s.images.m[id]; ok && e.hash == h {
				if e.url != "" {
					out[id] = e.url
				}
			} else {
				missing = append(missing, id)
			}
		}
		s.images.mu.Unlock()
		if len(missing) == 0 {
			continue
		}
		read, err := s.readImages(ctx, missing)
		if err != nil {
			return nil, err
		}
		s.images.mu.Lock()
		if s.images.m == nil || len(s.images.m)+len(read) > maxImageEntries {
			s.images.m = map[string]imageEntry{}
		}
		for id, e := range read {
			s.images.m[id] = e
			if e.url != "" {
				out[id] = e.url
			}
		}
		s.images.mu.Unlock()
	}
	return out, nil
}

// contentHashes returns the content hash of each stored article of ids
// (at most idBatch): a read of the rows' leading columns that leaves the
// records, stored after them, unread.
func (s *Store) contentHashes(ctx context.Context, ids []string) (map[string]string, error) {
	rows, err := s.db.QueryContext(ctx, `SELECT id, content_hash FROM articles WHERE id IN (`+placeholders(len(ids))+`)`, idArgs(ids)...)
	if err != nil {
		return nil, fmt.Errorf("sqlite: article images: %w", err)
	}
	defer rows.Close()
	out := make(map[string]string, len(ids))
	for rows.Next() {
		var id, h string
		if err := rows.Scan(&id, &h); err != nil {
			return nil, fmt.Errorf("sqlite: article images: %w", err)
		}
		out[id] = h
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("sqlite: article images: %w", err)
	}
	return out, nil
}

// readImages reads the image URL ("" for none) of each article of ids
// (at most idBatch) out of its record, with the record's hash.
func (s *Store) readImages(ctx context.Context, ids []string) (map[string]imageEntry, error) {
	// nullif makes a record without the field NULL, with one instr.
	rows, err := s.db.QueryContext(ctx, `SELECT id, content_hash, substr(record, nullif(instr(record, CAST('"Image":"' AS BLOB)), 0) + 8, `+
		strconv.Itoa(maxImageField)+`) FROM articles WHERE id IN (`+placeholders(len(ids))+`)`, idArgs(ids)...)
	if err != nil {
		return nil, fmt.Errorf("sqlite: article images: %w", err)
	}
	defer rows.Close()
	out := make(map[string]imageEntry, len(ids))
	for rows.Next() {
		var id, h string
		var field sql.NullString
		if err := rows.Scan(&id, &h, &field); err != nil {
			return nil, fmt.Errorf("sqlite: article images: %w", err)
		}
		var url string
		// A URL longer than the bytes read fails to decode: the article
		// goes without its image rather than with half a URL.
		if field.Valid && json.NewDecoder(strings.NewReader(field.String)).Decode(&url) != nil {
			url = ""
		}
		out[id] = imageEntry{hash: h, url: url}
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("sqlite: article images: %w", err)
	}
	return out, nil
}

func idArgs(ids []string) []any {
	args := make([]any, len(ids))
	for i, id := range ids {
		args[i] = id
	}
	return args
}

// maxImageField is how many bytes of a record ArticleImages reads from the
// image field on: an image URL with its quotes, and room to spare.
const maxImageField = 4096
