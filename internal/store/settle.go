package store

import (
	"context"

	"github.com/storyline-news/storyline/internal/model"
)

// What a store keeps so that articles arriving one at a time, in any order,
// settle into the events and stories they would make all at once: each
// article's own analysis beside its settled record, an index to find the
// stored articles a new one resembles or copies, the document frequencies
// of the clustering terms, every cluster ID ever given and where merged
// ones went, and a log of what settling changed in stored articles.

// Indexer gives what the store indexes an article by; the clusterer
// supplies it, so the store needs no knowledge of clustering.
type Indexer struct {
	// Terms returns an article's distinct clustering terms, which the
	// store counts into its document frequencies.
	Terms func(a *model.Article) []string
	// Bands returns the MinHash band keys of an article's body, which find
	// its copies.
	Bands func(a *model.Article) []uint64
}

// Source is what a store keeps of the document an article was read from:
// the document itself, to read it again, and for a text document the
// hashes of its lines that are not prose and of its prose lines, from which
// later documents learn its chrome (see internal/extract/chrome).
type Source struct {
	Doc          *model.Document // nil keeps none
	Lines, Prose []uint64
}

// Own is a stored article's own analysis with what its settled record
// says of it now (its publication date, event, story and original).
type Own struct {
	Article model.Article // own analysis; cluster fields empty
	Was     ArticleRef    // the settled record's facts; empty for an article never settled
}

// Posting is an article found under a term, with its weight there.
type Posting struct {
	ID     string
	Term   string
	Weight float32
}

// Posts are an article's heaviest terms and their weights in its unit
// vector: how the index finds it.
type Posts struct {
	ID      string
	Terms   []string
	Weights []float32
}

// Change is one thing settling changed in a stored article.
type Change struct {
	Article string `json:"article"`
	Field   string `json:"field"` // "headline", "published", "event", "story"
	Old     string `json:"old"`
	New     string `json:"new"`
	Reason  string `json:"reason,omitempty"`
	At      string `json:"at,omitempty"` // set by the store
}

// Move says that a cluster's ID now answers for another: From merged into To.
type Move struct {
	Kind     string // "event" or "story"
	From, To string
}

// Settlement is what one settling writes, all in one transaction.
type Settlement struct {
	// Articles are settled records with their permanent event and story
	// IDs; each is marked settled.
	Articles []model.Article
	Posts    []Posts
	// NewIDs are event and story IDs given for the first time, in the
	// order given; Moves record merged ones.
	NewIDs  []ClusterID
	Moves   []Move
	Changes []Change
	// Events and Stories are the views of every cluster whose articles
	// changed; clusters no article belongs to any more are deleted.
	Events  []Event
	Stories []Story
}

// ClusterID is an event or story ID and when it was given.
type ClusterID struct {
	ID      string
	Kind    string // "event" or "story"
	Created int64  // order given: the smaller, the older
	MovedTo string // where a merged cluster went; "" while it stands
}

// Settler is what settling needs of a store.
type Settler interface {
	// SaveOwn stores arts' own analyses (outcomes as SaveArticles's, by
	// the hash of the own analysis). A new or changed article is marked
	// unsettled and counted into the document frequencies (a changed one's
	// old terms counted out) with its copy bands indexed; its settled
	// record stays as it was until it is settled.
	// srcs, when not nil, are the articles' sources, in the same order.
	SaveOwn(ctx context.Context, arts []model.Article, srcs []Source, ix Indexer) ([]Outcome, error)
	// LineHolders returns, for each line hash, up to limit stored
	// documents that hold it.
	LineHolders(ctx context.Context, lines []uint64, limit int) (map[uint64][]string, error)
	// DocProse returns the prose line hashes of stored documents.
	DocProse(ctx context.Context, ids []string) (map[string][]uint64, error)
	// DocCopies records the whole-text fingerprint of each document read
	// (by ID, whether or not it became an article; an ID's earlier one is
	// replaced) and returns, for each, how many other documents read
	// before, not among these, had the same one.
	DocCopies(ctx context.Context, prints map[string]uint64) (map[string]int, error)
	// Sources returns the documents stored articles were read from; IDs
	// with none kept are left out.
	Sources(ctx context.Context, ids []string) ([]model.Document, error)
	// Unadopted returns up to limit articles stored by a version that kept
	// no own analyses, as well as their records tell them; SaveOwn adopts
	// them (they are then settled again like changed articles).
	Unadopted(ctx context.Context, limit int) ([]model.Article, error)
	// Unsettled returns up to limit unsettled articles, oldest stored first.
	Unsettled(ctx context.Context, limit int) ([]Own, error)
	// Owns returns the own analyses of the given stored articles; IDs not
	// stored are left out.
	Owns(ctx context.Context, ids []string) ([]Own, error)
	// TermDF returns how many articles are counted and how many hold each
	// of terms (terms no article holds are left out).
	TermDF(ctx context.Context, terms []string) (docs int, df map[string]int, err error)
	// Postings returns, for each term, the perTerm most recently stored
	// articles posted under it.
	Postings(ctx context.Context, terms []string, perTerm int) ([]Posting, error)
	// CopyBands returns the IDs of the articles sharing a band key.
	CopyBands(ctx context.Context, bands []uint64) ([]string, error)
	// StoriesOf returns the story of each stored article given that has one.
	StoriesOf(ctx context.Context, ids []string) (map[string]string, error)
	// StoryMembers returns up to limit article IDs of each story, newest
	// published first, copies included.
	StoryMembers(ctx context.Context, stories []string, limit int) (map[string][]string, error)
	// ClusterIDs returns what the store knows of the given cluster IDs.
	ClusterIDs(ctx context.Context, ids []string) (map[string]ClusterID, error)
	// SaveSettlement writes a settlement in one transaction.
	SaveSettlement(ctx context.Context, s Settlement) error
	// StoriesMembers returns every article of the given stories as a
	// member, without reading its record.
	StoriesMembers(ctx context.Context, stories []string) ([]Member, error)
	// StoriesEvents returns the stored events of the given stories,
	// without their views.
	StoriesEvents(ctx context.Context, stories []string) ([]Event, error)
	// Articles returns the stored articles with the given IDs, with their
	// settled records.
	Articles(ctx context.Context, ids []string) ([]model.Article, error)
}

// Member is what a view counts of a stored article without reading its
// record: where it is and who published it when.
type Member struct {
	ID, Story, Event  string
	Outlet, Published string
	DuplicateOf       string
}

// Redirector answers for clusters that merged into others.
type Redirector interface {
	// MovedTo returns the ID a merged event or story now answers under,
	// following merges to the cluster that stands; ErrNotFound when id
	// was never merged.
	MovedTo(ctx context.Context, id string) (string, error)
	// ArticleChanges returns what settling changed in an article, oldest first.
	ArticleChanges(ctx context.Context, id string) ([]Change, error)
}

// MovedTo returns where the merged cluster id now answers when st keeps
// merges, and ok false when it does not or id never merged.
func MovedTo(ctx context.Context, st any, id string) (string, bool) {
	r, ok := st.(Redirector)
	if !ok {
		return "", false
	}
	to, err := r.MovedTo(ctx, id)
	return to, err == nil && to != "" && to != id
}
