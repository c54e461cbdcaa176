package cli

import (
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/storyline-news/storyline/internal/shareddata"
)

// determinismFiles is how many PolNeAR training texts the determinism test
// analyses: enough articles for ties between names, dates and clusters to
// turn up, few enough that four runs take seconds on two cores.
const determinismFiles = 150

// tieArticle is a PolNeAR training text, past the first determinismFiles,
// whose figure claimant phrase holds two entity names of one length
// ("Court", "Trump"): before the tie was broken by name it took either.
const tieArticle = "wash-post_2016-07-15_thin-skinned-trump-quells-critic.txt"

// TestAnalyzeDeterminism runs the whole analyze command over one corpus
// twice with one worker and twice with two, and requires the four outputs
// to be byte-identical: neither map iteration order nor which worker
// finishes first may change a result.
func TestAnalyzeDeterminism(t *testing.T) {
	if testing.Short() {
		t.Skip("analyses a corpus four times")
	}
	src := shareddata.Path(t, "data/quotes/polnear/train/text")
	dir := copyFiles(t, src, determinismFiles, tieArticle)
	runs := []struct {
		name    string
		workers string
	}{
		{"one worker", "1"},
		{"one worker again", "1"},
		{"two workers", "2"},
		{"two workers again", "2"},
	}
	var wantOut, wantErr string
	for i, r := range runs {
		out, errOut, code := runApp(t, "", "analyze", "--workers", r.workers, dir)
		if code != 0 {
			t.Fatalf("%s: exit code %d, stderr:\n%s", r.name, code, errOut)
		}
		if i == 0 {
			if n := strings.Count(out, "\n"); n != determinismFiles+1 {
				t.Fatalf("%s: %d records, want %d", r.name, n, determinismFiles+1)
			}
			wantOut, wantErr = out, errOut
			continue
		}
		if out != wantOut {
			t.Errorf("%s: output differs from %s's at byte %d", r.name, runs[0].name, firstDiff(out, wantOut))
		}
		if errOut != wantErr {
			t.Errorf("%s: standard error differs from %s's:\n%s\nvs\n%s", r.name, runs[0].name, errOut, wantErr)
		}
	}
}

// copyFiles copies the first n files of dir, by name, and the named extra
// ones into a new temporary folder and returns it.
func copyFiles(t *testing.T, dir string, n int, extra ...string) string {
	t.Helper()
	entries, err := os.ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	var names []string
	for _, e := range entries {
		if e.Type().IsRegular() {
			names = append(names, e.Name())
		}
	}
	slices.Sort(names)
	if len(names) < n {
		t.Fatalf("%s holds %d files, want at least %d", dir, len(names), n)
	}
	dst := t.TempDir()
	for _, name := range append(names[:n:n], extra...) {
		b, err := os.ReadFile(filepath.Join(dir, name))
		if err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(filepath.Join(dst, name), b, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	return dst
}

// firstDiff is the offset of the first byte at which a and b differ.
func firstDiff(a, b string) int {
	for i := range min(len(a), len(b)) {
		if a[i] != b[i] {
			return i
		}
	}
	return min(len(a), len(b))
}
