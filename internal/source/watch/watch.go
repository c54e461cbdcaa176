// Package watch finds the files that appear or change in a drop folder, the
// way people who copy articles by hand work: a file is handed on once it has
// stopped changing, so a copy still being written is never read half-done.
//
// It polls rather than subscribing to file-system events: polling works the
// same on local disks, network shares and bind-mounted folders, where
// change notifications are missing or unreliable, and a scan of a drop
// folder of thousands of files costs a few milliseconds.
package watch

import (
	"context"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"time"
)

// Watcher watches one folder, recursively. It is not safe for concurrent use.
type Watcher struct {
	dir      string
	interval time.Duration
	quiet    time.Duration
	done     map[string]stamp // handed on, as it was then
	changing map[string]seen  // seen changing, not yet quiet
}

type stamp struct {
	size int64
	mod  time.Time
}

type seen struct {
	stamp
	since time.Time // when it last changed
}

// Options tune a Watcher; zero fields take their defaults.
type Options struct {
	// Interval is the time between two scans (default 2 s).
	Interval time.Duration
	// Quiet is how long a file must stay unchanged to be handed on
	// (default 2 s).
	Quiet time.Duration
}

// New returns a watcher of dir, which must be a folder.
func New(dir string, opt Options) (*Watcher, error) {
	fi, err := os.Stat(dir)
	if err != nil {
		return nil, fmt.Errorf("watch: %w", err)
	}
	if !fi.IsDir() {
		return nil, fmt.Errorf("watch: %s is not a folder", dir)
	}
	if opt.Interval <= 0 {
		opt.Interval = 2 * time.Second
	}
	if opt.Quiet <= 0 {
		opt.Quiet = 2 * time.Second
	}
	return &Watcher{dir: dir, interval: opt.Interval, quiet: opt.Quiet, done: map[string]stamp{}, changing: map[string]seen{}}, nil
}

// Scan looks at the folder once, as of now, and returns the files that
// are new or changed since they were last handed on and have stayed
// unchanged for the quiet time, sorted. Hidden files and the temporary
// files of downloads and editors are skipped. Special files (pipes,
// sockets, devices) are handed on too, once, for the reader to refuse
// with a message; Scan never opens a file.
func (w *Watcher) Scan(now time.Time) ([]string, error) {
	var ready []string
	present := map[string]bool{}
	err := filepath.WalkDir(w.dir, func(path string, d fs.DirEntry, err error) error {
		if err != nil {
			if errors.Is(err, fs.ErrNotExist) {
				return nil // removed while we walked
			}
			if path == w.dir {
				return err
			}
			return nil // an unreadable subfolder does not stop the rest
		}
		name := d.Name()
		if path != w.dir && skipped(name) {
			if d.IsDir() {
				return filepath.SkipDir
			}
			return nil
		}
		if d.IsDir() {
			return nil
		}
		// A pipe, socket or device is handed on like a file, once, so that
		// the reader refuses it with a message naming it rather than the
		// drop folder silently ignoring it; nothing here opens it.
		fi, err := d.Info()
		if err != nil {
			return nil
		}
		present[path] = true
		st := stamp{fi.Size(), fi.ModTime()}
		if prev, ok := w.done[path]; ok && prev == st {
			delete(w.changing, path)
			return nil
		}
		c, ok := w.changing[path]
		if !ok || c.stamp != st {
			w.changing[path] = seen{st, now}
			return nil
		}
		if now.Sub(c.since) >= w.quiet {
			ready = append(ready, path)
			w.done[path] = st
			delete(w.changing, path)
		}
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("watch: %w", err)
	}
	for p := range w.changing {
		if !present[p] {
			delete(w.changing, p)
		}
	}
	for p := range w.done {
		if !present[p] {
			delete(w.done, p) // a file put back later is new again
		}
	}
	slices.Sort(ready)
	return ready, nil
}

// Run scans the folder every interval and calls fn with each non-empty set
// of ready files, until ctx ends (which it returns) or fn fails.
func (w *Watcher) Run(ctx context.Context, fn func(ctx context.Context, paths []string) error) error {
	t := time.NewTicker(w.interval)
	defer t.Stop()
	for {
		paths, err := w.Scan(time.Now())
		if err != nil {
			return err
		}
		if len(paths) > 0 {
			if err := fn(ctx, paths); err != nil {
				return err
			}
		}
		select {
		case <-ctx.Done():
			return ctx.Err()
		case <-t.C:
		}
	}
}

// skipped tells the names a drop folder holds that are not articles (yet):
// hidden files and folders, and files a download or an editor is writing
// (and a web crawler: Heritrix and others write x.warc.gz.open and
// rename it when the archive is closed).
func skipped(name string) bool {
	if strings.HasPrefix(name, ".") || strings.HasPrefix(name, "~$") || strings.HasSuffix(name, "~") {
		return true
	}
	switch strings.ToLower(filepath.Ext(name)) {
	case ".part", ".partial", ".tmp", ".temp", ".crdownload", ".download", ".swp", ".lock", ".open":
		return true
	}
	return false
}
