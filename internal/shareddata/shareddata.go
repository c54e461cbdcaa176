// Package shareddata locates the team's shared data sets (../shared beside the
// repository, or $STORYLINE_SHARED) for tests and benchmarks that need real
// articles. The project never copies those articles into its own tree.
package shareddata

import (
	"os"
	"path/filepath"
	"runtime"
	"testing"
)

// Root returns the shared directory: $STORYLINE_SHARED if set, else ../shared
// beside the repository root. It does not check that the directory exists.
//
// A relative STORYLINE_SHARED is taken from the repository root, not from the
// working directory: `go test` runs each package in its own folder, and
// STORYLINE_SHARED=../shared is meant from where the user typed it.
func Root() string {
	repo := RepoRoot()
	if d := os.Getenv("STORYLINE_SHARED"); d != "" {
		if filepath.IsAbs(d) {
			return d
		}
		return filepath.Join(repo, d)
	}
	return filepath.Join(filepath.Dir(repo), "shared")
}

// RepoRoot returns the repository's root folder (where go.mod is).
func RepoRoot() string {
	_, file, _, _ := runtime.Caller(0)
	// file is <repo>/internal/shareddata/shareddata.go
	return filepath.Dir(filepath.Dir(filepath.Dir(file)))
}

// Required reports whether tests must fail rather than skip when shared data is
// missing: in CI (CI=true) or when STORYLINE_REQUIRE_SHARED=1.
func Required() bool {
	return os.Getenv("CI") == "true" || os.Getenv("STORYLINE_REQUIRE_SHARED") == "1"
}

// Path returns the path of rel (slash-separated, e.g. "data/seeds") under the
// shared directory. When it does not exist the test is skipped with a message,
// or fails when shared data is required.
func Path(tb testing.TB, rel string) string {
	tb.Helper()
	p := filepath.Join(Root(), filepath.FromSlash(rel))
	if _, err := os.Stat(p); err != nil {
		if Required() {
			tb.Fatalf("shared data %s is required here but missing (set STORYLINE_SHARED): %v", p, err)
		}
		tb.Skipf("shared data %s not found; set STORYLINE_SHARED to run this test", p)
	}
	return p
}
