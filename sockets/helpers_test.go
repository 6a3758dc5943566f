package sockets

import (
	"fmt"
	"io"
	"net"
	"strings"
	"testing"
	"time"

	"go.uber.org/goleak"
)

// TestMain fails the run if any test leaves a goroutine behind.
func TestMain(m *testing.M) { goleak.VerifyTestMain(m) }

// testTimeout is the deadline on every wait: generous, so that a busy
// machine slows the tests down without failing them.
const testTimeout = 10 * time.Second

// startServer starts a server and stops it when the test ends.
func startServer(t testing.TB, cfg ServerConfig) *Server {
	t.Helper()
	s := NewServer(cfg)
	if err := s.Start(); err != nil {
		t.Fatalf("Start: %v", err)
	}
	t.Cleanup(func() { s.Stop() })
	return s
}

// dial opens a raw connection to s with deadlines set.
func dial(t testing.TB, network string, s *Server) net.Conn {
	t.Helper()
	c, err := net.DialTimeout(network, s.Addr().String(), testTimeout)
	if err != nil {
		t.Fatalf("dial: %v", err)
	}
	c.SetDeadline(time.Now().Add(testTimeout))
	t.Cleanup(func() { c.Close() })
	return c
}

// roundTrip writes msg and reads exactly want back.
func roundTrip(t testing.TB, c net.Conn, msg, want []byte) {
	t.Helper()
	if _, err := c.Write(msg); err != nil {
		t.Fatalf("write: %v", err)
	}
	got := make([]byte, len(want))
	if _, err := io.ReadFull(c, got); err != nil {
		t.Fatalf("read: %v (got %q)", err, got)
	}
	if string(got) != string(want) {
		t.Fatalf("got %q; want %q", got, want)
	}
}

// readDatagram reads one datagram from c.
func readDatagram(t testing.TB, c net.Conn) []byte {
	t.Helper()
	buf := make([]byte, maxDatagram)
	n, err := c.Read(buf)
	if err != nil {
		t.Fatalf("read datagram: %v", err)
	}
	return buf[:n]
}

// expectSilence asserts nothing arrives on c within d.
func expectSilence(t testing.TB, c net.Conn, d time.Duration) {
	t.Helper()
	c.SetReadDeadline(time.Now().Add(d))
	buf := make([]byte, 64)
	if n, err := c.Read(buf); n > 0 || err == nil {
		t.Fatalf("got %q; want nothing", buf[:n])
	}
	c.SetReadDeadline(time.Now().Add(testTimeout))
}

// waitEvent reads events from q until one matches, failing after testTimeout.
// It returns the events seen up to and including the match.
func waitEvent(t testing.TB, q *EventQueue, match func(Event) bool) []Event {
	t.Helper()
	var seen []Event
	deadline := time.After(testTimeout)
	for {
		select {
		case e := <-q.Events():
			seen = append(seen, e)
			if match(e) {
				return seen
			}
		case <-deadline:
			var b strings.Builder
			for _, e := range seen {
				b.WriteString("\n  " + e.String())
			}
			t.Fatalf("no matching event within %v; saw:%s", testTimeout, b.String())
		}
	}
}

// kindIs matches events of side and kind.
func kindIs(side Side, k Kind) func(Event) bool {
	return func(e Event) bool { return e.Side == side && e.Kind == k }
}

// eventually polls cond until it holds or the test times out. It is only
// for conditions nothing signals (a counter, a peer table); wait on an
// event, a channel or Client.Done wherever the code can say that the thing
// happened.
func eventually(t testing.TB, what string, cond func() bool) {
	t.Helper()
	deadline := time.Now().Add(testTimeout)
	for !cond() {
		if time.Now().After(deadline) {
			t.Fatalf("timed out waiting for %s", what)
		}
		time.Sleep(5 * time.Millisecond)
	}
}

// within waits for ch to deliver, failing the test after testTimeout.
func within[T any](t testing.TB, what string, ch <-chan T) T {
	t.Helper()
	select {
	case v := <-ch:
		return v
	case <-time.After(testTimeout):
		t.Fatalf("no %s within %v", what, testTimeout)
		var zero T
		return zero
	}
}

// stopWithin stops s, failing the test if Stop has not returned within
// testTimeout: it must never hang, however the peers behave.
func stopWithin(t testing.TB, s *Server) {
	t.Helper()
	done := make(chan error, 1)
	go func() { done <- s.Stop() }()
	if err := within(t, "return from Stop", done); err != nil {
		t.Fatalf("Stop: %v", err)
	}
}

// chunks collects what a client's OnData sees, for waitBytes.
type chunks chan []byte

// onData is a ClientConfig.OnData that keeps a copy of every chunk.
func (c chunks) onData(p []byte) { c <- append([]byte(nil), p...) }

// waitBytes reads chunks until they add up to want, failing on anything
// else or after testTimeout.
func (c chunks) waitBytes(t testing.TB, want string) {
	t.Helper()
	var got []byte
	for len(got) < len(want) {
		got = append(got, within(t, fmt.Sprintf("%q (have %q)", want, got), (<-chan []byte)(c))...)
	}
	if string(got) != want {
		t.Fatalf("received %q; want %q", got, want)
	}
}

// loopbacks are the addresses every network test runs on.
var loopbacks = []struct{ name, addr string }{
	{"ipv4", "127.0.0.1:0"},
	{"ipv6", "[::1]:0"},
}

// skipNoIPv6 skips when the machine has no IPv6 loopback.
func skipNoIPv6(t testing.TB, addr string) {
	t.Helper()
	if !strings.HasPrefix(addr, "[") {
		return
	}
	ln, err := net.Listen("tcp", "[::1]:0")
	if err != nil {
		t.Skipf("no IPv6 loopback: %v", err)
	}
	ln.Close()
}
