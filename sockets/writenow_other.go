//go:build !unix

package sockets

import "syscall"

// writeNow writes nothing where sockets have no non-blocking write of
// their own: every message then goes through the client's queue.
func writeNow(syscall.RawConn, []byte) (int, error) { return 0, nil }
