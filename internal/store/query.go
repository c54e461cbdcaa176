package store

import (
	"fmt"
	"net/url"
	"strconv"
	"strings"
	"time"
)

// MaxLimit is the most results one search or list returns.
const MaxLimit = 100

// ParseSearch reads a search from query parameters, as both the web UI and
// the API take them: q, outlet, from, to (YYYY-MM-DD), entity (an entity ID
// or a name, which comes to the same ID), limit (1–100) and offset. A
// malformed value is an error wrapping ErrInvalid whose text can be shown to
// the user as it is.
func ParseSearch(v url.Values) (SearchQuery, error) {
	q := SearchQuery{
		Text:   strings.TrimSpace(v.Get("q")),
		Outlet: strings.TrimSpace(v.Get("outlet")),
		From:   strings.TrimSpace(v.Get("from")),
		To:     strings.TrimSpace(v.Get("to")),
		Limit:  20,
	}
	for _, f := range []struct{ name, val string }{{"q", q.Text}, {"outlet", q.Outlet}, {"entity", v.Get("entity")}, {"from", q.From}, {"to", q.To}} {
		if err := CheckText(f.name, f.val, false); err != nil {
			return q, err
		}
	}
	if len(q.Text) > 500 {
		return q, fmt.Errorf("%w: the search text is longer than 500 characters", ErrInvalid)
	}
	if err := CheckSearchText(q.Text); err != nil {
		return q, err
	}
	if e := strings.TrimSpace(v.Get("entity")); e != "" {
		q.Entity = EntityID(e)
	}
	for _, d := range []struct{ name, val string }{{"from", q.From}, {"to", q.To}} {
		if d.val == "" {
			continue
		}
		if _, err := time.Parse(time.DateOnly, d.val); err != nil {
			return q, fmt.Errorf("%w: %s must be a date like 2024-03-01, not %q", ErrInvalid, d.name, d.val)
		}
	}
	if q.From != "" && q.To != "" && q.From > q.To {
		return q, fmt.Errorf("%w: from (%s) is after to (%s)", ErrInvalid, q.From, q.To)
	}
	var err error
	if q.Limit, err = intParam(v, "limit", 20, 1, MaxLimit); err != nil {
		return q, err
	}
	if q.Offset, err = intParam(v, "offset", 0, 0, 10000); err != nil {
		return q, err
	}
	return q, nil
}

// Empty reports whether the search has neither text nor a filter.
func (q SearchQuery) Empty() bool {
	return q.Text == "" && q.Outlet == "" && q.From == "" && q.To == "" && q.Entity == ""
}

// IntParam reads the integer parameter name from v: def when absent, an
// error wrapping ErrInvalid when it is not a whole number in [lo, hi].
func IntParam(v url.Values, name string, def, lo, hi int) (int, error) {
	return intParam(v, name, def, lo, hi)
}

func intParam(v url.Values, name string, def, lo, hi int) (int, error) {
	s := strings.TrimSpace(v.Get(name))
	if s == "" {
		return def, nil
	}
	n, err := strconv.Atoi(s)
	if err != nil || n < lo || n > hi {
		return 0, fmt.Errorf("%w: %s must be a whole number from %d to %d, not %q", ErrInvalid, name, lo, hi, s)
	}
	return n, nil
}
