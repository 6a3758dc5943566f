package sockets

import (
	"context"
	"crypto/tls"
	"errors"
	"fmt"
	"io"
	"math"
	"net"
	"os"
	"runtime"
	"sync"
	"sync/atomic"
	"time"

	"github.com/sockettester/sockettester/sockets/msg"
)

// Each connection reads into a small buffer of its own while idle and borrows
// a large pooled one while data streams in: 10,000 idle clients cost a few KiB
// each instead of 32 KiB.
const (
	smallReadBuf = 1024
	largeReadBuf = 128 * 1024
)

var largeBufPool = sync.Pool{New: func() any { b := make([]byte, largeReadBuf); return &b }}

// tcpServer is the TCP half of a Server.
type tcpServer struct {
	s     *Server
	ln    net.Listener
	local string
	done  chan struct{}
	wg    sync.WaitGroup
	tls   *tlsServerSide // nil for a plain server

	// In ModeForward, Stop cancels the dials to the target.
	forwarding  bool
	dials       context.Context
	cancelDials context.CancelFunc

	mu    sync.Mutex
	conns map[string]*tcpPeer
}

// tcpPeer is one accepted connection and its counters.
type tcpPeer struct {
	conn     net.Conn // what is read and written: raw, or TLS over it
	raw      net.Conn // the TCP connection, closed to end the peer at once
	addr     string
	since    time.Time
	st       counters
	sendMu   sync.Mutex // serialises Send/Broadcast writes that set deadlines
	closedBy atomic.Pointer[msg.Message]
	rules    ruleState     // ModeRules only; used by the connection's goroutine alone
	gone     chan struct{} // closed when the connection has ended

	chatMu sync.Mutex // guards chatQ and its byte count
	chatQ  *chatQueue // ModeChat: messages waiting for this client; nil until the first

	pair *relayPair // ModeForward: the connection to the target

	armedAt atomic.Int64 // nanotime when writeTimed last set the write deadline
}

func startTCP(s *Server) (serverImpl, error) {
	side, err := s.prepareTLS()
	if err != nil {
		return nil, err
	}
	ln, err := s.cfg.Listen(s.cfg.Network, s.cfg.Addr)
	if err != nil {
		return nil, err
	}
	return startStream(s, ln, side), nil
}

// startStream serves the connections ln accepts: TCP, or a Unix stream.
func startStream(s *Server, ln net.Listener, side *tlsServerSide) *tcpServer {
	t := &tcpServer{s: s, ln: ln, local: ln.Addr().String(), done: make(chan struct{}), conns: make(map[string]*tcpPeer), tls: side,
		forwarding: s.forwarding.Load()}
	t.dials, t.cancelDials = context.WithCancel(context.Background())
	t.wg.Add(1)
	go t.acceptLoop()
	return t
}

func (t *tcpServer) addr() net.Addr { return t.ln.Addr() }

func (t *tcpServer) acceptLoop() {
	defer t.wg.Done()
	acceptLoop(t.ln, t.done, func(err error, retryIn time.Duration) {
		t.s.emit(said(Event{Kind: KindError, Local: t.local, Err: err}, msg.New(codeAcceptRetry, "Time", retryIn)))
	}, t.admit)
}

// admit closes c at once when the client limit is reached.
func (t *tcpServer) admit(c net.Conn) {
	remote := c.RemoteAddr().String()
	t.mu.Lock()
	select {
	case <-t.done:
		// Accepted just as Stop closed every connection: nobody else
		// would ever close this one.
		t.mu.Unlock()
		c.Close()
		return
	default:
	}
	if len(t.conns) >= t.s.cfg.MaxClients {
		t.mu.Unlock()
		c.Close()
		t.s.emit(said(Event{Kind: KindError, Local: t.local, Remote: remote}, msg.New(codeClientLimit, "N", t.s.cfg.MaxClients)))
		return
	}
	p := &tcpPeer{conn: c, raw: c, addr: remote, since: t.s.now(), gone: make(chan struct{})}
	p.armedAt.Store(math.MinInt64 / 2) // never armed
	if t.tls != nil {
		p.conn = tls.Server(&firstBytes{Conn: c}, t.tls.cfg)
	}
	if t.forwarding {
		p.pair = &relayPair{t: t, p: p}
	}
	t.conns[remote] = p
	t.wg.Add(1)
	t.mu.Unlock()
	t.s.st.connsCur.Add(1)
	t.s.st.connsTotal.Add(1)
	if t.tls == nil {
		t.s.emit(t.connectedEvent(p))
	}
	go t.serve(p)
}

func (t *tcpServer) serve(p *tcpPeer) {
	defer t.wg.Done()
	if t.tls != nil && !t.startTLS(p) {
		return
	}
	if p.pair != nil {
		t.forward(p)
		return
	}
	rb := newReadBuf()
	var cause error
	eof := false // the peer sent end of stream
	for {
		buf := rb.next()
		n, err := p.conn.Read(buf)
		if n > 0 {
			if werr := t.handle(p, buf[:n]); werr != nil {
				cause = werr
				break
			}
			// A read that fills the large buffer means a bulk stream: echo it in the
			// kernel until it pauses.
			if err == nil && rb.full(n) && t.canSplice(p) {
				ended, serr := t.spliceEcho(p)
				if serr != nil || ended {
					cause, eof = serr, ended
					break
				}
				continue
			}
			rb.adapt(n)
		}
		if err != nil {
			if eof = err == io.EOF; !eof {
				cause = err
			}
			break
		}
	}
	rb.release()
	if errors.Is(cause, os.ErrDeadlineExceeded) {
		// Only writes have deadlines here: the peer stopped taking its
		// answers. Its goroutine and slot are freed now, not when it reads.
		t.dropNonReader(p)
	}
	if eof {
		t.peerEnded(p)
	}
	if cause == nil {
		// A last line without its newline still gets its answer.
		t.endRules(p)
	}
	t.forget(p)
	t.s.emit(disconnectEvent(t.local, p, cause))
}

// forget removes p from the table and closes its connection.
func (t *tcpServer) forget(p *tcpPeer) {
	t.mu.Lock()
	delete(t.conns, p.addr)
	t.mu.Unlock()
	close(p.gone)
	p.conn.Close()
	t.s.st.connsCur.Add(-1)
}

// Kernel echo (splice on Linux) for bulk streams.
const (
	spliceChunk = 1 << 20
	// spliceIdle is how long a stream may pause before the connection goes
	// back to ordinary reads; it bounds how long counters can lag.
	spliceIdle = 20 * time.Millisecond
)

// canSplice: echo mode, no OnData or tap, and an OS that splices sockets.
func (t *tcpServer) canSplice(p *tcpPeer) bool {
	_, ok := p.conn.(*net.TCPConn)
	return ok && runtime.GOOS == "linux" && t.s.cfg.OnData == nil && !t.s.tapped() && t.s.ms.Load().mode == ModeEcho
}

// spliceEcho is io.Copy(c, c) in the kernel, counting each chunk. A chunk
// the peer does not take within the write timeout fails it.
func (t *tcpServer) spliceEcho(p *tcpPeer) (eof bool, err error) {
	c := p.conn.(*net.TCPConn)
	return spliceWithin(c, c, t.s.cfg.WriteTimeout, func() bool { return t.s.ms.Load().mode == ModeEcho && !t.s.tapped() }, func(n int) {
		t.s.st.in(n)
		p.st.in(n)
		t.s.st.out(n)
		p.st.out(n)
		t.reportSpliced(p, n)
	})
}

// reportSpliced's events carry a size without content: the bytes never
// reached user space.
func (t *tcpServer) reportSpliced(p *tcpPeer, n int) {
	q := t.s.cfg.Events
	if !q.admitData(2) {
		return
	}
	e := Event{Time: time.Now(), Side: SideServer, Network: t.s.cfg.Network, Kind: KindReceived,
		Local: t.local, Remote: p.addr, Bytes: n, Truncated: true}
	e.say(msg.New(codeBulkEcho))
	q.Emit(e)
	e.Kind = KindSent
	q.Emit(e)
}

func (t *tcpServer) connectedEvent(p *tcpPeer) Event {
	e := Event{Time: p.since, Kind: KindConnected, Local: t.local, Remote: p.addr}
	if t.forwarding {
		e.say(msg.New(codeRelayClient, "Addr", t.s.cfg.ForwardTo))
	}
	return e
}

// disconnectEvent says who ended a connection and why.
func disconnectEvent(local string, p *tcpPeer, cause error) Event {
	e := Event{Kind: KindDisconnected, Local: local, Remote: p.addr}
	if by := p.closedBy.Load(); by != nil {
		e.say(*by)
	} else {
		var m msg.Message
		m, e.Err = endOf(cause, codeClosedByPeer, codeResetByPeer)
		e.say(m)
	}
	return e
}

func (t *tcpServer) handle(p *tcpPeer, b []byte) error {
	out, tx := t.s.take(t.local, p.addr, &p.st, b)
	if len(out) == 0 {
		if t.s.ms.Load().mode == ModeChat {
			t.chat(p, b)
			return nil
		}
		return t.answerRules(p, b)
	}
	return t.write(p, out, tx)
}

// write reports tx, if set, before the bytes go, so the log never shows the
// peer's answer ahead of its cause.
func (t *tcpServer) write(p *tcpPeer, b []byte, tx *Event) error {
	if tx != nil {
		t.s.cfg.Events.Emit(*tx)
	}
	n, err := t.writeTimed(p, b)
	if n > 0 {
		t.s.st.out(n)
		p.st.out(n)
	}
	if err != nil && n < len(b) && n > 0 {
		err = msg.Wrap(err, codePartlySent, "N", n, "Of", len(b))
	}
	return err
}

// writeTimed writes b under a write deadline renewed while bytes move: a
// peer that takes nothing for the write timeout fails it, a slow reader
// does not. Every writer sets its own deadline, so none is reset after.
func (t *tcpServer) writeTimed(p *tcpPeer, b []byte) (int, error) {
	sent := 0
	for renew := false; ; renew = true {
		t.armWrite(p, renew)
		n, err := p.conn.Write(b[sent:])
		sent += n
		// A TLS connection fails for good after a timeout: its next
		// write moves nothing and ends the loop.
		if err == nil || n == 0 || !errors.Is(err, os.ErrDeadlineExceeded) {
			return sent, err
		}
	}
}

// armWrite sets the write deadline a write timeout from now, unless it was
// set less than an eighth of one ago: setting it costs a small echo's
// round trip several per cent, and a write then still has at least 7/8 of
// the timeout.
func (t *tcpServer) armWrite(p *tcpPeer, force bool) {
	d := t.s.cfg.WriteTimeout
	now := nanotime()
	if !force && now-p.armedAt.Load() < int64(d/8) {
		return
	}
	p.armedAt.Store(now)
	p.conn.SetWriteDeadline(time.Now().Add(d))
}

// dropNonReader disconnects a peer that took none of its echo or replies
// for the write timeout, saying so. The TCP connection is closed first:
// closing TLS politely would wait on the same full socket.
func (t *tcpServer) dropNonReader(p *tcpPeer) {
	by := msg.New(codeEchoNotRead, "Time", t.s.cfg.WriteTimeout)
	if p.closedBy.CompareAndSwap(nil, &by) {
		p.raw.Close()
	}
}

func (t *tcpServer) stop() error {
	close(t.done)
	t.cancelDials()
	err := ignoreClosed(t.ln.Close())
	t.mu.Lock()
	by := msg.New(codeServerStopped)
	if t.forwarding {
		by = msg.New(codeRelayStopped)
	}
	for _, p := range t.conns {
		p.closedBy.CompareAndSwap(nil, &by)
		// The TCP connection, not TLS: closing TLS politely could wait
		// on a peer that does not read.
		if cerr := ignoreClosed(p.raw.Close()); cerr != nil {
			err = errors.Join(err, fmt.Errorf("close %s: %w", p.addr, cerr))
		}
		if p.pair != nil {
			p.pair.closeTarget()
		}
	}
	t.mu.Unlock()
	t.wg.Wait()
	return err
}

func (t *tcpServer) role() string {
	if t.forwarding {
		return "relay"
	}
	return "server"
}

// ignoreClosed drops the error of closing what was already closed.
func ignoreClosed(err error) error {
	if errors.Is(err, net.ErrClosed) {
		return nil
	}
	return err
}

func (t *tcpServer) peers() []PeerInfo {
	t.mu.Lock()
	out := make([]PeerInfo, 0, len(t.conns))
	for _, p := range t.conns {
		out = append(out, newPeerInfo(p.addr, p.since, p.since, &p.st))
	}
	t.mu.Unlock()
	return sortPeers(out)
}

func (t *tcpServer) peer(addr string) (*tcpPeer, error) {
	t.mu.Lock()
	defer t.mu.Unlock()
	p, ok := t.conns[addr]
	if !ok {
		return nil, &msg.Error{Message: msg.New(codeNoSuchPeer, "Addr", addr), Err: ErrNoSuchPeer}
	}
	return p, nil
}

// errForwarding: a relay passes on only what the target says.
var errForwarding error = msg.NewError(codeRelaySendsNothing)

func (t *tcpServer) sendTo(addr string, b []byte) error {
	if t.forwarding {
		return errForwarding
	}
	p, err := t.peer(addr)
	if err != nil {
		return err
	}
	return t.send(p, b)
}

// send disconnects a peer that does not read within the write timeout,
// rather than let it block the caller again.
func (t *tcpServer) send(p *tcpPeer, b []byte) error {
	p.sendMu.Lock()
	defer p.sendMu.Unlock()
	err := t.write(p, b, t.s.sentEvent(t.local, p.addr, b))
	if err != nil {
		err = msg.Wrap(err, codeSendTo, "Addr", p.addr)
		t.s.emit(Event{Kind: KindError, Local: t.local, Remote: p.addr, Err: err})
		if errors.Is(err, os.ErrDeadlineExceeded) {
			by := msg.New(codePeerSlow, "Time", t.s.cfg.WriteTimeout)
			p.closedBy.CompareAndSwap(nil, &by)
			p.raw.Close()
		}
	}
	return err
}

func (t *tcpServer) broadcast(b []byte) (int, error) {
	if t.forwarding {
		return 0, errForwarding
	}
	t.mu.Lock()
	all := make([]*tcpPeer, 0, len(t.conns))
	for _, p := range t.conns {
		all = append(all, p)
	}
	t.mu.Unlock()
	var wg sync.WaitGroup
	var ok atomic.Int64
	errs := make([]error, len(all))
	for i, p := range all {
		wg.Add(1)
		go func() {
			defer wg.Done()
			if errs[i] = t.send(p, b); errs[i] == nil {
				ok.Add(1)
			}
		}()
	}
	wg.Wait()
	return int(ok.Load()), errors.Join(errs...)
}

func (t *tcpServer) disconnect(addr string) error {
	p, err := t.peer(addr)
	if err != nil {
		return err
	}
	by := msg.New(codeDisconnectedByServer)
	if t.forwarding {
		by = msg.New(codeRelayDisconnected)
	}
	p.closedBy.CompareAndSwap(nil, &by)
	err = ignoreClosed(p.raw.Close())
	if p.pair != nil {
		p.pair.closeTarget()
	}
	return err
}
