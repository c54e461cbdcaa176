// Package storyview builds the read-side views of stories and events that the
// store keeps as JSON and the web UI, JSON API and feeds render: title,
// summary, outlets, timeline, quotes grouped by speaker, figures with
// disagreements, and the people, places and organisations involved.
//
// It works over the fields internal/cluster leaves on model.Article (Story,
// Event, DuplicateOf); the `stories` command, ingest and the server all read
// the same views. The extractive multi-source summary is in summary.go; the
// View types are the stored contract.
package storyview

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"math"
	"sort"
	"strings"
	"time"

	"github.com/storyline-news/storyline/internal/analyze/names"
	"github.com/storyline-news/storyline/internal/model"
	"github.com/storyline-news/storyline/internal/store"
)

// View is a story's or an event's view, as stored (JSON) and rendered.
type View struct {
	ID      string `json:"id"`
	Title   string `json:"title"`
	Summary string `json:"summary"`
	// SummaryLines are the summary's sentences, each with its article.
	SummaryLines []Line     `json:"summary_lines"`
	First        string     `json:"first"`
	Last         string     `json:"last"`
	Articles     int        `json:"articles"`
	Sources      int        `json:"sources"`
	Outlets      []Outlet   `json:"outlets"`
	Events       []EventRef `json:"events,omitempty"`
	Timeline     []Moment   `json:"timeline"`
	// Background are the dates the articles recall from well before the
	// story's own days (a war's start decades ago, an earlier trial),
	// oldest first; absent from views stored before it existed.
	Background []Moment `json:"background,omitempty"`
	// Days is how many days a story whose dates are not stated spans by
	// its articles' relative days (see relativeTimeline); 0 otherwise.
	Days     int       `json:"days,omitempty"`
	Speakers []Speaker `json:"speakers"`
	Figures  []Figures `json:"figures"`
	Entities []Entity  `json:"entities"`
}

// Outlet is one outlet's share of a story.
type Outlet struct {
	Name     string `json:"name"`
	Articles int    `json:"articles"`
}

// EventRef is one event of a story.
type EventRef struct {
	ID       string `json:"id"`
	Title    string `json:"title"`
	First    string `json:"first"`
	Last     string `json:"last"`
	Articles int    `json:"articles"`
	Sources  int    `json:"sources"`
}

// Source is the article a quote, figure or moment comes from.
type Source struct {
	Article   string `json:"article"`
	Outlet    string `json:"outlet,omitempty"`
	Published string `json:"published,omitempty"`
}

// Moment is a dated line of the timeline. A moment of a relative
// timeline has no Date but a Label placing it among the story's days.
type Moment struct {
	Date string `json:"date"` // YYYY-MM-DD or a range
	// Label is the moment's place in a story whose dates are not stated:
	// "Day 3 · Tuesday", "Days 1–27" (see relativeTimeline).
	Label string `json:"label,omitempty"`
	Text  string `json:"text"` // the sentence that dates it, or the headline
	Source
}

// Speaker is someone quoted in the story, with what they said.
type Speaker struct {
	Name   string  `json:"name"`
	Entity string  `json:"entity"` // entity ID
	Quotes []Quote `json:"quotes"`
}

// Quote is one quote of a speaker.
type Quote struct {
	Text string `json:"text"`
	Kind string `json:"kind"`
	Cue  string `json:"cue,omitempty"`
	Source
}

// Figures are the story's figures of one unit, oldest first. Disagree is
// set when sources give different values for the same day (or undated),
// or values that go back and forth over time; Series when the values
// differ only as a progression over time (a toll that rises by the day).
type Figures struct {
	Unit     string   `json:"unit"`
	Disagree bool     `json:"disagree"`
	Series   bool     `json:"series"`
	Claims   []Figure `json:"claims"`
}

// Figure is one claim of a figure.
type Figure struct {
	model.Figure
	Source
}

// Entity is a person, place, organisation or other thing the story names.
type Entity struct {
	ID       string `json:"id"`
	Name     string `json:"name"`
	Type     string `json:"type"`
	Articles int    `json:"articles"`
}

// Load reads a story from the store with its decoded view and its
// articles, as the story page and the API show them.
func Load(ctx context.Context, st store.Store, id string) (store.Story, View, []store.ArticleRef, error) {
	s, err := st.Story(ctx, id)
	if err != nil {
		return s, View{}, nil, err
	}
	v, err := Decode(s.View)
	if err != nil {
		return s, v, nil, err
	}
	arts, err := st.StoryArticles(ctx, s.ID)
	return s, v, arts, err
}

// Decode reads a stored view; an empty view decodes to the zero View.
func Decode(b []byte) (View, error) {
	var v View
	if len(b) == 0 {
		return v, nil
	}
	if err := json.Unmarshal(b, &v); err != nil {
		return v, fmt.Errorf("storyview: decode: %w", err)
	}
	return v, nil
}

// StableIDs rewrites the Story and Event fields of arts, which clustering
// numbers afresh on every run, into IDs derived from each cluster's first
// article (earliest published, then smallest ID), so a story keeps its URL
// across ingests while its first article stays its first.
func StableIDs(arts []model.Article) {
	remap := func(prefix string, key func(*model.Article) *string) {
		first := map[string]*model.Article{}
		for i := range arts {
			k := *key(&arts[i])
			if k == "" {
				continue
			}
			if f, ok := first[k]; !ok || earlier(&arts[i], f) {
				first[k] = &arts[i]
			}
		}
		ids := map[string]string{}
		for k, a := range first {
			sum := sha256.Sum256([]byte(prefix + "\x00" + a.ID))
			ids[k] = prefix + hex.EncodeToString(sum[:5])
		}
		for i := range arts {
			if k := key(&arts[i]); *k != "" {
				*k = ids[*k]
			}
		}
	}
	remap("s", func(a *model.Article) *string { return &a.Story })
	remap("e", func(a *model.Article) *string { return &a.Event })
}

func earlier(a, b *model.Article) bool {
	return publishedBefore(a.Published, a.ID, b.Published, b.ID)
}

// publishedBefore orders by publication, undated last, then by ID.
func publishedBefore(pa, ida, pb, idb string) bool {
	if pa != pb {
		if pa == "" {
			return false
		}
		return pb == "" || pa < pb
	}
	return ida < idb
}

// Build makes the stored events and stories of arts, ranked by breadth of
// coverage (independent outlets) damped by age relative to the newest
// article, so an old corpus still has a front page.
func Build(arts []model.Article) ([]store.Event, []store.Story, error) {
	return BuildRanked(arts, Newest(arts, ""))
}

// Newest returns the latest publication day (YYYY-MM-DD) among arts and
// since, the newest known before.
func Newest(arts []model.Article, since string) string {
	newest := since
	for i := range arts {
		if d := day(arts[i].Published); d > newest {
			newest = d
		}
	}
	return newest
}

// BuildRanked is Build for some of the stories of a larger store: arts must
// hold every article of each story they touch, and newest is the latest
// publication day of the whole store, which ranks are aged against.
func BuildRanked(arts []model.Article, newest string) ([]store.Event, []store.Story, error) {
	m := memo{}
	byStory := map[string][]*model.Article{}
	byEvent := map[string][]*model.Article{}
	for i := range arts {
		a := &arts[i]
		if a.Story != "" {
			byStory[a.Story] = append(byStory[a.Story], a)
		}
		if a.Event != "" {
			byEvent[a.Event] = append(byEvent[a.Event], a)
		}
	}
	var events []store.Event
	for id, as := range byEvent {
		v := build(id, as, m)
		b, err := json.Marshal(v)
		if err != nil {
			return nil, nil, fmt.Errorf("storyview: event %s: %w", id, err)
		}
		events = append(events, store.Event{ID: id, Story: as[0].Story, Title: v.Title, Articles: v.Articles,
			Sources: v.Sources, First: v.First, Last: v.Last, View: b})
	}
	sort.Slice(events, func(i, j int) bool { return events[i].ID < events[j].ID })
	byStoryEvents := map[string][]EventRef{}
	for _, e := range events {
		byStoryEvents[e.Story] = append(byStoryEvents[e.Story], EventRef{e.ID, e.Title, e.First, e.Last, e.Articles, e.Sources})
	}
	var stories []store.Story
	for id, as := range byStory {
		st, err := storyRow(id, build(id, as, m), byStoryEvents[id], newest)
		if err != nil {
			return nil, nil, err
		}
		stories = append(stories, st)
	}
	sort.Slice(stories, func(i, j int) bool { return stories[i].ID < stories[j].ID })
	return events, stories, nil
}

// storyRow is the stored story of view v with its events, ranked against
// the newest day.
func storyRow(id string, v View, events []EventRef, newest string) (store.Story, error) {
	v.Events = events
	sort.Slice(v.Events, func(i, j int) bool {
		if v.Events[i].First != v.Events[j].First {
			return v.Events[i].First < v.Events[j].First
		}
		return v.Events[i].ID < v.Events[j].ID
	})
	b, err := json.Marshal(v)
	if err != nil {
		return store.Story{}, fmt.Errorf("storyview: story %s: %w", id, err)
	}
	st := store.Story{ID: id, Title: v.Title, Summary: v.Summary, Articles: v.Articles, Sources: v.Sources,
		First: v.First, Last: v.Last, Rank: Rank(v.Sources, v.Last, newest), View: b}
	for _, e := range v.Events {
		st.Events = append(st.Events, e.ID)
	}
	for _, o := range v.Outlets {
		st.Outlets = append(st.Outlets, o.Name)
	}
	return st, nil
}

// Rank is store.Rank: breadth of coverage damped by age.
func Rank(sources int, last, newest string) float64 { return store.Rank(sources, last, newest) }

func day(published string) string {
	if len(published) >= 10 {
		return published[:10]
	}
	return published
}

// build makes the view of one cluster of articles.
func build(id string, as []*model.Article, m memo) View {
	sort.Slice(as, func(i, j int) bool { return earlier(as[i], as[j]) })
	v := View{ID: id, Articles: len(as)}
	var t tally
	for _, a := range as {
		t.add(a.Outlet, a.DuplicateOf, a.Published)
	}
	t.set(&v)
	v.Title = title(as)
	v.SummaryLines = summarise(as, m)
	var lines []string
	for _, l := range v.SummaryLines {
		lines = append(lines, l.Text)
	}
	v.Summary = strings.Join(lines, " ")
	v.Timeline, v.Background = timeline(as)
	if v.First == "" && !placesDays(v.Timeline) {
		// An undated story whose dated lines are only years or months
		// ("seized in 2014") says nothing of its own days: its articles'
		// relative days do, and those lines become its background.
		if rel, days := relativeTimeline(as); len(rel) > 0 {
			v.Background = append(v.Background, v.Timeline...)
			v.Timeline, v.Days = rel, days
		}
	}
	v.Speakers = capSpeakers(speakers(as))
	v.Figures = capFigures(figures(as))
	v.Entities = entities(as, storyNames(as))
	return v
}

// sortOutlets lists outlets by how many articles they gave, then by name.
func sortOutlets(counts map[string]int) []Outlet {
	out := make([]Outlet, 0, len(counts))
	for name, n := range counts {
		out = append(out, Outlet{name, n})
	}
	sort.Slice(out, func(i, j int) bool {
		if out[i].Articles != out[j].Articles {
			return out[i].Articles > out[j].Articles
		}
		return out[i].Name < out[j].Name
	})
	return out
}

// A view shows a story's most-quoted speakers and most-claimed figures, not
// every one: a story of thousands of articles otherwise makes a view of
// megabytes, which every story page decodes and renders. The disagreement
// flag of a figure is computed over all its claims before the cut.
const (
	maxSpeakers      = 30
	maxSpeakerQuotes = 10
	maxFigureUnits   = 25
	maxFigureClaims  = 12
)

func capSpeakers(ss []Speaker) []Speaker {
	ss = ss[:min(len(ss), maxSpeakers)]
	for i := range ss {
		ss[i].Quotes = ss[i].Quotes[:min(len(ss[i].Quotes), maxSpeakerQuotes)]
	}
	return ss
}

func capFigures(fs []Figures) []Figures {
	fs = fs[:min(len(fs), maxFigureUnits)]
	for i := range fs {
		fs[i].Claims = fs[i].Claims[:min(len(fs[i].Claims), maxFigureClaims)]
	}
	return fs
}

func source(a *model.Article) Source {
	return Source{Article: a.ID, Outlet: a.Outlet, Published: a.Published}
}

// firstSentence cuts p after its first full stop followed by a space and a
// capital, up to 400 bytes.
func firstSentence(p string) string {
	for i := 0; i+2 < len(p) && i < 400; i++ {
		if (p[i] == '.' || p[i] == '!' || p[i] == '?') && p[i+1] == ' ' && p[i+2] >= 'A' && p[i+2] <= 'Z' {
			return p[:i+1]
		}
	}
	if len(p) > 400 {
		cut := strings.LastIndexByte(p[:400], ' ')
		if cut < 0 {
			cut = 400
		}
		return p[:cut] + "…"
	}
	return p
}

// sentenceAround returns the sentence of p that contains needle.
func sentenceAround(p, needle string) string {
	i := strings.Index(p, needle)
	if i < 0 {
		return firstSentence(p)
	}
	start := 0
	for j := i - 1; j > 0; j-- {
		if (p[j-1] == '.' || p[j-1] == '!' || p[j-1] == '?') && p[j] == ' ' {
			start = j + 1
			break
		}
	}
	return firstSentence(p[start:])
}

// Timeline sizes.
const (
	maxMoments    = 40
	maxBackground = 20
	// backgroundDays is how long before a story's first day (or, for an
	// undated story, before the days its articles mostly speak of) a date
	// is the story's background rather than its own.
	backgroundDays = 90
)

// timeline lists the dated lines of a cluster's articles: the story's own
// days, and apart from them its background, the dates it recalls from well
// before (see ownFrom).
func timeline(as []*model.Article) (own, background []Moment) {
	var out []Moment
	seen := map[string]bool{}
	add := func(m Moment) {
		key := m.Date + "\x00" + strings.ToLower(m.Text)
		if m.Text == "" || seen[key] {
			return
		}
		seen[key] = true
		out = append(out, m)
	}
	for _, a := range as {
		if a.DuplicateOf != "" {
			continue
		}
		pub := day(a.Published)
		dated := false
		for _, d := range a.Dates {
			if d.Date == "" || d.Paragraph < 0 || d.Paragraph >= len(a.Body) {
				continue
			}
			dated = dated || d.Date == pub
			add(Moment{Date: d.Date, Text: sentenceAround(a.Body[d.Paragraph], d.Text), Source: source(a)})
		}
		// The headline stands for the article's day unless a sentence of
		// it already does.
		if pub != "" && !dated {
			add(Moment{Date: pub, Text: a.Headline, Source: source(a)})
		}
	}
	out = onceEach(out)
	sort.SliceStable(out, func(i, j int) bool { return out[i].Date < out[j].Date })
	from := ownFrom(as, out)
	for _, m := range out {
		if momentEnd(m.Date) < from {
			background = append(background, m)
		} else {
			own = append(own, m)
		}
	}
	// The background nearest the story matters most.
	if len(background) > maxBackground {
		background = background[len(background)-maxBackground:]
	}
	return own[:min(len(own), maxMoments)], background
}

// ownFrom is the first day (YYYY-MM-DD) of a story's own time: backgroundDays
// before its first publication day; for an undated story, before the first
// of the dates that fall in the year its articles' dates most often name
// (the latest such year on a tie), since reports speak mostly of their own
// days. "" when nothing is dated.
func ownFrom(as []*model.Article, ms []Moment) string {
	first := ""
	for _, a := range as {
		if d := day(a.Published); d != "" && (first == "" || d < first) {
			first = d
		}
	}
	if first == "" {
		years := map[string]int{}
		for _, m := range ms {
			if len(m.Date) >= 4 {
				years[m.Date[:4]]++
			}
		}
		best := ""
		for y, n := range years {
			if n > years[best] || (n == years[best] && y > best) {
				best = y
			}
		}
		for _, m := range ms { // sorted: the first of that year
			if strings.HasPrefix(m.Date, best) && best != "" {
				first = momentStart(m.Date)
				break
			}
		}
	}
	t, err := time.Parse(time.DateOnly, first)
	if err != nil {
		return ""
	}
	return t.AddDate(0, 0, -backgroundDays).Format(time.DateOnly)
}

// momentStart and momentEnd are the first and last day of a moment's date
// (a day, a range "A/B", a month "YYYY-MM" or a year "YYYY"), as comparable
// strings.
func momentStart(d string) string {
	if a, _, ok := strings.Cut(d, "/"); ok {
		d = a
	}
	switch len(d) {
	case 4:
		return d + "-01-01"
	case 7:
		return d + "-01"
	}
	return day(d)
}

func momentEnd(d string) string {
	if _, b, ok := strings.Cut(d, "/"); ok {
		d = b
	}
	switch len(d) {
	case 4:
		return d + "-12-31"
	case 7:
		return d + "-31"
	}
	return day(d)
}

func speakers(as []*model.Article) []Speaker {
	names := storyNames(as)
	idx := map[string]int{}
	var out []Speaker
	seen := map[string]bool{}
	for _, a := range as {
		for _, q := range a.Quotes {
			if q.Kind == model.QuoteScare {
				continue
			}
			name := speakerName(a, q.Speaker)
			if full, ok := names[strings.ToLower(name)]; ok {
				name = full
			}
			if name == "" {
				name = "Unattributed"
			}
			key := name + "\x00" + strings.ToLower(q.Text)
			if seen[key] {
				continue // the same words from a copied article
			}
			seen[key] = true
			i, ok := idx[name]
			if !ok {
				i = len(out)
				idx[name] = i
				id := ""
				if name != "Unattributed" {
					id = store.EntityID(name)
				}
				out = append(out, Speaker{Name: name, Entity: id})
			}
			// A quote cut before its attribution keeps the comma that
			// led into it ("…had enough," she said); it reads better without.
			text := strings.TrimRight(strings.TrimSpace(q.Text), ",;:")
			out[i].Quotes = append(out[i].Quotes, Quote{Text: text, Kind: q.Kind, Cue: q.Cue, Source: source(a)})
		}
	}
	sort.SliceStable(out, func(i, j int) bool {
		if (out[i].Entity == "") != (out[j].Entity == "") {
			return out[j].Entity == ""
		}
		return len(out[i].Quotes) > len(out[j].Quotes)
	})
	return out
}

// storyNames maps, across a story's articles, every person's name, alias
// and surname (when only one person bears it) in lower case to their full
// name, so "Imbert" in one article is "Rosa Imbert" of another.
func storyNames(as []*model.Article) map[string]string {
	names := map[string]string{}
	surname := map[string]string{}
	clash := map[string]bool{}
	for _, a := range as {
		for _, e := range a.Entities {
			if e.Type != model.Person || !strings.Contains(e.Name, " ") {
				continue
			}
			names[strings.ToLower(e.Name)] = e.Name
			for _, al := range e.Aliases {
				names[strings.ToLower(al)] = e.Name
			}
			f := strings.Fields(e.Name)
			last := strings.ToLower(f[len(f)-1])
			if prev, ok := surname[last]; ok && prev != e.Name {
				clash[last] = true
			}
			surname[last] = e.Name
		}
	}
	for last, full := range surname {
		if _, ok := names[last]; !ok && !clash[last] {
			names[last] = full
		}
	}
	return names
}

// speakerName resolves a quote's speaker to the canonical name of the
// article's entity that it names, as the store does.
func speakerName(a *model.Article, speaker string) string {
	speaker = strings.TrimSpace(speaker)
	for _, e := range a.Entities {
		if strings.EqualFold(e.Name, speaker) {
			return e.Name
		}
		for _, al := range e.Aliases {
			if strings.EqualFold(al, speaker) {
				return e.Name
			}
		}
	}
	return speaker
}

// figures groups claims by unit. Sources disagree on a unit when two
// articles from different outlets give values more than 2% apart: a signal
// for the reader to look, since two figures of one unit may count different
// things.
func figures(as []*model.Article) []Figures {
	idx := map[string]int{}
	var out []Figures
	for _, a := range as {
		if a.DuplicateOf != "" {
			continue
		}
		for _, f := range a.Figures {
			unit := unitKey(f.Unit)
			i, ok := idx[unit]
			if !ok {
				i = len(out)
				idx[unit] = i
				display := strings.ToLower(strings.Join(strings.Fields(f.Unit), " "))
				if display == "" {
					display = "count"
				}
				out = append(out, Figures{Unit: display})
			}
			out[i].Claims = append(out[i].Claims, Figure{Figure: f, Source: source(a)})
		}
	}
	for i := range out {
		judge(&out[i])
	}
	sort.SliceStable(out, func(i, j int) bool {
		if out[i].Disagree != out[j].Disagree {
			return out[i].Disagree
		}
		return len(out[i].Claims) > len(out[j].Claims)
	})
	return out
}

// unitKey folds a unit to the form claims are grouped under: lower case,
// regular plural dropped ("civilians" and "civilian" count one thing).
func unitKey(u string) string {
	u = strings.ToLower(strings.Join(strings.Fields(u), " "))
	if u == "" {
		return "count"
	}
	switch {
	case len(u) > 4 && strings.HasSuffix(u, "ies"):
		return u[:len(u)-3] + "y"
	case len(u) > 3 && strings.HasSuffix(u, "s") && !strings.HasSuffix(u, "ss"):
		return u[:len(u)-1]
	}
	return u
}

// claimDate is the day a claim refers to: its own date, else its
// article's publication day.
func claimDate(c Figure) string {
	if c.Date != "" {
		return day(c.Date)
	}
	return day(c.Published)
}

// judge orders a unit's claims by date and decides whether they disagree
// or form a series.
//
// Two claims disagree when they come from two sources (two claimants, or
// two outlets for what an outlet states itself) in two different
// articles, their values differ beyond rounding (a vague range that holds
// the other's value does not differ from it: "thousands" and 1,119), and
// nothing says they stand at different times: both state their dates and
// the dates differ. Figures of one article never disagree with each other:
// the article gives them side by side for a reason a unit cannot see.
//
// A change over time needs dates: values that move one way across the
// dates the claims state (or across the days one source spoke) are a
// series; values that go back are a disagreement.
func judge(f *Figures) {
	cs := f.Claims
	sort.SliceStable(cs, func(i, j int) bool {
		di, dj := claimDate(cs[i]), claimDate(cs[j])
		if (di == "") != (dj == "") {
			return dj == ""
		}
		return di < dj
	})
	for x := 0; x < len(cs) && !f.Disagree; x++ {
		for y := x + 1; y < len(cs); y++ {
			if disagree(cs[x], cs[y]) {
				f.Disagree = true
				break
			}
		}
	}
	// Over time: the claims that state their dates, else those of the one
	// source of the unit; one value per day.
	var timed []Figure
	for _, c := range cs {
		if dated(c) {
			timed = append(timed, c)
		}
	}
	if len(timed) < 2 && oneSource(cs) {
		timed = cs
	}
	var vals []Figure
	last := ""
	for _, c := range timed {
		d := claimDate(c)
		if d == "" || d == last {
			continue
		}
		last = d
		vals = append(vals, c)
	}
	up, down, changes := true, true, 0
	for k := 1; k < len(vals); k++ {
		if !valuesDiffer(vals[k], vals[k-1]) {
			continue
		}
		changes++
		if vals[k].Value < vals[k-1].Value {
			up = false
		} else {
			down = false
		}
	}
	switch {
	case changes > 0 && (up || down):
		f.Series = !f.Disagree
	case changes > 0:
		f.Disagree = true
	}
}

// whose is the source of a claim: its claimant, else the outlet that
// states it.
func whose(c Figure) string {
	if c.Claimant != "" {
		return strings.ToLower(c.Claimant)
	}
	return strings.ToLower(c.Outlet)
}

// dated reports whether the text states the claim's date, rather than the
// publication date standing in for it.
func dated(c Figure) bool { return c.Date != "" && !c.DateInferred }

func oneSource(cs []Figure) bool {
	for _, c := range cs[min(1, len(cs)):] {
		if whose(c) != whose(cs[0]) {
			return false
		}
	}
	return true
}

// disagree reports whether two claims of one unit contradict each other.
func disagree(x, y Figure) bool {
	if x.Article != "" && x.Article == y.Article {
		return false
	}
	if whose(x) == whose(y) || !valuesDiffer(x, y) {
		return false
	}
	// Claims that state different dates speak of different times.
	return !(dated(x) && dated(y) && claimDate(x) != claimDate(y))
}

// valuesDiffer reports whether two claims' values differ by more than
// rounding; a range differs from a value only if it does not hold it, and
// from another range only if they do not overlap.
func valuesDiffer(x, y Figure) bool {
	switch {
	case x.IsRange() && y.IsRange():
		return x.High*(1+roundingTolerance) < y.Low || y.High*(1+roundingTolerance) < x.Low
	case x.IsRange():
		return !x.Holds(y.Value, roundingTolerance)
	case y.IsRange():
		return !y.Holds(x.Value, roundingTolerance)
	}
	return differ(x.Value, y.Value)
}

// roundingTolerance is how far apart two values may be and still be one
// figure rounded two ways.
const roundingTolerance = 0.02

func differ(a, b float64) bool {
	m := max(math.Abs(a), math.Abs(b))
	return m > 0 && math.Abs(a-b)/m > roundingTolerance
}

func entities(as []*model.Article, people map[string]string) []Entity {
	aliases := storyAliases(as)
	idx := map[string]int{}
	var out []Entity
	for _, a := range as {
		seen := map[string]bool{}
		for _, e := range a.Entities {
			if full, ok := people[strings.ToLower(e.Name)]; ok && e.Type == model.Person {
				e.Name = full // "Haddad" is the story's "Samir Haddad"
			}
			if c, ok := aliases[e.Name]; ok && e.Type != model.Person {
				e.Name, e.Type = c.Name, c.Type // "UK" is the story's "United Kingdom", "MoD" its "Ministry of Defence"
			}
			id := store.EntityID(e.Name)
			if seen[id] {
				continue
			}
			seen[id] = true
			i, ok := idx[id]
			if !ok {
				i = len(out)
				idx[id] = i
				out = append(out, Entity{ID: id, Name: e.Name, Type: e.Type})
			}
			out[i].Articles++
		}
	}
	sort.SliceStable(out, func(i, j int) bool {
		if out[i].Articles != out[j].Articles {
			return out[i].Articles > out[j].Articles
		}
		return out[i].Name < out[j].Name
	})
	if len(out) > 60 {
		out = out[:60]
	}
	return out
}

// storyAliases maps, across a story's articles, the other names of its
// countries and organisations to one: every name of a country the
// gazetteer knows ("UK", "Britain", "U.S.", "America") to the country's
// common name, and an acronym to the organisation of the story whose
// initials it is ("MoD" → "Ministry of Defence", "GM" → "General
// Motors"), unless two of the story's organisations share those initials.
func storyAliases(as []*model.Article) map[string]Entity {
	out := map[string]Entity{}
	byInitials := map[string]string{}
	clash := map[string]bool{}
	for _, a := range as {
		for _, e := range a.Entities {
			if e.Type == model.Person {
				continue
			}
			if c, ok := names.Country(e.Name); ok && e.Type == model.Place {
				out[e.Name] = Entity{Name: c, Type: model.Place}
				for _, al := range e.Aliases {
					out[al] = Entity{Name: c, Type: model.Place}
				}
			}
			ws := strings.Fields(e.Name)
			if e.Type != model.Org || len(ws) < 2 {
				continue
			}
			for _, in := range []string{names.Initials(ws), names.LinkedInitials(ws)} {
				if len(in) < 2 {
					continue
				}
				if prev, ok := byInitials[in]; ok && prev != e.Name {
					clash[in] = true
				}
				byInitials[in] = e.Name
			}
		}
	}
	for in, full := range byInitials {
		if !clash[in] {
			out[in] = Entity{Name: full, Type: model.Org}
		}
	}
	return out
}
