package sockets

import (
	"strings"
	"testing"
)

// TestClientNameOnEvents checks that a named client's every event carries
// its name, and the server's none, over a real loopback exchange.
func TestClientNameOnEvents(t *testing.T) {
	q := NewEventQueue(256)
	s := startServer(t, ServerConfig{Network: "tcp", Addr: "127.0.0.1:0", Events: q})
	got := make(chunks, 16)
	c := dialClient(t, ClientConfig{Network: "tcp", Addr: s.Addr().String(), Events: q, OnData: got.onData, Name: "Client 2"})
	if err := c.Send([]byte("hi")); err != nil {
		t.Fatal(err)
	}
	got.waitBytes(t, "hi")
	c.Close()
	ev := waitEvent(t, q, kindIs(SideClient, KindDisconnected))
	var kinds []string
	for _, e := range ev {
		switch e.Side {
		case SideClient:
			if e.Name != "Client 2" {
				t.Fatalf("client event %v has name %q; want Client 2", e, e.Name)
			}
			kinds = append(kinds, e.Kind.String())
		case SideServer:
			if e.Name != "" {
				t.Fatalf("server event %v has name %q", e, e.Name)
			}
		}
	}
	if want := "connected,sent,received,disconnected"; strings.Join(kinds, ",") != want {
		t.Fatalf("client events %v; want %s", kinds, want)
	}
	if e := c.SummaryEvent(); e.Name != "Client 2" {
		t.Fatalf("summary event name %q", e.Name)
	}
}
