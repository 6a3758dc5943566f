package seqdiagram

import (
	"testing"
	"time"

	"github.com/sockettester/sockettester/sockets"
)

// seqTestBase is when the test sessions start.
var seqTestBase = time.Date(2024, 5, 6, 7, 8, 9, 0, time.Local)

// seqEvent builds a row at ms milliseconds (fractions allowed) into the
// session.
func seqEvent(ms float64, side sockets.Side, kind sockets.Kind, local, remote, data string) sockets.Event {
	e := sockets.Event{Time: seqTestBase.Add(time.Duration(ms * float64(time.Millisecond))), Side: side, Kind: kind,
		Network: "tcp", Local: local, Remote: remote, Data: []byte(data), Bytes: len(data)}
	if data == "" {
		e.Data = nil
	}
	return e
}

const (
	seqClient = "127.0.0.1:41476"
	seqServer = "127.0.0.1:65432"
)

// echoSession is the lesson's exchange as the app logs it, both ends in
// the app: connect, Hello, world there and back, close.
func echoSession() []sockets.Event {
	c, s := sockets.SideClient, sockets.SideServer
	return []sockets.Event{
		seqEvent(0, s, sockets.KindListening, seqServer, "", ""),
		seqEvent(10, c, sockets.KindConnected, seqClient, seqServer, ""),
		seqEvent(10.1, s, sockets.KindConnected, seqServer, seqClient, ""),
		seqEvent(20, c, sockets.KindSent, seqClient, seqServer, "Hello, world"),
		// The server's receive may be logged before the client's send.
		seqEvent(20.1, s, sockets.KindReceived, seqServer, seqClient, "Hello, world"),
		seqEvent(20.2, s, sockets.KindSent, seqServer, seqClient, "Hello, world"),
		seqEvent(20.3, c, sockets.KindReceived, seqClient, seqServer, "Hello, world"),
		seqEvent(30, c, sockets.KindDisconnected, seqClient, seqServer, ""),
		seqEvent(30.1, s, sockets.KindDisconnected, seqServer, seqClient, ""),
	}
}

func TestSeqModelEchoPairsEnds(t *testing.T) {
	for _, swap := range []bool{false, true} {
		rows := echoSession()
		if swap { // the server's receive logged first
			rows[3], rows[4] = rows[4], rows[3]
		}
		m := newSeqModel()
		m.Append(rows, 0)
		want := "marker 1 listening\nmarker 0 connected\nmarker 1 connected\n" +
			"arrow 0->1 \"Hello, world\" paired\narrow 1->0 \"Hello, world\" paired\n" +
			"marker 0 disconnected\nmarker 1 disconnected\n"
		if got := SeqText(m); got != want {
			t.Errorf("swap=%v: items\n%s\nwant\n%s", swap, got, want)
		}
		if k := m.Lanes().Keys; len(k) != 2 || k[0].kind != seqLaneClient || k[1].kind != seqLaneServer {
			t.Errorf("lanes %v; want client, server", k)
		}
		// Both rows of a message select its arrow.
		for _, seq := range []uint64{3, 4} {
			if i, ok := m.ItemAt(seq); !ok || i != 3 {
				t.Errorf("swap=%v: row %d is item %d, %v; want 3", swap, seq, i, ok)
			}
		}
		if it := m.Item(3); !it.sent || it.side != sockets.SideClient {
			t.Errorf("swap=%v: the arrow starts at side %v (sent %v); want the client", swap, it.side, it.sent)
		}
	}
}

// TestSeqModelOtherPrograms pairs nothing when one end is another program:
// the app's client against the lesson's server.py, and client.py against
// the app's server.
func TestSeqModelOtherPrograms(t *testing.T) {
	c, s := sockets.SideClient, sockets.SideServer
	const py = "127.0.0.1:51000"
	m := newSeqModel()
	m.Append([]sockets.Event{
		seqEvent(0, c, sockets.KindConnected, seqClient, seqServer, ""),
		seqEvent(1, c, sockets.KindSent, seqClient, seqServer, "Hello, world"),
		seqEvent(2, c, sockets.KindReceived, seqClient, seqServer, "Hello, world"),
		seqEvent(100, s, sockets.KindListening, "127.0.0.1:7000", "", ""),
		seqEvent(101, s, sockets.KindConnected, "127.0.0.1:7000", py, ""),
		seqEvent(102, s, sockets.KindReceived, "127.0.0.1:7000", py, "Hello, world"),
		seqEvent(103, s, sockets.KindSent, "127.0.0.1:7000", py, "Hello, world"),
	}, 10)
	lanes := m.Lanes()
	// The client's server is not the app's (it listens elsewhere): a peer.
	if len(lanes.Keys) != 4 || lanes.Keys[2].addr != seqServer || lanes.Keys[3].addr != py {
		t.Fatalf("lanes %+v; want client, server, then the peers %s and %s", lanes.Keys, seqServer, py)
	}
	want := "marker 0 connected\narrow 0->2 \"Hello, world\"\narrow 2->0 \"Hello, world\"\n" +
		"marker 1 listening\nmarker 1 connected\narrow 3->1 \"Hello, world\"\narrow 1->3 \"Hello, world\"\n"
	if got := SeqText(m); got != want {
		t.Errorf("items\n%s\nwant\n%s", got, want)
	}
	if i, ok := m.ItemAt(12); !ok || i != 2 {
		t.Errorf("row 12 is item %d, %v; want 2", i, ok)
	}
}

// TestSeqModelFoldsAFlood folds a fast run into one band that grows, and
// keeps no more items than the log keeps rows.
func TestSeqModelFoldsAFlood(t *testing.T) {
	c, s := sockets.SideClient, sockets.SideServer
	var rows []sockets.Event
	rows = append(rows, echoSession()[:3]...)
	for i := range 100 {
		ms := 1000 + float64(i)*0.05
		rows = append(rows,
			seqEvent(ms, c, sockets.KindSent, seqClient, seqServer, "hello"),
			seqEvent(ms+0.01, s, sockets.KindReceived, seqServer, seqClient, "hello"),
			seqEvent(ms+0.02, s, sockets.KindSent, seqServer, seqClient, "hello"),
			seqEvent(ms+0.03, c, sockets.KindReceived, seqClient, seqServer, "hello"))
	}
	m := newSeqModel()
	m.Append(rows, 0)
	if m.Len() != 4 {
		t.Fatalf("%d items:\n%s\nwant 3 markers and a band", m.Len(), SeqText(m))
	}
	b := m.Item(3)
	if b.Kind != SeqBand || b.Count != 200 || b.bytes != 1000 {
		t.Errorf("band: kind %v, %d messages, %d bytes; want 200 messages (each counted once), 1000 bytes", b.Kind, b.Count, b.bytes)
	}
	if got, want := b.end.Sub(b.t), 4950*time.Microsecond+30*time.Microsecond; got != want {
		t.Errorf("band spans %v; want %v", got, want)
	}
	if i, ok := m.ItemAt(200); !ok || i != 3 {
		t.Errorf("a flood row is item %d, %v; want the band", i, ok)
	}
	// A slow repeat stays arrows.
	m2 := newSeqModel()
	var slow []sockets.Event
	for i := range 20 {
		slow = append(slow, seqEvent(float64(i)*1000, c, sockets.KindSent, seqClient, "127.0.0.1:9", "x"))
	}
	m2.Append(slow, 0)
	if m2.Len() != 20 {
		t.Errorf("a repeat a second apart made %d items; want 20 arrows", m2.Len())
	}
	// The log dropping rows drops the items.
	m2.Trim(15)
	if m2.Len() != 5 || m2.Item(0).seq != 15 {
		t.Errorf("after Trim(15): %d items from row %d; want 5 from 15", m2.Len(), m2.Item(0).seq)
	}
	m.Trim(1000)
	if m.Len() != 0 {
		t.Errorf("after trimming every row %d items remain", m.Len())
	}
}

// TestSeqModelTrimMidRun lets the log drop the start of a fast run: the
// run folds only what is left, and nothing breaks.
func TestSeqModelTrimMidRun(t *testing.T) {
	m := newSeqModel()
	for i := range 20 {
		m.Append([]sockets.Event{seqEvent(float64(i), sockets.SideClient, sockets.KindSent, seqClient, "127.0.0.1:9", "x")}, uint64(i))
		if i == 5 {
			m.Trim(5) // the log let rows 0-4 go, halfway to a band
		}
	}
	if m.Len() != 1 || m.Item(0).Kind != SeqBand || m.Item(0).Count != 15 || m.Item(0).seq != 5 {
		t.Errorf("items:\n%s\nwant one band of rows 5-19", SeqText(m))
	}
}

// TestSeqModelKeepsWebSocketOpcode: a WebSocket message's arrow knows
// whether it was a text or a binary message, for its label.
func TestSeqModelKeepsWebSocketOpcode(t *testing.T) {
	c := sockets.SideClient
	sent := seqEvent(1, c, sockets.KindSent, seqClient, "ws://"+seqServer+"/", "hi")
	sent.Network, sent.Opcode = "ws", sockets.OpText
	got := seqEvent(2, c, sockets.KindReceived, seqClient, "ws://"+seqServer+"/", "\x01")
	got.Network, got.Opcode = "ws", sockets.OpBinary
	m := newSeqModel()
	m.Append([]sockets.Event{seqEvent(0, c, sockets.KindConnected, seqClient, "ws://"+seqServer+"/", ""), sent, got}, 0)
	if m.Len() != 3 || m.Item(1).opcode != sockets.OpText || m.Item(2).opcode != sockets.OpBinary {
		t.Fatalf("items\n%s; opcodes %q %q", SeqText(m), m.Item(1).opcode, m.Item(2).opcode)
	}
}

// TestSeqModelPairsUnixSocketEnds: the app's client on a Unix socket (it
// names itself, @0001f) and the app's server at the path are two lanes
// with paired arrows, as over TCP.
func TestSeqModelPairsUnixSocketEnds(t *testing.T) {
	c, s := sockets.SideClient, sockets.SideServer
	const path, self = "/run/app.sock", "@0001f"
	m := newSeqModel()
	m.Append([]sockets.Event{
		seqEvent(0, s, sockets.KindListening, path, "", ""),
		seqEvent(10, c, sockets.KindConnected, self, path, ""),
		seqEvent(10.1, s, sockets.KindConnected, path, self, ""),
		seqEvent(20, c, sockets.KindSent, self, path, "hi"),
		seqEvent(20.1, s, sockets.KindReceived, path, self, "hi"),
		seqEvent(20.2, s, sockets.KindSent, path, self, "hi"),
		seqEvent(20.3, c, sockets.KindReceived, self, path, "hi"),
	}, 0)
	want := "marker 1 listening\nmarker 0 connected\nmarker 1 connected\n" +
		"arrow 0->1 \"hi\" paired\narrow 1->0 \"hi\" paired\n"
	if got := SeqText(m); got != want {
		t.Errorf("items\n%s\nwant\n%s", got, want)
	}
	if k := m.Lanes().Keys; len(k) != 2 {
		t.Errorf("lanes %v; want the client and the server", k)
	}
}
