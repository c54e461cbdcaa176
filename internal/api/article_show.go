package api

import (
	"net/http"
	"strings"

	"github.com/storyline-news/storyline/internal/model"
	"github.com/storyline-news/storyline/internal/store"
)

// ArticleDetail is the body of GET /articles/{id}: the analysis record
// (the contract `storyline analyze` prints) and what settling later
// changed in it, oldest first.
type ArticleDetail struct {
	model.Record
	Changes []store.Change `json:"changes"`
}

// articleShow returns one article's analysis record, with its story and
// event and the changes later articles made to it.
func (h *Handler) articleShow(w http.ResponseWriter, r *http.Request) {
	a, err := h.store.Article(r.Context(), r.PathValue("id"))
	if err != nil {
		h.fail(w, r, err)
		return
	}
	d := ArticleDetail{Record: model.NewRecord(&a), Changes: []store.Change{}}
	d.File = PublicFile(a.File)
	if rd, ok := h.store.(store.Redirector); ok {
		cs, err := rd.ArticleChanges(r.Context(), a.ID)
		if err != nil {
			h.fail(w, r, err)
			return
		}
		d.Changes = nonNil(cs)
	}
	writeJSON(w, http.StatusOK, d)
}

// PublicFile is the name of the file an article was read from as the API
// shows it: its base name (with the "#N" of a JSON Lines line), never the
// folders above it, which would tell a client how the server's disk is
// laid out ("/home/editor/inbox/…").
func PublicFile(file string) string {
	if i := strings.LastIndexAny(file, `/\`); i >= 0 {
		file = file[i+1:]
	}
	return file
}
