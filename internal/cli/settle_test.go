package cli

import (
	"context"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/storyline-news/storyline/internal/config"
	"github.com/storyline-news/storyline/internal/shareddata"
	"github.com/storyline-news/storyline/internal/store"
	"github.com/storyline-news/storyline/internal/store/sqlite"
	"github.com/storyline-news/storyline/internal/storyview"
)

// seedFiles returns the seed articles, in file order.
func seedFiles(t *testing.T) []string {
	t.Helper()
	seeds := shareddata.Path(t, "data/seeds")
	files, err := filepath.Glob(filepath.Join(seeds, "0*.txt"))
	if err != nil || len(files) != 5 {
		t.Fatalf("seed articles: %v, %v", files, err)
	}
	return files
}

// TestIngestOneAtATime: the seeds ingested one file at a time, in file
// order and in reverse, with and without --year, make the gold's events
// and stories, as one batch does; export prints them in the record
// contract the scorer reads.
func TestIngestOneAtATime(t *testing.T) {
	files := seedFiles(t)
	gold := filepath.Join(filepath.Dir(files[0]), "gold.json")
	for _, tc := range []struct {
		name    string
		reverse bool
		year    []string
	}{
		{"file order, --year", false, []string{"--year", "2022"}},
		{"reverse order, --year", true, []string{"--year", "2022"}},
		{"file order, no year", false, nil},
		{"reverse order, no year", true, nil},
	} {
		t.Run(tc.name, func(t *testing.T) {
			db := filepath.Join(t.TempDir(), "s.db")
			order := slices.Clone(files)
			if tc.reverse {
				slices.Reverse(order)
			}
			for _, f := range order {
				args := append(append([]string{"ingest", "--db", db}, tc.year...), f)
				if _, stderr, code := runApp(t, "", args...); code != 0 {
					t.Fatalf("ingest %s exited %d: %s", f, code, stderr)
				}
			}
			checkClusters(t, db)
			out, stderr, code := runApp(t, "", "export", "--db", db)
			if code != 0 {
				t.Fatalf("export exited %d: %s", code, stderr)
			}
			if n := strings.Count(out, "\n"); n != 5 {
				t.Fatalf("export printed %d records, want 5", n)
			}
			m := score(t, gold, out)
			for _, k := range []string{"event_bcubed_f1", "story_bcubed_f1"} {
				if m[k] < 1-1e-9 {
					t.Errorf("%s = %.3f, want 1", k, m[k])
				}
			}
			if tc.year != nil && m["published"] < 0.8-1e-9 {
				t.Errorf("published = %.3f, want 0.8 as in one batch", m["published"])
			}
		})
	}
}

// TestIDsSurviveReingest: every story ID of a first ingest still answers
// after the folder is ingested again with --year (articles re-analysed,
// clusters settled again), and an unchanged folder is unchanged.
func TestIDsSurviveReingest(t *testing.T) {
	files := seedFiles(t)
	dir := filepath.Dir(files[0])
	db := filepath.Join(t.TempDir(), "s.db")
	if _, stderr, code := runApp(t, "", "ingest", "--db", db, dir); code != 0 {
		t.Fatalf("ingest exited %d: %s", code, stderr)
	}
	ctx := context.Background()
	ids := func() []string {
		st, err := sqlite.Open(ctx, db)
		if err != nil {
			t.Fatal(err)
		}
		defer st.Close()
		sts, err := st.Stories(ctx, store.MaxLimit, 0)
		if err != nil {
			t.Fatal(err)
		}
		var out []string
		for _, s := range sts {
			out = append(out, s.ID)
		}
		slices.Sort(out)
		return out
	}
	first := ids()
	if len(first) != 2 {
		t.Fatalf("%d stories, want 2", len(first))
	}
	_, stderr, _ := runApp(t, "", "ingest", "--db", db, "--year", "2022", dir)
	if got := ingestSummaryOf(t, stderr); got == "5 0 0 5" {
		t.Errorf("re-ingest with --year changed nothing: %s", got)
	}
	if again := ids(); !slices.Equal(again, first) {
		t.Errorf("story IDs %v after re-ingest with --year, were %v", again, first)
	}
	_, stderr, _ = runApp(t, "", "ingest", "--db", db, "--year", "2022", dir)
	if got := ingestSummaryOf(t, stderr); got != "5 0 0 5" {
		t.Errorf("unchanged folder: read/new/updated/unchanged %s, want 5 0 0 5", got)
	}
	if again := ids(); !slices.Equal(again, first) {
		t.Errorf("story IDs %v after an unchanged re-ingest, were %v", again, first)
	}
}

// TestWatchIngests: a file dropped in the watched folder is ingested.
func TestWatchIngests(t *testing.T) {
	files := seedFiles(t)
	drop := t.TempDir()
	db := filepath.Join(t.TempDir(), "s.db")
	b, err := os.ReadFile(files[1])
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(drop, "a.txt"), b, 0o644); err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	app := &App{Stdin: strings.NewReader(""), Stdout: &strings.Builder{}, Stderr: &lockedBuilder{}, Getenv: func(string) string { return "" }}
	done := make(chan int)
	go func() { done <- app.Run(ctx, []string{"storyline", "ingest", "--db", db, "--watch", drop}) }()
	waitFor(t, func() bool { return strings.Contains(app.Stderr.(*lockedBuilder).String(), "new 1") })
	cancel()
	if code := <-done; code != 0 {
		t.Errorf("ingest --watch exited %d after an interrupt: %s", code, app.Stderr.(*lockedBuilder).String())
	}
}

// lockedBuilder is a strings.Builder safe for a command writing in one
// goroutine and a test reading in another.
type lockedBuilder struct {
	mu sync.Mutex
	b  strings.Builder
}

func (l *lockedBuilder) Write(p []byte) (int, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.b.Write(p)
}

func (l *lockedBuilder) String() string {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.b.String()
}

// waitFor polls cond for up to 30 seconds.
func waitFor(t *testing.T, cond func() bool) {
	t.Helper()
	for deadline := time.Now().Add(30 * time.Second); time.Now().Before(deadline); time.Sleep(50 * time.Millisecond) {
		if cond() {
			return
		}
	}
	t.Fatal("timed out waiting")
}

// TestIngestWaitsForTheWriter: an ingest while another program writes the
// store waits, says for whom, and goes on when the lock is released.
func TestIngestWaitsForTheWriter(t *testing.T) {
	files := seedFiles(t)
	db := filepath.Join(t.TempDir(), "s.db")
	ctx := context.Background()
	st, err := sqlite.Open(ctx, db)
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	release, err := st.LockWriter(ctx, "test", func(store.Writer) {})
	if err != nil {
		t.Fatal(err)
	}
	errb := &lockedBuilder{}
	app := &App{Stdin: strings.NewReader(""), Stdout: &strings.Builder{}, Stderr: errb, Getenv: func(string) string { return "" }}
	done := make(chan int)
	go func() { done <- app.Run(ctx, []string{"storyline", "ingest", "--db", db, files[0]}) }()
	waitFor(t, func() bool {
		return strings.Contains(errb.String(), "waiting for the store's writer lock, held by pid")
	})
	select {
	case code := <-done:
		t.Fatalf("ingest ran beside another writer (exit %d): %s", code, errb.String())
	case <-time.After(300 * time.Millisecond):
	}
	if err := release(); err != nil {
		t.Fatal(err)
	}
	if code := <-done; code != 0 || !strings.Contains(errb.String(), "new 1") {
		t.Errorf("ingest after the lock was released: exit %d: %s", code, errb.String())
	}
}

// Two invented articles from one aggregator, whose slogan stands above the
// headline. Read alone, the slogan passes for the headline; once a second
// article shows it recurring, it is chrome.
const (
	sloganA = "Regional news from every corner of the valley\n\nHarbour bridge to close for six weeks of repairs\n\nBy Lena Ostrova\n\n" +
		"The Harbour bridge will close for six weeks from Monday while engineers replace its worn bearings, the city transport office said on Thursday.\n\n" +
		"Drivers will be sent over the river by the northern ring road, which the office expects to carry twice its usual traffic during the works.\n\n" +
		"\"We have put this off for as long as we safely could,\" said Piet Varga, who runs the office's bridges team.\n"
	sloganB = "Regional news from every corner of the valley\n\nValley orchard growers report record apple harvest\n\nBy Tomas Reyes\n\n" +
		"Growers across the Eastvale valley picked more apples this autumn than in any year since records began, their association said on Wednesday.\n\n" +
		"A warm spring and late rains filled out the fruit, said Anna Kirsch, who chairs the Eastvale Growers Association.\n\n" +
		"\"The trees have never been heavier,\" Kirsch said, adding that prices had fallen as a result.\n"
)

// TestChromeLearntFromTheStore: an article ingested after another learns
// the chrome they share from the store, and the earlier one is read again,
// with the change recorded.
func TestChromeLearntFromTheStore(t *testing.T) {
	dir := t.TempDir()
	a, b := filepath.Join(dir, "a.txt"), filepath.Join(dir, "b.txt")
	os.WriteFile(a, []byte(sloganA), 0o644)
	os.WriteFile(b, []byte(sloganB), 0o644)
	db := filepath.Join(dir, "s.db")
	headline := func(id string) string {
		st, err := sqlite.Open(context.Background(), db)
		if err != nil {
			t.Fatal(err)
		}
		defer st.Close()
		art, err := st.Article(context.Background(), id)
		if err != nil {
			t.Fatal(err)
		}
		return art.Headline
	}
	runApp(t, "", "ingest", "--db", db, a)
	if h := headline("a.txt"); !strings.HasPrefix(h, "Regional news") {
		t.Fatalf("alone, the slogan is not taken for the headline (%q): the test no longer tests learning", h)
	}
	_, stderr, code := runApp(t, "", "ingest", "--db", db, b)
	if code != 0 || !strings.Contains(stderr, "re-read 1") {
		t.Errorf("second ingest: exit %d, %s; want the first article re-read", code, stderr)
	}
	if h := headline("b.txt"); h != "Valley orchard growers report record apple harvest" {
		t.Errorf("the second article's headline is %q: it did not learn the slogan from the store", h)
	}
	if h := headline("a.txt"); h != "Harbour bridge to close for six weeks of repairs" {
		t.Errorf("the first article's headline is still %q", h)
	}
	st, _ := sqlite.Open(context.Background(), db)
	defer st.Close()
	cs, _ := st.ArticleChanges(context.Background(), "a.txt")
	if len(cs) == 0 || cs[0].Field != "headline" {
		t.Errorf("the re-read was not recorded: %+v", cs)
	}
	_, stderr, _ = runApp(t, "", "ingest", "--db", db, a, b)
	if got := ingestSummaryOf(t, stderr); got != "2 0 0 2" {
		t.Errorf("both again: %s, want unchanged", got)
	}
}

// TestAdoptsAnEarlierStore: a store written by an earlier version (records
// and clusters, no own analyses, no settling index) is settled once on the
// next ingest, keeping its story IDs.
func TestAdoptsAnEarlierStore(t *testing.T) {
	files := seedFiles(t)
	ctx := context.Background()
	app := &App{Stdin: strings.NewReader(""), Stdout: &strings.Builder{}, Stderr: &strings.Builder{}, Getenv: func(string) string { return "" }}
	cfg := config.Default()
	arts, err := analyseRun(ctx, app, cfg, files)
	if err != nil || len(arts) != 5 {
		t.Fatalf("analyse seeds: %d, %v", len(arts), err)
	}
	storyview.StableIDs(arts)
	events, stories, err := storyview.Build(arts)
	if err != nil {
		t.Fatal(err)
	}
	db := filepath.Join(t.TempDir(), "old.db")
	st, err := sqlite.Open(ctx, db)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := st.SaveArticles(ctx, arts); err != nil {
		t.Fatal(err)
	}
	if err := st.SaveClusters(ctx, arts, events, stories); err != nil {
		t.Fatal(err)
	}
	var before []string
	for _, s := range stories {
		before = append(before, s.ID)
	}
	slices.Sort(before)
	st.Close()

	_, stderr, code := runApp(t, "", "ingest", "--db", db, files[0])
	if code != 0 || !strings.Contains(stderr, "settled 5 articles stored by an earlier version") {
		t.Fatalf("ingest over an earlier store: exit %d: %s", code, stderr)
	}
	checkClusters(t, db)
	st, err = sqlite.Open(ctx, db)
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	if left, err := st.Unadopted(ctx, 10); err != nil || len(left) != 0 {
		t.Errorf("%d articles left unadopted, %v", len(left), err)
	}
	sts, _ := st.Stories(ctx, 10, 0)
	var after []string
	for _, s := range sts {
		after = append(after, s.ID)
	}
	slices.Sort(after)
	if !slices.Equal(after, before) {
		t.Errorf("story IDs %v after adoption, were %v", after, before)
	}
}
