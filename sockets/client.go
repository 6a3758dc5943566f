package sockets

import (
	"context"
	"errors"
	"net"
	"sync"
	"sync/atomic"
	"syscall"
	"time"

	"github.com/sockettester/sockettester/sockets/addr"
	"github.com/sockettester/sockettester/sockets/msg"
	"github.com/sockettester/sockettester/sockets/replytime"
	"github.com/sockettester/sockettester/sockets/tlsinfo"
)

// DefaultDialTimeout bounds Dial (and each Send) when ClientConfig.Timeout is zero.
const DefaultDialTimeout = 5 * time.Second

// ClientConfig configures a Client.
type ClientConfig struct {
	// Network is "tcp" (default) or "udp"; "tcp4", "tcp6", "udp4", "udp6" also work.
	Network string
	// Addr is the server's host:port; the host may be a name, IPv4 or IPv6
	// ("[::1]:9000").
	Addr string
	// LocalAddr optionally binds the client's side, e.g. "127.0.0.1:0" or
	// "127.0.0.1:5000" (see addr.ParseLocal).
	LocalAddr string
	// Timeout bounds the dial together with the TLS handshake, and how long
	// a Send may go without progress (default 5 s).
	Timeout time.Duration
	// TLS, when set, speaks TLS over the TCP connection (nil: plain).
	TLS *ClientTLS
	// Events receives the observation stream; nil means no events.
	Events *EventQueue
	// CaptureBytes is how many bytes of each payload events keep (default 1024).
	CaptureBytes int
	// Name, if set, names this client in every event it emits (Event.Name),
	// e.g. "Client 2" when a window has several.
	Name string
	// OnData, if set, is called on the read goroutine with every chunk (TCP)
	// or datagram (UDP) received. p is only valid during the call. It may
	// call Send, e.g. to answer at once; nothing is received meanwhile.
	OnData func(p []byte)
	// OnError, if set, is called on the read goroutine with a receive error
	// that leaves the connection open: on a UDP socket, the ICMP "port
	// unreachable" a peer with no server sends back (ECONNREFUSED). Errors
	// that end the connection are reported by Err instead.
	OnError func(err error)
}

// Client is a TCP connection or connected UDP socket that receives in the
// background. Create it with Dial; Close it when done.
type Client struct {
	cfg    ClientConfig
	conn   net.Conn
	local  string
	remote string
	st     counters
	done   chan struct{}
	closed atomic.Bool
	wrote  atomic.Bool // a TCP write has begun (codeResetNoReply)
	sendMu sync.Mutex
	err    error // why the read loop ended; read after done

	tls         *tlsinfo.Handshake // the handshake's outcome; nil without TLS
	replies     *replytime.Tracker // reply times of this connection
	writeClosed bool               // CloseWrite was called; under sendMu
}

// Dial connects (TCP) or opens a connected socket (UDP) within cfg.Timeout
// or until ctx is cancelled. Errors name what failed, e.g.
// "dial tcp 127.0.0.1:1: connect: connection refused".
func Dial(ctx context.Context, cfg ClientConfig) (*Client, error) {
	if cfg.Network == "" {
		cfg.Network = "tcp"
	}
	orDefault(&cfg.Timeout, DefaultDialTimeout)
	orDefault(&cfg.CaptureBytes, DefaultCaptureBytes)
	c := &Client{cfg: cfg, done: make(chan struct{}), remote: cfg.Addr, replies: replytime.NewTracker(cfg.Network)}
	if cfg.TLS != nil && !addr.IsTCP(cfg.Network) {
		err := msg.Wrap(errNoTLSOverUDP, codeConnectTo, "Addr", cfg.Addr)
		c.emit(Event{Kind: KindError, Err: err})
		return nil, err
	}
	deadline := deadlineAfter(cfg.Timeout)
	d := net.Dialer{Deadline: deadline}
	if cfg.LocalAddr != "" {
		var err error
		switch {
		case addr.IsUDP(cfg.Network):
			d.LocalAddr, err = net.ResolveUDPAddr(cfg.Network, cfg.LocalAddr)
		case addr.IsTCP(cfg.Network):
			d.LocalAddr, err = net.ResolveTCPAddr(cfg.Network, cfg.LocalAddr)
		}
		if err != nil {
			err = msg.Wrap(err, codeLocalAddr, "Addr", cfg.LocalAddr)
			c.emit(Event{Kind: KindError, Err: err})
			return nil, err
		}
	}
	conn, err := d.DialContext(ctx, cfg.Network, cfg.Addr)
	if err != nil {
		err = ExplainNetError(err)
		c.emit(said(Event{Kind: KindError, Remote: cfg.Addr, Err: err}, msg.New(codeConnectFailed)))
		return nil, err
	}
	c.conn, c.local, c.remote = conn, conn.LocalAddr().String(), conn.RemoteAddr().String()
	if cfg.TLS != nil {
		if err := c.startTLS(ctx, deadline); err != nil {
			return nil, err
		}
	}
	opened := msg.New(codeConnected)
	if addr.IsUDP(cfg.Network) {
		opened = msg.New(codeUDPOpen)
	}
	c.emit(said(Event{Kind: KindConnected}, opened))
	if c.tls != nil {
		c.emit(tlsEvent(Event{Kind: KindTLS}, c.tls))
	}
	go c.readLoop()
	return c, nil
}

// LocalAddr returns the client's own address.
func (c *Client) LocalAddr() net.Addr { return c.conn.LocalAddr() }

// RemoteAddr returns the server's address.
func (c *Client) RemoteAddr() net.Addr { return c.conn.RemoteAddr() }

// Stats returns exact counters since Dial.
func (c *Client) Stats() Stats { return c.st.snapshot() }

// Done is closed when the connection has ended, by Close or by the peer.
func (c *Client) Done() <-chan struct{} { return c.done }

// Err returns why the connection ended once Done is closed: nil after Close
// or an orderly close by the server.
func (c *Client) Err() error {
	select {
	case <-c.done:
		return c.err
	default:
		return nil
	}
}

// Send writes p: one datagram for UDP; over TCP the whole of p, in writes
// of up to 64 KiB that each must go within the timeout, so a long send to
// a slow reader goes on as long as it makes progress.
func (c *Client) Send(p []byte) error {
	select {
	case <-c.done:
		return msg.Wrap(net.ErrClosed, codeSendTo, "Addr", c.remote)
	default:
	}
	c.sendMu.Lock()
	defer c.sendMu.Unlock()
	if err := c.canSend(p); err != nil {
		c.emit(Event{Kind: KindError, Err: err})
		return err
	}
	// Report before writing so the server's side of the exchange never
	// appears in the log ahead of the client's send.
	if c.cfg.Events.admitData(1) {
		c.cfg.Events.Emit(c.dataEvent(KindSent, p))
	}
	c.replies.Sent(time.Now())
	n, err := c.write(p)
	if err != nil {
		if n > 0 && n < len(p) {
			err = msg.Wrap(err, codePartlySent, "N", n, "Of", len(p))
		}
		err = msg.Wrap(err, codeSendTo, "Addr", c.remote)
		c.emit(Event{Kind: KindError, Err: err})
	}
	return err
}

// Close ends the connection and waits for the receive goroutine.
func (c *Client) Close() error {
	if !c.closed.CompareAndSwap(false, true) {
		<-c.done
		return nil
	}
	err := c.conn.Close()
	<-c.done
	return err
}

func (c *Client) readLoop() {
	defer close(c.done)
	udp := addr.IsUDP(c.cfg.Network)
	size := largeReadBuf
	if udp {
		size = maxDatagram
	}
	buf := make([]byte, size)
	first := !udp && c.tls == nil
	for {
		n, err := c.conn.Read(buf)
		// An empty datagram is a message too.
		if n > 0 || udp && err == nil {
			if first {
				first = false
				c.checkFirstReply(buf[:n])
			}
			c.st.in(n)
			reply := c.replies.Received(time.Now())
			// The event is queued before OnData sees the bytes: a caller
			// that answers from OnData (a scenario, send's next line) must
			// not have its send logged before what it answered.
			if c.cfg.Events.admitData(1) {
				e := c.dataEvent(KindReceived, buf[:n])
				e.Reply = reply
				c.cfg.Events.Emit(e)
			}
			if c.cfg.OnData != nil {
				c.cfg.OnData(buf[:n])
			}
		}
		if err == nil {
			continue
		}
		switch {
		case c.closed.Load():
			c.emit(said(Event{Kind: KindDisconnected}, msg.New(codeClosed)))
		case udp && errors.Is(err, syscall.ECONNREFUSED):
			// A connected UDP socket learns of an ICMP "port unreachable"
			// here; the socket stays usable.
			err = hinted(err, codeUDPRefused, codeUDPRefusedHint)
			if c.cfg.OnError != nil {
				c.cfg.OnError(err)
			}
			c.emit(Event{Kind: KindError, Err: err})
			continue
		default:
			var m msg.Message
			m, c.err = endOf(err, codeClosedByServer, codeResetByServer)
			if errors.Is(err, syscall.ECONNRESET) && c.cfg.TLS == nil && !udp {
				// What a TLS server (ncat --ssl, openssl s_server) does to
				// plain text, without an alert the client could recognise.
				if c.wrote.Load() && c.Stats().BytesIn == 0 {
					m = msg.New(codeResetNoReply)
				}
			}
			c.emit(said(Event{Kind: KindDisconnected, Err: c.err}, m))
		}
		c.conn.Close()
		return
	}
}

func (c *Client) emit(e Event) {
	if c.cfg.Events == nil {
		return
	}
	e.Side, e.Network, e.Name = SideClient, c.cfg.Network, c.cfg.Name
	if e.Local == "" {
		e.Local = c.local
	}
	if e.Remote == "" {
		e.Remote = c.remote
	}
	c.cfg.Events.Emit(e)
}

// dataEvent builds a sent or received event with a capped copy of p.
func (c *Client) dataEvent(k Kind, p []byte) Event {
	e := newDataEvent(SideClient, c.cfg.Network, k, c.local, c.remote, p, c.cfg.CaptureBytes)
	e.Name = c.cfg.Name
	return e
}
