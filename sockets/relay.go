package sockets

import (
	"context"
	"errors"
	"fmt"
	"net"
	"sync"

	"github.com/sockettester/sockettester/sockets/addr"
)

// startForward starts a TCP server in ModeForward: its clients are
// relayed to ServerConfig.ForwardTo.
func startForward(s *Server) (serverImpl, error) {
	switch {
	case !addr.IsTCP(s.cfg.Network):
		return nil, fmt.Errorf("relay %s: only TCP can be relayed", s.cfg.Network)
	case s.cfg.ForwardTo == "":
		return nil, errors.New("relay: no target given (want host:port)")
	}
	if _, err := addr.ParseDial(s.cfg.ForwardTo); err != nil {
		return nil, fmt.Errorf("target: %w", err)
	}
	return startTCP(s)
}

// forwardNote is the listening event's message in ModeForward, e.g.
// "forwarding to 127.0.0.1:9000; toward clients TLS, generated
// certificate sha256 ...". s.mu is held.
func (s *Server) forwardNote() string {
	msg := "forwarding to " + s.cfg.ForwardTo
	if s.cfg.TLS != nil && s.cert != nil {
		msg += "; toward clients " + s.cert.describe()
	}
	if s.cfg.ForwardTLS != nil {
		msg += "; TLS to the target"
	}
	return msg
}

// relayPair is a forwarding server's client and its connection to the
// target.
type relayPair struct {
	t *tcpServer
	p *tcpPeer

	mu        sync.Mutex // guards targetRaw against Stop
	target    net.Conn
	targetRaw net.Conn
}

// closeTarget closes the TCP connection to the target, if any (not TLS
// politely: a target that does not read must not hold Stop up).
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

// forward relays p, whose TLS handshake, if any, is done, until either
// side ends it.
func (t *tcpServer) forward(p *tcpPeer) {
	r := p.pair
	var cause error
	if info, err := r.dialTarget(); err != nil {
		cause = err
		if p.closedBy.Load() == nil {
			t.s.emit(Event{Kind: KindError, Local: t.local, Remote: p.addr, Err: err, Msg: "target unreachable; closing the client"})
		}
	} else {
		tl, ta := r.targetRaw.LocalAddr().String(), r.targetRaw.RemoteAddr().String()
		t.s.emit(Event{Kind: KindConnected, Local: tl, Remote: ta, Msg: "connected to target for client " + p.addr})
		if info != nil {
			t.s.emit(Event{Kind: KindTLS, Local: tl, Remote: ta, TLS: info, Msg: info.Summary()})
		}
		cause = r.relay(tl, ta)
	}
	r.closeAll()
	t.forget(p)
	e := Event{Kind: KindDisconnected, Local: t.local, Remote: p.addr, Err: cause}
	st := p.st.snapshot()
	e.Msg = fmt.Sprintf("closed; client → target %d B, target → client %d B", st.BytesIn, st.BytesOut)
	if by := p.closedBy.Load(); by != nil {
		e.Msg, e.Err = *by+"; "+e.Msg, nil
	}
	t.s.emit(e)
}

// errRelayStopped ends a dial that finished as the relay stopped.
var errRelayStopped = errors.New("relay stopped")

// dialTarget connects to the target, over TLS when configured, within the
// dial timeout, and returns the handshake's outcome (nil for plain). Stop
// aborts it.
func (r *relayPair) dialTarget() (*TLSInfo, error) {
	cfg := &r.t.s.cfg
	ctx, cancel := context.WithTimeout(r.t.dials, cfg.ForwardTimeout)
	defer cancel()
	var d net.Dialer
	raw, err := d.DialContext(ctx, cfg.Network, cfg.ForwardTo)
	if err != nil {
		return nil, fmt.Errorf("cannot reach target %s: %w", cfg.ForwardTo, ExplainNetError(err))
	}
	conn, info := raw, (*TLSInfo)(nil)
	if cfg.ForwardTLS != nil {
		if conn, info, err = clientHandshake(ctx, raw, cfg.ForwardTLS, cfg.ForwardTo, cfg.ForwardTimeout); err != nil {
			raw.Close()
			return nil, fmt.Errorf("target %s: %w", cfg.ForwardTo, err)
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

// relay copies both ways until both directions have ended, and returns
// what broke it, if anything. When one direction fails, both connections
// close, so the other ends at once.
func (r *relayPair) relay(targetLocal, targetAddr string) error {
	t, p := r.t, r.p
	to := t.s.cfg.ForwardTo
	up := &relayDir{from: "client", to: "target", src: p.conn, dst: r.target, srcLocal: t.local, srcAddr: p.addr,
		note: "client → target " + to, counts: [2]*counters{&p.st, &t.s.st}, in: true}
	down := &relayDir{from: "target", to: "client", src: r.target, dst: p.conn, srcLocal: targetLocal, srcAddr: targetAddr,
		note: "target → client " + p.addr, counts: [2]*counters{&p.st, &t.s.st}}
	errc := make(chan error, 1)
	t.wg.Add(1)
	go func() {
		defer t.wg.Done()
		err := r.pump(down)
		if err != nil {
			r.closeAll()
		}
		errc <- err
	}()
	err := r.pump(up)
	if err != nil {
		r.closeAll()
	}
	if derr := <-errc; err == nil {
		err = derr
	}
	if p.closedBy.Load() != nil {
		return nil
	}
	return err
}
