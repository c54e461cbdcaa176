// Package demo ships a small set of articles written by the Storyline team
// (invented outlets, people and events) so that a newcomer without data can
// run `storyline serve --demo` and see a working UI. None of it is real news.
package demo

import _ "embed"

// Articles is the demo set as JSON Lines, one document per line in the
// format `storyline ingest` reads: id, url, title, text, published, outlet, lang.
//
//go:embed articles.jsonl
var Articles []byte

// Name is the file name the demo set is read under.
const Name = "demo.jsonl"
