package gui

import (
	"strconv"
	"strings"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/theme"

	"github.com/sockettester/sockettester/gui/i18n"
	"github.com/sockettester/sockettester/gui/logview"
	"github.com/sockettester/sockettester/gui/panes"
	"github.com/sockettester/sockettester/sockets"
	"github.com/sockettester/sockettester/sockets/tlsinfo"
)

// chooseForward picks Forward to… with target to.
func (h *appHarness) chooseForward(to string) {
	h.t.Helper()
	s := h.mw.server
	s.Mode.SetValue(sockets.ModeForward)
	if !s.Fwd.To.Visible() {
		h.t.Fatal("Forward to… shows no target field")
	}
	retype(s.Fwd.To, to)
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
	if !s.SendRow.Visible() {
		t.Fatal("the send-to-clients row is hidden in echo mode")
	}
	h.chooseForward(target)
	if s.SendRow.Visible() {
		t.Error("the send-to-clients row shows for a relay, which sends nothing of its own")
	}
	port := h.startServer()
	if s.Srv == nil || s.Srv.Config().Mode != sockets.ModeForward {
		t.Fatalf("running %v; want a relay", s.Srv)
	}
	if want := "Forwarding 127.0.0.1:" + strconv.Itoa(port) + " to " + target; s.Frame.State.Text != want {
		t.Errorf("state = %q; want %q", s.Frame.State.Text, want)
	}
	if !s.Mode.Disabled() || !s.Fwd.To.Disabled() {
		t.Error("mode or target still editable while the relay runs")
	}

	h.connectToOwnServer()
	h.typeAndSend(`hello\n`)
	h.waitFor("the echo through the relay", func() bool { return h.hasRow(sockets.SideClient, sockets.KindReceived, []byte("hello\n")) })
	local := c.Client.LocalAddr().String()
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
	if got := s.Peers[0].Addr; got != local {
		t.Errorf("peers list %q; want the client %s", got, local)
	}
	if got := s.PeerSelect.Options[1]; !strings.HasPrefix(got, local+" · in 6 B · out 6 B") {
		t.Errorf("peer line %q", got)
	}

	// The side filter's Relay shows the relay's rows only.
	v := h.mw.log
	v.SideSelect.SetSelectedIndex(int(logview.LogSideRelay))
	if v.SideSelect.Selected != "Relay" {
		t.Errorf("side option %q; want Relay", v.SideSelect.Selected)
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
	v.SideSelect.SetSelectedIndex(int(logview.LogSideAll))

	// Disconnect closes the relay's client (and its connection to the target).
	if !s.SelectPeer(local) {
		t.Fatalf("the relay's client %s is not listed", local)
	}
	test.Tap(s.DisconnectBtn)
	h.waitFor("the client to see the close", func() bool { return c.State == panes.ClientIdle })

	test.Tap(s.StopBtn)
	h.waitFor("the relay to stop", func() bool { return s.State == panes.ServerStopped })
	if s.Srv != nil || s.Mode.Disabled() {
		t.Error("after Stop the relay is kept or the mode is still locked")
	}
	h.waitFor("the relay's stopped row", func() bool {
		for _, r := range h.mw.log.Rows() {
			if r.Side == sockets.SideRelay && r.Kind == sockets.KindStopped {
				return strings.HasPrefix(logview.LogMessage(&r), "relayed 1 connection; client → target 6 B; target → client 6 B")
			}
		}
		return false
	})
	found := false
	for _, r := range h.mw.log.Rows() {
		found = found || r.Side == sockets.SideRelay && r.Kind == sockets.KindDisconnected && strings.HasPrefix(logview.LogMessage(&r), "disconnected by relay; closed")
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
	test.Tap(s.Fwd.TlsTo)
	if !s.Fwd.SkipRow.Visible() || !s.Fwd.Skip.Visible() || s.Fwd.SkipWarn.Visible() {
		t.Fatalf("TLS to target: skip offered %v, warning %v; want the skip, no warning", s.Fwd.SkipRow.Visible() && s.Fwd.Skip.Visible(), s.Fwd.SkipWarn.Visible())
	}
	test.Tap(s.Fwd.Skip)
	if !s.Fwd.SkipWarn.Visible() || s.Fwd.SkipWarn.Text != "Target not verified: anyone in between can pose as it." {
		t.Errorf("skipping the target's verification: warning shown %v, %q", s.Fwd.SkipWarn.Visible(), s.Fwd.SkipWarn.Text)
	}
	h.startTLSServer()
	if s.Certificate() == nil || !strings.HasPrefix(s.Tls.Fingerprint.Text, "SHA-256 ") {
		t.Fatalf("relay certificate %v, fingerprint %q", s.Certificate(), s.Tls.Fingerprint.Text)
	}
	h.connectToOwnServer()
	if !c.Tls.On.Checked || c.Client.TLS() == nil || c.Client.TLS().Verify != tlsinfo.VerifyOK {
		t.Fatalf("client TLS %v, handshake %+v; want verified TLS to the relay", c.Tls.On.Checked, c.Client.TLS())
	}
	h.typeAndSend("tls both ways")
	h.waitFor("the echo", func() bool { return h.hasRow(sockets.SideClient, sockets.KindReceived, []byte("tls both ways")) })
	var targetTLS bool
	for _, r := range h.mw.log.Rows() {
		targetTLS = targetTLS || r.Side == sockets.SideRelay && r.Kind == sockets.KindTLS && r.Remote == echo.Addr().String() &&
			strings.HasSuffix(logview.LogMessage(&r), "; verification skipped")
	}
	if !targetTLS {
		t.Errorf("no relay TLS row toward the target, verification skipped:\n%s", h.logText())
	}
}

// TestForwardToBadInput keeps Start off, saying why, for a missing or bad
// target.
func TestForwardToBadInput(t *testing.T) {
	h := newAppHarness(t)
	s := h.mw.server
	s.Mode.SetValue(sockets.ModeForward)
	// Nothing typed yet: no red hint; Start is off and the title row says why.
	if !s.StartBtn.Disabled() || s.Fwd.To.Hint.Visible() || s.Frame.State.Text != "Enter the target to start" {
		t.Errorf("nothing typed: Start off %v, hint shown %v %q, state %q; want off, no hint, %q",
			s.StartBtn.Disabled(), s.Fwd.To.Hint.Visible(), s.Fwd.To.Hint.Text, s.Frame.State.Text, "Enter the target to start")
	}
	retype(s.Fwd.To, "x")
	retype(s.Fwd.To, "")
	if !s.Fwd.To.Hint.Visible() || s.Fwd.To.Hint.Text != "Enter the target's host:port, e.g. 127.0.0.1:9000" {
		t.Errorf("target typed and cleared: hint %q", s.Fwd.To.Hint.Text)
	}
	retype(s.Fwd.To, "http://example.com")
	if !strings.Contains(s.Fwd.To.Hint.Text, "write host:port, not a URL") {
		t.Errorf("URL target hint = %q", s.Fwd.To.Hint.Text)
	}
}

// TestForwardToRelaysUDP runs the server pane as a UDP relay to an engine
// UDP echo server: no TLS row toward the target, and the client's datagram
// goes through and back, logged both ways on the relay's side.
func TestForwardToRelaysUDP(t *testing.T) {
	echo := startEngineServer(t, sockets.ServerConfig{Network: "udp"})
	target := echo.Addr().String()
	h := newAppHarness(t)
	s := h.mw.server
	s.Protocol.SetValue("udp")
	h.chooseForward(target)
	if s.Fwd.To.Hint.Visible() || s.Fwd.SkipRow.Visible() {
		t.Errorf("UDP: hint %q shown %v, TLS-to-target row shown %v; want neither", s.Fwd.To.Hint.Text, s.Fwd.To.Hint.Visible(), s.Fwd.SkipRow.Visible())
	}
	h.startServer()
	if s.Srv == nil || s.Srv.Config().Network != "udp" || s.Srv.Config().Mode != sockets.ModeForward {
		t.Fatalf("running %+v; want a UDP relay", s.Srv)
	}
	h.connectToOwnServer()
	h.typeAndSend(`hello`)
	h.waitFor("the echo through the relay", func() bool { return h.hasRow(sockets.SideClient, sockets.KindReceived, []byte("hello")) })
	var up, down bool
	for _, r := range h.mw.log.Rows() {
		if r.Side == sockets.SideRelay && r.Kind == sockets.KindReceived && string(r.Data) == "hello" {
			up = up || r.Remote != target
			down = down || r.Remote == target
		}
	}
	if !up || !down {
		t.Errorf("relay rows client → target %v, target → client %v; want both:\n%s", up, down, h.logText())
	}
}

// TestModeSwitchToForwardWhileRunning keeps a running server's mode when
// Forward to… is chosen, saying to stop first.
func TestModeSwitchToForwardWhileRunning(t *testing.T) {
	h := newAppHarness(t)
	s := h.mw.server
	h.startServer()
	s.Mode.SetValue(sockets.ModeForward)
	if s.Mode.Value() != sockets.ModeEcho {
		t.Errorf("mode = %v after choosing Forward to… while running; want echo kept", s.Mode.Value())
	}
	h.waitDialog("Stop the server first, then choose it.")
	if s.State != panes.ServerRunning || s.Srv == nil {
		t.Error("the server stopped")
	}
	// Server modes still switch while running.
	s.Mode.SetValue(sockets.ModeSilent)
	if m, _ := s.Srv.Mode(); m != sockets.ModeSilent {
		t.Errorf("server mode %v; want silent", m)
	}
}

// TestForwardToTargetFits types a web server's target at the default
// window size, in every language: the field shows it whole, with no hint,
// with room to spare (a longer name, www.example.com:443, fits too).
func TestForwardToTargetFits(t *testing.T) {
	defer i18n.UseLanguage(i18n.English)
	for _, code := range i18n.Languages {
		h := newAppHarness(t)
		h.mw.setLanguage(code)
		h.win.Resize(windowSize)
		h.chooseForward("example.com:443")
		to := h.mw.server.Fwd.To
		need := fyne.MeasureText("www.example.com:443", theme.TextSize(), fyne.TextStyle{}).Width + 2*theme.InnerPadding()
		if w := to.Size().Width; w < need {
			t.Errorf("%s: the target field is %v wide; www.example.com:443 needs %v", code, w, need)
		}
		if to.Hint.Visible() {
			t.Errorf("%s: a hint for a good target: %q", code, to.Hint.Text)
		}
		h.close()
	}
}
