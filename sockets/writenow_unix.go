//go:build unix

package sockets

import (
	"errors"
	"syscall"
)

// writeNow writes what the socket behind rc takes at once, without waiting
// for room: the count, and an error only when the connection is broken.
func writeNow(rc syscall.RawConn, b []byte) (int, error) {
	var n int
	var werr error
	err := rc.Write(func(fd uintptr) bool {
		for n < len(b) {
			k, err := syscall.Write(int(fd), b[n:])
			if k > 0 {
				n += k
			}
			if err != nil {
				if !errors.Is(err, syscall.EAGAIN) && !errors.Is(err, syscall.EINTR) {
					werr = err
				}
				break
			}
		}
		return true // never wait for the socket to have room
	})
	if werr == nil {
		werr = err
	}
	return n, werr
}
