// Package cluster groups articles as they arrive: it marks near-duplicates
// (syndicated copies, one article through two aggregators), assigns each
// article to an event (one happening, however many outlets report it), and
// links events into stories (threads of events over days and weeks).
//
// It is online: Add takes one article at a time and decides on arrival, at a
// cost that does not grow with the number of articles seen. Each article is
// a sparse vector of its heaviest content words and entity names, weighted
// by a blend of a background document-frequency table and the stream's own
// counts. Candidate events come from an inverted index over recent events'
// heaviest terms, never from a scan; the best candidate wins when its
// similarity, damped by the distance in days between the article and the
// event, clears a threshold. When an event grows close enough to another,
// the two merge, so early mistakes are corrected. Stories work the same way
// one level up, with a lower threshold and a longer time scale.
//
// Words alone cannot tell apart two happenings of one kind (two title
// fights, two earthquakes), so each story is also refined as it grows and
// at the end of each batch: its recent articles are regrouped into events
// by the nearest neighbours they share (refine.go), which moves the
// reports of a second happening out of the first's event and gathers
// reports the first pass left on their own. Articles
// only cluster with articles of their own language. Duplicates come from
// MinHash signatures over word shingles with banded LSH, checked against
// the estimated Jaccard similarity; a copy joins its original's event and is
// not counted as an independent source.
//
// The clustering is written here rather than taken from a library: the Go
// libraries found do batch k-means or HDBSCAN over dense embeddings, which
// need the whole corpus up front and a model far larger than this one.
package cluster
