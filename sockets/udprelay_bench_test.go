package sockets

import (
	"net"
	"testing"
	"time"
)

// BenchmarkUDPRelayRoundTrip measures one 64-byte datagram's round trip to
// a UDP echo server, directly and through the UDP relay, with and without
// a condition that takes nothing (toxicity 0).
func BenchmarkUDPRelayRoundTrip(b *testing.B) {
	echo := startServer(b, ServerConfig{Network: "udp"})
	for _, bc := range []struct {
		name  string
		conds []string
		relay bool
	}{
		{"direct", nil, false},
		{"relay", nil, true},
		{"relay-toxicity0", []string{"loss=1,toxicity=0"}, true},
	} {
		b.Run(bc.name, func(b *testing.B) {
			to := echo
			if bc.relay {
				to = startUDPRelay(b, echo.Addr().String(), ServerConfig{Conditions: condSet(b, 1, bc.conds...)})
			}
			c, err := net.Dial("udp", to.Addr().String())
			if err != nil {
				b.Fatal(err)
			}
			defer c.Close()
			c.SetDeadline(time.Now().Add(time.Minute))
			out, in := make([]byte, 64), make([]byte, 128)
			b.SetBytes(64)
			b.ResetTimer()
			for i := 0; i < b.N; i++ {
				if _, err := c.Write(out); err != nil {
					b.Fatal(err)
				}
				if n, err := c.Read(in); err != nil || n != 64 {
					b.Fatalf("read %d, %v", n, err)
				}
			}
		})
	}
}
