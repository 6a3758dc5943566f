package gui

import (
	"context"
	"net"
	"strconv"
	"strings"
	"testing"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"

	"github.com/sockettester/sockettester/gui/panes"
	"github.com/sockettester/sockettester/gui/widgets"
	"github.com/sockettester/sockettester/sockets"
	"github.com/sockettester/sockettester/sockets/payload"
)

// dialPeer connects a plain client to the pane's server and returns it with
// its local address, as the server lists it.
func dialPeer(t *testing.T, port int) (net.Conn, string) {
	t.Helper()
	d := net.Dialer{Timeout: 5 * time.Second}
	c, err := d.DialContext(context.Background(), "tcp", net.JoinHostPort("127.0.0.1", strconv.Itoa(port)))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { c.Close() })
	return c, c.LocalAddr().String()
}

// readExactly reads len(want) bytes from c within a deadline and compares.
func readExactly(t *testing.T, c net.Conn, want string) {
	t.Helper()
	c.SetReadDeadline(time.Now().Add(5 * time.Second))
	buf := make([]byte, len(want))
	n := 0
	for n < len(want) {
		m, err := c.Read(buf[n:])
		n += m
		if err != nil {
			t.Fatalf("read %d of %d bytes (%q): %v", n, len(want), buf[:n], err)
		}
	}
	if string(buf) != want {
		t.Fatalf("read %q; want %q", buf, want)
	}
}

func TestServerStartStop(t *testing.T) {
	a := test.NewTempApp(t)
	h := newAppHarnessFor(t, a)
	s := h.mw.server
	if s.Bind.Text != widgets.BindLoopback() || s.Port.Text != "0" || s.Mode.Selected != "Echo" || s.Protocol.Selected != "TCP" {
		t.Fatalf("defaults: bind %q port %q mode %q proto %q", s.Bind.Text, s.Port.Text, s.Mode.Selected, s.Protocol.Selected)
	}
	if s.BindWarn.Visible() {
		t.Error("loopback bind shows the exposure warning")
	}
	if s.Frame.State.Text != "Stopped" {
		t.Errorf("state = %q", s.Frame.State.Text)
	}
	port := h.startServer()
	addr := "127.0.0.1:" + strconv.Itoa(port)
	if s.Frame.State.Text != "Listening on "+addr {
		t.Errorf("state = %q", s.Frame.State.Text)
	}
	if !s.Bind.Disabled() || !s.Port.Disabled() || !s.Protocol.Disabled() || !s.StartBtn.Disabled() || s.StopBtn.Disabled() {
		t.Error("settings should lock and Stop enable while running")
	}
	test.Tap(s.CopyBtn)
	if got := a.Clipboard().Content(); got != addr {
		t.Errorf("clipboard = %q; want %q", got, addr)
	}
	if s.Port.Text != "0" {
		t.Errorf("port entry changed to %q; the chosen port belongs in the label", s.Port.Text)
	}
	h.waitFor("the listening row", func() bool {
		for _, r := range h.mw.log.Rows() {
			if r.Side == sockets.SideServer && r.Kind == sockets.KindListening && r.Local == addr {
				return true
			}
		}
		return false
	})

	test.Tap(s.StopBtn)
	if s.State != panes.ServerStopping || !s.StopBtn.Disabled() {
		t.Errorf("after Stop: state %v, stop disabled %v", s.State, s.StopBtn.Disabled())
	}
	h.waitFor("the server to stop", func() bool { return s.State == panes.ServerStopped })
	if s.StartBtn.Disabled() || s.Port.Disabled() || s.CopyBtn.Visible() {
		t.Error("settings should unlock after Stop")
	}
	if _, err := net.DialTimeout("tcp", addr, time.Second); err == nil {
		t.Error("still accepting after Stop")
	}
}

func TestServerPortInUse(t *testing.T) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer ln.Close()
	port := strconv.Itoa(ln.Addr().(*net.TCPAddr).Port)

	h := newAppHarness(t)
	s := h.mw.server
	retype(s.Port, port)
	test.Tap(s.StartBtn)
	if s.State != panes.ServerStopped {
		t.Fatalf("state = %v; want stopped", s.State)
	}
	h.waitDialog("address already in use")
	if !strings.Contains(h.dialogText(), "another program is using this port") {
		t.Errorf("dialog lacks the plain reason: %q", h.dialogText())
	}
	if _, ok := h.errorRow("address already in use"); !ok {
		t.Errorf("no error row:\n%s", h.logText())
	}
	if s.Port.Text != port {
		t.Errorf("port changed to %q", s.Port.Text)
	}
	if s.StartBtn.Disabled() {
		t.Error("Start should stay available to try again")
	}
}

func TestServerBadInput(t *testing.T) {
	h := newAppHarness(t)
	s := h.mw.server
	cases := []struct {
		name  string
		f     *widgets.Field
		setup func()
		text  string
		want  string
	}{
		{"bad bind", s.BindF, nil, "999.1.1.1", `"999.1.1.1" is not an IP address to listen on`},
		{"empty bind", s.BindF, nil, "", "Choose an address to listen on"},
		{"empty port", s.Port, nil, "", "Enter a port number (0 picks a free one)"},
		{"letters in port", s.Port, nil, "abc", `Invalid port "abc" (want a number from 0 to 65535)`},
		{"port too big", s.Port, nil, "70000", `Invalid port "70000" (want a number from 0 to 65535)`},
		{"huge port", s.Port, nil, "99999999999999999999", "Invalid port \"99999999999999999999\" (want a number from 0 to 65535)"},
		{"empty reply", s.Reply, func() { s.Mode.SetValue(sockets.ModeReply) }, "", "Enter the payload to reply with"},
		{"bad hex reply", s.Reply, func() {
			s.Mode.SetValue(sockets.ModeReply)
			s.ReplyFormat.SetValue(payload.FormatHex)
		}, "4x", `Hex: invalid hex digit "x" at position 1`},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			retype(&s.Bind.Entry, "127.0.0.1")
			retype(s.Port, "0")
			s.Mode.SetValue(sockets.ModeEcho)
			s.ReplyFormat.SetValue(payload.FormatText)
			if s.StartBtn.Disabled() {
				t.Fatal("Start disabled with good input")
			}
			if tc.setup != nil {
				tc.setup()
			}
			retype(tc.f, tc.text)
			if got := tc.f.Hint.Text; !strings.HasPrefix(got, tc.want) || !tc.f.Hint.Visible() {
				t.Errorf("hint = %q (shown %v); want prefix %q", got, tc.f.Hint.Visible(), tc.want)
			}
			if s.Frame.State.Text != "Fix the fields below to start" {
				t.Errorf("state = %q; want it to say why Start is off", s.Frame.State.Text)
			}
			if !s.StartBtn.Disabled() {
				t.Error("Start enabled with bad input")
			}
			test.Tap(s.StartBtn)
			if s.State != panes.ServerStopped {
				t.Error("server started with bad input")
			}
			if got := tc.f.Text; got != tc.text {
				t.Errorf("typed %q became %q", tc.text, got)
			}
		})
	}
}

func TestServerSendBroadcastDisconnect(t *testing.T) {
	h := newAppHarness(t)
	s := h.mw.server
	port := h.startServer()
	c1, a1 := dialPeer(t, port)
	c2, a2 := dialPeer(t, port)
	h.waitPeers(2)
	h.mw.refreshStatus()
	if want := "Server: 2 clients · in 0 B (0 reads) · out 0 B (0 writes)"; h.mw.status.server.Text != want {
		t.Errorf("status = %q; want %q", h.mw.status.server.Text, want)
	}
	if s.PeerSelect.Selected != "All clients (2)" || !s.DisconnectBtn.Disabled() {
		t.Errorf("chosen %q; want All clients (2), and Disconnect needs one client chosen", s.PeerSelect.Selected)
	}

	// Send to all reaches both.
	retype(s.Payload, `all\n`)
	test.Tap(s.SendBtn)
	readExactly(t, c1, "all\n")
	readExactly(t, c2, "all\n")

	// Send to selected reaches only the selected one.
	if !s.SelectPeer(a2) {
		t.Fatalf("peer %s not listed in %v", a2, s.Peers)
	}
	if s.SendBtn.Disabled() || s.DisconnectBtn.Disabled() {
		t.Fatal("Send or Disconnect disabled with a client chosen")
	}
	s.PayloadFormat.SetValue(payload.FormatHex)
	retype(s.Payload, "6f 6e 65")
	test.Tap(s.SendBtn)
	readExactly(t, c2, "one")
	// Enter in the payload entry sends to the selection too.
	s.Payload.TypedKey(&fyne.KeyEvent{Name: fyne.KeyReturn})
	readExactly(t, c2, "one")
	c1.SetReadDeadline(time.Now().Add(100 * time.Millisecond))
	if n, _ := c1.Read(make([]byte, 1)); n != 0 {
		t.Error("the unselected client got the selected client's message")
	}
	h.waitFor("the server sent rows", func() bool {
		return h.hasRow(sockets.SideServer, sockets.KindSent, []byte("one")) &&
			h.hasRow(sockets.SideServer, sockets.KindSent, []byte("all\n"))
	})

	// Disconnect the selected client.
	test.Tap(s.DisconnectBtn)
	c2.SetReadDeadline(time.Now().Add(5 * time.Second))
	if _, err := c2.Read(make([]byte, 1)); err == nil {
		t.Error("disconnected client can still read")
	}
	h.waitPeers(1)
	if s.Peers[0].Addr != a1 {
		t.Errorf("remaining peer = %s; want %s", s.Peers[0].Addr, a1)
	}
	if s.Selected != "" || !s.DisconnectBtn.Disabled() {
		t.Errorf("selection %q survived its peer's disconnect", s.Selected)
	}
	h.waitFor("the disconnect row", func() bool {
		for _, r := range h.mw.log.Rows() {
			if r.Side == sockets.SideServer && r.Kind == sockets.KindDisconnected && r.Remote == a2 {
				return true
			}
		}
		return false
	})
}

func TestServerUDPPeers(t *testing.T) {
	h := newAppHarness(t)
	s := h.mw.server
	s.Protocol.SetValue("udp")
	port := h.startServer()
	c, err := net.Dial("udp", net.JoinHostPort("127.0.0.1", strconv.Itoa(port)))
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close()
	if _, err := c.Write([]byte("hi")); err != nil {
		t.Fatal(err)
	}
	readExactly(t, c, "hi")
	h.waitPeers(1)
	retype(s.Payload, "bcast")
	test.Tap(s.SendBtn)
	readExactly(t, c, "bcast")
	s.SelectPeer(c.LocalAddr().String())
	test.Tap(s.DisconnectBtn)
	h.waitPeers(0)
}

func TestServerSendWithoutClients(t *testing.T) {
	h := newAppHarness(t)
	s := h.mw.server
	h.startServer()
	retype(s.Payload, "nobody")
	if !s.SendBtn.Disabled() {
		t.Error("Send enabled with no clients")
	}
	if s.PeerSelect.PlaceHolder != "No clients yet" || !s.PeerSelect.Disabled() {
		t.Errorf("clients chooser says %q; want No clients yet", s.PeerSelect.PlaceHolder)
	}
	// Enter still explains.
	s.Payload.TypedKey(&fyne.KeyEvent{Name: fyne.KeyReturn})
	h.waitDialog("No client is connected")
	if s.Payload.Text != "nobody" {
		t.Errorf("payload changed to %q", s.Payload.Text)
	}
}
