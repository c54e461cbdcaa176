package fetch

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"net/url"
	"slices"
	"strings"
	"sync"
	"time"
)

// How long a robots.txt answer is kept. RFC 9309 asks crawlers not to
// keep one more than a day; an unreachable robots.txt (a 5xx, a 429, a
// network error), which means "disallow everything", is asked again soon.
const (
	robotsTTL       = 24 * time.Hour
	robotsFailedTTL = 10 * time.Minute
	robotsMaxParse  = 512 << 10 // RFC 9309: parse at least the first 500 KiB
	robotsMaxHosts  = 4096      // entries kept before expired ones are swept
	// robotsFetchTimeout bounds one robots.txt fetch, its waits for the
	// host's turn included.
	robotsFetchTimeout = 2 * time.Minute
)

// robotsCache fetches robots.txt through the client itself (so with every
// check and limit) and keeps the rules for our user agent per origin.
// Concurrent requests to one origin wait for a single fetch.
type robotsCache struct {
	c     *Client
	agent string // product token of our User-Agent, lower case

	mu      sync.Mutex
	origins map[string]*robotsEntry
}

type robotsEntry struct {
	ready   chan struct{} // closed once rules and expires are set
	rules   robotsRules
	expires time.Time
}

func newRobotsCache(c *Client) *robotsCache {
	return &robotsCache{c: c, agent: productToken(c.cfg.UserAgent), origins: map[string]*robotsEntry{}}
}

// productToken is the name a robots.txt group addresses us by: the
// User-Agent's first word, up to its version ("Storyline/1 (...)" →
// "storyline").
func productToken(ua string) string {
	end := strings.IndexFunc(ua, func(r rune) bool {
		return !(r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r == '-' || r == '_')
	})
	if end >= 0 {
		ua = ua[:end]
	}
	return strings.ToLower(ua)
}

// allowed returns nil when robots.txt of u's origin lets us fetch u, else
// an error wrapping ErrRobots.
func (rc *robotsCache) allowed(ctx context.Context, u *url.URL) error {
	path := u.EscapedPath()
	if path == "" {
		path = "/"
	}
	if path == "/robots.txt" {
		return nil
	}
	if u.RawQuery != "" {
		path += "?" + u.RawQuery
	}
	rules, err := rc.rules(ctx, u)
	if err != nil {
		return err
	}
	if !rules.allows(path) {
		return fmt.Errorf("%w: %s", ErrRobots, path)
	}
	return nil
}

// rules returns the cached rules of u's origin, fetching them when absent
// or expired.
func (rc *robotsCache) rules(ctx context.Context, u *url.URL) (robotsRules, error) {
	origin := u.Scheme + "://" + strings.ToLower(u.Host)
	now := rc.c.now()
	rc.mu.Lock()
	e := rc.origins[origin]
	if e != nil {
		select {
		case <-e.ready:
			if now.After(e.expires) {
				e = nil
			}
		default: // being fetched
		}
	}
	owner := e == nil
	if owner {
		if len(rc.origins) >= robotsMaxHosts {
			rc.sweep(now)
		}
		e = &robotsEntry{ready: make(chan struct{})}
		rc.origins[origin] = e
	}
	rc.mu.Unlock()

	if owner {
		// The fetch outlives a caller that gives up: its answer is for
		// every request to the origin, and a cancelled fetch must not be
		// cached as "unreachable, disallow everything".
		go func() {
			fctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), robotsFetchTimeout)
			defer cancel()
			e.rules, e.expires = rc.fetch(fctx, origin)
			close(e.ready)
		}()
	}
	select {
	case <-e.ready:
		return e.rules, nil
	case <-ctx.Done():
		return robotsRules{}, ctx.Err()
	}
}

// sweep drops expired entries. rc.mu is held.
func (rc *robotsCache) sweep(now time.Time) {
	for k, e := range rc.origins {
		select {
		case <-e.ready:
			if now.After(e.expires) {
				delete(rc.origins, k)
			}
		default:
		}
	}
}

// fetch gets and parses origin's robots.txt. Per RFC 9309: a 4xx means no
// rules; a 5xx, 429 or a failure to connect means everything is
// disallowed, for a short while.
func (rc *robotsCache) fetch(ctx context.Context, origin string) (robotsRules, time.Time) {
	now := rc.c.now()
	resp, err := rc.c.Get(ctx, Request{URL: origin + "/robots.txt", Accept: "text/plain"})
	switch {
	case err == nil && resp.Status/100 == 2:
		body := resp.Body
		if len(body) > robotsMaxParse {
			body = body[:robotsMaxParse]
		}
		return parseRobots(body, rc.agent), now.Add(robotsTTL)
	case errors.Is(err, ErrStatus) && resp.Status/100 == 4 && resp.Status != 429:
		return robotsRules{}, now.Add(robotsTTL)
	}
	return robotsRules{disallowAll: true}, now.Add(robotsFailedTTL)
}

// robotsRules are the rules of the group that applies to us.
type robotsRules struct {
	disallowAll bool // robots.txt could not be had
	rules       []robotsRule
}

type robotsRule struct {
	pattern string // percent-encoded; '*' any run, a final '$' the end
	allow   bool
}

// allows applies RFC 9309's matching: the rule with the longest matching
// pattern decides, allow winning a tie; no matching rule allows.
func (r robotsRules) allows(path string) bool {
	if r.disallowAll {
		return false
	}
	best, allow := -1, true
	for _, rule := range r.rules {
		if len(rule.pattern) < best || !matchRobots(rule.pattern, path) {
			continue
		}
		if len(rule.pattern) > best || rule.allow {
			best, allow = len(rule.pattern), rule.allow
		}
	}
	return allow
}

// matchRobots reports whether pattern matches the start of path ('*'
// matches any run of characters; a final '$' anchors at the end).
func matchRobots(pattern, path string) bool {
	anchored := strings.HasSuffix(pattern, "$")
	if anchored {
		pattern = pattern[:len(pattern)-1]
	} else {
		pattern += "*"
	}
	// Glob matching with backtracking to the last star: O(len·len).
	p, s, star, mark := 0, 0, -1, 0
	for s < len(path) {
		switch {
		case p < len(pattern) && pattern[p] == '*':
			star, mark = p, s
			p++
		case p < len(pattern) && pattern[p] == path[s]:
			p++
			s++
		case star >= 0:
			mark++
			p, s = star+1, mark
		default:
			return false
		}
	}
	for p < len(pattern) && pattern[p] == '*' {
		p++
	}
	return p == len(pattern)
}

// parseRobots reads robots.txt and keeps the rules of the groups naming
// agent, or else those of the groups for "*". Lines it does not know are
// ignored, as RFC 9309 asks.
func parseRobots(body []byte, agent string) robotsRules {
	type group struct {
		agents []string // lower case
		rules  []robotsRule
	}
	var groups []*group
	var cur *group
	inAgents := false // the previous line was a user-agent line
	for line := range bytes.Lines(body) {
		if i := bytes.IndexByte(line, '#'); i >= 0 {
			line = line[:i]
		}
		key, value, ok := bytes.Cut(line, []byte(":"))
		if !ok {
			continue
		}
		k := strings.ToLower(string(bytes.TrimSpace(key)))
		v := string(bytes.TrimSpace(value))
		switch k {
		case "user-agent":
			if !inAgents || cur == nil {
				cur = &group{}
				groups = append(groups, cur)
			}
			cur.agents = append(cur.agents, strings.ToLower(v))
			inAgents = true
		case "allow", "disallow":
			inAgents = false
			if cur == nil || v == "" { // an empty disallow allows everything: no rule
				continue
			}
			cur.rules = append(cur.rules, robotsRule{pattern: encodePattern(v), allow: k == "allow"})
		default:
			inAgents = false
		}
	}
	// The groups naming us apply, merged; only when none does, those for
	// "*". A group for us with no rules still means "everything allowed".
	for _, match := range []func(string) bool{
		func(a string) bool { return agent != "" && productToken(a) == agent },
		func(a string) bool { return a == "*" },
	} {
		var out robotsRules
		found := false
		for _, g := range groups {
			if slices.ContainsFunc(g.agents, match) {
				found = true
				out.rules = append(out.rules, g.rules...)
			}
		}
		if found {
			return out
		}
	}
	return robotsRules{}
}

// encodePattern percent-encodes the bytes of a pattern that a URL's
// escaped path would carry encoded, so the two compare byte for byte.
func encodePattern(p string) string {
	var b strings.Builder
	for i := 0; i < len(p); i++ {
		c := p[i]
		if c >= 0x80 || c <= ' ' {
			fmt.Fprintf(&b, "%%%02X", c)
			continue
		}
		b.WriteByte(c)
	}
	return b.String()
}
