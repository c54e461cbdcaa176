//go:build !unix

package sqlite

// processGone cannot tell here; a dead holder is found by its stale
// heartbeat alone.
func processGone(pid int) bool { return false }

// hostID is the host name.
func hostID(host string) string { return host }
