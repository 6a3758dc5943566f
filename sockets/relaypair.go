package sockets

import (
	"context"
	"crypto/tls"
	"errors"
	"fmt"
	"net"
	"sync"
	"sync/atomic"
	"time"
)

// relayPair is one client of a relay and its connection to the target.
type relayPair struct {
	rr         *relayRun
	client     net.Conn // read and written: clientRaw, or TLS over it
	clientRaw  net.Conn
	clientAddr string
	since      time.Time
	st         counters // in: from the client to the target; out: back
	closedBy   atomic.Pointer[string]

	mu        sync.Mutex // guards targetRaw against Stop
	target    net.Conn
	targetRaw net.Conn
}

// closeAll closes both TCP connections (not TLS politely: a peer that does
// not read must not hold Stop up).
func (p *relayPair) closeAll() {
	p.clientRaw.Close()
	p.mu.Lock()
	if p.targetRaw != nil {
		p.targetRaw.Close()
	}
	p.mu.Unlock()
}

// serve runs one client from handshake to close.
func (p *relayPair) serve() {
	rr := p.rr
	defer rr.wg.Done()
	var clientTLS *TLSInfo
	if rr.tls != nil {
		info, err := rr.tls.handshake(p.client.(*tls.Conn), p.clientRaw, p.clientAddr)
		if err != nil {
			rr.forget(p)
			if p.closedBy.Load() == nil {
				rr.r.emit(handshakeEvent(SideRelay, rr.local, p.clientAddr, err))
			}
			return
		}
		clientTLS = info
	}
	rr.r.emit(Event{Time: p.since, Kind: KindConnected, Local: rr.local, Remote: p.clientAddr, Msg: "client connected; forwarding to " + rr.r.cfg.To})
	if clientTLS != nil {
		rr.r.emit(Event{Kind: KindTLS, Local: rr.local, Remote: p.clientAddr, TLS: clientTLS, Msg: clientTLS.Summary()})
	}
	var cause error
	if info, err := p.dialTarget(); err != nil {
		cause = err
		if p.closedBy.Load() == nil {
			rr.r.emit(Event{Kind: KindError, Local: rr.local, Remote: p.clientAddr, Err: err, Msg: "target unreachable; closing the client"})
		}
	} else {
		tl, ta := p.targetRaw.LocalAddr().String(), p.targetRaw.RemoteAddr().String()
		rr.r.emit(Event{Kind: KindConnected, Local: tl, Remote: ta, Msg: "connected to target for client " + p.clientAddr})
		if info != nil {
			rr.r.emit(Event{Kind: KindTLS, Local: tl, Remote: ta, TLS: info, Msg: info.Summary()})
		}
		cause = p.relay(tl, ta)
	}
	rr.forget(p)
	e := Event{Kind: KindDisconnected, Local: rr.local, Remote: p.clientAddr, Err: cause}
	st := p.st.snapshot()
	e.Msg = fmt.Sprintf("closed; client → target %d B, target → client %d B", st.BytesIn, st.BytesOut)
	if by := p.closedBy.Load(); by != nil {
		e.Msg, e.Err = *by+"; "+e.Msg, nil
	}
	rr.r.emit(e)
}

// errRelayStopped ends a dial that finished as the relay stopped.
var errRelayStopped = errors.New("relay stopped")

// dialTarget connects to the target, over TLS when configured, within the
// dial timeout, and returns the handshake's outcome (nil for plain). Stop
// aborts it.
func (p *relayPair) dialTarget() (*TLSInfo, error) {
	cfg := p.rr.r.cfg
	ctx, cancel := context.WithTimeout(p.rr.ctx, cfg.DialTimeout)
	defer cancel()
	var d net.Dialer
	raw, err := d.DialContext(ctx, cfg.Network, cfg.To)
	if err != nil {
		return nil, fmt.Errorf("cannot reach target %s: %w", cfg.To, ExplainNetError(err))
	}
	conn, info := raw, (*TLSInfo)(nil)
	if cfg.TLSToTarget != nil {
		if conn, info, err = clientHandshake(ctx, raw, cfg.TLSToTarget, cfg.To, cfg.DialTimeout); err != nil {
			raw.Close()
			return nil, fmt.Errorf("target %s: %w", cfg.To, err)
		}
	}
	p.mu.Lock()
	defer p.mu.Unlock()
	if p.closedBy.Load() != nil {
		raw.Close()
		return nil, errRelayStopped
	}
	p.target, p.targetRaw = conn, raw
	return info, nil
}

// relay copies both ways until both directions have ended, and returns
// what broke it, if anything. When one direction fails, both connections
// close, so the other ends at once.
func (p *relayPair) relay(targetLocal, targetAddr string) error {
	to := p.rr.r.cfg.To
	up := &relayDir{from: "client", to: "target", src: p.client, dst: p.target, srcLocal: p.rr.local, srcAddr: p.clientAddr,
		note: "client → target " + to, counts: [2]*counters{&p.st, &p.rr.r.st}, in: true}
	down := &relayDir{from: "target", to: "client", src: p.target, dst: p.client, srcLocal: targetLocal, srcAddr: targetAddr,
		note: "target → client " + p.clientAddr, counts: [2]*counters{&p.st, &p.rr.r.st}}
	errc := make(chan error, 1)
	p.rr.wg.Add(1)
	go func() {
		defer p.rr.wg.Done()
		err := p.pump(down)
		if err != nil {
			p.closeAll()
		}
		errc <- err
	}()
	err := p.pump(up)
	if err != nil {
		p.closeAll()
	}
	if derr := <-errc; err == nil {
		err = derr
	}
	if p.closedBy.Load() != nil {
		return nil
	}
	return err
}
