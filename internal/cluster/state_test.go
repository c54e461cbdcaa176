package cluster

import (
	"bytes"
	"errors"
	"fmt"
	"math/rand/v2"
	"reflect"
	"strings"
	"testing"

	"github.com/storyline-news/storyline/internal/model"
)

// synthStream makes n articles on a few dozen topics over two months, with
// some exact copies, so that events, stories, merges and duplicates all occur.
func synthStream(n int) []model.Article {
	r := rand.New(rand.NewPCG(7, 11))
	topics := make([][]string, 40)
	for i := range topics {
		for k := range 12 {
			topics[i] = append(topics[i], fmt.Sprintf("topic%dword%d", i, k))
		}
	}
	noise := func() string { return fmt.Sprintf("noise%d", r.IntN(3000)) }
	var arts []model.Article
	for i := range n {
		if i > 10 && r.IntN(20) == 0 {
			c := arts[r.IntN(len(arts))]
			c.ID = fmt.Sprintf("a%04d", i)
			c.Outlet = "Copy Desk"
			arts = append(arts, c)
			continue
		}
		t := topics[r.IntN(len(topics))]
		var body []string
		for range 4 {
			var w []string
			for range 20 {
				if r.IntN(3) == 0 {
					w = append(w, noise())
				} else {
					w = append(w, t[r.IntN(len(t))])
				}
			}
			body = append(body, strings.Join(w, " "))
		}
		arts = append(arts, model.Article{
			ID:        fmt.Sprintf("a%04d", i),
			Headline:  t[r.IntN(len(t))] + " " + t[r.IntN(len(t))] + " " + noise(),
			Body:      body,
			Published: fmt.Sprintf("2024-03-%02d", 1+i*28/n),
			Language:  "en",
		})
	}
	return arts
}

func TestSaveLoadContinues(t *testing.T) {
	arts := synthStream(800)
	opt := Options{Window: 300} // small, so sweeps and LSH rotation happen
	whole := New(opt)
	var wantDup []string
	for i := range arts {
		wantDup = append(wantDup, whole.Add(&arts[i]).DuplicateOf)
	}

	c := New(opt)
	half := 437
	var gotDup []string
	for i := range arts[:half] {
		gotDup = append(gotDup, c.Add(&arts[i]).DuplicateOf)
	}
	var buf bytes.Buffer
	if err := c.Save(&buf); err != nil {
		t.Fatal(err)
	}
	c, err := Load(&buf)
	if err != nil {
		t.Fatal(err)
	}
	if c.Len() != half {
		t.Fatalf("loaded Len = %d, want %d", c.Len(), half)
	}
	for i := range arts[half:] {
		gotDup = append(gotDup, c.Add(&arts[half+i]).DuplicateOf)
	}

	want, got := whole.Clusters(), c.Clusters()
	if len(got) != len(want) {
		t.Fatalf("Clusters: %d slots, want %d", len(got), len(want))
	}
	for i := range want {
		if got[i] != want[i] || gotDup[i] != wantDup[i] {
			t.Fatalf("slot %d (%s): got %+v dup %q, uninterrupted %+v dup %q", i, c.ArticleID(i), got[i], gotDup[i], want[i], wantDup[i])
		}
	}
	ev, st, _ := whole.Stats()
	dups := 0
	for _, d := range wantDup {
		if d != "" {
			dups++
		}
	}
	if ev < 10 || st < 5 || ev == len(arts) || dups == 0 {
		t.Errorf("stream too easy to tell anything: %d events, %d stories, %d duplicates", ev, st, dups)
	}
}

func TestLoadRejectsGarbage(t *testing.T) {
	for _, b := range [][]byte{nil, []byte("not a state"), {0x1f, 0x8b, 0, 0}} {
		if _, err := Load(bytes.NewReader(b)); !errors.Is(err, ErrState) {
			t.Errorf("Load(%q) error = %v, want ErrState", b, err)
		}
	}
}

func BenchmarkSaveLoad(b *testing.B) {
	arts := synthStream(5000)
	c := New(Options{})
	for i := range arts {
		c.Add(&arts[i])
	}
	b.ResetTimer()
	for b.Loop() {
		var buf bytes.Buffer
		if err := c.Save(&buf); err != nil {
			b.Fatal(err)
		}
		b.SetBytes(int64(buf.Len()))
		if _, err := Load(&buf); err != nil {
			b.Fatal(err)
		}
	}
}

func TestSaveLoadRoundTrip(t *testing.T) {
	arts := synthStream(700)
	c := New(Options{Window: 300})
	for i := range arts {
		c.Add(&arts[i])
	}
	var buf bytes.Buffer
	if err := c.Save(&buf); err != nil {
		t.Fatal(err)
	}
	d, err := Load(&buf)
	if err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(c, d) {
		t.Errorf("a loaded clusterer differs from the saved one")
	}
}
