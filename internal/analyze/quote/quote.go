// Package quote finds quoted speech in articles and who said it.
//
// Quotes are found from their marks (curly and straight, double and single,
// PTB-style “ ”), telling apostrophes from closing single quotes by the
// letters around them, and following the newspaper convention that a quote
// left open at a paragraph's end runs on into the next. Speakers come from
// the reporting clause around the quote ("X said", "said X", "X told Sky
// News:", "according to X", "declaring:"), from pronouns and role nouns
// ("he said", "the minister said") resolved to the last person who spoke or
// was named, and from the previous quote when a paragraph continues it.
// Names are tied to the entity stage's canonical names when it ran first.
//
// Rules, not a statistical model: attribution in news follows a handful of
// fixed constructions, and rules keep every decision explainable; the
// PolNeAR corpus measures them (see quote_test.go).
package quote

import (
	"context"
	"regexp"
	"strings"
	"unicode"

	"github.com/storyline-news/storyline/internal/analyze"
	"github.com/storyline-news/storyline/internal/model"
)

// Attributor is the analysis stage that fills Article.Quotes.
type Attributor struct{}

var _ analyze.Stage = Attributor{}

// Name implements analyze.Stage.
func (Attributor) Name() string { return "quote" }

const verbs = `said|says|say|told|tells|tell|added|adds|wrote|writes|write|stated|states|declared|declares|declaring|adding|saying|` +
	`warned|warns|warning|asked|asks|explained|explains|insisted|insists|claimed|claims|announced|announces|noted|notes|` +
	`argued|argues|suggested|suggests|urged|urges|replied|replies|responded|acknowledged|admitted|admits|continued|` +
	`tweeted|posted|estimated|estimate|estimates|pleaded|praised|described|called|promised|vowed|stressed|told reporters|` +
	`reported|reports|believes|believe|think|thinks|thought|predicted|conceded|recalled|observed|remarked|commented|` +
	`signalled|signaled|indicated|mentioned|boasted|complained|cautioned|alleged|confirmed|denied|shouted|cried|answered|` +
	`thanked|accused|hailed|condemned|dismissed|branded|labelled|labeled|dubbed|criticised|criticized|defended|demanded|` +
	`vowing|promising|insisting|arguing|noting|explaining|telling|asking|urging|calling`

var (
	verbRE      = regexp.MustCompile(`(?i)\b(` + verbs + `)\b`)
	accordingRE = regexp.MustCompile(`(?i)\baccording to ([^,.;:]+)`)
	// after a quote: ", said X" / ", X said" / "he told Sky News"
	afterVerbFirst = regexp.MustCompile(`^\s*[,.!?]?\s*(?:` + verbs + `)\s+(.+)$`)
	afterSubjFirst = regexp.MustCompile(`^\s*[,.!?]?\s*(.+?)\s+(?:` + verbs + `)\b`)
	appositive     = regexp.MustCompile(`,\s*(?:a|an|the|who|which|whose|\p{Ll})[^,]*,\s*$`)
	pronouns       = map[string]string{"he": "he", "she": "she", "they": "they", "i": "i", "we": "we", "it": "it", "him": "he", "her": "she"}
	roleNoun       = regexp.MustCompile(`(?i)^(?:the|a|an)\s+([\p{Ll} -]*\b(minister|president|secretary|spokesman|spokeswoman|spokesperson|chancellor|leader|general|commander|chief|official|governor|mayor|senator|ambassador|diplomat|premier|prime minister|head|director|chairman|chairwoman|candidate|nominee|founder|ceo|adviser|advisor|aide|lawyer|judge))$`)
	titleWords     = map[string]bool{"mr": true, "mrs": true, "ms": true, "miss": true, "dr": true, "sir": true, "dame": true, "lord": true, "gen": true, "general": true, "lt": true, "lieutenant": true, "col": true, "colonel": true, "president": true, "prime": true, "minister": true, "secretary": true, "foreign": true, "defence": true, "defense": true, "deputy": true, "chief": true, "spokesperson": true, "spokesman": true, "spokeswoman": true, "commander": true, "senator": true, "sen": true, "rep": true, "gov": true, "governor": true, "mayor": true, "chancellor": true, "ambassador": true, "king": true, "queen": true, "prince": true, "pope": true, "judge": true, "justice": true, "professor": true, "prof": true, "the": true, "former": true, "state": true, "home": true, "education": true, "health": true, "armed": true, "forces": true, "army": true, "commander-in-chief": true, "in-chief": true}
	nameLinkers    = map[string]bool{"of": true, "the": true, "for": true, "and": true, "de": true, "van": true, "von": true, "al": true, "bin": true}
	stopSubjects   = map[string]bool{"it": true, "this": true, "that": true, "there": true, "which": true, "what": true, "who": true}
)

// quoteHit is a quote found in a paragraph before attribution.
type quoteHit struct {
	para       int
	start, end int
	text       string
	open, cont bool
	speaker    string
	cue        string
	whole      bool // the quote is a whole sentence or more
}

// Process implements analyze.Stage.
func (Attributor) Process(_ context.Context, a model.Article) (model.Article, error) {
	names := newNameBook(a.Entities)
	var hits []quoteHit
	var lastSpeaker string
	lastSpeakerPara := -10
	prevOpen := false
	for pi, para := range a.Body {
		spans := findSpans(para)
		if prevOpen && len(spans) > 0 && spans[0].start <= 3 {
			spans[0].cont = true
		}
		prevOpen = len(spans) > 0 && spans[len(spans)-1].open
		// Names and reported speech outside quotes update who spoke last.
		outside := maskSpans(para, spans)
		for _, s := range reportedSpeakers(outside, names, lastSpeaker) {
			lastSpeaker, lastSpeakerPara = s, pi
		}
		var paraHits []quoteHit
		for si, s := range spans {
			text := strings.TrimSpace(para[s.start:s.end])
			if text == "" || !hasLetter(text) {
				continue
			}
			h := quoteHit{para: pi, start: s.start, end: s.end, text: text, open: s.open, cont: s.cont}
			before, after := context2(para, spans, si)
			// A pronoun refers to the person named last before the quote.
			names.scan(outside[:s.start])
			ref := names.last
			if ref == "" {
				ref = lastSpeaker
			}
			h.speaker, h.cue = attribute(before, after, names, ref)
			h.whole = isWhole(text, before)
			paraHits = append(paraHits, h)
		}
		// A quote without its own attribution takes that of the quote it
		// continues: the previous one in the paragraph, the open quote of
		// the previous paragraph, or a later one in the same paragraph.
		for i := range paraHits {
			h := &paraHits[i]
			if h.speaker != "" {
				continue
			}
			switch {
			case i > 0 && paraHits[i-1].speaker != "":
				h.speaker = paraHits[i-1].speaker
			case h.cont && len(hits) > 0:
				h.speaker = hits[len(hits)-1].speaker
			case i == 0 && h.start <= 3 && len(hits) > 0 && hits[len(hits)-1].para >= pi-1 && hits[len(hits)-1].whole && h.whole:
				h.speaker = hits[len(hits)-1].speaker // a paragraph of quote after a paragraph of quote
			case i+1 < len(paraHits) && paraHits[i+1].speaker != "" && h.whole:
				h.speaker = paraHits[i+1].speaker
			case h.whole && h.start <= 3 && lastSpeaker != "" && lastSpeakerPara >= pi-1:
				h.speaker = lastSpeaker
			}
		}
		for _, h := range paraHits {
			if h.speaker != "" {
				lastSpeaker, lastSpeakerPara = h.speaker, pi
				if isName(h.speaker) && len(strings.Fields(h.speaker)) <= 4 {
					names.last = h.speaker
				}
			}
		}
		names.scan(outside)
		hits = append(hits, paraHits...)
	}
	a.Quotes = a.Quotes[:0:0]
	for _, h := range hits {
		if h.speaker == "" && len(strings.Fields(h.text)) <= 3 {
			// A short quoted phrase nobody is said to have spoken is a
			// scare quote, a title or a term: not speech, so not listed.
			continue
		}
		kind := model.QuotePartial
		switch {
		case h.whole:
			kind = model.QuoteDirect
		case h.speaker == "" && len(strings.Fields(h.text)) <= 3:
			kind = model.QuoteScare
		}
		a.Quotes = append(a.Quotes, model.Quote{Text: h.text, Speaker: names.canonical(h.speaker), Kind: kind, Paragraph: h.para, Cue: h.cue})
	}
	return a, nil
}

func hasLetter(s string) bool {
	return strings.IndexFunc(s, unicode.IsLetter) >= 0
}

// isWhole reports whether a quote is a full sentence or more: it starts
// with a capital (or follows a colon) and has a verb's worth of words.
func isWhole(text, before string) bool {
	if n := len(strings.Fields(text)); n < 2 || n < 4 && !strings.ContainsAny(text[len(text)-1:], ".,!?") {
		return false
	}
	b := strings.TrimSpace(before)
	r := []rune(text)
	startsCap := unicode.IsUpper(r[0]) || r[0] == '\'' || r[0] == '\u2018' || r[0] == '"' || unicode.IsDigit(r[0])
	return startsCap && (b == "" || strings.HasSuffix(b, ":") || strings.HasSuffix(b, ",") || endsSentence(b) || verbRE.MatchString(lastWords(b, 3)))
}

func endsSentence(s string) bool {
	s = strings.TrimRight(s, " \"'\u2019\u201d)")
	return s != "" && strings.ContainsAny(s[len(s)-1:], ".!?")
}

func lastWords(s string, n int) string {
	f := strings.Fields(s)
	if len(f) > n {
		f = f[len(f)-n:]
	}
	return strings.Join(f, " ")
}

// maskSpans blanks the quoted text of a paragraph, keeping offsets.
func maskSpans(para string, spans []span) string {
	b := []byte(para)
	for _, s := range spans {
		for i := s.start; i < s.end; i++ {
			if b[i] != ' ' {
				b[i] = ' '
			}
		}
	}
	return strings.ToValidUTF8(string(b), " ")
}

// context2 returns the text of the quote's sentence before and after it:
// from the previous quote or sentence end to the quote, and from the quote to
// the next quote or sentence end.
func context2(para string, spans []span, i int) (before, after string) {
	const marks = "\u2018\u2019\u201c\u201d\u201e\u00ab\u00bb\"'`"
	lo := 0
	if i > 0 {
		lo = spans[i-1].end
	}
	before = strings.TrimLeft(para[lo:spans[i].start], marks)
	before = strings.TrimRight(before, marks)
	if j := lastSentenceEnd(before); j >= 0 {
		before = before[j:]
	}
	hi := len(para)
	if i+1 < len(spans) {
		hi = spans[i+1].start
	}
	if spans[i].end < hi {
		after = strings.TrimRight(strings.TrimLeft(para[spans[i].end:hi], marks), marks)
		if j := firstSentenceEnd(after); j >= 0 {
			after = after[:j]
		}
	}
	return strings.TrimSpace(before), after
}

func lastSentenceEnd(s string) int {
	best := -1
	for _, sep := range []string{". ", "! ", "? "} {
		if j := strings.LastIndex(s, sep); j >= 0 && j+2 > best {
			best = j + 2
		}
	}
	return best
}

func firstSentenceEnd(s string) int {
	best := -1
	for _, sep := range []string{". ", "! ", "? ", "."} {
		if j := strings.Index(s, sep); j >= 0 && (best < 0 || j < best) {
			best = j
		}
	}
	return best
}

// attribute finds the speaker of a quote in the text around it.
func attribute(before, after string, names *nameBook, last string) (speaker, cue string) {
	// After the quote: ", she said." / ", said Mr X." / " Zelensky said".
	if a := strings.TrimSpace(after); a != "" && len(strings.Fields(a)) <= 12 {
		if m := afterVerbFirst.FindStringSubmatch(a); m != nil {
			if s := subjectFrom(firstPhrase(m[1]), names, last); s != "" {
				return s, verbRE.FindString(a)
			}
		}
		if m := afterSubjFirst.FindStringSubmatch(a); m != nil {
			if s := subjectFrom(m[1], names, last); s != "" {
				return s, verbRE.FindString(a)
			}
		}
	}
	// Before the quote: "X said:", "X told Sky News that", "declaring:".
	if m := accordingRE.FindStringSubmatch(before); m != nil {
		if s := subjectFrom(m[1], names, last); s != "" {
			return s, "according to"
		}
	}
	locs := verbRE.FindAllStringIndex(before, -1)
	for k := len(locs) - 1; k >= 0; k-- {
		pre := before[:locs[k][0]]
		v := strings.ToLower(before[locs[k][0]:locs[k][1]])
		if strings.HasSuffix(v, "ing") {
			// "…, declaring:" / "adding:" — the sentence's subject speaks.
			if s := subjectOfClause(pre, names, last); s != "" {
				return s, v
			}
			continue
		}
		tp := strings.TrimSpace(pre)
		if strings.HasSuffix(tp, " and") || strings.HasSuffix(tp, " but") || strings.HasSuffix(tp, ",") {
			return "", "" // "X said … and warned …": the subject is elided; the previous quote's speaker holds
		}
		if s := subjectFrom(trimAppositive(pre), names, last); s != "" {
			return s, v
		}
		// "said X:" inverted before the quote.
		if rest := strings.TrimSpace(before[locs[k][1]:]); rest != "" {
			if s := subjectFrom(firstPhrase(rest), names, last); s != "" && isName(s) {
				return s, v
			}
		}
	}
	return "", ""
}

func firstPhrase(s string) string {
	if i := strings.IndexAny(s, ",;:.("); i >= 0 {
		s = s[:i]
	}
	return s
}

func trimAppositive(s string) string {
	s = strings.TrimSpace(s)
	for k := 0; k < 2; k++ {
		if loc := appositive.FindStringIndex(s); loc != nil && loc[0] > 0 {
			s = strings.TrimSpace(s[:loc[0]])
		}
	}
	return s
}

// subjectOfClause finds the subject at the start of a clause that later
// says "declaring:": the first name or pronoun in it.
func subjectOfClause(pre string, names *nameBook, last string) string {
	words := strings.Fields(pre)
	n := 0
	for n < len(words) && n < 8 {
		w := strings.Trim(words[n], "\"'\u2018\u201c")
		r := []rune(w)
		if len(r) == 0 || !unicode.IsUpper(r[0]) && !nameLinkers[strings.ToLower(w)] && n > 0 {
			break
		}
		n++
		if strings.ContainsAny(w, ",;:") {
			break
		}
	}
	if n == 0 {
		return ""
	}
	return subjectFrom(strings.Join(words[:n], " "), names, last)
}

// subjectFrom reads the speaker from the words just before a reporting
// verb (or just after an inverted one).
func subjectFrom(phrase string, names *nameBook, last string) string {
	phrase = strings.TrimSpace(phrase)
	// Keep only the clause right before the verb.
	for _, sep := range []string{" that ", " and ", " but ", " as ", " while ", " when ", " after ", " because ", ", ", "; ", ": ", " – ", " — "} {
		if i := strings.LastIndex(phrase, sep); i >= 0 {
			phrase = phrase[i+len(sep):]
		}
	}
	phrase = strings.Trim(phrase, " ,;:\u2013\u2014-")
	words := strings.Fields(phrase)
	if len(words) == 0 || len(words) > 8 {
		return ""
	}
	first := strings.ToLower(strings.Trim(words[0], ".,"))
	if len(words) == 1 {
		if p, ok := pronouns[first]; ok {
			if p == "it" || p == "we" || p == "i" {
				return ""
			}
			return last
		}
	}
	if stopSubjects[first] {
		return ""
	}
	if m := roleNoun.FindStringSubmatch(phrase); m != nil {
		if last != "" {
			return last
		}
		return phrase
	}
	if n := names.nameIn(words); n != "" {
		return n
	}
	// Collective and anonymous speakers: "one official", "Western
	// officials", "American sources", "a spokesperson".
	if len(words) <= 4 {
		lw := strings.ToLower(words[len(words)-1])
		if strings.HasSuffix(lw, "officials") || strings.HasSuffix(lw, "official") || strings.HasSuffix(lw, "sources") ||
			strings.HasSuffix(lw, "source") || strings.HasPrefix(lw, "spokes") || lw == "experts" || lw == "analysts" ||
			lw == "witnesses" || lw == "residents" || lw == "police" || lw == "authorities" || lw == "diplomats" || lw == "aides" {
			return strings.TrimPrefix(strings.TrimPrefix(phrase, "The "), "the ")
		}
	}
	return ""
}

func isName(s string) bool {
	r := []rune(s)
	return len(r) > 0 && unicode.IsUpper(r[0])
}

// reportedSpeakers returns, in order, the speakers of reported speech in
// text with quotes masked ("Olga Stefanishyna, a deputy prime minister,
// said Russia had …"): they are who a later "she said" refers to.
func reportedSpeakers(text string, names *nameBook, last string) []string {
	var out []string
	for _, loc := range verbRE.FindAllStringIndex(text, -1) {
		pre := text[:loc[0]]
		if j := lastSentenceEnd(pre); j >= 0 {
			pre = pre[j:]
		}
		if s := subjectFrom(trimAppositive(pre), names, last); s != "" && isName(s) {
			out = append(out, s)
			last = s
		}
	}
	return out
}
