package lang

import (
	"bufio"
	"context"
	"os"
	"strings"
	"testing"

	"github.com/storyline-news/storyline/internal/model"
)

type sample struct{ lang, kind, text string }

func samples(t testing.TB) []sample {
	f, err := os.Open("testdata/samples.tsv")
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	var out []sample
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		l := sc.Text()
		if l == "" || strings.HasPrefix(l, "#") {
			continue
		}
		p := strings.SplitN(l, "\t", 3)
		out = append(out, sample{p[0], p[1], p[2]})
	}
	return out
}

// TestParagraphs: article-length text is identified in every language of
// the sample set.
func TestParagraphs(t *testing.T) {
	for _, s := range samples(t) {
		if s.kind != "long" {
			continue
		}
		t.Run(s.lang, func(t *testing.T) {
			a, _ := Detector{}.Process(context.Background(), model.Article{Body: []string{s.text}})
			if a.Language != s.lang {
				t.Errorf("got %q, want %q", a.Language, s.lang)
			}
		})
	}
}

func TestShortTextKeepsMetadata(t *testing.T) {
	tests := []struct {
		name, meta, headline, want string
	}{
		{"metadata kept for a headline alone", "nl", "Gemeenteraad keurt nieuwe fietspaden goed", "nl"},
		{"guess made when no metadata", "", "Der Stadtrat hat am Dienstagabend den Bau von drei neuen Radwegen beschlossen", "de"},
		{"no letters, no language", "", "2022 — 14:00", ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			a, _ := Detector{}.Process(context.Background(), model.Article{Headline: tt.headline, Language: tt.meta})
			if a.Language != tt.want {
				t.Errorf("got %q, want %q", a.Language, tt.want)
			}
		})
	}
}

func BenchmarkDetect(b *testing.B) {
	var long string
	for _, s := range samples(b) {
		if s.lang == "en" && s.kind == "long" {
			long = strings.Repeat(s.text+" ", 10)
		}
	}
	a := model.Article{Body: []string{long}}
	b.ReportAllocs()
	for i := 0; i < b.N; i++ {
		Detector{}.Process(context.Background(), a)
	}
	b.ReportMetric(float64(b.N)/b.Elapsed().Seconds(), "articles/s")
}
