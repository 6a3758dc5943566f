package sockets

import (
	"errors"
	"net"
	"net/netip"
	"sync/atomic"
	"time"

	"github.com/sockettester/sockettester/sockets/addr"
	"github.com/sockettester/sockettester/sockets/conditions"
	"github.com/sockettester/sockettester/sockets/msg"
)

// DefaultUDPRelayIdle is how long a UDP relay keeps the socket to the
// target of a client that neither sent nor was sent anything.
const DefaultUDPRelayIdle = 60 * time.Second

// udpForward is a UDP server's relay: the target, and the conditions of
// each direction (nil without conditions).
type udpForward struct {
	target    *net.UDPAddr
	idle      time.Duration
	up, down  *conditions.Datagrams
	sched     *udpSched
	stopWatch func()
}

// udpLink is one client's own connected socket to the target.
type udpLink struct {
	conn          *net.UDPConn
	local, remote string
	active        atomic.Int64                // nanotime of the last datagram either way
	why           atomic.Pointer[msg.Message] // why it was closed
}

// newUDPForward checks the relay's settings before anything is bound.
func newUDPForward(s *Server) (*udpForward, error) {
	cfg := &s.cfg
	switch {
	case cfg.ForwardTo == "":
		return nil, msg.NewError(codeRelayNoTarget)
	case cfg.ForwardTLS != nil:
		return nil, msg.Wrap(errNoTLSOverUDP, codeRelayBadTarget)
	}
	if _, err := addr.ParseDial(cfg.ForwardTo); err != nil {
		return nil, msg.Wrap(err, codeRelayBadTarget)
	}
	ta, err := net.ResolveUDPAddr(cfg.Network, cfg.ForwardTo)
	if err != nil {
		return nil, msg.Wrap(ExplainNetError(err), codeRelayBadTarget)
	}
	f := &udpForward{target: ta, idle: cfg.UDPRelayIdle, sched: newUDPSched(), stopWatch: func() {}}
	if set := cfg.Conditions; set != nil {
		if err := set.Bind(true); err != nil {
			return nil, msg.Wrap(err, codeUDPBadCondition)
		}
		after := func(d time.Duration, fn func()) { f.sched.after(d, fn) }
		f.up = set.Datagrams(conditions.Up, after)
		f.down = set.Datagrams(conditions.DownDir, after)
	}
	return f, nil
}

// watchConditions reports the conditions' seed, those on at the start and
// each change as events, until stopForward.
func (u *udpServer) watchConditions() {
	set := u.s.cfg.Conditions
	if u.fwd == nil || set == nil {
		return
	}
	u.s.emit(said(Event{Kind: KindInfo, Local: u.local}, msg.New(codeCondSeed, "Seed", set.Seed())))
	for _, c := range set.List() {
		u.s.emit(said(Event{Kind: KindInfo, Local: u.local}, conditions.AddedMessage(c)))
	}
	u.fwd.stopWatch = set.Watch(func(m msg.Message) {
		u.s.emit(said(Event{Kind: KindInfo, Local: u.local}, m))
	})
}

// relayUp passes one datagram from a client to the target, opening the
// client's socket to the target on its first.
func (u *udpServer) relayUp(b []byte, ap netip.AddrPort) {
	p, l, opened, err := u.linkFor(ap)
	if opened {
		u.s.emit(said(Event{Kind: KindConnected, Local: u.local, Remote: p.addr}, msg.New(codeUDPRelayClient, "Addr", u.s.cfg.ForwardTo)))
	}
	if err != nil {
		u.s.emit(said(Event{Kind: KindError, Local: u.local, Remote: p.addr, Err: err}, msg.New(codeRelayUnreachable)))
		return
	}
	if opened {
		u.s.emit(said(Event{Kind: KindConnected, Local: l.local, Remote: l.remote}, msg.New(codeUDPRelayTarget, "Addr", p.addr)))
		u.wg.Add(1)
		go u.relayDown(p, l)
	}
	note := msg.New(codeRelayUp, "Addr", u.s.cfg.ForwardTo)
	u.fwd.up.Pass(b, func(f conditions.Fate) {
		u.observe(u.local, p.addr, b, note, f)
	}, func(d []byte) {
		n, err := l.conn.Write(d)
		if err != nil {
			if l.why.Load() == nil {
				u.s.emit(Event{Kind: KindError, Local: l.local, Remote: l.remote, Err: msg.Wrap(ExplainNetError(err), codeRelaySideErr, "Side", "target")})
			}
			return
		}
		u.s.st.in(n)
		p.st.in(n)
	})
}

// linkFor finds or adds the peer for ap, with its socket to the target,
// and notes it active, all under one lock so that an idle check never
// closes a socket a datagram is on its way to.
func (u *udpServer) linkFor(ap netip.AddrPort) (p *udpPeer, l *udpLink, opened bool, err error) {
	now := u.s.now()
	u.mu.Lock()
	defer u.mu.Unlock()
	p, ok := u.table[ap]
	if !ok {
		if len(u.table) >= u.s.cfg.MaxUDPPeers {
			u.evictOldestLocked()
		}
		p = &udpPeer{ap: ap, addr: ap.String(), since: now}
		u.table[ap] = p
	}
	p.lastSeen = now
	if p.link == nil {
		conn, derr := net.DialUDP(u.s.cfg.Network, nil, u.fwd.target)
		if derr != nil {
			delete(u.table, ap)
			return p, nil, !ok, msg.Wrap(ExplainNetError(derr), codeRelayCannotReach, "Addr", u.s.cfg.ForwardTo)
		}
		p.link = &udpLink{conn: conn, local: conn.LocalAddr().String(), remote: conn.RemoteAddr().String()}
		u.s.st.connsTotal.Add(1)
		u.s.st.connsCur.Add(1)
		opened = true
	}
	p.link.active.Store(nanotime())
	return p, p.link, opened, nil
}

// relayDown passes the target's datagrams back to the client until the
// link closes, closing it when both ways were quiet for the idle time.
func (u *udpServer) relayDown(p *udpPeer, l *udpLink) {
	defer u.wg.Done()
	buf := make([]byte, maxDatagram)
	note := msg.New(codeRelayDown, "Addr", p.addr)
loop:
	for {
		l.conn.SetReadDeadline(time.Now().Add(u.fwd.idle - time.Duration(nanotime()-l.active.Load())))
		n, err := l.conn.Read(buf)
		if err != nil {
			var ne net.Error
			switch {
			case l.why.Load() != nil:
				break loop
			case errors.As(err, &ne) && ne.Timeout():
				if u.closeIfIdle(p, l) {
					break loop
				}
				continue
			default:
				// An ICMP "port unreachable" from an earlier datagram: the
				// target is not listening (yet); the client may try again.
				u.s.emit(Event{Kind: KindError, Local: l.local, Remote: l.remote,
					Err: msg.Wrap(ExplainNetError(err), codeRelayCannotReach, "Addr", u.s.cfg.ForwardTo)})
				continue
			}
		}
		l.active.Store(nanotime())
		b := buf[:n]
		u.fwd.down.Pass(b, func(f conditions.Fate) {
			u.observe(l.local, l.remote, b, note, f)
		}, func(d []byte) {
			wn, err := u.pc.WriteToUDPAddrPort(d, p.ap)
			if err != nil {
				if l.why.Load() == nil {
					u.s.emit(Event{Kind: KindError, Local: u.local, Remote: p.addr, Err: msg.Wrap(err, codeSendTo, "Addr", p.addr)})
				}
				return
			}
			u.s.st.out(wn)
			p.st.out(wn)
		})
	}
	u.s.st.connsCur.Add(-1)
	st := p.st.snapshot()
	closed := msg.New(codeUDPRelayClosed, "In", st.MsgsIn, "InB", st.BytesIn, "Out", st.MsgsOut, "OutB", st.BytesOut)
	u.s.emit(said(Event{Kind: KindDisconnected, Local: u.local, Remote: p.addr}, msg.New(codeRelayClosedBy, "By", *l.why.Load(), "Closed", closed)))
}

// closeIfIdle closes l, and forgets its client, when neither way carried a
// datagram for the idle time.
func (u *udpServer) closeIfIdle(p *udpPeer, l *udpLink) bool {
	u.mu.Lock()
	defer u.mu.Unlock()
	if time.Duration(nanotime()-l.active.Load()) < u.fwd.idle {
		return false
	}
	if u.table[p.ap] == p {
		delete(u.table, p.ap)
	}
	l.close(msg.New(codeUDPRelayIdle, "Time", u.fwd.idle.String()))
	return true
}

// close closes the socket to the target, once, saying why.
func (l *udpLink) close(why msg.Message) {
	if l.why.CompareAndSwap(nil, &why) {
		l.conn.Close()
	}
}

// unlinkLocked closes p's socket to the target, if it has one, as p leaves
// the table. u.mu is held.
func (p *udpPeer) unlinkLocked(why msg.Message) {
	if p.link != nil {
		p.link.close(why)
	}
}

// stopForward closes every client's socket to the target and cancels the
// datagrams that conditions still delay.
func (u *udpServer) stopForward() {
	if u.fwd == nil {
		return
	}
	u.fwd.stopWatch()
	u.fwd.sched.stop()
	u.mu.Lock()
	for _, p := range u.table {
		p.unlinkLocked(msg.New(codeRelayStopped))
	}
	u.mu.Unlock()
}

// observe reports a datagram relayed, with what the conditions did to it
// (effects, in words; fate, as facts), when the queue admits it.
func (u *udpServer) observe(local, remote string, b []byte, note msg.Message, f conditions.Fate) {
	q := u.s.cfg.Events
	if !q.admitData(1) {
		return
	}
	e := newDataEvent(SideRelay, u.s.cfg.Network, KindReceived, local, remote, b, u.s.cfg.CaptureBytes)
	for _, m := range f.Effects {
		note = msg.New(codeUDPEffect, "Note", note, "Effect", m)
	}
	e.say(note)
	e.Held, e.Dropped = f.Held, f.Dropped
	q.Emit(e)
}
