package timex

import (
	"hash/fnv"
	"sync"
)

// Cache keeps the date expressions found in article bodies, so that an
// article settled again with new neighbours (see internal/pipeline's
// settling) is not read again: finding expressions is most of a Dater's
// cost, and they depend on the body alone. It holds at most its capacity
// and is safe for concurrent use.
type Cache struct {
	mu  sync.Mutex
	cap int
	m   map[[16]byte][]expr
}

// NewCache returns a cache of the expressions of up to n bodies.
func NewCache(n int) *Cache { return &Cache{cap: max(n, 1), m: map[[16]byte][]expr{}} }

// exprs returns the expressions of body, from the cache when it has them.
func (c *Cache) exprs(body []string) []expr {
	if c == nil {
		return findExprs(body)
	}
	h := fnv.New128a()
	for _, p := range body {
		h.Write([]byte(p))
		h.Write([]byte{0})
	}
	var k [16]byte
	h.Sum(k[:0])
	c.mu.Lock()
	e, ok := c.m[k]
	c.mu.Unlock()
	if ok {
		return e
	}
	e = findExprs(body)
	c.mu.Lock()
	if len(c.m) >= c.cap {
		clear(c.m) // a new generation: simpler than LRU, and as bounded
	}
	c.m[k] = e
	c.mu.Unlock()
	return e
}
