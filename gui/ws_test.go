package gui

import (
	"context"
	"net"
	"net/http"
	"strconv"
	"strings"
	"testing"
	"time"

	"fyne.io/fyne/v2/test"
	"github.com/coder/websocket"

	"github.com/sockettester/sockettester/gui/panes"
	"github.com/sockettester/sockettester/gui/widgets"
	"github.com/sockettester/sockettester/sockets"
)

// TestServerWebSocket chooses WebSocket in the server pane and echoes a
// WebSocket client's text and binary messages, one log row each with its
// opcode.
func TestServerWebSocket(t *testing.T) {
	h := newAppHarness(t)
	s := h.mw.server
	if widgets.NetworkLabel(sockets.NetworkWS) != "WS" {
		t.Fatalf("label %q", widgets.NetworkLabel(sockets.NetworkWS))
	}
	s.Protocol.SetValue(sockets.NetworkWS)
	if s.Protocol.Value() != sockets.NetworkWS {
		t.Fatalf("the server's protocol choice has no WebSocket: %q", s.Protocol.Value())
	}
	port := h.startServer()
	got := make(chan string, 4)
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	c, err := sockets.DialWS(ctx, sockets.WSClientConfig{
		URL:       "ws://" + net.JoinHostPort("127.0.0.1", strconv.Itoa(port)) + "/",
		OnMessage: func(op string, p []byte) { got <- op + " " + string(p) },
	})
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close()
	c.Send([]byte("hi"))
	c.SendMessage(true, []byte("bin"))
	for _, want := range []string{"text hi", "binary bin"} {
		select {
		case g := <-got:
			if g != want {
				t.Fatalf("got %q; want %q", g, want)
			}
		case <-ctx.Done():
			t.Fatalf("no %q echoed", want)
		}
	}
	h.waitFor("the binary message's row", func() bool {
		for _, r := range h.mw.log.Rows() {
			if r.Side == sockets.SideServer && r.Kind == sockets.KindReceived && r.Opcode == sockets.OpBinary && string(r.Data) == "bin" {
				return true
			}
		}
		return false
	})
}

// TestClientWebSocket: WebSocket in both panes; Use my server puts a
// ws:// URL in Host, the client connects, and a send is one message
// echoed back, one row each way with its opcode. A Host that is not a
// WebSocket URL says so beside the field and keeps what was typed.
func TestClientWebSocket(t *testing.T) {
	h := newAppHarness(t)
	h.mw.server.Protocol.SetValue(sockets.NetworkWS)
	h.startServer()
	c := h.mw.client
	c.Protocol.SetValue(sockets.NetworkWS)
	h.connectToOwnServer()
	if !strings.HasPrefix(c.Host.Text, "ws://127.0.0.1:") {
		t.Fatalf("Host %q; want the server's ws:// URL", c.Host.Text)
	}
	retype(&c.Editor.Entry, "hello ws")
	test.Tap(c.SendBtn)
	h.waitFor("the echo's row", func() bool {
		for _, r := range h.mw.log.Rows() {
			if r.Side == sockets.SideClient && r.Kind == sockets.KindReceived && r.Opcode == sockets.OpText && string(r.Data) == "hello ws" {
				return true
			}
		}
		return false
	})
	test.Tap(c.ConnectBtn) // disconnect
	h.waitFor("the client to be idle", func() bool { return c.State == panes.ClientIdle })
	retype(c.Host, "127.0.0.1:9")
	if !c.Host.Hint.Visible() || !strings.Contains(c.Host.Hint.Text, "ws://HOST:PORT/PATH") || c.Host.Text != "127.0.0.1:9" || !c.ConnectBtn.Disabled() {
		t.Fatalf("hint %q (visible %v), host %q, connect disabled %v; want the URL hint, the text kept, Connect off",
			c.Host.Hint.Text, c.Host.Hint.Visible(), c.Host.Text, c.ConnectBtn.Disabled())
	}
}

// TestClientHostFollowsWebSocket: choosing WS turns Host and Port into a
// ws:// URL, and choosing TCP again takes the URL apart, so neither choice
// loses the address typed; text that is neither stays as typed.
func TestClientHostFollowsWebSocket(t *testing.T) {
	h := newAppHarness(t)
	c := h.mw.client
	c.Protocol.SetValue("tcp")
	retype(c.Host, "127.0.0.1")
	retype(c.Port, "8080")
	c.Protocol.SetValue(sockets.NetworkWS)
	if c.Host.Text != "ws://127.0.0.1:8080/" || c.ConnectBtn.Disabled() {
		t.Fatalf("Host %q (connect disabled %v); want ws://127.0.0.1:8080/ and Connect on", c.Host.Text, c.ConnectBtn.Disabled())
	}
	retype(c.Host, "wss://[::1]:9443/chat")
	c.Protocol.SetValue("tcp")
	if c.Host.Text != "::1" || c.Port.Text != "9443" {
		t.Fatalf("Host %q, Port %q; want ::1 and 9443", c.Host.Text, c.Port.Text)
	}
	retype(c.Port, "")
	c.Protocol.SetValue(sockets.NetworkWS)
	if c.Host.Text != "ws://[::1]/" {
		t.Fatalf("Host %q; want ws://[::1]/", c.Host.Text)
	}
	c.Protocol.SetValue("udp")
	retype(c.Host, "not a host!")
	c.Protocol.SetValue(sockets.NetworkWS)
	if c.Host.Text != "not a host!" {
		t.Fatalf("Host %q; want the text kept as typed", c.Host.Text)
	}
}

// TestClientWebSocketOptions: the Origin, subprotocols, headers and binary
// choice under Advanced reach the handshake and the messages; a header
// line that is not "Name: value" is refused beside the field, kept as typed.
func TestClientWebSocketOptions(t *testing.T) {
	type seen struct {
		origin, auth, proto string
		typ                 websocket.MessageType
		data                string
	}
	got := make(chan seen, 1)
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	srv := &http.Server{Handler: http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		c, err := websocket.Accept(w, r, &websocket.AcceptOptions{Subprotocols: []string{"json"}, InsecureSkipVerify: true})
		if err != nil {
			return
		}
		defer c.CloseNow()
		ctx, cancel := context.WithTimeout(r.Context(), 10*time.Second)
		defer cancel()
		typ, b, err := c.Read(ctx)
		if err == nil {
			got <- seen{r.Header.Get("Origin"), r.Header.Get("Authorization"), c.Subprotocol(), typ, string(b)}
		}
		c.Read(ctx) // until the client closes
	})}
	go srv.Serve(ln)
	defer srv.Close()

	h := newAppHarness(t)
	c := h.mw.client
	c.Protocol.SetValue(sockets.NetworkWS)
	retype(c.Host, "ws://"+ln.Addr().String()+"/")
	retype(c.WSOpts.Origin, "https://workshop.example")
	retype(c.WSOpts.Subprotocols, "chat, json")
	retype(c.WSOpts.Headers, "Authorization Bearer abc")
	test.Tap(c.ConnectBtn)
	h.pump()
	if !c.WSOpts.Headers.Hint.Visible() || !strings.Contains(c.WSOpts.Headers.Hint.Text, "write one Name: value a line") ||
		c.WSOpts.Headers.Text != "Authorization Bearer abc" || c.State != panes.ClientIdle {
		t.Fatalf("hint %q (shown %v), text %q, state %v; want the header refused, kept, not connected",
			c.WSOpts.Headers.Hint.Text, c.WSOpts.Headers.Hint.Visible(), c.WSOpts.Headers.Text, c.State)
	}
	h.closeDialogs()
	retype(c.WSOpts.Headers, "Authorization: Bearer abc")
	c.WSOpts.Binary.SetChecked(true)
	test.Tap(c.ConnectBtn)
	h.waitFor("connected", func() bool { return c.State == panes.ClientConnected })
	retype(&c.Editor.Entry, "hello")
	test.Tap(c.SendBtn)
	select {
	case s := <-got:
		if s != (seen{"https://workshop.example", "Bearer abc", "json", websocket.MessageBinary, "hello"}) {
			t.Fatalf("the server saw %+v", s)
		}
	case <-time.After(10 * time.Second):
		t.Fatal("the server got no message")
	}
	test.Tap(c.ConnectBtn) // disconnect
	h.waitFor("the client to be idle", func() bool { return c.State == panes.ClientIdle })
}
