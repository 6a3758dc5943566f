// Package replytime measures how long replies take, the way ping does.
package replytime

import (
	"encoding/json"
	"math"
	"strconv"
	"sync"
	"time"

	"github.com/sockettester/sockettester/sockets/addr"
	"github.com/sockettester/sockettester/sockets/hist"
	"github.com/sockettester/sockettester/sockets/msg"
)

// maxPendingSends bounds the unanswered sends remembered; older ones count as
// lost.
const maxPendingSends = 1 << 16

// Tracker measures reply times. Over UDP each datagram answers the oldest
// waiting send; over TCP the first bytes after a send answer every waiting
// send, so a reply time is the time to the first byte. It is safe for
// concurrent use.
type Tracker struct {
	mu      sync.Mutex
	udp     bool
	last    time.Time   // the latest send
	pending []time.Time // unanswered sends, oldest first, from head on
	head    int
	sent    uint64
	replies uint64
	h       hist.Histogram
}

// NewTracker returns a tracker for a client on network ("tcp", "udp", ...).
func NewTracker(network string) *Tracker { return &Tracker{udp: addr.IsUDP(network)} }

// Sent records a send made at at. Call it before the bytes go, so a quick
// reply is never seen first.
func (r *Tracker) Sent(at time.Time) {
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

// Received records data received at at and returns the time since the latest
// send (0 before the first send).
func (r *Tracker) Received(at time.Time) time.Duration {
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

// Summary returns the counts and reply times so far; waiting sends count as lost.
func (r *Tracker) Summary() Summary {
	r.mu.Lock()
	defer r.mu.Unlock()
	return Summary{
		Sent: r.sent, Replies: r.replies, Lost: r.sent - r.replies,
		Min: r.h.Min(), Avg: r.h.Mean(), P50: r.h.Quantile(0.50), P99: r.h.Quantile(0.99), Max: r.h.Max(),
	}
}

// String sums up like ping: "3 sent, 3 replies, 0 lost; reply
// min/avg/p50/p99/max 0.051/0.070/0.063/0.098/0.098 ms".
func (r Summary) String() string { return r.Message().String() }

// Message is String as a code and arguments.
func (r Summary) Message() msg.Message {
	if r.Replies == 0 {
		return msg.New(codeReplySummaryLost, "Sent", r.Sent, "Replies", r.Replies, "Lost", r.Lost)
	}
	var b []byte
	for i, d := range []time.Duration{r.Min, r.Avg, r.P50, r.P99, r.Max} {
		if i > 0 {
			b = append(b, '/')
		}
		b = appendMillis3(b, d)
	}
	return msg.New(codeReplySummaryMsg, "Sent", r.Sent, "Replies", r.Replies, "Lost", r.Lost, "Times", string(b))
}

// AppendMillis appends a reply time in milliseconds, e.g. "0.231ms".
func AppendMillis(b []byte, d time.Duration) []byte { return append(appendMillis3(b, d), "ms"...) }

func appendMillis3(b []byte, d time.Duration) []byte {
	return strconv.AppendFloat(b, float64(d.Round(time.Microsecond))/float64(time.Millisecond), 'f', 3, 64)
}

// Summary sums up the replies to a run of sends.
type Summary struct {
	Sent    uint64        `json:"sent"`    // sends made
	Replies uint64        `json:"replies"` // sends that got a reply
	Lost    uint64        `json:"lost"`    // sends that got none (UDP) in time
	Min     time.Duration `json:"-"`
	Avg     time.Duration `json:"-"`
	P50     time.Duration `json:"-"`
	P99     time.Duration `json:"-"`
	Max     time.Duration `json:"-"`
}

// Millis converts a duration to milliseconds, to the nanosecond.
func Millis(d time.Duration) float64 { return float64(d) / float64(time.Millisecond) }

// FromMillis converts milliseconds to a duration, rounded to the nanosecond.
func FromMillis(f float64) time.Duration {
	return time.Duration(math.Round(f * float64(time.Millisecond)))
}

type summaryJSON struct {
	Sent    uint64  `json:"sent"`
	Replies uint64  `json:"replies"`
	Lost    uint64  `json:"lost"`
	MinMS   float64 `json:"min_ms"`
	AvgMS   float64 `json:"avg_ms"`
	P50MS   float64 `json:"p50_ms"`
	P99MS   float64 `json:"p99_ms"`
	MaxMS   float64 `json:"max_ms"`
}

// MarshalJSON writes the summary with its times in milliseconds.
func (r Summary) MarshalJSON() ([]byte, error) {
	return json.Marshal(summaryJSON{r.Sent, r.Replies, r.Lost, Millis(r.Min), Millis(r.Avg), Millis(r.P50), Millis(r.P99), Millis(r.Max)})
}

// UnmarshalJSON reads what MarshalJSON writes.
func (r *Summary) UnmarshalJSON(b []byte) error {
	var j summaryJSON
	if err := json.Unmarshal(b, &j); err != nil {
		return err
	}
	*r = Summary{Sent: j.Sent, Replies: j.Replies, Lost: j.Lost,
		Min: FromMillis(j.MinMS), Avg: FromMillis(j.AvgMS), P50: FromMillis(j.P50MS), P99: FromMillis(j.P99MS), Max: FromMillis(j.MaxMS)}
	return nil
}

// Codes of a summary's message.
const (
	codeReplySummaryMsg  msg.Code = "replySummary"
	codeReplySummaryLost msg.Code = "replySummaryNoReply"
)

var _ = msg.Define(map[msg.Code]string{
	codeReplySummaryMsg:  "{Sent} sent, {Replies} {Replies|reply|replies}, {Lost} lost; reply min/avg/p50/p99/max {Times} ms",
	codeReplySummaryLost: "{Sent} sent, {Replies} {Replies|reply|replies}, {Lost} lost",
})
