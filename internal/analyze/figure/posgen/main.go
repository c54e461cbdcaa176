// Command posgen builds the figure stage's word-class table from the GUM
// and GENTLE corpora's part-of-speech annotations (CC BY 4.0), the same
// training folder the entity tagger learns from:
//
//	go run ./internal/analyze/figure/posgen -gum ../shared/data/entities-dates/gum-train/dep -out internal/analyze/figure/wordclass.txt.gz
//
// It writes "word<TAB>class" lines, lower-cased and sorted, for the words
// seen at least -min times whose use in the corpus says a unit's noun
// phrase has ended when they come: "F" for words mostly used as function
// words (prepositions, pronouns, determiners, conjunctions, auxiliaries,
// particles, adverbs), "V" for words mostly used as verbs, and "v" for
// words used as verbs at least a third of the time but mostly as nouns
// ("share", "face"), which end a phrase only after a plural noun.
package main

import (
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"strings"

	"github.com/storyline-news/storyline/internal/analyze/entity"
	"github.com/storyline-news/storyline/internal/wordlist"
)

func main() {
	gum := flag.String("gum", "../shared/data/entities-dates/gum-train/dep", "folder of .conllu or .conllu.gz files")
	out := flag.String("out", "internal/analyze/figure/wordclass.txt.gz", "table to write")
	minCount := flag.Int("min", 3, "fewest uses of a word for it to be listed")
	flag.Parse()
	files, err := filepath.Glob(filepath.Join(*gum, "*.conllu*"))
	if err != nil || len(files) == 0 {
		fail(fmt.Errorf("no CoNLL-U files in %s", *gum))
	}
	counts := map[string]map[string]int{}
	for _, f := range files {
		if err := read(f, counts); err != nil {
			fail(fmt.Errorf("%s: %w", f, err))
		}
	}
	var lines []string
	for w, c := range counts {
		total, verb, noun, fn := 0, c["VERB"], c["NOUN"]+c["PROPN"]+c["ADJ"]+c["NUM"], 0
		for tag, n := range c {
			total += n
			switch tag {
			case "ADP", "PRON", "DET", "SCONJ", "CCONJ", "AUX", "PART", "ADV":
				fn += n
			}
		}
		if total < *minCount {
			continue
		}
		switch {
		case 2*fn > total:
			lines = append(lines, w+"\tF")
		case 2*verb > total:
			lines = append(lines, w+"\tV")
		case 3*verb >= total && noun > verb:
			lines = append(lines, w+"\tv")
		}
	}
	sort.Strings(lines)
	if err := wordlist.Write(*out, lines); err != nil {
		fail(err)
	}
	fmt.Fprintf(os.Stderr, "posgen: %d words from %d files\n", len(lines), len(files))
}

// read adds the word-class counts of one CoNLL-U file.
func read(path string, counts map[string]map[string]int) error {
	sents, err := entity.ReadCoNLLU(path)
	if err != nil {
		return err
	}
	for _, st := range sents {
		for i, w := range st.Words {
			w = strings.ToLower(w)
			if counts[w] == nil {
				counts[w] = map[string]int{}
			}
			counts[w][st.Tags[i]]++
		}
	}
	return nil
}

func fail(err error) {
	fmt.Fprintln(os.Stderr, "posgen:", err)
	os.Exit(1)
}
