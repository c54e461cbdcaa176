package streamgen

import (
	"bufio"
	"encoding/json"
	"errors"
	"fmt"
	"maps"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/storyline-news/storyline/internal/analyze/sentence"
)

// Corpus is the pool of real sentences the generator recombines, grouped
// into seeds (one real event or document each) and topics (seeds about the
// same subject). It is read once and shared, read-only, by any number of
// generators.
type Corpus struct {
	units  []unit  // every usable paragraph chunk, in source order
	seeds  []seed  // each a run of units
	topics []topic // each a set of seeds
	// families groups topics by source data set, so that the mix of the
	// stream does not follow the data sets' sizes (PolNeAR alone has more
	// documents than the other sets together).
	families []family
}

// unit is one to three consecutive sentences of an original paragraph: the
// building block of a synthetic paragraph.
type unit struct {
	text string
	head string // its first sentence, a headline candidate
}

type seed struct {
	name       string
	topic      int
	start, end int32 // units[start:end]
}

type topic struct {
	name  string
	seeds []int32
	// units lists the units of all the topic's seeds, for the draws that
	// keep an article on its topic without keeping it on its event.
	units []int32
}

type family struct {
	name   string
	weight float64
	topics []int32
}

// familyWeights sets the share of stories drawn from each data set.
var familyWeights = map[string]float64{
	"ecbplus":  0.35,
	"polnear":  0.30,
	"zyte":     0.20,
	"meantime": 0.15,
}

// Sources lists the shared files a corpus is read from, relative to the
// shared folder; every one must exist.
var Sources = []string{
	"data/clustering/ecbplus/docs.jsonl",
	"data/clustering/ecbplus/gold.tsv",
	"data/quotes/polnear/dev-gold/docs.jsonl",
	"data/quotes/polnear/train/text",
	"data/extraction/zyte/ground-truth.json",
	"data/entities-dates/meantime/meantime_en_docs.jsonl",
}

// LoadCorpus reads the sentence sources under the shared folder (see
// Sources) and splits them into seeds and topics. It takes well under a
// second.
func LoadCorpus(shared string) (*Corpus, error) {
	for _, rel := range Sources {
		if _, err := os.Stat(filepath.Join(shared, filepath.FromSlash(rel))); err != nil {
			return nil, fmt.Errorf("streamgen: shared data: %w", err)
		}
	}
	b := &builder{topicIndex: map[string]int{}}
	loaders := []func(string) error{b.loadECB, b.loadPolNeAR, b.loadZyte, b.loadMeantime}
	for _, load := range loaders {
		if err := load(shared); err != nil {
			return nil, fmt.Errorf("streamgen: %w", err)
		}
	}
	return b.finish()
}

// builder accumulates a Corpus.
type builder struct {
	c          Corpus
	topicIndex map[string]int
	topicFam   []string
}

// minSeedUnits is the fewest units a seed may have: an article needs six
// paragraphs, and should not have to fill them from other seeds.
const minSeedUnits = 6

// addSeed adds one seed made of the given paragraphs under a topic of a
// family. A seed left with fewer than minSeedUnits units is dropped.
func (b *builder) addSeed(fam, topicName, name string, paras []string) {
	start := len(b.c.units)
	for _, p := range paras {
		b.addParagraph(p)
	}
	if len(b.c.units)-start < minSeedUnits {
		b.c.units = b.c.units[:start]
		return
	}
	ti, ok := b.topicIndex[topicName]
	if !ok {
		ti = len(b.c.topics)
		b.topicIndex[topicName] = ti
		b.c.topics = append(b.c.topics, topic{name: topicName})
		b.topicFam = append(b.topicFam, fam)
	}
	si := int32(len(b.c.seeds))
	b.c.seeds = append(b.c.seeds, seed{name: name, topic: ti, start: int32(start), end: int32(len(b.c.units))})
	b.c.topics[ti].seeds = append(b.c.topics[ti].seeds, si)
	for u := start; u < len(b.c.units); u++ {
		b.c.topics[ti].units = append(b.c.topics[ti].units, int32(u))
	}
}

// addParagraph cuts a paragraph into units of at most three sentences,
// keeping only sentences that read as prose.
func (b *builder) addParagraph(p string) {
	p = strings.Join(strings.Fields(p), " ")
	var kept []string
	flush := func() {
		if len(kept) > 0 {
			b.c.units = append(b.c.units, unit{text: strings.Join(kept, " "), head: kept[0]})
			kept = kept[:0]
		}
	}
	for _, s := range sentence.Split(p) {
		text := p[s.Start:s.End]
		if !prose(text) {
			flush()
			continue
		}
		kept = append(kept, text)
		if len(kept) == 3 || len(strings.Join(kept, " ")) > 500 {
			flush()
		}
	}
	flush()
}

// prose reports whether a sentence is worth reusing: six words or more,
// ending like a sentence, with no web addresses, markup or shouting. This
// drops the URL, headline and date lines that open ECB+ and MEANTIME texts
// and most page furniture in the Zyte bodies.
func prose(s string) bool {
	if len(s) < 30 || len(s) > 600 || strings.Count(s, " ") < 5 {
		return false
	}
	if strings.Contains(s, "http") || strings.Contains(s, "www.") || strings.Contains(s, "@") ||
		strings.ContainsAny(s, "<>{}|\uFFFD") || strings.Contains(s, "...") {
		return false
	}
	last, _ := utf8.DecodeLastRuneInString(s)
	if !strings.ContainsRune(".!?\"'\u201d\u2019", last) {
		return false
	}
	first, _ := utf8.DecodeRuneInString(s)
	if !unicode.IsUpper(first) && !strings.ContainsRune("\"'\u201c\u2018", first) {
		return false
	}
	upper, letters := 0, 0
	for _, r := range s {
		if unicode.IsLetter(r) {
			letters++
			if unicode.IsUpper(r) {
				upper++
			}
		}
	}
	return letters > 20 && upper*3 < letters
}

func (b *builder) finish() (*Corpus, error) {
	if len(b.c.seeds) == 0 {
		return nil, errors.New("streamgen: no usable text in the shared data")
	}
	famIndex := map[string]int{}
	for ti, fam := range b.topicFam {
		fi, ok := famIndex[fam]
		if !ok {
			fi = len(b.c.families)
			famIndex[fam] = fi
			b.c.families = append(b.c.families, family{name: fam, weight: familyWeights[fam]})
		}
		b.c.families[fi].topics = append(b.c.families[fi].topics, int32(ti))
	}
	return &b.c, nil
}

// Stats describes a corpus, for logs and tests.
type Stats struct {
	Units, Seeds, Topics int
	SeedsByFamily        map[string]int
}

// Stats returns the corpus' counts.
func (c *Corpus) Stats() Stats {
	s := Stats{Units: len(c.units), Seeds: len(c.seeds), Topics: len(c.topics), SeedsByFamily: map[string]int{}}
	for _, f := range c.families {
		for _, t := range f.topics {
			s.SeedsByFamily[f.name] += len(c.topics[t].seeds)
		}
	}
	return s
}

// ptbQuotes undoes the PTB-style quotes of the ECB+ texts, which were
// rebuilt from tokens.
var ptbQuotes = strings.NewReplacer("`` ", "\"", "``", "\"", " ''", "\"", "''", "\"")

// loadECB makes one seed of each ECB+ gold event (all its documents'
// sentences), the event's topic being the ECB+ topic: the two events of a
// topic are of the same kind, so they make hard negatives.
func (b *builder) loadECB(shared string) error {
	dirPath := filepath.Join(shared, "data", "clustering", "ecbplus")
	gold, err := readTSV(filepath.Join(dirPath, "gold.tsv"))
	if err != nil {
		return err
	}
	event := map[string][2]string{} // doc id → topic, event
	for _, row := range gold[1:] {
		if len(row) >= 3 {
			event[row[0]] = [2]string{row[1], row[2]}
		}
	}
	paras := map[string][]string{}
	var order []string
	err = eachJSONLine(filepath.Join(dirPath, "docs.jsonl"), func(r map[string]any) {
		id, _ := r["id"].(string)
		text, _ := r["text"].(string)
		ev, ok := event[id]
		if !ok {
			return
		}
		if _, seen := paras[ev[1]]; !seen {
			order = append(order, ev[1])
		}
		paras[ev[1]] = append(paras[ev[1]], strings.Split(ptbQuotes.Replace(text), "\n")...)
	})
	if err != nil {
		return err
	}
	topicOf := map[string]string{}
	for _, ev := range event {
		topicOf[ev[1]] = ev[0]
	}
	for _, ev := range order {
		b.addSeed("ecbplus", "ecbplus-"+topicOf[ev], "ecbplus-"+ev, paras[ev])
	}
	return nil
}

// loadPolNeAR makes one seed of each PolNeAR article (dev-gold and train);
// the topic is the month of publication, all of it US election coverage.
// The first paragraph, the headline, is left out.
func (b *builder) loadPolNeAR(shared string) error {
	base := filepath.Join(shared, "data", "quotes", "polnear")
	add := func(name, text string) {
		paras := strings.Split(strings.ReplaceAll(text, "\r\n", "\n"), "\n\n")
		if len(paras) > 1 {
			paras = paras[1:]
		}
		b.addSeed("polnear", "polnear-"+polnearMonth(name), "polnear-"+strings.TrimSuffix(name, ".txt"), paras)
	}
	err := eachJSONLine(filepath.Join(base, "dev-gold", "docs.jsonl"), func(r map[string]any) {
		id, _ := r["id"].(string)
		text, _ := r["text"].(string)
		add(id, text)
	})
	if err != nil {
		return err
	}
	textDir := filepath.Join(base, "train", "text")
	entries, err := os.ReadDir(textDir)
	if err != nil {
		return err
	}
	for _, e := range entries { // ReadDir sorts by name
		if e.IsDir() || !strings.HasSuffix(e.Name(), ".txt") {
			continue
		}
		raw, err := os.ReadFile(filepath.Join(textDir, e.Name()))
		if err != nil {
			return err
		}
		add(e.Name(), string(raw))
	}
	return nil
}

// polnearMonth returns the yyyy-mm of a PolNeAR file name such as
// breitbart_2016-09-12_stealth-over-health.txt.
func polnearMonth(name string) string {
	parts := strings.SplitN(name, "_", 3)
	if len(parts) >= 2 && len(parts[1]) >= 7 {
		return parts[1][:7]
	}
	return "unknown"
}

// loadZyte makes one seed, in a topic of its own, of each hand-extracted
// article body of the Zyte benchmark (ground-truth.json; the HTML pages are
// not needed). The pages are about unrelated subjects.
func (b *builder) loadZyte(shared string) error {
	raw, err := os.ReadFile(filepath.Join(shared, "data", "extraction", "zyte", "ground-truth.json"))
	if err != nil {
		return err
	}
	var gt map[string]struct {
		ArticleBody string `json:"articleBody"`
	}
	if err := json.Unmarshal(raw, &gt); err != nil {
		return fmt.Errorf("zyte ground truth: %w", err)
	}
	for _, id := range slices.Sorted(maps.Keys(gt)) {
		name := "zyte-" + id[:min(len(id), 10)]
		b.addSeed("zyte", name, name, strings.Split(gt[id].ArticleBody, "\n"))
	}
	return nil
}

// loadMeantime makes one seed of each MEANTIME Wikinews article, in its
// topic corpus (airbus, apple, gm, stock).
func (b *builder) loadMeantime(shared string) error {
	return eachJSONLine(filepath.Join(shared, "data", "entities-dates", "meantime", "meantime_en_docs.jsonl"), func(r map[string]any) {
		id, _ := r["doc_id"].(string)
		corpus, _ := r["topic_corpus"].(string)
		text, _ := r["text"].(string)
		b.addSeed("meantime", "meantime-"+corpus, "meantime-"+id, strings.Split(ptbQuotes.Replace(text), "\n"))
	})
}

// eachJSONLine calls f with every object of a JSON Lines file.
func eachJSONLine(path string, f func(map[string]any)) error {
	file, err := os.Open(path)
	if err != nil {
		return err
	}
	defer file.Close()
	sc := bufio.NewScanner(file)
	sc.Buffer(make([]byte, 1<<20), 64<<20)
	n := 0
	for sc.Scan() {
		n++
		line := strings.TrimSpace(sc.Text())
		if line == "" {
			continue
		}
		var r map[string]any
		if err := json.Unmarshal([]byte(line), &r); err != nil {
			return fmt.Errorf("%s:%d: %w", path, n, err)
		}
		f(r)
	}
	return sc.Err()
}

// readTSV reads a tab-separated file into rows.
func readTSV(path string) ([][]string, error) {
	raw, err := os.ReadFile(path)
	if err != nil {
		return nil, err
	}
	var rows [][]string
	for line := range strings.Lines(string(raw)) {
		line = strings.TrimRight(line, "\r\n")
		if line != "" {
			rows = append(rows, strings.Split(line, "\t"))
		}
	}
	if len(rows) == 0 {
		return nil, fmt.Errorf("%s: empty", path)
	}
	return rows, nil
}
