package sockets

import (
	"errors"
	"net"
	"net/netip"
	"os"
	"strconv"
	"sync"
	"time"

	"github.com/sockettester/sockettester/sockets/msg"
)

// unixgramServer is the Unix datagram half of a Server: like the UDP one,
// its peers are the paths heard from recently, at most MaxUDPPeers.
// Senders bound to no path are heard but cannot be answered.
type unixgramServer struct {
	s     *Server
	pc    *net.UnixConn
	local string
	done  chan struct{}
	wg    sync.WaitGroup

	mu     sync.Mutex
	table  map[string]*udpPeer
	timers map[*time.Timer]struct{} // ModeRules replies waiting for their delay
}

func startUnixgram(s *Server) (serverImpl, error) {
	pc, err := net.ListenUnixgram("unixgram", &net.UnixAddr{Name: s.cfg.Addr, Net: "unixgram"})
	if err != nil {
		return nil, err
	}
	u := &unixgramServer{s: s, pc: pc, local: s.cfg.Addr, done: make(chan struct{}),
		table: make(map[string]*udpPeer), timers: make(map[*time.Timer]struct{})}
	u.wg.Add(1)
	go u.readLoop()
	return u, nil
}

func (u *unixgramServer) addr() net.Addr { return unixAddr{"unixgram", u.local} }

func (u *unixgramServer) readLoop() {
	defer u.wg.Done()
	buf := make([]byte, maxDatagram)
	for {
		n, from, err := u.pc.ReadFromUnix(buf)
		if err != nil {
			if !u.s.retry(u.done, err, u.local, 10*time.Millisecond) {
				return
			}
			continue
		}
		u.handle(buf[:n], unixName(from))
	}
}

func (u *unixgramServer) handle(b []byte, from string) {
	if from == unnamed {
		// Counted and shown, but there is nowhere to answer.
		var st counters
		u.s.takeTo(u.local, unnamed, netip.Addr{}, &st, b)
		if m, _ := u.s.Mode(); m != ModeSilent {
			u.s.emit(said(Event{Kind: KindInfo, Local: u.local, Remote: unnamed}, msg.New(codeUnixgramUnnamed)))
		}
		return
	}
	p := u.touch(from)
	switch out, tx := u.s.takeTo(u.local, p.addr, netip.Addr{}, &p.st, b); {
	case out != nil:
		u.write(p, out, tx)
	case u.s.ms.Load().mode == ModeChat:
		line := u.s.chatMessage(p.addr, b)
		n := 0
		for _, q := range u.live() {
			if q != p && u.write(q, line, nil) == nil {
				n++
			}
		}
		u.s.chatPassed(u.local, p.addr, n)
	default:
		u.answerRules(p, b)
	}
}

func (u *unixgramServer) touch(from string) *udpPeer {
	now := u.s.now()
	u.mu.Lock()
	p, ok := u.table[from]
	if !ok {
		if len(u.table) >= u.s.cfg.MaxUDPPeers {
			var oldest *udpPeer
			for _, q := range u.table {
				if oldest == nil || q.lastSeen.Before(oldest.lastSeen) {
					oldest = q
				}
			}
			delete(u.table, oldest.addr)
		}
		p = &udpPeer{addr: from, since: now}
		u.table[from] = p
	}
	p.lastSeen = now
	u.mu.Unlock()
	if !ok {
		u.s.emit(said(Event{Time: now, Kind: KindConnected, Local: u.local, Remote: from}, msg.New(codeFirstDatagram)))
	}
	return p
}

// write reports tx, if set, first, so the log keeps cause before effect.
func (u *unixgramServer) write(p *udpPeer, b []byte, tx *Event) error {
	if tx != nil {
		u.s.cfg.Events.Emit(*tx)
	}
	u.pc.SetWriteDeadline(time.Now().Add(u.s.cfg.WriteTimeout))
	n, err := u.pc.WriteToUnix(b, &net.UnixAddr{Name: p.addr, Net: "unixgram"})
	if err != nil {
		err = msg.Wrap(err, codeSendTo, "Addr", p.addr)
		u.s.emit(Event{Kind: KindError, Local: u.local, Remote: p.addr, Err: err})
		return err
	}
	u.s.st.out(n)
	p.st.out(n)
	return nil
}

func (u *unixgramServer) answerRules(p *udpPeer, b []byte) {
	rp := p.rules.rulePeer(u.s, p.addr)
	if rp == nil {
		return
	}
	if p.rules.act == nil {
		p.rules.act = func(a *RuleAction) bool { return u.ruleAct(p, a) }
	}
	p.rules.err = nil
	rp.Feed(b, p.rules.act)
	if p.rules.err == nil {
		rp.Flush(p.rules.act)
	}
}

func (u *unixgramServer) ruleAct(p *udpPeer, a *RuleAction) bool {
	u.s.ruleEvent(u.local, p.addr, a)
	if len(a.Reply) > 0 {
		if a.Delay > 0 {
			u.later(p, append([]byte(nil), a.Reply...), a.Delay)
		} else {
			u.write(p, a.Reply, u.s.sentEvent(u.local, p.addr, a.Reply))
		}
	}
	if a.Close {
		u.forget(p, msg.New(codeForgottenByRule, "Rule", strconv.Quote(a.Rule)))
		p.rules.err = errClosedByRule
		return false
	}
	return true
}

// later sends b to p after d, unless the server stops first.
func (u *unixgramServer) later(p *udpPeer, b []byte, d time.Duration) {
	u.mu.Lock()
	defer u.mu.Unlock()
	if len(u.timers) >= maxPendingUDPReplies {
		u.s.emit(said(Event{Kind: KindError, Local: u.local, Remote: p.addr},
			msg.New(codeDelayedReplyDropped, "N", maxPendingUDPReplies)))
		return
	}
	var t *time.Timer
	t = time.AfterFunc(d, func() {
		u.mu.Lock()
		select {
		case <-u.done:
			u.mu.Unlock()
			return
		default:
		}
		delete(u.timers, t)
		u.wg.Add(1)
		u.mu.Unlock()
		defer u.wg.Done()
		u.write(p, b, u.s.sentEvent(u.local, p.addr, b))
	})
	u.timers[t] = struct{}{}
}

func (u *unixgramServer) stop() error {
	u.mu.Lock()
	close(u.done)
	for t := range u.timers {
		t.Stop()
	}
	u.mu.Unlock()
	err := ignoreClosed(u.pc.Close())
	u.wg.Wait()
	// The socket file is this server's: it bound it.
	if rerr := os.Remove(u.local); rerr != nil && !errors.Is(rerr, os.ErrNotExist) {
		err = errors.Join(err, rerr)
	}
	return err
}

// live returns the peers heard from within the TTL, forgetting the others.
func (u *unixgramServer) live() []*udpPeer {
	cutoff := u.s.now().Add(-u.s.cfg.UDPPeerTTL)
	u.mu.Lock()
	defer u.mu.Unlock()
	out := make([]*udpPeer, 0, len(u.table))
	for k, p := range u.table {
		if p.lastSeen.Before(cutoff) {
			delete(u.table, k)
			continue
		}
		out = append(out, p)
	}
	return out
}

func (u *unixgramServer) peers() []PeerInfo {
	live := u.live()
	out := make([]PeerInfo, 0, len(live))
	u.mu.Lock()
	for _, p := range live {
		out = append(out, newPeerInfo(p.addr, p.since, p.lastSeen, &p.st))
	}
	u.mu.Unlock()
	return sortPeers(out)
}

func (u *unixgramServer) peer(addr string) (*udpPeer, error) {
	u.mu.Lock()
	p, ok := u.table[addr]
	u.mu.Unlock()
	if !ok {
		return nil, &msg.Error{Message: msg.New(codeNoSuchPeer, "Addr", addr), Err: ErrNoSuchPeer}
	}
	return p, nil
}

func (u *unixgramServer) sendTo(addr string, b []byte) error {
	p, err := u.peer(addr)
	if err != nil {
		return err
	}
	return u.write(p, b, u.s.sentEvent(u.local, p.addr, b))
}

func (u *unixgramServer) broadcast(b []byte) (int, error) {
	return sendToEach(u.s, u.local, u.live(), b, u.write)
}

func (u *unixgramServer) disconnect(addr string) error {
	p, err := u.peer(addr)
	if err != nil {
		return err
	}
	u.forget(p, msg.New(codeForgotten))
	return nil
}

func (u *unixgramServer) forget(p *udpPeer, why msg.Message) {
	u.mu.Lock()
	if u.table[p.addr] == p {
		delete(u.table, p.addr)
	}
	u.mu.Unlock()
	u.s.emit(said(Event{Kind: KindDisconnected, Local: u.local, Remote: p.addr}, why))
}
