// Package chrome recognises the text that surrounds an article without being
// part of it: aggregator headers and footers, calls to action, photo credits,
// image placeholders, tracking tokens, and lines that recur across many
// documents. The text-dump and web-page extractors share these rules.
//
// Three kinds of evidence are combined, strongest first:
//   - shape: calls to action, bracketed photo credits, placeholders and
//     tracking tokens look the same whatever the outlet;
//   - repetition: a line that recurs in several unrelated documents of a run
//     is chrome, and so is a sentence inside prose that recurs in several
//     documents about different things (see Corpus); a corpus also counts
//     the copies of a whole document (Copies), which tell a scraper's
//     notice found under many addresses from an article;
//   - a data table of known aggregators' lines (aggregators.json), each
//     with the aggregator named, which firms up what the first two find.
//
// No library does this for plain-text dumps, hence our own.
package chrome

import (
	_ "embed"
	"encoding/json"
	"fmt"
	"regexp"
	"strings"
	"unicode"
)

//go:embed aggregators.json
var aggregatorsJSON []byte

// Table is a set of known chrome lines, each tied to the aggregator that emits it.
type Table struct {
	exact  map[string]string // normalised line → aggregator
	prefix []prefixEntry
}

type prefixEntry struct {
	prefix     string
	aggregator string
}

// KnownAggregators returns the embedded table of known aggregators' chrome.
func KnownAggregators() *Table {
	t, err := ParseTable(aggregatorsJSON)
	if err != nil {
		// The table is embedded at build time and covered by tests.
		panic(fmt.Sprintf("chrome: embedded aggregators.json: %v", err))
	}
	return t
}

// ParseTable reads a table in the format of aggregators.json.
func ParseTable(data []byte) (*Table, error) {
	var raw struct {
		Aggregators []struct {
			Name  string   `json:"name"`
			Lines []string `json:"lines"`
		} `json:"aggregators"`
	}
	if err := json.Unmarshal(data, &raw); err != nil {
		return nil, fmt.Errorf("chrome: parse table: %w", err)
	}
	t := &Table{exact: map[string]string{}}
	for _, a := range raw.Aggregators {
		if a.Name == "" {
			return nil, fmt.Errorf("chrome: parse table: an aggregator has no name")
		}
		for _, l := range a.Lines {
			if p, ok := strings.CutSuffix(l, "*"); ok {
				t.prefix = append(t.prefix, prefixEntry{Normalize(p), a.Name})
				continue
			}
			t.exact[Normalize(l)] = a.Name
		}
	}
	return t, nil
}

// Match reports whether line is known chrome, and whose.
func (t *Table) Match(line string) (aggregator string, ok bool) {
	n := Normalize(line)
	if n == "" {
		return "", false
	}
	if a, ok := t.exact[n]; ok {
		return a, true
	}
	for _, p := range t.prefix {
		if strings.HasPrefix(n, p.prefix) {
			return p.aggregator, true
		}
	}
	return "", false
}

var quoteFolder = strings.NewReplacer(
	"\u2018", "'", "\u2019", "'", "\u201c", `"`, "\u201d", `"`, "\u00a0", " ",
	"\u2013", "-", "\u2014", "-",
)

// Normalize folds a line for comparison: lower case, straight quotes and
// dashes, single spaces, no surrounding space.
func Normalize(s string) string {
	s = quoteFolder.Replace(s)
	return strings.ToLower(strings.Join(strings.Fields(s), " "))
}

// Words counts the whitespace-separated words of s.
func Words(s string) int { return len(strings.Fields(s)) }

// callsToAction are phrases that ask the reader to do something other than
// read the article. They mark a line as chrome only when the line is short,
// so a sentence of the article that happens to say "subscribe" is kept.
var callsToAction = regexp.MustCompile(`(?i)\b(` + strings.Join([]string{
	`sign (up|in)`, `log ?in`, `subscribe`, `subscription`, `newsletters?`,
	`download (the|our) app`, `get the app`, `start (reading|your free trial)`, `free trial`,
	`read more`, `read next`, `learn more`, `view (this|in) (e-?mail|your browser)`, `in your browser`, `more on this (story|topic)`, `related (stories|articles|topics|content)`,
	`top stories`, `most (read|popular|viewed)`, `our picks`, `you may (also )?like`,
	`follow us`, `share (this|on)`, `click here`, `tap here`,
	`all rights reserved`, `privacy (policy|notice)`, `terms (of|and) (use|service|conditions)`,
	`already a member`, `become a member`, `premium titles`, `days free`,
	`support (our|independent) journalism`, `report an error`, `(view|show|read|post|add|leave) (a |all |the )?comments?`, `watch( the)? video`,
	`listen to (this|the) (article|story)`, `skip (to|ad)`, `back to top`,
	`get all your news`, `trusted (global )?sources`, `create (a|an|your) (free )?account`, `keep reading`,
	`continue reading`, `register(ed)? (now|for free|today)`, `already registered`, `more from (this|our)`,
	`editors?'? (choice|picks)`, `open (the|in) app`, `open the reader`, `see (all|more) (stories|articles)`,
	`skip to (content|main|navigation)`, `related topics`, `more on this story`, `^(share|save|print|email|listen|follow|menu|search|home)$`,
	`^(published|updated|posted|last updated)?:? ?\d+ (seconds?|minutes?|mins?|hours?|hrs?|days?|weeks?) ago$`,
	`^\d+[ -]?(min|mins|minute|minutes)( read| listen)?$`,
	`^this (article|story) (was )?(originally|first) (published|appeared)`, `^(originally|first) (published|appeared) (on|in|by)`,
}, "|") + `)\b`)

// IsCallToAction reports whether line is a short line asking the reader to act
// (sign up, subscribe, download the app, read more …) rather than article text.
func IsCallToAction(line string) bool {
	if Words(line) > 14 {
		return false
	}
	// Chrome lines start with a capital or a symbol; a line starting in
	// lower case continues a sentence of the article.
	for _, r := range line {
		if unicode.IsLower(r) {
			return false
		}
		break
	}
	if callsToAction.MatchString(line) {
		return true
	}
	// Words that are chrome only on a line of their own or nearly so:
	// "Advertisement", "Sponsored", "12 comments"; in a sentence of the
	// article ("… comments Johnston in a statement.") they are prose.
	return (Words(line) <= 4 || !EndsSentence(line)) && chromeWords.MatchString(line)
}

var chromeWords = regexp.MustCompile(`(?i)\b(subscribers?|recommended|advertisement|sponsored|copyright|cookies?|membership|comments?|whatsapp)\b`)

// creditWords are the words photo credits are made of besides proper names.
var creditWord = regexp.MustCompile(`(?i)^(picture|pictures|photo|photos|photograph|image|images|credit|credits|via|getty|reuters|afp|ap|epa|pa|shutterstock|alamy|handout|supplied|file|twitter|facebook|instagram|telegram|x|youtube|tiktok|bloomberg|anadolu|tass|sputnik|ria|novosti|xinhua|efe|dpa|ansa|wire|media|agency|press|service|news|stock|courtesy|of|and|the|for|from|screengrab|screenshot|video|still|illustration|graphic|pool|rex|features)$`)

var bracketTail = regexp.MustCompile(`\s*\(([^()]{2,80})\)\s*$`)

// SplitCredit reports whether line ends with a bracketed photo credit such as
// "(REUTERS)", "(Getty Images)" or "(Picture: AFP via Getty Images)", and
// returns the text before it and the credit. A bracket that closes a sentence
// of the article ("… the ministry (MoD).") is not a credit: credits stand
// after text that has no closing full stop.
func SplitCredit(line string) (caption, credit string, ok bool) {
	trimmed := strings.TrimRight(line, " \t")
	if !strings.HasSuffix(trimmed, ")") {
		return "", "", false
	}
	open := strings.LastIndexByte(trimmed, '(')
	if open < 0 || len(trimmed)-open > 90 {
		return "", "", false
	}
	m := bracketTail.FindStringSubmatchIndex(line[open:])
	if m == nil {
		return "", "", false
	}
	inner := line[open+m[2] : open+m[3]]
	if !IsCredit(inner) {
		return "", "", false
	}
	return strings.TrimSpace(line[:open]), inner, true
}

// IsCredit reports whether s (without brackets) reads as a photo credit:
// "Picture: AFP via Getty Images", "REUTERS", "Sputnik/AFP via Getty Images".
func IsCredit(s string) bool {
	s = strings.TrimSpace(s)
	if s == "" {
		return false
	}
	lower := strings.ToLower(s)
	for _, p := range []string{"picture:", "pictures:", "photo:", "photos:", "photograph:", "image:", "images:", "credit:", "photo credit", "pic:", "source:"} {
		if strings.HasPrefix(lower, p) {
			return true
		}
	}
	words := strings.FieldsFunc(s, func(r rune) bool { return unicode.IsSpace(r) || r == '/' || r == ',' || r == ';' })
	if len(words) == 0 || len(words) > 8 {
		return false
	}
	known, upper := 0, 0
	for _, w := range words {
		w = strings.Trim(w, ".:-'\u2019")
		if w == "" {
			continue
		}
		if creditWord.MatchString(w) {
			known++
			continue
		}
		r := []rune(w)
		if !unicode.IsUpper(r[0]) {
			return false // credits are proper names; a lower-case word means prose
		}
		if strings.ToUpper(w) == w && len(r) >= 2 {
			upper++
		}
	}
	// "(REUTERS)", "(Getty Images)", "(AFP via Getty Images)", "(Twitter)":
	// at least one word is a known credit word or an all-capitals agency name.
	return known+upper > 0
}

// IsCreditLine reports whether the whole line is a photo credit, bracketed or
// not: "(Picture: AFP via Getty Images)", "Photo: Reuters".
func IsCreditLine(line string) bool {
	t := strings.TrimSpace(line)
	if strings.HasPrefix(t, "(") && strings.HasSuffix(t, ")") {
		return IsCredit(t[1 : len(t)-1])
	}
	l := strings.ToLower(t)
	for _, p := range []string{"picture:", "photo:", "photograph:", "image:", "credit:", "photo credit:", "pic:",
		"image source,", "image source:", "photo source:", "source image:", "image copyright", "getty images", "copyright:"} {
		if strings.HasPrefix(l, p) && Words(t) <= 10 {
			return true
		}
	}
	return false
}

var placeholder = regexp.MustCompile(`(?i)\[(image|photo|picture|video|embed)[^\]]*\]`)

// HasImagePlaceholder reports whether line carries the debris an image leaves
// in a text copy: "?? ??", replacement characters, "[image]".
func HasImagePlaceholder(line string) bool {
	if strings.Contains(line, "??") || strings.ContainsAny(line, "\uFFFD\uFFFC") {
		return true
	}
	return strings.Contains(line, "[") && placeholder.MatchString(line)
}

var trackingToken = regexp.MustCompile(`^(?i:[a-z]{1,6}[-_]?\d{1,6}|[0-9a-f]{12,}|[a-z0-9]+(?:[-_][a-z0-9]+)*-\d+)$`)

// IsTrackingToken reports whether line is a lone token of letters and digits
// such as "ttn-3" or a hash: a tracking or layout code, never prose.
func IsTrackingToken(line string) bool {
	t := strings.TrimSpace(line)
	if t == "" || strings.ContainsAny(t, " \t") {
		return false
	}
	return trackingToken.MatchString(t) && strings.IndexFunc(t, unicode.IsDigit) >= 0
}
