package gui

import (
	"fmt"
	"net"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/sockettester/sockettester/gui/panes"
	"github.com/sockettester/sockettester/sockets"
)

// TestServerPaneShowsSystemDrops: a UDP server with a 4096 B receive
// buffer (Advanced) hit by bursts: the pane shows the buffer granted and
// the datagrams the system dropped, and the status bar the same count.
func TestServerPaneShowsSystemDrops(t *testing.T) {
	if !sockets.SystemDropsCounted {
		t.Skip("the system does not count dropped datagrams")
	}
	h := newAppHarness(t)
	s := h.mw.server
	s.Protocol.SetValue("udp")
	retype(s.RcvBuf.Field, "4k")
	if s.RcvBuf.Field.Hint.Hidden || !s.StartBtn.Disabled() || !strings.Contains(s.RcvBuf.Field.Hint.Text, "Give a whole number of bytes from 1 to 67108864") {
		t.Fatalf("receive buffer 4k: hint %q (hidden %v), Start disabled %v; want the hint and Start off", s.RcvBuf.Field.Hint.Text, s.RcvBuf.Field.Hint.Hidden, s.StartBtn.Disabled())
	}
	retype(s.RcvBuf.Field, "4096")
	if h.app.Preferences().String("server.rcvbuf") != "4096" {
		t.Errorf("preference server.rcvbuf %q; want 4096", h.app.Preferences().String("server.rcvbuf"))
	}
	port := h.startServer()
	c, err := net.Dial("udp", net.JoinHostPort("127.0.0.1", strconv.Itoa(port)))
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close()
	c.(*net.UDPConn).SetReadBuffer(8 << 20)
	buf := make([]byte, 64)
	for round := 0; s.Srv.Stats().SystemDropped == 0; round++ {
		if round == 20 {
			t.Fatalf("no drop counted after %d bursts of 1000", round)
		}
		for i := range 1000 {
			fmt.Fprintf(c, "burst-%d-%d", round, i)
		}
		// The kernel tells its count with the next datagram it delivers.
		for marker := 0; ; marker++ {
			want := fmt.Sprintf("marker-%d-%d", round, marker)
			fmt.Fprint(c, want)
			c.SetReadDeadline(time.Now().Add(500 * time.Millisecond))
			got := ""
			for got != want {
				n, err := c.Read(buf)
				if err != nil {
					break
				}
				got = string(buf[:n])
			}
			if got == want {
				break
			}
		}
	}
	st := s.Srv.Stats()
	n := panes.GroupDigits(st.SystemDropped)
	s.RefreshPeers()
	h.mw.refreshStatus()
	pane := s.RcvBuf.Drops.Text
	if s.RcvBuf.Drops.Hidden || !strings.HasPrefix(pane, "dropped by the system before the app saw them: "+n+" · receive buffer ") || !strings.HasSuffix(pane, " (asked 4096 B)") {
		t.Errorf("pane says %q (hidden %v); want %s dropped and the buffer granted", pane, s.RcvBuf.Drops.Hidden, n)
	}
	if advice := s.RcvBuf.Advice; advice.Hidden || advice.Text != "the receive buffer was full: a larger buffer (Advanced) or a slower sender helps" {
		t.Errorf("advice %q (hidden %v)", advice.Text, advice.Hidden)
	}
	if bar := h.mw.status.server.Text; !strings.Contains(bar, " · dropped by the system "+n+" · in ") {
		t.Errorf("status bar says %q; want dropped by the system %s", bar, n)
	}
}

// TestGroupDigits: counts are grouped by thousands.
func TestGroupDigits(t *testing.T) {
	for n, want := range map[uint64]string{0: "0", 999: "999", 7895: "7,895", 1234567: "1,234,567"} {
		if got := panes.GroupDigits(n); got != want {
			t.Errorf("GroupDigits(%d) = %q; want %q", n, got, want)
		}
	}
}
