package store

import (
	"context"
	"sort"
)

// FollowReader is what a user's "For you" is made from.
type FollowReader interface {
	Follows(ctx context.Context, userID string) ([]Follow, error)
	UnreadMatches(ctx context.Context, userID, id string, limit int) ([]SearchHit, error)
}

// FollowRef names the follow that brought an article to "For you".
type FollowRef struct {
	ID    string `json:"id"`
	Kind  string `json:"kind"`
	Label string `json:"label"`
}

// ForYouItem is one unread article with the follows it matched.
type ForYouItem struct {
	SearchHit
	Because []FollowRef `json:"because"`
}

// ForYou is what is new for one user: their follows with their unread
// counts, and the unread articles of all of them, each article once.
type ForYou struct {
	Follows []Follow     `json:"follows"`
	Items   []ForYouItem `json:"items"`
	Unread  int          `json:"unread"` // the follows' unread counts added up (each capped at 100)
}

// NewForYou gathers what is new for userID: the matches of each follow
// that arrived after its read mark, newest arrivals first, at most limit
// articles. An article two follows match is listed once, with both.
func NewForYou(ctx context.Context, st FollowReader, userID string, limit int) (ForYou, error) {
	fs, err := st.Follows(ctx, userID)
	if err != nil {
		return ForYou{}, err
	}
	out := ForYou{Follows: fs, Items: []ForYouItem{}}
	if out.Follows == nil {
		out.Follows = []Follow{}
	}
	byID := map[string]int{}
	for _, f := range fs {
		out.Unread += f.New
		if f.New == 0 {
			continue
		}
		hits, err := st.UnreadMatches(ctx, userID, f.ID, limit)
		if err != nil {
			return ForYou{}, err
		}
		ref := FollowRef{ID: f.ID, Kind: f.Kind, Label: f.Label}
		for _, h := range hits {
			if i, ok := byID[h.ID]; ok {
				out.Items[i].Because = append(out.Items[i].Because, ref)
				continue
			}
			byID[h.ID] = len(out.Items)
			out.Items = append(out.Items, ForYouItem{SearchHit: h, Because: []FollowRef{ref}})
		}
	}
	sort.SliceStable(out.Items, func(i, j int) bool {
		a, b := out.Items[i], out.Items[j]
		if !a.Ingested.Equal(b.Ingested) {
			return a.Ingested.After(b.Ingested)
		}
		return a.ID < b.ID
	})
	if len(out.Items) > limit {
		out.Items = out.Items[:limit]
	}
	return out, nil
}
