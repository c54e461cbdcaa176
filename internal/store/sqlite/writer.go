package sqlite

import (
	"context"
	"crypto/rand"
	"database/sql"
	"errors"
	"fmt"
	"log/slog"
	"os"
	"sync"
	"time"

	msqlite "modernc.org/sqlite"
	sqlite3 "modernc.org/sqlite/lib"

	"github.com/storyline-news/storyline/internal/store"
)

var _ store.WriterLock = (*Store)(nil)

// writerTiming is how the writer lock polls, heartbeats and judges a holder
// dead. Open sets defaultWriterTiming; tests shorten it.
type writerTiming struct {
	poll      time.Duration // how often a waiter looks at the lock again
	heartbeat time.Duration // how often the holder refreshes heartbeat_at
	stale     time.Duration // heartbeat age past which the holder is dead
	// blocked is how long a waiter's BEGIN IMMEDIATE may wait before the
	// waiter takes it as a sign that the holder is alive and writing: a
	// holder cannot refresh its heartbeat during its own long write
	// transaction, so its heartbeat ages without its being dead.
	blocked time.Duration
}

var defaultWriterTiming = writerTiming{
	poll:      500 * time.Millisecond,
	heartbeat: 5 * time.Second,
	stale:     30 * time.Second,
	blocked:   time.Second,
}

// lockHolder is the writer_lock row.
type lockHolder struct {
	token  string
	hostID string
	store.Writer
}

// LockWriter takes the database's writer lock; see store.WriterLock.
//
// Every look at the lock is an immediate transaction, so reading the holder,
// judging it dead and replacing it are one step no other program can enter:
// two waiters cannot both take over the same dead holder.
func (s *Store) LockWriter(ctx context.Context, who string, onWait func(holder store.Writer)) (func() error, error) {
	host, err := os.Hostname()
	if err != nil {
		return nil, fmt.Errorf("sqlite: lock writer: %w", err)
	}
	me := lockHolder{
		token:  rand.Text(),
		hostID: hostID(host),
		Writer: store.Writer{PID: os.Getpid(), Host: host, Command: who},
	}
	var (
		waited  bool
		holder  lockHolder
		aliveAt time.Time // when the holder was last seen writing, though its heartbeat may say otherwise
	)
	for {
		got, h, err := s.tryLockWriter(ctx, me, &aliveAt)
		switch {
		case got:
			return s.keepWriterLock(me.token), nil
		case err == nil:
			holder = h
			if !waited && onWait != nil {
				onWait(h.Writer)
			}
			waited = true
		case ctx.Err() == nil && isBusy(err):
			// Another write transaction outlasted busy_timeout: the
			// holder is at work. aliveAt was set; look again.
		case ctx.Err() != nil:
			return nil, s.lockWaitErr(ctx, holder)
		default:
			return nil, fmt.Errorf("sqlite: lock writer: %w", err)
		}
		select {
		case <-ctx.Done():
			return nil, s.lockWaitErr(ctx, holder)
		case <-time.After(s.writer.poll):
		}
	}
}

func (s *Store) lockWaitErr(ctx context.Context, holder lockHolder) error {
	if holder.token == "" {
		return fmt.Errorf("sqlite: lock writer: %w", ctx.Err())
	}
	return fmt.Errorf("sqlite: lock writer: still held by %s: %w", holder.Writer, ctx.Err())
}

// tryLockWriter looks at the lock once, in one immediate transaction, and
// takes it for me if it is free or its holder is dead. Otherwise it returns
// the live holder. A BEGIN that had to wait long (or failed busy) moves
// *aliveAt to now, since the holder was most likely writing meanwhile.
func (s *Store) tryLockWriter(ctx context.Context, me lockHolder, aliveAt *time.Time) (got bool, holder lockHolder, err error) {
	began := time.Now()
	tx, err := s.db.BeginTx(ctx, nil)
	if time.Since(began) >= s.writer.blocked || isBusy(err) {
		*aliveAt = s.now()
	}
	if err != nil {
		return false, holder, err
	}
	defer tx.Rollback()

	var started, beat string
	err = tx.QueryRowContext(ctx, `SELECT token, pid, host, host_id, command, started_at, heartbeat_at FROM writer_lock WHERE id = 1`).
		Scan(&holder.token, &holder.PID, &holder.Host, &holder.hostID, &holder.Command, &started, &beat)
	now := s.now().Format(timeFormat)
	switch {
	case errors.Is(err, sql.ErrNoRows):
		_, err = tx.ExecContext(ctx, `INSERT INTO writer_lock (id, token, pid, host, host_id, command, started_at, heartbeat_at)
			VALUES (1, ?, ?, ?, ?, ?, ?, ?)`, me.token, me.PID, me.Host, me.hostID, me.Command, now, now)
		if err != nil {
			return false, holder, err
		}
	case err != nil:
		return false, holder, err
	default:
		// An unreadable time parses as zero: a holder with a garbled
		// heartbeat is stale, which is what lets the lock be recovered.
		holder.Started, _ = time.Parse(timeFormat, started)
		holder.Heartbeat, _ = time.Parse(timeFormat, beat)
		if !s.writerDead(holder, me.hostID, *aliveAt) {
			return false, holder, nil
		}
		res, err := tx.ExecContext(ctx, `UPDATE writer_lock SET token = ?, pid = ?, host = ?, host_id = ?, command = ?,
			started_at = ?, heartbeat_at = ? WHERE id = 1 AND token = ?`,
			me.token, me.PID, me.Host, me.hostID, me.Command, now, now, holder.token)
		if err != nil {
			return false, holder, err
		}
		if n, err := res.RowsAffected(); err != nil || n != 1 {
			// Cannot happen inside the immediate transaction; if it
			// did, someone else holds the lock now: wait for them.
			return false, holder, err
		}
		slog.Warn("took over the writer lock from a dead holder",
			slog.Int("pid", holder.PID), slog.String("host", holder.Host),
			slog.String("command", holder.Command), slog.Time("heartbeat", holder.Heartbeat))
	}
	if err := tx.Commit(); err != nil {
		return false, lockHolder{}, err
	}
	return true, holder, nil
}

// writerDead reports whether holder h can no longer be writing: it ran on
// this machine (hostID) and its process is gone, or its heartbeat, or
// aliveAt if later, is older than the stale limit.
func (s *Store) writerDead(h lockHolder, hostID string, aliveAt time.Time) bool {
	if h.hostID == hostID && processGone(h.PID) {
		return true
	}
	last := h.Heartbeat
	if aliveAt.After(last) {
		last = aliveAt
	}
	return s.now().Sub(last) > s.writer.stale
}

// isBusy reports whether err is SQLite's "database is locked".
func isBusy(err error) bool {
	var e *msqlite.Error
	return errors.As(err, &e) && e.Code()&0xff == sqlite3.SQLITE_BUSY
}

// writerLease is a held writer lock: it refreshes the heartbeat until
// released, lost, or the Store closes.
type writerLease struct {
	s     *Store
	token string
	stop  chan struct{}
	done  chan struct{}
	once  sync.Once
	err   error
}

// keepWriterLock starts the heartbeat of the lock taken with token and
// returns its release function.
func (s *Store) keepWriterLock(token string) func() error {
	l := &writerLease{s: s, token: token, stop: make(chan struct{}), done: make(chan struct{})}
	go l.beat()
	return l.release
}

func (l *writerLease) beat() {
	defer close(l.done)
	tick := time.NewTicker(l.s.writer.heartbeat)
	defer tick.Stop()
	for {
		select {
		case <-l.stop:
			return
		case <-l.s.closed:
			return
		case <-tick.C:
		}
		res, err := l.s.db.Exec(`UPDATE writer_lock SET heartbeat_at = ? WHERE id = 1 AND token = ?`,
			l.s.now().Format(timeFormat), l.token)
		if err != nil {
			// A missed beat is not fatal: the stale limit allows several.
			slog.Warn("writer lock heartbeat failed", slog.Any("error", err))
			continue
		}
		if n, err := res.RowsAffected(); err == nil && n == 0 {
			// release will report it; beating on would change nothing.
			slog.Error("the writer lock was taken over by another program", slog.Any("error", store.ErrWriterLost))
			return
		}
	}
}

// release stops the heartbeat and deletes the lock row if it is still ours.
func (l *writerLease) release() error {
	l.once.Do(func() {
		close(l.stop)
		<-l.done
		res, err := l.s.db.Exec(`DELETE FROM writer_lock WHERE id = 1 AND token = ?`, l.token)
		if err != nil {
			l.err = fmt.Errorf("sqlite: release writer lock: %w", err)
			return
		}
		if n, err := res.RowsAffected(); err == nil && n == 0 {
			l.err = fmt.Errorf("sqlite: release writer lock: %w", store.ErrWriterLost)
		}
	})
	return l.err
}
