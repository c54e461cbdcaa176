// Command dfgen builds the clusterer's background table of word document
// frequencies (internal/cluster/df.txt.gz) from public text in the shared
// data: the PolNeAR training articles (US political news), the Zyte
// extraction benchmark's article bodies (varied news and blogs) and the GUM
// training documents (non-news genres):
//
//	go run ./internal/cluster/dfgen -shared ../shared -out internal/cluster/df.txt.gz
//
// Only counts are kept, never text: one "word<TAB>documents" a line for
// words in at least -min documents, after the "#docs N" line.
package main

import (
	"bufio"
	"compress/gzip"
	"encoding/json"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"strings"

	"github.com/storyline-news/storyline/internal/cluster"
	"github.com/storyline-news/storyline/internal/wordlist"
)

func main() {
	shared := flag.String("shared", "../shared", "the shared data folder")
	out := flag.String("out", "internal/cluster/df.txt.gz", "table to write")
	minDF := flag.Int("min", 2, "smallest document frequency kept")
	flag.Parse()

	df := map[string]int{}
	docs := 0
	count := func(text string) {
		seen := map[string]bool{}
		cluster.Words(text, func(w string) {
			if !seen[w] {
				seen[w] = true
				df[w]++
			}
		})
		docs++
	}

	polnear, err := filepath.Glob(filepath.Join(*shared, "data/quotes/polnear/train/text/*.txt"))
	check(err)
	for _, p := range polnear {
		b, err := os.ReadFile(p)
		check(err)
		count(string(b))
	}
	var zyte map[string]struct {
		Body string `json:"articleBody"`
	}
	b, err := os.ReadFile(filepath.Join(*shared, "data/extraction/zyte/ground-truth.json"))
	check(err)
	check(json.Unmarshal(b, &zyte))
	for _, z := range zyte {
		count(z.Body)
	}
	gum, err := filepath.Glob(filepath.Join(*shared, "data/entities-dates/gum-train/dep/*.conllu.gz"))
	check(err)
	for _, p := range gum {
		count(conlluText(p))
	}
	if docs < 100 {
		check(fmt.Errorf("only %d documents under %s: is -shared right?", docs, *shared))
	}

	words := make([]string, 0, len(df))
	for w, n := range df {
		if n >= *minDF {
			words = append(words, w)
		}
	}
	sort.Strings(words)
	lines := []string{fmt.Sprintf("#docs %d", docs)}
	for _, word := range words {
		lines = append(lines, fmt.Sprintf("%s\t%d", word, df[word]))
	}
	check(wordlist.Write(*out, lines))
	fmt.Fprintf(os.Stderr, "dfgen: %d documents, %d words kept of %d\n", docs, len(words), len(df))
}

// conlluText joins the "# text = " lines of a gzipped CoNLL-U file.
func conlluText(path string) string {
	f, err := os.Open(path)
	check(err)
	defer f.Close()
	zr, err := gzip.NewReader(f)
	check(err)
	var sb strings.Builder
	sc := bufio.NewScanner(zr)
	sc.Buffer(make([]byte, 1<<20), 1<<20)
	for sc.Scan() {
		if t, ok := strings.CutPrefix(sc.Text(), "# text = "); ok {
			sb.WriteString(t)
			sb.WriteByte('\n')
		}
	}
	check(sc.Err())
	return sb.String()
}

func check(err error) {
	if err != nil {
		fmt.Fprintln(os.Stderr, "dfgen:", err)
		os.Exit(1)
	}
}
