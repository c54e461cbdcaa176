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
func Root() string {
	if d := os.Getenv("STORYLINE_SHARED"); d != "" {
		if abs, err := filepath.Abs(d); err == nil {
			return abs
		}
		return d
	}
	_, file, _, _ := runtime.Caller(0)
	// file is <repo>/internal/shareddata/shareddata.go
	repo := filepath.Dir(filepath.Dir(filepath.Dir(file)))
	return filepath.Join(filepath.Dir(repo), "shared")
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
