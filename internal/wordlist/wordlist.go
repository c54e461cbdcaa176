// Package wordlist reads and writes the gzipped tables, one entry a line,
// that the analysis stages embed — gazetteers, word classes, document
// frequencies — so every table's builder and its loader share one format.
package wordlist

import (
	"bufio"
	"bytes"
	"compress/gzip"
	"fmt"
	"maps"
	"os"
	"slices"
)

// Each calls fn with every line of the gzipped table data, in order.
func Each(data []byte, fn func(line string)) error {
	zr, err := gzip.NewReader(bytes.NewReader(data))
	if err != nil {
		return fmt.Errorf("wordlist: %w", err)
	}
	sc := bufio.NewScanner(zr)
	sc.Buffer(make([]byte, 64<<10), 1<<20)
	for sc.Scan() {
		fn(sc.Text())
	}
	if err := sc.Err(); err != nil {
		return fmt.Errorf("wordlist: %w", err)
	}
	return zr.Close()
}

// Set reads a table into a set of its lines.
func Set(data []byte) (map[string]bool, error) {
	m := map[string]bool{}
	err := Each(data, func(l string) { m[l] = true })
	return m, err
}

// Write writes lines to path, one a line, gzipped at best compression.
func Write(path string, lines []string) error {
	f, err := os.Create(path)
	if err != nil {
		return err
	}
	zw, _ := gzip.NewWriterLevel(f, gzip.BestCompression)
	w := bufio.NewWriter(zw)
	for _, l := range lines {
		w.WriteString(l)
		w.WriteByte('\n')
	}
	if err := w.Flush(); err != nil {
		f.Close()
		return err
	}
	if err := zw.Close(); err != nil {
		f.Close()
		return err
	}
	return f.Close()
}

// WriteSet writes the members of set to path in sorted order, as Write
// does, and returns how many it wrote.
func WriteSet(path string, set map[string]bool) (int, error) {
	lines := slices.Sorted(maps.Keys(set))
	return len(lines), Write(path, lines)
}
