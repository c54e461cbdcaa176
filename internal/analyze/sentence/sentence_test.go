package sentence

import (
	"strings"
	"testing"
)

func TestSplit(t *testing.T) {
	tests := []struct {
		name string
		para string
		want []string
	}{
		{"plain", "The river rose. Homes were flooded.", []string{"The river rose.", "Homes were flooded."}},
		{"titles", "Mr Smith met Gen. Lee on Monday. They spoke.", []string{"Mr Smith met Gen. Lee on Monday.", "They spoke."}},
		{"U.S. inside", "The U.S. said it would help. Aid arrived.", []string{"The U.S. said it would help.", "Aid arrived."}},
		{"initial", "John F. Kennedy spoke. Crowds cheered.", []string{"John F. Kennedy spoke.", "Crowds cheered."}},
		{"decimal", "Growth was 3.5 per cent. Prices rose.", []string{"Growth was 3.5 per cent.", "Prices rose."}},
		{"closing quote", "\u201cIt is over.\u201d He left.", []string{"\u201cIt is over.\u201d", "He left."}},
		{"ellipsis inside quote", "\"This is a tactic ... This is a crime,\" he said.", []string{"\"This is a tactic ... This is a crime,\" he said."}},
		{"question and exclamation", "What is Nato doing? We need help!", []string{"What is Nato doing?", "We need help!"}},
		{"lower case after stop", "He arrived at 3 p.m. and left.", []string{"He arrived at 3 p.m. and left."}},
		{"no final stop", "The talks resume tomorrow", []string{"The talks resume tomorrow"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var got []string
			for _, s := range Split(tt.para) {
				got = append(got, tt.para[s.Start:s.End])
			}
			if strings.Join(got, "|") != strings.Join(tt.want, "|") {
				t.Errorf("got %q, want %q", got, tt.want)
			}
		})
	}
}

func TestTokenize(t *testing.T) {
	tests := []struct {
		name, in string
		want     []string
	}{
		{"numbers keep separators", "At least 1,119 civilians, 3.5%", []string{"At", "least", "1,119", "civilians", ",", "3.5", "%"}},
		{"apostrophes and hyphens", "Putin\u2019s de-occupied land, don't", []string{"Putin\u2019s", "de-occupied", "land", ",", "don't"}},
		{"PTB quotes", "``Yes,'' he said", []string{"``", "Yes", ",", "''", "he", "said"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var got []string
			for _, tok := range Tokenize(tt.in, 0) {
				if tt.in[tok.Start:tok.End] != tok.Text {
					t.Fatalf("offsets of %q are wrong", tok.Text)
				}
				got = append(got, tok.Text)
			}
			if strings.Join(got, "|") != strings.Join(tt.want, "|") {
				t.Errorf("got %q, want %q", got, tt.want)
			}
		})
	}
}

func BenchmarkSplit(b *testing.B) {
	para := strings.Repeat("Mr Smith met Gen. Lee in the U.S. on Monday, and 3.5 million people watched. \u201cIt is over,\u201d he said. ", 20)
	b.SetBytes(int64(len(para)))
	for i := 0; i < b.N; i++ {
		Split(para)
	}
}
