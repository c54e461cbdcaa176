package server

import (
	"context"
	"net/url"
	"strings"
	"testing"

	"github.com/storyline-news/storyline/internal/store"
)

// TestNoServerPathsOrScriptLinks: articles read from absolute paths and
// carrying javascript: and data: URLs in their metadata are shown on every
// route of the UI, the API and the feeds without the server's folders, and
// the feeds and pages link only to http(s) URLs.
func TestNoServerPathsOrScriptLinks(t *testing.T) {
	srv, st, ann := newTestServer(t)
	ctx := context.Background()
	arts := fixture()
	for i := range arts {
		arts[i].File = "/srv/private/inbox/" + arts[i].ID + ".jsonl#2"
	}
	arts[1].URL = "javascript:alert(document.domain)"
	arts[2].URL = "data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg=="
	if _, err := st.SaveArticles(ctx, arts); err != nil {
		t.Fatal(err)
	}
	f, err := st.AddFollow(ctx, store.Follow{User: ann.ID, Kind: store.FollowSearch, Target: "sea"})
	if err != nil {
		t.Fatal(err)
	}
	story := voteStory(t, st)
	var paths []string
	for _, p := range []string{"/", "/stories/" + story, "/entities/port-selby", "/search?q=sea", "/sources", "/following",
		"/feeds/front.atom", "/feeds/stories/" + story + ".atom", "/feeds/entities/port-selby.atom", "/feeds/following/" + f.ID + ".atom",
		"/api/v1/stories", "/api/v1/stories/" + story, "/api/v1/entities/port-selby", "/api/v1/search?q=sea", "/api/v1/sources",
		"/api/v1/follows", "/api/v1/follows/" + f.ID} {
		paths = append(paths, p)
	}
	for _, a := range arts {
		paths = append(paths, "/articles/"+url.PathEscape(a.ID), "/api/v1/articles/"+url.PathEscape(a.ID))
	}
	for _, p := range paths {
		t.Run(p, func(t *testing.T) {
			status, body, _ := get(t, ann.Cookie, srv.URL+p)
			if status != 200 {
				t.Fatalf("status %d", status)
			}
			if strings.Contains(body, "/srv/private") || strings.Contains(body, "inbox/") {
				t.Errorf("the answer shows the server's folders")
			}
			if !strings.HasPrefix(p, "/api/") && (strings.Contains(body, "javascript:") || strings.Contains(body, "data:text")) {
				t.Errorf("a page or feed carries a script link")
			}
		})
	}
	_, body, _ := get(t, ann.Cookie, srv.URL+"/api/v1/articles/vote-2")
	if !strings.Contains(body, `"file":"vote-2.jsonl#2"`) {
		t.Errorf("the article's file is not shown by its name: %s", body)
	}
}
