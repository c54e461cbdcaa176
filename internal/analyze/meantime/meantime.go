// Package meantime reads the NewsReader MEANTIME corpus (Wikinews articles
// with gold entity mentions and TIMEX3 date values) for evaluating the
// entity and timex stages. It converts the corpus's token-anchored XML into
// surface strings: the texts come from meantime_en_docs.jsonl, the
// annotations from xml/*.xml.gz.
package meantime

import (
	"bufio"
	"compress/gzip"
	"encoding/json"
	"encoding/xml"
	"fmt"
	"os"
	"path/filepath"
	"strings"
)

// Doc is one annotated article.
type Doc struct {
	ID       string
	DCT      string // document creation time, YYYY-MM-DD
	Text     string
	Entities []Mention // named mentions of persons, organisations and places
	Dates    []Timex   // DATE expressions other than the creation time
}

// Mention is a gold named-entity mention: its tokens joined by spaces, and
// its type (PER, ORG, LOC).
type Mention struct {
	Text string
	Type string
}

// Timex is a gold date expression with its normalised value.
type Timex struct {
	Text  string
	Value string
}

type xmlDoc struct {
	DocID  string `xml:"doc_id,attr"`
	Tokens []struct {
		ID   string `xml:"t_id,attr"`
		Text string `xml:",chardata"`
	} `xml:"token"`
	Markables struct {
		Mentions []struct {
			ID     string   `xml:"m_id,attr"`
			Syn    string   `xml:"syntactic_type,attr"`
			Anchor []anchor `xml:"token_anchor"`
		} `xml:"ENTITY_MENTION"`
		Entities []struct {
			ID   string `xml:"m_id,attr"`
			Type string `xml:"ent_type,attr"`
		} `xml:"ENTITY"`
		Timex []struct {
			Type     string   `xml:"type,attr"`
			Value    string   `xml:"value,attr"`
			Function string   `xml:"functionInDocument,attr"`
			Anchor   []anchor `xml:"token_anchor"`
		} `xml:"TIMEX3"`
	} `xml:"Markables"`
	Relations struct {
		RefersTo []struct {
			Sources []struct {
				ID string `xml:"m_id,attr"`
			} `xml:"source"`
			Target struct {
				ID string `xml:"m_id,attr"`
			} `xml:"target"`
		} `xml:"REFERS_TO"`
	} `xml:"Relations"`
}

type anchor struct {
	ID string `xml:"t_id,attr"`
}

// Load reads every English document of the corpus under dir.
func Load(dir string) ([]Doc, error) {
	texts := map[string][2]string{}
	f, err := os.Open(filepath.Join(dir, "meantime_en_docs.jsonl"))
	if err != nil {
		return nil, err
	}
	defer f.Close()
	sc := bufio.NewScanner(f)
	sc.Buffer(make([]byte, 1<<20), 1<<24)
	for sc.Scan() {
		var d struct {
			ID   string `json:"doc_id"`
			DCT  string `json:"dct"`
			Text string `json:"text"`
		}
		if err := json.Unmarshal(sc.Bytes(), &d); err != nil {
			return nil, fmt.Errorf("meantime: %w", err)
		}
		texts[d.ID] = [2]string{d.DCT, d.Text}
	}
	files, _ := filepath.Glob(filepath.Join(dir, "xml", "*.xml.gz"))
	var docs []Doc
	for _, path := range files {
		x, err := readXML(path)
		if err != nil {
			return nil, err
		}
		t, ok := texts[x.DocID]
		if !ok {
			continue
		}
		tok := map[string]string{}
		for _, tk := range x.Tokens {
			tok[tk.ID] = tk.Text
		}
		surface := func(as []anchor) string {
			var w []string
			for _, a := range as {
				w = append(w, tok[a.ID])
			}
			return strings.Join(w, " ")
		}
		typ := map[string]string{}
		for _, e := range x.Markables.Entities {
			typ[e.ID] = e.Type
		}
		mentionType := map[string]string{}
		for _, r := range x.Relations.RefersTo {
			for _, s := range r.Sources {
				mentionType[s.ID] = typ[r.Target.ID]
			}
		}
		d := Doc{ID: x.DocID, DCT: t[0], Text: t[1]}
		for _, m := range x.Markables.Mentions {
			ty := mentionType[m.ID]
			if m.Syn != "NAM" || (ty != "PER" && ty != "ORG" && ty != "LOC") || len(m.Anchor) == 0 {
				continue
			}
			d.Entities = append(d.Entities, Mention{Text: surface(m.Anchor), Type: ty})
		}
		for _, tx := range x.Markables.Timex {
			if tx.Type != "DATE" || tx.Function == "CREATION_TIME" || len(tx.Anchor) == 0 {
				continue
			}
			d.Dates = append(d.Dates, Timex{Text: surface(tx.Anchor), Value: tx.Value})
		}
		docs = append(docs, d)
	}
	return docs, nil
}

func readXML(path string) (*xmlDoc, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	zr, err := gzip.NewReader(f)
	if err != nil {
		return nil, fmt.Errorf("meantime: %s: %w", path, err)
	}
	var x xmlDoc
	if err := xml.NewDecoder(zr).Decode(&x); err != nil {
		return nil, fmt.Errorf("meantime: %s: %w", path, err)
	}
	return &x, nil
}

// Fold normalises a surface string for comparison: tokens joined by single
// spaces, punctuation split off, lower case.
func Fold(s string) string {
	var b strings.Builder
	for _, r := range strings.ToLower(s) {
		switch {
		case r == '\u2019':
			b.WriteRune('\'')
		case strings.ContainsRune(",.;:()\"", r):
			b.WriteRune(' ')
		default:
			b.WriteRune(r)
		}
	}
	return strings.Join(strings.Fields(b.String()), " ")
}
