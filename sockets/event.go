package sockets

import (
	"fmt"
	"strings"
	"sync/atomic"
	"time"
)

// Side says which half of the tool an event comes from.
type Side uint8

// Sides of an event.
const (
	SideServer Side = iota
	SideClient
)

// String returns "server" or "client".
func (s Side) String() string {
	if s == SideClient {
		return "client"
	}
	return "server"
}

// Kind is what happened.
type Kind uint8

// Kinds of event.
const (
	KindListening Kind = iota
	KindStopped
	KindConnected
	KindDisconnected
	KindSent
	KindReceived
	KindError
	KindInfo
)

var kindNames = [...]string{"listening", "stopped", "connected", "disconnected", "sent", "received", "error", "info"}

// String returns the kind's lower-case name, e.g. "received".
func (k Kind) String() string {
	if int(k) < len(kindNames) {
		return kindNames[k]
	}
	return fmt.Sprintf("kind(%d)", k)
}

// DefaultCaptureBytes is how many bytes of each payload an event keeps when a
// config leaves its capture size at zero.
const DefaultCaptureBytes = 1024

// Event is one observation: something a server or client did or saw.
type Event struct {
	Time      time.Time // wall clock, nanosecond precision
	Side      Side
	Kind      Kind
	Network   string // "tcp" or "udp"
	Local     string // local address, e.g. "127.0.0.1:9000"
	Remote    string // peer address; empty for listener events
	N         int    // bytes sent or received
	Data      []byte // a copy of at most the configured capture size of the bytes
	Truncated bool   // Data holds fewer than N bytes
	Err       error  // set for KindError (and for disconnects caused by an error)
	Msg       string // human-readable detail for info, error and lifecycle events
}

// String renders the event as one log line with a millisecond timestamp, e.g.
// "13:04:05.123 server received 127.0.0.1:5000 5B "hello"".
func (e Event) String() string {
	var b strings.Builder
	b.WriteString(e.Time.Format("15:04:05.000"))
	b.WriteByte(' ')
	b.WriteString(e.Side.String())
	b.WriteByte(' ')
	b.WriteString(e.Kind.String())
	if e.Network != "" {
		b.WriteString(" " + e.Network)
	}
	if e.Remote != "" {
		b.WriteString(" " + e.Remote)
	} else if e.Local != "" {
		b.WriteString(" " + e.Local)
	}
	if e.Kind == KindSent || e.Kind == KindReceived {
		// Quotes are escaped so the content stays unambiguous (ParseEscaped
		// reads \" back).
		fmt.Fprintf(&b, " %dB \"%s\"", e.N, strings.ReplaceAll(RenderText(e.Data), `"`, `\"`))
		if e.Truncated {
			b.WriteString("...")
		}
	}
	if e.Msg != "" {
		b.WriteString(" " + e.Msg)
	}
	if e.Err != nil {
		b.WriteString(": " + e.Err.Error())
	}
	return b.String()
}

// EventQueue is a bounded, non-blocking queue of events. Emit never waits:
// when the queue is full the event is counted and dropped, and once there is
// room again a single info event "N events not shown" reports the gap.
//
// Events about payloads (sent, received) are also rate-limited at their
// source, DefaultDataEventRate a second by default with bursts of 50 ms' worth:
// past that nobody can read them, and the copies and wake-ups would slow the
// data path. Events beyond the rate are counted like dropped ones. Counters
// (Stats) are never affected.
//
// A nil *EventQueue accepts and discards everything.
type EventQueue struct {
	ch       chan Event
	pending  atomic.Uint64 // dropped since the last gap report
	dropped  atomic.Uint64 // dropped in total
	gapArmed atomic.Bool   // a timer will report the gap if nothing else does
	interval atomic.Int64  // ns between data events at the sustained rate; 0 = unlimited
	tat      atomic.Int64  // theoretical arrival time of the next data event (GCRA)
}

// DefaultQueueSize is the capacity NewEventQueue uses for a size <= 0.
const DefaultQueueSize = 4096

// DefaultDataEventRate is how many sent/received events a second a queue
// admits, on average, unless SetDataRate changes it.
const DefaultDataEventRate = 2000

// gapReportDelay is how soon a gap is reported when no later event does it.
const gapReportDelay = 100 * time.Millisecond

// NewEventQueue returns a queue holding at most size events.
func NewEventQueue(size int) *EventQueue {
	if size <= 0 {
		size = DefaultQueueSize
	}
	q := &EventQueue{ch: make(chan Event, size)}
	q.SetDataRate(DefaultDataEventRate)
	return q
}

// SetDataRate sets how many sent/received events a second the queue admits
// on average (bursts of up to 50 ms' worth pass at once); 0 or less
// admits every one.
func (q *EventQueue) SetDataRate(perSecond int) {
	if perSecond <= 0 {
		q.interval.Store(0)
		return
	}
	q.interval.Store(int64(time.Second) / int64(perSecond))
}

// Events is the channel consumers read from. It is never closed.
func (q *EventQueue) Events() <-chan Event { return q.ch }

// Dropped returns how many events were not queued since the queue was made.
func (q *EventQueue) Dropped() uint64 {
	if q == nil {
		return 0
	}
	return q.dropped.Load()
}

// Emit queues e without blocking. It stamps e.Time if it is zero.
func (q *EventQueue) Emit(e Event) {
	if q == nil {
		return
	}
	if e.Time.IsZero() {
		e.Time = time.Now()
	}
	q.reportGap(e.Time, e.Side)
	select {
	case q.ch <- e:
	default:
		q.drop(1)
	}
}

// drop counts n events that will not be shown and makes sure the gap gets
// reported even if no further event comes.
func (q *EventQueue) drop(n uint64) {
	q.pending.Add(n)
	q.dropped.Add(n)
	if q.gapArmed.CompareAndSwap(false, true) {
		time.AfterFunc(gapReportDelay, func() {
			q.gapArmed.Store(false)
			q.reportGap(time.Now(), SideServer)
		})
	}
}

// reportGap queues one "N events not shown" event if events were dropped
// and there is room.
func (q *EventQueue) reportGap(at time.Time, side Side) {
	if q.pending.Load() == 0 {
		return
	}
	n := q.pending.Swap(0)
	if n == 0 {
		return
	}
	gap := Event{Time: at, Side: side, Kind: KindInfo, N: int(n), Msg: fmt.Sprintf("%d events not shown", n)}
	select {
	case q.ch <- gap:
	default:
		q.pending.Add(n)
	}
}

// admitData decides, on the data path, whether the next payload event(s)
// are observed: the rate allows it and the queue has room. When not, the n
// events that would have been made are counted as not shown, and the
// caller skips building them (no clock read, no copy).
func (q *EventQueue) admitData(n uint64) bool {
	if q == nil {
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
	now := nanotime()
	burst := int64(time.Second / 20)
	for i := 0; i < 4; i++ {
		old := q.tat.Load()
		t := max(old, now)
		if t-now >= burst {
			break
		}
		if q.tat.CompareAndSwap(old, t+step) {
			return true
		}
	}
	q.drop(n)
	return false
}

// clockBase anchors nanotime's monotonic readings.
var clockBase = time.Now()

// nanotime is a monotonic clock in nanoseconds.
func nanotime() int64 { return int64(time.Since(clockBase)) }

// capture returns a copy of at most limit bytes of p and whether it was cut.
func capture(p []byte, limit int) ([]byte, bool) {
	if limit <= 0 {
		limit = DefaultCaptureBytes
	}
	if len(p) > limit {
		return append([]byte(nil), p[:limit]...), true
	}
	return append([]byte(nil), p...), false
}
