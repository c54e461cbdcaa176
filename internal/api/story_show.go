package api

import (
	"errors"
	"net/http"
	"net/url"

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

// Moved is the body of a 301 for a story that merged into another.
type Moved struct {
	Error   string `json:"error"`
	MovedTo string `json:"moved_to"`
}

// storyShow returns one story.
func (h *Handler) storyShow(w http.ResponseWriter, r *http.Request) {
	ctx := r.Context()
	st, v, arts, err := storyview.Load(ctx, h.store, r.PathValue("id"))
	if err != nil {
		if to, ok := store.MovedTo(ctx, h.store, r.PathValue("id")); ok && errors.Is(err, store.ErrNotFound) {
			// A story that merged into another: its new ID, and where.
			w.Header().Set("Location", "/api/v1/stories/"+url.PathEscape(to))
			writeJSON(w, http.StatusMovedPermanently, Moved{Error: "moved: the story merged into " + to, MovedTo: to})
			return
		}
		h.fail(w, r, err)
		return
	}
	lastModified(w, st.Updated)
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
