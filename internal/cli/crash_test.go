package cli

import (
	"context"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/storyline-news/storyline/internal/shareddata"
	"github.com/storyline-news/storyline/internal/store/sqlite"
)

// TestMain lets a test run the command line in a child process, which a
// test can then kill.
func TestMain(m *testing.M) {
	if args := os.Getenv("STORYLINE_TEST_CLI"); args != "" {
		os.Exit(Run(append([]string{"storyline"}, strings.Split(args, "\x1f")...)))
	}
	os.Exit(m.Run())
}

// startCLI starts the command line in a child process.
func startCLI(t *testing.T, args ...string) *exec.Cmd {
	t.Helper()
	cmd := exec.Command(os.Args[0], "-test.run=^$")
	cmd.Env = append(os.Environ(), "STORYLINE_TEST_CLI="+strings.Join(args, "\x1f"))
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	return cmd
}

// TestIngestSurvivesKill: an ingest killed with SIGKILL at any moment
// (analysing, saving, settling) leaves a store the next ingest completes:
// every article stored once, settled, in a story and an event that exist.
func TestIngestSurvivesKill(t *testing.T) {
	docs := shareddata.Path(t, "data/clustering/ecbplus/docs.jsonl")
	dir := t.TempDir()
	// A third of ECB+, so each run is a few seconds.
	raw, err := os.ReadFile(docs)
	if err != nil {
		t.Fatal(err)
	}
	lines := strings.SplitAfter(strings.TrimSpace(string(raw)), "\n")
	in := filepath.Join(dir, "docs.jsonl")
	if err := os.WriteFile(in, []byte(strings.Join(lines[:150], "")), 0o644); err != nil {
		t.Fatal(err)
	}
	db := filepath.Join(dir, "s.db")
	ctx := context.Background()
	count := func() (stored, unsettled int) {
		st, err := sqlite.Open(ctx, db)
		if err != nil {
			return 0, 0
		}
		defer st.Close()
		stored, _ = st.CountArticles(ctx)
		un, _ := st.Unsettled(ctx, 1000)
		return stored, len(un)
	}
	// Kill while analysing; as soon as the articles are saved (settling);
	// a moment later; then once more on a store that holds everything.
	for _, k := range []struct {
		name  string
		after time.Duration
		saved bool // wait for saved articles first
	}{
		{"analysing", 500 * time.Millisecond, false},
		{"on saving", 0, true},
		{"settling", 150 * time.Millisecond, true},
		{"re-ingesting", 400 * time.Millisecond, false},
	} {
		before, _ := count()
		cmd := startCLI(t, "ingest", "--db", db, "--workers", "2", in)
		if k.saved {
			for deadline := time.Now().Add(60 * time.Second); time.Now().Before(deadline); time.Sleep(10 * time.Millisecond) {
				if n, _ := count(); n > before {
					break
				}
			}
		}
		time.Sleep(k.after)
		cmd.Process.Signal(syscall.SIGKILL)
		cmd.Wait()
		n, un := count()
		t.Logf("killed %s: %d articles stored, %d unsettled", k.name, n, un)
	}
	if _, stderr, code := runApp(t, "", "ingest", "--db", db, in); code != 0 {
		t.Fatalf("ingest after kills exited %d: %s", code, stderr)
	}
	if n, _ := checkClusters(t, db); n != 150 {
		t.Errorf("%d articles stored, want 150", n)
	}
}
