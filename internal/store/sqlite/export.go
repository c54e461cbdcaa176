package sqlite

import (
	"context"
	"fmt"

	"github.com/storyline-news/storyline/internal/model"
)

// EachArticle calls fn with every stored article's settled record, with
// its event, story and original, in the order of their IDs, reading a page
// at a time so memory holds one page however large the store.
func (s *Store) EachArticle(ctx context.Context, fn func(a model.Article) error) error {
	const page = 500
	after := ""
	for {
		rows, err := s.db.QueryContext(ctx, `SELECT record, story_id, event_id, duplicate_of, id FROM articles
			WHERE id > ? ORDER BY id LIMIT ?`, after, page)
		if err != nil {
			return fmt.Errorf("sqlite: each article: %w", err)
		}
		arts, err := decodeRows(rows, "each article")
		if err != nil {
			return err
		}
		for _, a := range arts {
			if err := fn(a); err != nil {
				return err
			}
		}
		if len(arts) < page {
			return nil
		}
		after = arts[len(arts)-1].ID
	}
}
