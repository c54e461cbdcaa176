package store

import (
	"math"
	"time"
)

// Rank is breadth of coverage (independent sources) halved every three
// days that last (the story's latest day) lies behind newest (the latest
// article's): a story ten outlets covered last week stays above one
// outlet's story today, but not above three outlets' today. An undated
// story ranks as one last covered thirty days before newest. A story
// whose outlets are all unknown counts as one source, as RankKey does.
func Rank(sources int, last, newest string) float64 {
	age := 0.0
	if l, err := time.Parse(time.DateOnly, last); err == nil {
		if n, err := time.Parse(time.DateOnly, newest); err == nil {
			age = max(n.Sub(l).Hours()/24, 0)
		}
	} else {
		age = 30 // undated stories sink
	}
	return float64(max(sources, 1)) * math.Pow(0.5, age/3)
}

// RankKey orders stories as Rank does, whatever the newest day: for dated
// stories Rank(sources, last, newest) = 2^(RankKey − newest/3) with days
// counted from 1970, so a store sorts by the key and never has to rewrite
// every story's rank when a newer article arrives. An undated story takes
// the key of one last covered thirty days before newest as it was then.
func RankKey(sources int, last, newest string) float64 {
	d, ok := dayNumber(last)
	if !ok {
		if d, ok = dayNumber(newest); !ok {
			d = 0
		}
		d -= 30
	}
	return math.Log2(float64(max(sources, 1))) + d/3
}

func dayNumber(iso string) (float64, bool) {
	if len(iso) < 10 {
		return 0, false
	}
	t, err := time.Parse(time.DateOnly, iso[:10])
	if err != nil {
		return 0, false
	}
	return float64(t.Unix() / 86400), true
}
