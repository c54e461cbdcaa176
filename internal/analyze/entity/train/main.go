// Command train fits the entity tagger's model on the GUM and GENTLE
// corpora (CoNLL-U with Entity= annotations) and writes it for embedding:
//
//	go run ./internal/analyze/entity/train -gum ../shared/data/entities-dates/gum-train/dep -out internal/analyze/entity/model.gob.gz
//
// Proper-noun tokens inside person, organization and place mentions become
// PER, ORG and LOC; training is deterministic (fixed seed).
package main

import (
	"flag"
	"fmt"
	"os"
	"path/filepath"

	"github.com/storyline-news/storyline/internal/analyze/entity"
)

func main() {
	gum := flag.String("gum", "../shared/data/entities-dates/gum-train/dep", "folder of *.conllu.gz files")
	out := flag.String("out", "internal/analyze/entity/model.gob.gz", "model file to write")
	epochs := flag.Int("epochs", 8, "training passes")
	flag.Parse()
	files, _ := filepath.Glob(filepath.Join(*gum, "*.conllu.gz"))
	if len(files) == 0 {
		fmt.Fprintf(os.Stderr, "train: no .conllu.gz files in %s\n", *gum)
		os.Exit(1)
	}
	var sents []entity.Sentence
	for _, f := range files {
		s, err := entity.ReadCoNLLU(f)
		if err != nil {
			fmt.Fprintf(os.Stderr, "train: %v\n", err)
			os.Exit(1)
		}
		sents = append(sents, s...)
	}
	m := entity.Train(sents, *epochs, 1)
	w, err := os.Create(*out)
	if err != nil {
		fmt.Fprintf(os.Stderr, "train: %v\n", err)
		os.Exit(1)
	}
	if err := m.Save(w); err != nil {
		fmt.Fprintf(os.Stderr, "train: %v\n", err)
		os.Exit(1)
	}
	if err := w.Close(); err != nil {
		fmt.Fprintf(os.Stderr, "train: %v\n", err)
		os.Exit(1)
	}
	fmt.Printf("trained on %d sentences from %d files: %d features\n", len(sents), len(files), len(m.Weights))
}
