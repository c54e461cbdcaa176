package wordlist

import (
	"os"
	"path/filepath"
	"slices"
	"testing"
)

func TestRoundTrip(t *testing.T) {
	path := filepath.Join(t.TempDir(), "t.txt.gz")
	lines := []string{"#docs 3", "kyiv\t12", "", "izium"}
	if err := Write(path, lines); err != nil {
		t.Fatal(err)
	}
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	if err := Each(data, func(l string) { got = append(got, l) }); err != nil {
		t.Fatal(err)
	}
	if !slices.Equal(got, lines) {
		t.Errorf("read back %q, want %q", got, lines)
	}
	set, err := Set(data)
	if err != nil || !set["izium"] || set["kharkiv"] {
		t.Errorf("set %v, err %v", set, err)
	}
	n, err := WriteSet(path, map[string]bool{"lviv": true, "bucha": true, "irpin": true})
	if err != nil || n != 3 {
		t.Fatalf("WriteSet wrote %d, err %v", n, err)
	}
	if data, err = os.ReadFile(path); err != nil {
		t.Fatal(err)
	}
	got = nil
	if err := Each(data, func(l string) { got = append(got, l) }); err != nil || !slices.Equal(got, []string{"bucha", "irpin", "lviv"}) {
		t.Errorf("WriteSet wrote %q (err %v), want the members sorted", got, err)
	}
	if err := Each([]byte("not gzip"), func(string) {}); err == nil {
		t.Error("a table that does not decompress gave no error")
	}
}
