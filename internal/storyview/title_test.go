package storyview

import (
	"testing"

	"github.com/storyline-news/storyline/internal/model"
)

func TestStripDateline(t *testing.T) {
	for _, tc := range []struct{ name, in, want string }{
		{"capital place, date and agency", "VARNO, 14 March (KTA) – The council of Varno approved the bridge.", "The council of Varno approved the bridge."},
		{"capital place and agency", "TALLOW BAY (Wirepress) - Fishermen blocked the harbour on Monday.", "Fishermen blocked the harbour on Monday."},
		{"capital place and region", "ELMSWORTH, Kant. — Two schools closed after the flood.", "Two schools closed after the flood."},
		{"capital place, month first", "NORTH PELL, Oct. 2 (NPA) -- Voters queued for hours.", "Voters queued for hours."},
		{"title-case place and agency, no dash", "Dunmore (Wirepress) Rescuers reached the miners.", "Rescuers reached the miners."},
		{"agency alone", "(Wirepress) -- The toll rose to 40.", "The toll rose to 40."},
		{"title-case place with date", "Quarry Hill, May 3 — Police named the driver.", "Police named the driver."},
		{"a name and a dash is not a dateline", "Mayor Ilse Varga — who resigned — spoke.", "Mayor Ilse Varga — who resigned — spoke."},
		{"a sentence with brackets", "The ministry (MOD) said it would respond.", "The ministry (MOD) said it would respond."},
		{"lower case after the cut", "Ana Roth (D) said she would vote no.", "Ana Roth (D) said she would vote no."},
		{"no dateline", "Farmers protest new water rules", "Farmers protest new water rules"},
	} {
		if got := StripDateline(tc.in); got != tc.want {
			t.Errorf("%s: StripDateline(%q) = %q, want %q", tc.name, tc.in, got, tc.want)
		}
	}
}

func TestTitle(t *testing.T) {
	art := func(id, headline string, body ...string) *model.Article {
		return &model.Article{ID: id, Headline: headline, Body: body}
	}
	dam := []string{"Engineers found cracks in the Lenny dam and lowered the reservoir above three villages."}
	for _, tc := range []struct {
		name string
		as   []*model.Article
		want string
	}{
		{"the headline the others agree with, not the first",
			[]*model.Article{
				art("a", "Live: all the latest from the valley", "Engineers lowered the Lenny reservoir after finding cracks in the dam."),
				art("b", "Cracks found in Lenny dam, reservoir lowered", dam...),
				art("c", "", "The Lenny dam has cracks, engineers said, and the reservoir will be lowered."),
			},
			"Cracks found in Lenny dam, reservoir lowered"},
		{"a copy's headline does not stand",
			[]*model.Article{
				art("a", "Villages wait as dam is inspected", dam...),
				{ID: "b", Headline: "Cracks in Lenny dam lowered reservoir engineers villages", DuplicateOf: "a", Body: dam},
			},
			"Villages wait as dam is inspected"},
		{"no headline: a short title from the lede, without its dateline",
			[]*model.Article{
				art("a", "", "VARNO, 14 March (KTA) – The regional council of Varno on Tuesday approved the long-delayed bridge over the Ister river, ending a decade of dispute between the two banks. More follows."),
			},
			"The regional council of Varno on Tuesday approved the long-delayed bridge over the Ister river…"},
		{"a headline that is a dateline lede",
			[]*model.Article{
				art("a", "TALLOW BAY (Wirepress) - Fishermen blocked the harbour", "Fishermen blocked the harbour of Tallow Bay."),
			},
			"Fishermen blocked the harbour"},
		{"a caption-length headline gives way to a headline",
			[]*model.Article{
				art("a", "The engineers who inspected the dam stand on its crest on Tuesday morning as the water of the reservoir is let out through the spillway into the river below", dam...),
				art("b", "Dam cracks force reservoir cut", dam...),
			},
			"Dam cracks force reservoir cut"},
		{"nothing at all", []*model.Article{art("a", "")}, "Untitled story"},
	} {
		if got := title(tc.as); got != tc.want {
			t.Errorf("%s: title = %q, want %q", tc.name, got, tc.want)
		}
	}
}
