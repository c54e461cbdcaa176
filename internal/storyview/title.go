package storyview

import (
	"regexp"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/storyline-news/storyline/internal/analyze/sentence"
	"github.com/storyline-news/storyline/internal/model"
)

// Title sizes.
const (
	titleWords    = 16 // most words of a title made from a lede
	headlineWords = 25 // a "headline" longer than this is a sentence
	titleSample   = 64 // independent articles a title is chosen among
)

// title names a cluster: the headline most representative of its
// independent articles — the one whose content words the other articles
// use most, on average — else a short title made from a lede. Ties go to
// the earlier article; as is in the order of earlier.
//
// The first article's headline is not enough: the first report is often
// a brief, a live page or a piece whose extracted "headline" is a photo
// caption, while the headline most articles agree with names the event.
func title(as []*model.Article) string {
	var indep []*model.Article
	for _, a := range as {
		if a.DuplicateOf == "" {
			indep = append(indep, a)
		}
	}
	if len(indep) == 0 {
		indep = as
	}
	indep = indep[:min(len(indep), titleSample)]
	// df counts the articles that use each content word.
	df := map[string]int{}
	texts := make([]map[string]bool, len(indep))
	for i, a := range indep {
		texts[i] = contentWords(a.Headline + " " + a.Standfirst + " " + strings.Join(a.Body, " "))
		for w := range texts[i] {
			df[w]++
		}
	}
	// Headlines first; failing them, over-long ones (a sentence or a
	// caption taken for the headline) cut short; failing those, a lede;
	// a headline of a word or two ("Dr", "7.57 pm") only as a last resort.
	for pass := range 2 {
		best, bestScore := "", -1.0
		for i, a := range indep {
			h := cleanHeadline(a.Headline)
			n := len(strings.Fields(h))
			if n < 3 || (pass == 0) != (n <= headlineWords) {
				continue
			}
			if s := representative(h, i, texts, df); s > bestScore {
				best, bestScore = h, s
			}
		}
		if best != "" {
			return shorten(best)
		}
	}
	for _, a := range indep {
		if t := ledeTitle(a); t != "" {
			return t
		}
	}
	for _, a := range indep {
		if h := cleanHeadline(a.Headline); h != "" {
			return h
		}
	}
	return "Untitled story"
}

// representative is the mean share of headline h's content words that
// the other articles use (texts are the articles' content words, df how
// many use each; h is article i's).
func representative(h string, i int, texts []map[string]bool, df map[string]int) float64 {
	if len(texts) < 2 {
		return 0
	}
	ws := contentWords(h)
	score := 0.0
	for w := range ws {
		others := df[w]
		if texts[i][w] {
			others--
		}
		score += float64(others)
	}
	// One more than the words in the divisor: a headline of one rare word
	// does not beat one of several common ones.
	return score / float64(len(ws)+1) / float64(len(texts)-1)
}

// cleanHeadline strips a dateline from a headline that is really the
// lede's first line, and shortens one that runs on.
func cleanHeadline(h string) string {
	h = strings.Join(strings.Fields(h), " ")
	if s := StripDateline(h); s != h {
		return shorten(s)
	}
	return h
}

// ledeTitle makes a short title from an article's first sentence: its
// standfirst, else its first paragraph, without a dateline.
func ledeTitle(a *model.Article) string {
	for _, p := range append([]string{a.Standfirst}, a.Body...) {
		p = strings.Join(strings.Fields(p), " ")
		if len(strings.Fields(p)) < 3 {
			continue
		}
		p = StripDateline(p)
		if ss := sentence.Split(p); len(ss) > 0 && len(strings.Fields(p[ss[0].Start:ss[0].End])) >= 3 {
			p = p[ss[0].Start:ss[0].End]
		}
		return shorten(p)
	}
	return ""
}

// shorten cuts s to titleWords words: at the last clause break (a comma,
// semicolon, colon or dash) past the first third, else after a word that
// does not lead into the next, with an ellipsis. A closing full stop goes.
func shorten(s string) string {
	s = strings.TrimSpace(s)
	ws := strings.Fields(s)
	if len(ws) <= titleWords {
		return strings.TrimSuffix(s, ".")
	}
	cut := -1
	for i := titleWords - 1; i >= titleWords/3; i-- {
		w := ws[i]
		if strings.HasSuffix(w, ",") || strings.HasSuffix(w, ";") || strings.HasSuffix(w, ":") {
			cut = i
			ws[i] = strings.TrimRight(w, ",;:")
			break
		}
		if i+1 < len(ws) && isDash(ws[i+1]) {
			cut = i
			break
		}
	}
	if cut < 0 {
		// Not on a word that leads into the next ("of", "the", "on").
		cut = titleWords - 1
		for cut > titleWords/2 && (functionWords[strings.ToLower(ws[cut])] || len(ws[cut]) <= 3) {
			cut--
		}
	}
	return strings.Join(ws[:cut+1], " ") + "…"
}

func isDash(w string) bool { return w == "-" || w == "–" || w == "—" || w == "--" }

// A dateline opens a wire report: a place in capitals, a date, an agency
// in brackets, then a dash — "OSLO, 3 March (NTB) – ", "LAGOS (Reuters) -
// ", "PERTH, Australia — ", "(AFP) -- ", "Lisbon (AP) ". The place alone
// with a dash must be in capitals, or "Mr Lund — who…" would lose its
// subject; a place in title case needs the agency or the date.
var (
	placeCaps  = `\p{Lu}[\p{Lu}.'’-]+(?:\s+\p{Lu}[\p{Lu}.'’-]+){0,3}`
	placeTitle = `\p{Lu}[\p{L}.'’-]+(?:\s+\p{Lu}[\p{L}.'’-]+){0,3}`
	region     = `(?:,\s*\p{Lu}[\p{L}.]*(?:\s+\p{Lu}[\p{L}.]*)?)?`
	dateline   = `(?:,?\s*(?:\d{1,2}\s+\p{Lu}\p{Ll}+\.?|\p{Lu}\p{Ll}+\.?\s+\d{1,2})(?:,?\s+\d{4})?)`
	agency     = `\(\s*[\p{L}][\p{L}\p{N} .&/-]{0,30}\)`
	dash       = `\s*(?:-{1,2}|–|—|:)\s+`
	datelineRE = regexp.MustCompile(`^(?:` +
		// place in capitals[, region][, date][ (agency)] dash
		placeCaps + region + dateline + `?\s*(?:` + agency + `)?` + dash +
		`|` +
		// place, region or date (agency), dash optional
		placeTitle + region + dateline + `?\s*` + agency + `(?:` + dash + `|\s+)` +
		`|` +
		// place in title case, date, dash
		placeTitle + region + dateline + dash +
		`|` +
		// agency alone
		agency + `(?:` + dash + `|\s+)` +
		`)`)
)

// StripDateline removes a wire dateline from the start of s; s without one
// is returned as it is.
func StripDateline(s string) string {
	loc := datelineRE.FindStringIndex(s)
	if loc == nil || loc[1] > 80 || loc[1] >= len(s) {
		return s
	}
	rest := s[loc[1]:]
	// What follows a dateline is a sentence.
	if r, _ := utf8.DecodeRuneInString(rest); !unicode.IsUpper(r) && !unicode.IsDigit(r) && !strings.ContainsRune(`"“‘'`, r) {
		return s
	}
	return rest
}
