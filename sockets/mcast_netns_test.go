//go:build linux

package sockets

import (
	"net"
	"net/netip"
	"strconv"
	"testing"
	"time"

	"golang.org/x/net/ipv4"
	"golang.org/x/net/ipv6"

	"github.com/sockettester/sockettester/internal/netns"
)

// silenceAfterControl is how long a member that must not receive is
// watched, once a datagram sent at the same moment reached another member:
// on one bridge, both copies leave the sender together.
const silenceAfterControl = 300 * time.Millisecond

// groupSender is a plain x/net socket made in a namespace that sends to a
// group out of the link interface and reads unicast answers.
type groupSender struct {
	t  testing.TB
	pc *net.UDPConn
}

func newGroupSender(t testing.TB, h netns.Host, v6 bool) *groupSender {
	t.Helper()
	var pc *net.UDPConn
	err := h.Do(func() error {
		ifi, err := net.InterfaceByName(netns.Iface)
		if err != nil {
			return err
		}
		if v6 {
			if pc, err = net.ListenUDP("udp6", &net.UDPAddr{IP: net.IPv6unspecified}); err != nil {
				return err
			}
			return ipv6.NewPacketConn(pc).SetMulticastInterface(ifi)
		}
		if pc, err = net.ListenUDP("udp4", &net.UDPAddr{IP: net.IPv4zero}); err != nil {
			return err
		}
		return ipv4.NewPacketConn(pc).SetMulticastInterface(ifi)
	})
	if err != nil {
		t.Fatalf("sender in %s: %v", h.NS, err)
	}
	t.Cleanup(func() { pc.Close() })
	return &groupSender{t: t, pc: pc}
}

func (g *groupSender) send(to netip.AddrPort, p string) {
	g.t.Helper()
	g.pc.SetWriteDeadline(time.Now().Add(testTimeout))
	if _, err := g.pc.WriteToUDPAddrPort([]byte(p), to); err != nil {
		g.t.Fatalf("send to %v: %v", to, err)
	}
}

// answer reads one datagram and checks its bytes and sender.
func (g *groupSender) answer(want string, from netip.Addr) {
	g.t.Helper()
	g.pc.SetReadDeadline(time.Now().Add(testTimeout))
	buf := make([]byte, 2048)
	n, ap, err := g.pc.ReadFromUDPAddrPort(buf)
	if err != nil {
		g.t.Fatalf("read answer: %v", err)
	}
	if string(buf[:n]) != want || ap.Addr().Unmap().WithZone("") != from.WithZone("") {
		g.t.Fatalf("answer %q from %v; want %q from %v", buf[:n], ap, want, from)
	}
}

func (g *groupSender) local() netip.AddrPort { return g.pc.LocalAddr().(*net.UDPAddr).AddrPort() }

// startIn starts a server made inside h's namespace.
func startIn(t testing.TB, h netns.Host, cfg ServerConfig) *Server {
	t.Helper()
	s := NewServer(cfg)
	if err := h.Do(s.Start); err != nil {
		t.Fatalf("Start in %s: %v", h.NS, err)
	}
	t.Cleanup(func() { s.Stop() })
	return s
}

// receivedFrom matches a server's received event with exact bytes, sender
// and group.
func receivedFrom(p string, from netip.AddrPort, group string) func(Event) bool {
	return func(e Event) bool {
		return e.Side == SideServer && e.Kind == KindReceived && string(e.Data) == p &&
			e.Remote == from.String() && e.Group == group
	}
}

// TestMulticastBetweenNamespaces: host 1 sends to a group on its link
// interface; host 2 joined it by interface name and echoes by unicast,
// host 3 did not join and gets nothing; then host 2 leaves and host 3
// joins while running, and the roles swap.
func TestMulticastBetweenNamespaces(t *testing.T) {
	for _, tc := range []struct {
		name, network, bind, group string
	}{
		{"ipv4", "udp", "0.0.0.0:0", "239.1.2.3"},
		{"ipv6", "udp6", "[::]:0", "ff12::1234"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			hosts := netns.New(t, 3)
			v6 := tc.network == "udp6"
			q2, q3 := NewEventQueue(256), NewEventQueue(256)
			g := Group{Addr: tc.group, Iface: netns.Iface}
			s2 := startIn(t, hosts[1], ServerConfig{Network: tc.network, Addr: tc.bind, Join: []Group{g}, Events: q2})
			waitEvent(t, q2, func(e Event) bool { return e.Code == codeGroupJoined && e.Group == tc.group })
			port := s2.Addr().(*net.UDPAddr).Port
			s3 := startIn(t, hosts[2], ServerConfig{Network: tc.network, Addr: net.JoinHostPort(map[bool]string{false: "0.0.0.0", true: "::"}[v6], strconv.Itoa(port)), Events: q3})
			if got := s2.Groups(); len(got) != 1 || got[0] != g {
				t.Fatalf("Groups() = %v; want [%v]", got, g)
			}

			snd := newGroupSender(t, hosts[0], v6)
			// A link-scope group is sent from the link-local address.
			src := hosts[0].IPv4
			if v6 {
				src = hosts[0].LinkLocal
			}
			from := netip.AddrPortFrom(src, snd.local().Port())
			to := netip.AddrPortFrom(netip.MustParseAddr(tc.group), uint16(port))

			snd.send(to, "to the room 1")
			waitEvent(t, q2, receivedFrom("to the room 1", from, tc.group))
			snd.answer("to the room 1", map[bool]netip.Addr{false: hosts[1].IPv4, true: hosts[1].LinkLocal}[v6])
			// Bounded wait after the positive control above: host 3 saw the
			// same frame on the bridge and must have dropped it.
			time.Sleep(silenceAfterControl)
			if n := s3.Stats().MsgsIn; n != 0 {
				t.Fatalf("host 3, not a member, received %d datagrams", n)
			}

			if err := hosts[1].Do(func() error { return s2.Leave(g) }); err != nil {
				t.Fatalf("Leave: %v", err)
			}
			waitEvent(t, q2, func(e Event) bool { return e.Code == codeGroupLeft && e.Group == tc.group })
			if err := hosts[2].Do(func() error { return s3.Join(g) }); err != nil {
				t.Fatalf("Join: %v", err)
			}
			waitEvent(t, q3, func(e Event) bool { return e.Code == codeGroupJoined })
			if got := s2.Groups(); len(got) != 0 {
				t.Fatalf("Groups() after Leave = %v; want none", got)
			}

			snd.send(to, "to the room 2")
			waitEvent(t, q3, receivedFrom("to the room 2", from, tc.group))
			snd.answer("to the room 2", map[bool]netip.Addr{false: hosts[2].IPv4, true: hosts[2].LinkLocal}[v6])
			time.Sleep(silenceAfterControl) // after the positive control, as above
			if n := s2.Stats().MsgsIn; n != 1 {
				t.Fatalf("host 2 received %d datagrams after leaving; want only the 1 before", n)
			}
		})
	}
}

// TestJoinMistakesInNamespace: a missing interface names those there are.
func TestJoinMistakesInNamespace(t *testing.T) {
	hosts := netns.New(t, 1)
	s := NewServer(ServerConfig{Network: "udp", Addr: "0.0.0.0:0", Join: []Group{{Addr: "239.1.2.3", Iface: "eth9"}}})
	err := hosts[0].Do(s.Start)
	if err == nil {
		s.Stop()
		t.Fatal("Start joined on eth9, which does not exist")
	}
	if got, want := err.Error(), `no interface named "eth9"; this machine has: lo, st0`; got[:len(want)] != want {
		t.Fatalf("error %q; want it to start %q", got, want)
	}
}

// TestSourceSpecificBetweenNamespaces: host 2 joins 232.1.2.3 from host 1
// only; host 3's datagram to the group, sent first, is not delivered, host
// 1's is.
func TestSourceSpecificBetweenNamespaces(t *testing.T) {
	hosts := netns.New(t, 3)
	q := NewEventQueue(64)
	g := Group{Addr: "232.1.2.3", Source: hosts[0].IPv4.String(), Iface: netns.Iface}
	s := startIn(t, hosts[1], ServerConfig{Network: "udp4", Addr: "0.0.0.0:0", Join: []Group{g}, Events: q, Mode: ModeSilent})
	waitEvent(t, q, func(e Event) bool {
		return e.Code == codeGroupJoined && e.Msg == "joined group 232.1.2.3 from source 192.0.2.1 on st0"
	})
	to := netip.AddrPortFrom(netip.MustParseAddr("232.1.2.3"), uint16(s.Addr().(*net.UDPAddr).Port))
	other, wanted := newGroupSender(t, hosts[2], false), newGroupSender(t, hosts[0], false)
	other.send(to, "not from the source")
	wanted.send(to, "from the source")
	waitEvent(t, q, receivedFrom("from the source", netip.AddrPortFrom(hosts[0].IPv4, wanted.local().Port()), "232.1.2.3"))
	time.Sleep(silenceAfterControl) // bounded, after the positive control
	if n := s.Stats().MsgsIn; n != 1 {
		t.Fatalf("received %d datagrams; want only the source's 1", n)
	}
}
