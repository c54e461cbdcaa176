package watch

import (
	"context"
	"os"
	"path/filepath"
	"slices"
	"syscall"
	"testing"
	"time"
)

func write(t *testing.T, path, text string) {
	t.Helper()
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(path, []byte(text), 0o644); err != nil {
		t.Fatal(err)
	}
}

func TestScanHandsOnQuietFilesOnce(t *testing.T) {
	dir := t.TempDir()
	w, err := New(dir, Options{Quiet: 10 * time.Second})
	if err != nil {
		t.Fatal(err)
	}
	t0 := time.Now()
	a, sub := filepath.Join(dir, "a.txt"), filepath.Join(dir, "day2", "b.json")
	write(t, a, "first article")
	write(t, sub, `{"text": "second"}`)
	for _, skip := range []string{".hidden.txt", "c.txt.part", "d.crdownload", "e.txt~", ".git/config", "f.warc.gz.open"} {
		write(t, filepath.Join(dir, skip), "not an article")
	}
	if err := syscall.Mkfifo(filepath.Join(dir, "pipe"), 0o644); err != nil {
		t.Fatal(err)
	}
	steps := []struct {
		name  string
		at    time.Duration
		edit  func()
		ready []string
	}{
		{"first sight: not quiet yet", 0, nil, nil},
		{"still within the quiet time", 5 * time.Second, nil, nil},
		{"quiet long enough; the pipe too, for the reader to refuse", 11 * time.Second, nil, []string{a, sub, filepath.Join(dir, "pipe")}},
		{"handed on once", 30 * time.Second, nil, nil},
		{"a change starts the wait again", 31 * time.Second, func() { write(t, a, "first article, corrected and longer") }, nil},
		{"the changed file once quiet", 45 * time.Second, nil, []string{a}},
		{"a file still growing waits", 46 * time.Second, func() { write(t, sub, `{"text": "second, more"}`) }, nil},
		{"it grows again", 50 * time.Second, func() { write(t, sub, `{"text": "second, more and more"}`) }, nil},
		{"quiet since its last change", 61 * time.Second, nil, []string{sub}},
	}
	for _, s := range steps {
		if s.edit != nil {
			s.edit()
		}
		got, err := w.Scan(t0.Add(s.at))
		if err != nil {
			t.Fatalf("%s: %v", s.name, err)
		}
		if !slices.Equal(got, s.ready) {
			t.Errorf("%s: ready %v, want %v", s.name, got, s.ready)
		}
	}
}

func TestScanForgetsRemovedFiles(t *testing.T) {
	dir := t.TempDir()
	w, err := New(dir, Options{Quiet: time.Second})
	if err != nil {
		t.Fatal(err)
	}
	p := filepath.Join(dir, "a.txt")
	write(t, p, "text")
	t0 := time.Now()
	w.Scan(t0)
	if got, _ := w.Scan(t0.Add(2 * time.Second)); len(got) != 1 {
		t.Fatalf("ready %v, want the file", got)
	}
	os.Remove(p)
	w.Scan(t0.Add(3 * time.Second))
	write(t, p, "text") // put back as it was: new again
	w.Scan(t0.Add(4 * time.Second))
	if got, _ := w.Scan(t0.Add(6 * time.Second)); len(got) != 1 {
		t.Errorf("a file put back is not handed on again: %v", got)
	}
}

func TestNewRefusesAFile(t *testing.T) {
	p := filepath.Join(t.TempDir(), "f.txt")
	write(t, p, "x")
	if _, err := New(p, Options{}); err == nil {
		t.Error("New accepted a file as a folder")
	}
	if _, err := New(filepath.Join(p, "missing"), Options{}); err == nil {
		t.Error("New accepted a missing folder")
	}
}

func TestRunStopsWithItsContext(t *testing.T) {
	dir := t.TempDir()
	write(t, filepath.Join(dir, "a.txt"), "x")
	w, err := New(dir, Options{Interval: 10 * time.Millisecond, Quiet: 20 * time.Millisecond})
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	var got []string
	err = w.Run(ctx, func(_ context.Context, paths []string) error {
		got = append(got, paths...)
		cancel()
		return nil
	})
	if err != context.Canceled || len(got) != 1 {
		t.Errorf("Run returned %v with %v, want context.Canceled after one file", err, got)
	}
}
