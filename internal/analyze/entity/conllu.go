package entity

import (
	"bufio"
	"compress/gzip"
	"fmt"
	"io"
	"os"
	"regexp"
	"strings"
)

var (
	entOpen  = regexp.MustCompile(`\((\d+)-([a-z]+)`)
	entClose = regexp.MustCompile(`(\d+)\)`)
)

type open struct {
	id  int
	typ string
}

// parseEntity reads GUM's bracket notation for one token:
// "(3-person-…)" opens and closes on it, "(1-abstract-…" opens, "2)" closes.
func parseEntity(ent string) (opens []open, selfClosed, closes []int) {
	for ent != "" {
		if ent[0] == '(' {
			end := strings.IndexByte(ent[1:], '(')
			seg := ent
			if end >= 0 {
				seg, ent = ent[:end+1], ent[end+1:]
			} else {
				ent = ""
			}
			if m := entOpen.FindStringSubmatch(seg); m != nil {
				var id int
				fmt.Sscan(m[1], &id)
				opens = append(opens, open{id, m[2]})
				if i := strings.IndexByte(seg, ')'); i >= 0 {
					selfClosed = append(selfClosed, id)
					for _, c := range entClose.FindAllStringSubmatch(seg[i+1:], -1) {
						var cid int
						fmt.Sscan(c[1], &cid)
						closes = append(closes, cid)
					}
				}
			}
			continue
		}
		end := strings.IndexByte(ent, '(')
		seg := ent
		if end >= 0 {
			seg, ent = ent[:end], ent[end:]
		} else {
			ent = ""
		}
		for _, c := range entClose.FindAllStringSubmatch(seg, -1) {
			var cid int
			fmt.Sscan(c[1], &cid)
			closes = append(closes, cid)
		}
	}
	return
}

var gumTypes = map[string]string{"person": "PER", "organization": "ORG", "place": "LOC"}

// ReadCoNLLU reads a (gzipped) CoNLL-U file with GUM's Entity= bracket
// annotations and returns its sentences labelled for the tagger: a proper
// noun inside a person, organization or place mention takes that type.
func ReadCoNLLU(path string) ([]Sentence, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	var r io.Reader = f
	if strings.HasSuffix(path, ".gz") {
		zr, err := gzip.NewReader(f)
		if err != nil {
			return nil, fmt.Errorf("%s: %w", path, err)
		}
		r = zr
	}
	var out []Sentence
	var cur Sentence
	var curIDs []int
	var stack []open
	sc := bufio.NewScanner(r)
	sc.Buffer(make([]byte, 1<<20), 1<<22)
	flush := func() {
		if len(cur.Words) > 0 {
			// BIO from the mention each labelled token belongs to.
			for i := range cur.Labels {
				if cur.Labels[i] == "O" {
					continue
				}
				if i > 0 && curIDs[i-1] == curIDs[i] && cur.Labels[i-1] != "O" {
					cur.Labels[i] = "I-" + cur.Labels[i]
				} else {
					cur.Labels[i] = "B-" + cur.Labels[i]
				}
			}
			out = append(out, cur)
		}
		cur, curIDs = Sentence{}, nil
	}
	for sc.Scan() {
		line := sc.Text()
		if line == "" {
			flush()
			continue
		}
		if strings.HasPrefix(line, "#") {
			continue
		}
		cols := strings.Split(line, "\t")
		if len(cols) < 10 || strings.ContainsAny(cols[0], "-.") {
			continue
		}
		misc := cols[9]
		ent := ""
		if i := strings.Index(misc, "Entity="); i >= 0 {
			ent = misc[i+7:]
			if j := strings.IndexByte(ent, '|'); j >= 0 {
				ent = ent[:j]
			}
		}
		opens, selfClosed, closes := parseEntity(ent)
		stack = append(stack, opens...)
		label, lid := "O", -1
		if cols[3] == "PROPN" {
			for k := len(stack) - 1; k >= 0; k-- {
				if t, ok := gumTypes[stack[k].typ]; ok {
					label, lid = t, stack[k].id
					break
				}
			}
		}
		cur.Words = append(cur.Words, cols[1])
		cur.Labels = append(cur.Labels, label)
		cur.Tags = append(cur.Tags, cols[3])
		curIDs = append(curIDs, lid)
		for _, id := range append(selfClosed, closes...) {
			for k := len(stack) - 1; k >= 0; k-- {
				if stack[k].id == id {
					stack = append(stack[:k], stack[k+1:]...)
					break
				}
			}
		}
	}
	flush()
	return out, sc.Err()
}
