package streamgen

import (
	"math/rand/v2"
	"slices"
	"strconv"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"

	"github.com/storyline-news/storyline/internal/analyze/sentence"
	"github.com/storyline-news/storyline/internal/model"
)

// Article is one synthetic article with its ground truth.
type Article struct {
	ID        string
	URL       string
	Outlet    string
	Title     string
	Published time.Time // UTC, whole seconds
	Body      []string  // paragraphs
	Lang      string

	Event       string // gold event cluster, "e000042"
	Story       string // gold story (thread of events), "s000017"
	Topic       string // the seed topic the story is about, "ecbplus-12"
	Seed        string // the seed the event's text comes from, "ecbplus-12_ecb"
	DuplicateOf string // for a syndicated copy, the ID of its original; else ""
}

// Text returns the body as the JSON "text" field holds it: paragraphs
// joined by blank lines.
func (a Article) Text() string { return strings.Join(a.Body, "\n\n") }

// Document returns the article as the project's readers would deliver it,
// to feed a pipeline in-process.
func (a Article) Document() model.Document {
	return model.Document{
		ID:        a.ID,
		File:      "streamgen",
		URL:       a.URL,
		Format:    model.FormatText,
		Content:   a.Text(),
		Title:     a.Title,
		Published: a.Published.Format(time.RFC3339),
		Outlet:    a.Outlet,
		Lang:      a.Lang,
	}
}

// articleRand returns the random source of one article of an event. It
// depends on nothing but the seed and the article's place, so that a
// syndicated copy can rebuild its original instead of keeping it in memory.
func (g *Generator) articleRand(ev *event, idx int32, salt uint64) *rand.Rand {
	return rand.New(rand.NewPCG(g.key^salt, uint64(ev.id)<<24|uint64(idx)))
}

const copySalt = 0xc0b1e5

const minParagraphs, maxParagraphs = 6, 25

// article builds article idx of ev, number n of the stream, due at time at.
func (g *Generator) article(ev *event, idx int32, n int, at int64) Article {
	r := g.articleRand(ev, idx, 0)
	c := g.c
	outlet := outlets[ev.outlets[r.IntN(len(ev.outlets))]]
	hu := ev.core[r.IntN(ev.lead)]
	if r.Float64() < 0.25 {
		hu = ev.core[r.IntN(len(ev.core))]
	}
	title := headline(c.units[hu].head)

	paras := minParagraphs + int(float64(maxParagraphs-minParagraphs)*pow16(r.Float64()))
	used := make([]int32, 0, paras)
	used = append(used, ev.core[r.IntN(ev.lead)]) // the lead paragraph
	var noise []int32
	t := &c.topics[ev.story.topic]
	for tries := 0; len(used)+len(noise) < paras && tries < 4*paras; tries++ {
		var u int32
		switch x := r.Float64(); {
		case x < shareCore:
			u = ev.core[r.IntN(len(ev.core))]
		case x < shareCore+shareTopic:
			u = t.units[r.IntN(len(t.units))]
		default:
			u = int32(r.IntN(len(c.units)))
			if !slices.Contains(noise, u) {
				noise = append(noise, u)
			}
			continue
		}
		if !slices.Contains(used, u) {
			used = append(used, u)
		}
	}
	// Short of six paragraphs (a small seed, drawn twice over), fill up
	// from the core, which holds six units at least.
	for _, u := range ev.core {
		if len(used)+len(noise) >= minParagraphs {
			break
		}
		if !slices.Contains(used, u) {
			used = append(used, u)
		}
	}
	// Paragraphs of one source read best in their original order.
	slices.Sort(used[1:])
	for _, u := range noise {
		i := 1 + r.IntN(len(used))
		used = slices.Insert(used, i, u)
	}
	body := make([]string, len(used))
	for i, u := range used {
		body[i] = c.units[u].text
	}
	pub := at + r.Int64N(2*jitter+1) - jitter
	return Article{
		ID:        articleID(n),
		URL:       articleURL(outlet, pub, title, n),
		Outlet:    outlet.name,
		Title:     title,
		Published: time.Unix(pub, 0).UTC(),
		Body:      body,
		Lang:      "en",
		Event:     "e" + pad(ev.id, 6),
		Story:     "s" + pad(ev.story.id, 6),
		Topic:     t.name,
		Seed:      c.seeds[ev.seed].name,
	}
}

// pow16 skews a uniform draw towards 0, so that most articles are of
// middling length and a few long.
func pow16(x float64) float64 { return x * x / (0.4 + 0.6*x) }

// duplicate builds the syndicated copy it stands for, number n of the
// stream: its original's text, rebuilt, with another outlet, a tweaked
// headline and a sentence dropped or a trailing line added.
func (g *Generator) duplicate(it item, n int) Article {
	orig := g.article(it.ev, it.idx, int(it.orig), 0)
	r := g.articleRand(it.ev, it.idx, copySalt)
	src := orig.Outlet
	var outlet outletInfo
	for {
		outlet = outlets[pick(g.outletsCum, r.Float64()*g.outletsCum[len(g.outletsCum)-1])]
		if outlet.name != src {
			break
		}
	}
	title := orig.Title
	switch x := r.IntN(4); {
	case x == 0:
		title += " - " + outlet.name
	case x == 1:
		title = "UPDATE: " + title
	case x == 2:
		title += " | " + outlet.name
	default:
		if w := strings.Fields(title); len(w) > 4 {
			title = strings.Join(w[:len(w)-1], " ")
		} else {
			title += " (updated)"
		}
	}
	body := orig.Body
	x := r.IntN(20)
	if x < 13 { // drop a sentence
		i := 1 + r.IntN(len(body)-1)
		if ss := sentence.Split(body[i]); len(ss) > 1 {
			body[i] = strings.TrimSpace(body[i][:ss[len(ss)-2].End])
		} else {
			body = slices.Delete(body, i, i+1)
		}
	}
	if x >= 7 { // add a trailing line
		lines := [...]string{
			"This article was originally published by " + src + ".",
			"Reporting by " + src + " staff; editing by the " + outlet.name + " news desk.",
			"Additional reporting by wire services.",
			"This story has been updated with additional information.",
			"Copyright " + strconv.Itoa(time.Unix(it.at, 0).UTC().Year()) + " " + src + ". Republished with permission.",
		}
		body = append(body, lines[r.IntN(len(lines))])
	}
	pub := it.at + r.Int64N(2*jitter+1) - jitter
	orig.ID = articleID(n)
	orig.URL = articleURL(outlet, pub, title, n)
	orig.Outlet = outlet.name
	orig.Title = title
	orig.Published = time.Unix(pub, 0).UTC()
	orig.Body = body
	orig.DuplicateOf = articleID(int(it.orig))
	return orig
}

func articleID(n int) string { return "a" + pad(n, 7) }

// pad formats n with leading zeros to width digits at least.
func pad(n, width int) string {
	s := strconv.Itoa(n)
	if len(s) < width {
		s = strings.Repeat("0", width-len(s)) + s
	}
	return s
}

func articleURL(o outletInfo, pub int64, title string, n int) string {
	d := time.Unix(pub, 0).UTC()
	var b strings.Builder
	b.Grow(96)
	b.WriteString("https://")
	b.WriteString(o.domain)
	b.WriteString(d.Format("/2006/01/02/"))
	b.WriteString(slug(title))
	b.WriteString("-")
	b.WriteString(strconv.Itoa(n))
	return b.String()
}

// slug makes the path words of a URL of a title's first eight words.
func slug(title string) string {
	var b strings.Builder
	words := 0
	dash := false
	for _, r := range strings.ToLower(title) {
		if r < utf8.RuneSelf && (unicode.IsLetter(r) || unicode.IsDigit(r)) {
			if dash && b.Len() > 0 {
				if words++; words == 8 {
					break
				}
				b.WriteByte('-')
			}
			dash = false
			b.WriteRune(r)
		} else {
			dash = true
		}
	}
	if b.Len() == 0 {
		return "article"
	}
	return b.String()
}

// headline shortens a sentence into a headline: no quotation marks, no
// closing full stop, at most about a dozen words, cut at a clause break
// when there is one.
func headline(s string) string {
	s = strings.Map(func(r rune) rune {
		switch r {
		case '"', '\u201c', '\u201d':
			return -1
		}
		return r
	}, s)
	words := strings.Fields(s)
	if len(words) > 14 {
		cut := 12
		for i := 5; i < 14; i++ {
			if strings.HasSuffix(words[i], ",") || strings.HasSuffix(words[i], ";") || strings.HasSuffix(words[i], ":") {
				cut = i + 1
				break
			}
		}
		words = words[:cut]
	}
	// A cut inside brackets would leave one open.
	open := 0
	for i, w := range words {
		if strings.Contains(w, "(") && !strings.Contains(w, ")") {
			open = i
		}
		if strings.Contains(w, ")") {
			open = 0
		}
	}
	if open > 2 {
		words = words[:open]
	} else if open > 0 {
		words = slices.DeleteFunc(words, func(w string) bool { return strings.ContainsAny(w, "()") })
	}
	s = strings.TrimRight(strings.Join(words, " "), ".,;:!?' \u2019")
	if r, n := utf8.DecodeRuneInString(s); unicode.IsLower(r) {
		s = string(unicode.ToUpper(r)) + s[n:]
	}
	return s
}
