package cli

import (
	"context"
	"flag"
	"fmt"
	"strings"
	"text/tabwriter"

	"github.com/storyline-news/storyline/internal/config"
	"github.com/storyline-news/storyline/internal/store/sqlite"
)

// The set-up every command shares: its flags and arguments, the store it
// opens, the tables it prints. Each piece has its home here so that the
// commands word their usage errors, validate their settings and align
// their tables alike.

// parseNoArgs parses the flags of a command that takes no arguments and
// refuses any, as a usage error.
func parseNoArgs(fs *flag.FlagSet, args []string) error {
	if err := parseFlags(fs, args); err != nil {
		return err
	}
	if fs.NArg() > 0 {
		fs.Usage()
		return fmt.Errorf("%w: unexpected arguments %v", errUsage, fs.Args())
	}
	return nil
}

// openStore checks the settings (a bad one is a usage error) and opens,
// or creates, the store they name.
func openStore(ctx context.Context, cfg config.Config) (*sqlite.Store, error) {
	if err := cfg.Validate(); err != nil {
		return nil, fmt.Errorf("%w: %v", errUsage, err)
	}
	return sqlite.Open(ctx, cfg.DB)
}

// subcommand splits the arguments of a command with subcommands (user,
// sources) into the subcommand and its own arguments. With none, or when
// asked for help, it prints usage and returns a usage error or
// flag.ErrHelp.
func subcommand(app *App, command, usage string, args []string) (sub string, rest []string, err error) {
	if len(args) == 0 || args[0] == "-h" || args[0] == "--help" || args[0] == "help" {
		fmt.Fprint(app.Stderr, usage)
		if len(args) == 0 {
			return "", nil, fmt.Errorf("%w: which %s command?", errUsage, command)
		}
		return "", nil, flag.ErrHelp
	}
	return args[0], args[1:], nil
}

// newSubFlagSet is the flag set of a subcommand: its usage is the
// command's, then the flags, and it takes --db.
func newSubFlagSet(app *App, cfg *config.Config, name, usage string) *flag.FlagSet {
	fs := newFlagSet(app, name, "")
	fs.Usage = func() { fmt.Fprint(app.Stderr, usage, "\nFlags:\n"); fs.PrintDefaults() }
	fs.StringVar(&cfg.DB, "db", cfg.DB, "database file")
	return fs
}

// parseInterleaved parses flags that may come before or after the
// positional arguments ("user add NAME --db FILE") and returns those.
func parseInterleaved(fs *flag.FlagSet, args []string) ([]string, error) {
	var pos []string
	for {
		if err := parseFlags(fs, args); err != nil {
			return nil, err
		}
		if fs.NArg() == 0 {
			return pos, nil
		}
		pos = append(pos, fs.Arg(0))
		args = fs.Args()[1:]
	}
}

// wantArgs checks that a subcommand got want (0 or 1) positional
// arguments, each a noun ("user name"); a wrong count prints usage and is
// a usage error.
func wantArgs(fs *flag.FlagSet, pos []string, want int, noun string) error {
	if len(pos) == want {
		return nil
	}
	fs.Usage()
	if want == 0 {
		return fmt.Errorf("%w: %s takes no %ss", errUsage, fs.Name(), noun)
	}
	return fmt.Errorf("%w: %s takes one %s", errUsage, fs.Name(), noun)
}

// printTable prints rows under a header, in aligned columns, on standard
// output; with no rows it prints empty on standard error instead (what
// there is none of and how to add one).
func printTable(app *App, empty string, header []string, rows [][]string) error {
	if len(rows) == 0 {
		fmt.Fprintln(app.Stderr, empty)
		return nil
	}
	tw := tabwriter.NewWriter(app.Stdout, 0, 4, 2, ' ', 0)
	fmt.Fprintln(tw, strings.Join(header, "\t"))
	for _, r := range rows {
		fmt.Fprintln(tw, strings.Join(r, "\t"))
	}
	return tw.Flush()
}
