package dir

import (
	"reflect"
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
			if !reflect.DeepEqual(docs, tt.want) && !(len(docs) == 0 && len(tt.want) == 0) {
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

// TestJSONMetadata checks exports whose keys and dates are spelled in
// other ways: camelCase keys, RSS and day-first dates, authors as strings,
// lists and objects.
func TestJSONMetadata(t *testing.T) {
	tests := []struct {
		name, text, published string
		byline                []string
	}{
		{"camelCase datetime kept", `{"text": "A", "publishedAt": "2022-03-24T06:02:00Z", "author": "Helen Marsh"}`, "2022-03-24T06:02:00Z", []string{"Helen Marsh"}},
		{"RSS date", `{"text": "A", "pubDate": "Thu, 24 Mar 2022 06:02:00 +0000", "byline": "By Ana Ruiz and Tom Hale"}`, "2022-03-24", []string{"Ana Ruiz", "Tom Hale"}},
		{"day first", `{"text": "A", "date": "24/03/2022", "authors": [{"name": "Ana Ruiz"}, "Tom Hale"]}`, "2022-03-24", []string{"Ana Ruiz", "Tom Hale"}},
		{"month first", `{"text": "A", "date": "03/24/2022"}`, "2022-03-24", nil},
		{"ambiguous numeric date dropped", `{"text": "A", "date": "03/04/2022"}`, "", nil},
		{"written out", `{"text": "A", "Date_Published": "March 24, 2022"}`, "2022-03-24", nil},
		{"unix seconds", `{"text": "A", "timestamp": 1648101720}`, "2022-03-24", nil},
		{"not a date", `{"text": "A", "date": "last week"}`, "", nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			docs, errs := ReadJSON("f.json", "f.json", tt.text)
			if len(errs) > 0 || len(docs) != 1 {
				t.Fatalf("docs %+v errors %v", docs, errs)
			}
			if docs[0].Published != tt.published || !reflect.DeepEqual(docs[0].Byline, tt.byline) {
				t.Errorf("published %q byline %q, want %q %q", docs[0].Published, docs[0].Byline, tt.published, tt.byline)
			}
		})
	}
}

// TestJSONImage reads the lead image exports name under their own keys,
// keeping only absolute http(s) URLs.
func TestJSONImage(t *testing.T) {
	for _, tt := range []struct {
		name, text, want string
	}{
		{"NewsAPI", `{"text": "A", "urlToImage": "https://img.example/a.jpg"}`, "https://img.example/a.jpg"},
		{"newspaper3k", `{"text": "A", "top_image": "http://img.example/b.png"}`, "http://img.example/b.png"},
		{"plain", `{"text": "A", "image": "https://img.example/c.webp"}`, "https://img.example/c.webp"},
		{"relative", `{"text": "A", "image": "/c.webp"}`, ""},
		{"data URI", `{"text": "A", "image": "data:image/png;base64,AAAA"}`, ""},
		{"javascript", `{"text": "A", "image": "javascript:alert(1)"}`, ""},
		{"credentials", `{"text": "A", "image": "https://u:p@img.example/c.jpg"}`, ""},
		{"none", `{"text": "A"}`, ""},
	} {
		t.Run(tt.name, func(t *testing.T) {
			docs, errs := ReadJSON("f.json", "f.json", tt.text)
			if len(errs) > 0 || len(docs) != 1 {
				t.Fatalf("docs %+v errors %v", docs, errs)
			}
			if docs[0].Image != tt.want {
				t.Errorf("image %q, want %q", docs[0].Image, tt.want)
			}
		})
	}
}
