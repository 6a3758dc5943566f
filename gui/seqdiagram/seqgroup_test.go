package seqdiagram

import (
	"testing"

	"github.com/sockettester/sockettester/sockets"
)

// TestSeqModelGroupFansOut: a client's send to 239.1.2.3 draws one arrow
// to the group's lane, fanning out to the app's own server (which received
// it at the group) and to the peer that answered; the server's receipt
// comes from the group's lane, its unicast echo pairs as usual. (A peer
// answering from the server's own port would be taken for the server: a
// server on 0.0.0.0 reaches every address at its port.)
func TestSeqModelGroupFansOut(t *testing.T) {
	c, s := sockets.SideClient, sockets.SideServer
	const client, server, group, peer = "127.0.0.1:40000", "0.0.0.0:5000", "239.1.2.3:5000", "192.0.2.9:5001"
	atGroup := seqEvent(10.1, s, sockets.KindReceived, server, client, "hello room")
	atGroup.Group = "239.1.2.3"
	rows := []sockets.Event{
		seqEvent(0, s, sockets.KindListening, server, "", ""),
		seqEvent(10, c, sockets.KindSent, client, group, "hello room"),
		atGroup,
		seqEvent(10.2, s, sockets.KindSent, server, client, "hello room"),
		seqEvent(10.3, c, sockets.KindReceived, client, "127.0.0.1:5000", "hello room"),
		seqEvent(10.4, c, sockets.KindReceived, client, peer, "here"),
	}
	m := newSeqModel()
	m.Append(rows, 0)
	want := "marker 2 listening\n" +
		"arrow 0->1 \"hello room\" fan 2,3\n" +
		"arrow 1->2 \"hello room\"\n" +
		"arrow 2->0 \"hello room\" paired\n" +
		"arrow 3->0 \"here\"\n"
	if got := SeqText(m); got != want {
		t.Errorf("items\n%s\nwant\n%s", got, want)
	}
	lanes := m.Lanes()
	if len(lanes.Keys) != 4 || LaneName(lanes.Keys[1]) != "239.1.2.3" {
		t.Errorf("lanes %v; want the group's lane, named 239.1.2.3, second", lanes.Keys)
	}
}

// TestSeqModelGroupWithoutMembers: a send to a group no known receiver
// answered is an arrow to the group's lane alone.
func TestSeqModelGroupWithoutMembers(t *testing.T) {
	m := newSeqModel()
	m.Append([]sockets.Event{seqEvent(0, sockets.SideClient, sockets.KindSent, "127.0.0.1:40000", "[ff12::1234]:5000", "anyone?")}, 0)
	if got, want := SeqText(m), "arrow 0->1 \"anyone?\"\n"; got != want {
		t.Errorf("items %q; want %q", got, want)
	}
	if k := m.Lanes().Keys; len(k) != 2 || LaneName(k[1]) != "ff12::1234" {
		t.Errorf("lanes %v", k)
	}
}

// TestSeqModelWildcardClient: a group sender's socket is on 0.0.0.0; the
// server sees it at the machine's address, and its answer goes to the
// client's lane, not to a peer's.
func TestSeqModelWildcardClient(t *testing.T) {
	c, s := sockets.SideClient, sockets.SideServer
	atGroup := seqEvent(10.1, s, sockets.KindReceived, "0.0.0.0:5000", "192.0.2.2:32960", "hi")
	atGroup.Group = "239.1.2.3"
	m := newSeqModel()
	m.Append([]sockets.Event{
		seqEvent(0, s, sockets.KindListening, "0.0.0.0:5000", "", ""),
		seqEvent(10, c, sockets.KindSent, "0.0.0.0:32960", "239.1.2.3:5000", "hi"),
		atGroup,
		seqEvent(10.2, s, sockets.KindSent, "0.0.0.0:5000", "192.0.2.2:32960", "hi"),
	}, 0)
	want := "marker 2 listening\narrow 0->1 \"hi\" fan 2\narrow 1->2 \"hi\"\narrow 2->0 \"hi\"\n"
	if got := SeqText(m); got != want {
		t.Errorf("items\n%s\nwant\n%s", got, want)
	}
	if n := len(m.Lanes().Keys); n != 3 {
		t.Errorf("%d lanes %v; want client, group, server", n, m.Lanes().Keys)
	}
}
