package logview

import (
	"strings"
	"testing"
	"time"

	"github.com/sockettester/sockettester/sockets"
)

// TestDetailAndPeerNameTheGroup: a datagram that came to a multicast group
// names it in the Peer column and in the detail.
func TestDetailAndPeerNameTheGroup(t *testing.T) {
	e := &sockets.Event{Time: time.Date(2024, 5, 6, 7, 8, 9, 0, time.Local), Side: sockets.SideServer,
		Kind: sockets.KindReceived, Network: "udp", Local: "0.0.0.0:5000", Remote: "192.0.2.1:40000",
		Group: "239.1.2.3", Bytes: 2, Data: []byte("hi")}
	if got, want := PeerText(e), "192.0.2.1:40000 → 239.1.2.3"; got != want {
		t.Errorf("PeerText = %q; want %q", got, want)
	}
	if got := logDetail(e); !strings.Contains(got, "\nRemote:  192.0.2.1:40000\nGroup:   239.1.2.3\nBytes:   2\n") {
		t.Errorf("detail does not name the group:\n%s", got)
	}
	joined := &sockets.Event{Side: sockets.SideServer, Kind: sockets.KindInfo, Local: "0.0.0.0:5000", Group: "239.1.2.3"}
	if got := PeerText(joined); got != "0.0.0.0:5000" {
		t.Errorf("a join's PeerText = %q; want the address alone", got)
	}
}
