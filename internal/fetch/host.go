package fetch

import (
	"context"
	"sync"
	"time"
)

// hostGates holds, per host, the number of requests in flight and the
// earliest time the next one may start. A host with nothing in flight and
// no wait pending is forgotten, so the map holds only busy hosts.
type hostGates struct {
	interval time.Duration
	limit    int

	mu      sync.Mutex
	hosts   map[string]*hostGate
	sweepAt int // map size at which idle hosts are next swept out
}

type hostGate struct {
	slots chan struct{} // one token per request in flight
	next  time.Time     // when the next request may start
	users int           // requests holding or waiting for this gate
}

func newHostGates(interval time.Duration, limit int) *hostGates {
	return &hostGates{interval: interval, limit: limit, hosts: map[string]*hostGate{}, sweepAt: minSweep}
}

const minSweep = 256

// sweep forgets the hosts nobody uses whose interval has passed. The next
// sweep waits until the map has doubled, so sweeping costs O(1) a request.
// g.mu is held.
func (g *hostGates) sweep(now time.Time) {
	for k, h := range g.hosts {
		if h.users == 0 && !h.next.After(now) {
			delete(g.hosts, k)
		}
	}
	g.sweepAt = max(minSweep, 2*len(g.hosts))
}

// acquire waits until a request to host may start: a slot is free and the
// interval since the previous start has passed. It returns the function
// that frees the slot, or ctx's error.
func (g *hostGates) acquire(ctx context.Context, host string) (func(), error) {
	g.mu.Lock()
	if len(g.hosts) >= g.sweepAt {
		g.sweep(time.Now())
	}
	h := g.hosts[host]
	if h == nil {
		h = &hostGate{slots: make(chan struct{}, g.limit)}
		g.hosts[host] = h
	}
	h.users++
	g.mu.Unlock()

	select {
	case h.slots <- struct{}{}:
	case <-ctx.Done():
		g.leave(host, h)
		return nil, ctx.Err()
	}
	release := func() {
		<-h.slots
		g.leave(host, h)
	}
	if g.interval <= 0 {
		return release, nil
	}
	g.mu.Lock()
	now := time.Now()
	start := h.next
	if start.Before(now) {
		start = now
	}
	h.next = start.Add(g.interval)
	g.mu.Unlock()
	if wait := start.Sub(now); wait > 0 {
		t := time.NewTimer(wait)
		defer t.Stop()
		select {
		case <-t.C:
		case <-ctx.Done():
			release()
			return nil, ctx.Err()
		}
	}
	return release, nil
}

// leave drops one user of h, forgetting the host when it is idle and its
// interval has passed.
func (g *hostGates) leave(host string, h *hostGate) {
	g.mu.Lock()
	defer g.mu.Unlock()
	h.users--
	if h.users == 0 && !h.next.After(time.Now()) && g.hosts[host] == h {
		delete(g.hosts, host)
	}
}
