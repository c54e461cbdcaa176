package dir

import (
	"bytes"
	"context"
	"crypto/sha256"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/storyline-news/storyline/internal/source"
)

// bigJSONLines makes n lines of about 200 bytes, line 5 malformed and line
// 9 one long line of more than 4 KB.
func bigJSONLines(n int) []byte {
	var b bytes.Buffer
	for i := 1; i <= n; i++ {
		switch i {
		case 5:
			b.WriteString(`{"id": "broken", "text": "no end`)
		case 9:
			fmt.Fprintf(&b, `{"id": "long", "text": %q}`, strings.Repeat("word ", 1000))
		default:
			// a hash in each line keeps gzip from shrinking the file under the limit
			fmt.Fprintf(&b, `{"id": "a%d", "title": "Line %d", "text": "%s %x"}`, i, i, strings.Repeat("Some text of the line. ", 6), sha256.Sum256([]byte{byte(i), byte(i >> 8)}))
		}
		b.WriteByte('\n')
	}
	return b.Bytes()
}

func TestLargeJSONLinesStreamed(t *testing.T) {
	const lines, limit = 400, 4096
	raw := bigJSONLines(lines)
	if len(raw) < 10*limit {
		t.Fatalf("test file of %d bytes is not over the limit", len(raw))
	}
	dir := t.TempDir()
	plain, zipped, text := filepath.Join(dir, "stream.jsonl"), filepath.Join(dir, "stream.jsonl.gz"), filepath.Join(dir, "big.txt")
	for p, b := range map[string][]byte{plain: raw, zipped: gz(t, raw), text: bytes.Repeat([]byte("Plain prose, not JSON. "), 1000)} {
		if err := os.WriteFile(p, b, 0o600); err != nil {
			t.Fatal(err)
		}
	}
	tests := []struct {
		name string
		path string
	}{
		{"plain", plain},
		{"gzip, larger than the limit on disk", zipped},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if info, _ := os.Stat(tt.path); info.Size() <= limit {
				t.Fatalf("%s is within the limit", tt.path)
			}
			docs, errs := collect(t, New([]string{tt.path}, Options{MaxBytes: limit}))
			if len(docs) != lines-2 {
				t.Errorf("%d documents, want %d", len(docs), lines-2)
			}
			if len(docs) > 0 && (docs[0].ID != "a1" || docs[0].Title != "Line 1" || docs[len(docs)-1].ID != fmt.Sprintf("a%d", lines)) {
				t.Errorf("first %+v, last %+v", docs[0], docs[len(docs)-1])
			}
			if len(errs) != 2 || !errors.Is(errs[0], source.ErrMalformed) || !errors.Is(errs[1], source.ErrTooLarge) {
				t.Fatalf("errors %v, want a malformed line 5 and a long line 9", errs)
			}
			if !strings.HasSuffix(strings.SplitN(errs[0].Error(), ": ", 2)[0], ":5") || !strings.Contains(errs[1].Error(), ":9: ") {
				t.Errorf("errors do not name their lines: %v", errs)
			}
		})
	}

	// Not JSON Lines: refused whole, as before.
	docs, errs := collect(t, New([]string{text}, Options{MaxBytes: limit}))
	if len(docs) != 0 || len(errs) != 1 || !errors.Is(errs[0], source.ErrTooLarge) {
		t.Errorf("large text file: docs %d, errors %v; want one ErrTooLarge", len(docs), errs)
	}

	// The consumer can stop part way.
	n := 0
	for _, err := range New([]string{plain}, Options{MaxBytes: limit}).Documents(context.Background()) {
		if err == nil {
			n++
		}
		if n == 3 {
			break
		}
	}
	if n != 3 {
		t.Errorf("stopped after %d documents, want 3", n)
	}
}
