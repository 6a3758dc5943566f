package main

import (
	"flag"
	"net"
	"net/netip"

	"github.com/sockettester/sockettester/sockets"
	"github.com/sockettester/sockettester/sockets/addr"
	"github.com/sockettester/sockettester/sockets/wol"
)

// groupSendFlags are send's multicast, broadcast and Wake-on-LAN flags.
type groupSendFlags struct {
	iface     *string
	ttl       *int
	loop      *bool
	broadcast *bool
	wol       *string
	port      *int
}

func addGroupSendFlags(fs *flag.FlagSet) *groupSendFlags {
	return &groupSendFlags{
		iface:     fs.String("iface", "", ""),
		ttl:       fs.Int("ttl", 0, ""),
		loop:      fs.Bool("loop", false, ""),
		broadcast: fs.Bool("broadcast", false, ""),
		wol:       fs.String("wol", "", ""),
		port:      fs.Int("port", wol.Port, ""),
	}
}

// wake turns --wol MAC into --udp TARGET (unless given) and returns the
// magic packet, or nil without --wol.
func (g *groupSendFlags) wake(fs *flag.FlagSet, rest []string) ([]byte, error) {
	if !flagWasSet(fs, "wol") {
		if flagWasSet(fs, "port") {
			return nil, usageErrorf("send", "--port goes with --wol MAC (the port of a --udp target is in ADDR)")
		}
		return nil, nil
	}
	p, err := wol.MagicPacket(*g.wol)
	switch {
	case err != nil:
		return nil, usageErrorf("send", "--wol: %v", err)
	case flagWasSet(fs, "tcp"):
		return nil, usageErrorf("send", "--wol sends a UDP datagram; drop --tcp")
	case len(rest) > 0:
		return nil, usageErrorf("send", "--wol makes the payload (the magic packet); give no PAYLOAD, not %q", rest[0])
	case *g.port < 1 || *g.port > 65535:
		return nil, usageErrorf("send", "--port must be 1 to 65535 (Wake-on-LAN uses 9 or 7), not %d", *g.port)
	}
	*g.broadcast = true
	if !flagWasSet(fs, "udp") {
		to, err := wol.Target(*g.iface, *g.port)
		if err != nil {
			return nil, usageErrorf("send", "--iface: %v", err)
		}
		fs.Set("udp", to)
	}
	if !flagWasSet(fs, "wait") {
		fs.Set("wait", "0")
	}
	return p, nil
}

// check refuses group flags that do not fit the target, before anything
// is sent.
func (g *groupSendFlags) check(fs *flag.FlagSet, network, target string) error {
	set := func(n string) bool { return flagWasSet(fs, n) }
	switch {
	case !addr.IsUDP(network) && (set("iface") || set("ttl") || set("loop") || set("broadcast")):
		return usageErrorf("send", "--iface, --ttl, --loop and --broadcast need --udp")
	case set("ttl") && (*g.ttl < 1 || *g.ttl > 255):
		return usageErrorf("send", "--ttl must be 1 to 255 (1 keeps datagrams on this link), not %d", *g.ttl)
	}
	if *g.iface != "" {
		if _, err := sockets.InterfaceByName(*g.iface); err != nil {
			return usageErrorf("send", "--iface: %v", err)
		}
	}
	host, _, _ := net.SplitHostPort(target)
	ip, err := netip.ParseAddr(host)
	if err != nil {
		return nil
	}
	switch {
	case !ip.IsMulticast() && (set("ttl") || set("loop")):
		return usageErrorf("send", "--ttl and --loop apply to multicast targets (224.0.0.0/4, ff00::/8); %s is not one", host)
	case sockets.IsBroadcast(ip) && !*g.broadcast:
		return usageErrorf("send", "%s is a broadcast address: add --broadcast to send to it", host)
	}
	return nil
}

// config copies the flags into a client's configuration.
func (g *groupSendFlags) config(c *sockets.ClientConfig) {
	c.Iface, c.TTL, c.Loop, c.Broadcast = *g.iface, *g.ttl, *g.loop, *g.broadcast
}
