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
	return spliceWithin(dst, src, 0, keepOn, moved)
}

// spliceWithin is spliceStream with each chunk's writes bounded by
// writeTimeout (none when 0). A write that times out fails with
// os.ErrDeadlineExceeded: the bytes it held in the kernel's pipe are lost,
// so the stream cannot go on.
func spliceWithin(dst, src *net.TCPConn, writeTimeout time.Duration, keepOn func() bool, moved func(n int)) (eof bool, err error) {
	defer src.SetReadDeadline(time.Time{})
	for keepOn() {
		now := time.Now()
		src.SetReadDeadline(now.Add(spliceIdle))
		var wd time.Time
		if writeTimeout > 0 {
			wd = now.Add(writeTimeout)
			dst.SetWriteDeadline(wd)
		}
		lr := io.LimitedReader{R: src, N: spliceChunk}
		n, err := dst.ReadFrom(&lr)
		if n > 0 {
			moved(int(n))
		}
		switch {
		// The read deadline is far shorter, so only the write one can
		// have passed by its own time.
		case errors.Is(err, os.ErrDeadlineExceeded) && !wd.IsZero() && !time.Now().Before(wd):
			return false, err
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
