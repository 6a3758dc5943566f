package sockets

import (
	"errors"
	"net"
	"net/netip"
	"sync"
	"time"

	"github.com/sockettester/sockettester/sockets/msg"
)

// maxDatagram is the largest UDP payload.
const maxDatagram = 64 * 1024

// udpServer's peers are the addresses heard from recently, at most
// MaxUDPPeers.
type udpServer struct {
	s     *Server
	pc    *net.UDPConn
	local string
	done  chan struct{}
	// localAP is the bound address; mc the joined groups.
	localAP netip.AddrPort
	mc      *memberships
	wg      sync.WaitGroup

	mu          sync.Mutex
	table       map[netip.AddrPort]*udpPeer
	delayed     map[uint64]*time.Timer // ModeRules replies waiting for their delay
	nextDelayed uint64

	fwd *udpForward // ModeForward only

	drops     systemDrops  // the kernel's count of datagrams dropped here
	rcvBufGot int          // the receive buffer granted, when RcvBuf asked for one
	dropsWhy  *msg.Message // why the drops are not counted; nil when they are
}

// udpPeer is one address heard from.
type udpPeer struct {
	ap       netip.AddrPort
	addr     string
	since    time.Time
	lastSeen time.Time
	st       counters
	rules    ruleState // ModeRules only; used by the read loop alone
	link     *udpLink  // ModeForward only: its socket to the target; under udpServer.mu
}

func startUDP(s *Server) (serverImpl, error) {
	if s.cfg.TLS != nil {
		return nil, msg.Wrap(errNoTLSOverUDP, codeListenAt, "Net", s.cfg.Network, "Addr", s.cfg.Addr)
	}
	var fwd *udpForward
	if s.ms.Load().mode == ModeForward {
		var err error
		if fwd, err = newUDPForward(s); err != nil {
			return nil, err
		}
	}
	ua, err := net.ResolveUDPAddr(s.cfg.Network, s.cfg.Addr)
	if err != nil {
		return nil, msg.Wrap(err, codeListenAt, "Net", s.cfg.Network, "Addr", s.cfg.Addr)
	}
	pc, err := listenUDP(s.cfg.Network, ua, len(s.cfg.Join) > 0)
	if err != nil {
		return nil, err
	}
	u := &udpServer{s: s, pc: pc, local: pc.LocalAddr().String(), done: make(chan struct{}), table: make(map[netip.AddrPort]*udpPeer), fwd: fwd}
	u.drops.total = &s.st.sysDropped
	if u.rcvBufGot, u.dropsWhy, err = watchSystemDrops(pc, s.cfg.RcvBuf); err != nil {
		pc.Close()
		return nil, err
	}
	lap := pc.LocalAddr().(*net.UDPAddr).AddrPort()
	u.localAP = netip.AddrPortFrom(lap.Addr().Unmap(), lap.Port())
	u.mc = newMemberships(pc)
	if err := u.joinAtStart(); err != nil {
		pc.Close()
		return nil, err
	}
	u.watchConditions()
	u.wg.Add(1)
	go u.readLoop()
	return u, nil
}

func (u *udpServer) addr() net.Addr { return u.pc.LocalAddr() }

func (u *udpServer) readLoop() {
	defer u.wg.Done()
	if u.s.holdReads != nil {
		select {
		case <-u.s.holdReads:
		case <-u.done:
			return
		}
	}
	buf := make([]byte, maxDatagram)
	// oob receives each datagram's destination once a group is joined, and
	// the kernel's drop count once it has dropped any.
	oob := make([]byte, 128)
	for {
		n, oobn, _, ap, err := u.pc.ReadMsgUDPAddrPort(buf, oob)
		if err != nil {
			// ICMP errors and the like surface here on some systems.
			if !u.s.retry(u.done, err, u.local, 10*time.Millisecond) {
				return
			}
			continue
		}
		if oobn > 0 {
			u.noteDrops(oob[:oobn])
		}
		// Dual-stack sockets report IPv4 peers as ::ffff:a.b.c.d; show them
		// as people type them.
		u.handle(buf[:n], netip.AddrPortFrom(ap.Addr().Unmap(), ap.Port()), dstOf(oob[:oobn]))
	}
}

// handle counts, reports and answers one datagram; group is the multicast
// group it was sent to, if any. Answers go to the sender by unicast.
func (u *udpServer) handle(b []byte, ap netip.AddrPort, group netip.Addr) {
	if u.fwd != nil {
		u.relayUp(b, ap)
		return
	}
	p := u.touch(ap)
	switch out, tx := u.s.takeTo(u.local, p.addr, group, &p.st, b); {
	case out != nil:
		u.write(p, out, tx)
	case u.s.ms.Load().mode == ModeChat:
		u.chat(p, b)
	default:
		u.answerRules(p, b)
	}
}

// touch finds or adds the peer for ap and notes that it was heard from.
func (u *udpServer) touch(ap netip.AddrPort) *udpPeer {
	now := u.s.now()
	u.mu.Lock()
	p, ok := u.table[ap]
	if !ok {
		if len(u.table) >= u.s.cfg.MaxUDPPeers {
			u.evictOldestLocked()
		}
		p = &udpPeer{ap: ap, addr: ap.String(), since: now}
		u.table[ap] = p
	}
	p.lastSeen = now
	u.mu.Unlock()
	if !ok {
		u.s.emit(said(Event{Time: now, Kind: KindConnected, Local: u.local, Remote: p.addr}, msg.New(codeFirstDatagram)))
	}
	return p
}

func (u *udpServer) evictOldestLocked() {
	var oldest *udpPeer
	for _, p := range u.table {
		if oldest == nil || p.lastSeen.Before(oldest.lastSeen) {
			oldest = p
		}
	}
	if oldest != nil {
		delete(u.table, oldest.ap)
		oldest.unlinkLocked(msg.New(codeUDPRelayEvicted, "N", u.s.cfg.MaxUDPPeers))
	}
}

// write reports tx, if set, first, so the log keeps cause before effect.
func (u *udpServer) write(p *udpPeer, b []byte, tx *Event) error {
	if tx != nil {
		u.s.cfg.Events.Emit(*tx)
	}
	n, err := u.pc.WriteToUDPAddrPort(b, p.ap)
	if err != nil {
		err = msg.Wrap(err, codeSendTo, "Addr", p.addr)
		u.s.emit(Event{Kind: KindError, Local: u.local, Remote: p.addr, Err: err})
		return err
	}
	u.s.st.out(n)
	p.st.out(n)
	return nil
}

func (u *udpServer) stop() error {
	close(u.done)
	err := ignoreClosed(u.pc.Close())
	u.cancelDelayed()
	u.stopForward()
	u.wg.Wait()
	if n, ok := u.drops.unreported(); ok {
		u.s.emit(dropEvent(u.local, n))
	}
	return err
}

// live returns the peers heard from within the TTL, forgetting the others.
func (u *udpServer) live() []*udpPeer {
	cutoff := u.s.now().Add(-u.s.cfg.UDPPeerTTL)
	u.mu.Lock()
	defer u.mu.Unlock()
	out := make([]*udpPeer, 0, len(u.table))
	for ap, p := range u.table {
		if p.lastSeen.Before(cutoff) && p.link == nil {
			delete(u.table, ap)
			continue
		}
		out = append(out, p)
	}
	return out
}

func (u *udpServer) peers() []PeerInfo {
	live := u.live()
	out := make([]PeerInfo, 0, len(live))
	u.mu.Lock()
	for _, p := range live {
		out = append(out, newPeerInfo(p.addr, p.since, p.lastSeen, &p.st))
	}
	u.mu.Unlock()
	return sortPeers(out)
}

func (u *udpServer) peer(addr string) (*udpPeer, error) {
	ap, err := netip.ParseAddrPort(addr)
	if err == nil {
		ap = netip.AddrPortFrom(ap.Addr().Unmap(), ap.Port())
		u.mu.Lock()
		p, ok := u.table[ap]
		u.mu.Unlock()
		if ok {
			return p, nil
		}
	}
	return nil, &msg.Error{Message: msg.New(codeNoSuchPeer, "Addr", addr), Err: ErrNoSuchPeer}
}

func (u *udpServer) sendTo(addr string, b []byte) error {
	if u.fwd != nil {
		return errForwarding
	}
	p, err := u.peer(addr)
	if err != nil {
		return err
	}
	return u.write(p, b, u.s.sentEvent(u.local, p.addr, b))
}

func (u *udpServer) broadcast(b []byte) (int, error) {
	if u.fwd != nil {
		return 0, errForwarding
	}
	return sendToEach(u.s, u.local, u.live(), b, u.write)
}

// sendToEach writes b to each of peers through write, each with its sent
// event, and returns how many it reached and every error on the way: the
// broadcast of the UDP and Unix datagram servers.
func sendToEach(s *Server, local string, peers []*udpPeer, b []byte, write func(*udpPeer, []byte, *Event) error) (int, error) {
	var errs []error
	n := 0
	for _, p := range peers {
		if err := write(p, b, s.sentEvent(local, p.addr, b)); err != nil {
			errs = append(errs, err)
			continue
		}
		n++
	}
	return n, errors.Join(errs...)
}

func (u *udpServer) disconnect(addr string) error {
	p, err := u.peer(addr)
	if err != nil {
		return err
	}
	u.forget(p, msg.New(codeForgotten))
	return nil
}

// forget removes p from the table, saying why.
func (u *udpServer) forget(p *udpPeer, why msg.Message) {
	u.mu.Lock()
	if u.table[p.ap] == p {
		delete(u.table, p.ap)
	}
	linked := p.link != nil
	p.unlinkLocked(why)
	u.mu.Unlock()
	if !linked { // a relayed client's link says it as it closes, with its counts
		u.s.emit(said(Event{Kind: KindDisconnected, Local: u.local, Remote: p.addr}, why))
	}
}
