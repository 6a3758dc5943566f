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

	"github.com/sockettester/sockettester/sockets"
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
	if s.bind.Text != bindLoopback || s.port.Text != "0" || s.mode.Selected != "Echo" || s.protocol.Selected != "TCP" {
		t.Fatalf("defaults: bind %q port %q mode %q proto %q", s.bind.Text, s.port.Text, s.mode.Selected, s.protocol.Selected)
	}
	if s.bindWarn.Visible() {
		t.Error("loopback bind shows the exposure warning")
	}
	if s.Status() != "Stopped" {
		t.Errorf("status = %q", s.Status())
	}
	port := h.startServer()
	addr := "127.0.0.1:" + strconv.Itoa(port)
	if s.addr.Text != "Listening on "+addr {
		t.Errorf("address label = %q", s.addr.Text)
	}
	if !s.bind.Disabled() || !s.port.Disabled() || !s.protocol.Disabled() || !s.startBtn.Disabled() || s.stopBtn.Disabled() {
		t.Error("settings should lock and Stop enable while running")
	}
	test.Tap(s.copyBtn)
	if got := a.Clipboard().Content(); got != addr {
		t.Errorf("clipboard = %q; want %q", got, addr)
	}
	if s.port.Text != "0" {
		t.Errorf("port entry changed to %q; the chosen port belongs in the label", s.port.Text)
	}
	h.waitFor("the listening row", func() bool {
		for _, r := range h.mw.log.Rows() {
			if r.Side == sockets.SideServer && r.Kind == sockets.KindListening && r.Local == addr {
				return true
			}
		}
		return false
	})

	test.Tap(s.stopBtn)
	if s.state != serverStopping || !s.stopBtn.Disabled() {
		t.Errorf("after Stop: state %v, stop disabled %v", s.state, s.stopBtn.Disabled())
	}
	h.waitFor("the server to stop", func() bool { return s.state == serverStopped })
	if s.startBtn.Disabled() || s.port.Disabled() || s.copyBtn.Visible() {
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
	retype(s.port, port)
	test.Tap(s.startBtn)
	if s.state != serverStopped {
		t.Fatalf("state = %v; want stopped", s.state)
	}
	h.waitDialog("address already in use")
	if !strings.Contains(h.dialogText(), "another program is using this port") {
		t.Errorf("dialog lacks the plain reason: %q", h.dialogText())
	}
	if _, ok := h.errorRow("address already in use"); !ok {
		t.Errorf("no error row:\n%s", h.logText())
	}
	if s.port.Text != port {
		t.Errorf("port changed to %q", s.port.Text)
	}
	if s.startBtn.Disabled() {
		t.Error("Start should stay available to try again")
	}
}

func TestServerBadInput(t *testing.T) {
	h := newAppHarness(t)
	s := h.mw.server
	cases := []struct {
		name string
		set  func(string)
		get  func() string
		text string
		hint func() string
		want string
	}{
		{"bad bind", func(v string) { retype(&s.bind.Entry, v) }, func() string { return s.bind.Text }, "999.1.1.1",
			func() string { return s.bindHint.Text }, `"999.1.1.1" is not an IP address to listen on`},
		{"empty bind", func(v string) { retype(&s.bind.Entry, v) }, func() string { return s.bind.Text }, "",
			func() string { return s.bindHint.Text }, "Choose an address to listen on"},
		{"empty port", func(v string) { retype(s.port, v) }, func() string { return s.port.Text }, "",
			func() string { return s.portHint.Text }, "Enter a port number (0 picks a free one)"},
		{"letters in port", func(v string) { retype(s.port, v) }, func() string { return s.port.Text }, "abc",
			func() string { return s.portHint.Text }, `Invalid port "abc" (want a number from 0 to 65535)`},
		{"port too big", func(v string) { retype(s.port, v) }, func() string { return s.port.Text }, "70000",
			func() string { return s.portHint.Text }, `Invalid port "70000" (want a number from 0 to 65535)`},
		{"huge port", func(v string) { retype(s.port, v) }, func() string { return s.port.Text }, "99999999999999999999",
			func() string { return s.portHint.Text }, "Invalid port \"99999999999999999999\" (want a number from 0 to 65535)"},
		{"empty reply", func(v string) { s.mode.SetValue(sockets.ModeReply); retype(s.reply, v) }, func() string { return s.reply.Text }, "",
			func() string { return s.replyHint.Text }, "Enter the payload to reply with"},
		{"bad hex reply", func(v string) {
			s.mode.SetValue(sockets.ModeReply)
			s.replyFormat.SetValue(sockets.FormatHex)
			retype(s.reply, v)
		}, func() string { return s.reply.Text }, "4x",
			func() string { return s.replyHint.Text }, `Hex: invalid hex digit "x" at position 1`},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			retype(&s.bind.Entry, "127.0.0.1")
			retype(s.port, "0")
			s.mode.SetValue(sockets.ModeEcho)
			s.replyFormat.SetValue(sockets.FormatText)
			if s.startBtn.Disabled() {
				t.Fatal("Start disabled with good input")
			}
			tc.set(tc.text)
			if got := tc.hint(); !strings.HasPrefix(got, tc.want) {
				t.Errorf("hint = %q; want prefix %q", got, tc.want)
			}
			if !s.startBtn.Disabled() {
				t.Error("Start enabled with bad input")
			}
			test.Tap(s.startBtn)
			if s.state != serverStopped {
				t.Error("server started with bad input")
			}
			if got := tc.get(); got != tc.text {
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
	if want := "Server: Listening on 127.0.0.1:" + strconv.Itoa(port) + " - 2 clients"; h.mw.status.serverState.Text != want {
		t.Errorf("status = %q; want %q", h.mw.status.serverState.Text, want)
	}
	if !s.sendSelBtn.Disabled() || !s.disconnectBtn.Disabled() {
		t.Error("Send to selected and Disconnect need a selected client")
	}

	// Send to all reaches both.
	retype(s.payload, `all\n`)
	test.Tap(s.sendAllBtn)
	readExactly(t, c1, "all\n")
	readExactly(t, c2, "all\n")

	// Send to selected reaches only the selected one.
	if !s.selectPeer(a2) {
		t.Fatalf("peer %s not listed in %v", a2, s.peers)
	}
	if s.sendSelBtn.Disabled() {
		t.Fatal("Send to selected disabled with a selection")
	}
	s.payloadFormat.SetValue(sockets.FormatHex)
	retype(s.payload, "6f 6e 65")
	test.Tap(s.sendSelBtn)
	readExactly(t, c2, "one")
	// Enter in the payload entry sends to the selection too.
	s.payload.TypedKey(&fyne.KeyEvent{Name: fyne.KeyReturn})
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
	test.Tap(s.disconnectBtn)
	c2.SetReadDeadline(time.Now().Add(5 * time.Second))
	if _, err := c2.Read(make([]byte, 1)); err == nil {
		t.Error("disconnected client can still read")
	}
	h.waitPeers(1)
	if s.peers[0].Addr != a1 {
		t.Errorf("remaining peer = %s; want %s", s.peers[0].Addr, a1)
	}
	if s.selected != "" || !s.disconnectBtn.Disabled() {
		t.Errorf("selection %q survived its peer's disconnect", s.selected)
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
	s.protocol.SetValue("udp")
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
	retype(s.payload, "bcast")
	test.Tap(s.sendAllBtn)
	readExactly(t, c, "bcast")
	s.selectPeer(c.LocalAddr().String())
	test.Tap(s.disconnectBtn)
	h.waitPeers(0)
}

func TestServerSendWithoutClients(t *testing.T) {
	h := newAppHarness(t)
	s := h.mw.server
	h.startServer()
	retype(s.payload, "nobody")
	if !s.sendAllBtn.Disabled() {
		t.Error("Send to all enabled with no clients")
	}
	// Enter still explains.
	s.onSubmit()
	h.waitDialog("No client is connected")
	if s.payload.Text != "nobody" {
		t.Errorf("payload changed to %q", s.payload.Text)
	}
}
