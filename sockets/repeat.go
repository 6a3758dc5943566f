package sockets

import (
	"context"
	"time"
)

// SendRepeated sends p count times, waiting interval between sends (none
// for 0, back to back). It stops early, with a nil error, when ctx is done
// or the connection ends, and at the first send that fails, with that
// error. It returns how many sends were made.
func (c *Client) SendRepeated(ctx context.Context, p []byte, count int, interval time.Duration) (int, error) {
	return sendRepeated(ctx, c, p, count, interval, time.After)
}

// repeatTarget is what sendRepeated sends through: a *Client, or a fake in
// tests.
type repeatTarget interface {
	Send(p []byte) error
	Done() <-chan struct{}
}

// sendRepeated is SendRepeated with the clock injected: after returns a
// channel that delivers once d has passed.
func sendRepeated(ctx context.Context, c repeatTarget, p []byte, count int, interval time.Duration,
	after func(d time.Duration) <-chan time.Time) (int, error) {
	for sent := 0; sent < count; sent++ {
		var pause <-chan time.Time
		if sent > 0 && interval > 0 {
			pause = after(interval)
		}
		if !waitOrStop(ctx, c.Done(), pause) {
			return sent, nil
		}
		if err := c.Send(p); err != nil {
			return sent, err
		}
	}
	return count, nil
}

// waitOrStop waits for pause (not at all when it is nil) and reports true,
// or false as soon as ctx is done or done is closed.
func waitOrStop(ctx context.Context, done <-chan struct{}, pause <-chan time.Time) bool {
	if pause == nil {
		// Still give a cancel or a close that already happened precedence
		// over the next send.
		select {
		case <-ctx.Done():
			return false
		case <-done:
			return false
		default:
			return true
		}
	}
	select {
	case <-ctx.Done():
		return false
	case <-done:
		return false
	case <-pause:
		return true
	}
}
