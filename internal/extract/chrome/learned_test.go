package chrome

import (
	"fmt"
	"strings"
	"testing"
)

// Invented reports: each topic's sentences use their own long words, so
// reports of different topics share none of them, and reports of one topic
// share most.
var learnedTopics = map[string][]string{
	"harbour": {"The harbour authority approved dredging beneath the northern breakwater on Tuesday.",
		"Fishermen complained that silt had stranded trawlers alongside crumbling wharves.",
		"Engineers estimated the dredging contract would require eighteen barges and specialist divers."},
	"orchard": {"Orchard growers reported blossom damage after unseasonal frosts swept through hillside plantations.",
		"Cooperative managers predicted smaller harvests and warned about pickers leaving for cities.",
		"Agronomists recommended windbreaks, sprinklers and insurance against repeated freezing."},
	"library": {"Municipal librarians unveiled restored manuscripts donated by an anonymous collector.",
		"Conservators spent months stabilising parchment, bindings and faded illuminations.",
		"Visitors queued outside the reading rooms before the exhibition officially opened."},
	"railway": {"Commuters faced cancelled services after signalling equipment failed near junctions outside town.",
		"Railway officials apologised and promised compensation vouchers for disrupted passengers.",
		"Technicians replaced corroded cables overnight while replacement buses shuttled travellers."},
}

// learnedDoc is an invented report on topic, told in the variant's own order.
func learnedDoc(topic, variant string, extra ...string) []string {
	lines := []string{fmt.Sprintf("%s, take %s", strings.ToUpper(topic[:1])+topic[1:], variant)}
	ss := learnedTopics[topic]
	for i := range ss {
		lines = append(lines, ss[(i+len(variant))%len(ss)])
	}
	return append(lines, extra...)
}

func TestIsLearnedBoilerplate(t *testing.T) {
	const notice = "This feature is unavailable right now, come back soon."
	const wire = "Officials expect further announcements within the coming week."
	tests := []struct {
		name     string
		docs     map[string][]string
		sentence string
		want     bool
	}{
		{"a notice in three unrelated articles is boilerplate",
			map[string][]string{"a": learnedDoc("harbour", "one", notice), "b": learnedDoc("orchard", "two", notice), "c": learnedDoc("library", "three", notice)},
			notice, true},
		{"in two unrelated articles only: not enough evidence",
			map[string][]string{"a": learnedDoc("harbour", "one", notice), "b": learnedDoc("orchard", "two", notice), "c": learnedDoc("library", "three")},
			notice, false},
		{"a sentence three reports of one happening share is kept",
			map[string][]string{"a": learnedDoc("railway", "one", wire), "b": learnedDoc("railway", "two", wire), "c": learnedDoc("railway", "three", wire), "d": learnedDoc("harbour", "four")},
			wire, false},
		{"someone's words are never learned",
			map[string][]string{"a": learnedDoc("harbour", "one", `"Come back soon," the mayor said.`), "b": learnedDoc("orchard", "two", `"Come back soon," the mayor said.`), "c": learnedDoc("library", "three", `"Come back soon," the mayor said.`)},
			`"Come back soon," the mayor said.`, false},
		{"pages that are nothing but the notice do not vote",
			map[string][]string{"a": {notice}, "b": {notice}, "c": {notice}, "d": learnedDoc("harbour", "four")},
			notice, false},
		{"a sentence too short to recognise",
			map[string][]string{"a": learnedDoc("harbour", "one", "Read on."), "b": learnedDoc("orchard", "two", "Read on."), "c": learnedDoc("library", "three", "Read on.")},
			"Read on.", false},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			c := NewCorpus()
			for _, k := range []string{"a", "b", "c", "d"} {
				if ls, ok := tc.docs[k]; ok {
					c.Add(k, ls)
				}
			}
			if got := c.IsLearnedBoilerplate("a", tc.sentence); got != tc.want {
				t.Errorf("IsLearnedBoilerplate(%q) = %v, want %v", tc.sentence, got, tc.want)
			}
			// The article's own sentences stay.
			if got := c.IsLearnedBoilerplate("a", learnedTopics["harbour"][0]); got {
				t.Errorf("an article's own sentence learned as boilerplate")
			}
		})
	}
	var nilCorpus *Corpus
	if nilCorpus.IsLearnedBoilerplate("a", notice) {
		t.Error("a nil corpus learned something")
	}
}

func BenchmarkLearnedBoilerplate(b *testing.B) {
	docs := make([][]string, 0, 400)
	for i := range 100 {
		for topic := range learnedTopics {
			docs = append(docs, learnedDoc(topic, fmt.Sprint(i), "This feature is unavailable right now, come back soon."))
		}
	}
	b.ReportAllocs()
	for b.Loop() {
		c := NewCorpus()
		for i, d := range docs {
			c.Add(fmt.Sprint(i), d)
		}
		for i, d := range docs {
			for _, l := range d {
				for _, s := range Sentences(l) {
					c.IsLearnedBoilerplate(fmt.Sprint(i), s)
				}
			}
		}
	}
}
