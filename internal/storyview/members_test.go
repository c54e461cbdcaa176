package storyview

import (
	"bytes"
	"fmt"
	"testing"

	"github.com/storyline-news/storyline/internal/model"
	"github.com/storyline-news/storyline/internal/store"
)

func membersOf(arts []model.Article) ([]store.Member, map[string]*model.Article) {
	ms := make([]store.Member, len(arts))
	byID := map[string]*model.Article{}
	for i := range arts {
		ms[i] = MemberOf(&arts[i])
		byID[arts[i].ID] = &arts[i]
	}
	return ms, byID
}

// Small clusters are viewed from every article: the views are the ones
// Build makes.
func TestBuildMembersSmallIsBuild(t *testing.T) {
	arts := corpus()
	assign(arts)
	wantE, wantS, err := Build(arts)
	if err != nil {
		t.Fatal(err)
	}
	ms, byID := membersOf(arts)
	gotE, gotS, err := BuildMembers(ms, byID, map[string]bool{"e1": true, "e2": true}, nil, nil)
	if err != nil {
		t.Fatal(err)
	}
	if len(gotE) != len(wantE) || len(gotS) != len(wantS) {
		t.Fatalf("got %d events %d stories, want %d %d", len(gotE), len(gotS), len(wantE), len(wantS))
	}
	for i := range wantE {
		if !bytes.Equal(gotE[i].View, wantE[i].View) {
			t.Errorf("event %s view\n got %s\nwant %s", wantE[i].ID, gotE[i].View, wantE[i].View)
		}
	}
	for i := range wantS {
		if !bytes.Equal(gotS[i].View, wantS[i].View) || gotS[i].Articles != wantS[i].Articles || gotS[i].Sources != wantS[i].Sources {
			t.Errorf("story %s\n got %+v\nwant %+v", wantS[i].ID, gotS[i], wantS[i])
		}
	}
}

// An event nobody joined or left keeps its stored row; the story names
// it as stored, and a missing one is rebuilt rather than dropped.
func TestBuildMembersKeepsUntouchedEvents(t *testing.T) {
	arts := corpus()
	assign(arts)
	arts[3].Story = "s1" // the chess event inside the dam story
	ms, byID := membersOf(arts)
	kept := []store.Event{{ID: "e2", Story: "s1", Title: "Stored title", Articles: 1, Sources: 1, First: "2024-05-09", Last: "2024-05-09"}}
	ev, st, err := BuildMembers(ms, byID, map[string]bool{"e1": true}, kept, nil)
	if err != nil {
		t.Fatal(err)
	}
	if len(ev) != 1 || ev[0].ID != "e1" {
		t.Fatalf("rebuilt events %+v, want only e1", ev)
	}
	v, err := Decode(st[0].View)
	if err != nil {
		t.Fatal(err)
	}
	if len(v.Events) != 2 || v.Events[1].Title != "Stored title" {
		t.Errorf("story events %+v, want e1 then the stored e2", v.Events)
	}
	ev, _, err = BuildMembers(ms, byID, map[string]bool{"e1": true}, nil, nil)
	if err != nil || len(ev) != 2 {
		t.Errorf("with no stored row, events %d (err %v), want e2 rebuilt too", len(ev), err)
	}
}

// A cluster larger than SampleSize is read from a bounded sample (its
// first and newest articles) but counted from every member.
func TestBuildMembersSamplesLargeClusters(t *testing.T) {
	n := SampleSize*3 + 7
	var arts []model.Article
	for i := range n {
		arts = append(arts, model.Article{
			ID: fmt.Sprintf("a%04d", i), Story: "s", Event: "e",
			Outlet:    fmt.Sprintf("Outlet %d", i%40),
			Published: fmt.Sprintf("2024-%02d-%02d", 1+i/28%12, 1+i%28),
			Headline:  fmt.Sprintf("Report %d", i),
			Body:      []string{fmt.Sprintf("Report number %d on the flood.", i)},
		})
	}
	arts[5].DuplicateOf = "a0004"
	ms, byID := membersOf(arts)
	ids := SampleIDs(ms)
	if len(ids) != SampleSize {
		t.Fatalf("sample of %d, want %d", len(ids), SampleSize)
	}
	sample := map[string]*model.Article{}
	for _, id := range ids {
		sample[id] = byID[id]
	}
	if sample["a0000"] == nil {
		t.Error("the sample lacks the first article")
	}
	ev, st, err := BuildMembers(ms, sample, map[string]bool{"e": true}, nil, nil)
	if err != nil {
		t.Fatalf("BuildMembers with only the sample: %v", err)
	}
	_, full, err := Build(arts)
	if err != nil {
		t.Fatal(err)
	}
	got, want := st[0], full[0]
	if got.Articles != n || got.Articles != want.Articles || got.Sources != want.Sources ||
		got.First != want.First || got.Last != want.Last || got.Title != want.Title {
		t.Errorf("sampled story %d articles %d sources %s–%s %q, want %d %d %s–%s %q",
			got.Articles, got.Sources, got.First, got.Last, got.Title,
			want.Articles, want.Sources, want.First, want.Last, want.Title)
	}
	if fmt.Sprint(got.Outlets) != fmt.Sprint(want.Outlets) {
		t.Errorf("outlets %v, want %v", got.Outlets, want.Outlets)
	}
	if ev[0].Articles != n {
		t.Errorf("event counts %d articles, want %d", ev[0].Articles, n)
	}
	last := ids[len(ids)-1]
	delete(sample, last)
	if _, _, err := BuildMembers(ms, sample, map[string]bool{"e": true}, nil, nil); err == nil {
		t.Error("a sample article missing and nothing to load it gave no error")
	}
	var asked []string
	load := func(ids []string) ([]model.Article, error) {
		asked = append(asked, ids...)
		return []model.Article{*byID[last]}, nil
	}
	if _, _, err := BuildMembers(ms, sample, map[string]bool{"e": true}, nil, load); err != nil || fmt.Sprint(asked) != "["+last+"]" {
		t.Errorf("loaded %v (err %v), want only [%s]", asked, err, last)
	}
}

// bigStory is one story of n articles in one event.
func bigStory(n int) []model.Article {
	arts := make([]model.Article, n)
	for i := range arts {
		arts[i] = model.Article{
			ID: fmt.Sprintf("a%06d", i), Story: "s", Event: "e",
			Outlet:    fmt.Sprintf("Outlet %d", i%60),
			Published: fmt.Sprintf("2024-%02d-%02d", 1+i/28%12, 1+i%28),
			Headline:  fmt.Sprintf("Flood report %d from the valley", i),
			Body: []string{fmt.Sprintf("The river rose %d centimetres overnight, officials said on Monday.", i%90),
				"Residents of the lower town were told to move to higher ground before the weekend."},
			Entities: ent("Rosa Imbert", "Lenny Dam"),
			Quotes:   []model.Quote{{Text: fmt.Sprintf("We counted %d homes", i), Speaker: "Rosa Imbert", Kind: model.QuoteDirect}},
		}
	}
	return arts
}

// BenchmarkStoryView compares viewing a story of 5,000 articles from all
// of them (Build) with viewing it from its members and a sample
// (BuildMembers), what settling does.
func BenchmarkStoryView(b *testing.B) {
	arts := bigStory(5000)
	ms, byID := membersOf(arts)
	b.Run("all", func(b *testing.B) {
		for b.Loop() {
			if _, _, err := Build(arts); err != nil {
				b.Fatal(err)
			}
		}
	})
	b.Run("sampled", func(b *testing.B) {
		for b.Loop() {
			if _, _, err := BuildMembers(ms, byID, map[string]bool{"e": true}, nil, nil); err != nil {
				b.Fatal(err)
			}
		}
	})
}
