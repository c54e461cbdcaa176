package web

import (
	"net/http"

	"github.com/storyline-news/storyline/internal/store"
)

type sourcesData struct {
	Outlets []store.OutletStat
	Most    int // the largest article count, to scale the bars
	Total   int
}

// sources lists the outlets with their article counts and the dates covered.
func (h *Handler) sources(w http.ResponseWriter, r *http.Request) {
	outs, err := h.store.Outlets(r.Context())
	if err != nil {
		h.fail(w, r, err)
		return
	}
	d := sourcesData{Outlets: outs}
	for _, o := range outs {
		d.Most = max(d.Most, o.Articles)
		d.Total += o.Articles
	}
	h.render(w, r, http.StatusOK, "sources", page{Title: "Sources", Nav: "sources", Data: d})
}
