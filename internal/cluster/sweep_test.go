package cluster

import (
	"bufio"
	"context"
	"encoding/json"
	"os"
	"strconv"
	"strings"
	"testing"

	"github.com/storyline-news/storyline/internal/model"
)

// readRecords loads `storyline analyze` output back into articles.
func readRecords(t testing.TB, path string) []model.Article {
	t.Helper()
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	var arts []model.Article
	sc := bufio.NewScanner(f)
	sc.Buffer(make([]byte, 1<<20), 64<<20)
	for sc.Scan() {
		var r model.Record
		if err := json.Unmarshal(sc.Bytes(), &r); err != nil {
			t.Fatal(err)
		}
		deref := func(s *string) string {
			if s == nil {
				return ""
			}
			return *s
		}
		a := model.Article{ID: r.ID, Headline: deref(r.Headline), Body: r.Body, Language: deref(r.Language),
			Entities: r.Entities, Published: deref(r.Published), Outlet: deref(r.Outlet)}
		arts = append(arts, a)
	}
	return arts
}

// readGold reads an "id<TAB>…<TAB>cluster" file with a header line.
func readGold(t testing.TB, path string) map[string]string {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	gold := map[string]string{}
	for i, line := range strings.Split(strings.TrimSpace(string(b)), "\n") {
		f := strings.Split(line, "\t")
		if i == 0 || len(f) < 2 {
			continue
		}
		gold[f[0]] = f[len(f)-1]
	}
	return gold
}

// bcubed scores predicted clusters against gold ones over the gold items
// (an item with no prediction is a cluster of its own): B-cubed F1 and
// pairwise F1.
func bcubed(gold, pred map[string]string) (b3, pair float64) {
	gc, pc := map[string][]string{}, map[string][]string{}
	for id, g := range gold {
		gc[g] = append(gc[g], id)
		p, ok := pred[id]
		if !ok {
			p = "\x00" + id
		}
		pc[p] = append(pc[p], id)
	}
	predOf := func(id string) string {
		if p, ok := pred[id]; ok {
			return p
		}
		return "\x00" + id
	}
	var P, R float64
	for id, g := range gold {
		p := predOf(id)
		both := 0
		for _, o := range pc[p] {
			if gold[o] == g {
				both++
			}
		}
		P += float64(both) / float64(len(pc[p]))
		R += float64(both) / float64(len(gc[g]))
	}
	n := float64(len(gold))
	P, R = P/n, R/n
	b3 = 2 * P * R / (P + R)
	var tp, predPairs, goldPairs float64
	for _, m := range pc {
		predPairs += float64(len(m) * (len(m) - 1) / 2)
		for i := range m {
			for j := i + 1; j < len(m); j++ {
				if gold[m[i]] == gold[m[j]] {
					tp++
				}
			}
		}
	}
	for _, m := range gc {
		goldPairs += float64(len(m) * (len(m) - 1) / 2)
	}
	if tp > 0 {
		pp, pr := tp/predPairs, tp/goldPairs
		pair = 2 * pp * pr / (pp + pr)
	}
	return b3, pair
}

// TestSweep tunes thresholds on analysed records: set CLUSTER_RECORDS to
// `storyline analyze` output and CLUSTER_GOLD to its gold.tsv; CLUSTER_SET
// overrides options as "Event=0.3,EventDays=2".
func TestSweep(t *testing.T) {
	recs, goldPath := os.Getenv("CLUSTER_RECORDS"), os.Getenv("CLUSTER_GOLD")
	if recs == "" || goldPath == "" {
		t.Skip("set CLUSTER_RECORDS and CLUSTER_GOLD to sweep thresholds")
	}
	arts := readRecords(t, recs)
	gold := readGold(t, goldPath)
	base := Defaults
	for _, kv := range strings.Split(os.Getenv("CLUSTER_SET"), ",") {
		k, v, ok := strings.Cut(kv, "=")
		if !ok {
			continue
		}
		f, _ := strconv.ParseFloat(v, 64)
		switch k {
		case "Event":
			base.Event = f
		case "EventMerge":
			base.EventMerge = f
		case "Story":
			base.Story = f
		case "StoryMerge":
			base.StoryMerge = f
		case "Nearest":
			base.Nearest = f
		case "EventDays":
			base.EventDays = f
		}
	}
	for _, ev := range []float64{0.16, 0.20, 0.24, 0.28, 0.32, 0.36, 0.40, 0.45, 0.5} {
		for _, mg := range []float64{0.3, 0.4, 0.5, 0.6, 0.7, 0.8} {
			o := base
			o.Event, o.EventMerge = ev, max(mg, ev)
			as := append([]model.Article(nil), arts...)
			if err := (Step{Options: o}).Apply(context.Background(), as); err != nil {
				t.Fatal(err)
			}
			pred := map[string]string{}
			dups := 0
			for _, a := range as {
				pred[a.ID] = a.Event
				if a.DuplicateOf != "" {
					dups++
				}
			}

			b3, pair := bcubed(gold, pred)
			t.Logf("event %.2f merge %.2f: B3 %.3f pairwise %.3f, %d copies", o.Event, o.EventMerge, b3, pair, dups)
		}
	}
}
