package chart

import (
	"math"
	"sort"
	"time"
)

// Step is the width of a time bin.
type Step int

// Bin widths, from the finest.
const (
	Hour Step = iota
	Day
	Week  // weeks start on Monday
	Month // calendar months
)

// String names the step as tables and descriptions use it.
func (s Step) String() string {
	return [...]string{"hour", "day", "week", "month"}[s]
}

// StepFor picks the bin width for a span: hours under three days, days up
// to about three months, weeks up to about two years, months beyond, so a
// chart has at most about a hundred bars.
func StepFor(first, last time.Time) Step {
	span := last.Sub(first)
	switch {
	case span < 72*time.Hour:
		return Hour
	case span <= 92*24*time.Hour:
		return Day
	case span <= 730*24*time.Hour:
		return Week
	}
	return Month
}

// Floor returns the start of the bin t falls in, in UTC.
func (s Step) Floor(t time.Time) time.Time {
	t = t.UTC()
	switch s {
	case Hour:
		return t.Truncate(time.Hour)
	case Day:
		return time.Date(t.Year(), t.Month(), t.Day(), 0, 0, 0, 0, time.UTC)
	case Week:
		d := time.Date(t.Year(), t.Month(), t.Day(), 0, 0, 0, 0, time.UTC)
		return d.AddDate(0, 0, -((int(d.Weekday()) + 6) % 7))
	}
	return time.Date(t.Year(), t.Month(), 1, 0, 0, 0, 0, time.UTC)
}

// Add returns the start of the bin n bins after the one starting at t.
func (s Step) Add(t time.Time, n int) time.Time {
	switch s {
	case Hour:
		return t.Add(time.Duration(n) * time.Hour)
	case Day:
		return t.AddDate(0, 0, n)
	case Week:
		return t.AddDate(0, 0, 7*n)
	}
	return t.AddDate(0, n, 0)
}

// Index returns the number of the bin t falls in, counting from the bin
// starting at start (which Floor gave).
func (s Step) Index(start, t time.Time) int {
	t = s.Floor(t)
	switch s {
	case Hour:
		return int(t.Sub(start) / time.Hour)
	case Day:
		return int(math.Round(t.Sub(start).Hours() / 24))
	case Week:
		return int(math.Round(t.Sub(start).Hours() / (24 * 7)))
	}
	return (t.Year()-start.Year())*12 + int(t.Month()) - int(start.Month())
}

// Label writes a bin's start for a table or an axis.
func (s Step) Label(t time.Time) string {
	switch s {
	case Hour:
		return t.Format("2 Jan 15:00")
	case Day:
		return t.Format("2 Jan 2006")
	case Week:
		return "week of " + t.Format("2 Jan 2006")
	}
	return t.Format("Jan 2006")
}

// Item is one thing to count: when it happened and the group it counts
// for (an outlet).
type Item struct {
	At    time.Time
	Group string
}

// Tally bins items by step and stacks them by group: the top groups with
// the most items (ties by name) each get a series, in that order, and the
// rest are summed into a last series named other. Bins run from the first
// item's to the last item's, empty bins included. Items with a zero time
// are left out.
func Tally(items []Item, step Step, top int, other string) (start time.Time, bins int, series []Series) {
	counts := map[string]int{}
	var first, last time.Time
	n := 0
	for _, it := range items {
		if it.At.IsZero() {
			continue
		}
		counts[it.Group]++
		if n == 0 || it.At.Before(first) {
			first = it.At
		}
		if n == 0 || it.At.After(last) {
			last = it.At
		}
		n++
	}
	if n == 0 {
		return time.Time{}, 0, nil
	}
	groups := make([]string, 0, len(counts))
	for g := range counts {
		groups = append(groups, g)
	}
	sort.Slice(groups, func(i, j int) bool {
		if counts[groups[i]] != counts[groups[j]] {
			return counts[groups[i]] > counts[groups[j]]
		}
		return groups[i] < groups[j]
	})
	if len(groups) > top+1 { // one left over gets its own name, not "other"
		groups = groups[:top]
	}
	index := map[string]int{}
	for i, g := range groups {
		index[g] = i
		series = append(series, Series{Name: g})
	}
	if len(counts) > len(groups) {
		series = append(series, Series{Name: other, Other: true})
	}
	start = step.Floor(first)
	bins = step.Index(start, last) + 1
	for i := range series {
		series[i].Values = make([]float64, bins)
	}
	for _, it := range items {
		if it.At.IsZero() {
			continue
		}
		k, ok := index[it.Group]
		if !ok {
			k = len(series) - 1
		}
		series[k].Values[step.Index(start, it.At)]++
	}
	return start, bins, series
}

// niceTicks returns about n round tick values (1, 2 or 5 times a power of
// ten) covering [0, max], the last at or above max.
func niceTicks(max float64, n int) []float64 {
	if max <= 0 || math.IsNaN(max) || math.IsInf(max, 0) {
		return []float64{0, 1}
	}
	return ticksBy(max, niceStep(max/float64(n)))
}

// countTicks is niceTicks for counts: whole steps only.
func countTicks(max float64, n int) []float64 {
	if max <= 0 || math.IsNaN(max) || math.IsInf(max, 0) {
		return []float64{0, 1}
	}
	return ticksBy(max, math.Max(1, niceStep(max/float64(n))))
}

// niceStep rounds raw up to 1, 2 or 5 times a power of ten.
func niceStep(raw float64) float64 {
	p := math.Pow(10, math.Floor(math.Log10(raw)))
	for _, m := range []float64{1, 2, 5} {
		if m*p >= raw {
			return m * p
		}
	}
	return 10 * p
}

// ticksBy returns the multiples of step from 0 to the first at or above max.
func ticksBy(max, step float64) []float64 {
	var ticks []float64
	for v := 0.0; ; v += step {
		ticks = append(ticks, v)
		if v >= max-step*1e-9 {
			break
		}
	}
	return ticks
}

// rangeTicks is niceTicks over [lo, hi]: round values from at or below lo
// to at or above hi.
func rangeTicks(lo, hi float64, n int) []float64 {
	if hi <= lo {
		if lo == 0 {
			return []float64{0, 1}
		}
		d := math.Abs(lo) * 0.1
		lo, hi = lo-d, hi+d
	}
	t := niceTicks(hi-lo, n)
	step := t[1] - t[0]
	v0 := math.Floor(lo/step) * step
	var ticks []float64
	for v := v0; ; v += step {
		ticks = append(ticks, v)
		if v >= hi-step*1e-9 {
			break
		}
	}
	return ticks
}

// timeTick is one labelled tick of a time axis.
type timeTick struct {
	at    time.Time
	label string
}

// timeTicks returns at most about max ticks between lo and hi on round
// boundaries: every n hours (labelled "15:00", "3 Mar" at midnight), every
// n days ("3 Mar"), or month starts ("Mar 2024").
func timeTicks(lo, hi time.Time, max int, daysOnly bool) []timeTick {
	span := hi.Sub(lo)
	var ticks []timeTick
	if span <= 4*24*time.Hour && !daysOnly {
		for _, h := range []int{1, 2, 3, 6, 12, 24, 48} {
			if int(span.Hours())/h <= max || h == 48 {
				t := lo.UTC().Truncate(time.Hour)
				for t.Hour()%h != 0 {
					t = t.Add(time.Hour)
				}
				for ; !t.After(hi); t = t.Add(time.Duration(h) * time.Hour) {
					if t.Before(lo) {
						continue
					}
					l := t.Format("15:04")
					if t.Hour() == 0 {
						l = t.Format("2 Jan")
					}
					ticks = append(ticks, timeTick{t, l})
				}
				return ticks
			}
		}
	}
	days := int(span.Hours() / 24)
	if days <= max*14 {
		for _, d := range []int{1, 2, 7, 14} {
			if days/d <= max || d == 14 {
				t := Day.Floor(lo)
				if t.Before(lo) {
					t = t.AddDate(0, 0, 1)
				}
				if d >= 7 { // on Mondays
					for t.Weekday() != time.Monday {
						t = t.AddDate(0, 0, 1)
					}
				}
				for ; !t.After(hi); t = t.AddDate(0, 0, d) {
					ticks = append(ticks, timeTick{t, t.Format("2 Jan")})
				}
				return ticks
			}
		}
	}
	months := int(span.Hours()/24/30) + 1
	every := 1
	for _, m := range []int{1, 2, 3, 6, 12, 24, 60} {
		every = m
		if months/m <= max {
			break
		}
	}
	t := Month.Floor(lo)
	if t.Before(lo) {
		t = t.AddDate(0, 1, 0)
	}
	for int(t.Month()-1)%every != 0 && every <= 12 {
		t = t.AddDate(0, 1, 0)
	}
	for ; !t.After(hi); t = t.AddDate(0, every, 0) {
		ticks = append(ticks, timeTick{t, t.Format("Jan 2006")})
	}
	return ticks
}
