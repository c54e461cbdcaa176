package quote

import (
	"context"
	"encoding/json"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/storyline-news/storyline/internal/model"
	"github.com/storyline-news/storyline/internal/shareddata"
)

// scoreRecords writes analysis records with quotes and runs the shared
// scorer on them.
func scoreRecords(t *testing.T, gold string, recs []map[string]any) map[string]float64 {
	t.Helper()
	if _, err := exec.LookPath("python3"); err != nil {
		t.Skip("python3 not found")
	}
	path := filepath.Join(t.TempDir(), "pred.jsonl")
	f, err := os.Create(path)
	if err != nil {
		t.Fatal(err)
	}
	enc := json.NewEncoder(f)
	for _, r := range recs {
		enc.Encode(r)
	}
	f.Close()
	out, err := exec.Command("python3", filepath.Join(shareddata.Root(), "eval", "score.py"), gold, path, "--json").Output()
	if err != nil {
		t.Fatalf("score.py: %v", err)
	}
	var m map[string]float64
	if err := json.Unmarshal(out, &m); err != nil {
		t.Fatal(err)
	}
	return m
}

// TestSeedQuotes attributes the quotes of the seeds' gold body paragraphs
// (read at test time) and scores them with the shared scorer.
func TestSeedQuotes(t *testing.T) {
	dir := shareddata.Path(t, "data/seeds")
	raw, err := os.ReadFile(filepath.Join(dir, "gold.json"))
	if err != nil {
		t.Fatal(err)
	}
	var gold struct {
		Articles map[string]struct {
			Body []string `json:"body"`
		} `json:"articles"`
	}
	json.Unmarshal(raw, &gold)
	var recs []map[string]any
	for id, g := range gold.Articles {
		a, _ := Attributor{}.Process(context.Background(), model.Article{ID: id, Body: g.Body})
		recs = append(recs, map[string]any{"id": id, "file": id, "quotes": a.Quotes})
		if testing.Verbose() {
			for _, q := range a.Quotes {
				t.Logf("%s %d %-8s %-22q %.70q", id[:3], q.Paragraph, q.Kind, q.Speaker, q.Text)
			}
		}
	}
	m := scoreRecords(t, filepath.Join(dir, "gold.json"), recs)
	t.Logf("quotes_found %.3f attributed_p %.3f attributed_r %.3f f1 %.3f", m["quotes_found"], m["quotes_attributed_p"], m["quotes_attributed_r"], m["quotes_f1"])
	if m["quotes_f1"] < 0.90 {
		t.Errorf("quotes_f1 %.3f < 0.90", m["quotes_f1"])
	}
}

// TestPolNeAR scores quotes on the PolNeAR dev articles (US political news).
func TestPolNeAR(t *testing.T) {
	dir := shareddata.Path(t, "data/quotes/polnear/dev-gold")
	raw, err := os.ReadFile(filepath.Join(dir, "docs.jsonl"))
	if err != nil {
		t.Fatal(err)
	}
	var recs []map[string]any
	for _, line := range strings.Split(string(raw), "\n") {
		if strings.TrimSpace(line) == "" {
			continue
		}
		var d struct {
			ID   string `json:"id"`
			Text string `json:"text"`
		}
		if err := json.Unmarshal([]byte(line), &d); err != nil {
			t.Fatal(err)
		}
		var body []string
		for _, p := range strings.Split(d.Text, "\n") {
			if p = strings.TrimSpace(p); p != "" {
				body = append(body, p)
			}
		}
		a, _ := Attributor{}.Process(context.Background(), model.Article{ID: d.ID, Body: body})
		recs = append(recs, map[string]any{"id": d.ID, "file": d.ID, "quotes": a.Quotes})
	}
	if p := os.Getenv("QUOTES_OUT"); p != "" {
		f, _ := os.Create(p)
		for _, r := range recs {
			json.NewEncoder(f).Encode(r)
		}
		f.Close()
	}
	m := scoreRecords(t, filepath.Join(dir, "gold.json"), recs)
	t.Logf("PolNeAR dev: quotes_found %.3f attributed_p %.3f attributed_r %.3f", m["quotes_found"], m["quotes_attributed_p"], m["quotes_attributed_r"])
	// The gold now counts quotes set in ''…'' (PTB style) and unclosed
	// quotes that open a paragraph, as PolNeAR's own files do (833 quotes),
	// so the whole gold is the measure. Measured with this stage alone
	// (no entity stage): quotes_found 0.962, attributed_p 0.893,
	// attributed_r 0.901; the whole pipeline reaches attributed_p 0.897.
	// What still counts against precision is mostly the gold's: it has no
	// quotes of one word, so scare quotes and one-word partial quotes are
	// false positives for it. The floors hold what is reached.
	if m["quotes_found"] < 0.945 || m["quotes_attributed_p"] < 0.885 || m["quotes_attributed_r"] < 0.89 {
		t.Errorf("quotes_found %.3f (floor 0.945), quotes_attributed_p %.3f (floor 0.885), quotes_attributed_r %.3f (floor 0.89)",
			m["quotes_found"], m["quotes_attributed_p"], m["quotes_attributed_r"])
	}
}
