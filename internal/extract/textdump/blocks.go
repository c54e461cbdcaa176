package textdump

import (
	"strings"

	"github.com/storyline-news/storyline/internal/extract/chrome"
)

// Many scrapers write an article as one block: hundreds or thousands of
// words with no paragraph break, the page's consent notice in front and its
// share bar behind. Such a block is still the article. It loses its edges
// (trimBoilerplate) and is cut back into paragraphs of a few sentences
// (splitBlocks), the unit every later stage reads.

const (
	// maxParagraph is the longest paragraph left whole, in words. News
	// paragraphs run to 80 words or so, long-form ones to 150; a longer
	// block is several run together.
	maxParagraph = 150
	// targetParagraph is the length a split paragraph aims at, in words.
	targetParagraph = 60
	// maxSentencesPerParagraph closes a split paragraph of short sentences.
	maxSentencesPerParagraph = 3
)

// trimBoilerplate takes the sign-up, consent, paywall and share text off the
// edges of each paragraph and drops paragraphs left empty; it returns the
// paragraphs and the number of words removed.
func trimBoilerplate(paras []string) (out []string, removed int) {
	out = paras[:0:0]
	for _, p := range paras {
		rest, n := chrome.TrimBoilerplate(p)
		removed += n
		if rest != "" {
			out = append(out, rest)
		}
	}
	return out, removed
}

// splitBlocks cuts each paragraph longer than maxParagraph words into
// paragraphs of a few sentences; shorter ones are kept as they are.
func splitBlocks(paras []string) []string {
	var out []string
	for _, p := range paras {
		if chrome.Words(p) <= maxParagraph {
			out = append(out, p)
			continue
		}
		out = append(out, splitBlock(p)...)
	}
	return out
}

// splitBlock cuts one block at sentence ends: a paragraph closes after
// maxSentencesPerParagraph sentences, targetParagraph words or the end of a
// quotation, and a quotation opens a paragraph of its own unless it
// continues the speaker of the sentence before. A short last sentence stays with the paragraph before it.
func splitBlock(p string) []string {
	var out []string
	var cur []string
	n := 0
	flush := func() {
		if len(cur) > 0 {
			out = append(out, strings.Join(cur, " "))
			cur, n = nil, 0
		}
	}
	for _, s := range chrome.Sentences(p) {
		if len(cur) > 0 && opensQuote(s) && !hasQuote(cur[len(cur)-1]) {
			flush()
		}
		cur = append(cur, s)
		n += chrome.Words(s)
		if len(cur) >= maxSentencesPerParagraph || n >= targetParagraph || closesQuote(s) {
			flush()
		}
	}
	if len(cur) > 0 && len(out) > 0 && n < 12 {
		out[len(out)-1] += " " + strings.Join(cur, " ")
		return out
	}
	flush()
	return out
}

func opensQuote(s string) bool {
	return strings.HasPrefix(s, "\"") || strings.HasPrefix(s, "\u201c") || strings.HasPrefix(s, "\u2018") || strings.HasPrefix(s, "'")
}

// closesQuote reports whether s ends a quotation: what follows is someone
// else's turn, or the reporter's.
func closesQuote(s string) bool {
	return strings.HasSuffix(s, "\u201d") || strings.HasSuffix(s, ".\"") || strings.HasSuffix(s, "?\"") || strings.HasSuffix(s, "!\"")
}

func hasQuote(s string) bool { return strings.ContainsAny(s, "\"\u201c\u201d") }

// words counts the words of paragraphs.
func words(paras []string) int {
	n := 0
	for _, p := range paras {
		n += chrome.Words(p)
	}
	return n
}

// dropLearned removes from each paragraph the sentences the corpus has
// learned are boilerplate (they recur across documents about different
// things, see chrome.Corpus.IsLearnedBoilerplate) and drops paragraphs
// left empty; it returns the paragraphs and the number of words removed.
// A paragraph with no such sentence is kept byte for byte.
func dropLearned(c *chrome.Corpus, key string, paras []string) (out []string, removed int) {
	if c == nil {
		return paras, 0
	}
	out = paras[:0:0]
	for _, p := range paras {
		ss := chrome.Sentences(p)
		kept := ss[:0:0]
		for _, s := range ss {
			if c.IsLearnedBoilerplate(key, s) {
				removed += chrome.Words(s)
				continue
			}
			kept = append(kept, s)
		}
		switch {
		case len(kept) == len(ss):
			out = append(out, p)
		case len(kept) > 0:
			out = append(out, strings.Join(kept, " "))
		}
	}
	return out, removed
}
