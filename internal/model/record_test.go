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

func TestRecordDate(t *testing.T) {
	b, err := json.Marshal(NewRecord(&Article{Dates: []DateRef{{Text: "on Wednesday"}, {Text: "on 3 May 2023", Date: "2023-05-03"}}}))
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{`{"text":"on Wednesday","date":null,"paragraph":0}`, `"date":"2023-05-03"`} {
		if !strings.Contains(string(b), want) {
			t.Errorf("record %s lacks %s", b, want)
		}
	}
	b, _ = json.Marshal(NewRecord(&Article{}))
	if !strings.Contains(string(b), `"dates":[]`) {
		t.Errorf("no dates should print [], got %s", b)
	}
}
