package shareddata

import (
	"os"
	"path/filepath"
	"testing"
)

func TestRoot(t *testing.T) {
	repo := RepoRoot()
	if _, err := os.Stat(filepath.Join(repo, "go.mod")); err != nil {
		t.Fatalf("RepoRoot %s has no go.mod: %v", repo, err)
	}
	tests := []struct {
		name, env, want string
	}{
		{"default beside the repository", "", filepath.Join(filepath.Dir(repo), "shared")},
		{"relative to the repository root", "../elsewhere", filepath.Join(filepath.Dir(repo), "elsewhere")},
		{"absolute as given", "/data/shared", "/data/shared"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Setenv("STORYLINE_SHARED", tt.env)
			if got := Root(); got != tt.want {
				t.Errorf("Root() = %q, want %q", got, tt.want)
			}
		})
	}
}
