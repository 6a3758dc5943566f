package sockets

import (
	"context"
	"net"
	"net/netip"
	"slices"
	"strconv"
	"strings"
	"sync"
	"syscall"

	"golang.org/x/net/ipv4"
	"golang.org/x/net/ipv6"

	"github.com/sockettester/sockettester/sockets/addr"
	"github.com/sockettester/sockettester/sockets/msg"
)

// Group is a multicast group a UDP server receives: ServerConfig.Join at
// start, or Server.Join while it runs.
type Group struct {
	Addr   string // the group: 224.0.0.0/4 (e.g. 239.1.2.3) or ff00::/8 (e.g. ff12::1234)
	Source string // optional: receive only what this sender sends to the group (source-specific)
	// Iface names the interface to join on (e.g. "eth0"); "" means
	// ServerConfig.Iface, and when that is empty too, the system's choice.
	Iface string
}

// String renders the group as "239.1.2.3", with "from source S" and
// "on IFACE" when set.
func (g Group) String() string {
	s := g.Addr
	if g.Source != "" {
		s += " from source " + g.Source
	}
	if g.Iface != "" {
		s += " on " + g.Iface
	}
	return s
}

// groupMsg is g's address (and source) as a message argument.
func (g Group) groupMsg() any {
	if g.Source == "" {
		return g.Addr
	}
	return msg.New(codeGroupWithSource, "Group", g.Addr, "Source", g.Source)
}

// ifaceMsg is g's interface as a message argument.
func (g Group) ifaceMsg() any {
	if g.Iface == "" {
		return msg.New(codeIfaceDefault)
	}
	return g.Iface
}

// ParseGroup checks a group address and returns it in its usual form:
// "239.1.2.3" or "ff12::1234". Anything else is refused with what would do.
func ParseGroup(s string) (netip.Addr, error) {
	a, err := netip.ParseAddr(strings.TrimSpace(s))
	if err != nil || !a.Unmap().IsMulticast() || a.Zone() != "" {
		return netip.Addr{}, msg.NewError(codeGroupNotMulticast, "Addr", strconv.Quote(s))
	}
	return a.Unmap(), nil
}

// InterfaceByName returns the interface named name; when there is none,
// the error lists the names there are.
func InterfaceByName(name string) (*net.Interface, error) {
	ifi, err := net.InterfaceByName(name)
	if err == nil {
		return ifi, nil
	}
	all, _ := net.Interfaces()
	names := make([]string, 0, len(all))
	for _, i := range all {
		names = append(names, i.Name)
	}
	return nil, msg.Wrap(err, codeNoSuchIface, "Name", strconv.Quote(name), "List", strings.Join(names, ", "))
}

// member is one joined group, resolved.
type member struct {
	g      Group // as reported: canonical addresses, the effective interface name
	group  netip.Addr
	source netip.Addr // invalid: any source
	ifi    *net.Interface
}

// resolveGroup checks g against the server's socket and fills in the
// interface; def is ServerConfig.Iface.
func resolveGroup(g Group, def string, local netip.AddrPort, network string) (member, error) {
	ga, err := ParseGroup(g.Addr)
	if err != nil {
		return member{}, err
	}
	m := member{group: ga}
	m.g.Addr = ga.String()
	if g.Source != "" {
		src, err := netip.ParseAddr(strings.TrimSpace(g.Source))
		switch {
		case err != nil || src.IsMulticast() || src.IsUnspecified():
			return member{}, msg.NewError(codeGroupSourceBad, "Source", strconv.Quote(g.Source))
		case src.Unmap().Is4() != ga.Is4():
			return member{}, msg.NewError(codeGroupSourceFamily, "Source", g.Source, "Group", m.g.Addr)
		}
		m.source = src.Unmap()
		m.g.Source = m.source.String()
	}
	port := strconv.Itoa(int(local.Port()))
	la := local.Addr()
	switch {
	case !la.IsUnspecified() && la.Unmap() != ga:
		return member{}, msg.NewError(codeGroupBoundTo, "Addr", local.String(), "Port", port, "Group", m.g.Addr)
	case ga.Is6() && la.Is4():
		return member{}, msg.NewError(codeGroupV6OnV4, "Group", m.g.Addr, "Addr", local.String(), "Port", port)
	case ga.Is4() && la.Is6() && !la.Is4In6() && (network == "udp6" || !la.IsUnspecified()):
		return member{}, msg.NewError(codeGroupV4OnV6, "Group", m.g.Addr, "Addr", local.String(), "Port", port)
	}
	name := strings.TrimSpace(g.Iface)
	if name == "" {
		name = def
	}
	if name != "" {
		if m.ifi, err = InterfaceByName(name); err != nil {
			return member{}, err
		}
		m.g.Iface = m.ifi.Name
	}
	return m, nil
}

// key identifies a membership: the same group and source on the same
// interface is joined once.
func (m member) key() string { return m.g.String() }

// memberships are a UDP server's joined groups and the x/net views of its
// socket that join them.
type memberships struct {
	mu     sync.Mutex
	p4     *ipv4.PacketConn
	p6     *ipv6.PacketConn
	joined []member
	dstOn4 bool // IP_PKTINFO asked for
	dstOn6 bool // IPV6_PKTINFO asked for
}

func newMemberships(pc *net.UDPConn) *memberships {
	return &memberships{p4: ipv4.NewPacketConn(pc), p6: ipv6.NewPacketConn(pc)}
}

// join joins m; the socket first asks for each datagram's destination, so
// the group shows on what arrives. Where the system cannot tell (x/net has
// no control messages on Windows), the join goes ahead and Event.Group
// stays empty.
func (ms *memberships) join(m member) error {
	ms.mu.Lock()
	defer ms.mu.Unlock()
	if slices.ContainsFunc(ms.joined, func(j member) bool { return j.key() == m.key() }) {
		return msg.NewError(codeGroupAlready, "Group", m.g.groupMsg(), "Iface", m.g.ifaceMsg())
	}
	var err error
	g := &net.UDPAddr{IP: m.group.AsSlice()}
	switch {
	case m.group.Is4():
		if !ms.dstOn4 {
			ms.dstOn4 = ms.p4.SetControlMessage(ipv4.FlagDst, true) == nil
		}
		if m.source.IsValid() {
			err = ms.p4.JoinSourceSpecificGroup(m.ifi, g, &net.UDPAddr{IP: m.source.AsSlice()})
		} else {
			err = ms.p4.JoinGroup(m.ifi, g)
		}
	default:
		if !ms.dstOn6 {
			ms.dstOn6 = ms.p6.SetControlMessage(ipv6.FlagDst, true) == nil
		}
		if m.source.IsValid() {
			err = ms.p6.JoinSourceSpecificGroup(m.ifi, g, &net.UDPAddr{IP: m.source.AsSlice()})
		} else {
			err = ms.p6.JoinGroup(m.ifi, g)
		}
	}
	if err != nil {
		return msg.Wrap(err, codeGroupJoinFailed, "Group", m.g.groupMsg(), "Iface", m.g.ifaceMsg())
	}
	ms.joined = append(ms.joined, m)
	return nil
}

// leave leaves the membership with m's key.
func (ms *memberships) leave(m member) error {
	ms.mu.Lock()
	defer ms.mu.Unlock()
	i := slices.IndexFunc(ms.joined, func(j member) bool { return j.key() == m.key() })
	if i < 0 {
		list := make([]string, 0, len(ms.joined))
		for _, j := range ms.joined {
			list = append(list, j.g.String())
		}
		if len(list) == 0 {
			list = append(list, "-")
		}
		return msg.NewError(codeGroupNotJoined, "Group", m.g.groupMsg(), "Iface", m.g.ifaceMsg(), "List", strings.Join(list, ", "))
	}
	var err error
	g := &net.UDPAddr{IP: m.group.AsSlice()}
	switch {
	case m.group.Is4() && m.source.IsValid():
		err = ms.p4.LeaveSourceSpecificGroup(m.ifi, g, &net.UDPAddr{IP: m.source.AsSlice()})
	case m.group.Is4():
		err = ms.p4.LeaveGroup(m.ifi, g)
	case m.source.IsValid():
		err = ms.p6.LeaveSourceSpecificGroup(m.ifi, g, &net.UDPAddr{IP: m.source.AsSlice()})
	default:
		err = ms.p6.LeaveGroup(m.ifi, g)
	}
	if err != nil {
		return msg.Wrap(err, codeGroupLeaveFailed, "Group", m.g.groupMsg(), "Iface", m.g.ifaceMsg())
	}
	ms.joined = slices.Delete(ms.joined, i, i+1)
	return nil
}

// groups lists the joined groups in the order they were joined.
func (ms *memberships) groups() []Group {
	ms.mu.Lock()
	defer ms.mu.Unlock()
	out := make([]Group, len(ms.joined))
	for i, m := range ms.joined {
		out[i] = m.g
	}
	return out
}

// errNotUDPServer is returned by Join and Leave on a TCP server.
func errNotUDPServer(network string) error {
	return msg.NewError(codeGroupNeedsUDP, "Net", network)
}

// Join makes a running UDP server join g; what arrives for the group then
// carries it in Event.Group. A mistake in g is refused with what would do.
// The interface name is looked up in the caller's network namespace.
func (s *Server) Join(g Group) error {
	u, err := s.udp()
	if err != nil {
		return err
	}
	return u.joinGroup(g)
}

// Leave makes a running UDP server leave g, given as it was joined.
func (s *Server) Leave(g Group) error {
	u, err := s.udp()
	if err != nil {
		return err
	}
	m, err := resolveGroup(g, s.cfg.Iface, u.localAP, s.cfg.Network)
	if err != nil {
		return err
	}
	if err := u.mc.leave(m); err != nil {
		s.emit(Event{Kind: KindError, Local: u.local, Err: err})
		return err
	}
	s.emit(said(Event{Kind: KindInfo, Local: u.local, Group: m.g.Addr}, msg.New(codeGroupLeft, "Group", m.g.groupMsg(), "Iface", m.g.ifaceMsg())))
	return nil
}

// Groups lists the groups a running UDP server has joined, with their
// interface filled in as joined ("" for the system's choice); nil when not
// running.
func (s *Server) Groups() []Group {
	u, err := s.udp()
	if err != nil {
		return nil
	}
	return u.mc.groups()
}

func (s *Server) udp() (*udpServer, error) {
	impl, err := s.current()
	if err != nil {
		return nil, err
	}
	u, ok := impl.(*udpServer)
	if !ok || u.fwd != nil {
		return nil, errNotUDPServer(s.cfg.Network)
	}
	return u, nil
}

// joinGroup checks, joins and reports g.
func (u *udpServer) joinGroup(g Group) error {
	m, err := resolveGroup(g, u.s.cfg.Iface, u.localAP, u.s.cfg.Network)
	if err == nil {
		err = u.mc.join(m)
	}
	if err != nil {
		u.s.emit(Event{Kind: KindError, Local: u.local, Err: err})
		return err
	}
	u.s.emit(said(Event{Kind: KindInfo, Local: u.local, Group: m.g.Addr}, msg.New(codeGroupJoined, "Group", m.g.groupMsg(), "Iface", m.g.ifaceMsg())))
	return nil
}

// listenUDP binds a UDP server's socket; one that joins groups at start
// shares its port (SO_REUSEADDR), as group members on one machine do, so
// several receivers can listen to one group and port.
func listenUDP(network string, ua *net.UDPAddr, member bool) (*net.UDPConn, error) {
	if !member {
		return net.ListenUDP(network, ua)
	}
	lc := net.ListenConfig{Control: func(_, _ string, rc syscall.RawConn) error {
		var serr error
		if err := rc.Control(func(fd uintptr) { serr = setReuseAddr(fd) }); err != nil {
			return err
		}
		return serr
	}}
	pc, err := lc.ListenPacket(context.Background(), network, ua.String())
	if err != nil {
		return nil, err
	}
	return pc.(*net.UDPConn), nil
}

// joinAtStart joins ServerConfig.Join; reportJoins tells of them once the
// server is listening.
func (u *udpServer) joinAtStart() error {
	for _, g := range u.s.cfg.Join {
		m, err := resolveGroup(g, u.s.cfg.Iface, u.localAP, u.s.cfg.Network)
		if err == nil {
			err = u.mc.join(m)
		}
		if err != nil {
			return err
		}
	}
	return nil
}

func (u *udpServer) reportJoins() {
	for _, g := range u.mc.groups() {
		u.s.emit(said(Event{Kind: KindInfo, Local: u.local, Group: g.Addr}, msg.New(codeGroupJoined, "Group", g.groupMsg(), "Iface", g.ifaceMsg())))
	}
}

// checkJoins refuses a configuration that asks for groups the server
// cannot join, before anything binds.
func checkJoins(cfg *ServerConfig) error {
	if len(cfg.Join) == 0 {
		return nil
	}
	if !addr.IsUDP(cfg.Network) {
		return errNotUDPServer(cfg.Network)
	}
	for _, g := range cfg.Join {
		if _, err := ParseGroup(g.Addr); err != nil {
			return err
		}
	}
	return nil
}

// dstOf returns the destination address in a datagram's control message
// when it is a group, else the zero Addr.
func dstOf(oob []byte) netip.Addr {
	if len(oob) == 0 {
		return netip.Addr{}
	}
	var cm4 ipv4.ControlMessage
	if cm4.Parse(oob) == nil && cm4.Dst != nil {
		if a, ok := netip.AddrFromSlice(cm4.Dst); ok && a.Unmap().IsMulticast() {
			return a.Unmap()
		}
	}
	var cm6 ipv6.ControlMessage
	if cm6.Parse(oob) == nil && cm6.Dst != nil {
		if a, ok := netip.AddrFromSlice(cm6.Dst); ok && a.Unmap().IsMulticast() {
			return a.Unmap()
		}
	}
	return netip.Addr{}
}
