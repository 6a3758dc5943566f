package gui

import (
	"sync"
	"testing"
	"time"

	"github.com/sockettester/sockettester/gui/logview"
)

// waitUntil runs flush and checks cond until cond holds, looking again
// whenever wake fires and every recheckEvery (for state that changes
// without a signal, such as the engine's atomic counters and the server's
// peer table). After waitTimeout it fails t, with detail() if given.
func waitUntil(t testing.TB, what string, wake <-chan struct{}, flush func(), cond func() bool, detail func() string) {
	t.Helper()
	deadline := time.NewTimer(waitTimeout)
	defer deadline.Stop()
	recheck := time.NewTicker(recheckEvery)
	defer recheck.Stop()
	for {
		flush()
		if cond() {
			return
		}
		select {
		case <-wake:
		case <-recheck.C:
		case <-deadline.C:
			msg := ""
			if detail != nil {
				msg = "\n" + detail()
			}
			t.Fatalf("timed out after %v waiting for %s%s", waitTimeout, what, msg)
		}
	}
}

// uiQueue is a uiRunner for tests: it queues UI updates posted from any
// goroutine and runs them on the test goroutine when pumped, so widgets
// are only ever touched by one goroutine. wake gets a signal on every post.
type uiQueue struct {
	mu    sync.Mutex
	queue []func()
	wake  chan struct{}
}

func newUIQueue() *uiQueue { return &uiQueue{wake: make(chan struct{}, 1)} }

// post is the uiRunner.
func (u *uiQueue) post(f func()) {
	u.mu.Lock()
	u.queue = append(u.queue, f)
	u.mu.Unlock()
	wake(u.wake)
}

// pump runs the queued UI updates, including any they queue, and returns
// how many ran.
func (u *uiQueue) pump() int {
	n := 0
	for {
		u.mu.Lock()
		q := u.queue
		u.queue = nil
		u.mu.Unlock()
		if len(q) == 0 {
			return n
		}
		for _, f := range q {
			f()
		}
		n += len(q)
	}
}

// testTicks is a logTimer whose ticks the test sends with tick. Tick times
// start a day from now and go up an hour each, so whatever the drain has
// collected is due by the next tick. armed gets a signal whenever the
// drain sets its timer, that is, when it collected events for a batch.
type testTicks struct {
	ch    chan time.Time
	armed chan struct{}
	now   time.Time
	sent  int // ticks the drain took
}

func newTestTicks(armed chan struct{}) *testTicks {
	return &testTicks{ch: make(chan time.Time), armed: armed, now: time.Now().Add(24 * time.Hour)}
}

func (t *testTicks) C() <-chan time.Time { return t.ch }
func (t *testTicks) Reset(time.Duration) { wake(t.armed) }
func (t *testTicks) Stop()               {}

// timer is the drain's newTimer seam.
func (t *testTicks) timer() logview.LogTimer { return t }

// tick hands d's goroutine the next tick and returns once it took it, or
// false if d is not running.
func (t *testTicks) tick(d *logview.LogDrain) bool {
	d.Mu.Lock()
	done := d.Done
	d.Mu.Unlock()
	if done == nil {
		return false
	}
	t.now = t.now.Add(time.Hour)
	select {
	case t.ch <- t.now:
		t.sent++
		return true
	case <-done:
		return false
	}
}

// flushLog moves every event queued on d's queue so far through the drain
// and into the view, on the calling goroutine. It first runs the UI
// updates, so the drain has its batch back. A tick then makes the drain
// take what is queued and hand the UI a batch if one is due; what it took at
// that very tick is due at the next; a third tick returns only once the
// drain finished with the second. Then the UI updates run again. Events
// that keep coming meanwhile wait for the next flush.
func flushLog(d *logview.LogDrain, ticks *testTicks, ui *uiQueue) {
	ui.pump()
	for range 3 {
		if !ticks.tick(d) {
			break // a stopped drain handed the UI all it had
		}
	}
	ui.pump()
}

// wake wakes whoever waits on c, unless a wake-up is already pending.
func wake(c chan struct{}) {
	select {
	case c <- struct{}{}:
	default:
	}
}
