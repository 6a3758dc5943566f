package sockets

import (
	"io"
	"net"
	"strings"
	"testing"
	"time"

	"go.uber.org/goleak"
)

// TestMain fails the run if any test leaves a goroutine behind.
func TestMain(m *testing.M) { goleak.VerifyTestMain(m) }

const testTimeout = 5 * time.Second

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

// eventually polls cond until it holds or the test times out.
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
