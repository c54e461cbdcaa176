// Package model holds the values that flow through Storyline's pipeline:
// the raw Document a source reads, the Article that extraction makes of it and
// that the analysis stages fill in, and the events and stories clustering
// builds over articles. It depends on the standard library only, so every
// other package can share it without import cycles.
package model

import "strings"

// Format is the shape of a raw document's content, sniffed by the source.
type Format string

// The formats a source can hand to extraction.
const (
	FormatText Format = "text" // plain text, usually a dump copied out of an aggregator or a print replica
	FormatHTML Format = "html" // an HTML page
)

// Document is one raw input item as a source read it: the bytes of an HTML page
// or a text dump, plus whatever metadata came beside it (JSON fields, flags).
// Content is always valid UTF-8: sources convert legacy encodings.
type Document struct {
	ID        string   // stable identifier: the JSON "id" field, else the file's base name
	File      string   // the path as given by the user, with "#N" for the Nth line of a JSON Lines file
	URL       string   // where the article lives, when known
	Format    Format   // how Content is to be read
	Content   string   // the article text or HTML, valid UTF-8
	Title     string   // headline from metadata (JSON "title"), if any
	Published string   // ISO date or datetime from metadata, if any
	Outlet    string   // outlet from metadata, if any
	Lang      string   // ISO 639-1 language from metadata, if any
	Byline    []string // authors from metadata, if any
	Image     string   // lead image URL the page or feed names (og:image, media:content), if any
	Source    string   // the feed, site or archive the document came from, if not a file
	Fetched   string   // when it was fetched over HTTP or archived (RFC 3339), if it was
	Archive   *Archive // the WARC record holding the bytes it came from, if it was archived or read from an archive
}

// Archive names the WARC record that holds the bytes an article came
// from: the archive file's name (its base name, without the folder, which
// is the operator's) and the record's WARC-Record-ID, a URI such as
// "urn:uuid:…" given without the angle brackets WARC puts around it.
type Archive struct {
	File   string `json:"file"`
	Record string `json:"record"`
}

// Override sets on a the metadata the document carries (title, outlet,
// byline, publication date): what a JSON export or feed states takes
// precedence over what extraction read from the text.
func (d Document) Override(a *Article) {
	if d.Title != "" {
		a.Headline = d.Title
	}
	if d.Outlet != "" {
		a.Outlet = d.Outlet
	}
	if len(d.Byline) > 0 {
		a.Byline = d.Byline
	}
	if d.Published != "" {
		a.Published = d.Published
	}
	if d.Image != "" {
		a.Image = d.Image
	}
	if d.Source != "" {
		a.Source = d.Source
	}
	if d.Fetched != "" {
		a.Fetched = d.Fetched
	}
	if d.Archive != nil {
		ar := *d.Archive
		a.Archive = &ar
	}
}

// Article is an extracted, cleaned article and everything analysis finds in it.
// Extraction fills the metadata and Body; the analysis stages fill the rest.
type Article struct {
	ID                string
	File              string
	URL               string
	Outlet            string
	Section           string
	Headline          string
	Standfirst        string
	Byline            []string
	Published         string // ISO date or datetime, "" when unknown
	PublishedInferred bool   // Published was estimated from evidence in the text
	PublishedEvidence string // what the estimate rests on, in words
	// Period bounds the publication day ("YYYY-MM-DD/YYYY-MM-DD") when the
	// evidence narrows it to weeks without pinning it; Published stays "".
	// Clustering reads it as the article's time span.
	Period   string
	Language string // ISO 639-1
	Body     []string

	// Provenance: the lead image, and the feed, site or archive the
	// article came from and when it was fetched; "" for files on disk.
	// Archive names the WARC record of its bytes; nil when none holds
	// them (omitted from the stored JSON then, so that articles stored
	// before it existed keep their content hash).
	Image   string
	Source  string
	Fetched string
	Archive *Archive `json:",omitempty"`

	Sentences []Sentence // filled by the sentence stage; offsets into Body
	Mentions  []Mention  // entity mentions, filled by the entity stage
	Entities  []Entity
	Quotes    []Quote
	Figures   []Figure
	Dates     []DateRef

	DuplicateOf string // ID of the article this one copies, if any
	Event       string
	Story       string
}

// Sentence is one sentence of a body paragraph: Body[Para][Start:End].
type Sentence struct {
	Para   int
	Start  int
	End    int
	Tokens []Token
}

// Token is a word or punctuation mark of a sentence; Start and End are byte
// offsets into the sentence's paragraph.
type Token struct {
	Text  string
	Start int
	End   int
}

// Entity types.
const (
	Person = "PERSON"
	Org    = "ORG"
	Place  = "PLACE"
	Other  = "OTHER"
)

// Entity is a person, organisation, place or other named thing, under one
// canonical name, with the other forms the article calls it by.
type Entity struct {
	Name     string   `json:"name"`
	Type     string   `json:"type"`
	Aliases  []string `json:"aliases,omitempty"`
	Mentions int      `json:"mentions"`
}

// Key returns the entity's name folded for comparing articles (lower
// case, spaces collapsed) when it names a person, organisation or place,
// the names that tell one story from another; ok is false otherwise.
func (e Entity) Key() (key string, ok bool) {
	if e.Type != Person && e.Type != Org && e.Type != Place {
		return "", false
	}
	key = strings.ToLower(strings.Join(strings.Fields(e.Name), " "))
	return key, key != ""
}

// Mention is one place in the body where an entity is named:
// Body[Para][Start:End], referring to Entities[Entity].
type Mention struct {
	Entity int
	Para   int
	Start  int
	End    int
}

// Quote kinds.
const (
	QuoteDirect  = "direct"  // a full quoted sentence or more
	QuotePartial = "partial" // a quoted fragment inside reported speech
	QuoteScare   = "scare"   // quotation marks around a word or phrase that nobody is quoted as saying
)

// Quote is quoted speech with who said it.
type Quote struct {
	Text      string `json:"text"`
	Speaker   string `json:"speaker"`
	Kind      string `json:"kind"`
	Paragraph int    `json:"paragraph"`
	Cue       string `json:"cue,omitempty"` // the reporting verb or phrase ("said", "told Sky News")
}

// Figure is a number the article states, with what it counts and who claims it.
//
// A range ("between 40 and 60", "four or five") or a vague quantity
// ("hundreds", "tens of thousands") has Low and High, its bounds, and Value
// is Low, the least it says; Vague marks the vague ones, whose bounds are
// conventional ("hundreds" is 200 to 999), so that nobody reads "hundreds"
// as exactly 200. Number keeps the number as the text writes it ("8.3m",
// "hundreds", "two dozen"): show it rather than a formatted Value.
type Figure struct {
	Text      string  `json:"text"`
	Number    string  `json:"number,omitempty"`
	Value     float64 `json:"value"`
	Low       float64 `json:"low,omitempty"`
	High      float64 `json:"high,omitempty"`
	Vague     bool    `json:"vague,omitempty"`
	Unit      string  `json:"unit"`
	Qualifier string  `json:"qualifier,omitempty"`
	Claimant  string  `json:"claimant,omitempty"`
	Date      string  `json:"date,omitempty"`
	// DateInferred is true when the text states no date for the figure
	// and Date is the publication date: such a claim says nothing about
	// when its value held, so it cannot show a change over time.
	DateInferred bool   `json:"date_inferred,omitempty"`
	Hedge        string `json:"hedge,omitempty"`
	Verified     bool   `json:"verified"`
	Paragraph    int    `json:"paragraph"`
}

// IsRange reports whether f is a range or a vague quantity rather than
// one exact value.
func (f Figure) IsRange() bool { return f.High > 0 }

// Holds reports whether value v lies within what f says: inside its range,
// or equal to its value within a relative tolerance tol.
func (f Figure) Holds(v, tol float64) bool {
	if f.IsRange() {
		return v >= f.Low*(1-tol) && v <= f.High*(1+tol)
	}
	m := max(abs(f.Value), abs(v))
	return m == 0 || abs(f.Value-v)/m <= tol
}

func abs(x float64) float64 {
	if x < 0 {
		return -x
	}
	return x
}

// DateRef is a date expression in the text resolved to a calendar date
// (or a range "YYYY-MM-DD/YYYY-MM-DD"); Date is "" where it cannot be resolved.
type DateRef struct {
	Text      string `json:"text"`
	Date      string `json:"date"`
	Paragraph int    `json:"paragraph"`
}
