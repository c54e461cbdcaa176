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
	if err := Each([]byte("not gzip"), func(string) {}); err == nil {
		t.Error("a table that does not decompress gave no error")
	}
}
