package cli

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/storyline-news/storyline/demo"
	"github.com/storyline-news/storyline/internal/store"
	"github.com/storyline-news/storyline/internal/store/sqlite"
)

// checkClusters asserts what every ingest must leave: each article in a
// story and an event that exist, each story's counts matching its
// articles, and no article waiting to be settled.
func checkClusters(t *testing.T, db string) (articles, stories int) {
	t.Helper()
	ctx := context.Background()
	st, err := sqlite.Open(ctx, db)
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	n, err := st.CountArticles(ctx)
	if err != nil {
		t.Fatal(err)
	}
	sts, err := st.Stories(ctx, store.MaxLimit, 0)
	if err != nil {
		t.Fatal(err)
	}
	total := 0
	for _, s := range sts {
		refs, err := st.StoryArticles(ctx, s.ID)
		if err != nil || len(refs) != s.Articles || len(refs) == 0 {
			t.Errorf("story %s says %d articles, has %d (%v)", s.ID, s.Articles, len(refs), err)
		}
		evs, err := st.StoryEvents(ctx, s.ID)
		if err != nil {
			t.Fatal(err)
		}
		inEvents := 0
		for _, e := range evs {
			inEvents += e.Articles
		}
		if inEvents != len(refs) {
			t.Errorf("story %s: its events hold %d articles, it has %d", s.ID, inEvents, len(refs))
		}
		total += len(refs)
	}
	if total != n {
		t.Errorf("stories hold %d articles, the store %d", total, n)
	}
	if un, err := st.Unsettled(ctx, 5); err != nil || len(un) != 0 {
		t.Errorf("unsettled articles left: %d, %v", len(un), err)
	}
	return n, len(sts)
}

var summaryRE = regexp.MustCompile(`ingest: read (\d+), new (\d+), updated (\d+), unchanged (\d+)`)

func ingestSummaryOf(t *testing.T, stderr string) string {
	t.Helper()
	m := summaryRE.FindStringSubmatch(stderr)
	if m == nil {
		t.Fatalf("no summary line in %q", stderr)
	}
	return strings.Join(m[1:], " ")
}

func TestIngestIncremental(t *testing.T) {
	lines := strings.SplitAfter(strings.TrimSpace(string(demo.Articles)), "\n")
	if len(lines) < 6 {
		t.Fatalf("only %d demo articles", len(lines))
	}
	dir := t.TempDir()
	db := filepath.Join(dir, "storyline.db")
	half := len(lines) / 2
	first, second := filepath.Join(dir, "first.jsonl"), filepath.Join(dir, "second.jsonl")
	for p, text := range map[string]string{first: strings.Join(lines[:half], ""), second: strings.Join(lines[half:], "")} {
		if err := os.WriteFile(p, []byte(text), 0o600); err != nil {
			t.Fatal(err)
		}
	}

	_, stderr, code := runApp(t, "", "ingest", "--db", db, first)
	if code != 0 {
		t.Fatalf("first ingest exited %d: %s", code, stderr)
	}
	if n, _ := checkClusters(t, db); n != half {
		t.Fatalf("%d articles after the first half, want %d", n, half)
	}
	_, stderr, code = runApp(t, "", "ingest", "--db", db, second)
	if code != 0 {
		t.Fatalf("second ingest exited %d: %s", code, stderr)
	}
	n, stories := checkClusters(t, db)
	if n != len(lines) {
		t.Fatalf("%d articles after both halves, want %d", n, len(lines))
	}

	// The same articles again: one record each, nothing new.
	_, stderr, _ = runApp(t, "", "ingest", "--db", db, first)
	if got, want := ingestSummaryOf(t, stderr), fmt.Sprintf("%d 0 0 %d", half, half); got != want {
		t.Errorf("re-ingest summary %q, want read/new/updated/unchanged %q", got, want)
	}
	// A changed article updates its record and keeps its story.
	changed := strings.Replace(lines[0], `"text": "`, `"text": "Updated at noon. `, 1)
	if changed == lines[0] {
		t.Fatal("could not change the first demo article")
	}
	edited := filepath.Join(dir, "edited.jsonl")
	if err := os.WriteFile(edited, []byte(changed), 0o600); err != nil {
		t.Fatal(err)
	}
	_, stderr, _ = runApp(t, "", "ingest", "--db", db, edited)
	if got := ingestSummaryOf(t, stderr); got != "1 0 1 0" {
		t.Errorf("changed article summary %q, want 1 read, 1 updated", got)
	}
	if n2, stories2 := checkClusters(t, db); n2 != n || stories2 != stories {
		t.Errorf("after an update: %d articles in %d stories, was %d in %d", n2, stories2, n, stories)
	}
}
