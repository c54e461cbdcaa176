package entity

import (
	"context"
	"fmt"
	"math/rand"
	"strings"
	"testing"

	"github.com/storyline-news/storyline/internal/model"
)

// synthArticles makes n articles of 25 entities each, drawn from a pool of
// names that grows with n as a real batch's does, with some spelled two
// ways.
func synthArticles(n int) []model.Article {
	r := rand.New(rand.NewSource(int64(n)))
	syl := []string{"ka", "lo", "mi", "ren", "sto", "va", "dor", "yel", "bri", "zan", "kho", "tu", "pel", "gra", "nis", "o", "ar", "ve"}
	word := func() string {
		var b strings.Builder
		for k := 2 + r.Intn(2); k > 0; k-- {
			b.WriteString(syl[r.Intn(len(syl))])
		}
		w := b.String()
		return strings.ToUpper(w[:1]) + w[1:]
	}
	pool := make([]string, 5*n)
	for i := range pool {
		pool[i] = word()
		if r.Intn(2) == 0 {
			pool[i] += " " + word()
		}
	}
	types := []string{model.Person, model.Place, model.Org}
	arts := make([]model.Article, n)
	for i := range arts {
		for k := 0; k < 25; k++ {
			name := pool[r.Intn(len(pool))]
			if r.Intn(10) == 0 {
				name = strings.Replace(name, "i", "y", 1) // a second spelling
			}
			arts[i].Entities = append(arts[i].Entities, model.Entity{Name: name, Type: types[len(name)%3], Mentions: 1 + r.Intn(4)})
		}
	}
	return arts
}

// BenchmarkMerge reports the cross-article merge's cost per article at two
// batch sizes: with blocking it grows far slower than the batch's names
// squared.
func BenchmarkMerge(b *testing.B) {
	for _, n := range []int{500, 2000} {
		b.Run(fmt.Sprintf("articles=%d", n), func(b *testing.B) {
			src := synthArticles(n)
			b.ResetTimer()
			for i := 0; i < b.N; i++ {
				b.StopTimer()
				arts := make([]model.Article, len(src))
				for j := range src {
					arts[j].Entities = append([]model.Entity(nil), src[j].Entities...)
				}
				b.StartTimer()
				if err := (Merge{}).Apply(context.Background(), arts); err != nil {
					b.Fatal(err)
				}
			}
			b.ReportMetric(float64(b.Elapsed().Microseconds())/float64(b.N*n), "µs/article")
		})
	}
}

// TestMergeDeterministic checks that a batch merges the same way each run:
// the variant pairs are visited in a fixed order, not map order.
func TestMergeDeterministic(t *testing.T) {
	var first []string
	for run := 0; run < 5; run++ {
		arts := synthArticles(300)
		if err := (Merge{}).Apply(context.Background(), arts); err != nil {
			t.Fatal(err)
		}
		var got []string
		for _, a := range arts {
			for _, e := range a.Entities {
				got = append(got, e.Name+"/"+e.Type)
			}
		}
		if run == 0 {
			first = got
			continue
		}
		for i := range got {
			if got[i] != first[i] {
				t.Fatalf("run %d: entity %d is %q, first run %q", run, i, got[i], first[i])
			}
		}
	}
}
