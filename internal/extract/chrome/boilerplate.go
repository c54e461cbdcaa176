package chrome

import (
	"regexp"
	"strings"

	"github.com/storyline-news/storyline/internal/analyze/sentence"
)

// Sign-up boxes, cookie and consent notices, paywalls, app promotions and
// script warnings are written in full sentences, so the short-line rule of
// IsCallToAction misses them: "By submitting your email, you agree to our
// Terms of Service and Privacy Policy." They share a shape instead: the
// site speaks to the reader (you, your, or an imperative) about the site
// itself (sign-up, e-mail, cookies, terms, subscriptions, the app, the
// browser). A sentence with both, and neither quoted nor reported ("…,"
// the regulator said), is boilerplate wherever it stands.

// siteCues are the generic words of a site talking about itself.
var siteCues = regexp.MustCompile(`(?i)\b(` + strings.Join([]string{
	`sign(s|ed|ing)? ?(up|in)`, `log(ged|ging)? ?in`, `subscri(be|bed|bes|bing|ber|bers|ption|ptions)`, `unsubscribe`,
	`newsletters?`, `inbox`, `e-?mail (address|alerts?|updates|correspondence|me)`, `(this|our) e-?mails?`,
	`cookies?`, `privacy (policy|notice|settings|statement)`, `terms (of|and) (use|service|conditions)`,
	`cookie policy`, `javascript`, `(your|the|a supported) browser`, `ad ?-?blocker`, `whitelist`,
	`download (the|our) app`, `get the app`, `app store`, `google play`, `(our|the) app`,
	`already a (member|subscriber)`, `full access`, `free trial`, `free articles?`, `article limit`, `paywall`,
	`manage (your )?preferences`, `accept all`, `by (clicking|continuing|submitting|signing|registering)`,
	`(support|fund) (our|independent|quality) journalism`, `learn more`, `click here`, `tap here`,
	`share (this|on)`, `(notifications|alerts) (on|from us)`, `verify (you'?re|you are) not a robot`,
	`(follow|like) us on`, `delivered (straight )?to your`, `breaking news alerts`, `you agree`,
}, "|") + `)\b`)

// cueStems are pieces of text that every match of siteCues holds: a
// substring test on them spares the regular expression nearly every line.
var cueStems = []string{
	"sign up", "sign in", "signs up", "signs in", "signed up", "signed in", "signing up", "signing in", "signup", "signin",
	"log in", "login", "log-in", "logged in", "logging in", "subscri", "newsletter", "inbox", "email", "e-mail",
	"cookie", "privacy", "terms of", "terms and", "javascript", "browser", "blocker", "whitelist",
	"the app", "our app", "app store", "google play", "already a", "full access", "free trial", "free article",
	"article limit", "paywall", "preferences", "accept all", "by click", "by contin", "by submit", "by signing",
	"by regist", "journalism", "learn more", "click here", "tap here", "share this", "share on",
	"notifications", "alerts", "robot", "follow us", "like us", "delivered", "you agree",
}

// fragmentStems are pieces of the share bars and calls to action that
// TrimBoilerplate takes off a paragraph's edges besides siteCues.
var fragmentStems = []string{
	"facebook", "twitter", "whatsapp", "linkedin", "read more", "comments", "advertisement", "sponsored",
	"continue reading", "top stories", "most read", "share article", "share story",
}

// mayHold reports whether s, folded to lower case, holds one of stems.
func mayHold(s string, stems []string) bool {
	s = strings.ToLower(s)
	for _, st := range stems {
		if strings.Contains(s, st) {
			return true
		}
	}
	return false
}

// edgeWindow is how much of each end of a paragraph TrimBoilerplate looks
// at before it splits the paragraph into sentences: a few sentences' worth.
const edgeWindow = 600

// readerAddress finds the site addressing the reader: second person, the
// site's first person plural ("we use cookies", "our newsletter"), or an imperative at the
// start of the sentence.
var readerAddress = regexp.MustCompile(`(?i)\b(you|your|yours|you're|you've|you'll|we|we're|we've|our|us)\b|^\W*(please|sign|subscribe|download|get|enable|click|tap|share|follow|learn|accept|view|manage|read|join|try|register|log|create|turn|update|install|upgrade|unlock|support)\b`)

// scriptNotice is what a page says in place of a player or a form when
// scripts are off; no news sentence is that short and about that.
var scriptNotice = regexp.MustCompile(`(?i)\bjavascript\b`)

// reported marks a sentence as someone's words rather than the site's.
var reported = regexp.MustCompile(`(?i)["\x{201c}\x{201d}\x{00ab}\x{00bb}]|\b(said|says|told|according to|added|warned|wrote|asked)\b`)

// IsBoilerplateSentence reports whether s is the site speaking to the
// reader about the site: a sign-up, consent, cookie, paywall, app or
// browser sentence.
func IsBoilerplateSentence(s string) bool {
	if Words(s) > 45 || !mayHold(s, cueStems) || !siteCues.MatchString(s) || reported.MatchString(s) {
		return false
	}
	if Words(s) <= 12 && scriptNotice.MatchString(s) {
		return true // "Media requires JavaScript to play."
	}
	return readerAddress.MatchString(s)
}

// isChromeFragment reports whether a piece of a paragraph is a share bar or
// a call to action standing as a fragment ("Learn more", "Share this
// article Facebook Twitter"); a full sentence is left to
// IsBoilerplateSentence, since a call to action's words ("newsletter",
// "comments") also make news sentences.
func isChromeFragment(s string) bool {
	return (!EndsSentence(s) || Words(s) <= 4) && IsCallToAction(s) || IsShareBar(s)
}

// Sentences splits a paragraph into its sentences' text.
func Sentences(p string) []string {
	ss := sentence.Split(p)
	out := make([]string, 0, len(ss))
	for _, s := range ss {
		out = append(out, p[s.Start:s.End])
	}
	return out
}

// IsBoilerplate reports whether a whole line or paragraph is boilerplate:
// at least two thirds of its words stand in boilerplate sentences or
// calls to action ("Breaking News Alerts Get breaking news when it happens
// — in your inbox. Email Sign Up By signing up you agree to receive email
// newsletters. You can unsubscribe at any time.").
func IsBoilerplate(p string) bool {
	if !mayHold(p, cueStems) || !siteCues.MatchString(p) {
		return false // the cheap tests that nearly every line fails
	}
	total, chromeWords := 0, 0
	for _, s := range Sentences(p) {
		n := Words(s)
		total += n
		if IsBoilerplateSentence(s) || isChromeFragment(s) {
			chromeWords += n
		}
	}
	return total > 0 && chromeWords*3 >= total*2
}

// TrimBoilerplate removes the boilerplate sentences and calls to action at
// the start and the end of a paragraph, where a one-block copy of a page
// carries its consent notice and its share bar, and returns what is left
// and how many words were removed. Sentences inside the paragraph stay.
func TrimBoilerplate(p string) (rest string, removed int) {
	head, tail := p[:min(len(p), edgeWindow)], p[max(0, len(p)-edgeWindow):]
	if !mayHold(head, cueStems) && !mayHold(head, fragmentStems) && !mayHold(tail, cueStems) && !mayHold(tail, fragmentStems) {
		return p, 0 // nothing at either edge that could be trimmed
	}
	ss := Sentences(p)
	isChrome := func(s string) bool { return IsBoilerplateSentence(s) || isChromeFragment(s) }
	i, j := 0, len(ss)
	for i < j && isChrome(ss[i]) {
		removed += Words(ss[i])
		i++
	}
	for j > i && isChrome(ss[j-1]) {
		removed += Words(ss[j-1])
		j--
	}
	if removed == 0 {
		return p, 0
	}
	return strings.Join(ss[i:j], " "), removed
}

var shareWords = regexp.MustCompile(`(?i)^(share|shares|sharing|facebook|twitter|x|whatsapp|e-?mail|linkedin|pinterest|reddit|telegram|print|copy|link|messenger|tweet|comments?|save|flipboard|sms|this|article|story|on|via)$`)

// IsShareBar reports whether line is a row of share buttons copied as text:
// "Facebook Twitter WhatsApp Email", "Share this article Facebook Twitter".
func IsShareBar(line string) bool {
	ws := strings.FieldsFunc(line, func(r rune) bool { return r == ' ' || r == '|' || r == '\u00b7' || r == '\u2022' || r == ',' })
	if len(ws) < 2 || len(ws) > 12 {
		return false
	}
	networks := 0
	for _, w := range ws {
		w = strings.Trim(w, ".:;!")
		if !shareWords.MatchString(w) {
			return false
		}
		switch strings.ToLower(w) {
		case "this", "article", "story", "on", "via", "link", "copy", "save", "print":
		default:
			networks++
		}
	}
	return networks >= 2
}

// pageMarker is a print replica's page or edition reference: "Page 9",
// "P12", "A4", "Pg. 3".
var pageMarker = regexp.MustCompile(`(?i)^(page|pg\.?|p\.|seite|pagina|página)\s*[a-z]?\d{1,3}(\s*(of|/)\s*\d{1,3})?$|^P\d{1,3}$|^[A-Z]\d{1,2}$`)

// IsPageMarker reports whether line is a print page reference.
func IsPageMarker(line string) bool { return pageMarker.MatchString(strings.TrimSpace(line)) }

// wordCount is a news database's length line: "512 words", "1,204 words".
var wordCount = regexp.MustCompile(`(?i)^\d{1,3}(,?\d{3})? words$`)

// IsWordCount reports whether line only gives the article's length.
func IsWordCount(line string) bool { return wordCount.MatchString(strings.TrimSpace(line)) }
