package cli

import (
	"context"
	"io"
	"net/http/httptest"
	"net/url"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/storyline-news/storyline/internal/auth"
	"github.com/storyline-news/storyline/internal/store"
	"github.com/storyline-news/storyline/internal/store/sqlite"
)

// signIn reports whether name and password sign in to the store at db.
func signIn(t *testing.T, db, name, password string) bool {
	t.Helper()
	st, err := sqlite.Open(context.Background(), db)
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	req := httptest.NewRequest("POST", "/signin", strings.NewReader(url.Values{}.Encode()))
	_, err = auth.New(auth.Options{Store: st}).SignIn(httptest.NewRecorder(), req, name, password)
	return err == nil
}

func TestUserCommands(t *testing.T) {
	db := filepath.Join(t.TempDir(), "users.db")
	tests := []struct {
		name   string
		stdin  string
		args   []string
		code   int
		stdout string // what stdout must contain
		stderr string // what stderr must contain
	}{
		{name: "list when empty", args: []string{"user", "list", "--db", db}, stderr: "no users yet"},
		{name: "first user is an admin", stdin: "first password\n", args: []string{"user", "add", "--db", db, "ann"}, stdout: "added admin ann"},
		{name: "second is not", stdin: "second password\r\n", args: []string{"user", "add", "bob", "--db", db}, stdout: "added user bob"},
		{name: "--admin after the name", stdin: "third password\n", args: []string{"user", "add", "cy", "--admin", "--db", db}, stdout: "added admin cy"},
		{name: "name taken in another case", stdin: "another password\n", args: []string{"user", "add", "--db", db, "BOB"}, code: 1, stderr: "already"},
		{name: "short password", stdin: "short\n", args: []string{"user", "add", "--db", db, "dee"}, code: 1, stderr: "at least 8"},
		{name: "no password", stdin: "", args: []string{"user", "add", "--db", db, "dee"}, code: 1, stderr: "no password"},
		{name: "bad name", stdin: "good password\n", args: []string{"user", "add", "--db", db, "dee dee"}, code: 2, stderr: "letters, digits"},
		{name: "no name", args: []string{"user", "add", "--db", db}, code: 2, stderr: "takes one user name"},
		{name: "password is never a flag", args: []string{"user", "add", "--db", db, "--password", "x", "dee"}, code: 2, stderr: "not defined"},
		{name: "unknown subcommand", args: []string{"user", "rename", "--db", db, "ann"}, code: 2, stderr: "unknown user command"},
		{name: "no subcommand", args: []string{"user"}, code: 2, stderr: "Usage: storyline user"},
		{name: "list", args: []string{"user", "list", "--db", db}, stdout: "ann   admin"},
		{name: "passwd", stdin: "a brand new password\n", args: []string{"user", "passwd", "--db", db, "bob"}, stdout: "changed the password of bob"},
		{name: "passwd of nobody", stdin: "a brand new password\n", args: []string{"user", "passwd", "--db", db, "zed"}, code: 1, stderr: "no user called zed"},
		{name: "remove", args: []string{"user", "remove", "--db", db, "cy"}, stdout: "removed user cy"},
		{name: "remove nobody", args: []string{"user", "remove", "--db", db, "cy"}, code: 1, stderr: "no user called cy"},
		{name: "last admin stays", args: []string{"user", "remove", "--db", db, "ann"}, code: 1, stderr: "last admin"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			out, errs, code := runApp(t, tt.stdin, tt.args...)
			if code != tt.code {
				t.Fatalf("exit %d, want %d; stdout %q stderr %q", code, tt.code, out, errs)
			}
			if !strings.Contains(out, tt.stdout) {
				t.Errorf("stdout %q lacks %q", out, tt.stdout)
			}
			if !strings.Contains(errs, tt.stderr) {
				t.Errorf("stderr %q lacks %q", errs, tt.stderr)
			}
		})
	}
	if !signIn(t, db, "ann", "first password") {
		t.Errorf("ann cannot sign in with the password she was given")
	}
	if signIn(t, db, "bob", "second password") || !signIn(t, db, "bob", "a brand new password") {
		t.Errorf("bob's password did not change (a CR before the newline must not be part of it either)")
	}
	st, err := sqlite.Open(context.Background(), db)
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	us, err := st.Users(context.Background())
	if err != nil || len(us) != 2 || !us[0].Admin || us[1].Admin {
		t.Errorf("users %+v, %v; want ann (admin) and bob", us, err)
	}
	if _, err := st.UserByName(context.Background(), "cy"); err == nil {
		t.Errorf("cy was not removed")
	} else if !strings.Contains(err.Error(), store.ErrNotFound.Error()) {
		t.Errorf("cy: %v", err)
	}
}

// TestServeWithoutUsersSaysWhatToDo: serve on a store with no users tells
// the operator how to add one, and starts all the same.
func TestServeWithoutUsersSaysWhatToDo(t *testing.T) {
	db := filepath.Join(t.TempDir(), "empty.db")
	serve := func(extra ...string) string {
		ctx, cancel := context.WithCancel(context.Background())
		defer cancel()
		errb := &lockedBuffer{}
		app := &App{Stdin: strings.NewReader(""), Stdout: io.Discard, Stderr: errb, Getenv: func(string) string { return "" }}
		done := make(chan int, 1)
		go func() {
			done <- app.Run(ctx, append([]string{"storyline", "serve", "--db", db, "--addr", "127.0.0.1:0"}, extra...))
		}()
		deadline := time.Now().Add(10 * time.Second)
		for !strings.Contains(errb.String(), "serving") && time.Now().Before(deadline) {
			time.Sleep(20 * time.Millisecond)
		}
		cancel()
		if code := <-done; code != 0 {
			t.Errorf("serve %v exited %d: %s", extra, code, errb.String())
		}
		return errb.String()
	}
	if got := serve(); !strings.Contains(got, "storyline user add NAME") || !strings.Contains(got, "--public") || !strings.Contains(got, "serving") {
		t.Errorf("serve without users said: %q", got)
	}
	if got := serve("--public"); !strings.Contains(got, "anyone can read") {
		t.Errorf("serve --public without users said: %q", got)
	}
}

type lockedBuffer struct {
	mu sync.Mutex
	b  strings.Builder
}

func (l *lockedBuffer) Write(p []byte) (int, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.b.Write(p)
}

func (l *lockedBuffer) String() string {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.b.String()
}
