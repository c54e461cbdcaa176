package dir

import (
	"slices"
	"testing"

	"github.com/storyline-news/storyline/internal/model"
)

func TestReadJSON(t *testing.T) {
	tests := []struct {
		name    string
		text    string
		want    []model.Document
		wantErr []string // error texts, in order
	}{
		{
			name: "object with synonyms",
			text: `{"headline": "H", "body": "B", "date": "2022-09-15", "site": "Wire", "language": "en-GB", "link": "https://example.org/a"}`,
			want: []model.Document{{ID: "f.json", File: "f.json", URL: "https://example.org/a", Format: model.FormatText, Content: "B", Title: "H", Published: "2022-09-15", Outlet: "Wire", Lang: "en"}},
		},
		{
			name: "numeric id, paragraphs as a list, html in text",
			text: `{"id": 12345678901234567890, "content": ["<p>One</p>", "<p>Two</p>", "<div>x</div><br><span>y</span>"]}`,
			want: []model.Document{{ID: "12345678901234567890", File: "f.json", Format: model.FormatHTML, Content: "<p>One</p>\n\n<p>Two</p>\n\n<div>x</div><br><span>y</span>"}},
		},
		{
			name: "JSON Lines with a malformed line in the middle",
			text: "{\"text\": \"A\"}\n{\"text\": \"B\",\n\n{\"id\": \"c\", \"html\": \"<p>C</p>\"}\n",
			want: []model.Document{
				{ID: "f.json#1", File: "f.json#1", Format: model.FormatText, Content: "A"},
				{ID: "c", File: "f.json#4", Format: model.FormatHTML, Content: "<p>C</p>"},
			},
			wantErr: []string{"f.json:2: malformed JSON: the line ends inside the object"},
		},
		{
			name:    "JSON Lines with a line that is not an object",
			text:    "{\"text\": \"A\"}\n[1]\n",
			want:    []model.Document{{ID: "f.json#1", File: "f.json#1", Format: model.FormatText, Content: "A"}},
			wantErr: []string{"f.json:2: malformed JSON: a JSON array, not an object"},
		},
		{
			name: "wrapped array",
			text: `{"status": "ok", "articles": [{"title": "T", "text": "A"}]}`,
			want: []model.Document{{ID: "f.json#1", File: "f.json#1", Format: model.FormatText, Content: "A", Title: "T"}},
		},
		{
			name:    "no text",
			text:    `{"title": "only a title", "url": "u"}`,
			wantErr: []string{`f.json: JSON document has neither text nor html: its keys are "title" "url"`},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			docs, errs := ReadJSON("f.json", "f.json", tt.text)
			if !slices.Equal(docs, tt.want) {
				t.Errorf("docs\n got %+v\nwant %+v", docs, tt.want)
			}
			var got []string
			for _, e := range errs {
				got = append(got, e.Error())
			}
			if !slices.Equal(got, tt.wantErr) {
				t.Errorf("errors %q, want %q", got, tt.wantErr)
			}
		})
	}
}
