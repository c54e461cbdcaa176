package sqlite

import (
	"context"
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/storyline-news/storyline/internal/store"
)

// TestSearchBounded: a search asking for more than one may (too many
// words, too many prefixes, too short a prefix) or holding a control
// character is refused as invalid with a reason, before it reaches SQLite.
func TestSearchBounded(t *testing.T) {
	ctx := context.Background()
	s, _ := openTemp(t)
	seed(t, s)
	tests := []struct {
		name  string
		q     store.SearchQuery
		valid bool
	}{
		{"ordinary", store.SearchQuery{Text: "bridge ferry"}, true},
		{"three-letter prefix", store.SearchQuery{Text: "bri*"}, true},
		{"sixteen words", store.SearchQuery{Text: strings.Repeat("bridge ", 16)}, true},
		{"four prefixes", store.SearchQuery{Text: "bri* fer* est* orc*"}, true},
		{"one-letter prefix", store.SearchQuery{Text: "a*"}, false},
		{"two-letter prefix", store.SearchQuery{Text: "br*"}, false},
		{"short prefix after a hyphen", store.SearchQuery{Text: "bridge-a*"}, false},
		{"160 one-letter prefixes", store.SearchQuery{Text: strings.Repeat("a* ", 160)}, false},
		{"seventeen words", store.SearchQuery{Text: strings.Repeat("bridge ", 17)}, false},
		{"a phrase of seventeen words", store.SearchQuery{Text: `"` + strings.Repeat("bridge ", 17) + `"`}, false},
		{"five prefixes", store.SearchQuery{Text: "bri* fer* est* orc* gro*"}, false},
		{"NUL in the text", store.SearchQuery{Text: "trump\x00clinton"}, false},
		{"NUL in the outlet", store.SearchQuery{Outlet: "Valley\x00Courier"}, false},
		{"control character in the entity", store.SearchQuery{Entity: "ines\x1bvarga"}, false},
		{"invalid UTF-8", store.SearchQuery{Text: "bridge\xff"}, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := s.Search(ctx, tt.q)
			if tt.valid && err != nil {
				t.Fatalf("Search = %v, want it run", err)
			}
			if !tt.valid && !errors.Is(err, store.ErrInvalid) {
				t.Fatalf("Search = %v, want ErrInvalid", err)
			}
		})
	}
}

// TestSearchDeadlineAndSlots: a search that runs past its deadline, or
// finds every slot taken for longer than it may wait, fails with ErrBusy;
// a slot freed makes the next search run.
func TestSearchDeadlineAndSlots(t *testing.T) {
	ctx := context.Background()
	s, _ := openTemp(t)
	seed(t, s)
	q := store.SearchQuery{Text: "bridge"}

	s.search.timeout = time.Nanosecond
	if _, err := s.Search(ctx, q); !errors.Is(err, store.ErrBusy) || !strings.Contains(err.Error(), "ran longer than") {
		t.Errorf("past the deadline: %v, want ErrBusy saying so", err)
	}
	s.search.timeout = time.Minute

	s.search.wait = 20 * time.Millisecond
	for range cap(s.search.slots) {
		s.search.slots <- struct{}{}
	}
	start := time.Now()
	if _, err := s.Search(ctx, q); !errors.Is(err, store.ErrBusy) {
		t.Errorf("every slot taken: %v, want ErrBusy", err)
	}
	if took := time.Since(start); took > time.Second {
		t.Errorf("a search waited %s for a slot, more than it may", took)
	}
	<-s.search.slots
	if hits, err := s.Search(ctx, q); err != nil || len(hits) != 2 {
		t.Errorf("with a slot free: %d hits, %v", len(hits), err)
	}
	// A caller giving up while waiting gets its own error, not ErrBusy.
	s.search.slots <- struct{}{}
	cctx, cancel := context.WithCancel(ctx)
	cancel()
	if _, err := s.Search(cctx, q); !errors.Is(err, context.Canceled) {
		t.Errorf("cancelled while waiting: %v", err)
	}
}

// TestQueriesStopAtDeadline checks what the search deadline rests on: the
// driver interrupts a running SQLite statement when its context ends,
// rather than letting it run to completion.
func TestQueriesStopAtDeadline(t *testing.T) {
	s, _ := openTemp(t)
	ctx, cancel := context.WithTimeout(context.Background(), 200*time.Millisecond)
	defer cancel()
	start := time.Now()
	var n int64
	// Counting to ten billion takes minutes.
	err := s.db.QueryRowContext(ctx, `WITH RECURSIVE c(x) AS (SELECT 1 UNION ALL SELECT x+1 FROM c WHERE x < 10000000000) SELECT count(*) FROM c`).Scan(&n)
	took := time.Since(start)
	if err == nil {
		t.Fatalf("the query finished (%d) instead of stopping", n)
	}
	if took > 2*time.Second {
		t.Errorf("the query stopped %s after it began, its deadline was 200ms", took)
	}
}

// TestFollowValuesChecked: a follow's target and label cannot hold a NUL
// or another control character, nor be a search over the limits, and
// nothing of a refused follow is stored.
func TestFollowValuesChecked(t *testing.T) {
	ctx := context.Background()
	s, _ := openTemp(t)
	seed(t, s)
	ann := addUser(t, s, "ann", false)
	tests := []struct {
		name string
		f    store.Follow
		want string
	}{
		{"NUL in a search", store.Follow{Kind: store.FollowSearch, Target: "trump\x00clinton"}, "target holds a NUL byte"},
		{"newline in a label", store.Follow{Kind: store.FollowSearch, Target: "bridge", Label: "a\nb"}, "label holds the control character U+000A"},
		{"escape in an entity", store.Follow{Kind: store.FollowEntity, Target: "ines\x1b[2Jvarga"}, "target holds the control character"},
		{"invalid UTF-8", store.Follow{Kind: store.FollowSearch, Target: "bridge\xff"}, "not valid UTF-8"},
		{"NUL in the kind", store.Follow{Kind: "search\x00", Target: "bridge"}, "kind holds a NUL byte"},
		{"a costly search", store.Follow{Kind: store.FollowSearch, Target: strings.Repeat("a* ", 40)}, "at least 3 letters"},
		{"too many words", store.Follow{Kind: store.FollowSearch, Target: strings.Repeat("bridge ", 40)}, "at most 16"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			tt.f.User = ann.ID
			_, err := s.AddFollow(ctx, tt.f)
			if !errors.Is(err, store.ErrInvalid) || !strings.Contains(err.Error(), tt.want) {
				t.Errorf("AddFollow = %v, want ErrInvalid saying %q", err, tt.want)
			}
		})
	}
	if fs, err := s.Follows(ctx, ann.ID); err != nil || len(fs) != 0 {
		t.Errorf("follows after refusals: %+v, %v", fs, err)
	}
}

// TestFollowsSurviveABadRow: a follow stored before these checks (a NUL
// in its target, a search now over the limits) does not break the list:
// the others are listed, and it is too, so it can be removed.
func TestFollowsSurviveABadRow(t *testing.T) {
	ctx := context.Background()
	s, _ := openTemp(t)
	seed(t, s)
	ann := addUser(t, s, "ann", false)
	good, err := s.AddFollow(ctx, store.Follow{User: ann.ID, Kind: store.FollowSearch, Target: "bridge"})
	if err != nil {
		t.Fatal(err)
	}
	now := s.now().Format(timeFormat)
	for _, target := range []string{"trump\x00clinton", strings.Repeat("a* ", 40)} {
		if _, err := s.db.ExecContext(ctx, `INSERT INTO follows (id, user_id, kind, target, label, created_at, seen_at) VALUES (?, ?, 'search', ?, 'old', ?, ?)`,
			followID(ann.ID, "search", target), ann.ID, target, now, now); err != nil {
			t.Fatal(err)
		}
	}
	fs, err := s.Follows(ctx, ann.ID)
	if err != nil {
		t.Fatalf("Follows: %v", err)
	}
	if len(fs) != 3 {
		t.Fatalf("%d follows listed, want 3: %+v", len(fs), fs)
	}
	for _, f := range fs {
		if f.ID == good.ID && f.New != 0 {
			t.Errorf("good follow %+v", f)
		}
		if f.ID != good.ID {
			if _, err := s.FollowMatches(ctx, ann.ID, f.ID, 10); err != nil {
				t.Errorf("matches of an old follow: %v", err)
			}
			if err := s.DeleteFollow(ctx, ann.ID, f.ID); err != nil {
				t.Errorf("delete an old follow: %v", err)
			}
		}
	}
}
