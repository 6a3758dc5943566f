package sockets

import (
	"context"
	"crypto/tls"
	"net"
	"net/http"
	"net/url"
	"sync"
	"sync/atomic"
	"time"

	"github.com/coder/websocket"

	"github.com/sockettester/sockettester/sockets/msg"
	"github.com/sockettester/sockettester/sockets/replytime"
	"github.com/sockettester/sockettester/sockets/tlsinfo"
)

// WSClientConfig configures a WSClient.
type WSClientConfig struct {
	URL          string      // ws://HOST:PORT/PATH or wss://HOST:PORT/PATH
	Header       http.Header // extra request headers; nil: none
	Origin       string      // the Origin header; "": none
	Subprotocols []string    // offered in Sec-WebSocket-Protocol, in order of preference
	Binary       bool        // Send sends binary messages instead of text
	TLS          *ClientTLS  // wss: CA, insecure, client certificate; nil: the system's roots
	Timeout      time.Duration
	Events       *EventQueue // nil: no events
	CaptureBytes int         // bytes of each payload events keep (default 1024)
	Name         string      // names this client in its events (Event.Name)
	Proxy        string      // a SOCKS5 or HTTP CONNECT proxy to go through (see ParseProxy); "": direct
	// OnMessage is called on the read goroutine with each message; p is
	// valid only during the call.
	OnMessage func(opcode string, p []byte)
}

// WSClient is a WebSocket connection that receives in the background, one
// event per message. Create it with DialWS; Close it when done.
type WSClient struct {
	cfg     WSClientConfig
	conn    *websocket.Conn
	local   string
	remote  string
	proto   string
	st      counters
	done    chan struct{}
	closed  atomic.Bool
	err     error
	replies *replytime.Tracker
	ctx     context.Context
	cancel  context.CancelFunc
	sendMu  sync.Mutex
}

// ParseWSURL checks a ws:// or wss:// address and returns it parsed.
func ParseWSURL(s string) (*url.URL, error) {
	u, err := url.Parse(s)
	if err != nil || (u.Scheme != "ws" && u.Scheme != "wss") || u.Host == "" {
		return nil, msg.NewError(codeWSBadURL, "URL", s)
	}
	return u, nil
}

// DialWS connects, upgrades to WebSocket within cfg.Timeout (TLS included
// for wss), and starts receiving.
func DialWS(ctx context.Context, cfg WSClientConfig) (*WSClient, error) {
	orDefault(&cfg.Timeout, DefaultDialTimeout)
	orDefault(&cfg.CaptureBytes, DefaultCaptureBytes)
	c := &WSClient{cfg: cfg, done: make(chan struct{}), remote: cfg.URL, replies: replytime.NewTracker("tcp")}
	conn, raw, err := wsHandshake(ctx, cfg, c.emit)
	if err != nil {
		return nil, err
	}
	c.conn, c.proto = conn, conn.Subprotocol()
	c.local, c.remote = raw.LocalAddr().String(), raw.RemoteAddr().String()
	c.ctx, c.cancel = context.WithCancel(context.Background())
	c.emit(said(Event{Kind: KindConnected}, wsConnectedMessage(cfg.URL, c.proto)))
	go c.readLoop()
	return c, nil
}

func wsConnectedMessage(url, proto string) msg.Message {
	if proto == "" {
		proto = "none"
	}
	return msg.New(codeWSConnected, "URL", url, "Proto", proto)
}

// wsHandshake dials and upgrades, reporting failures, pings and pongs
// through emit; raw is the TCP connection under it.
func wsHandshake(ctx context.Context, cfg WSClientConfig, emit func(Event)) (conn *websocket.Conn, raw net.Conn, err error) {
	u, err := ParseWSURL(cfg.URL)
	if err != nil {
		emit(Event{Kind: KindError, Err: err})
		return nil, nil, err
	}
	var tcfg *tls.Config
	if u.Scheme == "wss" {
		t := cfg.TLS
		if t == nil {
			t = &ClientTLS{}
		}
		if tcfg, _, err = t.config(u.Hostname()); err != nil {
			emit(Event{Kind: KindError, Err: err})
			return nil, nil, err
		}
	}
	var proxy *Proxy
	if cfg.Proxy != "" {
		if proxy, err = ParseProxy(cfg.Proxy); err != nil {
			emit(Event{Kind: KindError, Err: err})
			return nil, nil, err
		}
	}
	d := net.Dialer{Timeout: cfg.Timeout}
	// The proxy's refusal, kept as it is: the transport wraps it. Set on
	// the transport's dialing goroutine, which may outlive a timed-out Dial.
	var dialErr atomic.Pointer[error]
	tr := &http.Transport{
		DialContext: func(ctx context.Context, network, a string) (net.Conn, error) {
			if proxy != nil {
				c, err := proxy.DialContext(ctx, &d, a)
				raw = c
				if err != nil {
					dialErr.Store(&err)
				} else {
					emit(said(Event{Kind: KindInfo, Remote: a}, proxy.tunnelMessage(a)))
				}
				return c, err
			}
			c, err := d.DialContext(ctx, network, a)
			raw = c
			return c, err
		},
		TLSClientConfig: tcfg,
	}
	h := cfg.Header.Clone()
	if h == nil {
		h = http.Header{}
	}
	if cfg.Origin != "" {
		h.Set("Origin", cfg.Origin)
	}
	dctx, cancel := context.WithTimeout(ctx, cfg.Timeout)
	defer cancel()
	conn, resp, err := websocket.Dial(dctx, cfg.URL, &websocket.DialOptions{
		HTTPClient:   &http.Client{Transport: tr},
		HTTPHeader:   h,
		Subprotocols: cfg.Subprotocols,
		OnPongReceived: func(_ context.Context, b []byte) {
			emit(said(Event{Kind: KindInfo}, msg.New(codeWSPong, "Bytes", len(b))))
		},
		OnPingReceived: func(_ context.Context, b []byte) bool {
			emit(said(Event{Kind: KindInfo}, msg.New(codeWSPing, "Bytes", len(b))))
			return true
		},
	})
	if err != nil {
		switch {
		case resp != nil && resp.StatusCode != http.StatusSwitchingProtocols:
			err = msg.NewError(codeWSRefused, "Status", resp.Status)
		case dialErr.Load() != nil: // explained by the proxy's dialer
			err = *dialErr.Load()
		default:
			err = ExplainNetError(err)
		}
		emit(said(Event{Kind: KindError, Remote: u.Host, Err: err}, msg.New(codeWSHandshake, "URL", cfg.URL)))
		return nil, nil, err
	}
	conn.SetReadLimit(wsMaxMessage)
	if resp != nil && resp.TLS != nil {
		// wss: the TLS session is reported as --tls reports a TCP client's.
		verified, verify := true, tlsinfo.VerifyOK
		if cfg.TLS != nil && cfg.TLS.Insecure {
			verified, verify = false, tlsinfo.VerifySkipped
		}
		e := Event{Kind: KindTLS}
		if raw != nil {
			e.Local, e.Remote = raw.LocalAddr().String(), raw.RemoteAddr().String()
		}
		emit(tlsEvent(e, tlsinfo.NewHandshake(*resp.TLS, time.Now(), verified, verify)))
	}
	return conn, raw, nil
}

// Subprotocol returns the subprotocol the server chose, or "".
func (c *WSClient) Subprotocol() string { return c.proto }

// LocalAddr returns the client's own address, host:port.
func (c *WSClient) LocalAddr() string { return c.local }

// Stats returns exact counters since DialWS: one message per WebSocket message.
func (c *WSClient) Stats() Stats { return c.st.snapshot() }

// Done is closed when the connection has ended, by Close or by the server.
func (c *WSClient) Done() <-chan struct{} { return c.done }

// Err returns why the connection ended once Done is closed: nil after
// Close or a close frame from the server with a normal code.
func (c *WSClient) Err() error {
	select {
	case <-c.done:
		return c.err
	default:
		return nil
	}
}

// Send sends p as one message: binary when WSClientConfig.Binary, else text.
func (c *WSClient) Send(p []byte) error { return c.SendMessage(c.cfg.Binary, p) }

// SendMessage sends p as one text or binary message within the timeout.
func (c *WSClient) SendMessage(binary bool, p []byte) error {
	typ := websocket.MessageText
	if binary {
		typ = websocket.MessageBinary
	}
	c.sendMu.Lock()
	defer c.sendMu.Unlock()
	if c.cfg.Events.admitData(1) {
		c.cfg.Events.Emit(c.dataEvent(KindSent, typ, p))
	}
	c.replies.Sent(time.Now())
	ctx, cancel := context.WithTimeout(c.ctx, c.cfg.Timeout)
	defer cancel()
	if err := c.conn.Write(ctx, typ, p); err != nil {
		err = msg.Wrap(err, codeSendTo, "Addr", c.remote)
		c.emit(Event{Kind: KindError, Err: err})
		return err
	}
	c.st.out(len(p))
	return nil
}

// Ping sends a ping and waits for its pong (reported as an event) within
// the timeout.
func (c *WSClient) Ping() error {
	ctx, cancel := context.WithTimeout(c.ctx, c.cfg.Timeout)
	defer cancel()
	err := c.conn.Ping(ctx)
	if err != nil {
		c.emit(Event{Kind: KindError, Err: err})
	}
	return err
}

// Close sends a normal close frame, waits (within the timeout) for the
// server's, and for the receive goroutine.
func (c *WSClient) Close() error { return c.CloseWith(int(websocket.StatusNormalClosure), "") }

// CloseWith closes with the given close code and reason.
func (c *WSClient) CloseWith(code int, reason string) error {
	if !c.closed.CompareAndSwap(false, true) {
		<-c.done
		return nil
	}
	t := time.AfterFunc(c.cfg.Timeout, c.cancel)
	defer t.Stop()
	err := c.conn.Close(websocket.StatusCode(code), reason)
	c.cancel()
	<-c.done
	if websocket.CloseStatus(err) != -1 {
		err = nil
	}
	return err
}

func (c *WSClient) readLoop() {
	defer close(c.done)
	for {
		typ, b, err := c.conn.Read(c.ctx)
		if err != nil {
			c.end(err)
			return
		}
		c.st.in(len(b))
		reply := c.replies.Received(time.Now())
		if c.cfg.Events.admitData(1) {
			e := c.dataEvent(KindReceived, typ, b)
			e.Reply = reply
			c.cfg.Events.Emit(e)
		}
		if c.cfg.OnMessage != nil {
			c.cfg.OnMessage(opcodeOf(typ), b)
		}
	}
}

func (c *WSClient) end(err error) {
	e := Event{Kind: KindDisconnected}
	m, byServer := wsClosed(err, true)
	switch {
	case byServer:
		e.say(m)
		if s := websocket.CloseStatus(err); s != websocket.StatusNormalClosure && s != websocket.StatusGoingAway {
			c.err = &msg.Error{Message: m}
		}
	case c.closed.Load():
		e.say(msg.New(codeClosed))
	default:
		m, c.err = endOf(unwrapWS(err), codeClosedByServer, codeResetByServer)
		e.say(m)
		e.Err = c.err
	}
	c.emit(e)
}

func (c *WSClient) emit(e Event) {
	if c.cfg.Events == nil {
		return
	}
	e.Side, e.Network, e.Name = SideClient, NetworkWS, c.cfg.Name
	if e.Local == "" {
		e.Local = c.local
	}
	if e.Remote == "" {
		e.Remote = c.remote
	}
	c.cfg.Events.Emit(e)
}

func (c *WSClient) dataEvent(k Kind, typ websocket.MessageType, p []byte) Event {
	e := newDataEvent(SideClient, NetworkWS, k, c.local, c.remote, p, c.cfg.CaptureBytes)
	e.Name, e.Opcode = c.cfg.Name, opcodeOf(typ)
	return e
}
