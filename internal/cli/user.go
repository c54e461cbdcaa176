package cli

import (
	"bufio"
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"strings"

	"golang.org/x/term"

	"github.com/storyline-news/storyline/internal/auth"
	"github.com/storyline-news/storyline/internal/config"
	"github.com/storyline-news/storyline/internal/store"
)

const userUsage = `Usage: storyline user COMMAND [--db FILE] [NAME]

Commands:
  add NAME [--admin]   add a user; the first user is an admin. The password is
                       asked for on the terminal, or read as one line from
                       standard input when that is not a terminal.
  list                 list the users
  remove NAME          remove a user with their sessions, tokens and follows
  passwd NAME          set a user's password (signs them out everywhere)
`

// runUser manages the accounts that can sign in to the server.
func runUser(ctx context.Context, app *App, cfg config.Config, args []string) error {
	sub, args, err := subcommand(app, "user", userUsage, args)
	if err != nil {
		return err
	}
	fs := newSubFlagSet(app, &cfg, "user "+sub, userUsage)
	admin := false
	if sub == "add" {
		fs.BoolVar(&admin, "admin", false, "make the user an admin (the first user always is)")
	}
	names, err := parseInterleaved(fs, args)
	if err != nil {
		return err
	}
	wantNames := 1
	if sub == "list" {
		wantNames = 0
	}
	switch sub {
	case "add", "list", "remove", "passwd":
	default:
		fs.Usage()
		return fmt.Errorf("%w: unknown user command %q", errUsage, sub)
	}
	if err := wantArgs(fs, names, wantNames, "user name"); err != nil {
		return err
	}
	st, err := openStore(ctx, cfg)
	if err != nil {
		return err
	}
	defer st.Close()
	a := auth.New(auth.Options{Store: st})
	switch sub {
	case "add":
		return userAdd(ctx, app, st, a, names[0], admin)
	case "list":
		return userList(ctx, app, st)
	case "remove":
		u, err := st.UserByName(ctx, names[0])
		if err != nil {
			return noUser(names[0], err)
		}
		if err := st.DeleteUser(ctx, u.ID); err != nil {
			return userError(err)
		}
		fmt.Fprintf(app.Stdout, "removed user %s\n", u.Name)
		return nil
	default: // passwd
		u, err := st.UserByName(ctx, names[0])
		if err != nil {
			return noUser(names[0], err)
		}
		pw, err := readPassword(app, "New password for "+u.Name)
		if err != nil {
			return err
		}
		if err := a.SetPassword(ctx, u.Name, pw); err != nil {
			return userError(err)
		}
		fmt.Fprintf(app.Stdout, "changed the password of %s; their sessions have ended\n", u.Name)
		return nil
	}
}

func userAdd(ctx context.Context, app *App, st store.Accounts, a *auth.Service, name string, admin bool) error {
	if err := auth.CheckUserName(name); err != nil {
		return fmt.Errorf("%w: %v", errUsage, strings.TrimPrefix(err.Error(), "auth: "))
	}
	if _, err := st.UserByName(ctx, name); err == nil {
		return fmt.Errorf("there is a user called %s already", name)
	}
	n, err := st.CountUsers(ctx)
	if err != nil {
		return err
	}
	first := n == 0
	pw, err := readPassword(app, "Password for "+name)
	if err != nil {
		return err
	}
	u, err := a.AddUser(ctx, name, pw, admin || first)
	if err != nil {
		return userError(err)
	}
	what := "user"
	if u.Admin {
		what = "admin"
	}
	fmt.Fprintf(app.Stdout, "added %s %s\n", what, u.Name)
	if first {
		fmt.Fprintln(app.Stdout, "the first user is an admin, and owns the follows made before there were accounts")
	}
	return nil
}

func userList(ctx context.Context, app *App, st store.Accounts) error {
	us, err := st.Users(ctx)
	if err != nil {
		return err
	}
	rows := make([][]string, len(us))
	for i, u := range us {
		role := "user"
		if u.Admin {
			role = "admin"
		}
		rows[i] = []string{u.Name, role, u.Created.Format("2006-01-02 15:04")}
	}
	return printTable(app, "no users yet: add one with 'storyline user add NAME'", []string{"NAME", "ROLE", "CREATED"}, rows)
}

func noUser(name string, err error) error {
	if errors.Is(err, store.ErrNotFound) {
		return fmt.Errorf("there is no user called %s ('storyline user list' lists them)", name)
	}
	return err
}

// userError turns a refusal of the store or of the password rules into a
// message for the person at the terminal.
func userError(err error) error {
	switch {
	case errors.Is(err, auth.ErrPassword), errors.Is(err, auth.ErrUserName):
		return errors.New(strings.TrimPrefix(err.Error(), "auth: "))
	case errors.Is(err, store.ErrInvalid):
		return errors.New(safeInvalid(err))
	case errors.Is(err, store.ErrExists):
		return errors.New("that user name is taken")
	}
	return err
}

func safeInvalid(err error) string {
	msg := err.Error()
	if i := strings.LastIndex(msg, store.ErrInvalid.Error()+": "); i >= 0 {
		return msg[i+len(store.ErrInvalid.Error())+2:]
	}
	return msg
}

// readPassword reads a password: from the terminal without echo, asked
// twice, when standard input is one; otherwise as the first line of
// standard input, so scripts can pipe it in. Never from a flag, which
// would leave it in the shell history and the process list.
func readPassword(app *App, prompt string) (string, error) {
	if f, ok := app.Stdin.(*os.File); ok && term.IsTerminal(int(f.Fd())) {
		fmt.Fprint(app.Stderr, prompt+": ")
		pw, err := term.ReadPassword(int(f.Fd()))
		fmt.Fprintln(app.Stderr)
		if err != nil {
			return "", fmt.Errorf("read password: %w", err)
		}
		fmt.Fprint(app.Stderr, "Again: ")
		again, err := term.ReadPassword(int(f.Fd()))
		fmt.Fprintln(app.Stderr)
		if err != nil {
			return "", fmt.Errorf("read password: %w", err)
		}
		if string(pw) != string(again) {
			return "", errors.New("the two passwords differ; nothing was changed")
		}
		return string(pw), nil
	}
	line, err := bufio.NewReader(io.LimitReader(app.Stdin, auth.MaxPassword+2)).ReadString('\n')
	if err != nil && !errors.Is(err, io.EOF) {
		return "", fmt.Errorf("read password from standard input: %w", err)
	}
	pw := strings.TrimRight(line, "\r\n")
	if pw == "" {
		return "", errors.New("no password: type one at the prompt, or give it as the first line of standard input")
	}
	return pw, nil
}
