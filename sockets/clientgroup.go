package sockets

import (
	"context"
	"net"
	"net/netip"

	"golang.org/x/net/ipv4"
	"golang.org/x/net/ipv6"

	"github.com/sockettester/sockettester/sockets/addr"
	"github.com/sockettester/sockettester/sockets/msg"
)

// limitedBroadcast is 255.255.255.255, the broadcast of whatever link a
// datagram leaves by.
var limitedBroadcast = netip.AddrFrom4([4]byte{255, 255, 255, 255})

// dialTarget opens the client's socket. A UDP client to a multicast group
// or a broadcast address gets an unconnected socket that sends to the
// target and receives answers from any address: the members answer from
// their own, which a connected socket would drop.
func dialTarget(ctx context.Context, d *net.Dialer, cfg ClientConfig) (net.Conn, error) {
	if addr.IsUnix(cfg.Network) {
		return dialUnix(ctx, d, cfg)
	}
	if cfg.Proxy != "" {
		return dialProxy(ctx, d, cfg.Proxy, cfg.Addr)
	}
	if !addr.IsUDP(cfg.Network) {
		return d.DialContext(ctx, cfg.Network, cfg.Addr)
	}
	if cfg.TTL < 0 || cfg.TTL > 255 {
		return nil, msg.NewError(codeBadTTL, "TTL", cfg.TTL)
	}
	special := cfg.Iface != "" || cfg.TTL != 0 || cfg.Broadcast
	host, _, err := net.SplitHostPort(cfg.Addr)
	if ip, perr := netip.ParseAddr(host); err == nil && perr == nil {
		special = special || ip.IsMulticast() || IsBroadcast(ip)
	}
	if !special {
		return d.DialContext(ctx, cfg.Network, cfg.Addr)
	}
	ua, err := net.ResolveUDPAddr(cfg.Network, cfg.Addr)
	if err != nil {
		return nil, err
	}
	to := ua.AddrPort()
	to = netip.AddrPortFrom(to.Addr().Unmap(), to.Port())
	var local *net.UDPAddr
	if d.LocalAddr != nil {
		local = d.LocalAddr.(*net.UDPAddr)
	}
	switch {
	case to.Addr().IsMulticast():
		return dialGroup(cfg, to, local)
	case to.Addr().Is4() && (cfg.Broadcast || IsBroadcast(to.Addr())):
		if !cfg.Broadcast {
			return nil, msg.NewError(codeNeedsBroadcast, "Addr", to.Addr().String())
		}
		return dialBroadcast(cfg, to, local)
	case cfg.Broadcast:
		return nil, msg.NewError(codeNoV6Broadcast, "Addr", to.Addr().String())
	}
	return nil, msg.NewError(codeSendOptsNeedGroup, "Addr", to.Addr().String())
}

// dialGroup opens a socket that sends to group with cfg's interface, TTL
// and loopback.
func dialGroup(cfg ClientConfig, group netip.AddrPort, local *net.UDPAddr) (net.Conn, error) {
	network := "udp4"
	if group.Addr().Is6() {
		network = "udp6"
	}
	pc, err := net.ListenUDP(network, local)
	if err != nil {
		return nil, err
	}
	fail := func(err error) (net.Conn, error) {
		pc.Close()
		return nil, msg.Wrap(err, codeGroupSendSetup, "Group", group.Addr().String())
	}
	var ifi *net.Interface
	if cfg.Iface != "" {
		if ifi, err = InterfaceByName(cfg.Iface); err != nil {
			pc.Close()
			return nil, err
		}
	}
	if network == "udp4" {
		p := ipv4.NewPacketConn(pc)
		if ifi != nil {
			err = p.SetMulticastInterface(ifi)
		}
		if err == nil && cfg.TTL > 0 {
			err = p.SetMulticastTTL(cfg.TTL)
		}
		if err == nil {
			err = p.SetMulticastLoopback(cfg.Loop)
		}
	} else {
		p := ipv6.NewPacketConn(pc)
		if ifi != nil {
			err = p.SetMulticastInterface(ifi)
		}
		if err == nil && cfg.TTL > 0 {
			err = p.SetMulticastHopLimit(cfg.TTL)
		}
		if err == nil {
			err = p.SetMulticastLoopback(cfg.Loop)
		}
	}
	if err != nil {
		return fail(err)
	}
	return &targetConn{UDPConn: pc, to: group}, nil
}

// dialBroadcast opens a socket with SO_BROADCAST that sends to to, out of
// cfg.Iface when set.
func dialBroadcast(cfg ClientConfig, to netip.AddrPort, local *net.UDPAddr) (net.Conn, error) {
	pc, err := net.ListenUDP("udp4", local)
	if err != nil {
		return nil, err
	}
	var ifi *net.Interface
	if cfg.Iface != "" {
		if ifi, err = InterfaceByName(cfg.Iface); err != nil {
			pc.Close()
			return nil, err
		}
	}
	rc, err := pc.SyscallConn()
	if err == nil {
		cerr := rc.Control(func(fd uintptr) {
			err = setBroadcast(fd)
			if err == nil && ifi != nil {
				err = bindOutIface(fd, ifi.Index)
			}
		})
		if err == nil {
			err = cerr
		}
	}
	if err != nil {
		pc.Close()
		return nil, msg.Wrap(err, codeBroadcastSetup, "Addr", to.Addr().String())
	}
	return &targetConn{UDPConn: pc, to: to}, nil
}

// IsBroadcast reports whether ip is 255.255.255.255 or the directed
// broadcast of one of this machine's IPv4 networks (e.g. 192.0.2.255 for
// 192.0.2.1/24).
func IsBroadcast(ip netip.Addr) bool {
	ip = ip.Unmap()
	if ip == limitedBroadcast {
		return true
	}
	if !ip.Is4() {
		return false
	}
	addrs, err := net.InterfaceAddrs()
	if err != nil {
		return false
	}
	for _, a := range addrs {
		if b, ok := DirectedBroadcast(a); ok && b == ip {
			return true
		}
	}
	return false
}

// DirectedBroadcast returns an IPv4 interface address's broadcast address
// (the host bits all set); ok is false for IPv6 and for /31 and /32.
func DirectedBroadcast(a net.Addr) (netip.Addr, bool) {
	n, isNet := a.(*net.IPNet)
	if !isNet {
		return netip.Addr{}, false
	}
	ip4, mask := n.IP.To4(), n.Mask
	if len(mask) == net.IPv6len {
		mask = mask[12:]
	}
	if ones, bits := n.Mask.Size(); ip4 == nil || len(mask) != net.IPv4len || bits-ones < 2 {
		return netip.Addr{}, false
	}
	var b [4]byte
	for i := range b {
		b[i] = ip4[i] | ^mask[i]
	}
	return netip.AddrFrom4(b), true
}

// targetConn is an unconnected UDP socket that writes to one address and
// reads from any.
type targetConn struct {
	*net.UDPConn
	to netip.AddrPort
	// from is the sender of the datagram Read returned last; only the
	// client's read loop reads and writes it.
	from string
}

func (c *targetConn) Write(p []byte) (int, error) { return c.WriteToUDPAddrPort(p, c.to) }

func (c *targetConn) Read(p []byte) (int, error) {
	n, ap, err := c.ReadFromUDPAddrPort(p)
	if err == nil {
		c.from = netip.AddrPortFrom(ap.Addr().Unmap(), ap.Port()).String()
	}
	return n, err
}

// RemoteAddr is the target: the group or broadcast address.
func (c *targetConn) RemoteAddr() net.Addr { return net.UDPAddrFromAddrPort(c.to) }
