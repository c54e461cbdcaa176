package model

// Record is the analysis record of one article, the JSON contract that
// `storyline analyze` prints (see DESIGN.md). Field names are never renamed;
// new fields may be added. Unknown values are null, not empty strings.
type Record struct {
	ID                string        `json:"id"`
	File              string        `json:"file"`
	URL               *string       `json:"url,omitempty"`
	Outlet            *string       `json:"outlet"`
	Section           *string       `json:"section"`
	Headline          *string       `json:"headline"`
	Standfirst        *string       `json:"standfirst"`
	Byline            []string      `json:"byline"`
	Published         *string       `json:"published"`
	PublishedInferred bool          `json:"published_inferred"`
	PublishedEvidence *string       `json:"published_evidence,omitempty"`
	Language          *string       `json:"language"`
	Body              []string      `json:"body"`
	Entities          []Entity      `json:"entities"`
	Quotes            []RecordQuote `json:"quotes"`
	Figures           []Figure      `json:"figures"`
	Dates             []RecordDate  `json:"dates"`
	DuplicateOf       *string       `json:"duplicate_of,omitempty"`
	Event             *string       `json:"event"`
	Story             *string       `json:"story"`
	Image             *string       `json:"image,omitempty"`
	Source            *string       `json:"source,omitempty"`
	Fetched           *string       `json:"fetched,omitempty"`
	Archive           *Archive      `json:"archive,omitempty"`
}

// NewRecord makes the analysis record of a.
func NewRecord(a *Article) Record {
	return Record{
		ID:                a.ID,
		File:              a.File,
		URL:               nullable(a.URL),
		Outlet:            nullable(a.Outlet),
		Section:           nullable(a.Section),
		Headline:          nullable(a.Headline),
		Standfirst:        nullable(a.Standfirst),
		Byline:            nonNil(a.Byline),
		Published:         nullable(a.Published),
		PublishedInferred: a.PublishedInferred,
		PublishedEvidence: nullable(a.PublishedEvidence),
		Language:          nullable(a.Language),
		Body:              nonNil(a.Body),
		Entities:          nonNil(a.Entities),
		Quotes:            recordQuotes(a.Quotes),
		Figures:           nonNil(a.Figures),
		Dates:             recordDates(a.Dates),
		DuplicateOf:       nullable(a.DuplicateOf),
		Event:             nullable(a.Event),
		Story:             nullable(a.Story),
		Image:             nullable(a.Image),
		Source:            nullable(a.Source),
		Fetched:           nullable(a.Fetched),
		Archive:           a.Archive,
	}
}

// RecordQuote is a quote as the analysis record prints it: a quote nobody is
// said to have spoken has a null speaker, never an empty string, so a scorer
// or a reader tells "no speaker" from a speaker.
type RecordQuote struct {
	Text      string  `json:"text"`
	Speaker   *string `json:"speaker"`
	Kind      string  `json:"kind"`
	Paragraph int     `json:"paragraph"`
	Cue       string  `json:"cue,omitempty"`
}

func recordQuotes(qs []Quote) []RecordQuote {
	out := make([]RecordQuote, len(qs))
	for i, q := range qs {
		out[i] = RecordQuote{Text: q.Text, Speaker: nullable(q.Speaker), Kind: q.Kind, Paragraph: q.Paragraph, Cue: q.Cue}
	}
	return out
}

// RecordDate is a date expression as the record prints it: one the text
// does not pin to a day or span (a weekday in an undated article) has a
// null date.
type RecordDate struct {
	Text      string  `json:"text"`
	Date      *string `json:"date"`
	Paragraph int     `json:"paragraph"`
}

func recordDates(ds []DateRef) []RecordDate {
	out := make([]RecordDate, len(ds))
	for i, d := range ds {
		out[i] = RecordDate{Text: d.Text, Date: nullable(d.Date), Paragraph: d.Paragraph}
	}
	return out
}

func nullable(s string) *string {
	if s == "" {
		return nil
	}
	return &s
}

// nonNil keeps empty lists as [] in JSON, so consumers need not test for null.
func nonNil[T any](s []T) []T {
	if s == nil {
		return []T{}
	}
	return s
}
