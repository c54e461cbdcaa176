//go:build unix

package cli

import (
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"
)

// TestAnalyzeGoesPastBadFiles: a named pipe given as an argument no longer
// blocks analyze (it used to wait forever, deaf to Ctrl-C), and a file
// whose name holds a newline cannot forge a second error line: each bad
// file gets one line naming it, and the good file is still analysed.
func TestAnalyzeGoesPastBadFiles(t *testing.T) {
	dir := t.TempDir()
	good := filepath.Join(dir, "good.txt")
	if err := os.WriteFile(good, []byte("Harbour town votes on sea wall\n\nVoters in Port Selby backed a sea wall levy on Tuesday, the council said.\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	fifo := filepath.Join(dir, "pipe.txt")
	if err := syscall.Mkfifo(fifo, 0o644); err != nil {
		t.Fatal(err)
	}
	forged := filepath.Join(dir, "empty.txt\nstoryline: forged.txt: all is well")
	if err := os.WriteFile(forged, nil, 0o644); err != nil {
		t.Fatal(err)
	}
	type result struct {
		out, stderr string
		code        int
	}
	done := make(chan result, 1)
	go func() {
		out, stderr, code := runApp(t, "", "analyze", fifo, forged, good)
		done <- result{out, stderr, code}
	}()
	var r result
	select {
	case r = <-done:
	case <-time.After(60 * time.Second):
		t.Fatal("analyze blocked on the named pipe")
	}
	if r.code != 0 || strings.Count(r.out, "\n") != 1 || !strings.Contains(r.out, `"id":"good.txt"`) {
		t.Errorf("exit %d, records %q: want the good file analysed", r.code, r.out)
	}
	lines := strings.Split(strings.TrimSuffix(r.stderr, "\n"), "\n")
	if len(lines) != 2 {
		t.Fatalf("stderr has %d lines, want one per bad file:\n%s", len(lines), r.stderr)
	}
	if !strings.Contains(lines[0], fifo) || !strings.Contains(lines[0], "named pipe") {
		t.Errorf("pipe line %q does not name the file and what it is", lines[0])
	}
	if !strings.Contains(lines[1], `empty.txt\nstoryline: forged.txt`) || !strings.Contains(lines[1], "empty file") {
		t.Errorf("line %q does not show the name escaped", lines[1])
	}
	for _, l := range lines {
		if strings.HasPrefix(l, "storyline: forged") {
			t.Errorf("a file name forged the line %q", l)
		}
	}
}
