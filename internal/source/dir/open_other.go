//go:build !unix

package dir

import "os"

// openNoBlock opens path read-only; systems other than Unix have no named
// pipes in the file system to block on.
func openNoBlock(path string) (*os.File, error) {
	return os.Open(path)
}
