package sockets

import (
	"strconv"
	"sync"
	"time"

	"github.com/sockettester/sockettester/sockets/addr"

	"github.com/sockettester/sockettester/sockets/hist"

	"github.com/sockettester/sockettester/sockets/msg"
)

// maxPendingSends bounds how many unanswered sends replyTimes remembers;
// older ones count as lost.
const maxPendingSends = 1 << 16

// replyTimes measures how long replies take, the way ping does: every send
// waits for a reply, and the data received next answers it. Over UDP each
// datagram received answers the oldest send still waiting (datagrams keep
// their boundaries); over TCP, a stream, the first bytes received after a
// send answer every send still waiting, so a reply time is the time to the
// first byte of the answer. A Client keeps one (Client.Replies); it is safe
// for concurrent use.
type replyTimes struct {
	mu      sync.Mutex
	udp     bool
	last    time.Time   // the latest send
	pending []time.Time // unanswered sends, oldest first, from head on
	head    int
	sent    uint64
	replies uint64
	h       hist.Histogram
}

// newReplyTimes returns a tracker for a client on network ("tcp", "udp",
// ...).
func newReplyTimes(network string) *replyTimes { return &replyTimes{udp: addr.IsUDP(network)} }

// Sent records a send made at at. Call it before the bytes go, so that a
// quick reply can never be seen first.
func (r *replyTimes) Sent(at time.Time) {
	r.mu.Lock()
	r.sent++
	r.last = at
	if len(r.pending)-r.head >= maxPendingSends {
		r.head++
	}
	if r.head > len(r.pending)/2 && r.head > 64 {
		r.pending = append(r.pending[:0], r.pending[r.head:]...)
		r.head = 0
	}
	r.pending = append(r.pending, at)
	r.mu.Unlock()
}

// Received records data (a chunk or a datagram) received at at, answering
// the sends waiting for it, and returns the time since the latest send:
// Event.Reply. It returns 0 before the first send.
func (r *replyTimes) Received(at time.Time) time.Duration {
	r.mu.Lock()
	defer r.mu.Unlock()
	waiting := r.pending[r.head:]
	if len(waiting) > 0 {
		if r.udp {
			waiting = waiting[:1]
		}
		for _, t := range waiting {
			r.h.Record(at.Sub(t))
		}
		r.replies += uint64(len(waiting))
		r.head += len(waiting)
		if r.head == len(r.pending) {
			r.pending, r.head = r.pending[:0], 0
		}
	}
	if r.last.IsZero() {
		return 0
	}
	return max(at.Sub(r.last), 0)
}

// Summary returns the counts and reply times so far. Sends still waiting
// count as lost.
func (r *replyTimes) Summary() ReplySummary {
	r.mu.Lock()
	defer r.mu.Unlock()
	return ReplySummary{
		Sent: r.sent, Replies: r.replies, Lost: r.sent - r.replies,
		Min: r.h.Min(), Avg: r.h.Mean(), P50: r.h.Quantile(0.50), P99: r.h.Quantile(0.99), Max: r.h.Max(),
	}
}

// String sums up like ping: "3 sent, 3 replies, 0 lost; reply
// min/avg/p50/p99/max 0.051/0.070/0.063/0.098/0.098 ms". The times are left
// out when no reply came.
func (r ReplySummary) String() string { return r.Message().String() }

// Message is String as a code and arguments; Times holds the five reply
// times, "0.051/0.070/0.063/0.098/0.098".
func (r ReplySummary) Message() msg.Message {
	if r.Replies == 0 {
		return msg.New(codeReplySummaryLost, "Sent", r.Sent, "Replies", r.Replies, "Lost", r.Lost)
	}
	var b []byte
	for i, d := range []time.Duration{r.Min, r.Avg, r.P50, r.P99, r.Max} {
		if i > 0 {
			b = append(b, '/')
		}
		b = strconv.AppendFloat(b, float64(d.Round(time.Microsecond))/float64(time.Millisecond), 'f', 3, 64)
	}
	return msg.New(codeReplySummaryMsg, "Sent", r.Sent, "Replies", r.Replies, "Lost", r.Lost, "Times", string(b))
}
