package entity

import (
	"bytes"
	"reflect"
	"testing"
)

// TestTrainReproducible trains twice on the same invented sentences and
// checks the saved models are byte-identical and load back unchanged.
func TestTrainReproducible(t *testing.T) {
	sents := []Sentence{
		{Words: []string{"Marta", "Lindqvist", "visited", "Tromso", "."}, Labels: []string{"B-PER", "I-PER", "O", "B-LOC", "O"}},
		{Words: []string{"The", "Harbour", "Authority", "said", "no", "."}, Labels: []string{"O", "B-ORG", "I-ORG", "O", "O", "O"}},
		{Words: []string{"Lindqvist", "left", "Bergen", "on", "Monday", "."}, Labels: []string{"B-PER", "O", "B-LOC", "O", "O", "O"}},
	}
	save := func() []byte {
		var b bytes.Buffer
		if err := Train(sents, 5, 7).Save(&b); err != nil {
			t.Fatal(err)
		}
		return b.Bytes()
	}
	a, b := save(), save()
	if !bytes.Equal(a, b) {
		t.Fatal("two trainings on the same input saved different bytes")
	}
	m, err := Load(bytes.NewReader(a))
	if err != nil {
		t.Fatal(err)
	}
	if want := Train(sents, 5, 7); !reflect.DeepEqual(m.Weights, want.Weights) {
		t.Error("loaded model differs from the trained one")
	}
	if got := m.Tag([]string{"Marta", "Lindqvist", "visited", "Tromso", "."}); got[0] != "B-PER" || got[3] != "B-LOC" {
		t.Errorf("tagged %v", got)
	}
}
