package sqlite

import (
	"bufio"
	"context"
	"errors"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"sync/atomic"
	"testing"
	"time"

	"github.com/storyline-news/storyline/internal/store"
)

// fastLock is writer lock timing for tests: quick polls and heartbeats, and
// a stale limit long enough that no test passes because a heartbeat aged.
var fastLock = writerTiming{poll: 20 * time.Millisecond, heartbeat: 50 * time.Millisecond, stale: time.Minute, blocked: time.Second}

// openAt opens another Store on the file at path with the given lock timing.
func openAt(t testing.TB, path string, timing writerTiming) *Store {
	t.Helper()
	s, err := Open(context.Background(), path)
	if err != nil {
		t.Fatalf("Open: %v", err)
	}
	s.writer = timing
	t.Cleanup(func() { s.Close() })
	return s
}

// lockRow reads the writer_lock row (zero when there is none) and how many
// rows the table has.
func lockRow(t testing.TB, s *Store) (lockHolder, int) {
	t.Helper()
	var h lockHolder
	var n int
	var beat string
	ctx := context.Background()
	if err := s.db.QueryRowContext(ctx, `SELECT count(*) FROM writer_lock`).Scan(&n); err != nil {
		t.Fatal(err)
	}
	if n > 0 {
		if err := s.db.QueryRowContext(ctx, `SELECT token, pid, host, host_id, command, heartbeat_at FROM writer_lock`).
			Scan(&h.token, &h.PID, &h.Host, &h.hostID, &h.Command, &beat); err != nil {
			t.Fatal(err)
		}
		h.Heartbeat, _ = time.Parse(timeFormat, beat)
	}
	return h, n
}

// putHolder writes h as the lock's holder, as another program would have.
func putHolder(t testing.TB, s *Store, h lockHolder) {
	t.Helper()
	if _, err := s.db.Exec(`INSERT OR REPLACE INTO writer_lock (id, token, pid, host, host_id, command, started_at, heartbeat_at)
		VALUES (1, ?, ?, ?, ?, ?, ?, ?)`, h.token, h.PID, h.Host, h.hostID, h.Command,
		h.Started.UTC().Format(timeFormat), h.Heartbeat.UTC().Format(timeFormat)); err != nil {
		t.Fatal(err)
	}
}

// deadPID returns the pid of a process of this machine that has exited and
// been reaped.
func deadPID(t testing.TB) int {
	t.Helper()
	if runtime.GOOS == "windows" || runtime.GOOS == "plan9" {
		t.Skip("no way to check a pid here")
	}
	cmd := exec.Command(os.Args[0], "-test.run=^$")
	if err := cmd.Run(); err != nil {
		t.Fatalf("running a short-lived process: %v", err)
	}
	pid := cmd.Process.Pid
	if !processGone(pid) {
		t.Fatalf("pid %d exists after its process exited and was reaped", pid)
	}
	return pid
}

type lockResult struct {
	release func() error
	err     error
}

func TestLockWriterWaitsForRelease(t *testing.T) {
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "storyline.db")
	first, second := openAt(t, path, fastLock), openAt(t, path, fastLock)

	release1, err := first.LockWriter(ctx, "first", func(h store.Writer) { t.Errorf("first LockWriter waited for %s", h) })
	if err != nil {
		t.Fatal(err)
	}
	var calls atomic.Int32
	var seen store.Writer
	waiting := make(chan struct{})
	got := make(chan lockResult, 1)
	go func() {
		r, err := second.LockWriter(ctx, "second", func(h store.Writer) {
			if calls.Add(1) == 1 {
				seen = h
				close(waiting)
			}
		})
		got <- lockResult{r, err}
	}()
	select {
	case <-waiting:
	case r := <-got:
		t.Fatalf("second LockWriter returned (err %v) while the first held the lock", r.err)
	case <-time.After(10 * time.Second):
		t.Fatal("second LockWriter neither waited nor returned")
	}
	host, _ := os.Hostname()
	if seen.PID != os.Getpid() || seen.Command != "first" || seen.Host != host || seen.Started.IsZero() {
		t.Errorf("onWait holder = %+v, want pid %d on %s running first", seen, os.Getpid(), host)
	}

	// It keeps waiting over many polls, and the holder's heartbeat moves.
	select {
	case r := <-got:
		t.Fatalf("second LockWriter returned (err %v) while the first held the lock", r.err)
	case <-time.After(20 * fastLock.poll):
	}
	if h, _ := lockRow(t, first); !h.Heartbeat.After(seen.Heartbeat) {
		t.Errorf("heartbeat %v did not move on from %v while held", h.Heartbeat, seen.Heartbeat)
	}

	if err := release1(); err != nil {
		t.Fatalf("release first: %v", err)
	}
	var r lockResult
	select {
	case r = <-got:
	case <-time.After(10 * time.Second):
		t.Fatal("second LockWriter did not get the released lock")
	}
	if r.err != nil {
		t.Fatalf("second LockWriter: %v", r.err)
	}
	if n := calls.Load(); n != 1 {
		t.Errorf("onWait called %d times, want once", n)
	}
	if h, n := lockRow(t, first); n != 1 || h.Command != "second" {
		t.Errorf("lock row = %+v (%d rows), want held by second", h, n)
	}
	if err := r.release(); err != nil {
		t.Fatalf("release second: %v", err)
	}
	if _, n := lockRow(t, first); n != 0 {
		t.Errorf("%d lock rows after release, want none", n)
	}
	if err := r.release(); err != nil {
		t.Errorf("second release call: %v, want nil", err)
	}
}

func TestLockWriterGivesUpWithContext(t *testing.T) {
	tests := []struct {
		name    string
		ctx     func() (context.Context, context.CancelFunc)
		cancel  bool // cancel from onWait
		wantErr error
	}{
		{"cancelled while waiting", func() (context.Context, context.CancelFunc) { return context.WithCancel(context.Background()) }, true, context.Canceled},
		{"deadline while waiting", func() (context.Context, context.CancelFunc) {
			return context.WithTimeout(context.Background(), 200*time.Millisecond)
		}, false, context.DeadlineExceeded},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			path := filepath.Join(t.TempDir(), "storyline.db")
			first, second := openAt(t, path, fastLock), openAt(t, path, fastLock)
			release1, err := first.LockWriter(context.Background(), "first", nil)
			if err != nil {
				t.Fatal(err)
			}
			ctx, cancel := tt.ctx()
			defer cancel()
			waited := 0
			release, err := second.LockWriter(ctx, "second", func(store.Writer) {
				waited++
				if tt.cancel {
					cancel()
				}
			})
			if !errors.Is(err, tt.wantErr) || release != nil {
				t.Fatalf("LockWriter = (release %v, %v), want %v", release != nil, err, tt.wantErr)
			}
			if waited != 1 {
				t.Errorf("onWait called %d times, want once", waited)
			}
			if err := release1(); err != nil {
				t.Errorf("the holder's release after a waiter gave up: %v", err)
			}
		})
	}
}

func TestLockWriterTakesOverDeadHolder(t *testing.T) {
	host, _ := os.Hostname()
	now := time.Now()
	tests := []struct {
		name     string
		holder   func(t *testing.T) lockHolder
		takeOver bool
	}{
		{"stale heartbeat on another host", func(*testing.T) lockHolder {
			return lockHolder{"old", "elsewhere", store.Writer{PID: 4242, Host: "elsewhere", Command: "ingest",
				Started: now.Add(-time.Hour), Heartbeat: now.Add(-2 * fastLock.stale)}}
		}, true},
		{"dead pid on this host", func(t *testing.T) lockHolder {
			return lockHolder{"old", hostID(host), store.Writer{PID: deadPID(t), Host: host, Command: "ingest",
				Started: now, Heartbeat: now}}
		}, true},
		{"live holder on another host", func(*testing.T) lockHolder {
			return lockHolder{"old", "elsewhere", store.Writer{PID: 4242, Host: "elsewhere", Command: "ingest",
				Started: now, Heartbeat: now.Add(time.Hour)}}
		}, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			path := filepath.Join(t.TempDir(), "storyline.db")
			s := openAt(t, path, fastLock)
			old := tt.holder(t)
			putHolder(t, s, old)
			ctx, cancel := context.WithTimeout(context.Background(), 500*time.Millisecond)
			defer cancel()
			var waitedFor []int
			release, err := s.LockWriter(ctx, "taker", func(h store.Writer) { waitedFor = append(waitedFor, h.PID) })
			h, _ := lockRow(t, s)
			if !tt.takeOver {
				if !errors.Is(err, context.DeadlineExceeded) {
					t.Fatalf("LockWriter = %v, want to wait until the deadline", err)
				}
				if len(waitedFor) != 1 || waitedFor[0] != old.PID {
					t.Errorf("onWait holders = %v, want [%d]", waitedFor, old.PID)
				}
				if h.token != old.token {
					t.Errorf("lock row = %+v, want the live holder's", h)
				}
				return
			}
			if err != nil {
				t.Fatalf("LockWriter: %v", err)
			}
			if len(waitedFor) != 0 {
				t.Errorf("onWait called for %v; a dead holder is taken over without waiting", waitedFor)
			}
			if h.token == old.token || h.PID != os.Getpid() || h.Command != "taker" {
				t.Errorf("lock row = %+v, want taken over by pid %d", h, os.Getpid())
			}
			if err := release(); err != nil {
				t.Errorf("release: %v", err)
			}
		})
	}
}

func TestReleaseAfterTakeover(t *testing.T) {
	s, _ := openTemp(t)
	s.writer = fastLock
	release, err := s.LockWriter(context.Background(), "ingest", nil)
	if err != nil {
		t.Fatal(err)
	}
	// Another program judged this one dead and took the lock.
	if _, err := s.db.Exec(`UPDATE writer_lock SET token = 'other', pid = 4242`); err != nil {
		t.Fatal(err)
	}
	if err := release(); !errors.Is(err, store.ErrWriterLost) {
		t.Errorf("release = %v, want ErrWriterLost", err)
	}
	if h, n := lockRow(t, s); n != 1 || h.token != "other" {
		t.Errorf("lock row = %+v (%d rows); release must leave the new holder's row", h, n)
	}
}

// TestLockWriterWaitsOutLongWrite: a holder cannot refresh its heartbeat
// during a long write transaction. A waiter blocked by that transaction
// must give the holder a full stale period after it, not take over the
// moment the transaction ends because the heartbeat looks old.
func TestLockWriterWaitsOutLongWrite(t *testing.T) {
	timing := writerTiming{poll: 20 * time.Millisecond, heartbeat: 50 * time.Millisecond, stale: 500 * time.Millisecond, blocked: 200 * time.Millisecond}
	path := filepath.Join(t.TempDir(), "storyline.db")
	s, writer := openAt(t, path, timing), openAt(t, path, timing)
	now := time.Now()
	putHolder(t, s, lockHolder{"old", "elsewhere", store.Writer{PID: 4242, Host: "elsewhere", Command: "ingest",
		Started: now.Add(-time.Hour), Heartbeat: now.Add(-time.Minute)}})

	tx, err := writer.db.BeginTx(context.Background(), nil)
	if err != nil {
		t.Fatal(err)
	}
	committed := make(chan time.Time, 1)
	go func() {
		time.Sleep(4 * timing.blocked)
		committed <- time.Now()
		tx.Commit()
	}()
	waited := 0
	release, err := s.LockWriter(context.Background(), "taker", func(store.Writer) { waited++ })
	took := time.Now()
	if err != nil {
		t.Fatal(err)
	}
	defer release()
	if waited != 1 {
		t.Errorf("onWait called %d times, want once", waited)
	}
	// The time was taken before the commit LockWriter waited on.
	if d := took.Sub(<-committed); d < timing.stale {
		t.Errorf("took over %v after the long write ended, want at least the stale limit %v", d, timing.stale)
	}
}

func TestWriterDead(t *testing.T) {
	host, _ := os.Hostname()
	here := hostID(host)
	now := time.Date(2024, 3, 2, 16, 40, 2, 0, time.UTC)
	s := &Store{now: func() time.Time { return now }, writer: writerTiming{stale: 30 * time.Second}}
	dead := deadPID(t)
	tests := []struct {
		name    string
		hostID  string
		pid     int
		age     time.Duration // of the heartbeat
		aliveAt time.Duration // how long ago the waiter saw it writing; 0 for never
		want    bool
	}{
		{"fresh heartbeat elsewhere", "elsewhere", 4242, time.Second, 0, false},
		{"stale heartbeat elsewhere", "elsewhere", 4242, time.Minute, 0, true},
		{"stale heartbeat, seen writing just now", "elsewhere", 4242, time.Minute, 5 * time.Second, false},
		{"stale heartbeat, seen writing long ago", "elsewhere", 4242, time.Minute, 40 * time.Second, true},
		{"a pid dead here means nothing elsewhere", "elsewhere", dead, time.Second, 0, false},
		{"dead pid here", here, dead, time.Second, 0, true},
		{"live pid here", here, os.Getpid(), time.Second, 0, false},
		{"no pid here", here, 0, time.Second, 0, false},
		{"live pid here, stale heartbeat", here, os.Getpid(), time.Minute, 0, true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			h := lockHolder{token: "t", hostID: tt.hostID, Writer: store.Writer{PID: tt.pid, Heartbeat: now.Add(-tt.age)}}
			var aliveAt time.Time
			if tt.aliveAt > 0 {
				aliveAt = now.Add(-tt.aliveAt)
			}
			if got := s.writerDead(h, here, aliveAt); got != tt.want {
				t.Errorf("writerDead = %v, want %v", got, tt.want)
			}
		})
	}
}

// childEnv, when set to a database path, makes TestLockWriterAfterKill the
// child that holds the lock and is killed.
const childEnv = "STORYLINE_TEST_WRITER_CHILD"

// TestLockWriterAfterKill runs a real second process that takes the lock
// and keeps writing, kills it with SIGKILL, and takes the lock at once: its
// pid is gone from this host. The database must come through intact.
func TestLockWriterAfterKill(t *testing.T) {
	if path := os.Getenv(childEnv); path != "" {
		holdLockAndWrite(t, path)
		return
	}
	if runtime.GOOS == "windows" || runtime.GOOS == "plan9" {
		t.Skip("no SIGKILL or pid check here")
	}
	path := filepath.Join(t.TempDir(), "storyline.db")
	cmd := exec.Command(os.Args[0], "-test.run=^TestLockWriterAfterKill$", "-test.count=1")
	cmd.Env = append(os.Environ(), childEnv+"="+path)
	cmd.Stderr = os.Stderr
	out, err := cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	exited := false
	t.Cleanup(func() {
		if !exited {
			cmd.Process.Kill()
			cmd.Wait()
		}
	})
	locked := make(chan bool, 1)
	go func() {
		sc := bufio.NewScanner(out)
		for sc.Scan() {
			if sc.Text() == "locked" {
				locked <- true
				return
			}
		}
		locked <- false
	}()
	select {
	case ok := <-locked:
		if !ok {
			t.Fatal("the child ended without taking the lock")
		}
	case <-time.After(30 * time.Second):
		t.Fatal("the child did not take the lock")
	}

	// The default stale limit (30 s), so only the dead pid can free the
	// lock promptly.
	s := openAt(t, path, defaultWriterTiming)
	s.writer.poll = 20 * time.Millisecond
	ctx, cancel := context.WithTimeout(context.Background(), 300*time.Millisecond)
	var holder store.Writer
	_, err = s.LockWriter(ctx, "parent", func(h store.Writer) { holder = h })
	cancel()
	if !errors.Is(err, context.DeadlineExceeded) || holder.PID != cmd.Process.Pid {
		t.Fatalf("LockWriter beside the live child = %v, waiting on pid %d; want to wait on the child, pid %d", err, holder.PID, cmd.Process.Pid)
	}

	if err := cmd.Process.Kill(); err != nil {
		t.Fatal(err)
	}
	cmd.Wait() // reaped: a zombie would still answer to its pid
	exited = true

	start := time.Now()
	ctx, cancel = context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	release, err := s.LockWriter(ctx, "parent", func(h store.Writer) { t.Errorf("waited for %s, a killed process", h) })
	if err != nil {
		t.Fatalf("LockWriter after the holder was killed: %v", err)
	}
	if d := time.Since(start); d > 5*time.Second {
		t.Errorf("took %v to take over from a killed holder, want well under the stale limit", d)
	}
	if err := release(); err != nil {
		t.Errorf("release: %v", err)
	}

	var check string
	if err := s.db.QueryRow(`PRAGMA integrity_check`).Scan(&check); err != nil || check != "ok" {
		t.Fatalf("integrity_check = %q, %v; want ok", check, err)
	}
	if v, err := s.State(context.Background(), "child"); err != nil || len(v) == 0 {
		t.Errorf("State(child) = %q, %v; want what the child wrote", v, err)
	}
}

// holdLockAndWrite is the child of TestLockWriterAfterKill: it takes the
// lock, says so, and writes (with a busy heartbeat) until it is killed, so
// the kill most likely lands inside a transaction. It gives up after a
// minute in case its parent died first.
func holdLockAndWrite(t *testing.T, path string) {
	ctx := context.Background()
	s := openAt(t, path, writerTiming{poll: 20 * time.Millisecond, heartbeat: time.Millisecond, stale: time.Minute, blocked: time.Second})
	if _, err := s.LockWriter(ctx, "child", nil); err != nil {
		t.Fatal(err)
	}
	value := []byte("written by the child ")
	if err := s.SaveState(ctx, "child", value); err != nil {
		t.Fatal(err)
	}
	os.Stdout.WriteString("locked\n")
	for end := time.Now().Add(time.Minute); time.Now().Before(end); {
		value = append(value, 'x')
		if err := s.SaveState(ctx, "child", value); err != nil {
			t.Fatal(err)
		}
	}
}
