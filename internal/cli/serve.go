package cli

import (
	"context"
	"fmt"
	"log/slog"
	"os"
	"path/filepath"

	"github.com/storyline-news/storyline/demo"
	"github.com/storyline-news/storyline/internal/config"
	"github.com/storyline-news/storyline/internal/server"
	"github.com/storyline-news/storyline/internal/source/watch"
	"github.com/storyline-news/storyline/internal/store/sqlite"
)

func runServe(ctx context.Context, app *App, cfg config.Config, args []string) error {
	fs := newFlagSet(app, "serve", "")
	cfg.ServerFlags(fs)
	cfg.AnalysisFlags(fs)
	dir := fs.String("ingest", "", "ingest this file or folder before serving")
	withDemo := fs.Bool("demo", false, "load the built-in demo articles (invented news) before serving")
	watchDir := fs.String("watch", "", "while serving, ingest the files that appear or change in this folder")
	if err := parseFlags(fs, args); err != nil {
		return err
	}
	if fs.NArg() > 0 {
		fs.Usage()
		return fmt.Errorf("%w: unexpected arguments %v", errUsage, fs.Args())
	}
	if err := cfg.Validate(); err != nil {
		return fmt.Errorf("%w: %v", errUsage, err)
	}
	st, err := sqlite.Open(ctx, cfg.DB)
	if err != nil {
		return err
	}
	defer st.Close()
	if *withDemo {
		if err := ingestDemo(ctx, app, cfg, st); err != nil {
			return err
		}
	}
	if *dir != "" {
		sum, err := ingest(ctx, app, cfg, st, []string{*dir})
		fmt.Fprintln(app.Stderr, sum)
		if err != nil {
			return err
		}
	}
	if n, err := st.CountArticles(ctx); err == nil && n == 0 {
		slog.Warn("the store is empty: run 'storyline serve --demo' for demo articles, or 'storyline ingest PATH'", slog.String("db", cfg.DB))
	}
	srv, err := server.New(server.Options{Addr: cfg.Addr, BaseURL: cfg.BaseURL, Store: st, Logger: slog.Default()})
	if err != nil {
		return err
	}
	if *watchDir != "" {
		if _, err := watch.New(*watchDir, watch.Options{}); err != nil {
			return err
		}
		ctx, cancel := context.WithCancel(ctx)
		defer cancel()
		go func() {
			if err := watchFolder(ctx, app, cfg, st, *watchDir); err != nil {
				slog.Error("watching the folder stopped", slog.String("folder", *watchDir), slog.Any("error", err))
			}
		}()
		return srv.Run(ctx)
	}
	return srv.Run(ctx)
}

// ingestDemo ingests the embedded demo articles through the same path as any
// input, from a temporary file.
func ingestDemo(ctx context.Context, app *App, cfg config.Config, st ingestStore) error {
	tmp, err := os.MkdirTemp("", "storyline-demo-")
	if err != nil {
		return fmt.Errorf("demo: %w", err)
	}
	defer os.RemoveAll(tmp)
	path := filepath.Join(tmp, demo.Name)
	if err := os.WriteFile(path, demo.Articles, 0o600); err != nil {
		return fmt.Errorf("demo: %w", err)
	}
	sum, err := ingest(ctx, app, cfg, st, []string{path})
	fmt.Fprintln(app.Stderr, sum)
	return err
}
