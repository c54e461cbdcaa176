package web

import (
	"errors"
	"log/slog"
	"net/http"
	"net/url"

	"github.com/storyline-news/storyline/internal/auth"
	"github.com/storyline-news/storyline/internal/model"
	"github.com/storyline-news/storyline/internal/store"
	"github.com/storyline-news/storyline/internal/storyview"
)

type storyData struct {
	Story    store.Story
	View     storyview.View
	Articles []store.ArticleRef
	Loose    []coverageItem // the articles of a story without events
	Events   []eventData
	People   []storyview.Entity
	Places   []storyview.Entity
	Orgs     []storyview.Entity
	Others   []storyview.Entity
	Follow   *store.Follow // the signed-in user's follow of the story
	Charts   storyCharts
	SignedIn bool
	// The page's share of the view's quotes and figures (see pageSpeakers
	// and splitFigures); the entity pages and the JSON API have the rest.
	Speakers     []speakerData
	MoreSpeakers []storyview.Speaker // named only, linking to their pages
	Figures      []figureData
	MoreFigures  int // kinds of figure not shown
}

// speakerData is a speaker with the quotes the page lists.
type speakerData struct {
	storyview.Speaker
	Total int // quotes the view has of them
}

// figureData is one kind of figure with the claims the page lists.
type figureData struct {
	storyview.Figures
	More int // claims not listed
}

// A story page lists this much of a view (exported for the browser tests): a story of hundreds of articles
// otherwise makes a page of hundreds of kilobytes that no reader scrolls
// through. Each speaker's name links to everything they said.
const (
	PageSpeakers      = 15 // speakers quoted; the rest are named
	PageSpeakerQuotes = 5  // quotes of each
	PageFigureUnits   = 10 // kinds of figure
	PageFigureClaims  = 6  // claims of each kind
)

// splitSpeakers splits the view's speakers into those the page quotes (at
// most PageSpeakerQuotes quotes each) and those it only names.
func splitSpeakers(ss []storyview.Speaker) (shown []speakerData, named []storyview.Speaker) {
	for i, s := range ss {
		if i >= PageSpeakers {
			return shown, ss[i:]
		}
		n := len(s.Quotes)
		s.Quotes = s.Quotes[:min(n, PageSpeakerQuotes)]
		shown = append(shown, speakerData{s, n})
	}
	return shown, nil
}

// splitFigures keeps the first PageFigureUnits kinds of figure with at most
// PageFigureClaims claims each, and counts the kinds left out.
func splitFigures(fs []storyview.Figures) ([]figureData, int) {
	var out []figureData
	for i, f := range fs {
		if i >= PageFigureUnits {
			return out, len(fs) - i
		}
		more := max(len(f.Claims)-PageFigureClaims, 0)
		f.Claims = f.Claims[:min(len(f.Claims), PageFigureClaims)]
		out = append(out, figureData{f, more})
	}
	return out, 0
}

type eventData struct {
	storyview.EventRef
	Articles []coverageItem
	More     int // articles of the event not listed
}

// coverageItem is one article of the coverage list with the copies of it
// (syndicated or reprinted) that the page folds under it.
type coverageItem struct {
	store.ArticleRef
	Copies []store.ArticleRef
	Image  string // the article's lead image URL, when the page shows thumbnails
}

// foldCopies lists arts (in their order) with each copy under its
// original when the original is among them; a copy of an article not
// listed stands on its own, marked as a copy.
func foldCopies(arts []store.ArticleRef) []coverageItem {
	at := map[string]int{}
	var out []coverageItem
	for _, a := range arts {
		if a.DuplicateOf == "" {
			at[a.ID] = len(out)
			out = append(out, coverageItem{ArticleRef: a})
		}
	}
	var loose []coverageItem
	for _, a := range arts {
		if a.DuplicateOf == "" {
			continue
		}
		if i, ok := at[a.DuplicateOf]; ok {
			out[i].Copies = append(out[i].Copies, a)
		} else {
			loose = append(loose, coverageItem{ArticleRef: a})
		}
	}
	return append(out, loose...)
}

// addThumbnails gives each article the coverage lists its lead image, when
// the server shows images (through its proxy) at all. Only the listed
// articles are asked for, in one store query: a story of thousands of
// articles costs no more than one of thirty. A failed query costs the
// page its thumbnails, not the page.
func (h *Handler) addThumbnails(r *http.Request, d *storyData) {
	if h.images == nil {
		return
	}
	var items []*coverageItem
	for i := range d.Events {
		for j := range d.Events[i].Articles {
			items = append(items, &d.Events[i].Articles[j])
		}
	}
	for i := range d.Loose {
		items = append(items, &d.Loose[i])
	}
	if len(items) == 0 {
		return
	}
	ids := make([]string, len(items))
	for i, it := range items {
		ids[i] = it.ID
	}
	imgs, err := h.store.ArticleImages(r.Context(), ids)
	if err != nil {
		h.log.Warn("story page without thumbnails", slog.String("story", d.Story.ID), slog.Any("error", err))
		return
	}
	for _, it := range items {
		it.Image = imgs[it.ID]
	}
}

// maxEventArticles is how many articles the page lists per event: a story
// of thousands of articles otherwise makes a page of megabytes.
const maxEventArticles = 30

// storyShow shows one story, coverage first: its title, what and when,
// the summary with its citations, then its events and their articles
// (copies folded under their originals), then quotes by speaker, figures,
// timeline, outlets and who is involved. Long sections fold, so a phone
// shows the coverage on its first screens.
func (h *Handler) storyShow(w http.ResponseWriter, r *http.Request) {
	ctx := r.Context()
	st, v, arts, err := storyview.Load(ctx, h.store, r.PathValue("id"))
	if err != nil {
		if to, ok := store.MovedTo(ctx, h.store, r.PathValue("id")); ok && errors.Is(err, store.ErrNotFound) {
			// A story that merged into another answers at its new address.
			http.Redirect(w, r, "/stories/"+url.PathEscape(to), http.StatusMovedPermanently)
			return
		}
		h.fail(w, r, err)
		return
	}
	d := storyData{Story: st, View: v, Articles: arts, Follow: h.userFollow(r, store.FollowStory, st.ID)}
	_, d.SignedIn = auth.UserFrom(ctx)
	d.Charts = storyChartsFor(v, arts)
	byEvent := map[string][]store.ArticleRef{}
	for _, a := range arts {
		byEvent[a.Event] = append(byEvent[a.Event], a)
	}
	for _, e := range v.Events {
		items := foldCopies(byEvent[e.ID])
		shown, more := items[:min(len(items), maxEventArticles)], 0
		for _, it := range items[len(shown):] {
			more += 1 + len(it.Copies)
		}
		d.Events = append(d.Events, eventData{e, shown, more})
	}
	h.addThumbnails(r, &d)
	d.Speakers, d.MoreSpeakers = splitSpeakers(v.Speakers)
	d.Figures, d.MoreFigures = splitFigures(v.Figures)
	if len(v.Events) == 0 {
		d.Loose = foldCopies(arts[:min(len(arts), maxEventArticles)])
	}
	for _, e := range v.Entities {
		switch e.Type {
		case model.Person:
			d.People = append(d.People, e)
		case model.Place:
			d.Places = append(d.Places, e)
		case model.Org:
			d.Orgs = append(d.Orgs, e)
		default:
			d.Others = append(d.Others, e)
		}
	}
	h.render(w, r, http.StatusOK, "story", page{Title: st.Title, Nav: "front", Feed: "/feeds/stories/" + st.ID + ".atom", Data: d})
}
