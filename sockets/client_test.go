package sockets

import (
	"context"
	"fmt"
	"net"
	"strings"
	"testing"
	"time"
)

func dialClient(t testing.TB, cfg ClientConfig) *Client {
	t.Helper()
	c, err := Dial(context.Background(), cfg)
	if err != nil {
		t.Fatalf("Dial: %v", err)
	}
	t.Cleanup(func() { c.Close() })
	return c
}

func TestClientExchange(t *testing.T) {
	for _, lb := range loopbacks {
		for _, network := range []string{"tcp", "udp"} {
			t.Run(network+"/"+lb.name, func(t *testing.T) {
				skipNoIPv6(t, lb.addr)
				q := NewEventQueue(256)
				s := startServer(t, ServerConfig{Network: network, Addr: lb.addr, Events: q})
				got := make(chunks, 16)
				c := dialClient(t, ClientConfig{Network: network, Addr: s.Addr().String(), Events: q, OnData: got.onData})
				msg := []byte("hello\r\n\x00")
				if err := c.Send(msg); err != nil {
					t.Fatal(err)
				}
				got.waitBytes(t, string(msg))

				// The whole exchange is observed in order, with exact bytes.
				var seq []string
				ev := waitEvent(t, q, kindIs(SideClient, KindReceived))
				for _, e := range ev {
					if e.Kind == KindSent || e.Kind == KindReceived {
						if string(e.Data) != string(msg) || e.Bytes != len(msg) {
							t.Fatalf("event %v carries %q; want %q", e, e.Data, msg)
						}
						seq = append(seq, e.Side.String()+" "+e.Kind.String())
					}
				}
				want := "client sent,server received,server sent,client received"
				if strings.Join(seq, ",") != want {
					t.Fatalf("sequence %v; want %s", seq, want)
				}
				if st := c.Stats(); st.BytesOut != uint64(len(msg)) || st.BytesIn != uint64(len(msg)) || st.MsgsOut != 1 {
					t.Fatalf("client stats %+v", st)
				}
			})
		}
	}
}

func TestClientHostnameAndLocalBind(t *testing.T) {
	s := startServer(t, ServerConfig{})
	_, port, _ := net.SplitHostPort(s.Addr().String())
	got := make(chunks, 16)
	c := dialClient(t, ClientConfig{Addr: net.JoinHostPort("localhost", port), LocalAddr: "127.0.0.1:0", OnData: got.onData})
	if h, _, _ := net.SplitHostPort(c.LocalAddr().String()); h != "127.0.0.1" && h != "::1" {
		t.Fatalf("local addr %s", c.LocalAddr())
	}
	if err := c.Send([]byte("by name")); err != nil {
		t.Fatal(err)
	}
	got.waitBytes(t, "by name")
}

func TestClientErrors(t *testing.T) {
	ln, _ := net.Listen("tcp", "127.0.0.1:0")
	closed := ln.Addr().String()
	ln.Close()

	cancelled, cancel := context.WithCancel(context.Background())
	cancel()

	cases := []struct {
		name string
		ctx  context.Context
		cfg  ClientConfig
		want string
	}{
		{"refused", context.Background(), ClientConfig{Addr: closed},
			fmt.Sprintf("dial tcp %s: connect: connection refused (nothing is listening on that port)", closed)},
		{"missing port", context.Background(), ClientConfig{Addr: "127.0.0.1"}, "missing port in address"},
		{"bad port", context.Background(), ClientConfig{Addr: "127.0.0.1:99999"}, "invalid port"},
		{"cancelled", cancelled, ClientConfig{Addr: closed}, "operation was canceled"},
		{"bad local", context.Background(), ClientConfig{Addr: closed, LocalAddr: "nope"}, "local address nope"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			q := NewEventQueue(8)
			tc.cfg.Events = q
			c, err := Dial(tc.ctx, tc.cfg)
			if err == nil {
				c.Close()
				t.Fatal("Dial succeeded")
			}
			if !strings.Contains(err.Error(), tc.want) {
				t.Fatalf("error %q; want it to contain %q", err, tc.want)
			}
			if e := <-q.Events(); e.Kind != KindError || e.Side != SideClient {
				t.Fatalf("event %v; want a client error", e)
			}
		})
	}
}

func TestClientTimeout(t *testing.T) {
	// A 1ns timeout expires before any connect completes, on loopback too.
	_, err := Dial(context.Background(), ClientConfig{Addr: "127.0.0.1:9", Timeout: time.Nanosecond})
	if err == nil || !strings.Contains(err.Error(), "i/o timeout") {
		t.Fatalf("error %v; want an i/o timeout", err)
	}
}

func TestClientSeesServerClose(t *testing.T) {
	q := NewEventQueue(64)
	s := startServer(t, ServerConfig{Events: q})
	c := dialClient(t, ClientConfig{Addr: s.Addr().String(), Events: q})
	// Stopping before the server has accepted would reset the connection
	// (closing a listener resets what waits in its backlog).
	waitEvent(t, q, kindIs(SideServer, KindConnected))
	s.Stop()
	within(t, "client to notice the server stopping", c.Done())
	ev := waitEvent(t, q, kindIs(SideClient, KindDisconnected))
	if d := ev[len(ev)-1]; d.Msg != "closed by server" || c.Err() != nil {
		t.Fatalf("disconnect %v, Err %v", d, c.Err())
	}
	if err := c.Send([]byte("x")); err == nil {
		t.Fatal("Send after close succeeded")
	}
}

func TestUDPClientToClosedPort(t *testing.T) {
	pc, _ := net.ListenPacket("udp", "127.0.0.1:0")
	addr := pc.LocalAddr().String()
	pc.Close()
	q := NewEventQueue(64)
	c := dialClient(t, ClientConfig{Network: "udp", Addr: addr, Events: q})
	c.Send([]byte("anyone?"))
	ev := waitEvent(t, q, kindIs(SideClient, KindError))
	if e := ev[len(ev)-1]; !strings.Contains(e.Err.Error(), "connection refused (no UDP server answered on that port)") {
		t.Fatalf("error event %v", e)
	}
	// The socket stays open for the next try.
	if err := c.Send([]byte("again")); err != nil {
		t.Fatalf("second send: %v", err)
	}
}
