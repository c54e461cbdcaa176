package cli

import (
	"bufio"
	"context"
	"encoding/json"
	"fmt"
	"os"

	"github.com/storyline-news/storyline/internal/config"
	"github.com/storyline-news/storyline/internal/model"
	"github.com/storyline-news/storyline/internal/store/sqlite"
)

// runExport prints the store's articles as analysis records (the JSON
// Lines contract `analyze` prints, with each article's current event and
// story), so a live store can be scored, diffed and backed up.
func runExport(ctx context.Context, app *App, cfg config.Config, args []string) error {
	fs := newFlagSet(app, "export", "")
	fs.StringVar(&cfg.DB, "db", cfg.DB, "database file")
	if err := parseNoArgs(fs, args); err != nil {
		return err
	}
	st, err := openExisting(ctx, cfg.DB)
	if err != nil {
		return err
	}
	defer st.Close()
	w := bufio.NewWriter(app.Stdout)
	enc := json.NewEncoder(w)
	enc.SetEscapeHTML(false)
	if err := st.EachArticle(ctx, func(a model.Article) error {
		if err := enc.Encode(model.NewRecord(&a)); err != nil {
			return fmt.Errorf("write record: %w", err)
		}
		return nil
	}); err != nil {
		return err
	}
	if err := w.Flush(); err != nil {
		return fmt.Errorf("write records: %w", err)
	}
	return nil
}

// openExisting opens a store that must exist already: reading commands
// never create an empty database where the user mistyped a path.
func openExisting(ctx context.Context, path string) (*sqlite.Store, error) {
	if fi, err := os.Stat(path); err != nil {
		return nil, fmt.Errorf("no store at %s: %w", path, err)
	} else if !fi.Mode().IsRegular() {
		return nil, fmt.Errorf("%s is not a database file", path)
	}
	return sqlite.Open(ctx, path)
}
