// Package cli is Storyline's command line and the one place that builds and
// wires every dependency: configuration, sources, extractors, analysis
// stages, the store and the server.
package cli

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"os"
	"os/signal"
	"runtime/pprof"
	"sort"
	"strings"
	"syscall"

	"github.com/storyline-news/storyline/internal/config"
)

// App is one invocation of the command line, with its streams and
// environment, so tests can run commands in-process.
type App struct {
	Stdin  io.Reader
	Stdout io.Writer
	Stderr io.Writer
	Getenv func(string) string
}

// command is one subcommand.
type command struct {
	summary string
	run     func(ctx context.Context, app *App, cfg config.Config, args []string) error
}

var commands = map[string]command{
	"analyze": {"read articles and print one analysis record per article (JSON Lines)", runAnalyze},
	"ingest":  {"read and analyse articles into the store and add them to its stories", runIngest},
	"export":  {"print the store's articles as analysis records (JSON Lines), with their current events and stories", runExport},
	"stories": {"print the events and stories of articles (or of a store, --db): members, summaries, quotes, figures, timeline", runStories},
	"serve":   {"serve the web UI, JSON API and Atom feeds (--demo for sample articles)", runServe},
	"user":    {"manage who can sign in: user add NAME, user list, user remove NAME, user passwd NAME", runUser},
	"sources": {"manage the feeds, sites and news sitemaps polled: sources add URL, list, remove, pause, resume, import, export", runSources},
	"fetch":   {"poll the due sources (or --all) once into the store, then exit", runFetch},
}

// errUsage marks an error in how the command was called (exit status 2).
var errUsage = errors.New("usage")

// Run runs the command line args (args[0] is the program name) with the
// process's streams and environment and returns the exit status.
func Run(args []string) int {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	app := &App{Stdin: os.Stdin, Stdout: os.Stdout, Stderr: os.Stderr, Getenv: os.Getenv}
	if path := os.Getenv("STORYLINE_CPUPROFILE"); path != "" {
		// For finding where a slow run spends its time: go tool pprof.
		if f, err := os.Create(path); err == nil {
			defer f.Close()
			if pprof.StartCPUProfile(f) == nil {
				defer pprof.StopCPUProfile()
			}
		}
	}
	return app.Run(ctx, args)
}

// Run runs args and returns the exit status: 0 success, 1 failure, 2 usage.
func (app *App) Run(ctx context.Context, args []string) int {
	if len(args) < 2 || args[1] == "help" || args[1] == "-h" || args[1] == "--help" {
		app.usage(app.Stdout)
		if len(args) < 2 {
			return 2
		}
		return 0
	}
	name := args[1]
	cmd, ok := commands[name]
	if !ok {
		fmt.Fprintf(app.Stderr, "storyline: unknown command %q\n\n", name)
		app.usage(app.Stderr)
		return 2
	}
	cfg := config.Default()
	if err := cfg.FromEnv(app.Getenv); err != nil {
		fmt.Fprintf(app.Stderr, "storyline: environment: %v\n", err)
		return 2
	}
	slog.SetDefault(slog.New(slog.NewTextHandler(app.Stderr, &slog.HandlerOptions{Level: logLevel(cfg.LogLevel)})))
	if err := cmd.run(ctx, app, cfg, args[2:]); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return 0
		}
		fmt.Fprintf(app.Stderr, "storyline %s: %v\n", name, err)
		if errors.Is(err, errUsage) {
			return 2
		}
		return 1
	}
	return 0
}

func (app *App) usage(w io.Writer) {
	fmt.Fprintln(w, "Storyline: news story intelligence.\n\nUsage: storyline COMMAND [flags] [args]\n\nCommands:")
	names := make([]string, 0, len(commands))
	for n := range commands {
		names = append(names, n)
	}
	sort.Strings(names)
	for _, n := range names {
		fmt.Fprintf(w, "  %-10s %s\n", n, commands[n].summary)
	}
	fmt.Fprintln(w, "\nRun 'storyline COMMAND -h' for a command's flags.")
}

func logLevel(s string) slog.Level {
	switch strings.ToLower(s) {
	case "debug":
		return slog.LevelDebug
	case "warn":
		return slog.LevelWarn
	case "error":
		return slog.LevelError
	}
	return slog.LevelInfo
}

// newFlagSet returns a flag set that reports errors instead of exiting.
func newFlagSet(app *App, name, args string) *flag.FlagSet {
	fs := flag.NewFlagSet(name, flag.ContinueOnError)
	fs.SetOutput(app.Stderr)
	fs.Usage = func() {
		fmt.Fprintf(app.Stderr, "Usage: storyline %s [flags] %s\n\nFlags:\n", name, args)
		fs.PrintDefaults()
	}
	return fs
}

// parseFlags parses args, wrapping errors as usage errors.
func parseFlags(fs *flag.FlagSet, args []string) error {
	if err := fs.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return err
		}
		return fmt.Errorf("%w: %v", errUsage, err)
	}
	return nil
}
