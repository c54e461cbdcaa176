package web

import (
	"errors"
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
	Events   []eventData
	People   []storyview.Entity
	Places   []storyview.Entity
	Orgs     []storyview.Entity
	Others   []storyview.Entity
	Follow   *store.Follow // the signed-in user's follow of the story
	Charts   storyCharts
	SignedIn bool
}

type eventData struct {
	storyview.EventRef
	Articles []store.ArticleRef
	More     int // articles of the event not listed
}

// maxEventArticles is how many articles the page lists per event: a story
// of thousands of articles otherwise makes a page of megabytes.
const maxEventArticles = 30

// storyShow shows one story: its events and their articles, outlets,
// summary, timeline, quotes by speaker, figures and who is involved.
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
		as := byEvent[e.ID]
		d.Events = append(d.Events, eventData{e, as[:min(len(as), maxEventArticles)], max(len(as)-maxEventArticles, 0)})
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
