// Package figure finds the numbers an article states — casualties, areas,
// sums, counts — with what they count, their qualifier ("more than", "at
// least"), who claims them, and whether anything hedges them.
//
// Rule-based: numbers in digits and words, scale words ("4 million",
// "3.5bn"), the noun phrase after the number as the unit (it ends at a
// word the GUM corpus mostly uses as a verb or function word: a table
// posgen builds from its part-of-speech annotations), the reporting
// clause of the sentence as the claimant (resolved to the entity stage's
// canonical names; "he said" goes to the last person named), the date the
// figure stands at (the nearest date the timex stage resolved in its
// sentence, else its paragraph's, else the publication date), and hedges in
// the sentence or in a following sentence of the paragraph ("These figures
// could not be independently confirmed"). A figure counts as verified only
// when nobody in particular claims it and nothing hedges it. Written by
// hand because no Go library we know extracts quantities with their
// claimants from running text.
package figure

import (
	"context"
	_ "embed"
	"regexp"
	"sort"
	"strconv"
	"strings"
	"sync"
	"unicode"
	"unicode/utf8"

	"github.com/storyline-news/storyline/internal/analyze"
	nm "github.com/storyline-news/storyline/internal/analyze/names"
	"github.com/storyline-news/storyline/internal/analyze/sentence"
	"github.com/storyline-news/storyline/internal/model"
	"github.com/storyline-news/storyline/internal/wordlist"
)

// Extractor is the analysis stage that fills Article.Figures.
type Extractor struct{}

var _ analyze.Stage = Extractor{}

// Name implements analyze.Stage.
func (Extractor) Name() string { return "figure" }

var wordNumbers = map[string]float64{
	"one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8, "nine": 9, "ten": 10,
	"eleven": 11, "twelve": 12, "thirteen": 13, "fourteen": 14, "fifteen": 15, "sixteen": 16, "seventeen": 17,
	"eighteen": 18, "nineteen": 19, "twenty": 20, "thirty": 30, "forty": 40, "fifty": 50, "sixty": 60,
	"seventy": 70, "eighty": 80, "ninety": 90, "hundred": 100, "a hundred": 100, "a thousand": 1000,
	"a dozen": 12, "half": 0.5, "a half": 0.5, "half a": 0.5,
	"a third": 1.0 / 3, "a quarter": 0.25, "a fifth": 0.2, "two thirds": 2.0 / 3, "three quarters": 0.75,
}

// wordValue is the value of a number word, "twenty-four" included.
func wordValue(w string) float64 {
	if tens, unit, ok := strings.Cut(w, "-"); ok {
		return wordNumbers[tens] + wordNumbers[unit]
	}
	return wordNumbers[w]
}

var scales = map[string]float64{
	"thousand": 1e3, "k": 1e3, "million": 1e6, "m": 1e6, "mn": 1e6, "billion": 1e9, "bn": 1e9, "b": 1e9, "trillion": 1e12, "tn": 1e12,
	"dozen": 12, "hundred": 100,
}

// scaleExp is the power of ten a scale word stands for, so that "8.3m" is
// read as the decimal 8.3e6 rather than computed as 8.3 × 1e6, which is
// 8300000.000000001 in binary floating point.
var scaleExp = map[string]string{"thousand": "e3", "k": "e3", "million": "e6", "m": "e6", "mn": "e6",
	"billion": "e9", "bn": "e9", "b": "e9", "trillion": "e12", "tn": "e12"}

// vagueBase is what a vague plural counts in: "hundreds" are hundreds.
var vagueBase = map[string]float64{"dozens": 12, "dozen": 12, "scores": 20, "hundreds": 100, "hundred": 100,
	"thousands": 1e3, "thousand": 1e3, "millions": 1e6, "million": 1e6, "billions": 1e9, "billion": 1e9,
	"trillions": 1e12, "trillion": 1e12}

var (
	numRE = regexp.MustCompile(`(?i)(?:[$£€]\s?)?\b(\d{1,3}(?:,\d{3})+|\d+(?:\.\d+)?)(?:\s?(thousand|million|billion|trillion|bn|mn|m|k|tn)\b)?(%| per ?cent| percent)?|\b((?:twenty|thirty|forty|fifty|sixty|seventy|eighty|ninety)(?:-(?:one|two|three|four|five|six|seven|eight|nine))?|two thirds|three quarters|a third|a quarter|a fifth|a half|half a|a dozen|a hundred|a thousand|half|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|thirteen|fourteen|fifteen|sixteen|seventeen|eighteen|nineteen)(?:[\s-](million|billion|thousand|hundred|dozen))?\b`)
	// vagueRE finds quantities that name an order of magnitude rather
	// than a number: "dozens", "hundreds of thousands", "tens of
	// millions", "several hundred", "a few thousand".
	vagueRE     = regexp.MustCompile(`(?i)\b(?:(tens|hundreds|thousands) of\s+(thousands|millions|billions)|(several|a few|many) (dozen|hundred|thousand|million|billion)|(dozens|hundreds|thousands|millions|billions|trillions))\b`)
	qualRE      = regexp.MustCompile(`(?i)\b(more than|fewer than|less than|at least|at most|as many as|as few as|up to|about|around|roughly|approximately|nearly|almost|over|under|some|just|only|an estimated|estimated|close to|upwards of)\s+$`)
	hedgeRE     = regexp.MustCompile(`(?i)\b(could not be (?:independently )?(?:confirmed|verified)|cannot be (?:independently )?(?:confirmed|verified)|has not been (?:independently )?(?:confirmed|verified)|unverified|reportedly|allegedly|claimed|claims|it is thought|is thought|are thought|is believed|are believed|estimated?|estimates|are reported to|is reported to|were reported|said to)\b`)
	paraHedge   = regexp.MustCompile(`(?i)\b(these|the) (figures?|numbers?|claims?|information|reports?) could not be (independently )?(confirmed|verified)`)
	claimVerb   = regexp.MustCompile(`(?i)\b(said|says|say|estimate|estimates|estimated|claimed|claims|claim|reported|reports|wrote|writes|told|speaks of|speak of|announced|stated|believes|believe|think|thinks|put the|puts the|counted|recorded|according to)\b`)
	monthWord   = regexp.MustCompile(`(?i)^\s*` + nm.MonthPattern() + `\b`)
	monthBefore = regexp.MustCompile(`(?i)\b` + nm.MonthPattern() + `\.?\s+$`)
)

// unitStop ends a unit's noun phrase.
var unitStop = map[string]bool{
	"of": false, "in": true, "on": true, "at": true, "to": true, "from": true, "by": true, "for": true, "with": true,
	"and": false, "or": true, "that": true, "which": true, "who": true, "have": true, "has": true, "had": true, "were": true,
	"was": true, "are": true, "is": true, "will": true, "would": true, "could": true, "since": true, "as": true, "across": true,
	"than": true, "after": true, "before": true, "into": true, "during": true, "while": true, "but": true, "the": true, "a": true,
	"this": true, "their": true, "his": true, "her": true, "its": true, "our": true, "so": true, "far": true, "more": true, "remain": true,
	"we": true, "they": true, "he": true, "she": true, "it": true, "i": true, "you": true, "under": true, "over": true, "ago": true,
	"an": true, "outside": true, "inside": true, "near": true, "around": true, "along": true, "against": true, "through": true,
	"among": true, "between": true, "within": true, "without": true, "like": true, "including": true, "amid": true,
	"despite": true, "towards": true, "toward": true, "off": true, "up": true, "down": true, "out": true, "per": true,
	"lost": true, "left": true, "fled": true, "came": true, "went": true, "took": true, "gave": true, "fell": true,
	"made": true, "met": true, "held": true, "ran": true, "saw": true, "got": true, "won": true, "say": true, "says": true,
	"said": true, "remained": true, "remains": true, "live": true, "lives": true, "work": true, "died": true, "if": true,
	"when": true, "where": true, "because": true, "about": true, "than,": true, "do": true, "did": true, "can": true,
	"may": true, "might": true, "must": true, "should": true, "not": true, "all": true, "each": true, "every": true,
	"does": true, "doesn't": true, "don't": true, "didn't": true, "won't": true, "can't": true, "be": true, "been": true,
}

// currencies name what a sum counts when nothing else does.
var currencies = map[string]string{"$": "dollars", "£": "pounds", "€": "euros"}

var participles = map[string]bool{"killed": true, "wounded": true, "injured": true, "dead": true, "died": true,
	"displaced": true, "arrested": true, "missing": true, "evacuated": true, "detained": true, "captured": true,
	"rescued": true, "fled": true, "freed": true, "released": true, "trapped": true, "stranded": true,
	"hospitalised": true, "hospitalized": true, "executed": true, "abducted": true, "deported": true, "destroyed": true,
	"damaged": true, "shot": true, "hurt": true, "infected": true, "affected": true, "sheltering": true, "homeless": true}

// auxiliary words may stand between a counted noun and its participle:
// "civilians are reported to have died".
var auxiliary = map[string]bool{"had": true, "have": true, "has": true, "been": true, "were": true, "was": true,
	"are": true, "is": true, "be": true, "reportedly": true, "reported": true, "said": true, "thought": true,
	"believed": true, "feared": true, "known": true, "estimated": true, "to": true, "now": true, "so": true,
	"far": true, "already": true, "all": true, "being": true, "also": true}

// ofDeterminer may follow the "of" after a quantity: "a third of the region".
var ofDeterminer = map[string]bool{"the": true, "its": true, "their": true, "his": true, "her": true, "our": true,
	"these": true, "those": true, "all": true}

// Process implements analyze.Stage.
func (Extractor) Process(ctx context.Context, a model.Article) (model.Article, error) {
	if err := ctx.Err(); err != nil {
		return a, err
	}
	a.Figures = []model.Figure{}
	names := aliasMap(a.Entities)
	persons := personMentions(a)
	sents := sentencesOf(a)
	quotes := quoteSpans(a)
	lastPerson, lastClaimant := "", ""
	// pollster is the poll whose shares the paragraphs are reporting: it
	// carries over to the next paragraph as long as each states shares.
	pollster := ""
	for pi, para := range a.Body {
		paraShares := false
		paraHedged := paraHedge.FindString(para)
		if paraHedged == "" && pi+1 < len(a.Body) && len(sents[pi+1]) <= 2 {
			// "The claims could not be independently verified." as a
			// paragraph of its own hedges the one before it.
			paraHedged = paraHedge.FindString(a.Body[pi+1])
		}
		var paraFigs []model.Figure
		ps := sents[pi]
		for si, s := range ps {
			text := para[s.Start:s.End]
			if p := personBefore(persons, pi, s.Start); p != "" {
				lastPerson = p
			}
			claimant, pronoun := claimantOf(text, names)
			switch pronoun {
			case "he", "she":
				claimant = lastPerson
			case "they":
				claimant = lastClaimant
			}
			if claimant == "" && si+1 < len(ps) {
				// "… 3,000 square kilometres. Zaluzhny wrote this on Telegram."
				claimant = claimantOfThis(para[ps[si+1].Start:ps[si+1].End], names)
			}
			if isOutlet(claimant, a.Outlet) {
				claimant = "" // the outlet printing the article vouches for it: no claimant
			}
			if p := pollsterIn(text); p != "" && !isOutlet(p, a.Outlet) {
				pollster = p
			}
			hedge := hedgeRE.FindString(text)
			for _, f := range figuresIn(text) {
				at := s.Start + f.offset
				if droppedInQuote(f.Figure, para, at) {
					continue
				}
				f.Paragraph = pi
				f.Claimant = claimant
				if sp := quoteSpeaker(quotes[pi], at); sp != "" && !isOutlet(sp, a.Outlet) {
					// A figure inside a quotation is its speaker's.
					f.Claimant = sp
				}
				if f.Claimant == "" && pollShare[f.Unit] && pollster != "" {
					f.Claimant = pollster
				}
				f.Hedge = hedge
				f.Date, f.DateInferred = dateOf(a, pi, para, at, s.Start, s.End)
				paraFigs = append(paraFigs, f.Figure)
				paraShares = paraShares || pollShare[f.Unit]
			}
			if claimant != "" {
				lastClaimant = claimant
				if looksLikeName(claimant) {
					lastPerson = claimant
				}
			}
			if len(persons) == 0 {
				// Without the entity stage, the last full name the
				// sentence spells ("Anna Berg, the mayor, …").
				if n := lastFullName(text); n != "" {
					lastPerson = n
				}
			}
		}
		for i := range paraFigs {
			if paraFigs[i].Hedge == "" && paraHedged != "" {
				paraFigs[i].Hedge = paraHedged
			}
			// A figure is taken as verified only when nobody in
			// particular claims it and nothing hedges it.
			paraFigs[i].Verified = paraFigs[i].Hedge == "" && paraFigs[i].Claimant == ""
		}
		a.Figures = append(a.Figures, paraFigs...)
		if !paraShares && pollsterIn(para) == "" {
			pollster = ""
		}
	}
	return a, nil
}

// pollShare are the units a poll reports in.
var pollShare = map[string]bool{"percent": true, "points": true, "point": true, "percentage points": true, "percentage point": true}

// capitalRun reports whether a unit of two words or more is all
// capitalised: the name of something ("Major Cities", "Super Bowls").
func capitalRun(unit string) bool {
	f := strings.Fields(unit)
	if len(f) < 2 {
		return false
	}
	for _, w := range f {
		if !isCap(w) {
			return false
		}
	}
	return true
}

// titleCase reports whether most words of a sentence of four words or
// more are capitalised, as in a headline, where a capitalised unit says
// nothing.
func titleCase(s string) bool {
	f := strings.Fields(s)
	caps, words := 0, 0
	for _, w := range f {
		if r := []rune(w); unicode.IsLetter(r[0]) {
			words++
			if unicode.IsUpper(r[0]) {
				caps++
			}
		}
	}
	return words >= 4 && 3*caps >= 2*words
}

// quoteSpan is where a quotation with a known speaker stands in its
// paragraph.
type quoteSpan struct {
	start, end int
	speaker    string
}

// quoteSpans finds each paragraph's attributed quotations, as the quote
// stage recorded them.
func quoteSpans(a model.Article) [][]quoteSpan {
	out := make([][]quoteSpan, len(a.Body))
	for _, q := range a.Quotes {
		if q.Speaker == "" || q.Text == "" || q.Paragraph < 0 || q.Paragraph >= len(a.Body) {
			continue
		}
		if i := strings.Index(a.Body[q.Paragraph], q.Text); i >= 0 {
			out[q.Paragraph] = append(out[q.Paragraph], quoteSpan{i, i + len(q.Text), q.Speaker})
		}
	}
	return out
}

// quoteSpeaker is the speaker of the quotation that holds byte at, or "".
func quoteSpeaker(qs []quoteSpan, at int) string {
	for _, q := range qs {
		if at >= q.start && at < q.end {
			return q.speaker
		}
	}
	return ""
}

// mediaWords may follow an outlet's name in how it names itself:
// "Breitbart News", "the Times' staff".
var mediaWords = map[string]bool{"news": true, "online": true, "staff": true, "newspaper": true, "magazine": true,
	"reporters": true, "reporter": true, "editors": true, "editorial": true, "board": true, "network": true, "com": true}

// isOutlet reports whether a claimant is the outlet that printed the
// article, under the same name, without "The", or with a word such as
// "News" after it.
func isOutlet(claimant, outlet string) bool {
	norm := func(s string) []string {
		var out []string
		for _, w := range strings.FieldsFunc(strings.ToLower(s), func(r rune) bool { return !unicode.IsLetter(r) && !unicode.IsDigit(r) }) {
			if w != "the" && w != "s" {
				out = append(out, w)
			}
		}
		return out
	}
	c, o := norm(claimant), norm(outlet)
	if len(c) == 0 || len(o) == 0 || len(c) < len(o) {
		return false
	}
	for i := range o {
		if c[i] != o[i] {
			return false
		}
	}
	for _, w := range c[len(o):] {
		if !mediaWords[w] {
			return false
		}
	}
	return true
}

var (
	pollByRE   = regexp.MustCompile(`\b(?:poll|survey)\s+(?:\w+\s+)?(?:by|from|for|conducted by)\s+(?:the\s+)?((?:[A-Z][\w.&'’/-]*)(?:\s+(?:of\s+|for\s+)?[A-Z][\w.&'’/-]*){0,6})`)
	pollNameRE = regexp.MustCompile(`((?:[A-Z][\w.&'’/-]*\s+){1,5})(?:[Pp]oll|[Ss]urvey)\b`)
)

// pollsterIn names the poll or survey a sentence reports, if it names one:
// "a poll by the Harvard Institute of Politics", "the latest Reuters/Ipsos
// poll", "a Morning Consult Poll".
func pollsterIn(s string) string {
	if m := pollByRE.FindStringSubmatch(s); m != nil {
		return strings.TrimRight(m[1], ".,")
	}
	if m := pollNameRE.FindStringSubmatch(s); m != nil {
		f := strings.Fields(m[1])
		for len(f) > 0 && nm.NamesNobody(f[0]) {
			f = f[1:] // "The latest …": a sentence opener, not the pollster
		}
		if len(f) > 0 {
			return strings.Join(f, " ")
		}
	}
	return ""
}

// droppedInQuote says whether a figure is a figure of speech rather than a
// quantity: a share of 100 percent or more that shares nothing out ("100
// percent certain", "I'm 110 percent behind him"), said inside a quotation.
func droppedInQuote(f model.Figure, para string, at int) bool {
	if f.Unit != "percent" || f.Value < 100 || !inQuotation(para, at) {
		return false
	}
	rest := strings.Fields(para[min(len(para), at+len(f.Number)):])
	return len(rest) == 0 || !strings.EqualFold(strings.Trim(rest[0], ",."), "of")
}

// inQuotation reports whether byte at of para stands inside quotation
// marks: an opening curly quote not closed before it, or an odd number of
// straight double quotes before it.
func inQuotation(para string, at int) bool {
	pre := para[:at]
	if o := strings.LastIndex(pre, "“"); o >= 0 && o > strings.LastIndex(pre, "”") {
		return true
	}
	return strings.Count(pre, "\"")%2 == 1
}

// sentencesOf returns each paragraph's sentences: the sentence stage's
// when it ran, else split here.
func sentencesOf(a model.Article) [][]model.Sentence {
	out := make([][]model.Sentence, len(a.Body))
	if len(a.Sentences) > 0 {
		for _, s := range a.Sentences {
			if s.Para >= 0 && s.Para < len(out) && s.Start >= 0 && s.End <= len(a.Body[s.Para]) && s.Start <= s.End {
				out[s.Para] = append(out[s.Para], s)
			}
		}
	}
	for i, p := range a.Body {
		if len(out[i]) == 0 {
			out[i] = sentence.Split(p)
		}
	}
	return out
}

// personMention is where the entity stage found a person.
type personMention struct {
	para, start int
	name        string
}

func personMentions(a model.Article) []personMention {
	var out []personMention
	for _, m := range a.Mentions {
		if m.Entity >= 0 && m.Entity < len(a.Entities) && a.Entities[m.Entity].Type == model.Person {
			out = append(out, personMention{m.Para, m.Start, a.Entities[m.Entity].Name})
		}
	}
	return out
}

// personBefore is the last person named before the given point, or "".
func personBefore(ms []personMention, para, start int) string {
	name := ""
	for _, m := range ms {
		if m.para < para || m.para == para && m.start < start {
			name = m.name
		}
	}
	return name
}

var fullNameRE = regexp.MustCompile(`\b[A-Z][a-z\x{00C0}-\x{024F}'’-]+(?:\s+[A-Z][a-z\x{00C0}-\x{024F}'’-]+)+`)

// lastFullName returns the last run of two or more capitalised words in s
// that reads as a person's name, or "".
func lastFullName(s string) string {
	ms := fullNameRE.FindAllString(s, -1)
	for i := len(ms) - 1; i >= 0; i-- {
		f := strings.Fields(ms[i])
		if nm.NamesNobody(f[0]) {
			f = f[1:]
		}
		if len(f) >= 2 && looksLikeName(strings.Join(f, " ")) {
			return strings.Join(f, " ")
		}
	}
	return ""
}

// looksLikeName tells a person's name ("Valeriy Zaluzhny", "Zaluzhny")
// from a collective claimant ("local officials", "Ukrainian army").
func looksLikeName(s string) bool {
	f := strings.Fields(s)
	if len(f) == 0 {
		return false
	}
	for _, w := range f {
		if !isCap(w) {
			return false
		}
	}
	return nm.PersonLike(f) && !collective(strings.ToLower(f[len(f)-1]))
}

var startBefore = regexp.MustCompile(`(?i)\b(?:since|from|began|begun|started|launched|start of|beginning of)\b(?:\s+\S+){0,5}\s*$`)

// dateOf is the date a figure refers to: the nearest date the sentence
// states before it (else after it), else the one day its paragraph
// states, else the publication date.
//
// The second result is true when the text states no date for the figure
// and the first is the publication date.
func dateOf(a model.Article, pi int, para string, at, sStart, sEnd int) (string, bool) {
	best, bestPos := "", -1
	after, afterPos := "", len(para)+1
	var paraDay string
	n := 0
	from := 0
	for _, d := range a.Dates {
		if d.Paragraph != pi || len(d.Date) != 10 {
			continue
		}
		pos := strings.Index(para[from:], d.Text)
		if pos < 0 {
			pos = strings.Index(para, d.Text)
		} else {
			pos += from
			from = pos + len(d.Text)
		}
		if pos < 0 {
			continue
		}
		if len(a.Published) >= 10 && d.Date > a.Published[:10] || startBefore.MatchString(para[:pos]) {
			// A plan ("talks resume tomorrow") or the start of a count
			// ("since the attack began on 24 February") is not the date
			// a figure stands at.
			continue
		}
		if paraDay != d.Date {
			n++
			paraDay = d.Date
		}
		if pos < sStart || pos >= sEnd {
			continue
		}
		if pos <= at && pos > bestPos {
			best, bestPos = d.Date, pos
		} else if pos > at && pos < afterPos {
			after, afterPos = d.Date, pos
		}
	}
	switch {
	case best != "":
		return best, false
	case after != "":
		return after, false
	case n == 1:
		return paraDay, false
	case len(a.Published) >= 10:
		return a.Published[:10], true
	}
	return "", false
}

// found is a figure with the byte offset of its number in the sentence.
type found struct {
	model.Figure
	offset     int // the number
	start, end int // the figure's text
}

// timeUnits count durations, not things: "for 31 days", "three weeks".
var timeUnits = map[string]bool{"second": true, "seconds": true, "minute": true, "minutes": true, "hour": true,
	"hours": true, "day": true, "days": true, "week": true, "weeks": true, "month": true, "months": true,
	"year": true, "years": true, "decade": true, "decades": true, "century": true, "centuries": true,
	"night": true, "nights": true, "weekend": true, "weekends": true, "times": true, "o'clock": true,
	"am": true, "pm": true, "a.m.": true, "p.m.": true, "a.m": true, "p.m": true, "o’clock": true, "gmt": true,
	"bst": true, "utc": true, "cet": true, "et": true, "pt": true, "edt": true, "est": true, "local": true,
	"min": true, "mins": true, "hr": true, "hrs": true, "sec": true, "secs": true}

// notQualifier: "over" after these verbs is a particle ("hand over
// dozens of jets"), not "more than".
var notQualifier = map[string]bool{"hand": true, "handed": true, "handing": true, "hands": true, "take": true,
	"took": true, "taken": true, "taking": true, "turn": true, "turned": true, "turning": true, "won": true,
	"win": true, "fought": true, "fight": true, "took over": true, "left": true, "passed": true, "pass": true, "get": true}

// number is a number found in a sentence: where it is, its value, and its
// bounds when it is vague.
type number struct {
	start, end int // the number as written, currency sign included
	value      float64
	low, high  float64
	vague      bool
	pct        bool
	digits     bool // written in digits, which "10,000 of 40,000" needs
}

// numbersIn finds the numbers of a sentence in order: vague quantities
// first ("hundreds of thousands" is one), then numbers outside them.
func numbersIn(s string) []number {
	var out []number
	for _, m := range vagueRE.FindAllStringSubmatchIndex(s, -1) {
		n := number{start: m[0], end: m[1], vague: true}
		switch {
		case m[2] >= 0: // "tens of thousands": ×10 to ×99 of the base
			mult := map[string]float64{"tens": 10, "hundreds": 100, "thousands": 1000}[strings.ToLower(s[m[2]:m[3]])]
			n.low = 2 * mult * vagueBase[strings.ToLower(s[m[4]:m[5]])]
		case m[6] >= 0: // "several hundred"
			n.low = 2 * vagueBase[strings.ToLower(s[m[8]:m[9]])]
		default: // "hundreds"
			n.low = 2 * vagueBase[strings.ToLower(s[m[10]:m[11]])]
		}
		// From two of the base to one short of ten of them: "hundreds"
		// are 200 to 999, "dozens" 24 to 119.
		n.high = 5*n.low - 1
		n.value = n.low
		out = append(out, n)
	}
	vague := out
	locs := numRE.FindAllStringSubmatchIndex(s, -1)
	for _, m := range locs {
		if inside(vague, m[0], m[1]) {
			continue
		}
		n := number{start: m[0], end: m[1]}
		if m[2] >= 0 {
			digits := strings.ReplaceAll(s[m[2]:m[3]], ",", "")
			if m[4] >= 0 {
				digits += scaleExp[strings.ToLower(s[m[4]:m[5]])]
			}
			v, err := strconv.ParseFloat(digits, 64)
			if err != nil {
				continue
			}
			n.value, n.digits = v, true
			n.pct = m[6] >= 0
			if skipNumber(s, m[0], m[1], s[m[2]:m[3]], m[4] >= 0 || n.pct) {
				continue
			}
		} else {
			w := strings.ToLower(s[m[8]:m[9]])
			n.value = wordValue(w)
			if m[10] >= 0 {
				n.value *= scales[strings.ToLower(s[m[10]:m[11]])]
			} else if w == "half a" {
				continue // "half a" counts only with a scale: "half a million"
			}
			if n.value == 0 || definiteSmall(s, m[0], w) {
				continue
			}
		}
		out = append(out, n)
	}
	sort.Slice(out, func(i, j int) bool { return out[i].start < out[j].start })
	return out
}

// inside reports whether [a, b) overlaps one of the numbers ns.
func inside(ns []number, a, b int) bool {
	for _, n := range ns {
		if a < n.end && b > n.start {
			return true
		}
	}
	return false
}

// figuresIn finds the figures of one sentence.
func figuresIn(s string) []found {
	var out []found
	nums := numbersIn(s)
	for k, n := range nums {
		m := []int{n.start, n.end}
		value, pct := n.value, n.pct
		start := m[0]
		qual := ""
		base := tailStart(s, m[0], 32) // qualifiers are short: read only the words just before
		if q := qualRE.FindStringSubmatchIndex(s[base:m[0]]); q != nil {
			for i := range q {
				if q[i] >= 0 {
					q[i] += base
				}
			}
			word := strings.ToLower(s[q[2]:q[3]])
			prev := strings.Fields(s[:q[0]])
			if !(word == "over" || word == "under") || len(prev) == 0 || !notQualifier[strings.ToLower(prev[len(prev)-1])] {
				qual = word
				start = q[0]
			}
		}
		unit, end := unitAfter(s, m[1])
		if pct {
			unit = "percent"
		}
		if c, ok := currencies[currencyBefore(s, m[0])]; ok && n.digits {
			unit = c // "£3.5bn in trade": a sum of pounds
		}
		// "10,000 of 40,000 residents": the first number counts what the
		// second does.
		if unit == "" && k+1 < len(nums) && strings.HasPrefix(strings.TrimSpace(s[m[1]:]), "of ") && nums[k+1].start-m[1] <= 5 {
			u, e := unitAfter(s, nums[k+1].end)
			unit, end = u, e
		}
		// "100,000, 200,000 or 250,000 refugees", "35 to 12 percent": a
		// number in a list counts what the list's last number counts.
		if unit == "" && !n.vague {
			for j := k + 1; j < len(nums) && listJoin.MatchString(s[nums[j-1].end:nums[j].start]); j++ {
				if nums[j].pct {
					unit = "percent"
					break
				}
				if u, _ := unitAfter(s, nums[j].end); u != "" {
					unit = u
					if c, ok := currencies[currencyBefore(s, nums[j].start)]; ok && nums[j].digits {
						unit = c
					}
					break
				}
			}
		}
		// "a shooting that killed 14": the verb before a bare number says
		// what it counts.
		if prev := strings.Fields(s[tailStart(s, start, 24):start]); unit == "" && len(prev) > 0 {
			if v := strings.ToLower(strings.Trim(prev[len(prev)-1], ",;:")); participles[v] {
				unit = v
			}
		}
		if unit == "" {
			continue // a bare number (a score, an age) counts nothing we can name
		}
		if head := strings.ToLower(strings.Fields(unit)[0]); timeUnits[head] || monthWord.MatchString(head) {
			continue // a duration or a part of a month, not a count
		}
		if uf := strings.Fields(unit); len(uf) == 1 && wordclass()[strings.ToLower(uf[0])] == 'F' {
			continue // "part 1 here": a function word is no unit
		}
		if capitalRun(unit) && !titleCase(s) {
			continue // "2 Major Cities", "the two Super Bowls": a name, not a unit
		}
		// "destroyed more than 40 tanks": the verb before the figure says
		// what happened to what it counts, as a participle after it would
		// ("40 tanks destroyed"), so both group under one unit.
		if prev := strings.Fields(s[tailStart(s, start, 24):start]); len(prev) > 0 {
			if v := strings.ToLower(strings.Trim(prev[len(prev)-1], ",;:")); participles[v] && !strings.HasSuffix(unit, " "+v) && !participles[lastField(unit)] {
				unit += " " + v
			}
		}
		f := model.Figure{
			Text: strings.TrimRight(strings.TrimSpace(s[start:end]), ".,;:!?\"'’”"), Number: strings.TrimSpace(s[m[0]:m[1]]),
			Value: value, Unit: normUnit(unit), Qualifier: qual,
		}
		if n.vague {
			f.Low, f.High, f.Vague = n.low, n.high, true
		}
		out = append(out, found{Figure: f, offset: m[0], start: start, end: end})
	}
	return joinRanges(s, out)
}

// listJoin is what stands between the numbers of a list or a range.
var listJoin = regexp.MustCompile(`^\s*(?:,|,?\s*(?:or|and|to)|-|–)\s*$`)

var (
	rangeOr     = regexp.MustCompile(`^\s*(?:or|-|–)\s*$`)
	rangeTo     = regexp.MustCompile(`^\s*to\s*$`)
	rangeAnd    = regexp.MustCompile(`^\s*and\s*$`)
	betweenRE   = regexp.MustCompile(`(?i)\bbetween\s+$`)
	fromRE      = regexp.MustCompile(`(?i)\bfrom\s+$`)
	rangeFromRE = regexp.MustCompile(`(?i)\b(?:range|ranges|ranged|ranging|varies|vary|varying)\s+from\s+$`)
	boundOpener = regexp.MustCompile(`(?i)\b(between|from)\s+$`)
)

// joinRanges makes one range of two figures that bound it: "four or five
// people", "between 40 and 60 homes", "ranges from 100,000 to 250,000",
// "40 to 50 people". "From 70,000 to 85,000" without a word of range is a
// change from one value to another, and stays two figures; so does "35 to
// 12", which does not rise.
func joinRanges(s string, fs []found) []found {
	var out []found
	for i := 0; i < len(fs); i++ {
		a := fs[i]
		if i+1 < len(fs) && a.Unit == fs[i+1].Unit && !a.Vague && !fs[i+1].Vague && fs[i+1].Value > a.Value {
			b := fs[i+1]
			join := s[min(a.offset+len(a.Number), b.offset):b.offset]
			before := s[tailStart(s, a.offset, 40):a.offset]
			ok := false
			switch {
			case rangeOr.MatchString(join):
				// "100,000, 200,000 or 250,000" is a list, not a range.
				ok = i == 0 || !listJoin.MatchString(s[min(fs[i-1].offset+len(fs[i-1].Number), a.offset):a.offset])
			case rangeAnd.MatchString(join):
				ok = betweenRE.MatchString(before)
			case rangeTo.MatchString(join):
				ok = rangeFromRE.MatchString(before) || betweenRE.MatchString(before) || !fromRE.MatchString(before)
			}
			if ok {
				f := a
				f.Low, f.High, f.Value = a.Value, b.Value, a.Value
				f.Number = s[a.offset : b.offset+len(b.Number)]
				f.end = max(a.end, b.end)
				if pre := s[tailStart(s, a.offset, 12):a.offset]; f.Qualifier == "" {
					if m := boundOpener.FindStringIndex(pre); m != nil {
						f.start = a.offset - len(pre) + m[0]
					}
				}
				f.Text = strings.TrimRight(strings.TrimSpace(s[f.start:f.end]), ".,;:!?\"'’”")
				out = append(out, f)
				i++
				continue
			}
		}
		out = append(out, a)
	}
	return out
}

func lastField(s string) string {
	f := strings.Fields(s)
	if len(f) == 0 {
		return ""
	}
	return f[len(f)-1]
}

// currencyBefore returns the currency symbol that opens a number, if any
// ("£" is two bytes, so the first rune is read, not the first byte).
func currencyBefore(s string, at int) string {
	for sym := range currencies {
		if strings.HasPrefix(s[at:], sym) {
			return sym
		}
	}
	return ""
}

// tailStart is where the last n bytes before at begin, moved forward to a
// rune boundary.
func tailStart(s string, at, n int) int {
	i := at - n
	if i <= 0 {
		return 0
	}
	for i < at && !utf8.RuneStart(s[i]) {
		i++
	}
	return i
}

// definiteSmall drops "the two sides", "both of the three": a small number
// after "the" names a known set rather than counting.
func definiteSmall(s string, at int, w string) bool {
	switch w {
	case "two", "three", "four":
	default:
		return false
	}
	prev := strings.Fields(s[:at])
	if len(prev) == 0 {
		return false
	}
	p := strings.ToLower(prev[len(prev)-1])
	return p == "the" || p == "these" || p == "those" || p == "their" || p == "its" || p == "his" || p == "her" || p == "our"
}

// skipNumber drops years, dates, times, ordinals and numbers inside words.
func skipNumber(s string, a, b int, digits string, scaled bool) bool {
	if a > 0 {
		r := rune(s[a-1])
		if unicode.IsLetter(r) || r == '-' || r == '/' || r == ':' {
			return true
		}
	}
	if b < len(s) {
		rest := s[b:]
		if strings.HasPrefix(rest, "th ") || strings.HasPrefix(rest, "st ") || strings.HasPrefix(rest, "nd ") || strings.HasPrefix(rest, "rd ") || strings.HasPrefix(rest, ":") || strings.HasPrefix(rest, "-") && !strings.HasPrefix(rest, "- ") {
			return true
		}
		if monthWord.MatchString(rest) {
			return true
		}
	}
	if monthBefore.MatchString(s[tailStart(s, a, 24):a]) {
		return true
	}
	if !scaled && len(digits) == 4 && !strings.Contains(digits, ",") {
		if y, _ := strconv.Atoi(digits); y >= 1800 && y <= 2100 {
			return true
		}
	}
	return false
}

// unitAfter reads the noun phrase after a number: "civilians had been
// killed" → "civilians killed", "square kilometers" → itself.
func unitAfter(s string, from int) (string, int) {
	rest := s[from:]
	words := strings.Fields(rest)
	var unit []string
	end := from
	pos := 0
	for i, w := range words {
		idx := strings.Index(rest[pos:], w)
		pos += idx + len(w)
		clean := strings.TrimRight(w, ".,;:!?)]}\"'\u2019\u201d")
		lw := strings.ToLower(clean)
		if i == 0 && lw == "lives" {
			// "taking 129 lives": after a number, a noun
			unit = append(unit, clean)
			end = from + pos
			if clean != w {
				break
			}
			continue
		}
		if i == 0 && (lw == "of" || lw == "per") {
			// "dozens of armoured vehicles", "hundreds of people"
			continue
		}
		if i == 1 && len(unit) == 0 && ofDeterminer[lw] && strings.EqualFold(words[0], "of") {
			// "a third of the region", "half of its troops"
			continue
		}
		if stop, ok := unitStop[lw]; ok && stop || lw == "" || unicode.IsDigit([]rune(lw)[0]) {
			break
		}
		if lw == "of" {
			break // "500 square kilometres of farmland": the unit is before "of"
		}
		if lw == "and" {
			next := ""
			if i+1 < len(words) {
				next = strings.ToLower(strings.TrimRight(words[i+1], ".,;:"))
			}
			_, quantity := wordNumbers[next]
			if next != "" && len(unit) > 0 && !quantity && !strings.HasSuffix(next, "ed") && !unitStop[next] {
				unit = append(unit, lw)
				continue
			}
			break
		}
		if !unicode.IsLetter([]rune(clean)[0]) {
			break
		}
		// A verb or a function word ends the noun phrase: "voters
		// stayed", "workers gathering", "countries share", "people
		// there"; the participle step below adds what matters.
		if len(unit) > 0 && (strings.HasSuffix(lw, "ed") || strings.HasSuffix(lw, "ing")) && len(lw) > 4 {
			break
		}
		if len(unit) > 0 && endsPhrase(lw, unit[len(unit)-1]) {
			break
		}
		unit = append(unit, clean)
		end = from + pos
		if clean != w || len(unit) >= 4 {
			break
		}
	}
	for len(unit) > 0 && (unit[len(unit)-1] == "and" || unit[len(unit)-1] == "of") {
		unit = unit[:len(unit)-1]
	}
	// A participle a few words on says what happened to them.
	after := strings.Fields(s[end:])
	for i := 0; i < len(after) && i < 6; i++ {
		w := strings.ToLower(strings.TrimRight(after[i], ".,;:"))
		if participles[w] {
			unit = append(unit, w)
			end += strings.Index(s[end:], after[i]) + len(after[i])
			break
		}
		if !auxiliary[w] {
			break
		}
	}
	return strings.Join(unit, " "), end
}

func normUnit(u string) string {
	r := strings.NewReplacer("kilometers", "kilometres", "kilometer", "kilometre", "meters", "metres", "meter", "metre")
	return r.Replace(strings.ToLower(u))
}

func aliasMap(ents []model.Entity) map[string]string {
	m := map[string]string{}
	for _, e := range ents {
		m[strings.ToLower(e.Name)] = e.Name
		for _, al := range e.Aliases {
			m[strings.ToLower(al)] = e.Name
		}
		if f := strings.Fields(e.Name); e.Type == model.Person && len(f) > 1 {
			m[strings.ToLower(f[len(f)-1])] = e.Name
		}
	}
	return m
}

// claimantOf finds who a sentence says states its figures: the subject of
// its reporting verb, or what follows "according to". When that subject is
// a pronoun it is returned second ("he", "she", "they") for the caller to
// resolve.
func claimantOf(s string, names map[string]string) (string, string) {
	for _, loc := range claimVerb.FindAllStringIndex(s, -1) {
		verb := strings.ToLower(s[loc[0]:loc[1]])
		if verb == "according to" {
			src := strings.Fields(firstClause(s[loc[1]:]))
			if c := nameIn(src, names, true); c != "" {
				return c, ""
			}
			// "according to the coastguard": the source, whatever it is.
			for len(src) > 0 && subjectDrop[strings.ToLower(src[0])] {
				src = src[1:]
			}
			if len(src) > 0 && len(src) <= 4 {
				return strings.Join(src, " "), ""
			}
			continue
		}
		pre := stepOverAppositions(s[:loc[0]])
		if i := strings.LastIndexAny(pre, ",;:–—"); i >= 0 {
			if len(strings.Fields(pre[i+1:])) == 0 {
				// "…, said Maria Lopez": the subject follows the verb.
				if post := strings.Fields(firstClause(s[loc[1]:])); len(post) > 0 && len(post) <= 6 {
					if c := nameIn(post, names, true); c != "" {
						return c, ""
					}
				}
				continue
			}
			pre = pre[i+1:]
		}
		words := strings.Fields(pre)
		if len(words) > 7 {
			words = words[len(words)-7:]
		}
		if len(words) > 0 {
			last := strings.ToLower(strings.Trim(words[len(words)-1], "\"'‘’“”,"))
			if len(words) <= 2 {
				switch last {
				case "he", "she", "they":
					return "", last
				}
			}
		}
		if c := nameIn(words, names, false); c != "" {
			return c, ""
		}
	}
	return "", ""
}

// withoutTitles drops the titles that open a name: "Gen Oleksandr
// Syrskyi" → "Oleksandr Syrskyi".
func withoutTitles(run string) string {
	f := strings.Fields(run)
	for len(f) > 1 && nm.Title(f[0]) {
		f = f[1:]
	}
	return strings.Join(f, " ")
}

// stepOverAppositions cuts the appositions off a subject that stands
// before its verb: "Gen Oleksandr Syrskyi, the commander of Ukraine's
// ground forces, said" → "Gen Oleksandr Syrskyi". A part after a comma
// that starts in lower case describes the one before it.
func stepOverAppositions(pre string) string {
	t := strings.TrimRight(pre, " ")
	if !strings.HasSuffix(t, ",") {
		return pre
	}
	parts := strings.Split(strings.TrimSuffix(t, ","), ",")
	k := len(parts) - 1
	for k > 0 {
		p := strings.TrimSpace(parts[k])
		if p == "" || !unicode.IsLower([]rune(p)[0]) || len(strings.Fields(p)) > 12 {
			break
		}
		k--
	}
	if k == len(parts)-1 {
		return pre
	}
	return strings.Join(parts[:k+1], ",") + " "
}

var thisRE = regexp.MustCompile(`^\s*(?:The\s+)?([A-Z][\w’'-]*(?:\s+[A-Z][\w’'-]*){0,3})\s+(?:said|wrote|announced|reported|stated|posted|tweeted|claimed)\s+(?:this|so|that)\b`)

// claimantOfThis reads a sentence that owns the one before it: "Zaluzhny
// wrote this on Telegram."
func claimantOfThis(s string, names map[string]string) string {
	m := thisRE.FindStringSubmatch(s)
	if m == nil {
		return ""
	}
	return nameIn(strings.Fields(m[1]), names, true)
}

func firstClause(s string) string {
	if i := strings.IndexAny(s, ",;.:"); i >= 0 {
		return s[:i]
	}
	return s
}

var subjectDrop = map[string]bool{"the": true, "a": true, "an": true, "but": true, "and": true, "also": true, "itself": true, "now": true}

// nameIn returns the claimant named by words: an entity's canonical name,
// a capitalised name, or a collective ("American sources", "officials").
func nameIn(words []string, names map[string]string, forward bool) string {
	var kept []string
	for _, w := range words {
		w = strings.Trim(w, "\"'\u2018\u2019\u201c\u201d()")
		w = strings.TrimSuffix(strings.TrimSuffix(w, "'s"), "\u2019s")
		if w == "" || subjectDrop[strings.ToLower(w)] && len(kept) == 0 || strings.EqualFold(w, "itself") || strings.EqualFold(w, "themselves") {
			continue
		}
		kept = append(kept, w)
	}
	if len(kept) == 0 {
		return ""
	}
	phrase := strings.Join(kept, " ")
	lp := strings.ToLower(phrase)
	// The longest entity name inside the phrase wins; names of one length
	// ("Dana Voss and Mira Holt said") go to the alphabetically first, so
	// that map order never decides.
	best := ""
	for k := range names {
		if (len(k) > len(best) || len(k) == len(best) && k < best) && strings.Contains(" "+lp+" ", " "+k+" ") {
			best = k
		}
	}
	if best != "" && !strings.Contains(lp, " "+best) && !strings.HasPrefix(lp, best) {
		best = ""
	}
	if best != "" {
		// "United Nations" holds the entity "Nations": keep the longer name.
		if run := withoutTitles(nm.LastCapRun(kept)); len(run) > len(names[best]) && strings.Contains(strings.ToLower(run), best) {
			return run
		}
		return names[best]
	}
	last := strings.ToLower(kept[len(kept)-1])
	if p := officeHolder(kept, names); p != "" {
		return p
	}
	if collective(last) {
		if len(kept) > 4 {
			kept = kept[len(kept)-4:]
		}
		return strings.Join(kept, " ")
	}
	if run := nm.LastCapRun(kept); run != "" && !nm.NamesNobody(run) {
		return withoutTitles(run)
	}
	return ""
}

// officeHolder resolves a claimant described by office ("the Ukrainian
// president", "the prime minister") to the one person of the article
// titled so ("President Zelensky"), if exactly one is.
func officeHolder(kept []string, names map[string]string) string {
	n := len(kept)
	office := strings.ToLower(kept[n-1])
	if !nm.Office(office) || n > 4 {
		return ""
	}
	for _, w := range kept[:n-1] {
		if isCap(w) && !isDemonymLike(w) {
			return "" // "Foreign Minister Dmytro Kuleba" names the person itself
		}
	}
	if n >= 2 {
		if q := strings.ToLower(kept[n-2]); q == "prime" || q == "foreign" || q == "defence" || q == "defense" || q == "deputy" || q == "vice" {
			office = q + " " + office
		}
	}
	holder := ""
	for alias, canon := range names {
		if !strings.HasPrefix(alias, office+" ") && !strings.Contains(alias, " "+office+" ") {
			continue // "President Zelensky", "Ukrainian President Volodymyr Zelensky"
		}
		if holder != "" && holder != canon {
			return "" // two people hold that title here: say nothing
		}
		holder = canon
	}
	return holder
}

// isDemonymLike reports whether a capitalised word is a nationality or
// country adjective ("Ukrainian", "US", "British") rather than a name.
func isDemonymLike(w string) bool {
	w = strings.Trim(w, ".'’")
	if nm.Demonym(w) {
		return true
	}
	_, ok := nm.Country(w)
	return ok && strings.ToUpper(w) == w
}

// collective tells whether a claimant's head word names a group or an
// office rather than a person: "American sources", "the health ministry".
// Organisations' head words and offices are the names model's; the
// groups of people and the sources of figures are the figure stage's.
func collective(last string) bool {
	return nm.OrgHead(last) || nm.Office(last) || claimantGroups[last] ||
		strings.HasSuffix(last, "sources") || strings.HasSuffix(last, "officials")
}

// claimantGroups are the plural people and the kinds of source a figure
// is credited to without a name: "experts", "witnesses", "estimates".
var claimantGroups = map[string]bool{"experts": true, "analysts": true, "authorities": true, "military": true,
	"officials": true, "official": true, "sources": true, "source": true, "observers": true, "monitors": true,
	"media": true, "investigators": true, "researchers": true, "scientists": true, "activists": true, "residents": true,
	"witnesses": true, "rescuers": true, "doctors": true, "medics": true, "hospital": true, "hospitals": true,
	"firm": true, "organisers": true, "organizers": true, "estimates": true, "figures": true, "data": true}

func isCap(w string) bool {
	r := []rune(w)
	return len(r) > 0 && unicode.IsUpper(r[0])
}

// wordclass.txt.gz says which words mostly serve as verbs or function
// words in the GUM and GENTLE corpora ("word<TAB>F|V|v"); posgen builds it.
//
//go:embed wordclass.txt.gz
var wordclassData []byte

var wordclass = sync.OnceValue(func() map[string]byte {
	m := map[string]byte{}
	// The embedded table is tested; without it units only run longer.
	_ = wordlist.Each(wordclassData, func(l string) {
		if w, c, ok := strings.Cut(l, "\t"); ok && c != "" {
			m[w] = c[0]
		}
	})
	return m
})

// endsPhrase says whether word w, coming after prev in a unit, is no
// longer part of its noun phrase: a word mostly used as a verb or function
// word, or one used as a verb often enough after a plural noun
// ("countries share", but "market share").
func endsPhrase(w, prev string) bool {
	switch wordclass()[w] {
	case 'F', 'V':
		return true
	case 'v':
		return strings.HasSuffix(prev, "s") && !strings.HasSuffix(prev, "ss") && !strings.HasSuffix(w, "s")
	}
	return false
}
