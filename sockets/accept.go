package sockets

import (
	"errors"
	"net"
	"time"
)

// acceptLoop hands each connection on ln to admit until done or ln closes.
// A failed Accept (out of file descriptors, say) is reported and retried
// after a pause doubling from 5 ms to a second, never in a tight loop.
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

// retryAfter reports false when the socket is closing; otherwise it calls
// report and returns true after delay (false if done closes meanwhile).
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
