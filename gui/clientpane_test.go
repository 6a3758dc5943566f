package gui

import (
	"math"
	"net"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/driver/desktop"
	"fyne.io/fyne/v2/test"

	"github.com/sockettester/sockettester/gui/i18n"
	"github.com/sockettester/sockettester/gui/internal/guitest"
	"github.com/sockettester/sockettester/gui/panes"
	"github.com/sockettester/sockettester/gui/widgets"
	"github.com/sockettester/sockettester/internal/nettest"
	"github.com/sockettester/sockettester/sockets"
	"github.com/sockettester/sockettester/sockets/payload"
)

// assertExchange checks that the log shows the client sending sent, the
// server receiving it, the server answering reply and the client receiving
// it, in that order, with exactly those bytes.
func (h *appHarness) assertExchange(sent, reply string) {
	h.t.Helper()
	want := []wireRow{
		{sockets.SideClient, sockets.KindSent, sent},
		{sockets.SideServer, sockets.KindReceived, sent},
		{sockets.SideServer, sockets.KindSent, reply},
		{sockets.SideClient, sockets.KindReceived, reply},
	}
	h.waitFor("the reply to reach the client", func() bool {
		return h.hasRow(sockets.SideClient, sockets.KindReceived, []byte(reply))
	})
	got := h.wireRows()
	i := 0
	for _, r := range got {
		if i < len(want) && r == want[i] {
			i++
		}
	}
	if i != len(want) {
		h.t.Fatalf("log data rows:\n%v\nwant in this order:\n%v", got, want)
	}
}

// repeatSend sets the repeat count and interval, types payload and taps
// Send.
func (h *appHarness) repeatSend(payload, count, interval string) {
	h.t.Helper()
	retype(h.mw.client.Repeat, count)
	retype(h.mw.client.Interval, interval)
	h.typeAndSend(payload)
}

// typeAndSend types payload into the client editor and taps Send.
func (h *appHarness) typeAndSend(payload string) {
	h.t.Helper()
	c := h.mw.client
	retype(&c.Editor.Entry, payload)
	if c.SendBtn.Disabled() {
		h.t.Fatalf("Send is disabled after typing %q; hint %q, reason %q", payload, c.Payload.Hint.Text, c.SendReason.Text)
	}
	test.Tap(c.SendBtn)
}

func TestEchoTCP(t *testing.T) {
	h := newAppHarness(t)
	port := h.startServer()
	h.connectToOwnServer()
	c := h.mw.client
	if c.Host.Text != "127.0.0.1" || c.Port.Text != strconv.Itoa(port) || c.Protocol.Selected != "TCP" {
		t.Fatalf("Use my server filled %q %q %q; want 127.0.0.1 %d TCP", c.Host.Text, c.Port.Text, c.Protocol.Selected, port)
	}
	h.typeAndSend(`hello\r\n`)
	h.assertExchange("hello\r\n", "hello\r\n")

	if got := c.Editor.Text; got != `hello\r\n` {
		t.Errorf("editor text after send = %q; want it kept", got)
	}
	want := "Connected to 127.0.0.1:" + strconv.Itoa(port)
	if got := c.Frame.State.Text; got != want {
		t.Errorf("client state = %q; want %q", got, want)
	}
	h.waitPeers(1)
	h.mw.refreshStatus()
	want = "Listening on 127.0.0.1:" + strconv.Itoa(port)
	if got := h.mw.server.Frame.State.Text; got != want {
		t.Errorf("server state = %q; want %q", got, want)
	}
	if got, want := h.mw.status.server.Text, "Server: 1 client · in 7 B (1 read) · out 7 B (1 write)"; got != want {
		t.Errorf("server counters = %q; want %q", got, want)
	}
	if got, want := h.mw.status.client.Text, "Client: in 7 B (1 read) · out 7 B (1 write)"; !strings.HasPrefix(got, want) {
		t.Errorf("client counters = %q; want %q first", got, want)
	}
	// The engine's reply times of this connection: one reply, its p50 and
	// p99 (the same one time).
	if got := h.mw.status.client.Text; !regexp.MustCompile(` · 1 reply, p50 (\d+\.\d{3}) ms, p99 (\d+\.\d{3}) ms$`).MatchString(got) {
		t.Errorf("client status = %q; want it to end with 1 reply and its p50 and p99", got)
	}

	test.Tap(c.ConnectBtn) // now "Disconnect"
	h.waitFor("the client to disconnect", func() bool { return c.State == panes.ClientIdle })
	if c.ConnectBtn.Text != "Connect" {
		t.Errorf("button after disconnect = %q; want Connect", c.ConnectBtn.Text)
	}
}

func TestEchoUDP(t *testing.T) {
	h := newAppHarness(t)
	h.mw.server.Protocol.SetValue("udp")
	h.startServer()
	c := h.mw.client
	h.connectToOwnServer()
	if c.Protocol.Selected != "UDP" {
		t.Fatalf("Use my server set protocol %q; want UDP", c.Protocol.Selected)
	}
	if c.ConnectBtn.Text != "Close socket" {
		t.Errorf("connected UDP button = %q; want Close socket", c.ConnectBtn.Text)
	}
	h.typeAndSend("ping")
	h.assertExchange("ping", "ping")
	if !strings.HasPrefix(c.Status(), "UDP socket open to 127.0.0.1:") {
		t.Errorf("status = %q", c.Status())
	}
}

func TestEchoHexAndLineEnding(t *testing.T) {
	h := newAppHarness(t)
	h.startServer()
	h.connectToOwnServer()
	c := h.mw.client
	c.Format.SetValue(payload.FormatHex)
	c.Eol.SetValue(payload.EOLCRLF)
	h.typeAndSend("00 ff 0x41:42")
	h.assertExchange("\x00\xffAB\r\n", "\x00\xffAB\r\n")
}

func TestServerReplyAndSilentModes(t *testing.T) {
	h := newAppHarness(t)
	s := h.mw.server
	s.Mode.SetValue(sockets.ModeReply)
	s.ReplyFormat.SetValue(payload.FormatHex)
	retype(s.Reply, "4f 4b")
	h.startServer()
	h.connectToOwnServer()
	h.typeAndSend("question")
	h.assertExchange("question", "OK")

	// Switch the running server to silent: the next message gets no answer.
	s.Mode.SetValue(sockets.ModeSilent)
	h.typeAndSend("quiet")
	h.waitFor("the server to receive the silent message", func() bool {
		return h.hasRow(sockets.SideServer, sockets.KindReceived, []byte("quiet"))
	})
	// Then an echo round trip proves nothing was sent in between.
	s.Mode.SetValue(sockets.ModeEcho)
	h.typeAndSend("loud")
	h.assertExchange("loud", "loud")
	for _, r := range h.wireRows() {
		if r.side == sockets.SideServer && r.kind == sockets.KindSent && r.data == "quiet" {
			t.Fatalf("silent server sent %q", r.data)
		}
	}
	if n := strings.Count(strings.Join(rowsData(h.wireRows(), sockets.SideClient, sockets.KindReceived), "|"), "OK"); n != 1 {
		t.Errorf("client received OK %d times; want 1 (only in reply mode)", n)
	}
}

func rowsData(rows []wireRow, side sockets.Side, kind sockets.Kind) []string {
	var out []string
	for _, r := range rows {
		if r.side == side && r.kind == kind {
			out = append(out, r.data)
		}
	}
	return out
}

func TestCtrlEnterSends(t *testing.T) {
	h := newAppHarness(t)
	h.startServer()
	h.connectToOwnServer()
	c := h.mw.client
	retype(&c.Editor.Entry, "via shortcut")
	c.Editor.TypedShortcut(&desktop.CustomShortcut{KeyName: fyne.KeyReturn, Modifier: fyne.KeyModifierShortcutDefault})
	h.assertExchange("via shortcut", "via shortcut")
	if c.Editor.Text != "via shortcut" {
		t.Errorf("Ctrl+Enter changed the editor to %q", c.Editor.Text)
	}
}

func TestRepeatAndStop(t *testing.T) {
	h := newAppHarness(t)
	h.startServer()
	h.connectToOwnServer()
	c := h.mw.client
	h.repeatSend("r", "3", "10ms")
	h.waitFor("three echoes", func() bool {
		return len(rowsData(h.wireRows(), sockets.SideClient, sockets.KindReceived)) >= 1 &&
			strings.Count(strings.Join(rowsData(h.wireRows(), sockets.SideClient, sockets.KindReceived), ""), "r") == 3
	})
	h.waitFor("the repeat to finish", func() bool { return c.Repeating == nil && !c.SendBtn.Disabled() })

	// A long repeat stops on Stop.
	retype(c.Repeat, "1000")
	retype(c.Interval, "1h")
	test.Tap(c.SendBtn)
	if c.Repeating == nil || !c.StopRepeatBt.Visible() || !c.SendBtn.Disabled() {
		t.Fatalf("repeat did not start: repeating %v, stop visible %v", c.Repeating != nil, c.StopRepeatBt.Visible())
	}
	test.Tap(c.StopRepeatBt)
	if c.Repeating != nil || c.StopRepeatBt.Visible() || c.SendBtn.Disabled() {
		t.Fatal("Stop did not end the repeat")
	}
}

func TestHistoryRecallsPayloads(t *testing.T) {
	a := test.NewTempApp(t)
	h := newAppHarnessFor(t, a)
	h.startServer()
	h.connectToOwnServer()
	c := h.mw.client
	h.typeAndSend("first")
	c.Format.SetValue(payload.FormatHex)
	h.typeAndSend("41 42")
	if got := c.History.Options; len(got) != 2 || !strings.Contains(got[0], "41 42") || !strings.Contains(got[1], "first") {
		t.Fatalf("history options = %q", got)
	}
	c.History.SetSelected(c.History.Options[1])
	if c.Editor.Text != "first" || c.Format.Selected != "Text" {
		t.Fatalf("history recall filled %q (%s); want first (Text)", c.Editor.Text, c.Format.Selected)
	}
	if c.History.Selected != "" {
		t.Errorf("history dropdown kept selection %q", c.History.Selected)
	}

	// The history survives a restart.
	h2 := newAppHarnessFor(t, a)
	if got := h2.mw.client.History.Options; len(got) != 2 || !strings.Contains(got[0], "41 42") {
		t.Fatalf("restored history = %q", got)
	}
}

func TestServerClosingIsDetected(t *testing.T) {
	h := newAppHarness(t)
	h.startServer()
	h.connectToOwnServer()
	test.Tap(h.mw.server.StopBtn)
	c := h.mw.client
	h.waitFor("the client to notice the server went away", func() bool {
		return c.State == panes.ClientIdle && h.mw.server.State == panes.ServerStopped
	})
	if c.Status() != "Not connected" {
		t.Errorf("client status = %q; want Not connected", c.Status())
	}
	if h.dialogText() != "" {
		t.Errorf("a server closing the connection showed a dialog: %q", h.dialogText())
	}
}

func TestConnectRefused(t *testing.T) {
	h := newAppHarness(t)
	c := h.mw.client
	port := strconv.Itoa(guitest.ClosedLoopbackPort(t))
	retype(c.Port, port)
	test.Tap(c.ConnectBtn)
	h.waitDialog("refused")
	if c.State != panes.ClientIdle {
		t.Errorf("state after refusal = %v; want idle", c.State)
	}
	if _, ok := h.errorRow("refused"); !ok {
		t.Errorf("no error row for the refused connect:\n%s", h.logText())
	}
	if c.Host.Text != "127.0.0.1" || c.Port.Text != port {
		t.Errorf("inputs changed to %q %q", c.Host.Text, c.Port.Text)
	}
}

func TestUnknownHostInPlainWords(t *testing.T) {
	// The lookup error is built by hand, as the engine wraps it: a real
	// lookup would ask the system's resolver, which is not on loopback.
	dns := &net.DNSError{Err: "no such host", Name: "no.such.host.invalid", Server: "127.0.0.53:53", IsNotFound: true}
	err := sockets.ExplainNetError(&net.OpError{Op: "dial", Net: "tcp", Err: dns})
	h := newAppHarness(t)
	widgets.ShowFailure(h.win, "Could not connect to no.such.host.invalid:80 (TCP)", err)
	got := h.dialogText()
	if !strings.Contains(got, "no such host: no.such.host.invalid") || strings.Contains(got, "127.0.0.53") {
		t.Errorf("dialog says %q; want the host in plain words without the resolver", got)
	}
}

func TestConnectCancel(t *testing.T) {
	// A listener whose backlog is full leaves further dials hanging, which
	// gives Cancel something to cancel without leaving loopback.
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer ln.Close()
	h := newAppHarness(t)
	c := h.mw.client
	retype(c.Port, strconv.Itoa(ln.Addr().(*net.TCPAddr).Port))
	test.Tap(c.ConnectBtn)
	if c.State != panes.ClientConnecting && c.State != panes.ClientConnected {
		// The dial goroutine reports through the queue, so the pane must
		// still say connecting here.
		t.Fatalf("state right after Connect = %v", c.State)
	}
	if !c.CancelBtn.Visible() || !c.ConnectBtn.Disabled() {
		t.Fatal("while connecting, Cancel should show and Connect be disabled")
	}
	if !strings.HasPrefix(c.Status(), "Connecting to 127.0.0.1:") {
		t.Errorf("status while connecting = %q", c.Status())
	}
	test.Tap(c.CancelBtn)
	h.waitFor("the dial to end", func() bool { return c.State == panes.ClientIdle })
	if strings.Contains(h.dialogText(), "rror") {
		t.Errorf("cancel showed an error dialog: %q", h.dialogText())
	}
}

func TestClientBadInput(t *testing.T) {
	h := newAppHarness(t)
	c := h.mw.client
	cases := []struct {
		name string
		f    *widgets.Field
		text string
		want string
		why  string // what the title row says about Connect
	}{
		{"empty port", c.Port, "", "Enter the server's port number", "Enter a port"},
		{"letters in port", c.Port, "80a", `Invalid port "80a" (want a number from 1 to 65535)`, "Fix the fields first"},
		{"port zero", c.Port, "0", "Port 0 cannot be connected to", "Fix the fields first"},
		{"port too big", c.Port, "65536", `Invalid port "65536" (want a number from 1 to 65535)`, "Fix the fields first"},
		{"empty host", c.Host, "", "Enter a host name or IP address", "Enter a host"},
		{"host with port", c.Host, "127.0.0.1:80", "Type the port in the Port field", "Fix the fields first"},
		{"bad timeout", c.Timeout, "soon", "Timeout must be a duration", "Fix the fields first"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			retype(c.Host, "127.0.0.1")
			retype(c.Port, "9")
			retype(c.Timeout, "5s")
			if c.ConnectBtn.Disabled() {
				t.Fatal("Connect disabled with good input")
			}
			e := tc.f
			retype(e, tc.text)
			if got := e.Hint.Text; !strings.HasPrefix(got, tc.want) || !e.Hint.Visible() {
				t.Errorf("hint = %q (shown %v); want prefix %q", got, e.Hint.Visible(), tc.want)
			}
			if !c.ConnectBtn.Disabled() {
				t.Error("Connect enabled with bad input")
			}
			// The title row says why Connect is off.
			if got := c.Frame.State.Text; got != tc.why {
				t.Errorf("state = %q; want it to say why: %q", got, tc.why)
			}
			if tc.f == c.Timeout && !c.Frame.Advanced.Visible() {
				t.Error("a bad timeout stays folded away under Advanced")
			}
			test.Tap(c.ConnectBtn)
			if e.Text != tc.text {
				t.Errorf("typed %q became %q", tc.text, e.Text)
			}
			if c.State != panes.ClientIdle {
				t.Errorf("state = %v; want idle", c.State)
			}
		})
	}
}

func TestClientBadPayload(t *testing.T) {
	h := newAppHarness(t)
	h.startServer()
	h.connectToOwnServer()
	c := h.mw.client
	cases := []struct {
		format     payload.Format
		text, want string
	}{
		{payload.FormatHex, "48 6g", `Hex: invalid hex digit "g" at position 4`},
		{payload.FormatText, `bad \q escape`, `Text: unknown escape "\q" at position 4`},
		{payload.FormatText, `\x4`, "Text: incomplete escape"},
	}
	for _, tc := range cases {
		c.Format.SetValue(tc.format)
		retype(c.Payload, tc.text)
		if got := c.Payload.Hint.Text; !strings.HasPrefix(got, tc.want) || !c.Payload.Hint.Visible() {
			t.Errorf("%s %q: hint = %q (visible %v); want prefix %q", tc.format, tc.text, got, c.Payload.Hint.Visible(), tc.want)
		}
		if !c.SendBtn.Disabled() {
			t.Errorf("%s %q: Send enabled", tc.format, tc.text)
		}
		test.Tap(c.SendBtn)
		c.Editor.TypedShortcut(&desktop.CustomShortcut{KeyName: fyne.KeyReturn, Modifier: fyne.KeyModifierShortcutDefault})
		if c.Editor.Text != tc.text {
			t.Errorf("typed %q became %q", tc.text, c.Editor.Text)
		}
	}
	// A payload that reads clears the hint.
	retype(c.Payload, "48 65")
	if c.Payload.Hint.Visible() || c.SendBtn.Disabled() {
		t.Errorf("good text payload: hint %q, Send disabled %v", c.Payload.Hint.Text, c.SendBtn.Disabled())
	}
	retype(c.Repeat, "0")
	if !strings.Contains(c.Repeat.Hint.Text, "Repeat must be") || !c.SendBtn.Disabled() {
		t.Errorf("repeat 0: hint %q, Send disabled %v", c.Repeat.Hint.Text, c.SendBtn.Disabled())
	}
	if c.SendReason.Text != "Fix the fields first" {
		t.Errorf("why Send is off: %q", c.SendReason.Text)
	}
	if len(h.wireRows()) != 0 {
		t.Errorf("bad payloads were sent: %v", h.wireRows())
	}
}

func TestUseMyServerStartsTheServer(t *testing.T) {
	h := newAppHarness(t)
	c, s := h.mw.client, h.mw.server
	retype(c.Port, "1234")
	test.Tap(c.UseServer)
	if s.State != panes.ServerRunning {
		t.Fatalf("Use my server left the server %v", s.State)
	}
	_, _, port, _ := s.ListenAddr()
	h.waitFor("the client to connect", func() bool { return c.State == panes.ClientConnected })
	if c.Port.Text != strconv.Itoa(port) {
		t.Errorf("port = %q; want the server's %d", c.Port.Text, port)
	}
}

func TestUseMyServerCannotStart(t *testing.T) {
	h := newAppHarness(t)
	c, s := h.mw.client, h.mw.server
	retype(s.Port, "nope")
	retype(c.Port, "1234")
	test.Tap(c.UseServer)
	h.waitDialog("Cannot start the server")
	if c.Port.Text != "1234" || c.State != panes.ClientIdle {
		t.Errorf("port changed to %q, state %v", c.Port.Text, c.State)
	}
}

func TestUseMyServerIPv6Loopback(t *testing.T) {
	if !nettest.HasIPv6Loopback() {
		t.Skip("no IPv6 loopback")
	}
	h := newAppHarness(t)
	retype(&h.mw.server.Bind.Entry, "::1")
	if h.mw.server.BindWarn.Visible() || h.mw.server.BindF.Hint.Visible() {
		t.Fatalf("::1 bind: warning %q, hint %q", h.mw.server.BindWarn.Text, h.mw.server.BindF.Hint.Text)
	}
	port := h.startServer()
	h.connectToOwnServer()
	c := h.mw.client
	if got := c.Host.Text; got != "::1" {
		t.Errorf("host = %q; want ::1", got)
	}
	if want := "Connected to [::1]:" + strconv.Itoa(port); c.Status() != want {
		t.Errorf("status = %q; want %q", c.Status(), want)
	}
	h.typeAndSend("six")
	h.assertExchange("six", "six")
}

// TestConnectMovesNothing: the demo's second click lands where Send was
// before the first: opening and closing a connection moves none of the
// client pane's controls (the connection row is there all along).
func TestConnectMovesNothing(t *testing.T) {
	for _, lang := range []string{i18n.English, i18n.Vietnamese} {
		t.Run(lang, func(t *testing.T) { connectMovesNothing(t, lang) })
	}
}

// connectMovesNothing is TestConnectMovesNothing in one language: a
// language whose title row is the pane's widest row once moved the split
// between the panes when Use my server hid.
func connectMovesNothing(t *testing.T, lang string) {
	h := newAppHarness(t)
	h.mw.setLanguage(lang)
	h.win.Resize(windowSize)
	c := h.mw.client
	d := h.app.Driver()
	controls := map[string]fyne.CanvasObject{"Send": c.SendBtn, "payload": c.Editor, "Repeat": c.Repeat.Entry}
	where := func() map[string]fyne.Position {
		h.win.Content().Refresh() // lays the window out again, as the driver's next frame does
		out := map[string]fyne.Position{}
		for name, o := range controls {
			out[name] = d.AbsolutePositionForObject(o)
		}
		return out
	}
	before := where()
	test.Tap(c.UseServer)
	h.waitFor("the client to connect", func() bool { return c.State == panes.ClientConnected })
	if !strings.Contains(c.Conn.Text.Text, " 127.0.0.1:") || !c.Conn.EndStream.Visible() {
		t.Fatalf("connected: row %q, end of stream shown %v", c.Conn.Text.Text, c.Conn.EndStream.Visible())
	}
	connected := where()
	test.Tap(c.ConnectBtn)
	h.waitFor("the client to disconnect", func() bool { return c.State == panes.ClientIdle })
	after := where()
	for name := range controls {
		if !samePlace(connected[name], before[name]) || !samePlace(after[name], before[name]) {
			t.Errorf("%s at %v before connecting, %v connected, %v after; want it to stay", name, before[name], connected[name], after[name])
		}
	}
}

// samePlace reports whether a and b are within a pixel: a split between
// panes may shift its content by a fraction when a pane's minimum changes.
func samePlace(a, b fyne.Position) bool {
	return math.Abs(float64(a.X-b.X)) < 1 && math.Abs(float64(a.Y-b.Y)) < 1
}
