package cli

import (
	"encoding/json"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"sort"
	"strconv"
	"strings"
	"testing"

	"github.com/storyline-news/storyline/internal/shareddata"
	"github.com/storyline-news/storyline/internal/storyview"
)

// TestStoriesSeeds runs `storyline stories` over the seeds and checks its
// JSON against the gold stories and events, and that every summary line
// is a sentence of the article it cites.
func TestStoriesSeeds(t *testing.T) {
	seeds := shareddata.Path(t, "data/seeds")
	files, _ := filepath.Glob(filepath.Join(seeds, "*.txt"))
	out, stderr, code := runApp(t, "", append([]string{"stories", "--year", "2022", "--format", "json"}, files...)...)
	if code != 0 {
		t.Fatalf("stories exited %d: %s", code, stderr)
	}
	var doc struct {
		Stories []storyOut `json:"stories"`
	}
	if err := json.Unmarshal([]byte(out), &doc); err != nil {
		t.Fatalf("stories JSON: %v", err)
	}
	var gold struct {
		Clusters struct {
			Event [][]string `json:"event"`
			Story [][]string `json:"story"`
		} `json:"clusters"`
	}
	raw, err := os.ReadFile(filepath.Join(seeds, "gold.json"))
	if err != nil {
		t.Fatal(err)
	}
	if err := json.Unmarshal(raw, &gold); err != nil {
		t.Fatal(err)
	}
	key := func(ids []string) string {
		ids = append([]string(nil), ids...)
		sort.Strings(ids)
		return strings.Join(ids, " ")
	}
	want := map[string]bool{}
	for _, c := range gold.Clusters.Story {
		want["story "+key(c)] = true
	}
	for _, c := range gold.Clusters.Event {
		want["event "+key(c)] = true
	}
	got := map[string]bool{}
	bodies := map[string]string{}
	for _, s := range doc.Stories {
		var all []string
		for _, e := range s.Events {
			var ids []string
			for _, m := range e.Members {
				ids = append(ids, m.ID)
				b, err := os.ReadFile(filepath.Join(seeds, m.ID))
				if err != nil {
					t.Fatal(err)
				}
				bodies[m.ID] = strings.Join(strings.Fields(string(b)), " ")
			}
			got["event "+key(ids)] = true
			all = append(all, ids...)
			if e.Title == "" || len(e.SummaryLines) == 0 {
				t.Errorf("event %s has no title or summary", e.ID)
			}
		}
		got["story "+key(all)] = true
		if len(s.SummaryLines) == 0 || len(s.SummaryLines) > 3 {
			t.Errorf("story %s has %d summary lines, want 1 to 3", s.ID, len(s.SummaryLines))
		}
		for _, l := range s.SummaryLines {
			if !strings.Contains(bodies[l.Article], strings.Join(strings.Fields(l.Text), " ")) {
				t.Errorf("story %s: summary line %q is not in its article %s", s.ID, l.Text, l.Article)
			}
		}
		if len(s.Speakers) == 0 || len(s.Figures) == 0 || len(s.Timeline) == 0 {
			t.Errorf("story %s lacks speakers, figures or a timeline", s.ID)
		}
	}
	for k := range want {
		if !got[k] {
			t.Errorf("missing cluster %s; got %v", k, got)
		}
	}
	text, _, code := runApp(t, "", append([]string{"stories", "--year", "2022"}, files...)...)
	if code != 0 || strings.Count(text, "STORY ") != len(gold.Clusters.Story) || strings.Count(text, "  EVENT ") != len(gold.Clusters.Event) {
		t.Errorf("text output: exit %d, %d stories, %d events\n%s", code, strings.Count(text, "STORY "), strings.Count(text, "  EVENT "), text)
	}
	if _, stderr, code := runApp(t, "", "stories", "--format", "xml", seeds); code != 2 || !strings.Contains(stderr, "--format") {
		t.Errorf("bad --format: exit %d, %q", code, stderr)
	}
}

// TestClusterECBPlus clusters the ECB+ articles through `storyline analyze`
// and scores the events with the shared clusters.py against the issue's
// target, B-cubed F1 0.90 (0.926 when this was written).
func TestClusterECBPlus(t *testing.T) {
	if testing.Short() {
		t.Skip("ECB+ clustering skipped in -short mode")
	}
	dir := shareddata.Path(t, "data/clustering/ecbplus")
	out, stderr, code := runApp(t, "", "analyze", filepath.Join(dir, "docs.jsonl"))
	if code != 0 {
		t.Fatalf("analyze exited %d: %s", code, stderr)
	}
	if n := strings.Count(stderr, "\n"); n > 0 {
		t.Errorf("%d ECB+ documents failed to read:\n%s", n, stderr)
	}
	pred := filepath.Join(t.TempDir(), "pred.jsonl")
	if err := os.WriteFile(pred, []byte(out), 0o644); err != nil {
		t.Fatal(err)
	}
	m := scorer(t, "clusters.py", filepath.Join(dir, "gold.tsv"), pred)
	t.Logf("ECB+ events: B-cubed F1 %.3f (P %.3f R %.3f), pairwise F1 %.3f, %v predicted clusters for %v gold",
		m["bcubed_f1"], m["bcubed_p"], m["bcubed_r"], m["pairwise_f1"], m["predicted_clusters"], m["gold_clusters"])
	if m["bcubed_f1"] < 0.90 {
		t.Errorf("ECB+ B-cubed F1 %.3f < 0.90", m["bcubed_f1"])
	}
}

// TestStoriesFromStore prints a store's stories from the views it keeps:
// the same stories, events, members and summaries as `stories` prints
// for the files, in text and JSON.
func TestStoriesFromStore(t *testing.T) {
	seeds := shareddata.Path(t, "data/seeds")
	files, _ := filepath.Glob(filepath.Join(seeds, "*.txt"))
	db := filepath.Join(t.TempDir(), "s.db")
	if _, stderr, code := runApp(t, "", append([]string{"ingest", "--year", "2022", "--db", db}, files...)...); code != 0 {
		t.Fatalf("ingest exited %d: %s", code, stderr)
	}
	decode := func(out string) []storyOut {
		t.Helper()
		var doc struct {
			Stories []storyOut `json:"stories"`
		}
		if err := json.Unmarshal([]byte(out), &doc); err != nil {
			t.Fatalf("stories JSON: %v\n%s", err, out)
		}
		return doc.Stories
	}
	fromFiles, stderr, code := runApp(t, "", append([]string{"stories", "--year", "2022", "--format", "json"}, files...)...)
	if code != 0 {
		t.Fatalf("stories exited %d: %s", code, stderr)
	}
	fromStore, stderr, code := runApp(t, "", "stories", "--db", db, "--format", "json")
	if code != 0 {
		t.Fatalf("stories --db exited %d: %s", code, stderr)
	}
	shape := func(ss []storyOut) string {
		var b strings.Builder
		for _, s := range ss {
			// IDs differ: a run numbers its clusters, a store keeps permanent IDs.
			b.WriteString("story " + s.Title + " | " + s.Summary + "\n")
			for _, e := range s.Events {
				b.WriteString("  event " + e.Title + ":")
				for _, m := range e.Members {
					b.WriteString(" " + m.ID)
				}
				b.WriteString("\n")
			}
		}
		return b.String()
	}
	want, got := decode(fromFiles), decode(fromStore)
	if len(want) != 2 || shape(got) != shape(want) {
		t.Errorf("stories --db:\n%s\nwant, as for the files:\n%s", shape(got), shape(want))
	}
	text, _, code := runApp(t, "", "stories", "--db", db)
	if code != 0 || !strings.Contains(text, want[0].Title) {
		t.Errorf("stories --db as text (exit %d) lacks %q:\n%s", code, want[0].Title, text)
	}
	if _, stderr, code := runApp(t, "", "stories", "--db", db, files[0]); code != 2 {
		t.Errorf("--db with paths exited %d, want 2: %s", code, stderr)
	}
}

// scorer runs one of the shared scorers and returns the measures it
// prints, one "name: value" a line.
func scorer(t *testing.T, script string, args ...string) map[string]float64 {
	t.Helper()
	if _, err := exec.LookPath("python3"); err != nil {
		if shareddata.Required() {
			t.Fatal("python3 is needed to run the scorer")
		}
		t.Skip("python3 not found")
	}
	raw, err := exec.Command("python3", append([]string{filepath.Join(shareddata.Root(), "eval", script)}, args...)...).Output()
	if err != nil {
		t.Fatalf("%s: %v", script, err)
	}
	m := map[string]float64{}
	for _, line := range regexp.MustCompile(`(?m)^(\w+): ([0-9.]+)$`).FindAllStringSubmatch(string(raw), -1) {
		m[line[1]], _ = strconv.ParseFloat(line[2], 64)
	}
	return m
}

// TestMultiNews measures, on Multi-News dev (undated clusters of articles
// on one story, with a professional summary each), the event clustering
// and the event summaries against Lead-3 at about its length, and that
// the scraping failures are reported and skipped. Floors sit a little
// below the measured figures (B-cubed F1 0.861, ROUGE-2 1.19 times
// Lead-3, 38 documents rejected, all of them pages with no article: 7
// holding no article text, 31 short notices found whole in several
// documents).
func TestMultiNews(t *testing.T) {
	if testing.Short() {
		t.Skip("Multi-News skipped in -short mode")
	}
	dir := shareddata.Path(t, "data/summaries/multinews-dev")
	docs := filepath.Join(dir, "docs.jsonl")
	tmp := t.TempDir()
	for _, run := range []struct {
		file string
		args []string
	}{
		{"pred.jsonl", []string{"analyze", docs}},
		{"stories.json", []string{"stories", "--format", "json", docs}},
	} {
		out, stderr, code := runApp(t, "", run.args...)
		if code != 0 {
			t.Fatalf("%s exited %d: %s", run.args[0], code, stderr)
		}
		if run.args[0] == "analyze" {
			// Sign-in walls, tweet boxes, player and crawl notices: the
			// failures are many, the articles must not be among them.
			empty, notices := strings.Count(stderr, "no article text"), strings.Count(stderr, "(a scraping failure)")
			t.Logf("Multi-News: %d documents rejected as holding no article text, %d as notices repeated whole", empty, notices)
			if rejected := empty + notices; rejected < 34 || rejected > 44 || notices < 25 {
				t.Errorf("%d documents rejected (%d notices), want 34 to 44 with at least 25 notices:\n%s", rejected, notices, stderr)
			}
		}
		if err := os.WriteFile(filepath.Join(tmp, run.file), []byte(out), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	c := scorer(t, "clusters.py", filepath.Join(dir, "gold.tsv"), filepath.Join(tmp, "pred.jsonl"))
	t.Logf("Multi-News events: B-cubed F1 %.3f (P %.3f R %.3f)", c["bcubed_f1"], c["bcubed_p"], c["bcubed_r"])
	if c["bcubed_f1"] < 0.855 {
		t.Errorf("Multi-News event B-cubed F1 %.3f < 0.855", c["bcubed_f1"])
	}
	s := scorer(t, "summaries.py", docs, filepath.Join(dir, "refs.json"), filepath.Join(tmp, "stories.json"))
	t.Logf("Multi-News summaries: ROUGE-2 %.3f, %.2f × Lead-3's; %.1f words against Lead-3's %.1f",
		s["storyline_rouge2"], s["rouge2_ratio"], s["storyline_words"], s["lead3_words"])
	if s["rouge2_ratio"] < 1.17 {
		t.Errorf("Multi-News summary ROUGE-2 %.3f × Lead-3's, want at least 1.17", s["rouge2_ratio"])
	}
	// At Lead-3's length: a longer summary would buy recall with words.
	if s["storyline_words"] > 1.1*s["lead3_words"] {
		t.Errorf("summaries average %.1f words, over 1.1 × Lead-3's %.1f", s["storyline_words"], s["lead3_words"])
	}
}

func TestPrintStoriesCounts(t *testing.T) {
	for _, tc := range []struct {
		name                       string
		articles, sources, nEvents int
		want                       string
	}{
		{"one of each is singular", 1, 1, 1, "1 article · 1 independent source · 1 event"},
		{"more are plural", 3, 2, 2, "3 articles · 2 independent sources · 2 events"},
		{"none is plural", 2, 0, 1, "2 articles · 0 independent sources · 1 event"},
	} {
		s := storyOut{View: storyview.View{ID: "s1", Title: "T", Articles: tc.articles, Sources: tc.sources}}
		for i := 0; i < tc.nEvents; i++ {
			s.Events = append(s.Events, eventOut{View: storyview.View{ID: "e", Articles: tc.articles, Sources: tc.sources}})
		}
		var b strings.Builder
		printStories(&b, []storyOut{s})
		if !strings.Contains(b.String(), "undated · "+tc.want+"\n") {
			t.Errorf("%s: printed\n%s\nwant the line %q", tc.name, b.String(), tc.want)
		}
	}
}
