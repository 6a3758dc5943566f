// Package nettest holds loopback helpers shared by several packages' tests.
package nettest

import (
	"net"
	"testing"
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
