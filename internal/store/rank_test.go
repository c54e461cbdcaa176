package store

import (
	"math"
	"testing"
)

func TestRankKeyOrdersAsRank(t *testing.T) {
	stories := []struct {
		sources int
		last    string
	}{{1, "2024-05-10"}, {3, "2024-05-10"}, {10, "2024-05-03"}, {2, "2024-05-08"}, {5, ""}, {1, "2024-04-01"}}
	for _, newest := range []string{"2024-05-10", "2024-05-20", "2024-07-01"} {
		for i, a := range stories {
			for j, b := range stories {
				if a.last == "" || b.last == "" {
					continue // undated keys hold the newest day they were written at
				}
				ra, rb := Rank(a.sources, a.last, newest), Rank(b.sources, b.last, newest)
				ka, kb := RankKey(a.sources, a.last, newest), RankKey(b.sources, b.last, newest)
				if (ra > rb) != (ka > kb) {
					t.Errorf("newest %s: stories %d and %d rank %.4f, %.4f but key %.4f, %.4f", newest, i, j, ra, rb, ka, kb)
				}
			}
		}
	}
	// An undated story sits where a story last covered 30 days before the
	// newest day it was written at does.
	if got, want := RankKey(5, "", "2024-05-10"), RankKey(5, "2024-04-10", ""); math.Abs(got-want) > 1e-9 {
		t.Errorf("undated key %.4f, want %.4f", got, want)
	}
}
