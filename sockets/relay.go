package sockets

import (
	"context"
	"net"
	"sync"
	"time"

	"github.com/sockettester/sockettester/sockets/addr"
	"github.com/sockettester/sockettester/sockets/msg"
	"github.com/sockettester/sockettester/sockets/tlsinfo"
)

// startForward starts a TCP server relaying its clients to ForwardTo.
func startForward(s *Server) (serverImpl, error) {
	switch {
	case !addr.IsTCP(s.cfg.Network):
		return nil, msg.NewError(codeRelayTCPOnly, "Net", s.cfg.Network)
	case s.cfg.ForwardTo == "":
		return nil, msg.NewError(codeRelayNoTarget)
	}
	if _, err := addr.ParseDial(s.cfg.ForwardTo); err != nil {
		return nil, msg.Wrap(err, codeRelayBadTarget)
	}
	if s.cfg.Conditions != nil {
		if err := s.cfg.Conditions.Bind(false); err != nil {
			return nil, err
		}
	}
	impl, err := startTCP(s)
	if err == nil {
		watchConditions(s, impl.(*tcpServer))
	}
	return impl, err
}

// forwardNote is the listening message in ModeForward. s.mu is held.
func (s *Server) forwardNote() msg.Message {
	m := msg.New(codeForwarding, "Addr", s.cfg.ForwardTo)
	if s.cfg.TLS != nil && s.cert != nil {
		m = msg.New(codeForwardingTLSClients, "Then", m, "TLS", describeCert(s.cert))
	}
	if s.cfg.ForwardTLS != nil {
		m = msg.New(codeForwardingTLSTarget, "Then", m)
	}
	return m
}

// relayPair is a relay's client and its connection to the target.
type relayPair struct {
	t *tcpServer
	p *tcpPeer

	mu        sync.Mutex // guards targetRaw against Stop
	target    net.Conn
	targetRaw net.Conn
	certReq   *tlsinfo.CertRequest // what the target asked of a client certificate; nil without TLS to it
}

// closeTarget closes the TCP connection, not TLS politely: a target that
// does not read must not hold Stop up.
func (r *relayPair) closeTarget() {
	r.mu.Lock()
	if r.targetRaw != nil {
		r.targetRaw.Close()
	}
	r.mu.Unlock()
}

// closeAll closes both TCP connections.
func (r *relayPair) closeAll() {
	r.p.raw.Close()
	r.closeTarget()
}

// forward relays p, its handshake done, until either side ends.
func (t *tcpServer) forward(p *tcpPeer) {
	r := p.pair
	var cause error
	if r.refusedByCondition() {
		cause = msg.NewError(codeCondRefused)
	} else if info, err := r.dialTarget(); err != nil {
		cause = err
		if p.closedBy.Load() == nil {
			t.s.emit(said(Event{Kind: KindError, Local: t.local, Remote: p.addr, Err: err}, msg.New(codeRelayUnreachable)))
			r.holdClient()
		}
	} else {
		tl, ta := r.targetRaw.LocalAddr().String(), r.targetRaw.RemoteAddr().String()
		t.s.emit(said(Event{Kind: KindConnected, Local: tl, Remote: ta}, msg.New(codeRelayTarget, "Addr", p.addr)))
		if info != nil {
			t.s.emit(tlsEvent(Event{Kind: KindTLS, Local: tl, Remote: ta}, info))
		}
		cause = r.relay(tl, ta)
	}
	r.closeAll()
	t.forget(p)
	e := Event{Kind: KindDisconnected, Local: t.local, Remote: p.addr, Err: cause}
	st := p.st.snapshot()
	closed := msg.New(codeRelayClosed, "In", st.BytesIn, "Out", st.BytesOut)
	if by := p.closedBy.Load(); by != nil {
		closed, e.Err = msg.New(codeRelayClosedBy, "By", *by, "Closed", closed), nil
	}
	t.s.emit(said(e, closed))
}

// relayHoldAfterFailure is how long a relay whose target failed before
// sending the client anything keeps the client: closed at once, a plain
// client would take the relay for a TLS server refusing plain text (see
// closedAtOnceWithin).
const relayHoldAfterFailure = 2 * closedAtOnceWithin

// holdClient keeps the client, reading and dropping what it sends (unread
// bytes would turn the close into a reset), until it ends its side or
// relayHoldAfterFailure passes from now or from its first bytes, if they
// come later. Stop ends it at once.
func (r *relayPair) holdClient() {
	deadline := time.Now().Add(relayHoldAfterFailure)
	quiet := r.p.st.snapshot().BytesIn == 0
	buf := make([]byte, 4096)
	for {
		r.p.conn.SetReadDeadline(deadline)
		n, err := r.p.conn.Read(buf)
		if n > 0 && quiet {
			quiet = false
			deadline = time.Now().Add(relayHoldAfterFailure)
		}
		if err != nil {
			return
		}
	}
}

// errRelayStopped ends a dial that finished as the relay stopped.
var errRelayStopped error = msg.NewError(codeRelayStopped)

// dialTarget connects to the target within the dial timeout; Stop aborts
// it. The handshake is nil for plain TCP.
func (r *relayPair) dialTarget() (*tlsinfo.Handshake, error) {
	cfg := &r.t.s.cfg
	ctx, cancel := context.WithTimeout(r.t.dials, cfg.ForwardTimeout)
	defer cancel()
	var d net.Dialer
	raw, err := d.DialContext(ctx, cfg.Network, cfg.ForwardTo)
	if err != nil {
		return nil, msg.Wrap(ExplainNetError(err), codeRelayCannotReach, "Addr", cfg.ForwardTo)
	}
	conn, info := raw, (*tlsinfo.Handshake)(nil)
	if cfg.ForwardTLS != nil {
		if conn, info, r.certReq, err = clientHandshake(ctx, raw, cfg.ForwardTLS, cfg.ForwardTo, cfg.ForwardTimeout); err != nil {
			raw.Close()
			return nil, msg.Wrap(err, codeRelayTargetIs, "Addr", cfg.ForwardTo)
		}
	}
	r.mu.Lock()
	defer r.mu.Unlock()
	if r.p.closedBy.Load() != nil {
		raw.Close()
		return nil, errRelayStopped
	}
	r.target, r.targetRaw = conn, raw
	return info, nil
}

// relay copies both ways until both end. When one direction fails both
// connections close, so the other ends at once.
func (r *relayPair) relay(targetLocal, targetAddr string) error {
	t, p := r.t, r.p
	to := t.s.cfg.ForwardTo
	up := &relayDir{from: "client", to: "target", src: p.conn, dst: r.target, srcLocal: t.local, srcAddr: p.addr,
		note: msg.New(codeRelayUp, "Addr", to), counts: [2]*counters{&p.st, &t.s.st}, in: true}
	down := &relayDir{from: "target", to: "client", src: r.target, dst: p.conn, srcLocal: targetLocal, srcAddr: targetAddr,
		note: msg.New(codeRelayDown, "Addr", p.addr), counts: [2]*counters{&p.st, &t.s.st}}
	defer r.startConditions(up, down)()
	// The first failure is the cause: the other direction then fails only
	// because its connection was closed. A target that fails before the
	// client got a byte closes alone; holdClient then ends the client.
	var first error
	var hold bool
	var once sync.Once
	fail := func(d *relayDir, err error) {
		if err == nil {
			return
		}
		once.Do(func() {
			first = err
			hold = d.failed == "target" && p.st.snapshot().BytesOut == 0
		})
		if !hold {
			r.closeAll()
			return
		}
		r.closeTarget()
		up.stopReading() // ends the way up; holdClient reads on
	}
	done := make(chan struct{})
	t.wg.Add(1)
	go func() {
		defer t.wg.Done()
		defer close(done)
		fail(down, r.pump(down))
	}()
	fail(up, r.pump(up))
	<-done
	if p.closedBy.Load() != nil {
		return nil
	}
	if err := up.condCut(); err != nil {
		return err
	}
	if hold {
		r.holdClient()
	}
	return first
}
