package sqlite

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/storyline-news/storyline/internal/model"
	"github.com/storyline-news/storyline/internal/store"
)

// openTemp opens a store on a fresh file in the test's temporary folder.
func openTemp(t testing.TB) (*Store, string) {
	t.Helper()
	path := filepath.Join(t.TempDir(), "storyline.db")
	s, err := Open(context.Background(), path)
	if err != nil {
		t.Fatalf("Open: %v", err)
	}
	t.Cleanup(func() { s.Close() })
	return s, path
}

// article makes a small article of the team's own words.
func article(id, outlet, published, headline string, body ...string) model.Article {
	return model.Article{
		ID: id, Outlet: outlet, Published: published, Headline: headline, Body: body,
		URL: "https://example.org/" + id,
		Entities: []model.Entity{
			{Name: "Marta Quell", Type: model.Person, Aliases: []string{"Quell", "Ms Quell"}, Mentions: 2},
			{Name: "Port Averne", Type: model.Place, Mentions: 1},
		},
		Quotes:  []model.Quote{{Text: "The bridge will reopen by spring.", Speaker: "Quell", Kind: model.QuoteDirect}},
		Figures: []model.Figure{{Text: "40 workers", Value: 40, Unit: "workers"}},
		Mentions: []model.Mention{
			{Entity: 0, Para: 0, Start: 0, End: 11},
		},
	}
}

func TestOpenMigratesAndRefusesNewerSchema(t *testing.T) {
	ctx := context.Background()
	s, path := openTemp(t)
	var mode string
	if err := s.db.QueryRowContext(ctx, `PRAGMA journal_mode`).Scan(&mode); err != nil || mode != "wal" {
		t.Fatalf("journal_mode = %q, %v; want wal", mode, err)
	}
	var v int
	if err := s.db.QueryRowContext(ctx, `SELECT max(version) FROM schema_migrations`).Scan(&v); err != nil || v != SchemaVersion() {
		t.Fatalf("schema version = %d, %v; want %d", v, err, SchemaVersion())
	}
	s.Close()

	// Reopening an up-to-date database applies nothing and works.
	s2, err := Open(ctx, path)
	if err != nil {
		t.Fatalf("reopen: %v", err)
	}
	s2.Close()

	// A later program's migration: this one must refuse the file.
	db, err := sql.Open("sqlite", path)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := db.Exec(`INSERT INTO schema_migrations (version, applied_at) VALUES (?, 'later')`, SchemaVersion()+1); err != nil {
		t.Fatal(err)
	}
	db.Close()
	if s3, err := Open(ctx, path); !errors.Is(err, store.ErrSchema) {
		if s3 != nil {
			s3.Close()
		}
		t.Fatalf("Open on a newer schema: err = %v, want ErrSchema", err)
	}
}

// TestOpenConcurrently opens one database from several Store values at
// once, as two programs starting together do: every Open must succeed and
// every migration must be applied exactly once, whether the file is new or
// an older schema with migrations still to apply.
func TestOpenConcurrently(t *testing.T) {
	const openers = 6
	tests := []struct {
		name    string
		applied int // migrations already applied before the concurrent opens
	}{
		{"new file", 0},
		{"older schema", 1},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			ctx := context.Background()
			path := filepath.Join(t.TempDir(), "storyline.db")
			if tt.applied > 0 {
				ms, err := migrations()
				if err != nil {
					t.Fatal(err)
				}
				old, err := sql.Open("sqlite", "file:"+path+"?_txlock=immediate")
				if err != nil {
					t.Fatal(err)
				}
				if err := (&Store{db: old, now: time.Now}).applyMigrations(ctx, ms[:tt.applied]); err != nil {
					t.Fatalf("building the older schema: %v", err)
				}
				old.Close()
			}

			var wg sync.WaitGroup
			errs := make([]error, openers)
			stores := make([]*Store, openers)
			start := make(chan struct{})
			for i := range openers {
				wg.Go(func() {
					<-start
					stores[i], errs[i] = Open(ctx, path)
				})
			}
			close(start)
			wg.Wait()
			for i, err := range errs {
				if err != nil {
					t.Errorf("Open #%d: %v", i, err)
					continue
				}
				stores[i].Close()
			}
			if t.Failed() {
				return
			}

			s, err := Open(ctx, path)
			if err != nil {
				t.Fatal(err)
			}
			defer s.Close()
			rows, err := s.db.QueryContext(ctx, `SELECT version FROM schema_migrations ORDER BY version`)
			if err != nil {
				t.Fatal(err)
			}
			defer rows.Close()
			var versions []int
			for rows.Next() {
				var v int
				if err := rows.Scan(&v); err != nil {
					t.Fatal(err)
				}
				versions = append(versions, v)
			}
			if len(versions) != SchemaVersion() {
				t.Fatalf("schema_migrations = %v, want 1…%d once each", versions, SchemaVersion())
			}
			for i, v := range versions {
				if v != i+1 {
					t.Fatalf("schema_migrations = %v, want 1…%d once each", versions, SchemaVersion())
				}
			}
		})
	}
}

func TestOpenRejectsBadPath(t *testing.T) {
	tests := []struct {
		name string
		path string
	}{
		{"empty", ""},
		{"query", "x.db?mode=ro"},
		{"fragment", "x.db#1"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if _, err := Open(context.Background(), tt.path); !errors.Is(err, store.ErrInvalid) {
				t.Errorf("Open(%q) = %v, want ErrInvalid", tt.path, err)
			}
		})
	}
}

func TestSaveArticlesOutcomes(t *testing.T) {
	ctx := context.Background()
	s, _ := openTemp(t)
	a := article("a1", "The Harbour Post", "2024-03-02", "Bridge to close for repairs", "Crews will close the old bridge on Monday.")
	b := article("b1", "Valley Courier", "2024-03-03", "Ferry service doubled", "Two extra ferries will run while the bridge is shut.")

	out, err := s.SaveArticles(ctx, []model.Article{a, b})
	if err != nil {
		t.Fatal(err)
	}
	if out[0] != store.New || out[1] != store.New {
		t.Fatalf("first save = %v, want new, new", out)
	}

	// Clustering writes its fields; saving the same content again keeps them.
	a.Story, a.Event = "s1", "e1"
	if err := s.SaveClusters(ctx, []model.Article{a}, nil, nil); err != nil {
		t.Fatal(err)
	}
	a.Story, a.Event = "", ""
	out, err = s.SaveArticles(ctx, []model.Article{a})
	if err != nil {
		t.Fatal(err)
	}
	if out[0] != store.Unchanged {
		t.Fatalf("same article again = %v, want unchanged", out[0])
	}

	changed := a
	changed.Body = []string{"Crews will close the old bridge on Tuesday, a day later than planned."}
	out, err = s.SaveArticles(ctx, []model.Article{changed})
	if err != nil {
		t.Fatal(err)
	}
	if out[0] != store.Updated {
		t.Fatalf("changed article = %v, want updated", out[0])
	}
	n, err := s.CountArticles(ctx)
	if err != nil || n != 2 {
		t.Fatalf("CountArticles = %d, %v; want 2", n, err)
	}
	got, err := s.Article(ctx, "a1")
	if err != nil {
		t.Fatal(err)
	}
	if got.Body[0] != changed.Body[0] || got.Story != "s1" || got.Event != "e1" {
		t.Errorf("updated article = body %q story %q event %q; want new body and kept clusters", got.Body[0], got.Story, got.Event)
	}
	if len(got.Quotes) != 1 || len(got.Entities) != 2 || len(got.Mentions) != 1 {
		t.Errorf("analysis not kept: %d quotes, %d entities, %d mentions", len(got.Quotes), len(got.Entities), len(got.Mentions))
	}
	// The old text is gone from the index, the new one is in it.
	if hits, _ := s.Search(ctx, store.SearchQuery{Text: "Monday"}); len(hits) != 0 {
		t.Errorf("search for replaced text found %d hits", len(hits))
	}
	if hits, _ := s.Search(ctx, store.SearchQuery{Text: "Tuesday"}); len(hits) != 1 {
		t.Errorf("search for new text found %d hits, want 1", len(hits))
	}
	// Mentions were replaced, not added to.
	e, err := s.Entity(ctx, "marta-quell")
	if err != nil {
		t.Fatal(err)
	}
	if e.Articles != 2 || e.Mentions != 4 {
		t.Errorf("entity counts = %d articles, %d mentions; want 2, 4", e.Articles, e.Mentions)
	}
	if _, err := s.Article(ctx, "nope"); !errors.Is(err, store.ErrNotFound) {
		t.Errorf("missing article: %v, want ErrNotFound", err)
	}
	if _, err := s.SaveArticles(ctx, []model.Article{{}}); !errors.Is(err, store.ErrInvalid) {
		t.Errorf("article without ID: %v, want ErrInvalid", err)
	}
}

func seed(t testing.TB, s *Store) {
	t.Helper()
	ctx := context.Background()
	arts := []model.Article{
		article("a1", "The Harbour Post", "2024-03-02", "Bridge to close for repairs", "Crews will close the old bridge on Monday, the council said."),
		article("a2", "Valley Courier", "2024-03-03", "Ferry service doubled while bridge shut", "Two extra ferries will run across the estuary."),
		article("a3", "Valley Courier", "2024-03-09", "Orchard growers fear late frost", "Growers in the upper valley covered blossom overnight."),
	}
	arts[2].Entities = []model.Entity{{Name: "Ines Varga", Type: model.Person, Mentions: 3}}
	arts[2].Quotes = []model.Quote{{Text: "One cold night can take the whole crop.", Speaker: "Ines Varga", Kind: model.QuoteDirect}}
	if _, err := s.SaveArticles(ctx, arts); err != nil {
		t.Fatal(err)
	}
	arts[0].Story, arts[0].Event = "s-bridge", "e-close"
	arts[1].Story, arts[1].Event = "s-bridge", "e-ferry"
	arts[2].Story, arts[2].Event = "s-frost", "e-frost"
	stories := []store.Story{
		{ID: "s-bridge", Title: "Old bridge closes", Articles: 2, Sources: 2, First: "2024-03-02", Last: "2024-03-03", Rank: 2, Events: []string{"e-close", "e-ferry"}, Outlets: []string{"The Harbour Post", "Valley Courier"}, View: []byte(`{"title":"Old bridge closes"}`)},
		{ID: "s-frost", Title: "Late frost", Articles: 1, Sources: 1, First: "2024-03-09", Last: "2024-03-09", Rank: 1},
	}
	events := []store.Event{
		{ID: "e-ferry", Story: "s-bridge", Title: "Ferries doubled", Articles: 1, Sources: 1, First: "2024-03-03", Last: "2024-03-03"},
		{ID: "e-close", Story: "s-bridge", Title: "Bridge closes", Articles: 1, Sources: 1, First: "2024-03-02", Last: "2024-03-02"},
		{ID: "e-frost", Story: "s-frost", Title: "Frost", Articles: 1, Sources: 1, First: "2024-03-09", Last: "2024-03-09"},
	}
	if err := s.SaveClusters(ctx, arts, events, stories); err != nil {
		t.Fatal(err)
	}
}

func TestStoriesAndEntities(t *testing.T) {
	ctx := context.Background()
	s, _ := openTemp(t)
	seed(t, s)

	sts, err := s.Stories(ctx, 10, 0)
	if err != nil {
		t.Fatal(err)
	}
	// s-frost (1 source, 2024-03-09) ranks 1, s-bridge (2 sources, six
	// days older) 2×½² = 0.5.
	if len(sts) != 2 || sts[0].ID != "s-frost" || sts[1].ID != "s-bridge" || sts[1].Rank != 0.5 {
		t.Fatalf("Stories = %+v, want s-frost then s-bridge at 0.5", sts)
	}
	st, err := s.Story(ctx, "s-bridge")
	if err != nil {
		t.Fatal(err)
	}
	if string(st.View) != `{"title":"Old bridge closes"}` || len(st.Outlets) != 2 || st.Updated.IsZero() {
		t.Errorf("Story = %+v view %s", st, st.View)
	}
	if _, err := s.Story(ctx, "s-none"); !errors.Is(err, store.ErrNotFound) {
		t.Errorf("missing story: %v", err)
	}
	evs, err := s.StoryEvents(ctx, "s-bridge")
	if err != nil || len(evs) != 2 || evs[0].ID != "e-close" {
		t.Errorf("StoryEvents = %+v, %v; want e-close first", evs, err)
	}
	refs, err := s.StoryArticles(ctx, "s-bridge")
	if err != nil || len(refs) != 2 || refs[0].ID != "a1" || refs[0].Story != "s-bridge" {
		t.Errorf("StoryArticles = %+v, %v", refs, err)
	}

	said, err := s.EntityQuotes(ctx, "marta-quell", 10)
	if err != nil || len(said) != 2 || said[0].Text == "" || said[0].Article.ID != "a2" {
		t.Errorf("EntityQuotes (speaker given by alias) = %+v, %v", said, err)
	}
	ids, err := s.EntityStories(ctx, "ines-varga")
	if err != nil || len(ids) != 1 || ids[0] != "s-frost" {
		t.Errorf("EntityStories = %v, %v", ids, err)
	}
	arts, err := s.EntityArticles(ctx, "port-averne", 10)
	if err != nil || len(arts) != 2 {
		t.Errorf("EntityArticles = %v, %v", arts, err)
	}
	if _, err := s.Entity(ctx, "nobody"); !errors.Is(err, store.ErrNotFound) {
		t.Errorf("missing entity: %v", err)
	}
	// Marta Quell is named twice in each of the two articles that name her.
	days, err := s.EntityMentionDays(ctx, "marta-quell")
	if err != nil || fmt.Sprint(days) != "[{2024-03-02 1 2} {2024-03-03 1 2}]" {
		t.Errorf("EntityMentionDays = %v, %v", days, err)
	}
	if days, err := s.EntityMentionDays(ctx, "nobody"); err != nil || len(days) != 0 {
		t.Errorf("EntityMentionDays of nobody = %v, %v", days, err)
	}

	// Re-clustering with the same views keeps each story's update time.
	before := st.Updated
	time.Sleep(2 * time.Millisecond)
	seed(t, s)
	st2, _ := s.Story(ctx, "s-bridge")
	if !st2.Updated.Equal(before) {
		t.Errorf("unchanged story's update time moved from %v to %v", before, st2.Updated)
	}

	outs, err := s.Outlets(ctx)
	if err != nil || len(outs) != 2 || outs[0].Outlet != "Valley Courier" || outs[0].Articles != 2 || outs[0].First != "2024-03-03" || outs[0].Last != "2024-03-09" {
		t.Errorf("Outlets = %+v, %v", outs, err)
	}
}

func TestSearch(t *testing.T) {
	ctx := context.Background()
	s, _ := openTemp(t)
	seed(t, s)
	tests := []struct {
		name    string
		q       store.SearchQuery
		want    []string
		wantErr error
	}{
		{name: "word", q: store.SearchQuery{Text: "bridge"}, want: []string{"a1", "a2"}},
		{name: "case and accents", q: store.SearchQuery{Text: "FÉRRIES"}, want: []string{"a2"}},
		{name: "phrase", q: store.SearchQuery{Text: `"extra ferries"`}, want: []string{"a2"}},
		{name: "phrase not adjacent", q: store.SearchQuery{Text: `"ferries extra"`}, want: nil},
		{name: "prefix", q: store.SearchQuery{Text: "orch*"}, want: []string{"a3"}},
		{name: "outlet column", q: store.SearchQuery{Text: "harbour"}, want: []string{"a1"}},
		{name: "outlet filter", q: store.SearchQuery{Text: "bridge", Outlet: "Valley Courier"}, want: []string{"a2"}},
		{name: "date range", q: store.SearchQuery{Text: "bridge", From: "2024-03-03", To: "2024-03-03"}, want: []string{"a2"}},
		{name: "entity filter", q: store.SearchQuery{Text: "growers", Entity: "ines-varga"}, want: []string{"a3"}},
		{name: "entity filter excludes", q: store.SearchQuery{Text: "growers", Entity: "marta-quell"}, want: nil},
		{name: "filters only, newest first", q: store.SearchQuery{Outlet: "Valley Courier"}, want: []string{"a3", "a2"}},
		{name: "operators are literals", q: store.SearchQuery{Text: `bridge AND OR NOT ( "`}, want: nil},
		{name: "punctuation only", q: store.SearchQuery{Text: `-- * "" ()`}, wantErr: store.ErrInvalid},
		{name: "empty", q: store.SearchQuery{}, wantErr: store.ErrInvalid},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			hits, err := s.Search(ctx, tt.q)
			if tt.wantErr != nil {
				if !errors.Is(err, tt.wantErr) {
					t.Fatalf("err = %v, want %v", err, tt.wantErr)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			var got []string
			for _, h := range hits {
				got = append(got, h.ID)
			}
			if strings.Join(sorted(got, tt.q.Text != ""), ",") != strings.Join(sorted(tt.want, tt.q.Text != ""), ",") {
				t.Errorf("hits = %v, want %v", got, tt.want)
			}
		})
	}
	hits, _ := s.Search(ctx, store.SearchQuery{Text: "ferries"})
	if len(hits) != 1 || !strings.Contains(hits[0].Snippet, "\x02ferries\x03") {
		t.Errorf("snippet does not mark the match: %q", hits)
	}
}

// sorted sorts ids when order does not matter (ranked search results).
func sorted(ids []string, anyOrder bool) []string {
	out := append([]string(nil), ids...)
	if anyOrder {
		for i := range out {
			for j := i + 1; j < len(out); j++ {
				if out[j] < out[i] {
					out[i], out[j] = out[j], out[i]
				}
			}
		}
	}
	return out
}

func TestMatchQuery(t *testing.T) {
	tests := []struct {
		name, in, want string
	}{
		{"words", "bridge ferry", `"bridge" "ferry"`},
		{"phrase", `"old bridge" ferry`, `"old bridge" "ferry"`},
		{"unclosed quote", `"old bridge`, `"old bridge"`},
		{"prefix", "brid*", `"brid"*`},
		{"operators", "a OR b", `"a" "OR" "b"`},
		{"punctuation", "-- ()", ``},
		{"inner quote", `o"neill`, `"o" "neill"`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := MatchQuery(tt.in); got != tt.want {
				t.Errorf("MatchQuery(%q) = %q, want %q", tt.in, got, tt.want)
			}
		})
	}
}

func TestFollows(t *testing.T) {
	ctx := context.Background()
	s, _ := openTemp(t)
	seed(t, s)
	base := time.Now().UTC()
	s.now = func() time.Time { return base }
	ann := addUser(t, s, "ann", true)
	bob := addUser(t, s, "bob", false)

	f, err := s.AddFollow(ctx, store.Follow{User: ann.ID, Kind: store.FollowSearch, Target: "  bridge "})
	if err != nil {
		t.Fatal(err)
	}
	if f.ID == "" || f.User != ann.ID || f.Target != "bridge" || f.Label != "bridge" || f.New != 0 {
		t.Fatalf("AddFollow = %+v", f)
	}
	again, err := s.AddFollow(ctx, store.Follow{User: ann.ID, Kind: store.FollowSearch, Target: "bridge"})
	if err != nil || again.ID != f.ID {
		t.Fatalf("following twice = %+v, %v; want the same follow", again, err)
	}
	// Another user following the same search has a follow of their own.
	bobs, err := s.AddFollow(ctx, store.Follow{User: bob.ID, Kind: store.FollowSearch, Target: "bridge"})
	if err != nil || bobs.ID == f.ID {
		t.Fatalf("bob's follow = %+v, %v; want one apart from ann's %s", bobs, err, f.ID)
	}
	ent, err := s.AddFollow(ctx, store.Follow{User: ann.ID, Kind: store.FollowEntity, Target: "ines-varga", Label: "Ines Varga"})
	if err != nil {
		t.Fatal(err)
	}
	for _, bad := range []store.Follow{
		{User: ann.ID, Kind: "story", Target: "x"},
		{User: ann.ID, Kind: "topic", Target: "x"},
		{User: ann.ID, Kind: store.FollowSearch, Target: "--"},
		{User: ann.ID, Kind: store.FollowEntity},
		{Kind: store.FollowSearch, Target: "bridge"},
		{User: "unope", Kind: store.FollowSearch, Target: "bridge"},
	} {
		if _, err := s.AddFollow(ctx, bad); !errors.Is(err, store.ErrInvalid) {
			t.Errorf("AddFollow(%+v) = %v, want ErrInvalid", bad, err)
		}
	}

	// Articles stored after the follow are new to it.
	s.now = func() time.Time { return base.Add(time.Minute) }
	late := article("a4", "The Harbour Post", "2024-03-10", "Bridge reopening date set", "The bridge will reopen in April.")
	late.Entities = append(late.Entities, model.Entity{Name: "Ines Varga", Type: model.Person, Mentions: 1})
	if _, err := s.SaveArticles(ctx, []model.Article{late}); err != nil {
		t.Fatal(err)
	}
	fs, err := s.Follows(ctx, ann.ID)
	if err != nil || len(fs) != 2 {
		t.Fatalf("Follows = %+v, %v", fs, err)
	}
	if fs[0].New != 1 || fs[1].New != 1 {
		t.Errorf("new matches = %d, %d; want 1, 1", fs[0].New, fs[1].New)
	}
	ms, err := s.FollowMatches(ctx, ann.ID, f.ID, 10)
	if err != nil || len(ms) != 3 || ms[0].ID != "a4" {
		t.Errorf("FollowMatches = %v, %v; want a4 first of 3", ms, err)
	}
	if un, err := s.UnreadMatches(ctx, ann.ID, f.ID, 10); err != nil || len(un) != 1 || un[0].ID != "a4" {
		t.Errorf("UnreadMatches = %v, %v; want a4 alone", un, err)
	}
	if err := s.MarkFollowSeen(ctx, ann.ID, f.ID, base.Add(2*time.Minute)); err != nil {
		t.Fatal(err)
	}
	if got, _ := s.Follow(ctx, ann.ID, f.ID); got.New != 0 {
		t.Errorf("after marking seen New = %d, want 0", got.New)
	}
	if un, err := s.UnreadMatches(ctx, ann.ID, f.ID, 10); err != nil || len(un) != 0 {
		t.Errorf("UnreadMatches after marking seen = %v, %v; want none", un, err)
	}
	// Ann's read mark is hers: bob's copy of the search still has a4 new.
	if got, err := s.Follow(ctx, bob.ID, bobs.ID); err != nil || got.New != 1 {
		t.Errorf("bob's follow after ann marked hers seen: %+v, %v; want 1 new", got, err)
	}
	// Bob can neither see nor change ann's follows.
	for name, err := range map[string]error{
		"follow": func() error { _, err := s.Follow(ctx, bob.ID, f.ID); return err }(),
		"seen":   s.MarkFollowSeen(ctx, bob.ID, f.ID, base),
		"delete": s.DeleteFollow(ctx, bob.ID, f.ID),
	} {
		if !errors.Is(err, store.ErrNotFound) {
			t.Errorf("%s of another user's follow: %v, want ErrNotFound", name, err)
		}
	}
	if fs, _ := s.Follows(ctx, bob.ID); len(fs) != 1 || fs[0].ID != bobs.ID {
		t.Errorf("bob's follows = %+v, want his one", fs)
	}
	if err := s.DeleteFollow(ctx, ann.ID, ent.ID); err != nil {
		t.Fatal(err)
	}
	for name, err := range map[string]error{
		"follow":  func() error { _, err := s.Follow(ctx, ann.ID, ent.ID); return err }(),
		"delete":  s.DeleteFollow(ctx, ann.ID, ent.ID),
		"seen":    s.MarkFollowSeen(ctx, ann.ID, "fnope", base),
		"matches": func() error { _, err := s.FollowMatches(ctx, ann.ID, "fnope", 1); return err }(),
	} {
		if !errors.Is(err, store.ErrNotFound) {
			t.Errorf("%s on a deleted follow: %v, want ErrNotFound", name, err)
		}
	}
}

func TestEntityID(t *testing.T) {
	tests := []struct{ name, in, want string }{
		{"plain", "Marta Quell", "marta-quell"},
		{"apostrophe", "Sean O'Neill", "sean-oneill"},
		{"dots", "U.N.", "un"},
		{"accents kept", "Zoë Brandt", "zoë-brandt"},
		{"symbols", "  --  ", "x-" + "0"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := store.EntityID(tt.in)
			if tt.name == "symbols" {
				if !strings.HasPrefix(got, "x-") || len(got) != 14 {
					t.Errorf("EntityID(%q) = %q, want a hash id", tt.in, got)
				}
				return
			}
			if got != tt.want {
				t.Errorf("EntityID(%q) = %q, want %q", tt.in, got, tt.want)
			}
		})
	}
}

// benchArticles makes n articles of realistic length.
func benchArticles(n, from int) []model.Article {
	words := strings.Fields("council bridge ferry harbour estuary growers frost orchard budget minister talks ceasefire vote strike court ruling museum flood rescue")
	arts := make([]model.Article, n)
	for i := range arts {
		var body []string
		for p := 0; p < 8; p++ {
			var b strings.Builder
			for w := 0; w < 60; w++ {
				b.WriteString(words[(i*7+p*13+w*3)%len(words)])
				b.WriteByte(' ')
			}
			body = append(body, b.String())
		}
		id := fmt.Sprintf("bench-%d", from+i)
		arts[i] = article(id, fmt.Sprintf("Outlet %d", i%12), fmt.Sprintf("2024-%02d-%02d", 1+i%12, 1+i%28), "Headline "+id, body...)
	}
	return arts
}

func BenchmarkSaveArticles(b *testing.B) {
	s, _ := openTemp(b)
	ctx := context.Background()
	const batch = 100
	b.ResetTimer()
	for i := 0; b.Loop(); i++ {
		if _, err := s.SaveArticles(ctx, benchArticles(batch, i*batch)); err != nil {
			b.Fatal(err)
		}
	}
	b.ReportMetric(float64(b.N*batch)/b.Elapsed().Seconds(), "articles/s")
}

func BenchmarkSearch(b *testing.B) {
	s, _ := openTemp(b)
	ctx := context.Background()
	for i := 0; i < 50; i++ {
		if _, err := s.SaveArticles(ctx, benchArticles(100, i*100)); err != nil {
			b.Fatal(err)
		}
	}
	b.ResetTimer()
	for b.Loop() {
		if _, err := s.Search(ctx, store.SearchQuery{Text: "orchard frost", Limit: 20}); err != nil {
			b.Fatal(err)
		}
	}
}
