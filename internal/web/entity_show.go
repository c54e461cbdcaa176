package web

import (
	"html/template"
	"net/http"

	"github.com/storyline-news/storyline/internal/auth"
	"github.com/storyline-news/storyline/internal/store"
)

type entityData struct {
	Entity   store.Entity
	Quotes   []store.Said
	Articles []store.ArticleRef
	Stories  []store.Story
	Follow   *store.Follow
	SignedIn bool

	// MentionsChart is the entity's mentions over time (see charts.go).
	MentionsChart template.HTML
}

// entityShow shows everything said by or about a person, place or
// organisation, across stories.
func (h *Handler) entityShow(w http.ResponseWriter, r *http.Request) {
	ctx := r.Context()
	id := r.PathValue("id")
	e, err := h.store.Entity(ctx, id)
	if err != nil {
		h.fail(w, r, err)
		return
	}
	d := entityData{Entity: e}
	if d.Quotes, err = h.store.EntityQuotes(ctx, id, 50); err != nil {
		h.fail(w, r, err)
		return
	}
	if d.Articles, err = h.store.EntityArticles(ctx, id, 50); err != nil {
		h.fail(w, r, err)
		return
	}
	days, err := h.store.EntityMentionDays(ctx, id)
	if err != nil {
		h.fail(w, r, err)
		return
	}
	d.MentionsChart = template.HTML(mentionsChart(e.Name, days))
	ids, err := h.store.EntityStories(ctx, id)
	if err != nil {
		h.fail(w, r, err)
		return
	}
	for i, sid := range ids {
		if i == 20 {
			break
		}
		if st, err := h.store.Story(ctx, sid); err == nil {
			st.View = nil
			d.Stories = append(d.Stories, st)
		}
	}
	d.Follow = h.userFollow(r, store.FollowEntity, e.ID)
	_, d.SignedIn = auth.UserFrom(ctx)
	h.render(w, r, http.StatusOK, "entity", page{Title: e.Name, Feed: "/feeds/entities/" + e.ID + ".atom", Data: d})
}
