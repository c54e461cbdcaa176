package cli

import (
	"context"
	"fmt"
	"log/slog"
	"os"
	"path/filepath"
	"time"

	"github.com/storyline-news/storyline/demo"
	"github.com/storyline-news/storyline/internal/config"
	"github.com/storyline-news/storyline/internal/server"
	"github.com/storyline-news/storyline/internal/source/watch"
	"github.com/storyline-news/storyline/internal/store"
)

func runServe(ctx context.Context, app *App, cfg config.Config, args []string) error {
	fs := newFlagSet(app, "serve", "")
	cfg.ServerFlags(fs)
	cfg.AccessFlags(fs)
	cfg.ImageFlags(fs)
	cfg.AnalysisFlags(fs)
	dir := fs.String("ingest", "", "ingest this file or folder before serving")
	withDemo := fs.Bool("demo", false, "load the built-in demo articles (invented news) before serving; implies --public")
	watchDir := fs.String("watch", "", "while serving, ingest the files that appear or change in this folder")
	cfg.FetchFlags(fs)
	fs.BoolVar(&cfg.Poll, "poll", cfg.Poll, "poll the followed sources (storyline sources) while serving; --poll=false turns it off")
	if err := parseNoArgs(fs, args); err != nil {
		return err
	}
	st, err := openStore(ctx, cfg)
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
	// A demo is for looking around: its articles are invented, so anyone
	// may read them.
	public := cfg.Public || *withDemo
	if err := checkAccounts(ctx, app, st, public); err != nil {
		return err
	}
	sctx, stop := context.WithCancel(ctx)
	defer stop() // before the store closes
	go expireSessions(sctx, st)
	// The poller resolves the sources admins add on the web, and polls
	// them unless --poll=false.
	poller, _, closeArchive, err := newPoller(app, cfg, st)
	if err != nil {
		return err
	}
	defer func() { stop(); closeArchive() }() // the poller stops, then its archive closes
	opts := server.Options{Addr: cfg.Addr, BaseURL: cfg.BaseURL, Store: st, Logger: slog.Default(),
		Accounts: server.AccountOptions{Public: public},
		Sources:  server.SourceOptions{Adder: poller, Interval: cfg.PollInterval}}
	images, err := openImages(ctx, cfg)
	if err != nil {
		return err
	}
	if images != nil {
		defer images.Close()
		opts.Images = images
	}
	srv, err := server.New(opts)
	if err != nil {
		return err
	}
	if cfg.Poll {
		go pollLoop(sctx, poller)
		if srcs, err := st.PolledSources(ctx); err == nil && len(srcs) > 0 {
			slog.Info("polling the followed sources", slog.Int("sources", len(srcs)))
		}
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

// checkAccounts tells the operator of a server nobody can sign in to how to
// change that. The server still starts: its sign-in page says the same,
// and a user added meanwhile can sign in at once, without a restart.
func checkAccounts(ctx context.Context, app *App, st store.Accounts, public bool) error {
	n, err := st.CountUsers(ctx)
	if err != nil {
		return err
	}
	if n == 0 {
		if public {
			fmt.Fprintln(app.Stderr, "storyline serve: anyone can read (--public), but nobody can sign in to follow stories yet: add a user with 'storyline user add NAME'")
		} else {
			fmt.Fprintln(app.Stderr, "storyline serve: there are no accounts yet, so nobody can sign in and every page asks to.\n"+
				"  Add the first user (an admin) with:  storyline user add NAME\n"+
				"  or let anyone read without signing in:  storyline serve --public")
		}
	}
	return nil
}

// expireSessions deletes expired sessions now and every hour until ctx ends.
func expireSessions(ctx context.Context, st store.Accounts) {
	t := time.NewTicker(time.Hour)
	defer t.Stop()
	for {
		if n, err := st.DeleteExpiredSessions(ctx, time.Now()); err != nil && ctx.Err() == nil {
			slog.Warn("delete expired sessions", slog.Any("error", err))
		} else if n > 0 {
			slog.Debug("deleted expired sessions", slog.Int("sessions", n))
		}
		select {
		case <-ctx.Done():
			return
		case <-t.C:
		}
	}
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
