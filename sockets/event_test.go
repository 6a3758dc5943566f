package sockets

import (
	"bytes"
	"fmt"
	"os/exec"
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
	if gap.Kind != KindInfo || gap.Msg != "3 events not shown" {
		t.Fatalf("gap event %v", gap)
	}
	if next.Msg != "after" || next.Time.IsZero() {
		t.Fatalf("next event %v", next)
	}
	var nilQ *EventQueue
	nilQ.Emit(Event{}) // a nil queue discards
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
	// The last reply can arrive a moment before the server counts it.
	want := Stats{MsgsIn: n, MsgsOut: n, BytesIn: 10 * n, BytesOut: 10 * n}
	eventually(t, fmt.Sprintf("stats %+v", want), func() bool { return s.Stats() == want })
	if q.Dropped() == 0 {
		t.Fatal("no events dropped with a queue of 1")
	}
}

func TestEventCaptureIsCapped(t *testing.T) {
	q := NewEventQueue(64)
	s := startServer(t, ServerConfig{Events: q, CaptureBytes: 4, Mode: ModeSink})
	c := dial(t, "tcp", s)
	c.Write([]byte("0123456789"))
	ev := waitEvent(t, q, kindIs(SideServer, KindReceived))
	e := ev[len(ev)-1]
	if e.N != 10 || string(e.Data) != "0123" || !e.Truncated {
		t.Fatalf("event N=%d Data=%q Truncated=%v; want 10, \"0123\", true", e.N, e.Data, e.Truncated)
	}
	if time.Since(e.Time) > testTimeout || e.Local != s.Addr().String() || e.Remote != c.LocalAddr().String() {
		t.Fatalf("event addresses/time wrong: %+v", e)
	}
}

func TestEventString(t *testing.T) {
	at := time.Date(2026, 1, 2, 13, 4, 5, 123456789, time.Local)
	e := Event{Time: at, Side: SideServer, Kind: KindReceived, Network: "tcp", Remote: "127.0.0.1:5000", N: 8, Data: []byte("hi\n\x01\"\\")}
	want := `13:04:05.123 server received tcp 127.0.0.1:5000 8B "hi\n\x01\"\\"`
	if got := e.String(); got != want {
		t.Fatalf("got  %s\nwant %s", got, want)
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
	q.SetDataRate(200) // bursts of 10, then 200 a second
	s := startServer(t, ServerConfig{Network: "udp", Mode: ModeSink, Events: q})
	c := dial(t, "udp", s)
	const n = 100
	for i := 0; i < n; i++ {
		c.Write([]byte("x"))
	}
	eventually(t, "all datagrams counted", func() bool { return s.Stats().MsgsIn == n })
	// Every datagram is either shown or counted in a gap report, which a
	// timer sends even though no later event comes.
	shown, hidden := 0, 0
	waitEvent(t, q, func(e Event) bool {
		switch {
		case e.Kind == KindReceived:
			shown++
		case e.Kind == KindInfo && strings.HasSuffix(e.Msg, " events not shown"):
			hidden += e.N
		}
		return shown+hidden == n
	})
	if shown < 10 || shown > 40 {
		t.Fatalf("%d received events shown at 200/s in bursts of 10; want about 10", shown)
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
