package seqdiagram

import (
	"testing"

	"github.com/sockettester/sockettester/sockets"
)

// TestSeqModelRelayLane draws the relay (Forward to…) in a lane of its own:
// the app's client talks to it (its send and the relay's receive are one
// arrow), the target answers it, it passes the answer on.
func TestSeqModelRelayLane(t *testing.T) {
	c, r := sockets.SideClient, sockets.SideRelay
	const relay, toTarget, target = "127.0.0.1:7000", "127.0.0.1:51000", "127.0.0.1:9000"
	for _, swap := range []bool{false, true} {
		rows := []sockets.Event{
			seqEvent(0, r, sockets.KindListening, relay, "", ""),
			seqEvent(10, c, sockets.KindConnected, seqClient, relay, ""),
			seqEvent(10.1, r, sockets.KindConnected, relay, seqClient, ""),
			seqEvent(10.2, r, sockets.KindConnected, toTarget, target, ""),
			seqEvent(20, c, sockets.KindSent, seqClient, relay, "hello"),
			seqEvent(20.1, r, sockets.KindReceived, relay, seqClient, "hello"),
			seqEvent(20.2, r, sockets.KindReceived, toTarget, target, "hello"),
			seqEvent(20.3, c, sockets.KindReceived, seqClient, relay, "hello"),
		}
		if swap { // the relay's receive logged before the client's send
			rows[4], rows[5] = rows[5], rows[4]
		}
		m := newSeqModel()
		m.Append(rows, 0)
		lanes := m.Lanes()
		if k := lanes.Keys; len(k) != 3 || k[0].kind != seqLaneClient || k[1].kind != seqLaneRelay || k[2].addr != target {
			t.Fatalf("swap=%v: lanes %+v; want client, relay, the target", swap, k)
		}
		want := "marker 1 listening\nmarker 0 connected\nmarker 1 connected\nmarker 1 connected\n" +
			"arrow 0->1 \"hello\" paired\narrow 2->1 \"hello\"\narrow 1->0 \"hello\"\n"
		if got := SeqText(m); got != want {
			t.Errorf("swap=%v: items\n%s\nwant\n%s", swap, got, want)
		}
		if got := LaneName(lanes.Keys[1]); got != "Relay" {
			t.Errorf("lane title %q; want Relay", got)
		}
	}
}
