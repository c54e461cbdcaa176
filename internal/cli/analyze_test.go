package cli

import (
	"bytes"
	"context"
	"encoding/json"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/storyline-news/storyline/internal/shareddata"
)

// runApp runs the command line in-process and returns stdout, stderr and the
// exit status.
func runApp(t *testing.T, stdin string, args ...string) (string, string, int) {
	t.Helper()
	var out, errb bytes.Buffer
	app := &App{Stdin: strings.NewReader(stdin), Stdout: &out, Stderr: &errb, Getenv: func(string) string { return "" }}
	code := app.Run(context.Background(), append([]string{"storyline"}, args...))
	return out.String(), errb.String(), code
}

// score runs the team's scorer over analysis records and returns its measures.
func score(t *testing.T, gold, jsonl string) map[string]float64 {
	t.Helper()
	if _, err := exec.LookPath("python3"); err != nil {
		if shareddata.Required() {
			t.Fatal("python3 is needed to run the scorer")
		}
		t.Skip("python3 not found; the scorer cannot run")
	}
	pred := filepath.Join(t.TempDir(), "pred.jsonl")
	if err := os.WriteFile(pred, []byte(jsonl), 0o644); err != nil {
		t.Fatal(err)
	}
	cmd := exec.Command("python3", filepath.Join(shareddata.Root(), "eval", "score.py"), gold, pred, "--json")
	raw, err := cmd.Output()
	if err != nil {
		t.Fatalf("score.py: %v", err)
	}
	var m map[string]float64
	if err := json.Unmarshal(raw, &m); err != nil {
		t.Fatalf("score.py output: %v\n%s", err, raw)
	}
	return m
}

// TestAnalyzeSeeds holds the seed scores the issues ask for, measured by the
// shared scorer on the output of `storyline analyze`.
func TestAnalyzeSeeds(t *testing.T) {
	seeds := shareddata.Path(t, "data/seeds")
	out, stderr, code := runApp(t, "", "analyze", "--year", "2022", seeds)
	if code != 0 {
		t.Fatalf("analyze exited %d: %s", code, stderr)
	}
	// gold.json is not an article: it is reported as skipped, nothing else.
	m := score(t, filepath.Join(seeds, "gold.json"), out)
	t.Logf("scores: %v", m)
	want := map[string]float64{
		"articles_found": 1, "headline": 1, "outlet": 1, "byline": 1, "language": 1,
		"section": 0.8, "paragraphs_f1": 0.95, "body_f1": 0.98, "published": 0.6, "quotes_f1": 0.9, "persons_f1": 0.9, "places_f1": 0.85, "figures_r": 0.85, "figure_claimants": 0.8,
		"event_bcubed_f1": 1, "story_bcubed_f1": 1,
	}
	for k, w := range want {
		if got, ok := m[k]; !ok || got < w-1e-9 {
			t.Errorf("%s = %.3f, want >= %.2f", k, got, w)
		}
	}
}

// TestAnalyzeSeedsWithoutYear: with no year to go on, the seeds' dates stay
// null, but their weekdays and day counts still place them against each
// other, so events and stories come out as with --year.
func TestAnalyzeSeedsWithoutYear(t *testing.T) {
	seeds := shareddata.Path(t, "data/seeds")
	out, stderr, code := runApp(t, "", "analyze", seeds)
	if code != 0 {
		t.Fatalf("analyze exited %d: %s", code, stderr)
	}
	m := score(t, filepath.Join(seeds, "gold.json"), out)
	for _, k := range []string{"event_bcubed_f1", "story_bcubed_f1"} {
		if m[k] < 1-1e-9 {
			t.Errorf("%s = %.3f without --year, want 1", k, m[k])
		}
	}
	if m["published"] != 0 {
		t.Errorf("published = %.3f without --year: a year was guessed", m["published"])
	}
}
