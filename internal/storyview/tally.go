package storyview

// UnknownOutlet is the name a view's outlet list gives the articles whose
// outlet is not known.
const UnknownOutlet = "Unknown outlet"

// tally counts a cluster's articles by outlet, its independent sources and
// its first and last days. build and countMembers both count through it,
// so a view built from articles and one counted from stored members agree.
type tally struct {
	outlets     map[string]int
	independent map[string]bool
	first, last string
}

// add counts one article. An article that copies another is an outlet's
// article but not an independent source; nor is an article whose outlet
// is unknown: two such articles may be one outlet or two, and counting
// them would say "3 sources" of a story two outlets covered.
func (t *tally) add(outlet, duplicateOf, published string) {
	if t.outlets == nil {
		t.outlets, t.independent = map[string]int{}, map[string]bool{}
	}
	name := outlet
	if name == "" {
		name = UnknownOutlet
	}
	t.outlets[name]++
	if duplicateOf == "" && outlet != "" {
		t.independent[outlet] = true
	}
	if d := day(published); d != "" {
		if t.first == "" || d < t.first {
			t.first = d
		}
		if d > t.last {
			t.last = d
		}
	}
}

// set writes the counts into v.
func (t *tally) set(v *View) {
	v.Sources = len(t.independent)
	v.Outlets = sortOutlets(t.outlets)
	v.First, v.Last = t.first, t.last
}
