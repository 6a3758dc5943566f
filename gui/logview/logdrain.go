package logview

import (
	"sync"
	"sync/atomic"
	"time"

	"github.com/sockettester/sockettester/gui/widgets"
	"github.com/sockettester/sockettester/sockets"
)

// LogTimer wakes the drain goroutine when its batcher says a batch is due.
// The app uses a time.Timer; tests use a channel they send ticks on, which
// the drain then treats as the time.
type LogTimer interface {
	C() <-chan time.Time
	Reset(d time.Duration) // fire once, d from now
	Stop()
}

type clockTimer struct{ t *time.Timer }

func newClockTimer() LogTimer {
	t := time.NewTimer(time.Hour)
	t.Stop()
	return clockTimer{t}
}

func (c clockTimer) C() <-chan time.Time   { return c.t.C }
func (c clockTimer) Reset(d time.Duration) { c.t.Reset(d) }
func (c clockTimer) Stop()                 { c.t.Stop() }

// LogDrain is the goroutine that moves events from the engine's queue to
// the log: a thin loop around a logBatcher, which decides when a batch goes
// to the UI. It never waits for the UI.
type LogDrain struct {
	apply    func(logBatch)   // adds a batch to the log; run on the UI goroutine
	Do       widgets.UIRunner // runs apply on the UI goroutine; fyne.Do in the app
	NewTimer func() LogTimer
	limit    atomic.Int64 // the model's row limit, which batches are trimmed to

	Mu    sync.Mutex
	stop  chan struct{}
	Done  chan struct{}
	trimC chan struct{} // asks the goroutine to let its spare buffers go
}

func newLogDrain(apply func(logBatch), do widgets.UIRunner) *LogDrain {
	d := &LogDrain{apply: apply, Do: do, NewTimer: newClockTimer}
	d.limit.Store(DefaultLogLimit)
	return d
}

// Start begins draining q in a goroutine, replacing any earlier one.
func (d *LogDrain) Start(q *sockets.EventQueue) {
	d.Stop()
	d.Mu.Lock()
	defer d.Mu.Unlock()
	d.stop = make(chan struct{})
	d.Done = make(chan struct{})
	d.trimC = make(chan struct{}, 1)
	go d.run(q, d.Do, d.NewTimer(), d.stop, d.Done, d.trimC)
}

// Stop ends the goroutine Start began, handing the UI everything queued or
// collected, and waits for it. It is safe to call more than once.
func (d *LogDrain) Stop() {
	d.Mu.Lock()
	stop, done := d.stop, d.Done
	d.stop, d.Done = nil, nil
	d.Mu.Unlock()
	if stop != nil {
		close(stop)
		<-done
	}
}

// Trim has the drain let go of the buffers a flood grew, once it is idle:
// they are sized for the row limit, and an idle log does not need them.
// It does not wait.
func (d *LogDrain) Trim() {
	d.Mu.Lock()
	defer d.Mu.Unlock()
	if d.trimC != nil {
		signal(d.trimC)
	}
}

func (d *LogDrain) run(q *sockets.EventQueue, do widgets.UIRunner, timer LogTimer, stop <-chan struct{}, done chan<- struct{}, trim <-chan struct{}) {
	defer close(done)
	defer timer.Stop()
	b := newLogBatcher(int(d.limit.Load()))
	// back returns the rows of the batch the UI applied; there is at most
	// one, as the batcher never hands out a second before it is back.
	back := make(chan []sockets.Event, 1)
	events := q.Events()
	var queued []sockets.Event
	collect := func(now time.Time) {
		b.setLimit(int(d.limit.Load()))
		queued = q.Drain(queued[:0], 0)
		for i := range queued {
			b.add(queued[i], now)
		}
		clear(queued)
	}
	timerSet := false
	schedule := func(now time.Time) {
		if due, ok := b.next(); ok && !timerSet {
			timer.Reset(due.Sub(now))
			timerSet = true
		}
	}
	for {
		select {
		case <-stop:
			collect(time.Now())
			if batch, ok := b.rest(); ok {
				do(func() { d.apply(batch) })
			}
			return
		case e := <-events:
			now := time.Now()
			b.setLimit(int(d.limit.Load()))
			b.add(e, now)
			collect(now)
			schedule(now)
		case rows := <-back:
			b.done(rows)
		case <-trim:
			b.trim()
			queued = nil
		case now := <-timer.C():
			timerSet = false
			select {
			case rows := <-back:
				b.done(rows)
			default:
			}
			collect(now)
			if batch, ok := b.take(now); ok {
				do(func() {
					d.apply(batch)
					back <- batch.rows
				})
			}
			schedule(now)
		}
	}
}

// signal wakes whoever waits on c, unless a wake-up is already pending.
func signal(c chan struct{}) {
	select {
	case c <- struct{}{}:
	default:
	}
}
