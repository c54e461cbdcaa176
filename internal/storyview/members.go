package storyview

import (
	"encoding/json"
	"fmt"
	"sort"

	"github.com/storyline-news/storyline/internal/model"
	"github.com/storyline-news/storyline/internal/store"
)

// A view reads at most SampleSize articles of its cluster: the sampleFirst
// earliest (the story's lead and how it began) and the newest rest. Its
// counts — articles, independent sources, outlets, first and last day —
// come from every member, which the store lists without reading a record,
// so keeping a story of thousands of articles up to date costs the same
// as keeping a small one. A cluster of SampleSize articles or fewer is
// viewed from all of them, exactly as Build views it.
const (
	SampleSize  = 256
	sampleFirst = 64
)

// memberEarlier is earlier for members: published first, undated last,
// then by ID.
func memberEarlier(a, b *store.Member) bool {
	return publishedBefore(a.Published, a.ID, b.Published, b.ID)
}

// SampleIDs returns the IDs of the members of one cluster a view of it
// reads.
func SampleIDs(ms []store.Member) []string {
	ms = append([]store.Member(nil), ms...)
	sort.Slice(ms, func(i, j int) bool { return memberEarlier(&ms[i], &ms[j]) })
	if len(ms) > SampleSize {
		ms = append(ms[:sampleFirst:sampleFirst], ms[len(ms)-(SampleSize-sampleFirst):]...)
	}
	ids := make([]string, len(ms))
	for i := range ms {
		ids[i] = ms[i].ID
	}
	return ids
}

// MemberOf returns an article's member entry.
func MemberOf(a *model.Article) store.Member {
	return store.Member{ID: a.ID, Story: a.Story, Event: a.Event, Outlet: a.Outlet,
		Published: a.Published, DuplicateOf: a.DuplicateOf}
}

// BuildMembers makes the views of the stories members belong to, and of
// the events among them in rebuild, from every member's counts and each
// cluster's sample (SampleIDs) of its articles: those arts does not hold
// are asked of load, in one call. Events of those stories not rebuilt are
// named in the story views as kept says, the stored rows; one missing from
// kept, or kept under another story, is rebuilt.
func BuildMembers(members []store.Member, arts map[string]*model.Article, rebuild map[string]bool, kept []store.Event,
	load func(ids []string) ([]model.Article, error)) ([]store.Event, []store.Story, error) {
	byStory := map[string][]store.Member{}
	byEvent := map[string][]store.Member{}
	newest := ""
	for _, m := range members {
		if m.Story != "" {
			byStory[m.Story] = append(byStory[m.Story], m)
		}
		if m.Event != "" {
			byEvent[m.Event] = append(byEvent[m.Event], m)
		}
		if d := day(m.Published); d > newest {
			newest = d
		}
	}
	keptByID := map[string]store.Event{}
	for _, e := range kept {
		keptByID[e.ID] = e
	}
	eventIDs := make([]string, 0, len(byEvent))
	for id := range byEvent {
		eventIDs = append(eventIDs, id)
	}
	sort.Strings(eventIDs)
	storyIDs := make([]string, 0, len(byStory))
	for id := range byStory {
		storyIDs = append(storyIDs, id)
	}
	sort.Strings(storyIDs)
	fresh := map[string]bool{}
	for _, id := range eventIDs {
		if k, ok := keptByID[id]; !ok || rebuild[id] || k.Story != byEvent[id][0].Story {
			fresh[id] = true
		}
	}
	// The sampled articles not given, read in one call.
	need := map[string]bool{}
	sample := func(ms []store.Member) {
		for _, id := range SampleIDs(ms) {
			if arts[id] == nil {
				need[id] = true
			}
		}
	}
	for _, id := range eventIDs {
		if fresh[id] {
			sample(byEvent[id])
		}
	}
	for _, id := range storyIDs {
		sample(byStory[id])
	}
	if len(need) > 0 {
		if load == nil {
			return nil, nil, fmt.Errorf("storyview: %d sampled articles not given", len(need))
		}
		ids := make([]string, 0, len(need))
		for id := range need {
			ids = append(ids, id)
		}
		sort.Strings(ids)
		read, err := load(ids)
		if err != nil {
			return nil, nil, err
		}
		given := arts
		arts = make(map[string]*model.Article, len(given)+len(read))
		for id, a := range given {
			arts[id] = a
		}
		for i := range read {
			arts[read[i].ID] = &read[i]
		}
	}
	m := memo{}
	view := func(id string, ms []store.Member) (View, error) {
		ids := SampleIDs(ms)
		as := make([]*model.Article, 0, len(ids))
		for _, aid := range ids {
			a, ok := arts[aid]
			if !ok {
				return View{}, fmt.Errorf("storyview: %s: article %s of its sample not given", id, aid)
			}
			as = append(as, a)
		}
		v := build(id, as, m)
		countMembers(&v, ms)
		return v, nil
	}
	refs := map[string][]EventRef{}
	var events []store.Event
	for _, id := range eventIDs {
		ms := byEvent[id]
		story := ms[0].Story
		if !fresh[id] {
			k := keptByID[id]
			refs[story] = append(refs[story], EventRef{k.ID, k.Title, k.First, k.Last, k.Articles, k.Sources})
			continue
		}
		v, err := view(id, ms)
		if err != nil {
			return nil, nil, err
		}
		b, err := json.Marshal(v)
		if err != nil {
			return nil, nil, fmt.Errorf("storyview: event %s: %w", id, err)
		}
		e := store.Event{ID: id, Story: story, Title: v.Title, Articles: v.Articles,
			Sources: v.Sources, First: v.First, Last: v.Last, View: b}
		events = append(events, e)
		refs[story] = append(refs[story], EventRef{e.ID, e.Title, e.First, e.Last, e.Articles, e.Sources})
	}
	var stories []store.Story
	for _, id := range storyIDs {
		v, err := view(id, byStory[id])
		if err != nil {
			return nil, nil, err
		}
		st, err := storyRow(id, v, refs[id], newest)
		if err != nil {
			return nil, nil, err
		}
		stories = append(stories, st)
	}
	return events, stories, nil
}

// countMembers sets a view's counts from every member of its cluster, as
// build counts them from the articles it is given.
func countMembers(v *View, ms []store.Member) {
	var t tally
	for _, m := range ms {
		t.add(m.Outlet, m.DuplicateOf, m.Published)
	}
	v.Articles = len(ms)
	t.set(v)
}
