package poll

import (
	"context"
	"net/http"
	"testing"
	"time"

	"github.com/storyline-news/storyline/internal/fetch"
	"github.com/storyline-news/storyline/internal/model"
)

// TestPollArchive: with an archiving client, a document made of a page
// names that page's record, one that stands on the feed's content names
// the feed's, and one of a fetch the archive could not keep names none.
func TestPollArchive(t *testing.T) {
	srv := newServer(t)
	srv.robots = "User-agent: *\nDisallow: /private/\n"
	// The hook names each record after the path it keeps, and keeps
	// nothing of /a/unkept.
	client := fetch.New(fetch.Config{AllowPrivate: true, HostInterval: -1, HostConcurrency: 16, DialContext: loopbackDial(t),
		Archive: func(req *http.Request, resp *fetch.Response) *model.Archive {
			if req.URL.Path == "/a/unkept" {
				return nil
			}
			return &model.Archive{File: "test.warc.gz", Record: "urn:test:" + req.URL.Path}
		}})
	k := &sink{}
	p := &Poller{Store: openStore(t), Client: client, Sink: k.take}
	srv.setFeed("/f.rss", []byte(rss(srv.URL,
		item{"g1", "/private/long", "Quay opens", itemText},
		item{"g2", "/a/one", "First page", ""},
		item{"g3", "/a/two", "Second page", ""},
		item{"g4", "/a/unkept", "Unkept page", ""},
	)))
	for i, path := range []string{"/a/one", "/a/two", "/a/unkept"} {
		srv.pages[path] = invented(path, i)
	}
	ctx := context.Background()
	if _, err := p.Add(ctx, srv.URL+"/f.rss", time.Hour); err != nil {
		t.Fatal(err)
	}
	if _, err := p.Poll(ctx, false); err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name, title, record string // record "" means no archive
	}{
		{"a page names its own record", "First page", "urn:test:/a/one"},
		{"another page, another record", "Second page", "urn:test:/a/two"},
		{"the feed's content names the feed's record", "Quay opens", "urn:test:/f.rss"},
		{"a fetch the archive did not keep", "Unkept page", ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var d *model.Document
			for i := range k.docs {
				if k.docs[i].Title == tt.title {
					d = &k.docs[i]
				}
			}
			switch {
			case d == nil:
				t.Fatalf("no document %q", tt.title)
			case tt.record == "" && d.Archive != nil:
				t.Errorf("archive %+v, want none", *d.Archive)
			case tt.record != "" && (d.Archive == nil || d.Archive.Record != tt.record || d.Archive.File != "test.warc.gz"):
				t.Errorf("archive %+v, want %s", d.Archive, tt.record)
			}
		})
	}
}
