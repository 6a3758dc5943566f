package gui

import (
	"context"
	"net"
	"strconv"
	"testing"
	"time"

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
