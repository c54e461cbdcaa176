package sqlite

import (
	"context"
	"database/sql"
	"errors"
	"path/filepath"
	"testing"
	"time"

	"github.com/storyline-news/storyline/internal/model"
	"github.com/storyline-news/storyline/internal/store"
)

// addUser adds a user whose password hash and feed token are made up: the
// store keeps them as given (internal/auth makes the real ones).
func addUser(t testing.TB, s *Store, name string, admin bool) store.User {
	t.Helper()
	u, err := s.AddUser(context.Background(), name, "hash-of-"+name, "feed-"+name, admin)
	if err != nil {
		t.Fatalf("AddUser(%s): %v", name, err)
	}
	return u
}

func TestUsers(t *testing.T) {
	ctx := context.Background()
	s, _ := openTemp(t)
	if n, err := s.CountUsers(ctx); err != nil || n != 0 {
		t.Fatalf("CountUsers of a new store = %d, %v", n, err)
	}
	ann := addUser(t, s, "Ann", true)
	bob := addUser(t, s, "bob", false)
	if ann.ID == "" || ann.ID == bob.ID || !ann.Admin || bob.Admin {
		t.Fatalf("users %+v %+v", ann, bob)
	}
	if _, err := s.AddUser(ctx, "ANN", "h", "f2", false); !errors.Is(err, store.ErrExists) {
		t.Errorf("a name taken in another case: %v, want ErrExists", err)
	}
	for _, bad := range [][3]string{{"", "h", "f"}, {"  ", "h", "f"}, {"cy", "", "f"}, {"cy", "h", ""}} {
		if _, err := s.AddUser(ctx, bad[0], bad[1], bad[2], false); !errors.Is(err, store.ErrInvalid) {
			t.Errorf("AddUser%q: %v, want ErrInvalid", bad, err)
		}
	}
	if got, err := s.UserByName(ctx, "ann"); err != nil || got.ID != ann.ID || got.PasswordHash != "hash-of-Ann" {
		t.Errorf("UserByName(ann) = %+v, %v", got, err)
	}
	if got, err := s.UserByFeedToken(ctx, "feed-bob"); err != nil || got.ID != bob.ID {
		t.Errorf("UserByFeedToken = %+v, %v", got, err)
	}
	if _, err := s.UserByFeedToken(ctx, ""); !errors.Is(err, store.ErrNotFound) {
		t.Errorf("UserByFeedToken(\"\") = %v, want ErrNotFound", err)
	}
	if err := s.SetFeedToken(ctx, bob.ID, "feed-bob-2"); err != nil {
		t.Fatal(err)
	}
	if _, err := s.UserByFeedToken(ctx, "feed-bob"); !errors.Is(err, store.ErrNotFound) {
		t.Errorf("the old feed token still works: %v", err)
	}
	us, err := s.Users(ctx)
	if err != nil || len(us) != 2 || us[0].Name != "Ann" || us[1].Name != "bob" {
		t.Errorf("Users = %+v, %v", us, err)
	}

	// The last admin cannot go while another user remains.
	if err := s.DeleteUser(ctx, ann.ID); !errors.Is(err, store.ErrInvalid) {
		t.Errorf("deleting the last admin: %v, want ErrInvalid", err)
	}
	// Deleting a user takes their sessions, tokens and follows with them.
	now := time.Now().UTC()
	if err := s.CreateSession(ctx, store.Session{TokenHash: "sess-bob", UserID: bob.ID, Created: now, Expires: now.Add(time.Hour), LastSeen: now}); err != nil {
		t.Fatal(err)
	}
	if _, err := s.CreateAPIToken(ctx, store.APIToken{UserID: bob.ID, Label: "script"}, "tok-bob"); err != nil {
		t.Fatal(err)
	}
	seed(t, s)
	if _, err := s.AddFollow(ctx, store.Follow{User: bob.ID, Kind: store.FollowSearch, Target: "bridge"}); err != nil {
		t.Fatal(err)
	}
	if err := s.DeleteUser(ctx, bob.ID); err != nil {
		t.Fatal(err)
	}
	for _, table := range []string{"sessions", "api_tokens", "follows"} {
		var n int
		if err := s.db.QueryRowContext(ctx, `SELECT count(*) FROM `+table+` WHERE user_id = ?`, bob.ID).Scan(&n); err != nil || n != 0 {
			t.Errorf("%s rows of a deleted user: %d, %v", table, n, err)
		}
	}
	if _, err := s.User(ctx, bob.ID); !errors.Is(err, store.ErrNotFound) {
		t.Errorf("deleted user: %v, want ErrNotFound", err)
	}
	if err := s.DeleteUser(ctx, bob.ID); !errors.Is(err, store.ErrNotFound) {
		t.Errorf("deleting twice: %v, want ErrNotFound", err)
	}
	// Alone, the last admin may go.
	if err := s.DeleteUser(ctx, ann.ID); err != nil {
		t.Errorf("deleting the only user: %v", err)
	}
}

func TestSessions(t *testing.T) {
	ctx := context.Background()
	s, _ := openTemp(t)
	ann := addUser(t, s, "ann", true)
	now := time.Date(2025, 1, 2, 3, 4, 5, 0, time.UTC)
	ss := store.Session{TokenHash: "h1", UserID: ann.ID, Created: now, Expires: now.Add(time.Hour), LastSeen: now}
	if err := s.CreateSession(ctx, ss); err != nil {
		t.Fatal(err)
	}
	if err := s.CreateSession(ctx, store.Session{TokenHash: "h2", UserID: "unope", Created: now, Expires: now.Add(time.Hour)}); !errors.Is(err, store.ErrNotFound) {
		t.Errorf("a session of no user: %v, want ErrNotFound", err)
	}
	got, u, err := s.SessionUser(ctx, "h1", now.Add(time.Minute))
	if err != nil || u.ID != ann.ID || u.Name != "ann" || !got.Expires.Equal(now.Add(time.Hour)) {
		t.Fatalf("SessionUser = %+v, %+v, %v", got, u, err)
	}
	if _, _, err := s.SessionUser(ctx, "h1", now.Add(time.Hour)); !errors.Is(err, store.ErrNotFound) {
		t.Errorf("an expired session: %v, want ErrNotFound", err)
	}
	if _, _, err := s.SessionUser(ctx, "nope", now); !errors.Is(err, store.ErrNotFound) {
		t.Errorf("an unknown session: %v, want ErrNotFound", err)
	}
	// Touching slides the expiry.
	if err := s.TouchSession(ctx, "h1", now.Add(50*time.Minute), now.Add(3*time.Hour)); err != nil {
		t.Fatal(err)
	}
	if got, _, err := s.SessionUser(ctx, "h1", now.Add(2*time.Hour)); err != nil || !got.LastSeen.Equal(now.Add(50*time.Minute)) {
		t.Errorf("after touching: %+v, %v", got, err)
	}
	if n, err := s.DeleteExpiredSessions(ctx, now.Add(2*time.Hour)); err != nil || n != 0 {
		t.Errorf("DeleteExpiredSessions before expiry = %d, %v", n, err)
	}
	if n, err := s.DeleteExpiredSessions(ctx, now.Add(3*time.Hour)); err != nil || n != 1 {
		t.Errorf("DeleteExpiredSessions at expiry = %d, %v", n, err)
	}
	// A new password ends every session.
	if err := s.CreateSession(ctx, ss); err != nil {
		t.Fatal(err)
	}
	if err := s.SetPassword(ctx, ann.ID, "new-hash"); err != nil {
		t.Fatal(err)
	}
	if _, _, err := s.SessionUser(ctx, "h1", now); !errors.Is(err, store.ErrNotFound) {
		t.Errorf("a session after a password change: %v, want ErrNotFound", err)
	}
	if u, _ := s.User(ctx, ann.ID); u.PasswordHash != "new-hash" {
		t.Errorf("password hash %q", u.PasswordHash)
	}
	if err := s.SetPassword(ctx, "unope", "x"); !errors.Is(err, store.ErrNotFound) {
		t.Errorf("SetPassword of no user: %v", err)
	}
	if err := s.CreateSession(ctx, ss); err != nil {
		t.Fatal(err)
	}
	if err := s.DeleteSession(ctx, "h1"); err != nil {
		t.Fatal(err)
	}
	if _, _, err := s.SessionUser(ctx, "h1", now); !errors.Is(err, store.ErrNotFound) {
		t.Errorf("a deleted session: %v, want ErrNotFound", err)
	}
}

func TestAPITokens(t *testing.T) {
	ctx := context.Background()
	s, _ := openTemp(t)
	ann := addUser(t, s, "ann", true)
	bob := addUser(t, s, "bob", false)
	t1, err := s.CreateAPIToken(ctx, store.APIToken{UserID: ann.ID, Label: " script "}, "hash-1")
	if err != nil || t1.ID == "" || t1.Label != "script" || !t1.LastUsed.IsZero() {
		t.Fatalf("CreateAPIToken = %+v, %v", t1, err)
	}
	if _, err := s.CreateAPIToken(ctx, store.APIToken{UserID: ann.ID}, "hash-1"); err == nil {
		t.Errorf("two tokens with one hash were stored")
	}
	if _, err := s.CreateAPIToken(ctx, store.APIToken{UserID: "unope"}, "hash-2"); !errors.Is(err, store.ErrNotFound) {
		t.Errorf("a token of no user: %v, want ErrNotFound", err)
	}
	got, u, err := s.APITokenUser(ctx, "hash-1")
	if err != nil || got.ID != t1.ID || u.ID != ann.ID {
		t.Fatalf("APITokenUser = %+v, %+v, %v", got, u, err)
	}
	used := time.Date(2025, 5, 6, 7, 8, 9, 0, time.UTC)
	if err := s.TouchAPIToken(ctx, t1.ID, used); err != nil {
		t.Fatal(err)
	}
	ts, err := s.APITokens(ctx, ann.ID)
	if err != nil || len(ts) != 1 || !ts[0].LastUsed.Equal(used) {
		t.Fatalf("APITokens = %+v, %v", ts, err)
	}
	if ts, _ := s.APITokens(ctx, bob.ID); len(ts) != 0 {
		t.Errorf("bob sees ann's tokens: %+v", ts)
	}
	if err := s.RevokeAPIToken(ctx, bob.ID, t1.ID); !errors.Is(err, store.ErrNotFound) {
		t.Errorf("bob revoking ann's token: %v, want ErrNotFound", err)
	}
	if err := s.RevokeAPIToken(ctx, ann.ID, t1.ID); err != nil {
		t.Fatal(err)
	}
	if _, _, err := s.APITokenUser(ctx, "hash-1"); !errors.Is(err, store.ErrNotFound) {
		t.Errorf("a revoked token still works: %v", err)
	}
	if err := s.RevokeAPIToken(ctx, ann.ID, t1.ID); !errors.Is(err, store.ErrNotFound) {
		t.Errorf("revoking twice: %v, want ErrNotFound", err)
	}
	if ts, _ := s.APITokens(ctx, ann.ID); len(ts) != 1 || ts[0].Revoked.IsZero() {
		t.Errorf("a revoked token is listed as %+v", ts)
	}
}

// TestFollowsBeforeAccountsAreAdoptedByTheFirstUser: a store written before
// accounts keeps its follows, with their IDs, and the first user created
// owns them; later users do not.
func TestFollowsBeforeAccountsAreAdoptedByTheFirstUser(t *testing.T) {
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "storyline.db")
	ms, err := migrations()
	if err != nil {
		t.Fatal(err)
	}
	old, err := sql.Open("sqlite", "file:"+path+"?_txlock=immediate")
	if err != nil {
		t.Fatal(err)
	}
	if err := (&Store{db: old, now: time.Now}).applyMigrations(ctx, ms[:5]); err != nil {
		t.Fatalf("building the schema before accounts: %v", err)
	}
	now := time.Now().UTC().Format(timeFormat)
	if _, err := old.Exec(`INSERT INTO follows (id, kind, target, label, created_at, seen_at) VALUES
		('fold1', 'search', 'bridge', 'bridge', ?, ?), ('fold2', 'entity', 'ines-varga', 'Ines Varga', ?, ?)`, now, now, now, now); err != nil {
		t.Fatal(err)
	}
	old.Close()

	s, err := Open(ctx, path)
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	seed(t, s)
	ann := addUser(t, s, "ann", true)
	bob := addUser(t, s, "bob", false)
	fs, err := s.Follows(ctx, ann.ID)
	if err != nil || len(fs) != 2 || fs[0].ID != "fold1" || fs[1].ID != "fold2" {
		t.Fatalf("the first user's follows = %+v, %v; want fold1 and fold2", fs, err)
	}
	if fs, _ := s.Follows(ctx, bob.ID); len(fs) != 0 {
		t.Errorf("a later user got %+v", fs)
	}
	// Following the adopted search again is the same follow.
	if f, err := s.AddFollow(ctx, store.Follow{User: ann.ID, Kind: store.FollowSearch, Target: "bridge"}); err != nil || f.ID != "fold1" {
		t.Errorf("following an adopted search again = %+v, %v", f, err)
	}
	if ms, err := s.FollowMatches(ctx, ann.ID, "fold1", 10); err != nil || len(ms) != 2 {
		t.Errorf("matches of an adopted follow = %v, %v", ms, err)
	}
}

// TestStoryFollowAndForYou: a followed story's new articles are unread
// until marked, a merged story's ID follows the story it merged into, and
// "For you" lists each unread article once with every follow it matched.
func TestStoryFollowAndForYou(t *testing.T) {
	ctx := context.Background()
	s, _ := openTemp(t)
	base := time.Now().UTC()
	s.now = func() time.Time { return base }
	seed(t, s)
	ann := addUser(t, s, "ann", true)
	if err := s.SaveSettlement(ctx, store.Settlement{Moves: []store.Move{{Kind: "story", From: "s-old", To: "s-bridge"}}}); err != nil {
		t.Fatal(err)
	}
	sf, err := s.AddFollow(ctx, store.Follow{User: ann.ID, Kind: store.FollowStory, Target: "s-old"})
	if err != nil || sf.Target != "s-bridge" || sf.Label != "Old bridge closes" || sf.New != 0 {
		t.Fatalf("following a merged story = %+v, %v; want s-bridge by its title", sf, err)
	}
	ef, err := s.AddFollow(ctx, store.Follow{User: ann.ID, Kind: store.FollowEntity, Target: "marta-quell", Label: "Marta Quell"})
	if err != nil {
		t.Fatal(err)
	}
	if fy, err := store.NewForYou(ctx, s, ann.ID, 10); err != nil || len(fy.Items) != 0 || fy.Unread != 0 || len(fy.Follows) != 2 {
		t.Fatalf("For you before anything new = %+v, %v", fy, err)
	}

	s.now = func() time.Time { return base.Add(time.Minute) }
	a4 := article("a4", "Valley Courier", "2024-03-11", "Bridge repairs ahead of plan", "Crews finished early.")
	a5 := article("a5", "Valley Courier", "2024-03-12", "Frost spares most orchards", "Growers counted losses.")
	if _, err := s.SaveArticles(ctx, []model.Article{a4, a5}); err != nil {
		t.Fatal(err)
	}
	a4.Story, a4.Event = "s-bridge", "e-close"
	a5.Story, a5.Event = "s-frost", "e-frost"
	if err := s.UpdateClusters(ctx, []model.Article{a4, a5}, nil, nil); err != nil {
		t.Fatal(err)
	}
	got, err := s.Follow(ctx, ann.ID, sf.ID)
	if err != nil || got.New != 1 {
		t.Fatalf("story follow after a4 = %+v, %v; want 1 new", got, err)
	}
	fy, err := store.NewForYou(ctx, s, ann.ID, 10)
	if err != nil {
		t.Fatal(err)
	}
	// a4 is in the story and names Marta Quell; a5 only names her.
	if len(fy.Items) != 2 || fy.Unread != 3 {
		t.Fatalf("For you = %+v; want a4 and a5, 3 unread over the follows", fy)
	}
	because := map[string]int{}
	for _, it := range fy.Items {
		because[it.ID] = len(it.Because)
	}
	if because["a4"] != 2 || because["a5"] != 1 {
		t.Errorf("follows per article = %v; want a4 by both, a5 by one", because)
	}
	if err := s.MarkFollowSeen(ctx, ann.ID, ef.ID, base.Add(2*time.Minute)); err != nil {
		t.Fatal(err)
	}
	fy, err = store.NewForYou(ctx, s, ann.ID, 10)
	if err != nil || len(fy.Items) != 1 || fy.Items[0].ID != "a4" || fy.Unread != 1 {
		t.Errorf("For you after reading the entity's = %+v, %v; want a4 alone", fy, err)
	}
	if fy, _ := store.NewForYou(ctx, s, ann.ID, 0); len(fy.Items) != 0 {
		t.Errorf("a limit of 0 listed %d", len(fy.Items))
	}
}
