package sockets

import (
	"errors"
	"net"
	"time"
)

// acceptLoop accepts connections on ln and hands each to admit, until done
// is closed or ln is closed. A failed Accept (out of file descriptors, say)
// is reported through report with the pause before the next try, which
// doubles from 5 ms up to a second: never a tight loop.
func acceptLoop(ln net.Listener, done <-chan struct{}, report func(err error, retryIn time.Duration), admit func(net.Conn)) {
	var delay time.Duration
	for {
		c, err := ln.Accept()
		if err != nil {
			if delay == 0 {
				delay = 5 * time.Millisecond
			} else if delay *= 2; delay > time.Second {
				delay = time.Second
			}
			if !retryAfter(done, err, delay, func() { report(err, delay) }) {
				return
			}
			continue
		}
		delay = 0
		admit(c)
	}
}

// retryAfter handles a failed Accept or Read on a socket that may be
// closing. It reports false when it is (done closed, or the socket
// closed); otherwise it calls report and returns true after delay, or false
// if done is closed meanwhile.
func retryAfter(done <-chan struct{}, err error, delay time.Duration, report func()) bool {
	select {
	case <-done:
		return false
	default:
	}
	if errors.Is(err, net.ErrClosed) {
		return false
	}
	report()
	t := time.NewTimer(delay)
	defer t.Stop()
	select {
	case <-done:
		return false
	case <-t.C:
		return true
	}
}
