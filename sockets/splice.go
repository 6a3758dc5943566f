package sockets

import (
	"errors"
	"io"
	"net"
	"os"
	"time"
)

// spliceStream moves src's bytes to dst in the kernel (splice on Linux),
// calling moved per chunk so counters stay exact. It returns when keepOn
// fails, when src pauses for spliceIdle (back to reads that capture
// content), at end of stream (eof) or on an error.
func spliceStream(dst, src *net.TCPConn, keepOn func() bool, moved func(n int)) (eof bool, err error) {
	defer src.SetReadDeadline(time.Time{})
	for keepOn() {
		src.SetReadDeadline(time.Now().Add(spliceIdle))
		lr := io.LimitedReader{R: src, N: spliceChunk}
		n, err := dst.ReadFrom(&lr)
		if n > 0 {
			moved(int(n))
		}
		switch {
		case errors.Is(err, os.ErrDeadlineExceeded):
			return false, nil
		case err != nil:
			return false, err
		case n < spliceChunk:
			return true, nil
		}
	}
	return false, nil
}
