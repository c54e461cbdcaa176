// Package streamgen generates a synthetic news stream with known events and
// stories, for measuring event clustering and the whole pipeline at scale
// (10,000 to 1,000,000 articles and more), where no labelled real stream
// of that size is at hand.
//
// # How articles are made
//
// The generator recombines real sentences at run time; none is stored in
// the repository. LoadCorpus reads the shared data sets (see Sources): the
// ECB+ clustering texts, PolNeAR election coverage (dev-gold and train),
// the Zyte benchmark's hand-extracted article bodies and the MEANTIME
// Wikinews articles. It splits paragraphs into sentences with
// internal/analyze/sentence, keeps the sentences that read as prose (which
// drops URL, date and headline lines and page furniture), and cuts each
// paragraph into units of at most three sentences.
//
// Units are grouped into seeds, and seeds into topics:
//
//   - ECB+: a seed per gold event (all its documents' sentences), the topic
//     being the ECB+ topic, whose two events are of the same kind;
//   - PolNeAR: a seed per article, the topic its month of publication;
//   - Zyte: a seed per article, each a topic of its own;
//   - MEANTIME: a seed per article, the topic its corpus (airbus, apple,
//     gm, stock).
//
// Stories arrive as a Poisson process over a timeline (two years by
// default) at the rate that makes N articles fill it. A story picks a data
// set (ECB+ 35%, PolNeAR 30%, Zyte 20%, MEANTIME 15% of stories) and a
// topic, and runs 1 to 12 events (geometric, mean 1.8) 2 to 14 days apart.
// Each event draws a seed of the topic (half the time the story's previous
// one), keeps a random third of the seed's units as its core (all of a
// small seed), so that two events of one seed share less than two articles
// of one event do. A seed rests while an event draws on it and three days
// after, and a story passes over a topic with no seed free, so that
// look-alike events are apart in time as in real news; the corpus has
// about 1,200 seeds, so a long stream leans towards PolNeAR, the largest
// set, and still shares seeds between concurrent events: in 1.3% of
// events at 20,000 articles, 2% at 100,000, 23% at 1,000,000 (whose mix is
// 57% PolNeAR). An event's size follows a power law,
// P(size >= k) = k^-1.2, capped at N/25 (50 to 1,000): most events have 1
// to 5 articles, a few hundreds. An event spans 1 to 10 days, longer when
// larger, its articles front-loaded, and is covered by a set of made-up
// outlets (domains under .example), popular ones more often.
//
// An article has a headline (a lead sentence of its event's core,
// shortened), then 6 to 25 paragraphs: a lead unit, then units about 80%
// from the event's core, 14% from its topic and the rest noise from any
// seed, in source order with the noise scattered. After each article, with
// a chance that makes about 5% of the stream, a syndicated copy is
// scheduled 45 minutes to 18 hours later: the same text rebuilt, under
// another outlet, with a tweaked headline and a sentence dropped and/or a
// trailing line added. Copies point to their original in
// Article.DuplicateOf.
//
// Articles come out in publication order, each published within 15
// minutes of its place in the stream (a copy always after its original).
// Every article's text depends only on the seed and its place in its
// event, so a copy is rebuilt rather than kept, and memory holds only the
// events in progress: it stays flat however long the stream.
//
// # Use
//
// From the command line (see cmd/storyline-streamgen):
//
//	go run ./cmd/storyline-streamgen -n 100000 -seed 1 -shared ../shared \
//		-out /tmp/stream-100k.jsonl -gold /tmp/stream-100k.gold.tsv
//
// writes one JSON object a line, which internal/source/dir reads as a
// document (the gold_* fields are ignored by it):
//
//	{"id":"a0000501","url":"https://globalwire.example/2024/02/20/…-501",
//	 "outlet":"Global Wire Service","title":"…","published":"2024-02-20T20:11:36Z",
//	 "text":"paragraph\n\nparagraph…","lang":"en","gold_event":"e000137",
//	 "gold_story":"s000086","gold_topic":"ecbplus-30","gold_seed":"ecbplus-30_ecb",
//	 "gold_duplicate_of":""}
//
// gold_topic and gold_seed name the topic and seed the text comes from;
// gold_duplicate_of is the id of the original for a copy, else "". The
// -gold file is "id\ttopic\tevent" with a header line, the story in the
// topic column, for /work/shared/eval/clusters.py: score events with it as
// is, stories with `cut -f1,2` of it.
//
// In process, for benchmarks that feed a clusterer without JSON:
//
//	c, err := streamgen.LoadCorpus(shareddata.Root())
//	g := c.Generator(streamgen.Options{N: 100_000, Seed: 1})
//	for a, ok := g.Next(); ok; a, ok = g.Next() {
//		doc := a.Document() // or a.Title, a.Body, a.Published, a.Event…
//	}
//
// The same corpus, Options and seed give the same stream byte for byte.
// Articles average about 2.8 KB of JSON (13 paragraphs, 2,200 characters
// of text). A 1,000,000-article stream takes 20 to 25 seconds, 3.1 GB and
// 35 MB of memory. internal/source/dir reads a JSON Lines file over its size
// limit a line at a time, so `storyline ingest` takes a stream of any length.
package streamgen
