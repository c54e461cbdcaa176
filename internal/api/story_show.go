package api

import (
	"net/http"

	"github.com/storyline-news/storyline/internal/store"
	"github.com/storyline-news/storyline/internal/storyview"
)

// StoryDetail is the body of GET /stories/{id}: the story, its view
// (timeline, quotes by speaker, figures, entities, events) and its articles.
type StoryDetail struct {
	StorySummary
	View     storyview.View     `json:"view"`
	Coverage []store.ArticleRef `json:"coverage"`
}

// storyShow returns one story.
func (h *Handler) storyShow(w http.ResponseWriter, r *http.Request) {
	ctx := r.Context()
	st, v, arts, err := storyview.Load(ctx, h.store, r.PathValue("id"))
	if err != nil {
		h.fail(w, r, err)
		return
	}
	writeJSON(w, http.StatusOK, StoryDetail{StorySummary: summarize(st), View: fill(v), Coverage: nonNil(arts)})
}

// fill turns a view's nil lists into empty ones, so clients get [] not null.
func fill(v storyview.View) storyview.View {
	v.Outlets = nonNil(v.Outlets)
	v.Events = nonNil(v.Events)
	v.Timeline = nonNil(v.Timeline)
	v.Speakers = nonNil(v.Speakers)
	v.Figures = nonNil(v.Figures)
	v.Entities = nonNil(v.Entities)
	return v
}
