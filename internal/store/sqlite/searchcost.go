package sqlite

import (
	"context"
	"errors"
	"fmt"
	"runtime"
	"time"

	"github.com/storyline-news/storyline/internal/store"
)

// A search's cost is bounded three ways: store.CheckSearchText bounds what
// one search may ask for; a deadline stops one that runs long anyway (the
// driver interrupts SQLite when the context ends); and a cap on searches
// running at once keeps the connections and CPUs for everything else, so a
// burst of searches cannot make pages wait behind them.
type searchLimits struct {
	slots   chan struct{} // one per search running
	wait    time.Duration // how long a search waits for a slot
	timeout time.Duration // how long one search may run
}

func newSearchLimits() searchLimits {
	return searchLimits{
		slots:   make(chan struct{}, max(2, runtime.GOMAXPROCS(0))),
		wait:    2 * time.Second,
		timeout: 3 * time.Second,
	}
}

// startSearch takes a slot, waiting briefly for one, and returns the
// search's context with its deadline and the function that gives the slot
// back. With no slot free in time it fails with store.ErrBusy.
func (s *Store) startSearch(ctx context.Context) (context.Context, func(), error) {
	l := s.search
	t := time.NewTimer(l.wait)
	defer t.Stop()
	select {
	case l.slots <- struct{}{}:
	case <-t.C:
		return nil, nil, fmt.Errorf("sqlite: search: %w: %d searches are running; try again in a moment", store.ErrBusy, cap(l.slots))
	case <-ctx.Done():
		return nil, nil, fmt.Errorf("sqlite: search: %w", ctx.Err())
	}
	sctx, cancel := context.WithTimeout(ctx, l.timeout)
	return sctx, func() { cancel(); <-l.slots }, nil
}

// searchFailed wraps err from a search run under sctx, made from the
// caller's ctx: a search stopped by its own deadline is store.ErrBusy.
func (s *Store) searchFailed(ctx, sctx context.Context, err error) error {
	if ctx.Err() == nil && errors.Is(sctx.Err(), context.DeadlineExceeded) {
		return fmt.Errorf("sqlite: search: %w: it ran longer than %s; use fewer or longer words", store.ErrBusy, s.search.timeout)
	}
	return fmt.Errorf("sqlite: search: %w", err)
}
