package gui

import (
	"strconv"
	"strings"
	"testing"

	"github.com/sockettester/sockettester/sockets/tlsinfo"

	"fyne.io/fyne/v2/test"

	"github.com/sockettester/sockettester/sockets"
)

// chooseForward picks Forward to… with target to.
func (h *appHarness) chooseForward(to string) {
	h.t.Helper()
	s := h.mw.server
	s.mode.SetValue(sockets.ModeForward)
	if !s.fwd.to.Visible() {
		h.t.Fatal("Forward to… shows no target field")
	}
	retype(s.fwd.to, to)
}

// TestForwardToRelaysToEchoServer runs the server pane as a relay to an
// engine echo server: the client's hello goes through and back, the log
// shows both directions on the relay's side, the peers list shows the
// relay's client, the side filter picks the relay's rows, and Stop stops
// the relay.
func TestForwardToRelaysToEchoServer(t *testing.T) {
	echo := startEngineServer(t, sockets.ServerConfig{})
	target := echo.Addr().String()
	h := newAppHarness(t)
	s, c := h.mw.server, h.mw.client
	if !s.sendRow.Visible() {
		t.Fatal("the send-to-clients row is hidden in echo mode")
	}
	h.chooseForward(target)
	if s.sendRow.Visible() {
		t.Error("the send-to-clients row shows for a relay, which sends nothing of its own")
	}
	port := h.startServer()
	if !s.relaying() {
		t.Fatalf("running %v; want a relay", s.srv)
	}
	if want := "Forwarding 127.0.0.1:" + strconv.Itoa(port) + " to " + target; s.frame.state.Text != want {
		t.Errorf("state = %q; want %q", s.frame.state.Text, want)
	}
	if !s.mode.Disabled() || !s.fwd.to.Disabled() {
		t.Error("mode or target still editable while the relay runs")
	}

	h.connectToOwnServer()
	h.typeAndSend(`hello\n`)
	h.waitFor("the echo through the relay", func() bool { return h.hasRow(sockets.SideClient, sockets.KindReceived, []byte("hello\n")) })
	local := c.client.LocalAddr().String()
	var fromClient, fromTarget bool
	for _, r := range h.mw.log.Rows() {
		if r.Side != sockets.SideRelay || r.Kind != sockets.KindReceived || string(r.Data) != "hello\n" {
			continue
		}
		fromClient = fromClient || r.Remote == local
		fromTarget = fromTarget || r.Remote == target
	}
	if !fromClient || !fromTarget {
		t.Errorf("relay rows from the client %v, from the target %v; want both:\n%s", fromClient, fromTarget, h.logText())
	}
	h.waitPeers(1)
	if got := s.peers[0].Addr; got != local {
		t.Errorf("peers list %q; want the client %s", got, local)
	}
	if got := s.peerSelect.Options[1]; !strings.HasPrefix(got, local+" · in 6 B · out 6 B") {
		t.Errorf("peer line %q", got)
	}
	if got := logSideText(sockets.SideRelay); got != "Relay" {
		t.Errorf("side label %q", got)
	}

	// The side filter's Relay shows the relay's rows only.
	v := h.mw.log
	v.sideSelect.SetSelectedIndex(int(logSideRelay))
	if v.sideSelect.Selected != "Relay" {
		t.Errorf("side option %q; want Relay", v.sideSelect.Selected)
	}
	rows := v.Rows()
	if len(rows) == 0 {
		t.Fatal("the Relay filter shows no rows")
	}
	for _, r := range rows {
		if r.Side != sockets.SideRelay {
			t.Errorf("the Relay filter shows a %v row", r.Side)
		}
	}
	v.sideSelect.SetSelectedIndex(int(logSideAll))

	// Disconnect closes the relay's client (and its connection to the target).
	if !s.selectPeer(local) {
		t.Fatalf("the relay's client %s is not listed", local)
	}
	test.Tap(s.disconnectBtn)
	h.waitFor("the client to see the close", func() bool { return c.state == clientIdle })

	test.Tap(s.stopBtn)
	h.waitFor("the relay to stop", func() bool { return s.state == serverStopped })
	if s.relaying() || s.mode.Disabled() {
		t.Error("after Stop the relay is kept or the mode is still locked")
	}
	h.waitFor("the relay's stopped row", func() bool {
		for _, r := range h.mw.log.Rows() {
			if r.Side == sockets.SideRelay && r.Kind == sockets.KindStopped {
				return strings.HasPrefix(logMessage(&r), "relayed 1 connection; client → target 6 B; target → client 6 B")
			}
		}
		return false
	})
	found := false
	for _, r := range h.mw.log.Rows() {
		found = found || r.Side == sockets.SideRelay && r.Kind == sockets.KindDisconnected && strings.HasPrefix(logMessage(&r), "disconnected by relay; closed")
	}
	if !found {
		t.Errorf("no row says the relay disconnected its client:\n%s", h.logText())
	}
}

// TestForwardToWithTLS relays with TLS on both sides: the pane's TLS
// switch faces the relay's clients, Use my server trusts the relay's
// certificate, and the target is a TLS echo server reached without
// verification.
func TestForwardToWithTLS(t *testing.T) {
	echo := startEngineServer(t, sockets.ServerConfig{TLS: &sockets.ServerTLS{}})
	h := newAppHarness(t)
	s, c := h.mw.server, h.mw.client
	h.chooseForward(echo.Addr().String())
	test.Tap(s.fwd.tlsTo)
	if !s.fwd.skipRow.Visible() || s.fwd.skipWarn.Visible() {
		t.Fatalf("TLS to target: skip offered %v, warning %v; want the skip, no warning", s.fwd.skipRow.Visible(), s.fwd.skipWarn.Visible())
	}
	test.Tap(s.fwd.skip)
	if !s.fwd.skipWarn.Visible() || s.fwd.skipWarn.Text != "Target not verified: anyone in between can pose as it." {
		t.Errorf("skipping the target's verification: warning shown %v, %q", s.fwd.skipWarn.Visible(), s.fwd.skipWarn.Text)
	}
	h.startTLSServer()
	if s.Certificate() == nil || !strings.HasPrefix(s.tls.fingerprint.Text, "SHA-256 ") {
		t.Fatalf("relay certificate %v, fingerprint %q", s.Certificate(), s.tls.fingerprint.Text)
	}
	h.connectToOwnServer()
	if !c.tls.on.Checked || c.client.TLS() == nil || c.client.TLS().Verify != tlsinfo.VerifyOK {
		t.Fatalf("client TLS %v, handshake %+v; want verified TLS to the relay", c.tls.on.Checked, c.client.TLS())
	}
	h.typeAndSend("tls both ways")
	h.waitFor("the echo", func() bool { return h.hasRow(sockets.SideClient, sockets.KindReceived, []byte("tls both ways")) })
	var targetTLS bool
	for _, r := range h.mw.log.Rows() {
		targetTLS = targetTLS || r.Side == sockets.SideRelay && r.Kind == sockets.KindTLS && r.Remote == echo.Addr().String() &&
			strings.HasSuffix(logMessage(&r), "; verification skipped")
	}
	if !targetTLS {
		t.Errorf("no relay TLS row toward the target, verification skipped:\n%s", h.logText())
	}
}

// TestForwardToBadInput keeps Start off, saying why, for a missing or bad
// target and for UDP.
func TestForwardToBadInput(t *testing.T) {
	h := newAppHarness(t)
	s := h.mw.server
	s.mode.SetValue(sockets.ModeForward)
	if !s.startBtn.Disabled() || s.fwd.to.hint.Text != "Enter the target's host:port, e.g. 127.0.0.1:9000" {
		t.Errorf("empty target: Start off %v, hint %q", s.startBtn.Disabled(), s.fwd.to.hint.Text)
	}
	retype(s.fwd.to, "http://example.com")
	if !strings.Contains(s.fwd.to.hint.Text, "write host:port, not a URL") {
		t.Errorf("URL target hint = %q", s.fwd.to.hint.Text)
	}
	retype(s.fwd.to, "127.0.0.1:9")
	s.protocol.SetValue("udp")
	if !s.startBtn.Disabled() || s.fwd.to.hint.Text != "Forward to… relays TCP only: choose TCP" {
		t.Errorf("UDP: Start off %v, hint %q", s.startBtn.Disabled(), s.fwd.to.hint.Text)
	}
	if s.fwd.to.Text != "127.0.0.1:9" {
		t.Errorf("target typed changed to %q", s.fwd.to.Text)
	}
}

// TestModeSwitchToForwardWhileRunning keeps a running server's mode when
// Forward to… is chosen, saying to stop first.
func TestModeSwitchToForwardWhileRunning(t *testing.T) {
	h := newAppHarness(t)
	s := h.mw.server
	h.startServer()
	s.mode.SetValue(sockets.ModeForward)
	if s.mode.Value() != sockets.ModeEcho {
		t.Errorf("mode = %v after choosing Forward to… while running; want echo kept", s.mode.Value())
	}
	h.waitDialog("Stop the server first, then choose it.")
	if s.state != serverRunning || s.srv == nil {
		t.Error("the server stopped")
	}
	// Server modes still switch while running.
	s.mode.SetValue(sockets.ModeSilent)
	if m, _ := s.srv.Mode(); m != sockets.ModeSilent {
		t.Errorf("server mode %v; want silent", m)
	}
}
