package auth

import (
	"sync"
	"time"
)

// Limiter counts failed sign-ins per key (a client address, a user name)
// and, past a number of them, refuses further tries for a time that
// doubles with every further failure. It forgets a key after a quiet
// while. It is safe for concurrent use.
type Limiter struct {
	// Free is how many failures a key has before it must wait.
	Free int
	// Base is the wait after the first failure past Free; each further
	// failure doubles it, up to Max.
	Base, Max time.Duration
	// Forget is how long after its last failure a key starts afresh.
	Forget time.Duration
	// Now is the clock (time.Now when nil).
	Now func() time.Time

	mu   sync.Mutex
	keys map[string]*failures
}

type failures struct {
	n    int
	last time.Time
}

// maxKeys bounds the limiter's memory under a flood of addresses: past it,
// keys whose wait is over are dropped first.
const maxKeys = 100_000

// NewLimiter returns the sign-in limiter: five free failures, then 30 s,
// 1 min, 2 min… up to 15 min, forgotten after an hour without failures.
func NewLimiter() *Limiter {
	return &Limiter{Free: 5, Base: 30 * time.Second, Max: 15 * time.Minute, Forget: time.Hour}
}

func (l *Limiter) now() time.Time {
	if l.Now != nil {
		return l.Now()
	}
	return time.Now()
}

// wait returns how long f must still wait at now.
func (l *Limiter) wait(f *failures, now time.Time) time.Duration {
	if f.n < l.Free {
		return 0
	}
	d := l.Base
	for i := l.Free; i < f.n && d < l.Max; i++ {
		d *= 2
	}
	d = min(d, l.Max)
	return max(f.last.Add(d).Sub(now), 0)
}

// Wait returns how long key must wait before it may try again; 0 when it
// may try now.
func (l *Limiter) Wait(key string) time.Duration {
	l.mu.Lock()
	defer l.mu.Unlock()
	f, ok := l.keys[key]
	if !ok {
		return 0
	}
	now := l.now()
	if now.Sub(f.last) > l.Forget {
		delete(l.keys, key)
		return 0
	}
	return l.wait(f, now)
}

// Fail records a failed try of key.
func (l *Limiter) Fail(key string) {
	l.mu.Lock()
	defer l.mu.Unlock()
	now := l.now()
	if l.keys == nil {
		l.keys = map[string]*failures{}
	}
	f, ok := l.keys[key]
	if !ok || now.Sub(f.last) > l.Forget {
		if len(l.keys) >= maxKeys {
			l.prune(now)
		}
		f = &failures{}
		l.keys[key] = f
	}
	f.n++
	f.last = now
}

// Reset forgets key's failures, after it succeeded.
func (l *Limiter) Reset(key string) {
	l.mu.Lock()
	defer l.mu.Unlock()
	delete(l.keys, key)
}

// prune drops keys that are forgotten or no longer waiting; if that frees
// nothing, it drops everything rather than grow without bound.
func (l *Limiter) prune(now time.Time) {
	for k, f := range l.keys {
		if now.Sub(f.last) > l.Forget || l.wait(f, now) == 0 {
			delete(l.keys, k)
		}
	}
	if len(l.keys) >= maxKeys {
		clear(l.keys)
	}
}
