package sockets

import (
	"context"
	"testing"
)

// TestClientStampsReplyTimes checks a real client: received events carry
// the time since the send, and the summary counts the exchange.
func TestClientStampsReplyTimes(t *testing.T) {
	for _, network := range []string{"tcp", "udp"} {
		t.Run(network, func(t *testing.T) {
			s := startServer(t, ServerConfig{Network: network})
			q := NewEventQueue(0)
			got := make(chunks, 4)
			c, err := Dial(context.Background(), ClientConfig{Network: network, Addr: s.Addr().String(), Events: q, OnData: got.onData})
			if err != nil {
				t.Fatal(err)
			}
			defer c.Close()
			for i := 0; i < 3; i++ {
				if err := c.Send([]byte("ping")); err != nil {
					t.Fatal(err)
				}
				got.waitBytes(t, "ping")
			}
			ev := waitEvent(t, q, kindIs(SideClient, KindReceived))
			if e := ev[len(ev)-1]; e.Reply <= 0 {
				t.Errorf("received event without a reply time: %v", e)
			}
			sum := c.Replies()
			if sum.Sent != 3 || sum.Replies != 3 || sum.Lost != 0 || sum.Min <= 0 || sum.Min > sum.P50 || sum.P50 > sum.Max {
				t.Errorf("Replies() = %+v; want 3 of 3 with ordered times", sum)
			}
			e := c.SummaryEvent()
			if e.Kind != KindSummary || e.Side != SideClient || e.Summary == nil || e.Summary.Sent != 3 || e.Msg != e.Summary.String() || e.Remote != s.Addr().String() {
				t.Errorf("SummaryEvent() = %+v", e)
			}
		})
	}
}
