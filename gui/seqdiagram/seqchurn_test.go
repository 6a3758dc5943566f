package seqdiagram

import (
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/sockettester/sockettester/sockets"
)

// seqStorm is what the app's server logs when a client connects every
// 1/perSecond s for d and resets each connection 5 ms later.
func seqStorm(perSecond int, d time.Duration) []sockets.Event {
	every := time.Second / time.Duration(perSecond)
	s := sockets.SideServer
	rows := []sockets.Event{seqEvent(0, s, sockets.KindListening, seqServer, "", "")}
	for i := 0; time.Duration(i)*every < d; i++ {
		ms := float64(time.Duration(i)*every) / float64(time.Millisecond)
		remote := fmt.Sprintf("127.0.0.1:%d", 40000+i)
		c := seqEvent(ms, s, sockets.KindConnected, seqServer, remote, "")
		r := seqEvent(ms+5, s, sockets.KindDisconnected, seqServer, remote, "")
		c.Code, c.Msg = "connected", "connected"
		r.Code, r.Msg = "resetByPeer", "reset by peer"
		rows = append(rows, c, r)
	}
	return rows
}

// appendEvery feeds rows to m in batches of n, as the log hands them on.
func appendEvery(m *seqModel, rows []sockets.Event, n int) {
	for first := 0; first < len(rows); first += n {
		m.Append(rows[first:min(first+n, len(rows))], uint64(first))
	}
}

func TestSeqChurnBandPerSecond(t *testing.T) {
	m := newSeqModel()
	appendEvery(m, seqStorm(40, 3*time.Second), 7)
	want := "marker 0 listening\n" + strings.Repeat("marker 0 connected\nmarker 0 disconnected\n", 10) +
		"churn band \"40 clients connected and reset in 1 s, from 127.0.0.1, ports 40010-40049\"\n" +
		"churn band \"40 clients connected and reset in 1 s, from 127.0.0.1, ports 40050-40089\"\n" +
		"churn band \"30 clients connected and reset in 1 s, from 127.0.0.1, ports 40090-40119\"\n"
	if got := SeqText(m); got != want {
		t.Errorf("items\n%s\nwant\n%s", got, want)
	}
	// The band stands for every row it folded: the first band from row
	// 21 (the 11th connect) to row 100 (the 50th reset).
	for _, seq := range []uint64{21, 60, 100} {
		if i, ok := m.ItemAt(seq); !ok || i != 21 {
			t.Errorf("row %d is item %d, %v; want the first band, 21", seq, i, ok)
		}
	}
	// Trimming the log's first rows keeps the bands whose rows it keeps.
	m.Trim(101)
	if m.Len() != 2 {
		t.Errorf("after trimming to row 101, %d items; want the last 2 bands", m.Len())
	}
}

func TestSeqChurnTwoASecondMarksEach(t *testing.T) {
	m := newSeqModel()
	appendEvery(m, seqStorm(2, 3*time.Second), 5)
	want := "marker 0 listening\n" + strings.Repeat("marker 0 connected\nmarker 0 disconnected\n", 6)
	if got := SeqText(m); got != want {
		t.Errorf("items\n%s\nwant\n%s", got, want)
	}
}

// TestSeqChurnTalker: a message during a storm is an arrow of its own,
// never part of the churn band, and its sender's close a marker.
func TestSeqChurnTalker(t *testing.T) {
	rows := seqStorm(40, 1250*time.Millisecond)
	talker := rows[61] // client 30's connect, at 750 ms
	hi := seqEvent(751, sockets.SideServer, sockets.KindReceived, seqServer, talker.Remote, "hi")
	rows = append(rows[:62], append([]sockets.Event{hi}, rows[62:]...)...)
	m := newSeqModel()
	appendEvery(m, rows, 7)
	want := "marker 0 listening\n" + strings.Repeat("marker 0 connected\nmarker 0 disconnected\n", 10) +
		"churn band \"40 clients connected, 39 reset in 1 s, from 127.0.0.1, ports 40010-40049\"\n" +
		"arrow 1->0 \"hi\"\nmarker 0 disconnected\n"
	if got := SeqText(m); got != want {
		t.Errorf("items\n%s\nwant\n%s", got, want)
	}
}
