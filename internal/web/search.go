package web

import (
	"net/http"
	"net/url"
	"strconv"

	"github.com/storyline-news/storyline/internal/auth"
	"github.com/storyline-news/storyline/internal/store"
)

type searchData struct {
	Q        store.SearchQuery
	Entity   string // the entity filter as typed
	Hits     []store.SearchHit
	Outlets  []store.OutletStat
	Next     string // link to the next page of results, if any
	Prev     string
	Follow   *store.Follow
	SignedIn bool
}

// search is full-text search with filters for outlet, date range and entity.
func (h *Handler) search(w http.ResponseWriter, r *http.Request) {
	v := r.URL.Query()
	q, err := store.ParseSearch(v)
	if err != nil {
		h.fail(w, r, err)
		return
	}
	d := searchData{Q: q, Entity: v.Get("entity"), Outlets: h.cachedOutlets(r)}
	_, d.SignedIn = auth.UserFrom(r.Context())
	if !q.Empty() {
		want := q.Limit
		q.Limit++
		hits, err := h.store.Search(r.Context(), q)
		if err != nil {
			h.fail(w, r, err)
			return
		}
		if len(hits) > want {
			hits = hits[:want]
			d.Next = pageLink(v, q.Offset+want)
		}
		if q.Offset > 0 {
			d.Prev = pageLink(v, max(q.Offset-want, 0))
		}
		d.Hits = hits
		if q.Text != "" {
			d.Follow = h.userFollow(r, store.FollowSearch, q.Text)
		}
	}
	title := "Search"
	if q.Text != "" {
		title = "Search: " + q.Text
	}
	h.render(w, r, http.StatusOK, "search", page{Title: title, Nav: "search", Query: q.Text, Data: d})
}

func pageLink(v url.Values, offset int) string {
	c := url.Values{}
	for k, vs := range v {
		c[k] = vs
	}
	c.Set("offset", strconv.Itoa(offset))
	return "/search?" + c.Encode()
}
