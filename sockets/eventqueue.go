package sockets

import (
	"sync"
	"sync/atomic"
	"time"
)

// EventQueue is a bounded queue of events. Emit never blocks: when the queue
// is full the event is dropped and counted, and a KindGap event later reports
// how many were not shown. Sent and received events are also rate-limited at
// their source, since nobody could read them and the copies would slow the
// data path; Stats are never affected. While they come faster than the
// sustained rate, events reach the channel in batches, in order, at least
// every gapReportDelay: a reader woken for each one would cost the data path
// more than the events. A nil *EventQueue discards everything.
type EventQueue struct {
	ch       chan Event
	pending  atomic.Uint64 // dropped since the last gap report
	dropped  atomic.Uint64 // dropped in total
	gapArmed atomic.Bool   // a timer will report the gap if nothing else does
	interval atomic.Int64  // ns between data events at the sustained rate; 0 = unlimited
	tat      atomic.Int64  // theoretical arrival time of the next data event (GCRA)
	clock    func() int64  // monotonic nanoseconds; tests set a fake one
	noData   atomic.Bool   // SetDataEvents(false)

	// holding is set when payload events run ahead of the sustained rate
	// and cleared by the gap timer; meanwhile Emit appends to held, which
	// that timer, a full batch or Drain sends on.
	holding atomic.Bool
	mu      sync.Mutex
	held    []Event
}

// holdMax is how many events wait in a batch at most.
const holdMax = 256

// burstUnbatched is how many payload events may come at once before they are
// batched: more than one exchange typed by hand makes.
const burstUnbatched = 8

// defaultQueueSize is the capacity NewEventQueue uses for a size <= 0.
const defaultQueueSize = 4096

// defaultDataEventRate is sent/received events admitted per second.
const defaultDataEventRate = 2000

// dataBurst is how much of the sustained rate may pass at once.
const dataBurst = time.Second / 20

// gapReportDelay is how soon a gap is reported when no later event does it.
const gapReportDelay = 100 * time.Millisecond

// NewEventQueue returns a queue holding at most size events.
func NewEventQueue(size int) *EventQueue {
	if size <= 0 {
		size = defaultQueueSize
	}
	q := &EventQueue{ch: make(chan Event, size), clock: nanotime}
	q.SetDataRate(defaultDataEventRate)
	return q
}

// SetDataRate sets how many sent/received events a second the queue admits on
// average; 0 or less admits every one.
func (q *EventQueue) SetDataRate(perSecond int) {
	if perSecond <= 0 {
		q.interval.Store(0)
		return
	}
	q.interval.Store(int64(time.Second) / int64(perSecond))
}

// SetDataEvents turns sent and received events on (the default) or off. Off,
// the data path builds none and reports none as not shown: for a reader that
// shows only errors and lifecycle events. Stats are never affected.
func (q *EventQueue) SetDataEvents(on bool) { q.noData.Store(!on) }

// Events is the channel consumers read from. It is never closed.
func (q *EventQueue) Events() <-chan Event { return q.ch }

// Drain appends at most max (all when max <= 0) queued events to buf without
// waiting, and returns it.
func (q *EventQueue) Drain(buf []Event, max int) []Event {
	if q == nil {
		return buf
	}
	start := len(buf)
	take := func() {
		n := len(q.ch)
		if max > 0 {
			n = min(n, max-(len(buf)-start))
		}
		for ; n > 0; n-- {
			buf = append(buf, <-q.ch)
		}
	}
	take()
	// Held events are younger than those already in the channel.
	if q.holding.Load() && (max <= 0 || len(buf)-start < max) {
		q.mu.Lock()
		q.flushLocked()
		q.mu.Unlock()
		take()
	}
	return buf
}

// Dropped returns how many events were not queued since the queue was made.
func (q *EventQueue) Dropped() uint64 {
	if q == nil {
		return 0
	}
	return q.dropped.Load()
}

// Emit queues e without blocking, stamping e.Time if it is zero.
func (q *EventQueue) Emit(e Event) {
	if q == nil {
		return
	}
	if e.Time.IsZero() {
		e.Time = time.Now()
	}
	if q.holding.Load() && q.hold(e) {
		return
	}
	q.reportGap(e.Time, e.Side)
	q.send(e)
}

// send queues e, or counts it as not shown when the queue is full.
func (q *EventQueue) send(e Event) {
	select {
	case q.ch <- e:
	default:
		q.drop(1)
	}
}

// hold adds e, after the gap before it, to the batch, and reports false
// when batching has just ended.
func (q *EventQueue) hold(e Event) bool {
	q.mu.Lock()
	defer q.mu.Unlock()
	if !q.holding.Load() {
		return false
	}
	if n := q.pending.Swap(0); n > 0 {
		q.held = append(q.held, gapEvent(e.Time, e.Side, n))
	}
	q.held = append(q.held, e)
	if len(q.held) >= holdMax {
		q.flushLocked()
	}
	return true
}

// flushLocked sends the batch on; q.mu is held.
func (q *EventQueue) flushLocked() {
	for i := range q.held {
		q.send(q.held[i])
	}
	clear(q.held)
	q.held = q.held[:0]
}

// drop counts n events not shown and makes sure the gap, and any batch,
// get reported.
func (q *EventQueue) drop(n uint64) {
	q.pending.Add(n)
	q.dropped.Add(n)
	q.armRelease()
}

// armRelease makes sure a timer will report the gap and send any batch on.
func (q *EventQueue) armRelease() {
	if !q.gapArmed.Load() && q.gapArmed.CompareAndSwap(false, true) {
		time.AfterFunc(gapReportDelay, q.release)
	}
}

// batch has events wait for the release timer from now on. holding is set
// before the timer is armed, so a batch never waits without one.
func (q *EventQueue) batch() {
	if !q.holding.Load() {
		q.holding.Store(true)
	}
	q.armRelease()
}

// release sends the batch on, ends batching and reports the gap.
func (q *EventQueue) release() {
	q.gapArmed.Store(false)
	q.mu.Lock()
	q.flushLocked()
	q.holding.Store(false)
	q.mu.Unlock()
	q.reportGap(time.Now(), SideServer)
}

func (q *EventQueue) reportGap(at time.Time, side Side) {
	if q.pending.Load() == 0 {
		return
	}
	n := q.pending.Swap(0)
	if n == 0 {
		return
	}
	select {
	case q.ch <- gapEvent(at, side, n):
	default:
		q.pending.Add(n)
	}
}

// admitData decides on the data path whether the next n payload events are
// observed; when not, the caller skips building them.
func (q *EventQueue) admitData(n uint64) bool {
	if q == nil || q.noData.Load() {
		return false
	}
	if len(q.ch) >= cap(q.ch) {
		q.drop(n)
		return false
	}
	step := q.interval.Load()
	if step == 0 {
		return true
	}
	now := q.clock()
	burst := int64(dataBurst)
	for i := 0; i < 4; i++ {
		old := q.tat.Load()
		t := max(old, now)
		if t-now >= burst {
			break
		}
		if q.tat.CompareAndSwap(old, t+step) {
			// Well ahead of the sustained rate: a flood's start, whose
			// events are better batched. The few of one exchange by hand
			// still go at once.
			if old-now > burstUnbatched*step {
				q.batch()
			}
			return true
		}
	}
	q.batch()
	q.drop(n)
	return false
}

// clockBase anchors nanotime's monotonic readings.
var clockBase = time.Now()

// nanotime is a monotonic clock in nanoseconds.
func nanotime() int64 { return int64(time.Since(clockBase)) }
