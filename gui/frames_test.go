package gui

import (
	"bytes"
	"net"
	"strings"
	"testing"
	"time"

	"github.com/sockettester/sockettester/gui/logview"
	"github.com/sockettester/sockettester/sockets"
)

// TestFramesFromLoopbackPeer has a peer on loopback write "TEMP=21.5\r\n"
// in three pieces, each read before the next is written: framed by \r\n
// the log shows one row of the three reads, its detail dumps the whole
// line; the engine's counters, the model and a save keep three reads.
func TestFramesFromLoopbackPeer(t *testing.T) {
	l := newTestLogView(t, 1024)
	l.SetFrames(logview.FrameSettings{Mode: logview.FramesByDelimiter, Delimiter: []byte("\r\n"), Gap: logview.FrameGapMax})
	srv := startEngineServer(t, sockets.ServerConfig{Addr: "127.0.0.1:0", Mode: sockets.ModeSilent, Events: l.q})
	c, err := net.DialTimeout("tcp", srv.Addr().String(), 5*time.Second)
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close()
	reads := func() (n int) {
		for _, e := range l.Model.Kept() {
			if e.Kind == sockets.KindReceived {
				n++
			}
		}
		return n
	}
	pieces := []string{"TEMP=", "21.5", "\r\n"}
	for i, p := range pieces {
		c.SetWriteDeadline(time.Now().Add(5 * time.Second))
		if _, err := c.Write([]byte(p)); err != nil {
			t.Fatal(err)
		}
		waitLog(t, l, "the read of "+p, func() bool { return reads() == i+1 })
	}
	var frames []sockets.Event
	for i, e := range l.Rows() {
		if e.Kind == sockets.KindReceived {
			frames = append(frames, e)
			if n := l.FrameReads(i); n != 3 {
				t.Errorf("the frame joined %d reads; want 3", n)
			}
			l.Select(i)
		}
	}
	if len(frames) != 1 || string(frames[0].Data) != "TEMP=21.5\r\n" || frames[0].Bytes != 11 {
		t.Fatalf("received rows shown %+v; want one of TEMP=21.5\\r\\n", frames)
	}
	if d := l.DetailText(); !strings.Contains(d, "|TEMP=21.5..|") || !strings.Contains(d, "3 reads") {
		t.Errorf("the detail does not dump the frame or say 3 reads:\n%s", d)
	}
	if st := srv.Stats(); st.BytesIn != 11 || st.MsgsIn != 3 {
		t.Errorf("the engine counted %d bytes in %d reads; want 11 in 3", st.BytesIn, st.MsgsIn)
	}
	var saved bytes.Buffer
	if _, err := l.Save(&saved, logview.SaveFormatJSONL, false); err != nil {
		t.Fatal(err)
	}
	if n := strings.Count(saved.String(), `"kind":"received"`); n != 3 {
		t.Errorf("the save has %d received events; want the 3 reads:\n%s", n, saved.String())
	}
	l.SetFrames(logview.FrameSettings{Mode: logview.FramesAsRead})
	var got []string
	for _, e := range l.Rows() {
		if e.Kind == sockets.KindReceived {
			got = append(got, string(e.Data))
		}
	}
	if strings.Join(got, "|") != strings.Join(pieces, "|") {
		t.Errorf("as read, the rows are %q; want %q", got, pieces)
	}
}
