package sockets

import (
	"bytes"
	"fmt"
	"os/exec"
	"strconv"
	"strings"
	"testing"
	"time"
)

func TestEventQueueDropsAndReportsGap(t *testing.T) {
	q := NewEventQueue(2)
	for i := 0; i < 5; i++ {
		q.Emit(Event{Kind: KindInfo, Msg: "m"})
	}
	if q.Dropped() != 3 {
		t.Fatalf("Dropped %d; want 3", q.Dropped())
	}
	<-q.Events()
	<-q.Events()
	q.Emit(Event{Kind: KindInfo, Msg: "after"})
	gap, next := <-q.Events(), <-q.Events()
	if gap.Kind != KindGap || gap.Skipped != 3 || gap.Msg != "3 events not shown" || gap.Bytes != 0 {
		t.Fatalf("gap event %+v; want KindGap, Skipped 3", gap)
	}
	if next.Msg != "after" || next.Time.IsZero() {
		t.Fatalf("next event %v", next)
	}
	var nilQ *EventQueue
	nilQ.Emit(Event{}) // a nil queue discards
	if got := nilQ.Drain(nil, 0); len(got) != 0 {
		t.Fatalf("nil queue drained %v", got)
	}
}

func TestEventQueueDrain(t *testing.T) {
	q := NewEventQueue(8)
	for i := range 5 {
		q.Emit(Event{Kind: KindInfo, Msg: strconv.Itoa(i)})
	}
	got := q.Drain(nil, 3)
	if len(got) != 3 || got[0].Msg != "0" || got[2].Msg != "2" {
		t.Fatalf("Drain(3) = %v", got)
	}
	got = q.Drain(got[:0], 0)
	if len(got) != 2 || got[0].Msg != "3" || got[1].Msg != "4" {
		t.Fatalf("Drain(all) = %v", got)
	}
	if got = q.Drain(nil, 0); len(got) != 0 {
		t.Fatalf("empty queue drained %v", got)
	}
}

func TestStatsExactWhenEventsDropped(t *testing.T) {
	q := NewEventQueue(1) // nobody drains: almost every event is dropped
	s := startServer(t, ServerConfig{Network: "udp", Events: q})
	c := dial(t, "udp", s)
	const n = 200
	for i := 0; i < n; i++ {
		c.Write([]byte("0123456789"))
		readDatagram(t, c)
	}
	// The last reply can arrive a moment before the server counts it; once
	// Stop returns, every goroutine that counts has ended.
	if err := s.Stop(); err != nil {
		t.Fatal(err)
	}
	want := Stats{MsgsIn: n, MsgsOut: n, BytesIn: 10 * n, BytesOut: 10 * n}
	if got := s.Stats(); got != want {
		t.Fatalf("stats %+v; want %+v", got, want)
	}
	if q.Dropped() == 0 {
		t.Fatal("no events dropped with a queue of 1")
	}
}

func TestEventCaptureIsCapped(t *testing.T) {
	q := NewEventQueue(64)
	s := startServer(t, ServerConfig{Events: q, CaptureBytes: 4, Mode: ModeSilent})
	c := dial(t, "tcp", s)
	c.Write([]byte("0123456789"))
	ev := waitEvent(t, q, kindIs(SideServer, KindReceived))
	e := ev[len(ev)-1]
	if e.Bytes != 10 || string(e.Data) != "0123" || !e.Truncated {
		t.Fatalf("event N=%d Data=%q Truncated=%v; want 10, \"0123\", true", e.Bytes, e.Data, e.Truncated)
	}
	if time.Since(e.Time) > testTimeout || e.Local != s.Addr().String() || e.Remote != c.LocalAddr().String() {
		t.Fatalf("event addresses/time wrong: %+v", e)
	}
}

func TestSocketsDoesNotImportFyne(t *testing.T) {
	out, err := exec.Command("go", "list", "-deps", ".").CombinedOutput()
	if err != nil {
		t.Fatalf("go list: %v\n%s", err, out)
	}
	for _, line := range strings.Split(string(bytes.TrimSpace(out)), "\n") {
		if strings.HasPrefix(line, "fyne.io/") {
			t.Fatalf("sockets depends on %s", line)
		}
	}
}

func TestDataEventsRateLimitedAndCounted(t *testing.T) {
	q := NewEventQueue(1024)
	var now int64 // a fake clock: time moves only when the test says
	q.clock = func() int64 { return now }
	q.SetDataRate(200) // 5 ms apart, bursts of 50 ms' worth (10 events)
	admitted := 0
	for range 100 {
		if q.admitData(1) {
			admitted++
		}
	}
	if admitted != 10 {
		t.Fatalf("%d of 100 events at once admitted at 200/s; want a burst of 10", admitted)
	}
	// 20 ms later, 4 more slots have opened.
	now += int64(20 * time.Millisecond)
	for range 100 {
		if q.admitData(1) {
			admitted++
		}
	}
	if admitted != 14 {
		t.Fatalf("%d admitted after 20 ms more; want 14", admitted)
	}
	if q.Dropped() != 200-14 {
		t.Fatalf("Dropped %d; want %d", q.Dropped(), 200-14)
	}
	// Every event not admitted is reported in a gap, even with no later
	// event to carry it.
	gap := within(t, "the gap report", q.Events())
	if gap.Kind != KindGap || gap.Skipped != 200-14 {
		t.Fatalf("gap %+v; want Skipped %d", gap, 200-14)
	}
}

func TestDataEventsFromServerShownOrCounted(t *testing.T) {
	q := NewEventQueue(1024)
	q.SetDataRate(200)
	s := startServer(t, ServerConfig{Mode: ModeSilent, Events: q})
	c := dial(t, "tcp", s)
	const n = 100
	for i := 0; i < n; i++ {
		c.Write([]byte("x"))
	}
	// However the kernel splits the 100 bytes into reads, every read is
	// either shown or counted in a gap report.
	shown, hidden, bytes := 0, 0, 0
	waitEvent(t, q, func(e Event) bool {
		switch e.Kind {
		case KindReceived:
			shown++
			bytes += e.Bytes
		case KindGap:
			hidden += int(e.Skipped)
		}
		return bytes > 0 && uint64(shown+hidden) == s.Stats().MsgsIn && s.Stats().BytesIn == n
	})
	if shown == 0 {
		t.Fatal("no received event shown")
	}
}

func TestDataRateZeroShowsEverything(t *testing.T) {
	q := NewEventQueue(1024)
	q.SetDataRate(0)
	s := startServer(t, ServerConfig{Network: "udp", Events: q})
	c := dial(t, "udp", s)
	for i := 0; i < 300; i++ {
		c.Write([]byte("x"))
		readDatagram(t, c) // one at a time: loopback UDP may drop a burst
	}
	got := 0
	waitEvent(t, q, func(e Event) bool {
		if e.Kind == KindReceived {
			got++
		}
		return got == 300
	})
	if q.Dropped() != 0 {
		t.Fatalf("%d dropped with no rate limit and room", q.Dropped())
	}
}

// TestEventsBatchedWhileDropping: once payload events come faster than the
// sustained rate, the reader is not woken for each event: events wait in a batch, in order, with
// the gap before them, until the gap report, a full batch, or a Drain.
func TestEventsBatchedWhileDropping(t *testing.T) {
	q := NewEventQueue(1024)
	var now int64
	q.clock = func() int64 { return now }
	q.SetDataRate(200) // bursts of 10
	q.admitData(1)
	q.Emit(Event{Kind: KindInfo, Bytes: -1})
	if e := within(t, "an event at the sustained rate", q.Events()); e.Bytes != -1 {
		t.Fatalf("got %v; want the event emitted", e)
	}
	for range 10 {
		q.admitData(1) // the 11th is refused: a flood
	}
	for i := range 3 {
		q.Emit(Event{Kind: KindInfo, Bytes: i})
	}
	if n := len(q.Events()); n != 0 {
		t.Fatalf("%d events reached the channel at once during a flood; want them batched", n)
	}
	got := q.Drain(nil, 0)
	want := []string{"gap 1", "info 0", "info 1", "info 2"}
	if len(got) != len(want) {
		t.Fatalf("Drain gave %d events %v; want %v", len(got), got, want)
	}
	for i, e := range got {
		s := fmt.Sprintf("%s %d", e.Kind, e.Bytes)
		if e.Kind == KindGap {
			s = fmt.Sprintf("gap %d", e.Skipped)
		}
		if s != want[i] {
			t.Fatalf("event %d is %q; want %q (all: %v)", i, s, want[i], got)
		}
	}
	// With no Drain, the gap timer sends the batch on.
	now += int64(time.Second)
	q.Emit(Event{Kind: KindInfo, Bytes: 3})
	if e := within(t, "the batch", q.Events()); e.Kind != KindInfo || e.Bytes != 3 {
		t.Fatalf("got %v; want the held info event", e)
	}
	// Then, with nothing dropped, events go at once again.
	eventually(t, "batching to end", func() bool { return !q.holding.Load() })
	q.Emit(Event{Kind: KindInfo, Bytes: 4})
	if n := len(q.Events()); n != 1 {
		t.Fatalf("%d events in the channel right after Emit with no flood; want 1", n)
	}
}

// TestDataEventsOff: a queue whose reader shows no payload events (serve
// --quiet) has the server build none and report none as missing, while the
// counters stay exact and lifecycle events still come.
func TestDataEventsOff(t *testing.T) {
	q := NewEventQueue(1024)
	q.SetDataEvents(false)
	s := startServer(t, ServerConfig{Network: "udp", Events: q})
	c := dial(t, "udp", s)
	for range 50 {
		c.Write([]byte("x"))
		readDatagram(t, c)
	}
	stopWithin(t, s)
	for _, e := range q.Drain(nil, 0) {
		if e.Kind.IsData() || e.Kind == KindGap {
			t.Fatalf("event %v with payload events off", e)
		}
	}
	if d := q.Dropped(); d != 0 {
		t.Fatalf("%d events counted as not shown; want none built", d)
	}
	if st := s.Stats(); st.MsgsIn != 50 || st.MsgsOut != 50 {
		t.Fatalf("stats %+v; want 50 datagrams each way", st)
	}
}
