package names

import (
	"sort"
	"strings"
	"time"
)

// The vocabularies below are English role and function words, closed
// classes that no gazetteer lists; each lives here once. Lookups take a
// word in any case, with or without an abbreviation's full stop.

var (
	// titles are honorifics and offices written before a person's name
	// ("Mr", "Gen.", "President", "Foreign Minister").
	titles = wordSet(`mr mrs ms miss dr sir dame lord lady prof professor president vice minister secretary
gen general lt lieutenant col colonel maj major capt captain sgt sergeant adm admiral chancellor governor gov
senator sen rep mayor judge justice king queen prince princess pope rev reverend bishop archbishop
ambassador premier chairman chairwoman ceo spokesman spokeswoman spokesperson commander chief deputy
foreign defence defense interior prime mp mep sheikh emir ayatollah`)
	// honorifics are the courtesy titles of a person's name, the titles
	// a byline may carry ("By Dr Jane Roe"); every one is a title too.
	honorifics = wordSet(`mr mrs ms miss dr sir dame lord lady prof professor`)
	// particles stand lower-case inside a person's name: "Ursula von der
	// Leyen", "Mohammed bin Salman".
	particles = wordSet(`de da di del della van von der den la le bin al el ibn du dos das ter ten`)
	// abbreviations are written with a full stop that ends no sentence:
	// titles and ranks ("Sen.", "Lt."), company designators ("Inc."),
	// "St.", "Jr.", "vs."; the months' are Month's.
	abbreviations = wordSet(`mr mrs ms dr prof gen lt col maj capt cpt sgt adm cmdr gov sen sens rep reps
rev hon pres atty supt det insp st jr sr inc corp co ltd mt ft vs`)
	// offices are the posts among the titles that one person holds at a
	// time: "the president" is the one the article calls "President …".
	offices = wordSet(`president minister mayor governor chancellor spokesman spokeswoman spokesperson
secretary premier commander general senator ambassador`)
	// titleModifiers stand inside a longer title before a name without
	// being titles alone: "former Defence Secretary", "Armed Forces
	// Minister", "Health Secretary", "Army commander-in-chief".
	titleModifiers = wordSet(`former state home education health armed forces army commander-in-chief in-chief`)
	// orgHeads end the names of organisations: "Ministry", "Party",
	// "Times", "Airlines".
	orgHeads = wordSet(`ministry party council committee commission agency office department army navy
force forces police court university nations command staff college school institute foundation bank union company corporation
corp inc ltd group association organisation organization times post news guardian telegraph mail mirror
standard journal tribune herald express independent bbc cnn reuters nato un eu kremlin parliament congress
senate assembly government administration cabinet federation league club church network channel radio tv
television service services authority board fund corps airlines airline airways motors motor holdings
industries systems technologies laboratories labs pharmaceuticals entertainment studios electronics petroleum
telecom communications plc llc gmbh ag`)
	// mastheads are the words newspapers' names are made of: "Times",
	// "Gazette", "Courier", "Daily".
	mastheads = wordSet(`daily times post news standard mirror guardian herald telegraph journal tribune gazette
express independent observer chronicle mail star sun record press courier examiner inquirer enquirer dispatch
bulletin argus echo sentinel register monitor globe mercury ledger advertiser citizen beacon statesman
pioneer planet voice leader eagle clarion courant bugle messenger packet`)
	// placeHeads end the names of places and buildings: "Red Square",
	// "Sokolniki Arena", "Kherson Oblast".
	placeHeads = wordSet(`city town village region province county state district island islands river sea
ocean mountain mountains street square bridge airport port station oblast republic kingdom valley lake
bay gulf peninsula coast desert forest park stadium arena`)
	// platforms are the social networks and messengers news quotes from.
	platforms = wordSet(`telegram twitter facebook instagram youtube tiktok whatsapp vkontakte weibo wechat
linkedin reddit snapchat signal threads bluesky truthsocial`)
	// groupAdjectives name peoples wider than one country, and the
	// compass words that make such groups ("Western officials").
	groupAdjectives = wordSet(`african asian arab european western eastern northern southern soviet latin
nordic baltic balkan caucasian scandinavian middle-eastern`)
	// notNames are capitalised words that open a sentence and never name
	// anyone: pronouns and their contractions, determiners, quantifiers.
	notNames = wordSet(`i i'm i've i'll i'd he he's he'd he'll she she's she'd she'll we we're we've we'll
they they're they've they'll you you're it it's his her their our my your its these those
that's there's what's let's a an one some many most several both all no not every each any other others
another few`)
	// openers start sentences with a capital without being names:
	// conjunctions, prepositions, adverbs of time and place. "The" is not
	// among them: "The Times said" names a speaker.
	openers = wordSet(`but and so yet meanwhile however also then now still earlier later in on at over after
before as when while addressing speaking during since until for from with without by about despite through
amid among like unlike according last this next asked if although though because instead indeed separately
sunday monday tuesday wednesday thursday friday saturday today yesterday tonight here there`)
	// moreOpeners are the rarer prepositions and adverbs a sentence may
	// open with ("Unlike Cruz, …", "Despite Moscow's …", "Perhaps"): a
	// capitalised one is no name's word, but the quote attributor, which
	// reads Opener, has never needed them.
	moreOpeners = wordSet(`unlike despite although though after before since while like unless until meanwhile
however moreover besides instead during following according amid amidst among about above across against
along around because behind below beneath beside between beyond except inside into near onto outside over
past regarding through throughout toward towards under upon via within without yet still also even thus hence
therefore nevertheless nonetheless otherwise indeed perhaps maybe once whereas whether asked speaking
earlier later today tonight overnight elsewhere nearby`)
	// leadWords open a noun phrase before a figure or a name without being
	// one: "The", "That", "More than", "Nearly", "Almost".
	leadWords = wordSet(`the that more nearly almost`)
	// partyWords describe a person by party: "Democrat Hillary Clinton",
	// "Republican claims".
	partyWords = wordSet(`democrat democratic republican gop labour labor tory conservative liberal
socialist green independent libertarian`)
	// orgTails end organisations' names besides the head words.
	orgTails = wordSet(`center centre program programme project initiative trust society alliance
coalition movement campaign caucus bureau institution academy`)
	// notSurnames end names of places, buildings and events that may
	// start with a given name ("Forest Hill", "Victoria Falls", "Grace
	// Hall").
	notSurnames = wordSet(`hill hills heights falls springs beach creek harbor harbour cove canyon ridge
plains field fields wood woods point pavilion arena amphitheatre amphitheater theatre theater hall halls
centre center museum gallery hospital church cathedral chapel tower towers palace castle house court
gardens garden road avenue lane drive way boulevard plaza mall estate farm prize award awards cup trophy
festival tour day week`)
)

// norm lower-cases w and drops an abbreviation's full stop and a
// curly apostrophe.
func norm(w string) string {
	return strings.ReplaceAll(strings.ToLower(strings.TrimSuffix(w, ".")), "\u2019", "'")
}

// Opener reports whether w is a word that opens sentences with a capital
// without naming anyone: "Meanwhile", "According", "The".
func Opener(w string) bool { return openers[norm(w)] }

// SentenceOpener reports whether w is any word a sentence opens with,
// capitalised, without naming anyone: an Opener or a rarer preposition or
// adverb ("Unlike", "Perhaps", "Beyond").
func SentenceOpener(w string) bool {
	n := norm(w)
	return openers[n] || moreOpeners[n]
}

// NamesNobody reports whether a capitalised word, alone or opening a
// phrase, names nobody: a pronoun, determiner or quantifier, a sentence
// opener, or a word that leads a phrase ("The", "Nearly").
func NamesNobody(w string) bool {
	n := norm(w)
	return notNames[n] || openers[n] || leadWords[n]
}

// Party reports whether w names a political side: "Republican", "Tory".
func Party(w string) bool { return partyWords[norm(w)] }

// OrgTail reports whether w ends organisations' names besides the head
// words: "Center", "Alliance", "Campaign".
func OrgTail(w string) bool { return orgTails[norm(w)] }

// NotSurname reports whether w ends the names of places, buildings or
// events rather than a person's: "Falls", "Hall", "Arena", "Cup".
func NotSurname(w string) bool { return notSurnames[norm(w)] }

// buildings end the names of buildings and seats of power that are no
// one's surname: "Downing Street", "Elysee Palace", "White House".
var buildings = wordSet(`house palace hospital centre center`)

// NotPersonTail reports whether a name that ends in w names no person:
// an organisation's, a place's or a building's head word, or a platform.
// Heads that are also common surnames ("Hall", "Wood", "Field") are not
// among them: NotSurname takes those where a given name says more.
func NotPersonTail(w string) bool {
	n := norm(w)
	return orgHeads[n] || orgTails[n] || placeHeads[n] || platforms[n] || buildings[n]
}

// Honorific reports whether w is a courtesy title ("Mr", "Dr.", "Dame").
func Honorific(w string) bool { return honorifics[norm(w)] }

// Particle reports whether the lower-case w may stand inside a person's
// name uncapitalised: "von", "bin", "de".
func Particle(w string) bool { return particles[w] }

// Abbreviation reports whether the lower-case w, its full stop cut off,
// is an abbreviation a full stop follows without ending a sentence: a
// title or rank, a company designator, a month ("Sen", "Inc", "Sept").
func Abbreviation(w string) bool { return abbreviations[w] || MonthAbbreviation(w) }

// Masthead reports whether w is a word newspapers' names are made of:
// "Times", "Gazette", "Courier".
func Masthead(w string) bool { return mastheads[norm(w)] }

// Office reports whether w is a post one person holds at a time:
// "president", "minister", "spokesman". Every office is a title.
func Office(w string) bool { return offices[norm(w)] }

// Title reports whether w is an honorific or office written before a name.
func Title(w string) bool { return titles[norm(w)] }

// TitleModifier reports whether w may stand inside a title that precedes a
// name without being one alone ("Armed Forces Minister").
func TitleModifier(w string) bool { return titleModifiers[norm(w)] }

// OrgHead reports whether w ends organisations' names, in the singular
// or the plural ("Departments", "Agencies": a name for several alike).
func OrgHead(w string) bool {
	n := norm(w)
	if orgHeads[n] {
		return true
	}
	if p, ok := strings.CutSuffix(n, "ies"); ok && len(p) > 2 {
		return orgHeads[p+"y"]
	}
	p, ok := strings.CutSuffix(n, "s")
	return ok && len(p) > 3 && orgHeads[p]
}

// PlaceHead reports whether w ends the names of places and buildings.
func PlaceHead(w string) bool { return placeHeads[norm(w)] }

// Platform reports whether w names a social network or messenger.
func Platform(w string) bool { return platforms[norm(w)] }

// NotName reports whether w is a pronoun, determiner or quantifier, a
// capitalised word that names nobody.
func NotName(w string) bool { return notNames[norm(w)] }

// months maps the English names of the months as the time package
// writes them, their first three letters and "sept", lower-cased, to the
// month.
var months = func() map[string]time.Month {
	m := map[string]time.Month{"sept": time.September}
	for mo := time.January; mo <= time.December; mo++ {
		n := strings.ToLower(mo.String())
		m[n], m[n[:3]] = mo, mo
	}
	return m
}()

// weekdays maps the English names of the days of the week, from the time
// package, lower-cased, to the day.
var weekdays = func() map[string]time.Weekday {
	m := map[string]time.Weekday{}
	for d := time.Sunday; d <= time.Saturday; d++ {
		m[strings.ToLower(d.String())] = d
	}
	return m
}()

// Month returns the month w names in any case, written out or abbreviated,
// with or without the abbreviation's full stop: "March", "sept.", "DEC".
func Month(w string) (time.Month, bool) {
	mo, ok := months[norm(w)]
	return mo, ok
}

// MonthAbbreviation reports whether the lower-case w, without its full
// stop, abbreviates a month ("jan", "sept"), not a name written out
// ("may"): a full stop after it need not end a sentence.
func MonthAbbreviation(w string) bool {
	mo, ok := months[w]
	return ok && w != strings.ToLower(mo.String())
}

// MonthWords returns every lower-case name and abbreviation of a month
// that Month knows, sorted.
func MonthWords() []string {
	ws := make([]string, 0, len(months))
	for w := range months {
		ws = append(ws, w)
	}
	sort.Strings(ws)
	return ws
}

// Weekday returns the day of the week w names in any case: "Monday".
func Weekday(w string) (time.Weekday, bool) {
	d, ok := weekdays[norm(w)]
	return d, ok
}

// MonthPattern is a regular expression group that matches a month's name
// or abbreviation as news capitalises it, longest first so that "Sept"
// is not read as "Sep": "(September|…|May|…|Sept|…|Jan)".
func MonthPattern() string {
	ws := make([]string, 0, len(months))
	for w := range months {
		ws = append(ws, strings.ToUpper(w[:1])+w[1:])
	}
	sort.Slice(ws, func(i, j int) bool {
		if len(ws[i]) != len(ws[j]) {
			return len(ws[i]) > len(ws[j])
		}
		return ws[i] < ws[j]
	})
	return "(" + strings.Join(ws, "|") + ")"
}

var calendar = func() map[string]bool {
	m := map[string]bool{"today": true, "yesterday": true, "tomorrow": true, "sept": true}
	for mo := time.January; mo <= time.December; mo++ {
		n := strings.ToLower(mo.String())
		m[n], m[n[:3]] = true, true
	}
	for d := time.Sunday; d <= time.Saturday; d++ {
		m[strings.ToLower(d.String())] = true
	}
	return m
}()

// Calendar reports whether w names a month ("March", "Sept"), a weekday
// or a day relative to today: capitalised, it is still no name.
func Calendar(w string) bool { return calendar[norm(w)] }
