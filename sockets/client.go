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

// DefaultDialTimeout bounds Dial and each Send when ClientConfig.Timeout is zero.
const DefaultDialTimeout = 5 * time.Second

// ClientConfig configures a Client.
type ClientConfig struct {
	Network      string        // "tcp" (default), "udp", "tcp4", "tcp6", "udp4", "udp6", "unix", "unixgram" or "ws"
	Addr         string        // host:port (the host may be a name, IPv4 or "[::1]"); for unix and unixgram a socket path; for "ws" a ws:// or wss:// URL
	LocalAddr    string        // optional; see addr.ParseLocal
	Timeout      time.Duration // bounds dial plus TLS handshake, and a Send without progress (default 5 s)
	TLS          *ClientTLS    // nil: plain
	StartTLS     string        // "smtp", "imap", "pop3" or "ftp": speak its plain lines, then TLS (with TLS's settings)
	Events       *EventQueue   // nil: no events
	CaptureBytes int           // bytes of each payload events keep (default 1024)
	Name         string        // names this client in its events (Event.Name)
	// OnData is called on the read goroutine with each chunk or datagram; p is valid
	// only during the call. It may call Send; nothing is received meanwhile.
	OnData func(p []byte)
	// OnError is called on the read goroutine with an error that leaves the
	// connection open (UDP ICMP "port unreachable"); ending errors go to Err.
	OnError func(err error)
	// Chat, if set, reports whether the server is a chat room now: what
	// arrives then comes from the other clients and answers nothing this
	// client sent, so it gets no reply time, and sends wait for no reply.
	Chat func() bool

	// Iface names the interface a multicast or broadcast datagram leaves by;
	// "" lets the system choose.
	Iface string
	// TTL is a multicast datagram's TTL (IPv6: hop limit), 1 to 255; 0 keeps
	// the system's default, 1: this link only.
	TTL int
	// Loop lets this machine's own members of the group receive what is
	// sent to it (multicast loopback).
	Loop bool
	// WS shapes a WebSocket client's handshake (Network "ws"); nil: none.
	// Over WebSocket each Send is one message, each message received one
	// event with its opcode, and TLS (for wss://) is the handshake's.
	WS *WSOptions

	// RcvBuf is a UDP client's receive buffer in bytes (SO_RCVBUF), 1 to
	// MaxRcvBuf; 0 keeps the system's default. Stats.SystemDropped counts
	// what the system dropped when it was full.
	RcvBuf int

	// Proxy, when set, is a SOCKS5 or HTTP CONNECT proxy (see ParseProxy)
	// a TCP, TLS or WebSocket client reaches Addr through; "": direct.
	Proxy string

	// Broadcast allows sending to a broadcast address (SO_BROADCAST):
	// 255.255.255.255 or an interface's directed broadcast. Without it such
	// a target is refused, saying so.
	Broadcast bool
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
	// firstWrite is when the first TCP write began (Unix ns); endSent: CloseWrite was called.
	firstWrite  atomic.Int64
	endSent     atomic.Bool
	maySpeakTLS atomic.Bool // see MaySpeakTLS
	sendMu      sync.Mutex
	err         error // why the read loop ended; read after done

	tls         *tlsinfo.Handshake   // the handshake's outcome; nil without TLS
	certReq     *tlsinfo.CertRequest // what the server asked of a client certificate; nil without TLS
	replies     *replytime.Tracker   // reply times of this connection
	writeClosed bool                 // CloseWrite was called; under sendMu

	// STARTTLS: the plain lines, written while the read loop is parked or
	// not yet started; pausing is set while StartTLS takes the connection
	// over from the read loop.
	plain   []PlainLine
	pausing atomic.Pointer[pause]

	drops   systemDrops // UDP: the kernel's count of datagrams dropped here
	dropOOB []byte      // UDP: receives that count; nil when not watched
}

// Dial connects (TCP) or opens a connected socket (UDP) within cfg.Timeout or
// until ctx is cancelled.
func Dial(ctx context.Context, cfg ClientConfig) (*Client, error) {
	if cfg.Network == "" {
		cfg.Network = "tcp"
	}
	orDefault(&cfg.Timeout, DefaultDialTimeout)
	orDefault(&cfg.CaptureBytes, DefaultCaptureBytes)
	c := &Client{cfg: cfg, done: make(chan struct{}), remote: cfg.Addr, replies: replytime.NewTracker(cfg.Network)}
	if err := CheckRcvBuf(cfg.RcvBuf); err != nil {
		err = msg.Wrap(err, codeConnectTo, "Addr", cfg.Addr)
		c.emit(Event{Kind: KindError, Err: err})
		return nil, err
	}
	if err := checkStartTLSConfig(cfg); err != nil {
		err = msg.Wrap(err, codeConnectTo, "Addr", cfg.Addr)
		c.emit(Event{Kind: KindError, Err: err})
		return nil, err
	}
	if err := checkProxyConfig(cfg); err != nil {
		c.emit(Event{Kind: KindError, Err: err})
		return nil, err
	}
	if IsWS(cfg.Network) {
		return dialWSClient(ctx, c)
	}
	if cfg.TLS != nil && addr.IsDatagram(cfg.Network) {
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
	conn, err := dialTarget(ctx, &d, cfg)
	if err != nil {
		switch {
		case cfg.Proxy != "": // explained by the proxy's dialer
		case addr.IsUnix(cfg.Network):
			err = explainUnixError(err)
		default:
			err = ExplainNetError(err)
		}
		c.emit(said(Event{Kind: KindError, Remote: cfg.Addr, Err: err}, msg.New(codeConnectFailed)))
		return nil, err
	}
	c.conn, c.local, c.remote = conn, conn.LocalAddr().String(), conn.RemoteAddr().String()
	c.emitTunnel()
	if cfg.TLS != nil && cfg.StartTLS == "" {
		if err := c.startTLS(ctx, deadline); err != nil {
			return nil, err
		}
	}
	opened := msg.New(codeConnected)
	switch {
	case addr.IsUDP(cfg.Network):
		opened = msg.New(codeUDPOpen)
	case cfg.Network == "unixgram":
		opened = msg.New(codeUnixgramOpen, "Path", c.local)
	}
	c.emit(said(Event{Kind: KindConnected}, opened))
	if err := c.watchDrops(); err != nil {
		conn.Close()
		return nil, err
	}
	if cfg.StartTLS != "" {
		if err := c.upgrade(ctx, deadline, false); err != nil {
			return nil, err
		}
	}
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

// Send writes p: one datagram for UDP; over TCP all of p, in 64 KiB writes
// that each must finish within the timeout.
func (c *Client) Send(p []byte) error { return c.send(p, "") }

// send is Send, with appended for the sent event's Appended.
func (c *Client) send(p []byte, appended string) error {
	select {
	case <-c.done:
		return msg.Wrap(c.endedBy(net.ErrClosed), codeSendTo, "Addr", c.remote)
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
		e := c.dataEvent(KindSent, p)
		e.Appended = appended
		if w, ok := c.conn.(*wsConn); ok {
			e.Opcode = w.sendOp()
		}
		c.cfg.Events.Emit(e)
	}
	if !c.inChat() {
		c.replies.Sent(time.Now())
	}
	n, err := c.write(p)
	if err != nil {
		err = c.endedBy(err)
		if n > 0 && n < len(p) {
			err = msg.Wrap(err, codePartlySent, "N", n, "Of", len(p))
		}
		err = msg.Wrap(err, codeSendTo, "Addr", c.remote)
		c.emit(Event{Kind: KindError, Err: err})
	}
	return err
}

// endedBy is, for a send that failed on a connection the read loop closed
// (the server's alert, a reset), why the connection ended: a TLS 1.3
// server refuses a client certificate just as the first send goes out.
// Other errors come back as they were.
func (c *Client) endedBy(err error) error {
	if !errors.Is(err, net.ErrClosed) {
		return err
	}
	// The read loop ends once the connection is closed, by it or by Close.
	<-c.done
	if c.err != nil {
		return c.err
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

// inChat reports whether the server is a chat room now (ClientConfig.Chat).
func (c *Client) inChat() bool { return c.cfg.Chat != nil && c.cfg.Chat() }

func (c *Client) readLoop() {
	defer close(c.done)
	udp := addr.IsDatagram(c.cfg.Network)
	size := largeReadBuf
	if udp {
		size = maxDatagram
	}
	buf := make([]byte, size)
	first := !udp && c.tls == nil && !IsWS(c.cfg.Network)
	for {
		n, err := c.read(buf)
		if n > 0 || udp && err == nil {
			if first {
				first = false
				c.checkFirstReply(buf[:n])
			}
			c.st.in(n)
			var reply time.Duration
			if !c.inChat() {
				reply = c.replies.Received(time.Now())
			}
			// Queued before OnData sees the bytes, so an answer sent from OnData is never
			// logged before what it answered.
			if c.cfg.Events.admitData(1) {
				e := c.dataEvent(KindReceived, buf[:n])
				if tc, ok := c.conn.(*targetConn); ok {
					e.Remote = tc.from // the member or host that answered
				}
				if w, ok := c.conn.(*wsConn); ok {
					e.Opcode = w.op
				}
				e.Reply = reply
				c.cfg.Events.Emit(e)
			}
			if c.cfg.OnData != nil {
				c.cfg.OnData(buf[:n])
			}
		}
		if err == nil || c.parked(err) {
			continue
		}
		c.reportLastDrops()
		switch {
		case c.closed.Load():
			c.emit(said(Event{Kind: KindDisconnected}, msg.New(codeClosed)))
		case udp && errors.Is(err, syscall.ECONNREFUSED):
			err = hinted(err, codeUDPRefused, codeUDPRefusedHint)
			if c.cfg.OnError != nil {
				c.cfg.OnError(err)
			}
			c.emit(Event{Kind: KindError, Err: err})
			continue
		case IsWS(c.cfg.Network):
			c.err = c.wsEnded(err)
		default:
			err = c.certReq.ExplainRefusal(err)
			var m msg.Message
			m, c.err = endOf(err, codeClosedByServer, codeResetByServer)
			// What a TLS server does to plain text, without an alert the
			// client could recognise: ncat --ssl and socat reset, openssl
			// s_server closes.
			if !udp && c.closedAtOnce() {
				switch {
				case errors.Is(err, syscall.ECONNRESET):
					m = msg.New(codeResetNoReply)
					c.maySpeakTLS.Store(true)
				case c.err == nil:
					m = msg.New(codeClosedNoReply)
					c.maySpeakTLS.Store(true)
				}
			}
			c.emit(said(Event{Kind: KindDisconnected, Err: c.err}, m))
		}
		c.conn.Close()
		return
	}
}

// closedAtOnceWithin is how soon after the first send a plain server's
// close, with nothing sent back, looks like a TLS server's refusal. A relay
// whose target failed holds its client longer (relayHoldAfterFailure).
const closedAtOnceWithin = time.Second

// closedAtOnce reports whether the server, ending the connection now, did
// so as a TLS server does to plain text: soon after the first send, with
// nothing sent back, before this client ended its side.
func (c *Client) closedAtOnce() bool {
	return c.cfg.TLS == nil && c.wrote.Load() && !c.endSent.Load() && c.Stats().BytesIn == 0 &&
		time.Since(time.Unix(0, c.firstWrite.Load())) < closedAtOnceWithin
}

// MaySpeakTLS reports, once Done is closed, whether the server ended this
// plain TCP connection as TLS servers do to plain text: at once after the
// first send, with nothing sent back (openssl s_server closes, ncat --ssl
// resets). The port may speak TLS.
func (c *Client) MaySpeakTLS() bool { return c.maySpeakTLS.Load() }

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

func (c *Client) dataEvent(k Kind, p []byte) Event {
	e := newDataEvent(SideClient, c.cfg.Network, k, c.local, c.remote, p, c.cfg.CaptureBytes)
	e.Name = c.cfg.Name
	return e
}
