package sockets

import (
	"context"
	"errors"
	"net"
	"net/http"
	"os"
	"sync"
	"time"

	"github.com/coder/websocket"

	"github.com/sockettester/sockettester/sockets/msg"
)

// WSOptions shape a Client's WebSocket handshake and messages
// (ClientConfig.WS).
type WSOptions struct {
	Header       http.Header // extra request headers
	Origin       string      // the Origin header; "": none
	Subprotocols []string    // offered, in order of preference
	Binary       bool        // send binary messages instead of text
}

// wsConn carries a Client (ClientConfig.Network "ws") over a WebSocket
// connection: each Write is one message, each Read returns one message (or,
// when the buffer is smaller, the next part of one), so that a Client's
// sends, replies and events are per message, as over UDP.
type wsConn struct {
	ws     *websocket.Conn
	raw    net.Conn
	proto  string
	binary bool
	ctx    context.Context
	cancel context.CancelFunc

	pending []byte // the rest of a message Read did not fit; read goroutine only
	op      string // the opcode of what Read returned last; read goroutine only

	mu  sync.Mutex
	wdl time.Time // the write deadline
}

// dialWSConn dials cfg.Addr, a ws:// or wss:// URL, with cfg.TLS for wss.
func dialWSConn(ctx context.Context, cfg ClientConfig, emit func(Event)) (*wsConn, error) {
	o := cfg.WS
	if o == nil {
		o = &WSOptions{}
	}
	conn, raw, err := wsHandshake(ctx, WSClientConfig{URL: cfg.Addr, TLS: cfg.TLS, Timeout: cfg.Timeout,
		Header: o.Header, Origin: o.Origin, Subprotocols: o.Subprotocols, Proxy: cfg.Proxy}, emit)
	if err != nil {
		return nil, err
	}
	w := &wsConn{ws: conn, raw: raw, proto: conn.Subprotocol(), binary: o.Binary}
	w.ctx, w.cancel = context.WithCancel(context.Background())
	return w, nil
}

func (w *wsConn) Read(p []byte) (int, error) {
	if len(w.pending) == 0 {
		typ, b, err := w.ws.Read(w.ctx)
		if err != nil {
			return 0, err
		}
		w.op, w.pending = opcodeOf(typ), b
		if len(b) == 0 {
			return 0, nil
		}
	}
	n := copy(p, w.pending)
	w.pending = w.pending[n:]
	return n, nil
}

// sendOp is the opcode Write sends with.
func (w *wsConn) sendOp() string {
	if w.binary {
		return OpBinary
	}
	return OpText
}

func (w *wsConn) Write(p []byte) (int, error) {
	typ := websocket.MessageText
	if w.binary {
		typ = websocket.MessageBinary
	}
	w.mu.Lock()
	dl := w.wdl
	w.mu.Unlock()
	ctx := w.ctx
	if !dl.IsZero() {
		var cancel context.CancelFunc
		ctx, cancel = context.WithDeadline(ctx, dl)
		defer cancel()
	}
	if err := w.ws.Write(ctx, typ, p); err != nil {
		if errors.Is(err, context.DeadlineExceeded) {
			err = os.ErrDeadlineExceeded
		}
		return 0, err
	}
	return len(p), nil
}

// Close sends a normal close frame and waits, up to a second, for the
// server's answer, then ends the connection.
func (w *wsConn) Close() error {
	t := time.AfterFunc(time.Second, w.cancel)
	defer t.Stop()
	err := w.ws.Close(websocket.StatusNormalClosure, "")
	w.cancel()
	if websocket.CloseStatus(err) != -1 {
		err = nil
	}
	return err
}

func (w *wsConn) LocalAddr() net.Addr  { return w.raw.LocalAddr() }
func (w *wsConn) RemoteAddr() net.Addr { return w.raw.RemoteAddr() }

// SetDeadline sets the write deadline; reads wait for the next message
// until Close.
func (w *wsConn) SetDeadline(t time.Time) error     { return w.SetWriteDeadline(t) }
func (w *wsConn) SetReadDeadline(t time.Time) error { return nil }
func (w *wsConn) SetWriteDeadline(t time.Time) error {
	w.mu.Lock()
	w.wdl = t
	w.mu.Unlock()
	return nil
}

// dialWSClient is Dial for Network "ws".
func dialWSClient(ctx context.Context, c *Client) (*Client, error) {
	w, err := dialWSConn(ctx, c.cfg, c.emit)
	if err != nil {
		return nil, err
	}
	c.conn, c.local, c.remote = w, w.LocalAddr().String(), w.RemoteAddr().String()
	c.emit(said(Event{Kind: KindConnected}, wsConnectedMessage(c.cfg.Addr, w.proto)))
	go c.readLoop()
	return c, nil
}

// wsEnded reports how a WebSocket client's connection ended and returns
// the error Err gives: nil for a normal close.
func (c *Client) wsEnded(err error) error {
	e := Event{Kind: KindDisconnected}
	var end error
	if m, ok := wsClosed(err, true); ok {
		e.say(m)
		if s := websocket.CloseStatus(err); s != websocket.StatusNormalClosure && s != websocket.StatusGoingAway {
			end = &msg.Error{Message: m}
		}
	} else {
		var m msg.Message
		m, end = endOf(unwrapWS(err), codeClosedByServer, codeResetByServer)
		e.say(m)
		e.Err = end
	}
	c.emit(e)
	return end
}

// Subprotocol returns the WebSocket subprotocol the server chose; "" for
// none or another network.
func (c *Client) Subprotocol() string {
	if w, ok := c.conn.(*wsConn); ok {
		return w.proto
	}
	return ""
}
