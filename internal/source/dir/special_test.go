//go:build unix

package dir

import (
	"context"
	"errors"
	"net"
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/storyline-news/storyline/internal/source"
)

// TestSpecialFilesRefused: a named pipe, a socket or a device, named as an
// argument or met in a folder, is refused at once with an error naming it,
// and the rest of the batch is read. (Opening a pipe used to block until
// a writer came, deaf to SIGINT.)
func TestSpecialFilesRefused(t *testing.T) {
	dir := t.TempDir()
	good := filepath.Join(dir, "good.txt")
	if err := os.WriteFile(good, []byte("Harbour town votes on sea wall.\n\nVoters backed the levy."), 0o644); err != nil {
		t.Fatal(err)
	}
	fifo := filepath.Join(dir, "pipe.txt")
	if err := syscall.Mkfifo(fifo, 0o644); err != nil {
		t.Fatal(err)
	}
	sock := filepath.Join(dir, "s.sock")
	ln, err := net.Listen("unix", sock)
	if err != nil {
		t.Fatal(err)
	}
	defer ln.Close()
	pipeLink := filepath.Join(t.TempDir(), "link.txt")
	if err := os.Symlink(fifo, pipeLink); err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name  string
		paths []string
		bad   []string // the files refused, in order
		what  string
	}{
		{"a pipe as an argument", []string{fifo, good}, []string{fifo}, "named pipe"},
		{"a device as an argument", []string{"/dev/null", good}, []string{"/dev/null"}, "character device"},
		{"a folder holding a pipe and a socket", []string{dir}, []string{fifo, sock}, "it is a"},
		{"a link to a pipe", []string{pipeLink, good}, []string{pipeLink}, "named pipe"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			done := make(chan struct{})
			var docs int
			var errs []error
			go func() {
				defer close(done)
				for doc, err := range New(tt.paths, Options{}).Documents(context.Background()) {
					if err != nil {
						errs = append(errs, err)
						continue
					}
					if doc.ID == "good.txt" {
						docs++
					}
				}
			}()
			select {
			case <-done:
			case <-time.After(5 * time.Second):
				t.Fatal("reading blocked on a special file")
			}
			if docs != 1 {
				t.Errorf("the good file was read %d times, want once", docs)
			}
			if len(errs) != len(tt.bad) {
				t.Fatalf("errors %v, want one for each of %v", errs, tt.bad)
			}
			for i, err := range errs {
				var se *source.Error
				if !errors.As(err, &se) || !errors.Is(err, source.ErrSpecial) || se.File != tt.bad[i] || !strings.Contains(err.Error(), tt.what) {
					t.Errorf("error %v, want ErrSpecial for %s saying %q", err, tt.bad[i], tt.what)
				}
			}
		})
	}
}

// TestOpenRegularRefusesAPipe: the check made when the file is opened, for
// a pipe put in place after the path was looked at.
func TestOpenRegularRefusesAPipe(t *testing.T) {
	fifo := filepath.Join(t.TempDir(), "late")
	if err := syscall.Mkfifo(fifo, 0o644); err != nil {
		t.Fatal(err)
	}
	done := make(chan error, 1)
	go func() {
		f, err := openRegular(fifo)
		if f != nil {
			f.Close()
		}
		done <- err
	}()
	select {
	case err := <-done:
		if !errors.Is(err, source.ErrSpecial) {
			t.Errorf("openRegular(pipe) = %v, want ErrSpecial", err)
		}
	case <-time.After(5 * time.Second):
		t.Fatal("opening a pipe blocked")
	}
}
