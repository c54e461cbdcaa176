package feed

import (
	"encoding/xml"
	"fmt"
	"io"
	"strings"
)

// Outline is one followed source as OPML carries it.
type Outline struct {
	URL   string // xmlUrl
	Title string // title, else text
	Site  string // htmlUrl, if any
}

type opmlDoc struct {
	XMLName xml.Name    `xml:"opml"`
	Version string      `xml:"version,attr"`
	Title   string      `xml:"head>title"`
	Body    []opmlEntry `xml:"body>outline"`
}

type opmlEntry struct {
	Text     string      `xml:"text,attr"`
	Title    string      `xml:"title,attr,omitempty"`
	Type     string      `xml:"type,attr,omitempty"`
	XMLURL   string      `xml:"xmlUrl,attr,omitempty"`
	HTMLURL  string      `xml:"htmlUrl,attr,omitempty"`
	Children []opmlEntry `xml:"outline"`
}

// ReadOPML returns the feeds an OPML 1.0 or 2.0 subscription list holds,
// nested folders included, in document order. name (the file) is for
// messages.
func ReadOPML(name string, r io.Reader) ([]Outline, error) {
	raw, err := io.ReadAll(io.LimitReader(r, maxOPML+1))
	if err != nil {
		return nil, fmt.Errorf("%s: %w", name, err)
	}
	if len(raw) > maxOPML {
		return nil, fmt.Errorf("%s: over %d MB, too large for a subscription list", name, maxOPML>>20)
	}
	text, err := decode(raw) // legacy encodings, declared or not
	if err != nil {
		return nil, fmt.Errorf("%s: %v", name, err)
	}
	var doc opmlDoc
	dec := xml.NewDecoder(strings.NewReader(text))
	dec.Strict = false
	if err := dec.Decode(&doc); err != nil {
		return nil, fmt.Errorf("%s: not an OPML file: %v", name, err)
	}
	var out []Outline
	var walk func([]opmlEntry)
	walk = func(es []opmlEntry) {
		for _, e := range es {
			if u := strings.TrimSpace(e.XMLURL); u != "" {
				title := strings.TrimSpace(e.Title)
				if title == "" {
					title = strings.TrimSpace(e.Text)
				}
				out = append(out, Outline{URL: u, Title: title, Site: strings.TrimSpace(e.HTMLURL)})
			}
			walk(e.Children)
		}
	}
	walk(doc.Body)
	return out, nil
}

// WriteOPML writes outlines as an OPML 2.0 subscription list.
func WriteOPML(w io.Writer, title string, outlines []Outline) error {
	doc := opmlDoc{Version: "2.0", Title: title}
	for _, o := range outlines {
		text := o.Title
		if text == "" {
			text = o.URL
		}
		doc.Body = append(doc.Body, opmlEntry{Text: text, Title: o.Title, Type: "rss", XMLURL: o.URL, HTMLURL: o.Site})
	}
	if _, err := io.WriteString(w, xml.Header); err != nil {
		return err
	}
	enc := xml.NewEncoder(w)
	enc.Indent("", "  ")
	if err := enc.Encode(doc); err != nil {
		return err
	}
	_, err := io.WriteString(w, "\n")
	return err
}

// maxOPML is the largest OPML file read.
const maxOPML = 16 << 20
