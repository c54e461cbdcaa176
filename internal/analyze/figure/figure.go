// Package figure finds the numbers an article states — casualties, areas,
// sums, counts — with what they count, their qualifier ("more than", "at
// least"), who claims them, and whether anything hedges them.
//
// Rule-based: numbers in digits and words, scale words ("4 million",
// "3.5bn"), the noun phrase after the number as the unit, the reporting
// clause of the sentence as the claimant (resolved to the entity stage's
// canonical names), and hedges in the sentence or in a following sentence
// of the paragraph ("These figures could not be independently confirmed").
package figure

import (
	"context"
	"regexp"
	"strconv"
	"strings"
	"unicode"

	"github.com/storyline-news/storyline/internal/analyze"
	"github.com/storyline-news/storyline/internal/analyze/sentence"
	"github.com/storyline-news/storyline/internal/model"
)

// Extractor is the analysis stage that fills Article.Figures.
type Extractor struct{}

var _ analyze.Stage = Extractor{}

// Name implements analyze.Stage.
func (Extractor) Name() string { return "figure" }

var wordNumbers = map[string]float64{
	"two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8, "nine": 9, "ten": 10,
	"eleven": 11, "twelve": 12, "thirteen": 13, "fourteen": 14, "fifteen": 15, "sixteen": 16, "seventeen": 17,
	"eighteen": 18, "nineteen": 19, "twenty": 20, "thirty": 30, "forty": 40, "fifty": 50, "sixty": 60,
	"seventy": 70, "eighty": 80, "ninety": 90, "hundred": 100, "a hundred": 100, "a thousand": 1000,
	"dozens": 24, "a dozen": 12, "hundreds": 200, "thousands": 2000, "half": 0.5, "a half": 0.5,
	"a third": 1.0 / 3, "a quarter": 0.25, "a fifth": 0.2, "two thirds": 2.0 / 3, "three quarters": 0.75,
}

var scales = map[string]float64{
	"thousand": 1e3, "k": 1e3, "million": 1e6, "m": 1e6, "mn": 1e6, "billion": 1e9, "bn": 1e9, "b": 1e9, "trillion": 1e12, "tn": 1e12,
}

var (
	numRE       = regexp.MustCompile(`(?i)(?:[$£€]\s?)?\b(\d{1,3}(?:,\d{3})+|\d+(?:\.\d+)?)(?:\s?(thousand|million|billion|trillion|bn|mn|m|k|tn)\b)?(%| per ?cent| percent)?|\b(two thirds|three quarters|a third|a quarter|a fifth|a half|a dozen|a hundred|a thousand|dozens|hundreds|thousands|half|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|thirteen|fourteen|fifteen|sixteen|seventeen|eighteen|nineteen|twenty|thirty|forty|fifty|sixty|seventy|eighty|ninety)(?:\s(million|billion|thousand|hundred))?\b`)
	qualRE      = regexp.MustCompile(`(?i)\b(more than|fewer than|less than|at least|at most|as many as|as few as|up to|about|around|roughly|approximately|nearly|almost|over|under|some|just|only|an estimated|estimated|close to|upwards of)\s+$`)
	hedgeRE     = regexp.MustCompile(`(?i)\b(could not be (?:independently )?(?:confirmed|verified)|cannot be (?:independently )?(?:confirmed|verified)|has not been (?:independently )?(?:confirmed|verified)|unverified|reportedly|allegedly|claimed|claims|it is thought|is thought|are thought|is believed|are believed|estimated?|estimates|are reported to|is reported to|were reported|said to|according to)\b`)
	paraHedge   = regexp.MustCompile(`(?i)\b(these|the) (figures?|numbers?|claims?|information|reports?) could not be (independently )?(confirmed|verified)`)
	claimVerb   = regexp.MustCompile(`(?i)\b(said|says|say|estimate|estimates|estimated|claimed|claims|claim|reported|reports|wrote|writes|told|speaks of|speak of|announced|stated|believes|put the|puts the|counted|recorded|according to)\b`)
	monthWord   = regexp.MustCompile(`(?i)^\s*(january|february|march|april|may|june|july|august|september|october|november|december|jan|feb|mar|apr|jun|jul|aug|sep|sept|oct|nov|dec)\b`)
	monthBefore = regexp.MustCompile(`(?i)\b(january|february|march|april|may|june|july|august|september|october|november|december)\s+$`)
)

// unitStop ends a unit's noun phrase.
var unitStop = map[string]bool{
	"of": false, "in": true, "on": true, "at": true, "to": true, "from": true, "by": true, "for": true, "with": true,
	"and": false, "or": true, "that": true, "which": true, "who": true, "have": true, "has": true, "had": true, "were": true,
	"was": true, "are": true, "is": true, "will": true, "would": true, "could": true, "since": true, "as": true, "across": true,
	"than": true, "after": true, "before": true, "into": true, "during": true, "while": true, "but": true, "the": true, "a": true,
	"this": true, "their": true, "his": true, "her": true, "its": true, "our": true, "so": true, "far": true, "more": true, "remain": true,
	"we": true, "they": true, "he": true, "she": true, "it": true, "i": true, "you": true, "under": true, "over": true, "ago": true,
}

var participles = map[string]bool{"killed": true, "wounded": true, "injured": true, "dead": true, "died": true,
	"displaced": true, "arrested": true, "missing": true, "evacuated": true, "detained": true, "captured": true, "rescued": true}

// Process implements analyze.Stage.
func (Extractor) Process(_ context.Context, a model.Article) (model.Article, error) {
	a.Figures = a.Figures[:0:0]
	names := aliasMap(a.Entities)
	for pi, para := range a.Body {
		sents := sentence.Split(para)
		paraHedged := paraHedge.FindString(para)
		var paraFigs []model.Figure
		for _, s := range sents {
			text := para[s.Start:s.End]
			claimant := claimantOf(text, names)
			hedge := hedgeRE.FindString(text)
			for _, f := range figuresIn(text) {
				f.Paragraph = pi
				f.Claimant = claimant
				f.Hedge = hedge
				paraFigs = append(paraFigs, f)
			}
		}
		for i := range paraFigs {
			if paraFigs[i].Hedge == "" && paraHedged != "" {
				paraFigs[i].Hedge = paraHedged
			}
			paraFigs[i].Verified = paraFigs[i].Hedge == "" && paraFigs[i].Claimant == ""
		}
		a.Figures = append(a.Figures, paraFigs...)
	}
	return a, nil
}

// figuresIn finds the figures of one sentence.
func figuresIn(s string) []model.Figure {
	var out []model.Figure
	locs := numRE.FindAllStringSubmatchIndex(s, -1)
	for k, m := range locs {
		full := s[m[0]:m[1]]
		var value float64
		pct := false
		if m[2] >= 0 {
			digits := strings.ReplaceAll(s[m[2]:m[3]], ",", "")
			v, err := strconv.ParseFloat(digits, 64)
			if err != nil {
				continue
			}
			value = v
			if m[4] >= 0 {
				value *= scales[strings.ToLower(s[m[4]:m[5]])]
			}
			pct = m[6] >= 0
			if skipNumber(s, m[0], m[1], s[m[2]:m[3]], m[4] >= 0 || pct) {
				continue
			}
		} else {
			w := strings.ToLower(s[m[8]:m[9]])
			value = wordNumbers[w]
			if m[10] >= 0 {
				value *= scales[strings.ToLower(s[m[10]:m[11]])]
				if strings.EqualFold(s[m[10]:m[11]], "hundred") {
					value = wordNumbers[w] * 100
				}
			}
			if value == 0 {
				continue
			}
		}
		start := m[0]
		qual := ""
		if q := qualRE.FindStringSubmatch(s[:m[0]]); q != nil {
			qual = strings.ToLower(q[1])
			start = m[0] - len(q[0])
		}
		unit, end := unitAfter(s, m[1])
		if pct {
			unit = "percent"
		}
		// "10,000 of 40,000 residents": the first number counts what the
		// second does.
		if unit == "" && k+1 < len(locs) && strings.HasPrefix(strings.TrimSpace(s[m[1]:]), "of ") && locs[k+1][0]-m[1] <= 5 {
			u, e := unitAfter(s, locs[k+1][1])
			unit, end = u, e
		}
		if unit == "" {
			continue // a bare number (a score, an age) counts nothing we can name
		}
		out = append(out, model.Figure{
			Text: strings.TrimSpace(s[start:end]), Value: value, Unit: normUnit(unit), Qualifier: qual,
		})
		_ = full
	}
	return out
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
	if monthBefore.MatchString(s[:a]) {
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
		clean := strings.TrimRight(w, ".,;:!?)\"'\u2019\u201d")
		lw := strings.ToLower(clean)
		if i == 0 && (lw == "of" || lw == "per") {
			// "dozens of armoured vehicles", "hundreds of people"
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
	for i := 0; i < len(after) && i < 4; i++ {
		w := strings.ToLower(strings.TrimRight(after[i], ".,;:"))
		if participles[w] {
			unit = append(unit, w)
			end += strings.Index(s[end:], after[i]) + len(after[i])
			break
		}
		if w != "had" && w != "have" && w != "has" && w != "been" && w != "were" && w != "was" && w != "are" && w != "reportedly" {
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
// its reporting verb, or what follows "according to".
func claimantOf(s string, names map[string]string) string {
	loc := claimVerb.FindStringIndex(s)
	if loc == nil {
		return ""
	}
	verb := strings.ToLower(s[loc[0]:loc[1]])
	if verb == "according to" {
		return nameIn(strings.Fields(firstClause(s[loc[1]:])), names, true)
	}
	pre := s[:loc[0]]
	if i := strings.LastIndexAny(pre, ",;:"); i >= 0 && i < len(pre)-1 && len(strings.Fields(pre[i+1:])) > 0 {
		pre = pre[i+1:]
	}
	words := strings.Fields(pre)
	if len(words) > 7 {
		words = words[len(words)-7:]
	}
	return nameIn(words, names, false)
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
	// The longest entity name inside the phrase wins.
	best := ""
	for k, v := range names {
		if len(k) > len(best) && strings.Contains(" "+lp+" ", " "+k+" ") {
			best = k
			_ = v
		}
	}
	if best != "" && !strings.Contains(lp, " "+best) && !strings.HasPrefix(lp, best) {
		best = ""
	}
	if best != "" {
		// "United Nations" holds the entity "Nations": keep the longer name.
		if run := lastCapRun(kept); len(run) > len(names[best]) && strings.Contains(strings.ToLower(run), best) {
			return run
		}
		return names[best]
	}
	last := strings.ToLower(kept[len(kept)-1])
	if strings.HasSuffix(last, "sources") || strings.HasSuffix(last, "officials") || strings.HasSuffix(last, "official") ||
		last == "experts" || last == "analysts" || last == "authorities" || last == "police" || last == "army" || last == "military" || last == "ministry" ||
		last == "president" || last == "government" || last == "minister" || last == "spokesman" || last == "spokeswoman" || last == "staff" || last == "forces" {
		return phrase
	}
	if run := lastCapRun(kept); run != "" {
		return run
	}
	return ""
}

// lastCapRun returns the last run of capitalised words, titles and
// nationality words before a name dropped: "Ukrainian army
// commander-in-chief Valeriy Zaluzhny" → "Valeriy Zaluzhny".
func lastCapRun(words []string) string {
	end := len(words)
	for end > 0 && !isCap(words[end-1]) {
		end--
	}
	start := end
	for start > 0 && (isCap(words[start-1]) || strings.EqualFold(words[start-1], "of") && start > 1 && isCap(words[start-2])) {
		start--
	}
	return strings.Join(words[start:end], " ")
}

func isCap(w string) bool {
	r := []rune(w)
	return len(r) > 0 && unicode.IsUpper(r[0])
}
