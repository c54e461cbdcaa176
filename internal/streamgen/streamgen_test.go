package streamgen

import (
	"bytes"
	"context"
	"encoding/json"
	"math"
	"os"
	"path/filepath"
	"reflect"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/storyline-news/storyline/internal/model"
	"github.com/storyline-news/storyline/internal/shareddata"
	"github.com/storyline-news/storyline/internal/source/dir"
)

var (
	corpusOnce sync.Once
	corpus     *Corpus
	corpusErr  error
)

// testCorpus loads the corpus once for all tests, or skips without the
// shared data (fails in CI).
func testCorpus(tb testing.TB) *Corpus {
	tb.Helper()
	for _, rel := range Sources {
		shareddata.Path(tb, rel)
	}
	corpusOnce.Do(func() { corpus, corpusErr = LoadCorpus(shareddata.Root()) })
	if corpusErr != nil {
		tb.Fatal(corpusErr)
	}
	return corpus
}

// stream generates n articles of seed.
func stream(tb testing.TB, n int, seed int64) []Article {
	tb.Helper()
	g := testCorpus(tb).Generator(Options{N: n, Seed: seed})
	var out []Article
	for a, ok := g.Next(); ok; a, ok = g.Next() {
		out = append(out, a)
	}
	if len(out) != n {
		tb.Fatalf("got %d articles, want %d", len(out), n)
	}
	return out
}

var (
	streamOnce sync.Once
	stream20k  []Article
)

// shared20k is one 20,000-article stream that several tests inspect.
func shared20k(t *testing.T) []Article {
	testCorpus(t)
	streamOnce.Do(func() { stream20k = stream(t, 20000, 7) })
	return stream20k
}

func TestCorpus(t *testing.T) {
	st := testCorpus(t).Stats()
	t.Logf("corpus: %+v", st)
	for _, fam := range []string{"ecbplus", "polnear", "zyte", "meantime"} {
		if st.SeedsByFamily[fam] == 0 {
			t.Errorf("no seeds from %s", fam)
		}
	}
	// A seed per ECB+ gold event: the filters may not drop a whole event.
	rows, err := readTSV(shareddata.Path(t, "data/clustering/ecbplus/gold.tsv"))
	if err != nil {
		t.Fatal(err)
	}
	events := map[string]bool{}
	for _, r := range rows[1:] {
		events[r[2]] = true
	}
	if got := st.SeedsByFamily["ecbplus"]; got != len(events) {
		t.Errorf("ECB+ seeds = %d, want %d", got, len(events))
	}
	for _, u := range corpus.units {
		if !strings.HasPrefix(u.text, u.head) || strings.Contains(u.text, "``") {
			t.Fatalf("bad unit %q (head %q)", u.text, u.head)
		}
	}
}

func TestDeterministic(t *testing.T) {
	c := testCorpus(t)
	write := func(seed int64) []byte {
		var out, gold bytes.Buffer
		n, err := c.Generator(Options{N: 3000, Seed: seed}).Write(&out, &gold)
		if err != nil || n != 3000 {
			t.Fatalf("Write = %d, %v", n, err)
		}
		return append(out.Bytes(), gold.Bytes()...)
	}
	a, b, other := write(42), write(42), write(43)
	if !bytes.Equal(a, b) {
		t.Error("two streams of seed 42 differ")
	}
	if bytes.Equal(a, other) {
		t.Error("seeds 42 and 43 give the same stream")
	}
}

func TestOrder(t *testing.T) {
	arts := shared20k(t)
	latest := arts[0].Published
	for i, a := range arts {
		if want := articleID(i + 1); a.ID != want {
			t.Fatalf("article %d has id %s, want %s", i, a.ID, want)
		}
		if a.Published.Before(latest.Add(-2 * jitter * time.Second)) {
			t.Fatalf("%s published %v, more than the jitter before an earlier article's %v", a.ID, a.Published, latest)
		}
		if a.Published.After(latest) {
			latest = a.Published
		}
	}
	first, last := arts[0].Published, arts[len(arts)-1].Published
	if span := last.Sub(first).Hours() / 24; span < 400 || span > 1100 {
		t.Errorf("the stream spans %.0f days (%v to %v), want about 730", span, first, last)
	}
}

func TestDuplicates(t *testing.T) {
	arts := shared20k(t)
	byID := map[string]int{}
	dups := 0
	for i, a := range arts {
		byID[a.ID] = i
		if a.DuplicateOf == "" {
			continue
		}
		dups++
		j, ok := byID[a.DuplicateOf]
		if !ok {
			t.Fatalf("%s copies %s, not an earlier article", a.ID, a.DuplicateOf)
		}
		o := arts[j]
		if o.DuplicateOf != "" {
			t.Errorf("%s copies %s, itself a copy", a.ID, o.ID)
		}
		if o.Event != a.Event || o.Story != a.Story {
			t.Errorf("%s is in event %s, its original %s in %s", a.ID, a.Event, o.ID, o.Event)
		}
		if o.Outlet == a.Outlet || o.Title == a.Title || o.Text() == a.Text() {
			t.Errorf("%s is not tweaked from %s: outlet %q/%q title %q/%q", a.ID, o.ID, a.Outlet, o.Outlet, a.Title, o.Title)
		}
		if !a.Published.After(o.Published) {
			t.Errorf("%s published %v, not after its original %s at %v", a.ID, a.Published, o.ID, o.Published)
		}
		if s := overlap(a.Body, o.Body); s < 0.75 {
			t.Errorf("%s shares %.2f of its paragraphs with its original %s", a.ID, s, o.ID)
		}
	}
	if share := float64(dups) / float64(len(arts)); share < 0.04 || share > 0.06 {
		t.Errorf("%.3f of the stream are copies, want about 0.05", share)
	}
}

// overlap is the share of the shorter body's paragraphs found in the
// other.
func overlap(a, b []string) float64 {
	if len(a) > len(b) {
		a, b = b, a
	}
	n := 0
	for _, p := range a {
		if slices.Contains(b, p) {
			n++
		}
	}
	return float64(n) / float64(len(a))
}

func TestEventShape(t *testing.T) {
	arts := shared20k(t)
	type span struct {
		n           int
		first, last time.Time
		story, seed string
	}
	events := map[string]*span{}
	storyEvents := map[string]map[string]bool{}
	for _, a := range arts {
		e := events[a.Event]
		if e == nil {
			e = &span{first: a.Published, last: a.Published, story: a.Story, seed: a.Seed}
			events[a.Event] = e
		}
		if e.story != a.Story {
			t.Fatalf("event %s is in stories %s and %s", a.Event, e.story, a.Story)
		}
		e.n++
		e.first = minTime(e.first, a.Published)
		e.last = maxTime(e.last, a.Published)
		if storyEvents[a.Story] == nil {
			storyEvents[a.Story] = map[string]bool{}
		}
		storyEvents[a.Story][a.Event] = true
	}
	var sizes []int
	for id, e := range events {
		sizes = append(sizes, e.n)
		// 10 days, plus the jitter and a late copy's delay.
		if d := e.last.Sub(e.first); d > 10*24*time.Hour+(2*jitter+maxDupDelay)*time.Second {
			t.Errorf("event %s spans %v", id, d)
		}
	}
	slices.Sort(sizes)
	small := 0
	for _, s := range sizes {
		if s <= 5 {
			small++
		}
	}
	biggest := sizes[len(sizes)-1]
	t.Logf("%d events, %d of 1-5 articles, median %d, largest %v", len(sizes), small, sizes[len(sizes)/2], sizes[len(sizes)-5:])
	if float64(small) < 0.75*float64(len(sizes)) {
		t.Errorf("only %d of %d events have 1-5 articles", small, len(sizes))
	}
	if biggest < 100 || biggest > maxEventSize(len(arts))*3/2 {
		t.Errorf("the largest event has %d articles, want a hundred or more and about the cap at most", biggest)
	}
	// Heavy tail: the largest 1% of events hold far more than 1% of articles.
	top := 0
	for _, s := range sizes[len(sizes)-len(sizes)/100:] {
		top += s
	}
	if share := float64(top) / float64(len(arts)); share < 0.15 {
		t.Errorf("the largest 1%% of events hold %.2f of the articles", share)
	}
	// Events drawn from one seed should rarely run at the same time.
	bySeed := map[string][]*span{}
	for _, e := range events {
		bySeed[e.seed] = append(bySeed[e.seed], e)
	}
	clashes := 0
	for _, es := range bySeed {
		slices.SortFunc(es, func(a, b *span) int { return a.first.Compare(b.first) })
		var end time.Time
		for i, e := range es {
			if i > 0 && e.first.Before(end.Add(24*time.Hour)) {
				clashes++
			}
			end = maxTime(end, e.last)
		}
	}
	t.Logf("%d events start within a day of another event of their seed", clashes)
	if clashes > len(events)/20 {
		t.Errorf("%d of %d events run alongside another event of their seed", clashes, len(events))
	}
	threads := 0
	for _, evs := range storyEvents {
		if len(evs) > 1 {
			threads++
		}
	}
	if threads < len(storyEvents)/5 {
		t.Errorf("only %d of %d stories have more than one event", threads, len(storyEvents))
	}
}

func minTime(a, b time.Time) time.Time {
	if b.Before(a) {
		return b
	}
	return a
}

func maxTime(a, b time.Time) time.Time {
	if b.After(a) {
		return b
	}
	return a
}

// TestCoherence checks that articles of one event share more text than
// articles of different events on the same topic, and those more than
// articles of different topics: what makes the stream clusterable.
func TestCoherence(t *testing.T) {
	arts := shared20k(t)[:5000]
	var same, topic, other, nSame, nTopic, nOther float64
	for i := 0; i < len(arts); i++ {
		for j := i + 1; j < min(i+200, len(arts)); j++ {
			a, b := arts[i], arts[j]
			if a.DuplicateOf != "" || b.DuplicateOf != "" {
				continue
			}
			s := overlap(a.Body, b.Body)
			switch {
			case a.Event == b.Event:
				same, nSame = same+s, nSame+1
			case a.Topic == b.Topic:
				topic, nTopic = topic+s, nTopic+1
			default:
				other, nOther = other+s, nOther+1
			}
		}
	}
	same, topic, other = same/nSame, topic/nTopic, other/nOther
	t.Logf("paragraph overlap: same event %.3f (%.0f pairs), same topic %.3f (%.0f), other %.4f (%.0f)", same, nSame, topic, nTopic, other, nOther)
	if !(same > 2*topic && topic > 5*other) || math.IsNaN(same+topic+other) {
		t.Errorf("overlap same event %.3f, same topic %.3f, other %.4f: want clearly decreasing", same, topic, other)
	}
}

func TestArticles(t *testing.T) {
	for _, a := range shared20k(t)[:5000] {
		if n := len(a.Body); n < 5 || n > 26 {
			t.Errorf("%s has %d paragraphs", a.ID, n)
		}
		if w := len(strings.Fields(a.Title)); w < 3 || w > 20 {
			t.Errorf("%s has title %q", a.ID, a.Title)
		}
		if a.Outlet == "" || a.Lang != "en" || !strings.HasPrefix(a.URL, "https://") || !strings.HasSuffix(a.URL, "-"+strings.TrimLeft(a.ID[1:], "0")) {
			t.Errorf("%s: outlet %q lang %q url %q", a.ID, a.Outlet, a.Lang, a.URL)
		}
		for _, p := range a.Body {
			if strings.TrimSpace(p) != p || p == "" || strings.Contains(p, "\n") {
				t.Errorf("%s has paragraph %q", a.ID, p)
			}
		}
	}
}

// TestReader reads a written stream back through the project's own reader.
func TestReader(t *testing.T) {
	c := testCorpus(t)
	path := filepath.Join(t.TempDir(), "stream.jsonl")
	var out, gold bytes.Buffer
	if _, err := c.Generator(Options{N: 500, Seed: 3}).Write(&out, &gold); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(path, out.Bytes(), 0o644); err != nil {
		t.Fatal(err)
	}
	want := stream(t, 500, 3)
	var got []model.Document
	for d, err := range dir.New([]string{path}, dir.Options{}).Documents(context.Background()) {
		if err != nil {
			t.Fatalf("reader: %v", err)
		}
		got = append(got, d)
	}
	if len(got) != len(want) {
		t.Fatalf("reader gave %d documents, want %d", len(got), len(want))
	}
	for i, d := range got {
		w := want[i].Document()
		w.File = d.File
		if !reflect.DeepEqual(d, w) {
			t.Fatalf("document %d read back as\n%+v\nwant\n%+v", i, d, w)
		}
	}
	lines := strings.Split(strings.TrimSuffix(gold.String(), "\n"), "\n")
	if len(lines) != 501 || lines[0]+"\n" != GoldHeader {
		t.Fatalf("gold file has %d lines, first %q", len(lines), lines[0])
	}
	if g := want[9]; lines[10] != g.ID+"\t"+g.Story+"\t"+g.Event {
		t.Errorf("gold line %q for %s", lines[10], g.ID)
	}
	// Each line also parses as plain JSON with the gold fields.
	var rec map[string]any
	if err := json.Unmarshal(bytes.SplitN(out.Bytes(), []byte("\n"), 2)[0], &rec); err != nil {
		t.Fatal(err)
	}
	for _, k := range []string{"id", "url", "outlet", "title", "published", "text", "lang", "gold_event", "gold_story", "gold_topic", "gold_seed", "gold_duplicate_of"} {
		if _, ok := rec[k]; !ok {
			t.Errorf("record lacks %q", k)
		}
	}
}

func TestAppendEscaped(t *testing.T) {
	tests := []struct{ name, in string }{
		{"plain", "Plain text."},
		{"quotes and backslash", `He said "no" \ yes`},
		{"controls", "a\nb\tc\rd\x01e\x1f"},
		{"non-ASCII", "café – “quoted” 東京"},
		{"line separators", "a\u2028b\u2029c"},
		{"invalid UTF-8", "bad \xff\xfe byte"},
		{"HTML", "<b>&amp;</b>"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			enc := appendString(nil, tt.in)
			var back string
			if err := json.Unmarshal(enc, &back); err != nil {
				t.Fatalf("%s does not parse: %v", enc, err)
			}
			std, _ := json.Marshal(tt.in) // encoding/json is the reference
			var want string
			_ = json.Unmarshal(std, &want)
			if back != want {
				t.Errorf("round trip %q, want %q", back, want)
			}
		})
	}
}

func TestHeadline(t *testing.T) {
	tests := []struct{ name, in, want string }{
		{"short", "Police arrest a man in Oregon.", "Police arrest a man in Oregon"},
		{"quotes removed", "\u201cWe will win,\u201d she said.", "We will win, she said"},
		{"lower-case start", "but the vote was delayed again.", "But the vote was delayed again"},
		{"cut at a comma", "The company, which makes airliners and satellites in four countries, said on Monday that profits fell sharply.", "The company, which makes airliners and satellites in four countries"},
		{"cut at twelve words", "One two three four five six seven eight nine ten eleven twelve thirteen fourteen fifteen.", "One two three four five six seven eight nine ten eleven twelve"},
		{"no open bracket", "Police said the man (a local farmer, aged 45) fled north on Friday night again.", "Police said the man"},
		{"closed bracket kept", "Sales (in dollars) fell.", "Sales (in dollars) fell"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := headline(tt.in); got != tt.want {
				t.Errorf("headline(%q) = %q, want %q", tt.in, got, tt.want)
			}
		})
	}
}

func TestOutletsUnique(t *testing.T) {
	names, domains := map[string]bool{}, map[string]bool{}
	for _, o := range outlets {
		if names[o.name] || domains[o.domain] || !strings.HasSuffix(o.domain, ".example") {
			t.Errorf("outlet %+v repeated or not under .example", o)
		}
		names[o.name], domains[o.domain] = true, true
	}
}

func BenchmarkNext(b *testing.B) {
	c := testCorpus(b)
	g := c.Generator(Options{N: 1_000_000, Seed: 1})
	b.ReportAllocs()
	for b.Loop() {
		if _, ok := g.Next(); !ok {
			g = c.Generator(Options{N: 1_000_000, Seed: 1})
		}
	}
}

func BenchmarkWrite(b *testing.B) {
	c := testCorpus(b)
	const n = 10000
	var size int64
	b.ReportAllocs()
	for b.Loop() {
		var cw countWriter
		if _, err := c.Generator(Options{N: n, Seed: 1}).Write(&cw, nil); err != nil {
			b.Fatal(err)
		}
		size = int64(cw)
	}
	b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N*n), "ns/article")
	b.ReportMetric(float64(size)/n, "bytes/article")
}

type countWriter int64

func (w *countWriter) Write(p []byte) (int, error) {
	*w += countWriter(len(p))
	return len(p), nil
}
