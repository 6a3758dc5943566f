// Package nettest holds loopback helpers shared by several packages' tests.
package nettest

import (
	"net"
	"testing"
	"time"
)

// HasIPv6Loopback reports whether [::1] can be listened on here.
func HasIPv6Loopback() bool {
	ln, err := net.Listen("tcp6", "[::1]:0")
	if err != nil {
		return false
	}
	ln.Close()
	return true
}

// ClosedAddr returns a just-closed address on 127.0.0.1 that nothing listens on.
func ClosedAddr(t testing.TB, network string) string {
	t.Helper()
	var c interface {
		Close() error
	}
	var addr string
	switch network {
	case "udp":
		pc, err := net.ListenPacket("udp", "127.0.0.1:0")
		if err != nil {
			t.Fatal(err)
		}
		c, addr = pc, pc.LocalAddr().String()
	default:
		ln, err := net.Listen("tcp", "127.0.0.1:0")
		if err != nil {
			t.Fatal(err)
		}
		c, addr = ln, ln.Addr().String()
	}
	c.Close()
	return addr
}

// Listen listens on a free TCP port of 127.0.0.1 until the test ends.
func Listen(t testing.TB) net.Listener {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { ln.Close() })
	return ln
}

// UDPEcho runs a plain UDP echo on 127.0.0.1 until the test ends and
// returns its address.
func UDPEcho(t testing.TB) string {
	t.Helper()
	pc, err := net.ListenPacket("udp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { pc.Close() })
	go func() {
		b := make([]byte, 65536)
		for {
			n, from, err := pc.ReadFrom(b)
			if err != nil {
				return
			}
			_ = pc.SetWriteDeadline(time.Now().Add(5 * time.Second))
			if _, err := pc.WriteTo(b[:n], from); err != nil {
				return
			}
		}
	}()
	return pc.LocalAddr().String()
}

// Missing lists the numbers below n that got lacks: the datagrams a
// lossy path did not deliver, when each carried its number.
func Missing(got []uint32, n int) []int {
	seen := make([]bool, n)
	for _, v := range got {
		if int(v) < n {
			seen[v] = true
		}
	}
	var lost []int
	for i, ok := range seen {
		if !ok {
			lost = append(lost, i)
		}
	}
	return lost
}
