package quote

import (
	"context"
	"testing"

	"github.com/storyline-news/storyline/internal/model"
)

func TestAttribution(t *testing.T) {
	tests := []struct {
		name    string
		body    []string
		text    string // the quote to look at
		speaker string
		kind    string
	}{
		{"X said after", []string{`"The bridge will reopen in May," Anna Berg said.`}, "The bridge will reopen in May,", "Anna Berg", "direct"},
		{"said X after", []string{`"We are ready," said Tomas Reyes, the fire chief.`}, "We are ready,", "Tomas Reyes", "direct"},
		{"X said colon before", []string{`Mayor Lena Ortiz said: "Nobody will be left behind."`}, "Nobody will be left behind.", "Lena Ortiz", "direct"},
		{"told outlet", []string{`Energy minister Paul Okafor told Radio Nine that "prices will fall by winter".`}, "prices will fall by winter", "Paul Okafor", "partial"},
		{"pronoun", []string{`Rita Mendes runs the shelter.`, `"We have no beds left," she said.`}, "We have no beds left,", "Rita Mendes", "direct"},
		{"surname expands to full name", []string{`Council leader Imran Shah spoke first.`, `"It is a good day," Shah said.`}, "It is a good day,", "Imran Shah", "direct"},
		{"continuation paragraph", []string{`Judge Maria Lopez said: "The evidence is clear.`, `"The defendant knew what he was doing."`}, "The defendant knew what he was doing.", "Maria Lopez", "direct"},
		{"curly single quotes and apostrophes", []string{"\u2018We don\u2019t give up,\u2019 Owen Hart said."}, "We don\u2019t give up,", "Owen Hart", "direct"},
		{"anonymous speaker", []string{`"Supplies are running low," one official said.`}, "Supplies are running low,", "one official", "direct"},
		{"partial in reported speech", []string{`Sara Lind said the plan was "deeply flawed" and would fail.`}, "deeply flawed", "Sara Lind", "partial"},
		{"declaring", []string{`Governor Ann Cole opened the session, declaring: "This state is open for business."`}, "This state is open for business.", "Ann Cole", "direct"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			a, err := Attributor{}.Process(context.Background(), model.Article{Body: tt.body})
			if err != nil {
				t.Fatal(err)
			}
			for _, q := range a.Quotes {
				if q.Text == tt.text {
					if q.Speaker != tt.speaker || q.Kind != tt.kind {
						t.Errorf("speaker %q kind %s, want %q %s", q.Speaker, q.Kind, tt.speaker, tt.kind)
					}
					return
				}
			}
			t.Errorf("quote %q not found in %+v", tt.text, a.Quotes)
		})
	}
}

func TestNoQuotesInApostrophes(t *testing.T) {
	a, _ := Attributor{}.Process(context.Background(), model.Article{Body: []string{"Putin\u2019s forces and the \u201990s rock band\u2019s fans don\u2019t agree."}})
	if len(a.Quotes) != 0 {
		t.Errorf("apostrophes read as quotes: %+v", a.Quotes)
	}
}

func BenchmarkAttributor(b *testing.B) {
	body := []string{
		`Mayor Lena Ortiz said: "Nobody will be left behind. We will rebuild every home."`,
		`The council met on Monday. "We have no money left," one official said.`,
		`Opposition leader Karl Weiss said the plan was "deeply flawed" and would fail.`,
		`"It is a good day," Ortiz said, adding: "The river has gone down."`,
	}
	for len(body) < 40 {
		body = append(body, body[:4]...)
	}
	a := model.Article{Body: body}
	b.ReportAllocs()
	for i := 0; i < b.N; i++ {
		Attributor{}.Process(context.Background(), a)
	}
	b.ReportMetric(float64(b.N)/b.Elapsed().Seconds(), "articles/s")
}
