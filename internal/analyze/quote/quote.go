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
// Appositions ("Ann Cole, the party's treasurer, said") are stepped over to
// the name they describe, abbreviations ("Sen.", "R-Wis.") do not end
// sentences, and a transcript turn ("COLE: …") names its speaker.
//
// Not every quoted stretch is speech: a single quoted word nobody is said to
// have spoken is a scare quote (kind=scare, no speaker); a single word right
// after a reporting verb that names its speaker ("Cole called the plan
// “reckless”") is a partial quote of that speaker; a single word elsewhere
// in a reported clause, a short unattributed phrase and the name of a book,
// show, film or advert ("on NBC's “Meet the Press”", "the documentary
// “13th”") are left out. A fragment quoted in a sentence with no reporting
// verb is the words of the sentence's subject ("Cole mocked Ode for “having
// a tough night”").
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
	nm "github.com/storyline-news/storyline/internal/analyze/names"
	"github.com/storyline-news/storyline/internal/model"
)

// Attributor is the analysis stage that fills Article.Quotes.
type Attributor struct{}

var _ analyze.Stage = Attributor{}

// Name implements analyze.Stage.
func (Attributor) Name() string { return "quote" }

const verbs = `said|says|say|told|tells|tell|added|adds|wrote|writes|write|stated|declared|declares|declaring|adding|saying|` +
	`warned|warns|warning|asked|asks|explained|explains|insisted|insists|claimed|claims|announced|announces|noted|notes|` +
	`argued|argues|suggested|suggests|urged|urges|replied|replies|responded|acknowledged|admitted|admits|continued|` +
	`tweeted|posted|estimated|pleaded|praised|described|called|promised|vowed|stressed|told reporters|` +
	`reported|reports|believes|believe|think|thinks|thought|predicted|conceded|recalled|observed|remarked|commented|` +
	`signalled|signaled|indicated|mentioned|boasted|complained|cautioned|alleged|confirmed|denied|shouted|cried|answered|` +
	`thanked|accused|hailed|condemned|dismissed|branded|labelled|labeled|dubbed|describing|describes|calls|termed|dubbing|branding|labeling|labelling|criticised|criticized|defended|demanded|` +
	`vowing|promising|insisting|arguing|noting|explaining|telling|asking|urging|calling|` +
	`concluded|assured|lamented|agreed|agrees|interjected|quipped|joked|repeated|affirmed|chided|fumed|scoffed|retorted|countered|` +
	`charged|contended|maintained|wondered|mused|bragged|shot back|went on|pointed out|recalls|concedes|acknowledges|predicts|` +
	`quipping|joking|recalling|charging|chiding|writing|tweeting|stating|pointing out|proclaimed|groused|pledged|pledges|` +
	`revealed|needled|railed|pressed|barked|snapped|yelled|exclaimed|implored|proclaiming|pledging|` +
	`comments|commenting|remarks|observes|concludes|cautions|reveals|recounts|recounted|says of|added of`

var (
	accordingRE  = regexp.MustCompile(`(?i)\baccording to ([^,.;:]+)`)
	appositive   = regexp.MustCompile(`,\s*(?:a|an|the|who|which|whose|\p{Ll})[^,]*,\s*$`)
	pronouns     = map[string]string{"he": "he", "she": "she", "they": "they", "i": "i", "we": "we", "it": "it", "him": "he", "her": "she"}
	roleNoun     = regexp.MustCompile(`(?i)^(?:the|a|an)\s+([\p{Ll} -]*\b(minister|president|secretary|spokesman|spokeswoman|spokesperson|chancellor|leader|general|commander|chief|official|governor|mayor|senator|ambassador|diplomat|premier|prime minister|head|director|chairman|chairwoman|candidate|nominee|founder|ceo|adviser|advisor|aide|lawyer|judge))$`)
	nameLinkers  = map[string]bool{"of": true, "the": true, "for": true, "and": true, "de": true, "van": true, "von": true, "al": true, "bin": true}
	stopSubjects = map[string]bool{"it": true, "this": true, "that": true, "there": true, "which": true, "what": true, "who": true}
)

// nameTitle reports a word that stands in the titles before a speaker's
// name: a title or title modifier of the names model, or "the" ("the
// Foreign Minister Dmytro Kuleba").
func nameTitle(lw string) bool { return lw == "the" || nm.Title(lw) || nm.TitleModifier(lw) }

// verbWords and verbPairs hold the reporting verbs, looked up word by word:
// a regular expression alternating over them all was most of the stage's
// time.
var verbWords, verbPairs = func() (map[string]bool, map[string]bool) {
	one, two := map[string]bool{}, map[string]bool{}
	for _, v := range strings.Split(verbs, "|") {
		if strings.Contains(v, " ") {
			two[v] = true
		} else {
			one[v] = true
		}
	}
	return one, two
}()

func isWordByte(c byte) bool {
	return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '_'
}

// findVerbs returns where the reporting verbs of s stand, left to right,
// as whole words: "said", "told", "shot back".
func findVerbs(s string) [][2]int {
	var out [][2]int
	for i := 0; i < len(s); {
		if !isWordByte(s[i]) {
			i++
			continue
		}
		j := i
		for j < len(s) && isWordByte(s[j]) {
			j++
		}
		w := s[i:j]
		switch {
		case verbWords[w]:
			out = append(out, [2]int{i, j})
		case j+1 < len(s) && s[j] == ' ':
			k := j + 1
			for k < len(s) && isWordByte(s[k]) {
				k++
			}
			if k > j+1 && verbPairs[s[i:k]] && (k == len(s) || !isWordByte(s[k])) {
				out = append(out, [2]int{i, k})
				j = k
			}
		}
		i = j
	}
	return out
}

func firstVerb(s string) string {
	if v := findVerbs(s); len(v) > 0 {
		return s[v[0][0]:v[0][1]]
	}
	return ""
}

// trimLead drops the space and one punctuation mark that may come between
// a quote's closing mark and its reporting clause.
func trimLead(a string) string {
	a = strings.TrimLeft(a, " \t\n")
	if a != "" && strings.IndexByte(",.!?", a[0]) >= 0 {
		a = a[1:]
	}
	return strings.TrimLeft(a, " \t\n")
}

// afterVerbFirst matches ", said X" after a quote and returns "X". X opens
// with a name, a determiner or a pronoun: in "“…” suggests that the
// city agreed" the verb has its subject in the quote and what follows is
// its object.
func afterVerbFirst(a string) (string, bool) {
	t := trimLead(a)
	v := findVerbs(t)
	if len(v) == 0 || v[0][0] != 0 || v[0][1] == len(t) || t[v[0][1]] != ' ' && t[v[0][1]] != '\t' {
		return "", false
	}
	rest := strings.TrimLeft(t[v[0][1]:], " \t")
	return rest, rest != "" && invertedSubject(rest)
}

// invertingVerbs may put their subject after them ("said Ann Cole:"); the
// name after "called", "told" or "accused" is their object.
var invertingVerbs = map[string]bool{"said": true, "says": true, "added": true, "adds": true, "wrote": true, "writes": true,
	"continued": true, "explained": true, "recalled": true, "replied": true, "responded": true, "asked": true, "declared": true,
	"insisted": true, "noted": true, "argued": true, "warned": true, "remarked": true, "tweeted": true, "posted": true}

// subjectStarts open the subject of an inverted reporting clause besides
// a capitalised name: "said the minister", "said one official", "said he".
var subjectStarts = map[string]bool{"the": true, "a": true, "an": true, "one": true, "two": true, "another": true, "some": true,
	"several": true, "his": true, "her": true, "their": true, "its": true, "he": true, "she": true, "they": true, "former": true}

func invertedSubject(rest string) bool {
	w := firstWord(rest)
	if w == "" {
		return false
	}
	return capitalised(w) || subjectStarts[strings.ToLower(w)]
}

// afterSubjFirst matches ", X said" after a quote and returns "X".
func afterSubjFirst(a string) (string, bool) {
	t := trimLead(a)
	for _, v := range findVerbs(t) {
		if v[0] > 1 && (t[v[0]-1] == ' ' || t[v[0]-1] == '\t') {
			if subj := strings.TrimRight(t[:v[0]], " \t"); subj != "" {
				return subj, true
			}
		}
	}
	return "", false
}

// quoteHit is a quote found in a paragraph before attribution.
type quoteHit struct {
	para       int
	start, end int
	text       string
	open, cont bool
	speaker    string
	cue        string
	whole      bool   // the quote is a whole sentence or more
	title      bool   // the quote names a book, show, film or slogan
	subject    string // the subject of the sentence the quote stands in
	cueNear    bool   // a reporting verb stands within three words before the quote, or four before "to" ("asked his people to “fight”")
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
		// A transcript line, "WALLACE: Governor, …": its words are the
		// named speaker's, quoted ones included.
		turn := transcriptSpeaker(para)
		var paraHits []quoteHit
		for si, s := range spans {
			text := strings.TrimSpace(para[s.start:s.end])
			if text == "" || !hasLetter(text) || trailer(text) {
				continue
			}
			h := quoteHit{para: pi, start: s.start, end: s.end, text: text, open: s.open, cont: s.cont}
			before, after := context2(para, spans, si)
			// A pronoun refers to the speaker of the paragraph's previous
			// quote ("… described it as ‘cynical’. He added: ‘…’"), else to
			// the person named last before the quote.
			names.scan(outside[:s.start])
			ref := names.last
			if n := len(paraHits); n > 0 && paraHits[n-1].speaker != "" {
				ref = paraHits[n-1].speaker
			} else if ref == "" {
				ref = lastSpeaker
			}
			h.speaker, h.cue = attribute(text, before, after, names, ref)
			if t, n := transcriptTurn(text); t != "" {
				// A quoted transcript line: the label names the speaker
				// and is no part of what was said.
				h.speaker, h.cue = t, ""
				h.text = strings.TrimSpace(text[n:])
				h.start += strings.Index(para[h.start:], h.text)
				text = h.text
			} else if h.speaker == "" && turn != "" {
				h.speaker = turn
			}
			h.whole = isWhole(text, before)
			h.cueNear = h.cue != "" && (len(findVerbs(lastWords(before, 3))) > 0 ||
				strings.EqualFold(lastWords(before, 1), "to") && len(findVerbs(lastWords(before, 4))) > 0)
			if h.speaker == "" && !h.whole {
				// A fragment quoted inside a sentence without a reporting
				// verb ("Cole mocked Ode for “having a tough night”") is
				// the words of the sentence's subject.
				if s := subjectOfClause(before, names, ref, true); s != "" && (s == ref || names.speakerLike(s)) && !strings.HasSuffix(strings.TrimSpace(para), "?") {
					h.subject = s
				}
			}
			h.title = titleCase(text) && (h.speaker == "" || titleCue(para[:s.start])) || titleWord(text) && titleCue(para[:s.start])
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
			case h.subject != "":
				h.speaker = h.subject
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
		n := len(wordRE.FindAllString(h.text, 4))
		if n == 1 && h.speaker != "" && h.cueNear && !h.title && !h.whole {
			// A word quoted in a reporting clause that names its speaker
			// ("Cole called the plan “reckless”", "Cole is describing
			// the tweet as “unhinged”") is a partial quote of that
			// speaker's words.
			a.Quotes = append(a.Quotes, model.Quote{Text: h.text, Speaker: names.canonical(h.speaker), Kind: model.QuotePartial, Paragraph: h.para, Cue: h.cue})
			continue
		}
		if h.speaker == "" && n == 1 && !h.title && !h.whole {
			// A quoted word nobody is said to have spoken is a scare
			// quote: the writer's distance from a term.
			a.Quotes = append(a.Quotes, model.Quote{Text: h.text, Kind: model.QuoteScare, Paragraph: h.para})
			continue
		}
		if n <= 1 || h.speaker == "" && n <= 3 || h.title {
			// A short quoted phrase nobody is said to have spoken is a
			// scare quote, a title or a term: not speech, so not listed.
			// Nor is a single quoted word in a reported clause away from
			// its verb ("said the rules on “reform” would change"): it is
			// mostly the writer's distance from a term, and too little to
			// stand as what someone said. Titles of books,
			// shows and films are names, not speech.
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

// titleWords may stay lower-case in a title: "Meet the Press", "The Art
// of the Deal".
var titleLower = map[string]bool{"a": true, "an": true, "the": true, "of": true, "in": true, "on": true, "to": true, "for": true,
	"and": true, "or": true, "but": true, "at": true, "by": true, "with": true, "from": true, "as": true, "vs": true, "via": true,
	"into": true, "over": true, "up": true}

var (
	wordRE      = regexp.MustCompile(`[\p{L}\p{N}]+`)
	titleWordRE = regexp.MustCompile(`[\p{L}\p{N}][\p{L}\p{N}'\x{2019}-]*`)
)

// titleCase reports a quote that reads as a title: two or more words, every
// one capitalised but short function words ("Meet the Press", "Crippled
// America: How to Make America Great Again"), and no question or
// exclamation.
func titleCase(text string) bool {
	t := strings.TrimRight(text, " ,.")
	if strings.HasSuffix(t, "?") || strings.HasSuffix(t, "!") {
		return false
	}
	words := titleWordRE.FindAllString(t, 15)
	if len(words) < 2 || len(words) > 14 {
		return false
	}
	caps := 0
	for _, w := range words {
		r := []rune(w)
		switch {
		case unicode.IsUpper(r[0]) || unicode.IsDigit(r[0]):
			caps++
		case !titleLower[w]:
			return false
		}
	}
	return caps >= 2
}

// titleWord reports a one-word quote that may be a title: capitalised or
// a numeral ("Unifier", "13th"), not a question or exclamation.
func titleWord(text string) bool {
	t := strings.TrimRight(text, " ,.")
	if len(wordRE.FindAllString(t, 2)) != 1 || strings.HasSuffix(t, "!") {
		return false
	}
	r := []rune(t)
	return unicode.IsUpper(r[0]) || unicode.IsDigit(r[0])
}

// titleCues come just before the title of a work: "on NBC's", "his book",
// "a memo titled", "the author of", "told".
var titleCues = map[string]bool{"on": true, "book": true, "books": true, "titled": true, "entitled": true, "of": true, "show": true,
	"program": true, "programme": true, "podcast": true, "memoir": true, "novel": true, "film": true, "movie": true, "series": true,
	"autobiography": true, "column": true, "article": true, "editorial": true, "headline": true, "with": true, "told": true, "in": true,
	"album": true, "song": true, "play": true, "musical": true, "documentary": true, "report": true, "essay": true, "biography": true,
	"ad": true, "advert": true, "advertisement": true, "spot": true, "titled,": true, "called": true, "named": true, "dubbed": true}

// titleCue reports that the text before a title-cased quote introduces the
// name of a work: a cue word or a possessive outlet ("ABC's", "CNN's").
func titleCue(before string) bool {
	before = strings.TrimRight(before, " \"'`\u201c\u2018")
	f := strings.Fields(before)
	if len(f) == 0 {
		return false
	}
	w := f[len(f)-1]
	if titleCues[strings.ToLower(strings.Trim(w, ",:;"))] {
		return true
	}
	r := []rune(w)
	return unicode.IsUpper(r[0]) && (strings.HasSuffix(w, "'s") || strings.HasSuffix(w, "\u2019s"))
}

// transcriptRE matches a transcript turn's speaker: "WALLACE: ",
// "SEN. ANN COLE: ".
var transcriptRE = regexp.MustCompile(`^[\s"'\x{201c}\x{2018}]*((?:[A-Z][A-Z'\x{2019}.-]+ ){0,2}[A-Z][A-Z'\x{2019}.-]+):\s`)

// notSpeakers are capitalised labels that open a line like a speaker.
var notSpeakers = map[string]bool{"VIDEO": true, "WATCH": true, "UPDATE": true, "UPDATED": true, "BREAKING": true, "EXCLUSIVE": true,
	"PHOTO": true, "PHOTOS": true, "READ": true, "MORE": true, "NOTE": true, "CORRECTION": true, "SOURCE": true, "Q": true, "A": true,
	"AUDIO": true, "LISTEN": true, "RELATED": true, "ALSO": true, "SEE": true, "UPI": true, "AP": true, "WASHINGTON": true,
	"NEW YORK": true, "LONDON": true, "EDITOR'S NOTE": true, "PS": true, "P.S.": true, "FACT": true, "CLAIM": true, "TRUTH": true}

// transcriptSpeaker returns the speaker a transcript line opens with, in
// ordinary case ("WALLACE: …" → "Wallace"), or "".
func transcriptSpeaker(line string) string {
	s, _ := transcriptTurn(line)
	return s
}

// transcriptTurn returns the speaker a transcript line opens with and the
// length of its label ("WALLACE: "), or "" and 0.
func transcriptTurn(line string) (string, int) {
	m := transcriptRE.FindStringSubmatchIndex(line)
	if m == nil {
		return "", 0
	}
	if label := line[m[2]:m[3]]; notSpeakers[label] || len(label) < 2 {
		return "", 0
	}
	return titled(line[m[2]:m[3]]), m[1]
}

// titled writes an upper-case label in ordinary case: "ANN COLE" → "Ann Cole".
func titled(label string) string {
	words := strings.Fields(strings.ToLower(label))
	for i, w := range words {
		r := []rune(w)
		words[i] = string(unicode.ToUpper(r[0])) + string(r[1:])
	}
	return strings.Join(words, " ")
}

// trailerRE matches the promotional line that closes many articles, set
// in quotation marks when a transcript's turns are: "Follow Ann Cole on
// Twitter @acole.", "Sign up for our newsletter", "Click here to watch".
var trailerRE = regexp.MustCompile(`^(?i:follow|like|subscribe|sign up|click|contact|email|e-mail|reach)\b.*(?:@\w|https?://|www\.|(?i:twitter|facebook|instagram|newsletter|here\b))`)

// trailer reports a short quoted line that promotes the outlet or its
// writers rather than reporting speech.
func trailer(text string) bool {
	return len(text) < 160 && trailerRE.MatchString(text)
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
	return startsCap && (b == "" || strings.HasSuffix(b, ":") || strings.HasSuffix(b, ",") || endsSentence(b) || len(findVerbs(lastWords(b, 3))) > 0)
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
		for j := strings.LastIndex(s, sep); j >= 0; j = strings.LastIndex(s[:j], sep) {
			if sep[0] != '.' || !abbrevBefore(s, j) {
				if j+2 > best {
					best = j + 2
				}
				break
			}
		}
	}
	return best
}

func firstSentenceEnd(s string) int {
	for j := 0; j < len(s); j++ {
		switch s[j] {
		case '!', '?':
			if j+1 == len(s) || s[j+1] == ' ' {
				return j
			}
		case '.':
			if !abbrevBefore(s, j) {
				return j
			}
		}
	}
	return -1
}

// stateAbbrevs are the abbreviations of American states that AP style
// sets after a name or a party label ("R-Wis."), ended by a period that
// does not end a sentence; the names model has the titles' and months'.
var stateAbbrevs = map[string]bool{"gov't": true,
	"ala": true, "ariz": true, "ark": true, "calif": true, "colo": true, "conn": true, "del": true, "fla": true, "ga": true, "ill": true,
	"ind": true, "kan": true, "ky": true, "la": true, "md": true, "mass": true, "mich": true, "minn": true, "miss": true, "mo": true,
	"mont": true, "neb": true, "nev": true, "okla": true, "ore": true, "pa": true, "tenn": true, "tex": true, "va": true, "vt": true,
	"wash": true, "wis": true, "wyo": true}

// abbrevBefore reports whether the period at s[j] closes an abbreviation
// ("Sen.", "Mr.", "R-Wis.", "U.S.", the initial in "Laurence H. Tribe")
// rather than a sentence.
func abbrevBefore(s string, j int) bool {
	i := j
	for i > 0 && s[i-1] != ' ' && s[i-1] != '(' && s[i-1] != '-' {
		i--
	}
	w := s[i:j]
	if w == "" {
		return false
	}
	r := []rune(w)
	if (unicode.IsUpper(r[0]) || w == "vs") && (stateAbbrevs[strings.ToLower(w)] || nm.Abbreviation(strings.ToLower(w))) {
		return true
	}
	if len(r) == 1 && unicode.IsUpper(r[0]) {
		return true // an initial
	}
	// dotted letters: "U.S", "D.C", "N.Y"
	if strings.Contains(w, ".") && len(r) <= 6 {
		for _, x := range strings.Split(w, ".") {
			if len([]rune(x)) > 1 {
				return false
			}
		}
		return true
	}
	return false
}

// attribute finds the speaker of a quote in the text around it.
func attribute(text, before, after string, names *nameBook, last string) (speaker, cue string) {
	// After the quote: ", she said." / ", said Mr X." / " Zelensky said".
	a := strings.TrimSpace(after)
	if s := signature(a, names, last); s != "" && strings.TrimSpace(before) == "" {
		// Only a quote that stands alone is signed: after a reporting
		// clause, "…--Kim Hale." is the reporter's sign-off.
		return s, ""
	}
	for _, sep := range []string{" - ", " \u2013 ", " \u2014 ", "\u2014", "; "} {
		if i := strings.Index(a, sep); i > 0 {
			a = a[:i]
		}
	}
	if a != "" && !newSentenceAfter(text, a) {
		// "…,” according to Mr. Rhodes.
		if m := accordingRE.FindStringSubmatchIndex(a); m != nil && strings.Trim(a[:m[0]], " ,") == "" {
			if s := subjectFrom(a[m[2]:m[3]], names, last); s != "" {
				return s, "according to"
			}
		}
		if m, ok := afterVerbFirst(a); ok {
			if s := subjectFrom(beforePreposition(firstPhrase(m)), names, last); s != "" {
				return s, firstVerb(a)
			}
		}
		if m, ok := afterSubjFirst(a); ok && len(strings.Fields(m)) <= 8 && !clauseOpeners[strings.ToLower(firstWord(m))] {
			if s := subjectFrom(m, names, last); s != "" {
				return s, firstVerb(a)
			}
		}
	}
	// Before the quote: "X said:", "X told Sky News that", "declaring:".
	if m := accordingRE.FindStringSubmatch(before); m != nil {
		if s := subjectFrom(m[1], names, last); s != "" {
			return s, "according to"
		}
	}
	locs := findVerbs(before)
	for k := len(locs) - 1; k >= 0; k-- {
		pre := before[:locs[k][0]]
		v := strings.ToLower(before[locs[k][0]:locs[k][1]])
		if strings.HasSuffix(v, "ing") {
			// "X said, adding:" — the reporting verb before names the speaker.
			if k > 0 && strings.Trim(before[locs[k-1][1]:locs[k][0]], " ,") == "" {
				continue
			}
			// "…, declaring:" / "adding:" — the sentence's subject speaks.
			if s := subjectOfClause(pre, names, last, true); s != "" {
				return s, v
			}
			continue
		}
		tp := strings.TrimSpace(pre)
		if strings.HasSuffix(tp, " and") || strings.HasSuffix(tp, " but") {
			// "X compared …, and urged …": the subject is elided; it is
			// the clause's, or the previous quote's speaker holds.
			if s := subjectOfClause(pre, names, last, false); s != "" && isName(s) {
				return s, v
			}
			return "", ""
		}
		if strings.HasSuffix(tp, ",") {
			// "Tad Devine, the campaign's strategist, said:" names its
			// subject before the apposition; "…, said" without one elides it.
			if s := subjectFrom(pre, names, last); s != "" && isName(s) {
				return s, v
			}
			return "", ""
		}
		if s := subjectFrom(trimAppositive(pre), names, last); s != "" {
			return s, v
		}
		// "said X:" inverted before the quote.
		if rest := strings.TrimSpace(before[locs[k][1]:]); rest != "" && invertingVerbs[v] && invertedSubject(rest) {
			if s := subjectFrom(firstPhrase(rest), names, last); s != "" && isName(s) {
				return s, v
			}
		}
	}
	// "Here's Clinton in 1992: “…”", "CLINTON: “…”": a colon (or a dash)
	// after a clause that names someone introduces their words.
	b := strings.TrimSpace(before)
	if t := strings.TrimRight(b, " -\u2013\u2014"); strings.HasSuffix(b, ":") || len(t) < len(b) && (strings.HasSuffix(b, "--") || strings.HasSuffix(b, "\u2014")) {
		b = strings.TrimSpace(strings.TrimSuffix(t, ":"))
		if f := strings.Fields(b); len(f) > 0 && len(f) <= 4 && allCapitalised(f) {
			if s := subjectOfPhrase(b, names, last); s != "" && isName(s) {
				return s, ""
			}
		}
		if s := subjectOfClause(b, names, last, false); s != "" && isName(s) {
			return s, ""
		}
	}
	return "", ""
}

// signature reads the name a dash sets after a quote that opens its
// paragraph, as under a reader's letter or an epigraph: "“…” ― Ana Ruiz" or "“…” — Ana Ruiz,
// a nurse in Leeds". Only capitalised words up to the first comma.
func signature(a string, names *nameBook, last string) string {
	rest, ok := "", false
	for _, d := range []string{"\u2015", "\u2014", "\u2013", "--", "-"} {
		if strings.HasPrefix(a, d) {
			rest, ok = strings.TrimSpace(a[len(d):]), true
			break
		}
	}
	if !ok {
		return ""
	}
	if i := strings.IndexAny(rest, ",;("); i >= 0 {
		rest = rest[:i]
	}
	rest = strings.TrimRight(rest, " .")
	f := strings.Fields(rest)
	if len(f) == 0 || len(f) > 5 || !allCapitalised(f) {
		return ""
	}
	if s := names.nameIn(f); s != "" && strings.Join(f, " ") == rest {
		return s
	}
	return ""
}

func allCapitalised(words []string) bool {
	for _, w := range words {
		if !capitalised(clean(w)) && !nameLinkers[w] {
			return false
		}
	}
	return true
}

// newSentenceAfter reports that the text after a quote starts a sentence
// of its own: the quote closed one with a full stop and a capital follows
// ("… caused death.” Bernie Sanders called …"), so its subject is not
// the quote's speaker.
func newSentenceAfter(text, after string) bool {
	t := strings.TrimRight(text, " \"'\u2019\u201d")
	if !strings.HasSuffix(t, ".") || abbrevBefore(t, len(t)-1) {
		return false
	}
	r := []rune(strings.TrimLeft(after, " ,"))
	return len(r) > 0 && unicode.IsUpper(r[0])
}

// clauseOpeners begin a new clause after a quote rather than its
// reporting clause: "… “leading from behind” and Trump says …".
var clauseOpeners = map[string]bool{"and": true, "but": true, "while": true, "whereas": true, "as": true, "though": true,
	"although": true, "because": true, "so": true, "or": true, "in": true, "on": true, "at": true, "for": true, "when": true,
	"after": true, "before": true, "if": true, "since": true, "which": true, "who": true, "where": true, "from": true, "to": true,
	"with": true, "by": true, "than": true, "that": true, "then": true, "until": true, "unless": true, "whom": true, "whose": true}

func firstWord(s string) string {
	f := strings.Fields(strings.TrimLeft(s, " ,.!?"))
	if len(f) == 0 {
		return ""
	}
	return strings.Trim(f[0], ",;:")
}

// trailingPreps begin a phrase after an inverted speaker's name: "said
// Ann Cole of the harbour board", "said Ann Cole in a statement".
var trailingPreps = []string{" of the ", " in ", " on ", " at ", " during ", " from ", " after ", " before ", " who ", " when ",
	" while ", " as ", " to ", " with ", " about "}

// beforePreposition cuts an inverted subject at the first phrase that
// follows the name ("Ann Cole in a Friday tweet" → "Ann Cole"), so the
// last capitalised words are not taken for the speaker.
func beforePreposition(s string) string {
	for _, p := range trailingPreps {
		if i := strings.Index(s, p); i > 0 {
			s = s[:i]
		}
	}
	return s
}

func firstPhrase(s string) string {
	if i := strings.IndexAny(s, ",;:("); i >= 0 {
		s = s[:i]
	}
	if i := firstSentenceEnd(s); i >= 0 {
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

// subjectOfClause finds the subject of a clause that later says
// "declaring:" or "calling it …": "with Sen. Ann Cole calling it …", or the
// first comma-separated part that opens with a name and a verb ("Early in
// the race, Trump attacked Romney, calling him …"; not "Early in").
func subjectOfClause(pre string, names *nameBook, last string, absolute bool) string {
	words := strings.Fields(pre)
	// "…, with X calling it": the absolute construction names its subject.
	for i := len(words) - 1; absolute && i > 0; i-- {
		if !capitalised(clean(words[i])) || strings.ContainsAny(words[i], ",;:") {
			break
		}
		if strings.ToLower(words[i-1]) == "with" {
			if s := subjectOfPhrase(strings.Join(words[i:], " "), names, last); s != "" && isName(s) {
				return s
			}
			break
		}
	}
	start := 0
	for start < len(words) {
		if strings.ToLower(words[start]) == "and" || strings.ToLower(words[start]) == "but" {
			start++
		}
		// "Here is Ann Cole in 2010:" presents its subject.
		presented := false
		if start+1 < len(words) && (words[start] == "Here" || words[start] == "There") && (words[start+1] == "is" || words[start+1] == "are") {
			start, presented = start+2, true
		} else if start < len(words) && (words[start] == "Here's" || words[start] == "Here\u2019s") {
			start, presented = start+1, true
		}
		end := start
		for end < len(words) && end-start < 8 {
			w := strings.Trim(words[end], "\"'\u2018\u201c")
			if w != "" && end > start && !capitalised(w) && roleBeforeName(words[end:]) {
				end++ // "Democratic front-runner Ann Cole": a role between capitals
				continue
			}
			if w == "" || !capitalised(w) && !(end > start && nameLinkers[strings.ToLower(w)]) {
				break
			}
			end++
			if strings.ContainsAny(w, ",;:") || strings.HasSuffix(w, "'s") || strings.HasSuffix(w, "\u2019s") {
				break
			}
		}
		nx := end
		if nx > start && nx < len(words) && strings.HasPrefix(words[nx], "(") {
			// "Rep. Ann Cole (D-N.Y.) reacted": past the parenthesis
			for nx < len(words) && !strings.Contains(words[nx], ")") {
				nx++
			}
			nx++
		}
		if presented && end > start {
			if s := subjectOfPhrase(strings.Join(words[start:end], " "), names, last); s != "" {
				return s
			}
		}
		apposed := false
		if end > start && strings.HasSuffix(words[end-1], ",") && !nm.Opener(strings.ToLower(strings.Trim(words[start], ","))) {
			// "Ann Cole, also touring the north, said": past the apposition
			k := end
			for k < len(words) && k-end < 8 && !strings.HasSuffix(words[k], ",") {
				k++
			}
			if k < len(words) && k-end < 8 && k+1 < len(words) && unicode.IsLower([]rune(words[end])[0]) {
				nx, apposed = k+1, true
			}
		}
		if end > start && nx < len(words) && (apposed || !strings.ContainsAny(words[end-1], ",;:")) {
			if next := words[nx]; unicode.IsLower([]rune(next)[0]) && !clauseOpeners[strings.Trim(next, ",")] && !nameLinkers[next] {
				if s := subjectOfPhrase(strings.Join(words[start:end], " "), names, last); s != "" {
					return s
				}
			}
		}
		// on to the next comma-separated part
		for start < len(words) && !strings.HasSuffix(words[start], ",") {
			start++
		}
		start++
	}
	return ""
}

// roleModifiers may stand in a title before a name: "former", "vice".
var roleModifiers = map[string]bool{"former": true, "vice": true, "senior": true, "top": true, "longtime": true, "retired": true,
	"then": true, "current": true, "new": true, "deputy": true, "acting": true, "chief": true, "presumptive": true}

// roleBeforeName reports that words open with lower-case title words
// ("presidential candidate", "front-runner", "former governor") that a
// capitalised name follows, so they belong to the subject's name phrase.
func roleBeforeName(words []string) bool {
	for i, w := range words {
		if i >= 3 || strings.ContainsAny(w, ",;:()") {
			return false
		}
		if capitalised(w) {
			return i > 0
		}
		lw := strings.ToLower(w)
		if !(roleModifiers[lw] || nameTitle(lw) || personNoun(lw) || strings.HasSuffix(lw, "al")) {
			return false
		}
	}
	return false
}

// subjectFrom reads the speaker from the words just before a reporting
// verb (or just after an inverted one).
func subjectFrom(phrase string, names *nameBook, last string) string {
	phrase = strings.TrimSpace(phrase)
	// Keep only the clause right before the verb.
	for _, sep := range []string{" that ", " and ", " but ", " as ", " while ", " when ", " after ", " because ", "; ", ": ", " \u2013 ", " \u2014 "} {
		if i := strings.LastIndex(phrase, sep); i >= 0 {
			phrase = phrase[i+len(sep):]
		}
	}
	phrase = strings.Trim(phrase, " ,;:\u2013\u2014-")
	// "Tad Devine, the campaign's strategist, said" / "Trump, in Ohio,
	// said": step back over appositions to the subject they describe.
	parts := strings.Split(phrase, ", ")
	for k := len(parts) - 1; k >= 0; k-- {
		p := strings.Trim(parts[k], " ,")
		// "In a statement, the union": an opening phrase, then the subject
		intro := k == 1 && nm.Opener(strings.ToLower(firstWord(parts[0])))
		if k > 0 && appositional(p) && !intro {
			continue
		}
		return subjectOfPhrase(p, names, last)
	}
	return ""
}

// appositional reports whether a comma-separated part of a subject phrase
// describes the name before it rather than being the subject: "a lawyer",
// "the campaign's chairman", "Sanders's chief strategist", "69", "R-Wis.",
// "in Kentucky", "who was there".
func appositional(p string) bool {
	words := strings.Fields(p)
	if len(words) == 0 {
		return true
	}
	r := []rune(words[0])
	if _, ok := pronouns[words[0]]; ok {
		return false
	}
	if unicode.IsLower(r[0]) || unicode.IsDigit(r[0]) || r[0] == '(' {
		return true
	}
	if partyTag.MatchString(p) {
		return true
	}
	return possessiveDescription(words)
}

// partyTag matches the party and state after an American politician's
// name: "R-Wis.", "D-N.Y.".
var partyTag = regexp.MustCompile(`^\(?[RDI]-[A-Z][A-Za-z.]*\)?,?$`)

// possessiveDescription reports a phrase like "Sanders's chief strategist"
// or "Trump's campaign manager": a few common nouns headed by one that
// names people, which a possessive name modifies. "Wells Fargo's
// behavior" and "its officers support Trump's campaign" are no speakers:
// the head is no person, or the words before the possessive are no name.
func possessiveDescription(words []string) bool {
	if len(words) > 6 {
		return false
	}
	for i, w := range words[:len(words)-1] {
		if strings.HasSuffix(w, "'s") || strings.HasSuffix(w, "\u2019s") || strings.HasSuffix(w, "s'") || strings.HasSuffix(w, "s\u2019") {
			// "Ann Cole's", "the Cole campaign's", "the bank's"
			the := strings.EqualFold(words[0], "the")
			for _, x := range words[:i+1] {
				if lx := strings.ToLower(x); !capitalised(clean(x)) && !nameLinkers[lx] && !(the && i <= 2) {
					return false
				}
			}
			if len(words)-i-1 > 3 {
				return false
			}
			for _, x := range words[i+1:] {
				if !unicode.IsLower([]rune(x)[0]) {
					return false
				}
			}
			return personNoun(clean(words[len(words)-1]))
		}
	}
	return false
}

// notPersonNouns end like words for people ("-er", "-ant") but are not.
var notPersonNouns = map[string]bool{"letter": true, "paper": true, "number": true, "order": true, "border": true, "power": true,
	"matter": true, "water": true, "answer": true, "center": true, "centre": true, "career": true, "chapter": true, "computer": true,
	"server": true, "dinner": true, "corner": true, "tower": true, "after": true, "later": true, "other": true, "cover": true,
	"filter": true, "platter": true, "banner": true, "manner": true, "primer": true, "content": true, "event": true, "intent": true,
	"talent": true, "extent": true, "percent": true, "moment": true, "consent": true, "dissent": true, "plant": true, "grant": true,
	"warrant": true, "restaurant": true, "rant": true, "account": true, "amount": true, "statement": true, "comment": true}

// personWords name people or the bodies that speak for them without the
// endings personNoun looks for.
var personWords = map[string]bool{"aide": true, "chief": true, "campaign": true, "office": true, "team": true, "staff": true,
	"camp": true, "counsel": true, "family": true, "wife": true, "husband": true, "son": true, "daughter": true, "father": true,
	"mother": true, "brother": true, "sister": true, "friend": true, "ally": true, "allies": true, "spokesperson": true,
	"secretary": true, "attorney": true, "deputy": true, "board": true, "committee": true, "administration": true,
	"government": true, "side": true, "panel": true, "party": true, "colleague": true, "rival": true, "critic": true,
	"nominee": true, "appointee": true, "source": true, "official": true, "representative": true, "cabinet": true,
	"ministry": true, "department": true, "agency": true, "mate": true, "surrogate": true, "guru": true, "boss": true,
	"head": true, "envoy": true, "delegate": true, "delegation": true, "people": true, "press": true, "pollster": true,
	"adviser": true, "advisor": true, "counselor": true, "candidate": true, "doctor": true, "physician": true, "physicians": true,
	"expert": true, "analyst": true, "witness": true, "staffer": true, "veteran": true, "insider": true,
	"diplomat": true, "resident": true, "student": true, "nurse": true, "soldier": true, "victim": true, "survivor": true}

// personNoun reports a common noun that names a person or a group that
// speaks: "strategist", "spokeswoman", "manager", "aides", "campaign".
func personNoun(w string) bool {
	w = strings.ToLower(w)
	if personWords[w] {
		return true
	}
	if len(w) > 3 && strings.HasSuffix(w, "s") && !strings.HasSuffix(w, "ss") {
		w = w[:len(w)-1]
		if personWords[w] {
			return true
		}
	}
	if notPersonNouns[w] || strings.HasSuffix(w, "ment") {
		return false
	}
	for _, suf := range []string{"er", "or", "ist", "man", "men", "woman", "person", "ian", "ant", "ent", "eer", "ee", "ive", "crat", "ary"} {
		if strings.HasSuffix(w, suf) {
			return true
		}
	}
	return false
}

// subjectOfPhrase reads the speaker from a subject phrase without commas.
func subjectOfPhrase(phrase string, names *nameBook, last string) string {
	words := strings.Fields(phrase)
	if len(words) == 0 || len(words) > 8 {
		return ""
	}
	first := strings.ToLower(strings.Trim(words[0], ".,"))
	if len(words) == 1 || len(words) <= 3 && allAdverbs(words[1:]) {
		// "she", "he also", "she later": a pronoun subject.
		if p, ok := pronouns[first]; ok {
			if p == "it" || p == "we" || p == "i" {
				return ""
			}
			return last
		}
		if nm.Opener(first) {
			return ""
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
	if possessiveDescription(words) {
		return strings.TrimPrefix(strings.TrimPrefix(phrase, "The "), "the ")
	}
	// Collective and anonymous speakers: "one official", "Western
	// officials", "American sources", "a spokesperson", "one legal
	// expert", "former royal PR aides". A lower-case head noun makes the
	// phrase the speaker, whatever capitalised word modifies it ("PR").
	if len(words) <= 5 {
		head := strings.Trim(words[len(words)-1], ".,;:")
		lw := strings.ToLower(head)
		if head == lw && (collectiveHead(lw) || anonymousOpeners[first] && len(words) >= 2 && personNoun(lw)) {
			return strings.TrimPrefix(strings.TrimPrefix(phrase, "The "), "the ")
		}
	}
	if n := names.nameIn(words); n != "" && !nm.Opener(strings.ToLower(n)) {
		return n
	}
	return ""
}

// collectiveHead reports a head noun that makes a phrase a collective or
// anonymous speaker.
func collectiveHead(lw string) bool {
	return strings.HasSuffix(lw, "officials") || strings.HasSuffix(lw, "official") || strings.HasSuffix(lw, "sources") ||
		strings.HasSuffix(lw, "source") || strings.HasPrefix(lw, "spokes") || lw == "experts" || lw == "analysts" ||
		lw == "witnesses" || lw == "residents" || lw == "police" || lw == "authorities" || lw == "diplomats" || lw == "aides"
}

// anonymousOpeners begin a phrase that speaks for someone unnamed: "one
// legal expert", "a senior diplomat", "several witnesses".
var anonymousOpeners = map[string]bool{"one": true, "a": true, "an": true, "another": true, "two": true, "three": true,
	"several": true, "some": true, "many": true, "senior": true, "former": true}

// adverbs come between a subject and its reporting verb: "she later
// said", "he also told".
var adverbs = map[string]bool{"also": true, "later": true, "then": true, "again": true, "once": true, "still": true, "now": true,
	"too": true, "himself": true, "herself": true, "themselves": true, "earlier": true, "previously": true, "recently": true,
	"often": true, "repeatedly": true, "has": true, "had": true, "have": true, "was": true, "is": true, "has also": true}

func allAdverbs(words []string) bool {
	for _, w := range words {
		if !adverbs[w] && !strings.HasSuffix(w, "ly") {
			return false
		}
	}
	return true
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
	prev := 0
	for _, loc := range findVerbs(text) {
		// A subject stops at the reporting verb before it: in "She said
		// leaders had agreed", "agreed" has no named subject.
		pre := text[prev:loc[0]]
		prev = loc[1]
		if strings.HasSuffix(text[loc[0]:loc[1]], "ing") {
			continue // "…, noting": a participle has no subject of its own
		}
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
