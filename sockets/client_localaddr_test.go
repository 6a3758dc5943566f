package sockets

import (
	"context"
	"net"
	"strings"
	"testing"

	"github.com/sockettester/sockettester/sockets/addr"
)

// TestClientLocalAddr checks a client bound to a chosen local port is seen
// from that port.
func TestClientLocalAddr(t *testing.T) {
	for _, lb := range loopbacks {
		t.Run(lb.name, func(t *testing.T) {
			skipNoIPv6(t, lb.addr)
			s := startServer(t, ServerConfig{Addr: lb.addr})
			ln, err := net.Listen("tcp", lb.addr)
			if err != nil {
				t.Fatal(err)
			}
			free := ln.Addr().String()
			ln.Close()
			host, port, _ := net.SplitHostPort(free)
			local, err := addr.ParseLocal(host, port)
			if err != nil {
				t.Fatal(err)
			}
			c, err := Dial(context.Background(), ClientConfig{Addr: s.Addr().String(), LocalAddr: local})
			if err != nil {
				t.Fatalf("Dial from %s: %v", local, err)
			}
			defer c.Close()
			if c.LocalAddr().String() != free {
				t.Fatalf("bound %s; want %s", c.LocalAddr(), free)
			}
			c.Send([]byte("x"))
			eventually(t, "the server to list the client", func() bool {
				ps := s.Peers()
				return len(ps) == 1 && ps[0].Addr == free
			})
		})
	}
}

func TestClientLocalAddrFamilyMismatch(t *testing.T) {
	skipNoIPv6(t, "[::1]:0")
	s := startServer(t, ServerConfig{Addr: "[::1]:0"})
	_, err := Dial(context.Background(), ClientConfig{Addr: s.Addr().String(), LocalAddr: "127.0.0.1:0"})
	if err == nil || !strings.Contains(err.Error(), "must both be IPv4 or both IPv6") {
		t.Errorf("Dial from 127.0.0.1 to [::1]: %v; want the families explained", err)
	}
}
