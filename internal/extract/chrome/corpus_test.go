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

func TestCopies(t *testing.T) {
	const notice = "This page was saved by a web archive; the article it held is not available here."
	c := NewCorpus()
	c.Add("n1", []string{notice})
	c.Add("n2", []string{notice})
	c.Add("n3", []string{" this page was SAVED by a web archive; the article it held is not available here. "})
	c.Add("n4", []string{notice, "Contact the archive's webmaster if you need it."}) // more than the notice
	c.Add("a", doc("harbour"))
	c.Add("b", []string{doc("harbour")[1], doc("harbour")[0]}) // the same lines in another order
	short, prose := Hashes([]string{notice})
	c.AddStored("stored", short, prose) // a store keeps too little to fingerprint
	c.Add("x", []string{"A notice of another archive, found whole in earlier batches only."})
	c.AddCopies("x", 3)
	c.AddCopies("missing", 3) // a key the corpus lacks is ignored
	tests := []struct {
		name string
		key  string
		want int
	}{
		{"identical notices count each other, normalised", "n1", 2},
		{"a document holding more is no copy", "n4", 0},
		{"the same lines in another order are a copy", "a", 1},
		{"a stored document has no fingerprint", "stored", 0},
		{"an unknown key has no copies", "missing", 0},
		{"copies read before count", "x", 3},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			if got := c.Copies(tc.key); got != tc.want {
				t.Errorf("Copies(%q) = %d, want %d", tc.key, got, tc.want)
			}
		})
	}
	if Fingerprint(nil, nil) != 0 || Fingerprint([]uint64{1}, nil) == 0 {
		t.Error("Fingerprint: 0 must mean no lines, and only that")
	}
	if got := (*Corpus)(nil).Copies("n1"); got != 0 {
		t.Errorf("nil corpus: Copies = %d", got)
	}
}
