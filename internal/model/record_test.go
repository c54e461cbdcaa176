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

func TestRecordArchive(t *testing.T) {
	ar := &Archive{File: "storyline-20260301093000-00000.warc.gz", Record: "urn:uuid:0f6f0a4e-2d47-4c51-9b1c-7f0e3c1f9a10"}
	tests := []struct {
		name    string
		doc     Document
		has     string // in the record
		hasNot  string // not in the record
		article string // in the article's own JSON (the store's form)
	}{
		{"an archived document names its record", Document{Archive: ar},
			`"archive":{"file":"storyline-20260301093000-00000.warc.gz","record":"urn:uuid:0f6f0a4e-2d47-4c51-9b1c-7f0e3c1f9a10"}`, "", `"Archive":{"file"`},
		{"a file has no archive", Document{Fetched: "2026-03-01T09:30:00Z"}, `"fetched"`, `"archive"`, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var a Article
			tt.doc.Override(&a)
			b, err := json.Marshal(NewRecord(&a))
			if err != nil {
				t.Fatal(err)
			}
			if !strings.Contains(string(b), tt.has) {
				t.Errorf("record %s lacks %s", b, tt.has)
			}
			if tt.hasNot != "" && strings.Contains(string(b), tt.hasNot) {
				t.Errorf("record %s has %s", b, tt.hasNot)
			}
			own, _ := json.Marshal(a)
			if tt.article == "" && strings.Contains(string(own), "Archive") {
				t.Errorf("an article without an archive stores %s: its content hash would change", own)
			}
			if tt.article != "" && !strings.Contains(string(own), tt.article) {
				t.Errorf("article %s lacks %s", own, tt.article)
			}
		})
	}
	// Override copies the location: the document's may not be changed
	// through the article.
	d := Document{Archive: ar}
	var a Article
	d.Override(&a)
	a.Archive.Record = "changed"
	if ar.Record == "changed" {
		t.Error("Override shares the document's Archive with the article")
	}
}
