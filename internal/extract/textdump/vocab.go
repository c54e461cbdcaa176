package textdump

import (
	"regexp"
	"strings"

	"github.com/storyline-news/storyline/internal/analyze/names"
)

// outletWords are the words news outlets' names are made of besides
// newspapers' (names.Masthead): broadcasters, agencies, magazines. A short
// title-case line above the headline holding one names the outlet;
// without one it is more likely a byline or a section.
var outletWords = wordSet(`reuters bloomberg agency radio tv television magazine weekly today review
wire broadcasting network media bbc cnn nbc abc cbs fox sky politico axios economist atlantic spectator
newsweek time pravda izvestia kommersant interfax tass ria ukrinform unian kyiv-independent kurier zeitung
allgemeine spiegel stern welt monde figaro libération país mundo corriere repubblica stampa nrc volkskrant
trouw telegraaf parool nos rtl svt yle dr associated afp efe dpa ansa xinhua kyodo yonhap aljazeera
al-jazeera jazeera euronews dw france24 metro evening morning sunday weekend online digest report
correspondent post-dispatch free-press freepress nation insider`)

// outletWord reports whether the lower-case w is a word of outlets' names.
func outletWord(w string) bool { return outletWords[w] || names.Masthead(w) }

// sectionWords are the usual names of newspaper sections. A one- to
// three-word line above the headline made of them is the section.
var sectionWords = wordSet(`world news uk us u.s. europe european international abroad foreign home national
local politics political business economy economics money markets finance tech technology science
health environment climate sport sports football opinion comment analysis editorial features culture
arts entertainment lifestyle life style travel food education society crime defence defense
security war conflict asia africa americas middle east latin america australia russia ukraine
china india germany france britain scotland wales ireland london live breaking top stories
investigations global nation region regions city`)

// roleWords end the name part of a byline: "James Franey Europe Correspondent".
var roleWords = wordSet(`correspondent correspondents editor editors reporter reporters writer writers
columnist columnists staff chief senior deputy associate contributor contributing producer
analyst bureau desk team journalist journalists presenter host and in for at with`)

// languageNames are the names, in English, of the languages news
// databases label their documents with on a line of its own.
var languageNames = wordSet(`english french german spanish italian portuguese dutch russian ukrainian
polish czech swedish norwegian danish finnish greek turkish arabic hebrew chinese japanese korean
hindi indonesian malay vietnamese thai romanian hungarian bulgarian serbian croatian catalan`)

// functionWords end a line only when the sentence goes on: a line ending in
// one of them was broken by the layout.
var functionWords = wordSet(`the a an of to in on at for from by with and or but nor as than that
which who whom whose whether if while when where into onto over under about after before between
its his her their our your my this these those is are was were be been being has have had
will would shall should can could may might must not no so such very more most less`)

// hyphenPrefixes are word starts that keep their hyphen when a layout break
// split the word after them ("de- occupied" → "de-occupied").
var hyphenPrefixes = wordSet(`de re pre post non anti co ex self pro counter multi semi sub inter
over under well half cross mid far long short high low all one two three four five quasi neo
ultra vice`)

func wordSet(s string) map[string]bool {
	m := map[string]bool{}
	for _, w := range strings.Fields(s) {
		m[w] = true
	}
	return m
}

var (
	bylinePrefix = regexp.MustCompile(`(?i)^[\s\-\x{2013}\x{2014}\x{2022}*|]*(?:by|words by|written by|reporting by|story by|from)\s+`)
	// providedBy is a syndication credit under a headline: "© Provided by
	// The Independent" names the outlet the article comes from.
	providedBy = regexp.MustCompile(`(?i)^(?:©\s*)?(?:content\s+)?provided by\s+(\S.*?)\.?$`)
	// dateLabel is a label standing alone on the line above its date.
	dateLabel = regexp.MustCompile(`(?i)^(?:first |last )?(?:published|updated|posted|modified|date)(?: on)?:?$`)
	// wireDateline opens wire copy: a place in capitals, maybe a date, the
	// agency in brackets, a dash.
	wireDateline = regexp.MustCompile(`^\p{Lu}[\p{Lu}\s.'\x{2019}-]{1,40}(?:,\s*[\p{L}\s.]{1,30})?,?\s*(?:\p{L}{3,9}\.?\s+\d{1,2}\s*)?\((\p{Lu}[\p{L}.]{1,20}(?:\s\p{Lu}[\p{L}.]{1,20})?)\)\s*[-\x{2013}\x{2014}]\s`)
	bulletPrefix = regexp.MustCompile(`^[\s\-\x{2013}\x{2014}\x{2022}*|]+`)
	// captionLabel is the one-word label print captions start with:
	// "Emotional: …", "Pictured: …".
	captionPrefix = regexp.MustCompile(`(?i)^(image|media|photo|video) caption\b|^caption:`)
	captionInside = regexp.MustCompile(`(?i)^(?:\S+\s+){0,10}(image|media|photo|video) caption\b`)
	captionLabel  = regexp.MustCompile(`^\p{Lu}[\p{L}'\x{2019}-]{1,20}:\s+\S`)
	// sectionSuffix is the " | Section" or " - Outlet" tail of a headline.
	sectionSuffix = regexp.MustCompile(`\s+[|\x{2013}\x{2014}-]\s+([^|\x{2013}\x{2014}]{2,40})$`)
	// inlineHyphenBreak is a word split by a layout hyphen and a space.
	inlineHyphenBreak = regexp.MustCompile(`(\p{L}+)- (\p{Ll}+)`)
)
