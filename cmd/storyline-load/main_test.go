package main

import (
	"bytes"
	"context"
	"io"
	"log/slog"
	"net/http/httptest"
	"path/filepath"
	"strings"
	"testing"

	"github.com/storyline-news/storyline/internal/auth/authtest"
	"github.com/storyline-news/storyline/internal/model"
	"github.com/storyline-news/storyline/internal/server"
	"github.com/storyline-news/storyline/internal/store"
	"github.com/storyline-news/storyline/internal/store/sqlite"
)

// privateServer serves one team-written story on a server that needs a
// signed-in user, and returns its address and a reader.
func privateServer(t *testing.T) (string, authtest.Signed) {
	t.Helper()
	ctx := context.Background()
	st, err := sqlite.Open(ctx, filepath.Join(t.TempDir(), "load.db"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { st.Close() })
	arts := []model.Article{
		{ID: "k1", Outlet: "Hill Times", Published: "2024-05-01", Headline: "Ferry timetable changes in May", Body: []string{"The ferry runs twice an hour from May."}, Story: "s1", Event: "e1"},
		{ID: "k2", Outlet: "Shore Post", Published: "2024-05-02", Headline: "More ferries for the island", Body: []string{"Islanders welcomed the extra ferries."}, Story: "s1", Event: "e1"},
	}
	if _, err := st.SaveArticles(ctx, arts); err != nil {
		t.Fatal(err)
	}
	if err := st.SaveClusters(ctx, arts, []store.Event{{ID: "e1", Story: "s1", Title: "Ferries", Articles: 2, Sources: 2}},
		[]store.Story{{ID: "s1", Title: "Ferry timetable changes", Articles: 2, Sources: 2, Rank: 1, View: []byte(`{"title":"Ferry timetable changes"}`)}}); err != nil {
		t.Fatal(err)
	}
	reader := authtest.User(t, st, "reader", false)
	srv, err := server.New(server.Options{Store: st, Logger: slog.New(slog.NewTextHandler(io.Discard, nil))})
	if err != nil {
		t.Fatal(err)
	}
	hs := httptest.NewServer(srv.Handler())
	t.Cleanup(hs.Close)
	return hs.URL, reader
}

func TestSignedInLoad(t *testing.T) {
	addr, reader := privateServer(t)
	noEnv := func(string) string { return "" }
	tests := []struct {
		name   string
		args   []string
		env    func(string) string
		code   int
		stdout string
		stderr string
	}{
		{name: "signed out", args: []string{"-addr", addr, "-n", "2", "-c", "1"}, env: noEnv, code: 1, stderr: "pass -token or -cookie"},
		{name: "token", args: []string{"-addr", addr, "-n", "2", "-c", "1", "-token", reader.Token}, env: noEnv, stdout: "api for you"},
		{name: "token from the environment", args: []string{"-addr", addr, "-n", "2", "-c", "1"},
			env: func(k string) string {
				if k == "STORYLINE_TOKEN" {
					return reader.Token
				}
				return ""
			}, stdout: "for you"},
		{name: "cookie", args: []string{"-addr", addr, "-n", "2", "-c", "1", "-cookie", reader.Cookie.Value}, env: noEnv, stdout: "story top"},
		{name: "mixed for a duration", args: []string{"-addr", addr, "-c", "3", "-duration", "300ms", "-token", reader.Token}, env: noEnv, stdout: "\nall "},
		{name: "bad token", args: []string{"-addr", addr, "-n", "2", "-c", "1", "-token", "slt_nope"}, env: noEnv, code: 1, stderr: "401"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var out, errb bytes.Buffer
			code := run(tt.args, &out, &errb, tt.env)
			if code != tt.code {
				t.Fatalf("exit %d, want %d; stdout %s stderr %s", code, tt.code, out.String(), errb.String())
			}
			if !strings.Contains(out.String(), tt.stdout) || !strings.Contains(errb.String(), tt.stderr) {
				t.Errorf("stdout %q (want %q), stderr %q (want %q)", out.String(), tt.stdout, errb.String(), tt.stderr)
			}
		})
	}
}
