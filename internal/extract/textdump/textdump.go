// Package textdump turns plain-text dumps of news articles into clean
// articles. Dumps are what people get when they copy an article out of an
// aggregator app or a print-replica reader: the article is there, wrapped in
// the reader's chrome (headers, calls to action, footers), with photo
// captions and credits, pull quotes dropped into the middle of a sentence,
// sentences broken across columns, hyphenation breaks, crossheads, and
// outlet, section and byline lines above the headline.
//
// No library reads such dumps; go-trafilatura and its kin need HTML
// structure. The extractor here works line by line with three kinds of
// evidence (see package chrome): the shape and position of a line, its
// recurrence across the documents of a run, and a small table of known
// aggregators' lines. A short text found whole in several documents is a
// scraper's notice, reported as ErrNotice rather than read; a caption read
// as the headline is dropped. Everything is decided by rule, never by the exact
// strings of any one article, so it carries over to dumps it has not seen.
package textdump

import (
	"context"
	"errors"
	"fmt"
	"regexp"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/storyline-news/storyline/internal/extract/chrome"
	"github.com/storyline-news/storyline/internal/model"
)

// ErrNoText is returned for a dump that holds no article text once its
// chrome is removed.
var ErrNoText = errors.New("no article text")

// speech finds someone's words: "said", "says" or "told", or four or more
// words in quotation marks. A wire brief copied word for word carries them;
// a scraper's notice ("these data are added to…", a quoted site name) does
// not.
var speech = regexp.MustCompile(`(?i)\b(said|says|told)\b|["\x{201c}][^"\x{201c}\x{201d}]*?\S+\s+\S+\s+\S+\s+\S+[^"\x{201c}\x{201d}]*["\x{201d}]`)

// ErrNotice is returned for a dump that is a short text found whole, word
// for word, in several other documents of the run: what a scraper brought
// back in place of the article (an archive's crawl notice, an embed's
// placeholder), to be reported and left out rather than read as a report
// that would join every other copy in one event.
var ErrNotice = errors.New("a notice repeated whole across documents, not an article (a scraping failure)")

// The repeated-notice rule. Syndicated copies of a wire story are copies
// too, so the rule needs more copies than a story usually has in one run
// (two, an outlet's page and an aggregator's) and a text too short to be a
// report: a notice runs to a few sentences, while a wire story, even a
// brief, runs to more.
const (
	noticeCopies   = 2   // other documents holding the whole text, at least
	noticeMaxWords = 150 // the most words of a notice
)

// Extractor reads text dumps. Set Corpus to the corpus of the run (every
// document's Lines added) to let repetition across documents mark chrome; a
// nil Corpus still works, on shape and the known table alone.
// An Extractor is safe for concurrent use.
type Extractor struct {
	Known  *chrome.Table
	Corpus *chrome.Corpus
}

// New returns an extractor with the known-aggregator table and corpus c
// (which may be nil).
func New(c *chrome.Corpus) *Extractor {
	return &Extractor{Known: chrome.KnownAggregators(), Corpus: c}
}

// kind is what a line of a dump turns out to be.
type kind int

const (
	kUnknown kind = iota
	kChrome
	kMeta
	kHeadline
	kStandfirst
	kCaption
	kCredit
	kCrosshead
	kPullQuote
	kBody
)

type line struct {
	text        string
	blankBefore bool
	kind        kind
	repeated    bool // recurs in unrelated documents of the run
}

// Lines splits a dump into its non-empty, whitespace-normalised lines: the
// unit the corpus counts.
func Lines(content string) []string {
	var out []string
	for _, l := range strings.Split(content, "\n") {
		if l = cleanLine(l); l != "" {
			out = append(out, l)
		}
	}
	return out
}

var invisible = strings.NewReplacer("\u00ad", "", "\u200b", "", "\u200c", "", "\u200d", "", "\ufeff", "", "\r", "")

func cleanLine(s string) string {
	s = invisible.Replace(s)
	return strings.Join(strings.FieldsFunc(s, unicode.IsSpace), " ")
}

// Extract reads one dump. doc.Title, doc.Outlet and doc.Published, when set
// (from JSON metadata), take precedence over what the text says.
func (e *Extractor) Extract(_ context.Context, doc model.Document) (model.Article, error) {
	a := model.Article{ID: doc.ID, File: doc.File, URL: doc.URL, Language: doc.Lang}
	lines := e.split(doc)
	if len(lines) == 0 {
		return a, fmt.Errorf("textdump: %s: %w", doc.File, ErrNoText)
	}
	if n := e.Corpus.Copies(doc.ID); n >= noticeCopies {
		w, reports := 0, false
		for _, l := range lines {
			w += chrome.Words(l.text)
			reports = reports || speech.MatchString(l.text)
		}
		// A short wire brief syndicated word for word quotes or reports
		// someone; a scraper's notice does not.
		if w <= noticeMaxWords && !reports {
			return a, fmt.Errorf("textdump: %s: %w: its whole text (%d words) recurs in %d other documents", doc.File, ErrNotice, w, n)
		}
	}
	boilerplate := e.markChrome(lines)
	h := parseHeader(lines, doc.Title)
	end := markFooter(lines, h.next)
	wrapped := markBody(lines[h.next:end])
	a.Headline, a.Standfirst, a.Outlet, a.Section, a.Byline, a.Published = h.headline, h.standfirst, h.outlet, h.section, h.byline, h.published
	if isCaptionShaped(a.Headline) {
		// A page copied from its picture down starts with the picture's
		// caption: it says what the photo shows, not what the article
		// reports, and a headline weighs triple in clustering.
		a.Headline = ""
	}
	if a.URL == "" {
		a.URL = h.url
	}
	doc.Override(&a)
	body, trimmed := trimBoilerplate(mend(lines[h.next:end], wrapped))
	boilerplate += trimmed
	body, trimmed = dropLearned(e.Corpus, doc.ID, body)
	boilerplate += trimmed
	if rest, n := dropLearned(e.Corpus, doc.ID, []string{a.Standfirst}); n > 0 {
		boilerplate += n
		a.Standfirst = strings.Join(rest, " ")
	}
	if rest, n := dropLearned(e.Corpus, doc.ID, []string{a.Headline}); n > 0 && len(rest) == 0 {
		a.Headline = "" // a notice read as the headline heads no article
	}
	a.Body = splitBlocks(body)
	if kept := words(a.Body) + chrome.Words(a.Standfirst); boilerplate > 0 && kept < 2*boilerplate && kept < 40 {
		// A cookie wall, a sign-in prompt, a script notice: what is left
		// once the site's talk to the reader is gone is no article.
		return a, fmt.Errorf("textdump: %s: %w", doc.File, ErrNoText)
	}
	if a.Outlet == "" && len(a.Body) > 0 {
		// "GLASGOW, March 24 (Reuters) - …": wire copy names its agency.
		if m := wireDateline.FindStringSubmatch(a.Body[0]); m != nil {
			a.Outlet = m[1]
		}
	}
	if len(a.Body) == 0 {
		// A wire brief or a clipped item can be all header: its one
		// paragraph read as a standfirst, its one sentence or its title
		// alone as a headline, or its one sentence taken for a footer.
		// That text is the article: losing the item loses a report.
		switch {
		case a.Standfirst != "":
			a.Body, a.Standfirst = []string{a.Standfirst}, ""
		case a.Headline != "":
			a.Body = []string{a.Headline}
		default:
			for _, l := range lines[h.next:] {
				if l.kind != kChrome && chrome.IsProse(l.text) {
					a.Body = append(a.Body, l.text)
				}
			}
			a.Body, _ = dropLearned(e.Corpus, doc.ID, a.Body)
		}
	}
	if len(a.Body) == 0 {
		return a, fmt.Errorf("textdump: %s: %w", doc.File, ErrNoText)
	}
	return a, nil
}

func (e *Extractor) split(doc model.Document) []line {
	var out []line
	blank := false
	for _, raw := range strings.Split(doc.Content, "\n") {
		t := cleanLine(raw)
		if t == "" {
			blank = true
			continue
		}
		l := line{text: t, blankBefore: blank}
		if e.Corpus != nil && e.Corpus.Recurrence(doc.ID, t) >= 1 {
			l.repeated = true
		}
		out = append(out, l)
		blank = false
	}
	return out
}

// markChrome marks the lines that are chrome wherever they stand: known
// aggregator lines, calls to action, share bars, page references, word
// counts, tracking tokens, and sign-up, consent and paywall text. It
// returns how many words of sign-up, consent and paywall text it found.
func (e *Extractor) markChrome(lines []line) (boilerplate int) {
	markNavigation(lines)
	for i := range lines {
		t := lines[i].text
		switch {
		case e.Known != nil && isKnown(e.Known, t):
			lines[i].kind = kChrome
		case chrome.IsBoilerplate(t):
			lines[i].kind = kChrome
			boilerplate += chrome.Words(t)
		case chrome.IsCallToAction(t), chrome.IsTrackingToken(t), chrome.IsShareBar(t),
			chrome.IsPageMarker(t), chrome.IsWordCount(t):
			lines[i].kind = kChrome
		}
	}
	return boilerplate
}

// markNavigation marks runs of three or more one-word lines, a site's
// menu copied with the page ("Home", "News", "Sport", "Weather"); a run
// that names one word twice in a row is an outlet block, not a menu.
func markNavigation(lines []line) {
	for i := 0; i < len(lines); {
		j := i
		for j < len(lines) && chrome.Words(lines[j].text) == 1 && !chrome.EndsSentence(lines[j].text) && !chrome.IsTrackingToken(lines[j].text) {
			j++
		}
		if j-i >= 3 && !hasAdjacentRepeat(lines[i:j]) {
			for k := i; k < j; k++ {
				lines[k].kind = kChrome
			}
		}
		i = max(j, i+1)
	}
}

// hasAdjacentRepeat reports whether two neighbouring lines are the same:
// an outlet's logo and name ("Marlowe" / "Marlowe"), which no menu shows.
func hasAdjacentRepeat(lines []line) bool {
	for k := 1; k < len(lines); k++ {
		if chrome.Normalize(lines[k].text) == chrome.Normalize(lines[k-1].text) {
			return true
		}
	}
	return false
}

func isKnown(t *chrome.Table, s string) bool {
	_, ok := t.Match(s)
	return ok
}

// header is what stands above the body.
type header struct {
	outlet, section, headline, standfirst, published, url string
	byline                                                []string
	next                                                  int   // index of the first line after the header
	weakSection                                           *line // the line a section was read from by repetition alone
}

// parseHeader reads outlet, section, byline and date lines, the headline and
// the standfirst from the top of the dump, and marks those lines.
func parseHeader(lines []line, title string) header {
	var h header
	if title == "" {
		markChromeAboveMeta(lines)
	}
	h.outlet = outletFromDomain(lines)
	i := 0
	// Meta lines and chrome above the headline.
	for ; i < len(lines); i++ {
		l := &lines[i]
		if l.kind == kChrome || l.kind == kMeta {
			continue
		}
		if title != "" && chrome.Normalize(l.text) == chrome.Normalize(title) {
			break
		}
		if !h.readMeta(l, lines, i) {
			break
		}
	}
	if i >= len(lines) {
		return h
	}
	// The headline.
	first := &lines[i]
	switch {
	case title != "" && chrome.Normalize(first.text) == chrome.Normalize(title):
		first.kind = kHeadline
		h.headline = title
		i++
	case title == "" && looksLikeHeadline(first.text):
		first.kind = kHeadline
		h.headline = h.stripSuffix(first.text)
		i++
	}
	if h.headline == "" && title == "" {
		h.next = i
		return h
	}
	// Meta lines, then the standfirst, then meta lines again, below it.
	i = h.skipMeta(lines, i)
	if i < len(lines) && isStandfirst(lines, i) {
		lines[i].kind = kStandfirst
		h.standfirst = lines[i].text
		i++
		i = h.skipMeta(lines, i)
	}
	h.next = i
	return h
}

// markChromeAboveMeta finds an outlet block above the headline (the
// outlet's name twice, as a logo and as text, whatever the name; or a name
// that reads as an outlet's followed by a section or a byline) and marks the short lines above it as chrome: an
// aggregator's header that no table knows.
func markChromeAboveMeta(lines []line) {
	first := -1
	for i := 0; i < len(lines) && i < 20; i++ {
		t := lines[i].text
		if lines[i].kind == kChrome {
			continue
		}
		if chrome.Words(t) > 14 {
			return // the article has begun
		}
		if isOutletLike(t) || isNameShaped(t) || isTitleLabel(t) {
			if j := nextContent(lines, i); j >= 0 {
				nt := lines[j].text
				if chrome.Normalize(nt) == chrome.Normalize(t) || isOutletStack(lines, i) ||
					isOutletLike(t) && (isSectionLike(nt) || isNameShaped(nt) || bylinePrefix.MatchString(nt)) {
					first = i
					break
				}
			}
		}
	}
	for i := 0; i < first; i++ {
		if lines[i].kind == kUnknown && chrome.Words(lines[i].text) <= 10 {
			lines[i].kind = kChrome
		}
	}
}

func (h *header) skipMeta(lines []line, i int) int {
	for ; i < len(lines); i++ {
		if lines[i].kind == kChrome {
			continue
		}
		if chrome.Normalize(lines[i].text) == chrome.Normalize(h.headline) {
			lines[i].kind = kChrome // the headline twice
			continue
		}
		if h.readBelowMeta(&lines[i]) {
			continue
		}
		t := lines[i].text
		// A web page's photo block between headline and byline: a
		// credit line, and a caption behind its label ("Image caption,").
		if chrome.IsCreditLine(t) {
			lines[i].kind = kCredit
			continue
		}
		if captionPrefix.MatchString(t) {
			lines[i].kind = kCaption
			if chrome.Words(strings.TrimRight(t, ",:")) <= 2 {
				if j := nextContent(lines, i); j >= 0 && !bylinePrefix.MatchString(lines[j].text) {
					lines[j].kind = kCaption // the caption the label stands for
					i = j
				}
			}
			continue
		}
		// Inside the block of metadata under the headline: the outlet
		// ("BBC Scotland" under a byline, a news database's source line
		// under the date), and the database's source code and language
		// ("WSTSNT", "English").
		if prevIsMeta(lines, i) {
			if isOutletLike(t) {
				h.setOutlet(t)
				lines[i].kind = kMeta
				continue
			}
			if isSourceCode(t) || languageNames[strings.ToLower(t)] {
				lines[i].kind = kChrome
				continue
			}
		}
		// A name with the writer's role and no "By": "Jane Doe Transport
		// Correspondent".
		if len(h.byline) == 0 && isRoleByline(t) {
			h.byline = []string{nameFrom(t)}
			lines[i].kind = kMeta
			continue
		}
		// A bare name with a date line under it is the byline:
		// "Jane Doe" / "Thu, March 24, 2022, 6:02 AM".
		if len(h.byline) == 0 && isNameShaped(lines[i].text) {
			if j := nextContent(lines, i); j >= 0 && chrome.Words(lines[j].text) <= 12 && !chrome.EndsSentence(lines[j].text) {
				if _, ok := parseDateLine(lines[j].text); ok {
					h.byline = []string{lines[i].text}
					lines[i].kind = kMeta
					continue
				}
			}
		}
		break
	}
	return i
}

// prevIsMeta reports whether the content line before lines[i] is
// metadata.
func prevIsMeta(lines []line, i int) bool {
	for j := i - 1; j >= 0; j-- {
		if lines[j].kind != kChrome {
			return lines[j].kind == kMeta
		}
	}
	return false
}

// readMeta reads one line above the headline as outlet, section, byline or
// date, and reports whether it was one.
func (h *header) readMeta(l *line, lines []line, i int) bool {
	t := l.text
	if h.readBelowMeta(l) {
		return true
	}
	if chrome.EndsSentence(t) || chrome.Words(t) > 5 || strings.ContainsAny(t, ":;\"\u201c\u201d") {
		return h.chromeAbove(l)
	}
	// A line repeated at once is a logo's alt text and its name: the outlet.
	if i+1 < len(lines) && chrome.Normalize(lines[i+1].text) == chrome.Normalize(t) {
		h.setOutlet(t)
		l.kind = kMeta
		return true
	}
	if i > 0 && chrome.Normalize(lines[i-1].text) == chrome.Normalize(t) {
		l.kind = kMeta
		return true
	}
	switch {
	case isOutletLike(t):
		h.setOutlet(t)
	case isSectionLike(t):
		if h.section == "" || h.weakSection != nil {
			h.section, h.weakSection = t, nil
		}
	case isNameShaped(t) && len(h.byline) == 0:
		h.byline = []string{t}
	case h.outlet == "" && isOutletStack(lines, i):
		h.setOutlet(t)
	case h.outlet != "" && h.section == "" && chrome.Words(t) <= 3 && isTitleLabel(t) && headlineFollows(lines, i):
		// Between the outlet and the headline, a label no vocabulary
		// knows is the section: "Motoring", "Property", "Obituaries".
		h.section = t
	case l.repeated && chrome.Words(t) <= 3 && h.section == "":
		// A short line that recurs in other documents is a section, unless
		// the outlet turns up below it: then it was the aggregator's name.
		h.section, h.weakSection = t, l
	default:
		return h.chromeAbove(l)
	}
	l.kind = kMeta
	return true
}

// setOutlet files t as the outlet, the first one read. A section taken from
// repetition alone above the outlet was the aggregator's own name or
// slogan, standing where no section stands: it becomes chrome.
func (h *header) setOutlet(t string) {
	if h.outlet == "" {
		h.outlet = t
	}
	if h.weakSection != nil {
		h.weakSection.kind = kChrome
		h.section, h.weakSection = "", nil
	}
}

// isOutletStack reports whether lines[i] heads the block print replicas
// and app readers set above a headline: a name, a short label (the
// section), the headline ("Ostrander" / "Property" / "Rents rise…"). The
// name is the outlet whatever it is; a section's name or a person's is not.
func isOutletStack(lines []line, i int) bool {
	t := lines[i].text
	if !isTitleLabel(t) || isSectionLike(t) || isNameShaped(t) || isSourceCode(t) {
		return false
	}
	j := nextContent(lines, i)
	if j < 0 || chrome.Words(lines[j].text) > 3 || !isTitleLabel(lines[j].text) || isNameShaped(lines[j].text) {
		return false
	}
	return headlineFollows(lines, j)
}

// headlineFollows reports whether the next content line after lines[i]
// could be the headline.
func headlineFollows(lines []line, i int) bool {
	j := nextContent(lines, i)
	if j < 0 {
		return false
	}
	// Headlines are short and seldom close with a full stop; the first
	// sentence of a body does both.
	h := lines[j].text
	return chrome.Words(h) >= 3 && chrome.Words(h) <= 20 && !strings.HasSuffix(h, ".") && looksLikeHeadline(h)
}

// chromeAbove marks a line above the headline that recurs in unrelated
// documents and is no metadata: an aggregator's header line no table knows.
func (h *header) chromeAbove(l *line) bool {
	if l.repeated && !chrome.IsProse(l.text) {
		l.kind = kChrome
		return true
	}
	return false
}

// readBelowMeta reads the lines that may also stand below the headline: an
// explicit byline ("By …") and a date line.
func (h *header) readBelowMeta(l *line) bool {
	t := l.text
	if bylinePrefix.MatchString(t) && chrome.Words(t) <= 16 {
		if names := parseByline(t); len(names) > 0 {
			if len(h.byline) == 0 {
				h.byline = names
			}
			l.kind = kMeta
			return true
		}
	}
	if m := providedBy.FindStringSubmatch(t); m != nil && chrome.Words(t) <= 10 {
		if h.outlet == "" {
			h.outlet = strings.TrimSpace(m[1])
		}
		l.kind = kMeta
		return true
	}
	if isURLLine(t) {
		if h.url == "" {
			h.url = strings.Join(strings.Fields(t), "")
		}
		l.kind = kMeta
		return true
	}
	if dateLabel.MatchString(t) {
		l.kind = kMeta // "Published", its date on the next line
		return true
	}
	if chrome.Words(t) <= 12 && !chrome.EndsSentence(t) {
		if d, ok := parseDateLine(t); ok {
			if h.published == "" {
				h.published = d
			}
			l.kind = kMeta
			return true
		}
	}
	if isTimestampLine(t) {
		// "Updated 9:06 AM", "12/23/12 06:03 PM ET", "Posted: Nov 27,
		// 2005 8:20 AM ET Last Updated: Nov 27, 2005 8:10 PM ET".
		if d, ok := parseDateLine(t); ok && h.published == "" {
			h.published = d
		}
		l.kind = kMeta
		return true
	}
	return false
}

// stripSuffix takes a " | Section" or " - Outlet" tail off a headline and
// files it as section or outlet.
func (h *header) stripSuffix(t string) string {
	m := sectionSuffix.FindStringSubmatchIndex(t)
	if m == nil {
		return t
	}
	tail := strings.TrimSpace(t[m[2]:m[3]])
	if chrome.EndsSentence(tail) || chrome.Words(tail) > 4 || !startsUpper(tail) {
		return t
	}
	pipe := strings.Contains(t[m[0]:m[2]], "|")
	switch {
	case isOutletLike(tail):
		if h.outlet == "" {
			h.outlet = tail
		}
	case pipe || isSectionLike(tail):
		if h.section == "" {
			h.section = tail
		}
	default:
		return t // a dash inside the headline itself
	}
	return strings.TrimSpace(t[:m[0]])
}

// isURLLine reports whether a line is the article's address, as copies of
// web pages often start (sometimes with spaces put in after the dots).
func isURLLine(t string) bool {
	l := strings.ToLower(t)
	switch {
	case strings.HasPrefix(l, "http://") || strings.HasPrefix(l, "https://"):
		// No sentence opens with a scheme, however many spaces a copy
		// put into the address.
		return chrome.Words(t) <= 12 || !chrome.EndsSentence(t)
	case strings.HasPrefix(l, "www."):
		return chrome.Words(t) <= 12
	}
	return false
}

func looksLikeHeadline(t string) bool {
	n := chrome.Words(t)
	return n >= 2 && n <= 40 && len(t) <= 300
}

// isStandfirst reports whether lines[i], just below the headline, is a
// standfirst: a summary line without a closing full stop (or one followed by
// a byline), and not a photo caption.
func isStandfirst(lines []line, i int) bool {
	t := lines[i].text
	if lines[i].kind != kUnknown || chrome.Words(t) < 4 || len(t) > 320 {
		return false
	}
	if isCaptionAt(lines, i) {
		return false
	}
	next := nextContent(lines, i)
	if next == i+1 && lines[i].blankBefore && !lines[next].blankBefore {
		return false // the first line of a hard-wrapped paragraph
	}
	if next >= 0 {
		nt := lines[next].text
		if bylinePrefix.MatchString(nt) {
			return true
		}
		if _, ok := parseDateLine(nt); ok && chrome.Words(nt) <= 12 && !chrome.EndsSentence(t) {
			return true
		}
	}
	if chrome.EndsSentence(t) {
		return false
	}
	// A sentence broken by the layout continues in lower case.
	return next < 0 || !startsLower(lines[next].text)
}

func nextContent(lines []line, i int) int {
	for j := i + 1; j < len(lines); j++ {
		if lines[j].kind != kChrome {
			return j
		}
	}
	return -1
}

// isCaptionShaped reports whether a line, read alone, has a caption's
// shape: an image placeholder, a caption label anywhere in its first words
// (a player's notice before "Media caption"), or a photo credit at its end
// that names who took or gave the picture. A one-word tag ("(VIDEO)",
// "(AP)") also ends headlines, so it is not enough.
func isCaptionShaped(t string) bool {
	if t == "" {
		return false
	}
	if chrome.HasImagePlaceholder(t) || captionInside.MatchString(t) {
		return true
	}
	_, credit, ok := chrome.SplitCredit(t)
	return ok && (chrome.Words(credit) >= 2 || strings.ContainsAny(credit, ":/"))
}

// isCaptionAt reports whether lines[i] is a photo caption: it carries an
// image placeholder, ends in a bracketed credit, is followed by a credit
// line, or starts with a one-word caption label.
func isCaptionAt(lines []line, i int) bool {
	t := lines[i].text
	if chrome.HasImagePlaceholder(t) || captionPrefix.MatchString(t) {
		return true
	}
	if _, _, ok := chrome.SplitCredit(t); ok {
		return true
	}
	if !chrome.EndsSentence(t) {
		if j := nextContent(lines, i); j >= 0 && chrome.IsCreditLine(lines[j].text) {
			return true
		}
		if captionLabel.MatchString(t) && chrome.Words(t) <= 40 {
			return true
		}
	}
	return false
}

// maxFooterLine is the longest line, in words, that the footer takes
// without closing punctuation. A longer one is a paragraph that a scraper
// cut off mid-sentence, or a whole article written as one block with its
// share bar behind it (see trimBoilerplate): article text either way.
const maxFooterLine = 40

// markFooter marks the chrome, captions and debris after the article's last
// paragraph and returns the index where the footer starts.
func markFooter(lines []line, start int) int {
	end := len(lines)
	for end > start {
		j := end - 1
		l := &lines[j]
		switch {
		case l.kind == kChrome:
		case isCaptionAt(lines, j) || chrome.IsCreditLine(l.text):
			l.kind = kCaption
		case !chrome.EndsSentence(l.text) && !strings.HasSuffix(l.text, ":") && chrome.Words(l.text) <= maxFooterLine:
			l.kind = kChrome // short debris, tracking codes, footers
		case l.repeated && !chrome.IsProse(l.text):
			l.kind = kChrome
		case chrome.Words(l.text) <= 12 && j > start && end < len(lines) && isChromeish(lines[j-1]) &&
			!continues(lines[j-1].text, l.text, l.blankBefore, false):
			// A short sentence sandwiched in a run of footer chrome.
			l.kind = kChrome
		default:
			return end
		}
		end = j
	}
	return end
}

// isChromeish reports whether l, standing above a footer line, looks like
// footer chrome too: a call to action, a repeated line, or a short line
// without sentence punctuation.
func isChromeish(l line) bool {
	return l.kind == kChrome || chrome.IsCallToAction(l.text) || (l.repeated && !chrome.IsProse(l.text)) ||
		(chrome.Words(l.text) <= 10 && !chrome.EndsSentence(l.text) && !strings.HasSuffix(l.text, ":"))
}

// markBody classifies the lines between header and footer.
func markBody(lines []line) (wrapped bool) {
	wrapped = isHardWrapped(lines)
	for i := range lines {
		l := &lines[i]
		if l.kind != kUnknown {
			continue
		}
		switch {
		case chrome.IsCreditLine(l.text):
			l.kind = kCredit
		case isCaptionAt(lines, i):
			l.kind = kCaption
		case l.repeated && !chrome.IsProse(l.text):
			l.kind = kChrome
		}
	}
	// Pull quotes and crossheads: short lines without a closing full stop
	// that do not continue a sentence.
	folded := make([]string, len(lines))
	for i := range lines {
		folded[i] = " " + strings.Join(wordsOf(lines[i].text), " ") + " "
	}
	for i := range lines {
		if lines[i].kind == kUnknown && isPullQuote(lines, folded, i, wrapped) {
			lines[i].kind = kPullQuote
		}
	}
	for i := range lines {
		if lines[i].kind == kUnknown && isCrosshead(lines, i, wrapped) {
			lines[i].kind = kCrosshead
		}
	}
	for i := range lines {
		if lines[i].kind == kUnknown {
			lines[i].kind = kBody
		}
	}
	return wrapped
}

// isPullQuote reports whether lines[i] repeats words of another paragraph
// (a pull quote), or interrupts a sentence broken around it.
const maxPullQuoteScan = 2000

func isPullQuote(lines []line, folded []string, i int, wrapped bool) bool {
	t := lines[i].text
	if chrome.Words(t) > 25 || chrome.Words(t) < 2 || startsLower(t) {
		return false
	}
	key := folded[i]
	if len(key) < 12 {
		return false
	}
	// No article has thousands of paragraphs; past that, the search would
	// only make a pathological input slow.
	for j := range lines[:min(len(lines), maxPullQuoteScan)] {
		if j == i || lines[j].kind != kUnknown && lines[j].kind != kBody {
			continue
		}
		if len(folded[j]) > len(key)+10 && strings.Contains(folded[j], key) {
			return true
		}
	}
	if wrapped {
		return false // in wrapped text every inner line stands between halves
	}
	// Between the two halves of a broken sentence.
	p, n := prevBody(lines, i), nextBody(lines, i)
	return p >= 0 && n >= 0 && !chrome.EndsSentence(lines[p].text) && startsLower(lines[n].text) && !startsLower(t)
}

func isCrosshead(lines []line, i int, wrapped bool) bool {
	t := lines[i].text
	if chrome.Words(t) > 10 || chrome.EndsSentence(t) || strings.HasSuffix(t, ":") || strings.HasSuffix(t, ",") {
		return false
	}
	if wrapped && (!lines[i].blankBefore || i+1 < len(lines) && !lines[i+1].blankBefore) {
		return false // a crosshead is a block of its own
	}
	n := nextBody(lines, i)
	if n >= 0 && startsLower(lines[n].text) {
		return false // the first half of a broken sentence
	}
	if p := prevBody(lines, i); p >= 0 && !chrome.EndsSentence(lines[p].text) && startsLower(t) {
		return false // the second half of one
	}
	return true
}

func prevBody(lines []line, i int) int {
	for j := i - 1; j >= 0; j-- {
		if k := lines[j].kind; k == kUnknown || k == kBody {
			return j
		}
	}
	return -1
}

func nextBody(lines []line, i int) int {
	for j := i + 1; j < len(lines); j++ {
		if k := lines[j].kind; k == kUnknown || k == kBody {
			return j
		}
	}
	return -1
}

// mend joins the body lines into paragraphs: a line that does not end its
// sentence continues in the next body line when that starts in lower case or
// the line ends on a word that cannot end a sentence; hyphenation breaks are
// closed.
func mend(lines []line, wrapped bool) []string {
	var paras []string
	for _, l := range lines {
		if l.kind != kBody {
			continue
		}
		t := l.text
		if n := len(paras); n > 0 && continues(paras[n-1], t, l.blankBefore, wrapped) {
			paras[n-1] = join(paras[n-1], t)
			continue
		}
		paras = append(paras, t)
	}
	for i, p := range paras {
		if strings.Contains(p, "- ") {
			paras[i] = inlineHyphenBreak.ReplaceAllStringFunc(p, mendHyphen)
		}
	}
	return paras
}

func continues(prev, next string, blankBefore, wrapped bool) bool {
	if wrapped {
		// Paragraphs are blocks separated by blank lines.
		return !blankBefore
	}
	if chrome.EndsSentence(prev) || strings.HasSuffix(prev, ":") {
		return false
	}
	if strings.HasSuffix(prev, "-") && !strings.HasSuffix(prev, " -") {
		return true
	}
	if startsLower(next) {
		return true
	}
	last := lastWord(prev)
	return functionWords[strings.ToLower(last)] || strings.HasSuffix(prev, ",")
}

// isHardWrapped reports whether the body was wrapped at a fixed width with
// blank lines between paragraphs, so that the lines of a block form one
// paragraph.
func isHardWrapped(lines []line) bool {
	n, open, blanks := 0, 0, 0
	for i, l := range lines {
		if l.kind != kBody && l.kind != kUnknown {
			continue
		}
		n++
		if l.blankBefore {
			blanks++
		}
		if i+1 < len(lines) && !lines[i+1].blankBefore && !chrome.EndsSentence(l.text) && utf8.RuneCountInString(l.text) < 110 {
			open++
		}
	}
	return n >= 6 && blanks >= 2 && open*3 >= n
}

func join(prev, next string) string {
	if strings.HasSuffix(prev, "-") && !strings.HasSuffix(prev, " -") {
		w := lastWord(strings.TrimSuffix(prev, "-"))
		if hyphenPrefixes[strings.ToLower(w)] || !startsLower(next) {
			return prev + next
		}
		return strings.TrimSuffix(prev, "-") + next
	}
	return prev + " " + next
}

func mendHyphen(m string) string {
	parts := inlineHyphenBreak.FindStringSubmatch(m)
	switch strings.ToLower(parts[2]) {
	case "and", "or", "to", "nor", "und", "et", "y", "e", "of":
		return m // "pre- and post-war"
	}
	return parts[1] + "-" + parts[2]
}

func lastWord(s string) string {
	f := strings.Fields(s)
	if len(f) == 0 {
		return ""
	}
	return strings.TrimFunc(f[len(f)-1], func(r rune) bool { return !unicode.IsLetter(r) && !unicode.IsDigit(r) })
}

// wordsOf returns the lower-case words of s, for comparing text that differs
// in punctuation and quote marks.
func wordsOf(s string) []string {
	return strings.FieldsFunc(strings.ToLower(s), func(r rune) bool {
		return !unicode.IsLetter(r) && !unicode.IsDigit(r)
	})
}

func startsLower(s string) bool {
	for _, r := range s {
		if unicode.IsLetter(r) {
			return unicode.IsLower(r)
		}
		if unicode.IsDigit(r) || r == '"' || r == '\u201c' || r == '\u2018' || r == '\'' {
			return false
		}
	}
	return false
}

func startsUpper(s string) bool {
	r, _ := utf8.DecodeRuneInString(s)
	return unicode.IsUpper(r) || unicode.IsDigit(r)
}
