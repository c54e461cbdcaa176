package main

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/storyline-news/storyline/internal/shareddata"
)

func TestRun(t *testing.T) {
	shared := shareddata.Path(t, "data")
	dir := t.TempDir()
	out, gold := filepath.Join(dir, "s.jsonl"), filepath.Join(dir, "g.tsv")
	var stderr bytes.Buffer
	args := []string{"-n", "200", "-seed", "5", "-shared", filepath.Dir(shared), "-out", out, "-gold", gold}
	if code := run(args, nil, &stderr); code != 0 {
		t.Fatalf("exit %d: %s", code, stderr.String())
	}
	for path, lines := range map[string]int{out: 200, gold: 201} {
		raw, err := os.ReadFile(path)
		if err != nil {
			t.Fatal(err)
		}
		if n := strings.Count(string(raw), "\n"); n != lines {
			t.Errorf("%s has %d lines, want %d", path, n, lines)
		}
	}
	var stdout bytes.Buffer
	if code := run([]string{"-n", "200", "-seed", "5", "-shared", filepath.Dir(shared)}, &stdout, &stderr); code != 0 {
		t.Fatalf("exit %d: %s", code, stderr.String())
	}
	if file, _ := os.ReadFile(out); !bytes.Equal(file, stdout.Bytes()) {
		t.Error("the stream on standard output differs from the one written to -out")
	}
}

func TestRunBadFlags(t *testing.T) {
	tests := []struct {
		name string
		args []string
	}{
		{"no articles", []string{"-n", "0"}},
		{"bad start", []string{"-start", "tomorrow"}},
		{"stray argument", []string{"extra"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var stderr bytes.Buffer
			if code := run(tt.args, nil, &stderr); code != 2 {
				t.Errorf("exit %d, want 2", code)
			}
		})
	}
}
