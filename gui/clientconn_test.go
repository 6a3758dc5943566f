package gui

import (
	"io"
	"net"
	"strconv"
	"strings"
	"testing"
	"time"

	"fyne.io/fyne/v2/test"

	"github.com/sockettester/sockettester/gui/internal/guitest"
	"github.com/sockettester/sockettester/gui/panes"
	"github.com/sockettester/sockettester/internal/nettest"
	"github.com/sockettester/sockettester/sockets"
	"github.com/sockettester/sockettester/sockets/rules"
)

// upperRules answer each line in upper case; a last line without its
// newline is answered after the peer's end of stream.
const upperRules = `frame: line
default: {reply: "{{upper}}\n"}
`

// startEngineServer starts an engine server on 127.0.0.1 (not the pane's)
// and returns it.
func startEngineServer(t *testing.T, cfg sockets.ServerConfig) *sockets.Server {
	t.Helper()
	srv := sockets.NewServer(cfg)
	if err := srv.Start(); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { srv.Stop() })
	return srv
}

// TestSendEndOfStream sends a last line without its newline to a server
// that answers it only at end of input: Send end of stream gets the
// answer, and then it and Send are off, saying why.
func TestSendEndOfStream(t *testing.T) {
	set, err := rules.Parse("upper.yaml", []byte(upperRules))
	if err != nil {
		t.Fatal(err)
	}
	srv := startEngineServer(t, sockets.ServerConfig{Mode: sockets.ModeRules, Rules: set})
	h := newAppHarness(t)
	c := h.mw.client
	if c.Conn.Text.Text != "" || c.Conn.EndStream.Visible() {
		t.Errorf("before connecting the connection row says %q, end of stream shown %v; want it empty", c.Conn.Text.Text, c.Conn.EndStream.Visible())
	}
	retype(c.Port, portOf(t, srv.Addr().String()))
	test.Tap(c.ConnectBtn)
	h.waitFor("the client to connect", func() bool { return c.State == panes.ClientConnected })
	if !c.Conn.EndStream.Visible() || c.Conn.EndStream.Disabled() {
		t.Fatal("Send end of stream is not offered on an open TCP connection")
	}
	h.typeAndSend("first\nlast line")
	h.waitFor("the first answer", func() bool { return h.hasRow(sockets.SideClient, sockets.KindReceived, []byte("FIRST\n")) })
	if h.hasRow(sockets.SideClient, sockets.KindReceived, []byte("LAST LINE\n")) {
		t.Fatal("the last line was answered before end of stream")
	}

	test.Tap(c.Conn.EndStream)
	h.waitFor("the last answer", func() bool { return h.hasRow(sockets.SideClient, sockets.KindReceived, []byte("LAST LINE\n")) })
	h.waitFor("the send side to close", func() bool { return c.StreamEnded || c.State == panes.ClientIdle })
	found := false
	for _, r := range h.mw.log.Rows() {
		found = found || r.Side == sockets.SideClient && r.Kind == sockets.KindHalfClose
	}
	if !found {
		t.Errorf("no half-close row of the client:\n%s", h.logText())
	}
	// The server closes after answering: the client ends as usual.
	h.waitFor("the connection to end", func() bool { return c.State == panes.ClientIdle })
}

// TestSendEndOfStreamThenReceive half-closes toward a peer that reads to
// the end, then answers and keeps the connection open: the client still
// receives, while Send end of stream and Send are off, saying why.
func TestSendEndOfStreamThenReceive(t *testing.T) {
	ln := nettest.Listen(t)
	got := make(chan string, 1)
	hold := make(chan struct{}) // the connection stays open until the test ends
	t.Cleanup(func() { close(hold) })
	go func() {
		conn, err := ln.Accept()
		if err != nil {
			got <- err.Error()
			return
		}
		defer conn.Close()
		conn.SetDeadline(time.Now().Add(waitTimeout))
		b, err := io.ReadAll(conn) // to the client's end of stream
		if err == nil {
			_, err = conn.Write([]byte("read " + strconv.Itoa(len(b)) + " bytes\n"))
		}
		if err != nil {
			got <- err.Error()
			return
		}
		got <- string(b)
		<-hold
	}()
	h := newAppHarness(t)
	c := h.mw.client
	retype(c.Port, portOf(t, ln.Addr().String()))
	test.Tap(c.ConnectBtn)
	h.waitFor("the client to connect", func() bool { return c.State == panes.ClientConnected })
	h.typeAndSend("to the end")
	test.Tap(c.Conn.EndStream)
	if b := <-got; b != "to the end" {
		t.Fatalf("the peer read %q; want %q", b, "to the end")
	}
	h.waitFor("the answer after end of stream", func() bool {
		return h.hasRow(sockets.SideClient, sockets.KindReceived, []byte("read 10 bytes\n"))
	})
	if c.State != panes.ClientConnected || !c.StreamEnded {
		t.Fatalf("state %v, stream ended %v; want connected, ended", c.State, c.StreamEnded)
	}
	if !c.Conn.EndStream.Disabled() || !c.SendBtn.Disabled() {
		t.Error("Send end of stream or Send still on after end of stream")
	}
	if want := "End of stream sent: nothing more can be sent"; c.SendReason.Text != want {
		t.Errorf("Send's reason = %q; want %q", c.SendReason.Text, want)
	}
	if !strings.HasSuffix(c.Frame.State.Text, " · end of stream sent") {
		t.Errorf("state = %q", c.Frame.State.Text)
	}
}

// TestSendEndOfStreamNotForUDP offers no end of stream on a UDP socket.
func TestSendEndOfStreamNotForUDP(t *testing.T) {
	h := newAppHarness(t)
	h.mw.server.Protocol.SetValue("udp")
	h.startServer()
	h.connectToOwnServer()
	c := h.mw.client
	if c.Conn.EndStream.Visible() {
		t.Error("Send end of stream offered on a UDP socket")
	}
	if !c.Tls.On.Disabled() {
		t.Error("the TLS switch is on offer for UDP")
	}
}

// TestLocalAddressBound binds the client to a local port typed under
// Advanced; the server lists the client at exactly that address.
func TestLocalAddressBound(t *testing.T) {
	h := newAppHarness(t)
	c := h.mw.client
	if c.Frame.Advanced.Visible() {
		t.Fatal("Advanced is open on first launch")
	}
	if c.Local.Host.Text != "" || c.Local.Port.Text != "" {
		t.Fatalf("local address %q:%q by default; want empty (any)", c.Local.Host.Text, c.Local.Port.Text)
	}
	// Bad input: a hint, Advanced opened, Connect off, the text kept.
	retype(c.Local.Port, "70000")
	if !c.Local.Port.Hint.Visible() || !c.Frame.Advanced.Visible() || !c.ConnectBtn.Disabled() {
		t.Errorf("bad local port: hint %q shown %v, Advanced open %v, Connect off %v",
			c.Local.Port.Hint.Text, c.Local.Port.Hint.Visible(), c.Frame.Advanced.Visible(), c.ConnectBtn.Disabled())
	}
	retype(c.Local.Host, "example.com")
	if want := `"example.com" is not an IP address to listen on`; !strings.Contains(c.Local.Host.Hint.Text, want) {
		t.Errorf("host hint = %q; want it to contain %q", c.Local.Host.Hint.Text, want)
	}
	if c.Local.Port.Text != "70000" {
		t.Errorf("port text changed to %q", c.Local.Port.Text)
	}

	port := h.startServer()
	local := strconv.Itoa(guitest.ClosedLoopbackPort(t))
	retype(c.Local.Host, "127.0.0.1")
	retype(c.Local.Port, local)
	if c.Local.Host.Hint.Visible() || c.Local.Port.Hint.Visible() {
		t.Fatalf("valid local address shows hints %q %q", c.Local.Host.Hint.Text, c.Local.Port.Hint.Text)
	}
	retype(c.Port, strconv.Itoa(port))
	test.Tap(c.ConnectBtn)
	h.waitFor("the client to connect", func() bool { return c.State == panes.ClientConnected })
	want := net.JoinHostPort("127.0.0.1", local)
	if got := c.Client.LocalAddr().String(); got != want {
		t.Errorf("client bound to %s; want %s", got, want)
	}
	if got := c.Conn.Text.Text; got != "From "+want {
		t.Errorf("connection row = %q; want From %s", got, want)
	}
	h.waitPeers(1)
	if got := h.mw.server.Peers[0].Addr; got != want {
		t.Errorf("server lists the client as %s; want %s", got, want)
	}
}
