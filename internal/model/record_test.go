package model

import (
	"encoding/json"
	"strings"
	"testing"
)

func TestRecordQuoteSpeaker(t *testing.T) {
	tests := []struct {
		name  string
		quote Quote
		want  string
	}{
		{"no speaker is null", Quote{Text: "reforms", Kind: QuoteScare}, `"speaker":null`},
		{"a speaker is a string", Quote{Text: "We are ready.", Speaker: "Ana Ruiz", Kind: QuoteDirect}, `"speaker":"Ana Ruiz"`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			b, err := json.Marshal(NewRecord(&Article{Quotes: []Quote{tt.quote}}))
			if err != nil {
				t.Fatal(err)
			}
			if !strings.Contains(string(b), tt.want) {
				t.Errorf("record %s lacks %s", b, tt.want)
			}
		})
	}
	b, _ := json.Marshal(NewRecord(&Article{}))
	if !strings.Contains(string(b), `"quotes":[]`) {
		t.Errorf("no quotes should print [], got %s", b)
	}
}
