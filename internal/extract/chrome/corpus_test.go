package chrome

import (
	"slices"
	"testing"
)

// doc makes a document's lines: its own prose, with extra lines.
func doc(topic string, extra ...string) []string {
	lines := []string{
		"The " + topic + " committee met on Tuesday and agreed a plan for the coming year.",
		"Members of the " + topic + " committee said the plan would be published next month.",
	}
	return append(lines, extra...)
}

func TestStoredDocumentsTeachAndGoStale(t *testing.T) {
	const slogan = "Regional news from every corner of the valley"
	stored := func(c *Corpus, key string, lines []string) {
		short, prose := Hashes(lines)
		c.AddStored(key, short, prose)
	}
	tests := []struct {
		name      string
		stored    map[string][]string
		added     map[string][]string
		recurs    int      // Recurrence of the slogan for added document "new"
		wantStale []string // stored documents the added ones changed
	}{
		{"a stored document teaches a new one, and goes stale",
			map[string][]string{"old": doc("harbour", slogan)}, map[string][]string{"new": doc("orchard", slogan)}, 1, []string{"old"}},
		{"already repeated among stored documents: nothing stale",
			map[string][]string{"old": doc("harbour", slogan), "older": doc("school", slogan)}, map[string][]string{"new": doc("orchard", slogan)}, 2, nil},
		{"a near-copy teaches nothing",
			map[string][]string{"old": doc("harbour", slogan)}, map[string][]string{"new": doc("harbour", slogan)}, 0, nil},
		{"a line the new one lacks",
			map[string][]string{"old": doc("harbour", slogan)}, map[string][]string{"new": doc("orchard")}, 1, nil},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			c := NewCorpus()
			for _, k := range []string{"old", "older"} {
				if ls, ok := tc.stored[k]; ok {
					stored(c, k, ls)
				}
			}
			c.Add("new", tc.added["new"])
			if got := c.Recurrence("new", slogan); got != tc.recurs {
				t.Errorf("Recurrence = %d, want %d", got, tc.recurs)
			}
			if got := c.Stale(); !slices.Equal(got, tc.wantStale) {
				t.Errorf("Stale = %v, want %v", got, tc.wantStale)
			}
		})
	}
}
