// Package store defines where Storyline keeps what the pipeline made of the
// articles it read: the articles with their full analysis, the entities they
// name, the events and stories clustering built over them, a full-text index,
// the readers' accounts and follows, and the sources it polls with the items
// each has seen (sources.go). The Store interface is the
// contract; sqlite/ is the embedded implementation, and a PostgreSQL one can
// follow under the same interface and test suite (every ID is text for that
// reason).
package store

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/storyline-news/storyline/internal/model"
)

// ErrNotFound is returned when the article, story, event, entity or follow
// asked for does not exist.
var ErrNotFound = errors.New("store: not found")

// ErrSchema is returned by Open when the database's schema is newer than
// this program knows: it was written by a later version of Storyline.
var ErrSchema = errors.New("store: database schema is newer than this program")

// ErrInvalid is returned when an argument cannot be stored or searched as
// given (an empty search, an unknown follow kind).
var ErrInvalid = errors.New("store: invalid argument")

// ErrBusy is returned when the store cannot answer in time: too many
// searches are running already, or a search ran past its deadline. The
// caller may try again later, or with a narrower search.
var ErrBusy = errors.New("store: busy")

// ErrWriterLost is returned by the release function WriterLock.LockWriter
// gave when the lock was no longer the caller's: another program judged the
// holder dead (its heartbeat had stalled past the stale limit) and took the
// lock over, so both may have written for a while.
var ErrWriterLost = errors.New("store: the writer lock was taken over by another program")

// Writer describes the program that holds a database's writer lock.
type Writer struct {
	PID       int       // its process ID on Host
	Host      string    // the name of the machine it runs on
	Command   string    // what it said it is doing when it took the lock ("ingest")
	Started   time.Time // when it took the lock
	Heartbeat time.Time // when it last showed it was alive
}

// String describes the holder for a person waiting on it:
// "pid 123 on host x (ingest, since 16:40:02)", in local time.
func (w Writer) String() string {
	return fmt.Sprintf("pid %d on host %s (%s, since %s)", w.PID, w.Host, w.Command, w.Started.Local().Format("15:04:05"))
}

// WriterLock lets one program at a time write a database's clusters, so that
// two ingests (or an ingest beside a server that ingests) cannot interleave
// their writes. The lock is advisory: it excludes only programs that take it,
// and Store methods do not check it.
type WriterLock interface {
	// LockWriter blocks until the caller holds the writer lock, and returns
	// the function that releases it. who says what the caller is doing
	// ("ingest"); other programs see it in the Writer they wait on.
	//
	// When another program holds the lock, LockWriter calls onWait (unless
	// nil) once, with that holder, before it starts waiting; it then waits
	// until the lock is free or ctx ends, and in that case returns an error
	// wrapping ctx's error. A holder that is dead does not keep the lock: one
	// whose heartbeat is older than the stale limit, or one on this machine
	// whose process no longer exists, is taken over at once.
	//
	// While the lock is held its heartbeat is refreshed in the background.
	// The caller must call release when it has finished writing, even after
	// ctx ended; calling it again does nothing. release returns an error
	// wrapping ErrWriterLost when the lock had been taken over meanwhile.
	// The lock is not reentrant: a second call while it is held, even from
	// the same program, waits like any other.
	LockWriter(ctx context.Context, who string, onWait func(holder Writer)) (release func() error, err error)
}

// Outcome is what saving one article did.
type Outcome int

// Outcomes of SaveArticles, one per article.
const (
	Unchanged Outcome = iota // same content as the stored record; nothing written
	New                      // not stored before
	Updated                  // stored before with different content; replaced
)

// String names the outcome for logs.
func (o Outcome) String() string {
	switch o {
	case New:
		return "new"
	case Updated:
		return "updated"
	}
	return "unchanged"
}

// ArticleRef is the short form of an article that lists, search results and
// feeds show.
type ArticleRef struct {
	ID          string    `json:"id"`
	URL         string    `json:"url,omitempty"`
	Outlet      string    `json:"outlet,omitempty"`
	Headline    string    `json:"headline"`
	Standfirst  string    `json:"standfirst,omitempty"`
	Published   string    `json:"published,omitempty"`
	Story       string    `json:"story,omitempty"`
	Event       string    `json:"event,omitempty"`
	DuplicateOf string    `json:"duplicate_of,omitempty"`
	Ingested    time.Time `json:"ingested"`
}

// Story is a story thread: its ranking facts and its view, the JSON the
// summary step made of it (title, summary, quotes, figures, timeline…),
// which the store keeps opaque.
type Story struct {
	ID       string `json:"id"`
	Title    string `json:"title"`
	Summary  string `json:"summary,omitempty"`
	Articles int    `json:"articles"` // articles, duplicates included
	Sources  int    `json:"sources"`  // independent outlets: duplicates not counted
	First    string `json:"first"`    // earliest publication date, ISO
	Last     string `json:"last"`     // latest publication date, ISO
	// Days is, for a story whose articles state no dates (First is ""),
	// how many days they span by their relative days (the view's Days);
	// 0 otherwise.
	Days    int       `json:"days,omitempty"`
	Rank    float64   `json:"rank"`    // breadth of coverage damped by age; higher first
	Updated time.Time `json:"updated"` // when the story last changed in the store
	View    []byte    `json:"-"`       // the story's view as JSON
	Events  []string  `json:"events"`  // its event IDs, oldest first
	Outlets []string  `json:"outlets"` // the outlets that covered it
}

// Event is one happening within a story, with its view as JSON.
type Event struct {
	ID       string `json:"id"`
	Story    string `json:"story"`
	Title    string `json:"title"`
	Articles int    `json:"articles"`
	Sources  int    `json:"sources"`
	First    string `json:"first"`
	Last     string `json:"last"`
	View     []byte `json:"-"`
}

// Entity is a person, organisation, place or other named thing across every
// stored article. Its ID is derived from its name (see EntityID).
type Entity struct {
	ID       string   `json:"id"`
	Name     string   `json:"name"`
	Type     string   `json:"type"`
	Aliases  []string `json:"aliases,omitempty"`
	Articles int      `json:"articles"` // articles that name it
	Mentions int      `json:"mentions"` // mentions over those articles
}

// MentionDay is how often an entity is named on one publication day.
type MentionDay struct {
	Day      string `json:"day"`      // YYYY-MM-DD
	Articles int    `json:"articles"` // articles of the day that name it
	Mentions int    `json:"mentions"` // its mentions over those articles
}

// Said is one quote with the article it appears in.
type Said struct {
	model.Quote
	Article ArticleRef `json:"article"`
}

// SearchQuery is a full-text search with optional filters.
type SearchQuery struct {
	Text   string    // words or "quoted phrases", all required
	Outlet string    // exact outlet name
	From   string    // earliest publication date, YYYY-MM-DD
	To     string    // latest publication date, YYYY-MM-DD (inclusive)
	Entity string    // entity ID the article must name
	Since  time.Time // only articles first stored after this
	Newest bool      // newest first instead of best match first
	Limit  int       // at most this many hits; 20 when 0
	Offset int
}

// SearchHit is one article a search found, with a snippet of the matching
// text. Snippet marks the matched words with \x02 before and \x03 after, so
// each front end can escape the text and then mark it its own way.
type SearchHit struct {
	ArticleRef
	Snippet string `json:"snippet"`
}

// OutletStat is one outlet with how much of it the store holds.
type OutletStat struct {
	Outlet   string `json:"outlet"`
	Articles int    `json:"articles"`
	First    string `json:"first,omitempty"` // earliest publication date
	Last     string `json:"last,omitempty"`  // latest publication date
}

// Follow kinds.
const (
	FollowSearch = "search" // Target is search text
	FollowEntity = "entity" // Target is an entity ID
	FollowStory  = "story"  // Target is a story ID
)

// Follow is one user's saved search, followed entity or followed story,
// with when its matches were last seen (its read mark).
type Follow struct {
	ID      string    `json:"id"`
	User    string    `json:"-"` // the user whose follow it is
	Kind    string    `json:"kind"`
	Target  string    `json:"target"`
	Label   string    `json:"label"`
	Created time.Time `json:"created"`
	Seen    time.Time `json:"seen"` // matches ingested after this are new
	New     int       `json:"new"`  // new matches, filled by Follows and Follow
}

// Store keeps articles, their clusters and views, and follows. It is safe for
// concurrent use. Every method that looks one thing up by ID returns an error
// wrapping ErrNotFound when there is none.
type Store interface {
	// SaveArticles stores arts, one outcome per article in order: an article
	// whose content hash matches the stored one is left as it is, a changed
	// one replaces its record, entities, mentions and index entries. Cluster
	// fields (Event, Story, DuplicateOf) are kept from the stored record when
	// the incoming article has none.
	SaveArticles(ctx context.Context, arts []model.Article) ([]Outcome, error)
	// Article returns one article with its analysis (Sentences are not kept).
	Article(ctx context.Context, id string) (model.Article, error)
	// StoryArticles returns the short form of a story's articles, oldest first.
	StoryArticles(ctx context.Context, storyID string) ([]ArticleRef, error)
	// CountArticles returns how many articles the store holds.
	CountArticles(ctx context.Context) (int, error)
	// Articles returns the stored articles with the given IDs, with their
	// analysis and cluster fields, in the order given; IDs not stored are
	// left out. It is how an ingest loads just the stories it touched.
	Articles(ctx context.Context, ids []string) ([]model.Article, error)
	// ArticleImages returns the lead image URL (model.Article.Image) of
	// each article of ids that has one; the others are left out. Pages
	// ask it for the few articles they list.
	ArticleImages(ctx context.Context, ids []string) (map[string]string, error)

	// SaveClusters replaces every article's Event, Story and DuplicateOf with
	// those of arts (matched by ID), and every event and story with the given
	// ones, in one transaction: clustering is recomputed over all articles.
	SaveClusters(ctx context.Context, arts []model.Article, events []Event, stories []Story) error
	// UpdateClusters writes part of the clustering in one transaction, for
	// an ingest that re-built only the stories it touched: it sets the
	// Event, Story and DuplicateOf of arts (matched by ID; IDs not stored
	// are skipped), inserts or replaces the given events and stories, and
	// deletes the events and stories arts belonged to before that no
	// article belongs to any more. Every other event and story is left as
	// it is. A story whose view did not change keeps its Updated time.
	UpdateClusters(ctx context.Context, arts []model.Article, events []Event, stories []Story) error
	// Stories returns stories, highest rank first.
	Stories(ctx context.Context, limit, offset int) ([]Story, error)
	// Story returns one story with its view.
	Story(ctx context.Context, id string) (Story, error)
	// StoryEvents returns a story's events with their views, oldest first.
	StoryEvents(ctx context.Context, storyID string) ([]Event, error)

	// Entity returns one entity with its counts.
	Entity(ctx context.Context, id string) (Entity, error)
	// EntityArticles returns the articles that name an entity, newest first.
	EntityArticles(ctx context.Context, id string, limit int) ([]ArticleRef, error)
	// EntityQuotes returns what the entity is quoted as saying, newest first.
	EntityQuotes(ctx context.Context, id string, limit int) ([]Said, error)
	// EntityStories returns the IDs of the stories whose articles name it.
	EntityStories(ctx context.Context, id string) ([]string, error)
	// EntityMentionDays returns how often an entity is named on each day
	// articles naming it were published, oldest first; undated articles
	// are left out. Its cost grows with the entity's articles.
	EntityMentionDays(ctx context.Context, id string) ([]MentionDay, error)

	// Search runs a full-text search, best matches first. An empty text
	// with filters lists the filtered articles, newest first.
	Search(ctx context.Context, q SearchQuery) ([]SearchHit, error)
	// Outlets returns every outlet with its article count, most articles first.
	Outlets(ctx context.Context) ([]OutletStat, error)

	// Follows are per user: every follow method takes the user's ID, and
	// a follow of another user is not found.
	//
	// AddFollow saves f for the user f.User and returns it with its ID.
	// Following the same kind and target twice returns the existing follow.
	// A story follow's target must be a stored story (or one that merged
	// into one, which is followed instead).
	AddFollow(ctx context.Context, f Follow) (Follow, error)
	// Follows returns the user's follows with their counts of new matches.
	Follows(ctx context.Context, userID string) ([]Follow, error)
	// Follow returns one of the user's follows with its count of new matches.
	Follow(ctx context.Context, userID, id string) (Follow, error)
	// FollowMatches returns a follow's latest matches, newest first.
	FollowMatches(ctx context.Context, userID, id string, limit int) ([]SearchHit, error)
	// UnreadMatches returns a follow's matches that arrived after its read
	// mark, newest first.
	UnreadMatches(ctx context.Context, userID, id string, limit int) ([]SearchHit, error)
	// MarkFollowSeen records that the follow's matches up to at were seen.
	MarkFollowSeen(ctx context.Context, userID, id string, at time.Time) error
	// DeleteFollow removes a follow.
	DeleteFollow(ctx context.Context, userID, id string) error

	Accounts
	Polling

	// State returns the value saved under key (an error wrapping
	// ErrNotFound when none was): a small value a program keeps between
	// runs. (Clustering keeps no such state: see Settler.)
	State(ctx context.Context, key string) ([]byte, error)
	// SaveState saves value under key, replacing any earlier value.
	SaveState(ctx context.Context, key string, value []byte) error

	// Close releases the database.
	Close() error
}
