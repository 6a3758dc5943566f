package sockets

import (
	"errors"
	"math/rand/v2"
	"net"
	"net/netip"
	"strings"
	"sync/atomic"
	"time"

	"github.com/sockettester/sockettester/sockets/addr"
	"github.com/sockettester/sockettester/sockets/msg"
)

// DefaultUDPRelayIdle is how long a UDP relay keeps the socket to the
// target of a client that neither sent nor was sent anything.
const DefaultUDPRelayIdle = 60 * time.Second

// udpForward is a UDP server's relay: the target, and the conditions of
// each direction.
type udpForward struct {
	target   *net.UDPAddr
	idle     time.Duration
	up, down *udpPipe
	sched    *udpSched
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
	for _, c := range cfg.UDPConditions {
		if err := c.Check(); err != nil {
			return nil, msg.Wrap(err, codeUDPBadCondition)
		}
	}
	f := &udpForward{target: ta, idle: cfg.UDPRelayIdle, sched: newUDPSched()}
	f.up = newUDPPipe(cfg.UDPConditions, true, cfg.UDPSeed, f.sched)
	f.down = newUDPPipe(cfg.UDPConditions, false, cfg.UDPSeed, f.sched)
	return f, nil
}

// pickSeed is a random seed for conditions given none; never 0, which
// means "pick one".
func pickSeed() uint64 {
	for {
		if v := rand.Uint64(); v != 0 {
			return v
		}
	}
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
	u.fwd.up.pass(b, func(effects []msg.Message) {
		u.observe(u.local, p.addr, b, note, effects, udpFateOf(effects))
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
		u.fwd.down.pass(b, func(effects []msg.Message) {
			u.observe(l.local, l.remote, b, note, effects, udpFateOf(effects))
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
	u.fwd.sched.stop()
	u.mu.Lock()
	for _, p := range u.table {
		p.unlinkLocked(msg.New(codeRelayStopped))
	}
	u.mu.Unlock()
}

// observe reports a datagram relayed, with what the conditions did to it
// (effects, in words; fate, as facts), when the queue admits it.
func (u *udpServer) observe(local, remote string, b []byte, note msg.Message, effects []msg.Message, fate udpFate) {
	q := u.s.cfg.Events
	if !q.admitData(1) {
		return
	}
	e := newDataEvent(SideRelay, u.s.cfg.Network, KindReceived, local, remote, b, u.s.cfg.CaptureBytes)
	for _, m := range effects {
		note = msg.New(codeUDPEffect, "Note", note, "Effect", m)
	}
	e.say(note)
	e.Held, e.Dropped = fate.held, fate.dropped
	q.Emit(e)
}

// UDPConditionCounts returns what each UDP condition did so far, per
// direction, in the order they were given; nil unless a UDP relay runs.
func (s *Server) UDPConditionCounts() []UDPConditionCount {
	impl, err := s.current()
	if err != nil {
		return nil
	}
	u, ok := impl.(*udpServer)
	if !ok || u.fwd == nil {
		return nil
	}
	var out []UDPConditionCount
	for _, c := range u.fwd.conds() {
		out = append(out, UDPConditionCount{Condition: c.UDPCondition, Up: c.up, Count: c.count.Load()})
	}
	return out
}

// udpForwardNote adds the conditions and their seed to the listening
// message of a UDP relay that has conditions.
func (s *Server) udpForwardNote(m msg.Message) msg.Message {
	if !addr.IsUDP(s.cfg.Network) || len(s.cfg.UDPConditions) == 0 {
		return m
	}
	list := make([]string, len(s.cfg.UDPConditions))
	for i, c := range s.cfg.UDPConditions {
		list[i] = c.String()
	}
	return msg.New(codeUDPConditionsOn, "Then", m, "List", strings.Join(list, "; "), "Seed", s.cfg.UDPSeed)
}

var udpCountCodes = map[UDPConditionKind]msg.Code{UDPLoss: codeUDPCountLost, UDPDuplicate: codeUDPCountDup,
	UDPReorder: codeUDPCountHeld, UDPCorrupt: codeUDPCountCorrupt, UDPLatency: codeUDPCountDelayed}

// reportConditions tells, as the relay stops, what each condition did in
// each direction.
func (u *udpServer) reportConditions() {
	if u.fwd == nil {
		return
	}
	for _, c := range u.fwd.conds() {
		dir := msg.New(codeUDPDirDown)
		if c.up {
			dir = msg.New(codeUDPDirUp)
		}
		did := msg.New(udpCountCodes[c.Kind], "N", c.count.Load())
		u.s.emit(said(Event{Kind: KindInfo, Local: u.local}, msg.New(codeUDPCondCount, "Condition", c.String(), "Dir", dir, "Did", did)))
	}
}

// udpCondAt is a condition at work and its direction.
type udpCondAt struct {
	*udpCond
	up bool
}

// conds lists the conditions at work in the order they were given, each
// client → target before target → client.
func (f *udpForward) conds() []udpCondAt {
	var out []udpCondAt
	i, j := 0, 0
	for i < len(f.up.conds) || j < len(f.down.conds) {
		if j == len(f.down.conds) || (i < len(f.up.conds) && f.up.conds[i].idx <= f.down.conds[j].idx) {
			out = append(out, udpCondAt{f.up.conds[i], true})
			i++
			continue
		}
		out = append(out, udpCondAt{f.down.conds[j], false})
		j++
	}
	return out
}
