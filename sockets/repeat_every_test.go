package sockets

import (
	"context"
	"net"
	"testing"
	"time"

	"github.com/sockettester/sockettester/internal/periodbench"
)

// TestSendEveryStopsAndCounts: sends go out, numbered by next, until stop;
// each arrives exact at a UDP peer.
func TestSendEveryStopsAndCounts(t *testing.T) {
	pc, c := udpPeerAndClient(t)
	stop := make(chan struct{})
	n := byte(0)
	done := make(chan int, 1)
	go func() {
		sent, _ := c.SendEvery(stop, func() []byte { n++; return []byte{'#', n} }, time.Millisecond)
		done <- sent
	}()
	buf := make([]byte, 16)
	for want := byte(1); want <= 5; want++ {
		pc.SetReadDeadline(time.Now().Add(testTimeout))
		k, _, err := pc.ReadFrom(buf)
		if err != nil || string(buf[:k]) != string([]byte{'#', want}) {
			t.Fatalf("datagram %d: %q, %v", want, buf[:k], err)
		}
	}
	close(stop)
	select {
	case sent := <-done:
		if sent < 5 {
			t.Fatalf("SendEvery says %d sent; at least 5 arrived", sent)
		}
	case <-time.After(testTimeout):
		t.Fatal("SendEvery did not stop")
	}
	if _, err := c.SendEvery(nil, func() []byte { return nil }, 0); err == nil || err.Error() != "a period must be 1 ms or more, not 0s" {
		t.Fatalf("period 0: %v", err)
	}
}

// BenchmarkSendEvery1ms sends a datagram every millisecond for 10 s to a
// UDP socket on loopback and reports the median and the 5th and 95th
// percentiles of the intervals between arrivals (target: a median of
// 1.0 ± 0.2 ms). Run it alone:
//
//	go test -run '^$' -bench BenchmarkSendEvery1ms -benchtime 1x ./sockets/
func BenchmarkSendEvery1ms(b *testing.B) {
	pc, c := udpPeerAndClient(b)
	periodbench.Run(b, pc, 10*time.Second, func(stop <-chan struct{}) {
		c.SendEvery(stop, func() []byte { return []byte("tick") }, time.Millisecond)
	})
}

// udpPeerAndClient returns a UDP socket on 127.0.0.1 and a client of ours
// connected to it, both closed when the test ends.
func udpPeerAndClient(tb testing.TB) (net.PacketConn, *Client) {
	tb.Helper()
	pc, err := net.ListenPacket("udp", "127.0.0.1:0")
	if err != nil {
		tb.Fatal(err)
	}
	tb.Cleanup(func() { pc.Close() })
	c, err := Dial(context.Background(), ClientConfig{Network: "udp", Addr: pc.LocalAddr().String()})
	if err != nil {
		tb.Fatal(err)
	}
	tb.Cleanup(func() { c.Close() })
	return pc, c
}
