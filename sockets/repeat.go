package sockets

import (
	"time"

	"github.com/sockettester/sockettester/sockets/msg"
)

// SendRepeated sends p count times, waiting interval between sends (none
// for 0, back to back). It stops early, with a nil error, when stop is
// closed (a context's Done channel will do) or the connection ends, and at
// the first send that fails, with that error. It returns how many sends
// were made.
func (c *Client) SendRepeated(stop <-chan struct{}, p []byte, count int, interval time.Duration) (int, error) {
	return sendRepeated(stop, c, func() []byte { return p }, count, interval, time.After)
}

// SendEach is SendRepeated with each send's bytes made by next when it is
// due: a payload template's {{counter}} and {{time}} are those of the send.
func (c *Client) SendEach(stop <-chan struct{}, next func() []byte, count int, interval time.Duration) (int, error) {
	return sendRepeated(stop, c, next, count, interval, time.After)
}

// repeatTarget is a *Client, or a fake in tests.
type repeatTarget interface {
	Send(p []byte) error
	Done() <-chan struct{}
}

// sendRepeated is SendRepeated with the clock injected.
func sendRepeated(stop <-chan struct{}, c repeatTarget, next func() []byte, count int, interval time.Duration,
	after func(d time.Duration) <-chan time.Time) (int, error) {
	for sent := 0; sent < count; sent++ {
		var pause <-chan time.Time
		if sent > 0 && interval > 0 {
			pause = after(interval)
		}
		if !waitOrStop(stop, c.Done(), pause) {
			return sent, nil
		}
		if err := c.Send(next()); err != nil {
			return sent, err
		}
	}
	return count, nil
}

// waitOrStop waits for pause (nil: not at all); false if stop or done close.
func waitOrStop(stop, done <-chan struct{}, pause <-chan time.Time) bool {
	if pause == nil {
		// Still give a stop or a close that already happened precedence
		// over the next send.
		select {
		case <-stop:
			return false
		case <-done:
			return false
		default:
			return true
		}
	}
	select {
	case <-stop:
		return false
	case <-done:
		return false
	case <-pause:
		return true
	}
}

// SendEvery sends next's bytes every period, at a fixed rate (a send that
// runs late does not push the later ones back, and ticks missed while one
// ran are skipped rather than sent in a burst), until stop is closed or the
// connection ends; it returns how many sends were made and the first error.
// A panel's button with a period of its own runs on it.
func (c *Client) SendEvery(stop <-chan struct{}, next func() []byte, period time.Duration) (int, error) {
	return sendEvery(stop, c, next, period)
}

// sendEvery is SendEvery through any repeatTarget.
func sendEvery(stop <-chan struct{}, c repeatTarget, next func() []byte, period time.Duration) (int, error) {
	if period <= 0 {
		return 0, msg.NewError(codeBadPeriod, "Period", period)
	}
	t := time.NewTicker(period)
	defer t.Stop()
	sent := 0
	for {
		if err := c.Send(next()); err != nil {
			return sent, err
		}
		sent++
		select {
		case <-stop:
			return sent, nil
		case <-c.Done():
			return sent, nil
		case <-t.C:
		}
	}
}

const codeBadPeriod msg.Code = "badPeriod"

var _ = msg.Define(map[msg.Code]string{
	codeBadPeriod: "a period must be 1 ms or more, not {Period}",
})
