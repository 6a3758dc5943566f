package seqdiagram

import (
	"testing"
	"time"

	"github.com/sockettester/sockettester/sockets"
	"github.com/sockettester/sockettester/sockets/msg"
)

// TestSeqModelRelayLane draws the relay (Forward to…) in a lane of its own:
// the app's client talks to it (its send and the relay's receive are one
// arrow), it passes the hello on to the target, the target answers it, it
// passes the answer on.
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
		rows[3].Code, rows[3].Args = "relayTarget", msg.Args{"Addr": seqClient}
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
			"arrow 0->1 \"hello\" paired\narrow 1->2 \"hello\"\narrow 2->1 \"hello\"\narrow 1->0 \"hello\"\n"
		if got := SeqText(m); got != want {
			t.Errorf("swap=%v: items\n%s\nwant\n%s", swap, got, want)
		}
		if got := LaneName(lanes.Keys[1]); got != "Relay" {
			t.Errorf("lane title %q; want Relay", got)
		}
	}
}

// TestSeqModelRelayPassesOn: a relay's row for a chunk it passed on is two
// arrows, as the log's "client → target" and "target → client" say: in
// from the sender's lane, and on out to the receiver's. A web client (curl,
// not this app) asks through the relay and the target answers: the request
// runs client -> relay -> target, the response target -> relay -> client.
func TestSeqModelRelayPassesOn(t *testing.T) {
	r := sockets.SideRelay
	const relay, curl, toTarget, target = "127.0.0.1:7000", "127.0.0.1:40100", "127.0.0.1:51000", "127.0.0.1:8000"
	relayed := func(ms float64, local, remote, code, to, data string) sockets.Event {
		e := seqEvent(ms, r, sockets.KindReceived, local, remote, data)
		e.Code, e.Args = msg.Code(code), msg.Args{"Addr": to}
		return e
	}
	targetConnected := seqEvent(10.2, r, sockets.KindConnected, toTarget, target, "")
	targetConnected.Code, targetConnected.Args = "relayTarget", msg.Args{"Addr": curl}
	rows := []sockets.Event{
		seqEvent(0, r, sockets.KindListening, relay, "", ""),
		seqEvent(10.1, r, sockets.KindConnected, relay, curl, ""),
		targetConnected,
		relayed(20, relay, curl, "relayUp", "localhost:8000", "GET / HTTP/1.1\r\n\r\n"),
		relayed(30, toTarget, target, "relayDown", curl, "HTTP/1.1 200 OK\r\n\r\n"),
	}
	m := newSeqModel()
	m.Append(rows, 0)
	lanes := m.Lanes()
	if k := lanes.Keys; len(k) != 3 || k[0].addr != curl || k[1].kind != seqLaneRelay || k[2].addr != target {
		t.Fatalf("lanes %+v; want the web client, the relay, the target", k)
	}
	want := "marker 1 listening\nmarker 1 connected\nmarker 1 connected\n" +
		"arrow 0->1 \"GET / HTTP/1.1\\\\r\\\\n\\\\r\\\\n\"\narrow 1->2 \"GET / HTTP/1.1\\\\r\\\\n\\\\r\\\\n\"\n" +
		"arrow 2->1 \"HTTP/1.1 200 OK\\\\r\\\\n\\\\r\\\\n\"\narrow 1->0 \"HTTP/1.1 200 OK\\\\r\\\\n\\\\r\\\\n\"\n"
	if got := SeqText(m); got != want {
		t.Errorf("items\n%s\nwant\n%s", got, want)
	}
	// Either arrow of a pair finds the log row it stands for.
	if i, ok := m.ItemAt(4); !ok || m.Item(i).seq != 4 {
		t.Errorf("ItemAt(4) = %d, %v; want an arrow of row 4", i, ok)
	}
}

// relaySession is a web client (not this app) asking a target through the
// relay, and the target's answer, as the relay logs them.
func relaySession(answer sockets.Event) []sockets.Event {
	r := sockets.SideRelay
	const relay, curl, toTarget, target = "127.0.0.1:7000", "127.0.0.1:40100", "127.0.0.1:51000", "127.0.0.1:8000"
	targetConnected := seqEvent(10.2, r, sockets.KindConnected, toTarget, target, "")
	targetConnected.Code, targetConnected.Args = "relayTarget", msg.Args{"Addr": curl}
	ask := seqEvent(20, r, sockets.KindReceived, relay, curl, "ask")
	ask.Code, ask.Args = "relayUp", msg.Args{"Addr": target}
	answer.Local, answer.Remote = toTarget, target
	answer.Code, answer.Args = "relayDown", msg.Args{"Addr": curl}
	return []sockets.Event{
		seqEvent(0, r, sockets.KindListening, relay, "", ""),
		seqEvent(10.1, r, sockets.KindConnected, relay, curl, ""),
		targetConnected, ask, answer,
	}
}

// A chunk network conditions held at the relay: its pass-on arrow is
// slanted (held), the arrow in is not. A datagram a condition dropped: the
// arrow in ends in a cross (dropped), and there is no pass-on arrow.
func TestSeqModelRelayHeldAndDropped(t *testing.T) {
	held := seqEvent(330, sockets.SideRelay, sockets.KindReceived, "", "", "answer")
	held.Held = 300 * time.Millisecond
	m := newSeqModel()
	m.Append(relaySession(held), 0)
	want := "marker 1 listening\nmarker 1 connected\nmarker 1 connected\n" +
		"arrow 0->1 \"ask\"\narrow 1->2 \"ask\"\n" +
		"arrow 2->1 \"answer\"\narrow 1->0 \"answer\" held 300ms\n"
	if got := SeqText(m); got != want {
		t.Errorf("held: items\n%s\nwant\n%s", got, want)
	}

	dropped := seqEvent(30, sockets.SideRelay, sockets.KindReceived, "", "", "lost")
	dropped.Dropped = true
	m = newSeqModel()
	m.Append(relaySession(dropped), 0)
	want = "marker 1 listening\nmarker 1 connected\nmarker 1 connected\n" +
		"arrow 0->1 \"ask\"\narrow 1->2 \"ask\"\n" +
		"arrow 2->1 \"lost\" dropped\n"
	if got := SeqText(m); got != want {
		t.Errorf("dropped: items\n%s\nwant\n%s", got, want)
	}
}

// The app's own client through the relay: the relay's pass-on to it is the
// client's own receive, which shows how long the relay held the chunk; its
// send the relay dropped ends in a cross, paired with the relay's end.
func TestSeqModelRelayHeldToTheAppsClient(t *testing.T) {
	c, r := sockets.SideClient, sockets.SideRelay
	const relay, toTarget, target = "127.0.0.1:7000", "127.0.0.1:51000", "127.0.0.1:9000"
	targetConnected := seqEvent(10.2, r, sockets.KindConnected, toTarget, target, "")
	targetConnected.Code, targetConnected.Args = "relayTarget", msg.Args{"Addr": seqClient}
	back := seqEvent(320.2, r, sockets.KindReceived, toTarget, target, "Hello, world")
	back.Held = 300 * time.Millisecond
	lost := seqEvent(400.1, r, sockets.KindReceived, relay, seqClient, "lost")
	lost.Dropped = true
	rows := []sockets.Event{
		seqEvent(0, r, sockets.KindListening, relay, "", ""),
		seqEvent(10, c, sockets.KindConnected, seqClient, relay, ""),
		seqEvent(10.1, r, sockets.KindConnected, relay, seqClient, ""),
		targetConnected,
		seqEvent(20, c, sockets.KindSent, seqClient, relay, "Hello, world"),
		seqEvent(20.1, r, sockets.KindReceived, relay, seqClient, "Hello, world"),
		back,
		seqEvent(320.3, c, sockets.KindReceived, seqClient, relay, "Hello, world"),
		seqEvent(400, c, sockets.KindSent, seqClient, relay, "lost"),
		lost,
		seqEvent(500, c, sockets.KindReceived, seqClient, relay, "later"),
	}
	m := newSeqModel()
	m.Append(rows, 0)
	want := "marker 1 listening\nmarker 0 connected\nmarker 1 connected\nmarker 1 connected\n" +
		"arrow 0->1 \"Hello, world\" paired\narrow 1->2 \"Hello, world\"\n" +
		"arrow 2->1 \"Hello, world\"\narrow 1->0 \"Hello, world\" held 300ms\n" +
		"arrow 0->1 \"lost\" paired dropped\n" +
		"arrow 1->0 \"later\"\n"
	if got := SeqText(m); got != want {
		t.Errorf("items\n%s\nwant\n%s", got, want)
	}
}
