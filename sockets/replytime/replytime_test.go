package replytime

import (
	"testing"
	"time"
)

func TestReplyTimesTCP(t *testing.T) {
	t0 := time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)
	ms := func(n int) time.Time { return t0.Add(time.Duration(n) * time.Millisecond) }
	r := NewTracker("tcp")
	if got := r.Received(ms(1)); got != 0 {
		t.Errorf("Received before any send = %v; want 0", got)
	}
	r.Sent(ms(10))
	r.Sent(ms(12))
	// One chunk answers both sends waiting.
	if got := r.Received(ms(15)); got != 3*time.Millisecond {
		t.Errorf("Received = %v; want 3ms since the latest send", got)
	}
	// More of the same answer is not another reply.
	r.Received(ms(16))
	r.Sent(ms(20))
	s := r.Summary()
	want := Summary{Sent: 3, Replies: 2, Lost: 1, Min: 3 * time.Millisecond, Avg: 4 * time.Millisecond, P50: 3 * time.Millisecond, P99: 5 * time.Millisecond, Max: 5 * time.Millisecond}
	if s != want {
		t.Errorf("Summary = %+v; want %+v", s, want)
	}
	if got := s.String(); got != "3 sent, 2 replies, 1 lost; reply min/avg/p50/p99/max 3.000/4.000/3.000/5.000/5.000 ms" {
		t.Errorf("String = %q", got)
	}
}

func TestReplyTimesUDP(t *testing.T) {
	t0 := time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)
	us := func(n int) time.Time { return t0.Add(time.Duration(n) * time.Microsecond) }
	r := NewTracker("udp")
	r.Sent(us(0))
	r.Sent(us(100))
	r.Sent(us(200))
	// Each datagram answers the oldest send waiting.
	r.Received(us(250))
	r.Received(us(300))
	s := r.Summary()
	if s.Sent != 3 || s.Replies != 2 || s.Lost != 1 || s.Min != 200*time.Microsecond || s.Max != 250*time.Microsecond {
		t.Errorf("Summary = %+v; want 3 sent, 2 replies (250us, 200us), 1 lost", s)
	}
	// A datagram nobody asked for is no reply.
	r.Received(us(400))
	r.Received(us(500))
	if s := r.Summary(); s.Replies != 3 || s.Lost != 0 {
		t.Errorf("Summary = %+v; want 3 replies, 0 lost", s)
	}
	if got := (Summary{Sent: 1, Lost: 1}).String(); got != "1 sent, 0 replies, 1 lost" {
		t.Errorf("String without replies = %q", got)
	}
}

func TestReplyTimesBoundsPending(t *testing.T) {
	r := NewTracker("udp")
	t0 := time.Now()
	for i := 0; i < maxPendingSends+10; i++ {
		r.Sent(t0)
	}
	if n := len(r.pending) - r.head; n != maxPendingSends {
		t.Errorf("%d sends remembered; want at most %d", n, maxPendingSends)
	}
	if s := r.Summary(); s.Sent != maxPendingSends+10 || s.Lost != s.Sent {
		t.Errorf("Summary = %+v", s)
	}
}
