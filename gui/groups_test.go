package gui

import (
	"net"
	"net/netip"
	"strconv"
	"strings"
	"testing"
	"time"

	"fyne.io/fyne/v2/test"
	"golang.org/x/net/ipv4"

	"github.com/sockettester/sockettester/gui/logview"
	"github.com/sockettester/sockettester/gui/panes"
	"github.com/sockettester/sockettester/gui/widgets"
	"github.com/sockettester/sockettester/sockets"
)

// loopbackName is this machine's loopback interface: every group datagram
// in these tests stays on it.
func loopbackName(t *testing.T) string {
	t.Helper()
	all, err := net.Interfaces()
	if err != nil {
		t.Fatal(err)
	}
	for _, i := range all {
		if i.Flags&net.FlagLoopback != 0 && i.Flags&net.FlagUp != 0 {
			return i.Name
		}
	}
	t.Skip("no loopback interface")
	return ""
}

// groupSender is a UDP socket whose group datagrams leave by lo.
func groupSender(t *testing.T, lo string) *net.UDPConn {
	t.Helper()
	pc, err := net.ListenUDP("udp4", &net.UDPAddr{IP: net.IPv4(127, 0, 0, 1)})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { pc.Close() })
	ifi, err := net.InterfaceByName(lo)
	if err != nil {
		t.Fatal(err)
	}
	if err := ipv4.NewPacketConn(pc).SetMulticastInterface(ifi); err != nil {
		t.Skipf("no multicast out of %s: %v", lo, err)
	}
	return pc
}

// groupRow reports whether the log has the server's received row of want
// that came to group.
func (h *appHarness) groupRow(want, group string) bool {
	for _, r := range h.mw.log.Rows() {
		if r.Side == sockets.SideServer && r.Kind == sockets.KindReceived && string(r.Data) == want && r.Group == group {
			return true
		}
	}
	return false
}

// startGroupServer starts the window's UDP server on 0.0.0.0 with 239.1.2.3
// typed in Join group on lo; it returns the port.
func startGroupServer(t *testing.T, h *appHarness, lo string) int {
	t.Helper()
	s := h.mw.server
	s.Protocol.SetValue("udp")
	retype(&s.Bind.Entry, "0.0.0.0")
	if !s.Groups.Section.Visible() {
		t.Fatal("Join group hidden for a UDP server")
	}
	retype(s.Groups.Group, "239.1.2.3")
	s.Groups.Iface.SetName(lo)
	port := h.startServer()
	h.waitFor("the join in the log", func() bool { return strings.Contains(h.logText(), "joined group 239.1.2.3 on "+lo) })
	return port
}

// TestServerJoinsGroup: the window's server joins 239.1.2.3 on lo at start,
// its title row says so, a datagram sent to the group shows in the log with
// the group, and Leave stops delivery.
func TestServerJoinsGroup(t *testing.T) {
	lo := loopbackName(t)
	h := newAppHarness(t)
	s := h.mw.server
	port := startGroupServer(t, h, lo)
	if got, want := s.Frame.State.Text, "239.1.2.3 on "+lo; !strings.Contains(got, want) {
		t.Errorf("title row says %q; want it to name %q", got, want)
	}
	if got, want := s.Groups.Joined.Text, "Joined: 239.1.2.3 on "+lo; !s.Groups.Joined.Visible() || got != want {
		t.Errorf("Join group row says %q (shown %v); want %q", got, s.Groups.Joined.Visible(), want)
	}

	pc := groupSender(t, lo)
	group := netip.MustParseAddrPort("239.1.2.3:" + strconv.Itoa(port))
	pc.SetDeadline(time.Now().Add(waitTimeout))
	if _, err := pc.WriteToUDPAddrPort([]byte("hello room"), group); err != nil {
		t.Skipf("no multicast route on %s: %v", lo, err)
	}
	h.waitFor("the group datagram in the log", func() bool { return h.groupRow("hello room", "239.1.2.3") })
	for _, r := range h.mw.log.Rows() {
		if r.Kind == sockets.KindReceived && r.Group != "" {
			if got, want := logview.PeerText(&r), pc.LocalAddr().String()+" → 239.1.2.3"; got != want {
				t.Errorf("the row's peer column says %q; want %q", got, want)
			}
		}
	}
	buf := make([]byte, 64)
	n, _, err := pc.ReadFromUDPAddrPort(buf)
	if err != nil || string(buf[:n]) != "hello room" {
		t.Fatalf("echo %q, %v; want %q by unicast", buf[:n], err, "hello room")
	}

	test.Tap(s.Groups.LeaveBtn)
	h.waitFor("the leave in the log", func() bool { return strings.Contains(h.logText(), "left group 239.1.2.3 on "+lo) })
	if strings.Contains(s.Frame.State.Text, "239.1.2.3") {
		t.Errorf("title row still names the group after Leave: %q", s.Frame.State.Text)
	}
	if s.Groups.Joined.Visible() {
		t.Errorf("Join group row still says %q after Leave", s.Groups.Joined.Text)
	}
	if _, err := pc.WriteToUDPAddrPort([]byte("after leave"), group); err != nil {
		t.Fatal(err)
	}
	// A unicast marker sent after it: once the marker is in, the group
	// datagram would have been too.
	if _, err := pc.WriteToUDPAddrPort([]byte("marker"), netip.MustParseAddrPort("127.0.0.1:"+strconv.Itoa(port))); err != nil {
		t.Fatal(err)
	}
	h.waitFor("the marker", func() bool { return h.hasRow(sockets.SideServer, sockets.KindReceived, []byte("marker")) })
	if h.hasRow(sockets.SideServer, sockets.KindReceived, []byte("after leave")) {
		t.Error("a datagram to the group arrived after Leave")
	}

	// Leaving again is the engine's refusal, under the field; the text stays.
	test.Tap(s.Groups.LeaveBtn)
	if got := s.Groups.Group.Hint.Text; !s.Groups.Group.Hint.Visible() || !strings.HasPrefix(got, "Not a member of group 239.1.2.3 on "+lo) {
		t.Errorf("hint after a second Leave = %q (shown %v); want the engine's not-a-member message", got, s.Groups.Group.Hint.Visible())
	}
	if s.Groups.Group.Text != "239.1.2.3" {
		t.Errorf("group field changed to %q", s.Groups.Group.Text)
	}
	test.Tap(s.Groups.JoinBtn)
	h.waitFor("the live join in the log", func() bool {
		return strings.Count(h.logText(), "joined group 239.1.2.3 on "+lo) == 2
	})
	if s.Groups.Group.Hint.Visible() {
		t.Errorf("hint still shown after a good Join: %q", s.Groups.Group.Hint.Text)
	}
}

// TestJoinGroupMistakes: a group that is not one, and a group on a server
// bound to 127.0.0.1, show the engine's message under the field.
func TestJoinGroupMistakes(t *testing.T) {
	lo := loopbackName(t)
	h := newAppHarness(t)
	s := h.mw.server
	s.Protocol.SetValue("tcp")
	if s.Groups.Section.Visible() {
		t.Error("Join group shown for a TCP server")
	}
	s.Protocol.SetValue("udp")
	retype(s.Groups.Group, "192.0.2.1")
	want := `"192.0.2.1" is not a multicast group; use an address in 224.0.0.0/4 or ff00::/8, e.g. 239.1.2.3 or ff12::1234`
	if got := s.Groups.Group.Hint.Text; got != widgets.UpperFirst(want) {
		t.Errorf("hint = %q; want %q", got, widgets.UpperFirst(want))
	}
	if !s.StartBtn.Disabled() {
		t.Error("Start enabled with a group that is not one")
	}

	retype(&s.Bind.Entry, "127.0.0.1")
	retype(s.Groups.Group, "239.1.2.3")
	s.Groups.Iface.SetName(lo)
	test.Tap(s.StartBtn)
	if s.State != panes.ServerStopped {
		t.Fatal("a server on 127.0.0.1 started with a group to join")
	}
	if got := s.Groups.Group.Hint.Text; !strings.Contains(got, "listen on 0.0.0.0:") {
		t.Errorf("hint = %q; want the engine's advice to listen on 0.0.0.0", got)
	}
	if s.Groups.Group.Text != "239.1.2.3" {
		t.Errorf("group field changed to %q", s.Groups.Group.Text)
	}
}

// TestClientTabSendsToGroup: a client tab with a group in Host, lo chosen
// and loopback on reaches the window's own server, which logs the group.
func TestClientTabSendsToGroup(t *testing.T) {
	lo := loopbackName(t)
	h := newAppHarness(t)
	port := startGroupServer(t, h, lo)
	c := h.mw.client
	c.Protocol.SetValue("udp")
	retype(c.Host, "239.1.2.3")
	retype(c.Port, strconv.Itoa(port))
	c.Group.Iface.SetName(lo)
	c.Group.Loop.SetChecked(true)
	retype(c.Group.TTL, "1")
	test.Tap(c.ConnectBtn)
	h.waitFor("the socket to open", func() bool { return c.State == panes.ClientConnected })
	h.typeAndSend("from the tab")
	h.waitFor("the tab's datagram at the server, to the group", func() bool { return h.groupRow("from the tab", "239.1.2.3") })
	h.waitFor("the echo back at the tab", func() bool {
		return h.hasRow(sockets.SideClient, sockets.KindReceived, []byte("from the tab"))
	})
}

// TestClientBroadcastNeedsOptIn: a broadcast target typed without Broadcast
// shows the engine's refusal and keeps the socket shut; Broadcast lifts it.
func TestClientBroadcastNeedsOptIn(t *testing.T) {
	h := newAppHarness(t)
	c := h.mw.client
	c.Protocol.SetValue("udp")
	retype(c.Host, "255.255.255.255")
	retype(c.Port, "9")
	want := "255.255.255.255 is a broadcast address; sending to it needs broadcast turned on (--broadcast in the CLI)"
	if got := c.Group.Hint.Text; !c.Group.Hint.Visible() || got != widgets.UpperFirst(want) {
		t.Errorf("hint = %q (shown %v); want %q", got, c.Group.Hint.Visible(), want)
	}
	if !c.ConnectBtn.Disabled() {
		t.Error("Open socket enabled for a broadcast target without Broadcast")
	}
	if !c.Frame.Advanced.Visible() {
		t.Error("the refusal is folded away under Advanced")
	}
	c.Group.Broadcast.SetChecked(true)
	if c.Group.Hint.Visible() || c.ConnectBtn.Disabled() {
		t.Errorf("still refused with Broadcast on: %q", c.Group.Hint.Text)
	}
	retype(c.Group.TTL, "300")
	if !c.Group.TTL.Hint.Visible() || !c.ConnectBtn.Disabled() {
		t.Error("TTL 300 accepted")
	}
	if c.Host.Text != "255.255.255.255" {
		t.Errorf("host changed to %q", c.Host.Text)
	}
}
