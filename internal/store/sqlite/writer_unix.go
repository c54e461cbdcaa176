//go:build unix

package sqlite

import (
	"errors"
	"os"
	"syscall"
)

// processGone reports whether no process has this pid on this machine.
// Signal 0 checks without signalling; EPERM means it exists under another
// user, so only ESRCH counts as gone. A zombie not yet reaped still counts
// as existing, which errs on the side of waiting.
func processGone(pid int) bool {
	return pid > 0 && errors.Is(syscall.Kill(pid, 0), syscall.ESRCH)
}

// hostID names the machine and, where the system tells it, the pid
// namespace, within which a pid is meaningful.
func hostID(host string) string {
	if ns, err := os.Readlink("/proc/self/ns/pid"); err == nil {
		return host + " " + ns
	}
	return host
}
