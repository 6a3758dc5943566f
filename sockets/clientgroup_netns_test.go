//go:build linux

package sockets

import (
	"context"
	"net"
	"net/netip"
	"strconv"
	"testing"
	"time"

	"golang.org/x/net/ipv4"
	"golang.org/x/net/ipv6"

	"github.com/sockettester/sockettester/internal/netns"
)

// dialIn dials a client made inside h's namespace.
func dialIn(t testing.TB, h netns.Host, cfg ClientConfig) (*Client, error) {
	t.Helper()
	var c *Client
	err := h.Do(func() (err error) {
		c, err = Dial(context.Background(), cfg)
		return err
	})
	if err == nil {
		t.Cleanup(func() { c.Close() })
	}
	return c, err
}

// TestClientSendsToGroup: the client sends out of the interface named, with
// the TTL asked; a member answers by unicast and the client receives it;
// the sender's own host gets its copy only with Loop.
func TestClientSendsToGroup(t *testing.T) {
	for _, tc := range []struct{ name, group, network, bind string }{
		{"ipv4", "239.1.2.3", "udp4", "0.0.0.0:0"},
		{"ipv6", "ff12::1234", "udp6", "[::]:0"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			hosts := netns.New(t, 2)
			v6 := tc.network == "udp6"
			// A plain x/net member in host 2 that sees each datagram's TTL.
			var member *net.UDPConn
			err := hosts[1].Do(func() error {
				ifi, err := net.InterfaceByName(netns.Iface)
				if err != nil {
					return err
				}
				la, _ := net.ResolveUDPAddr(tc.network, tc.bind)
				if member, err = net.ListenUDP(tc.network, la); err != nil {
					return err
				}
				g := &net.UDPAddr{IP: net.ParseIP(tc.group)}
				if v6 {
					p := ipv6.NewPacketConn(member)
					if err := p.SetControlMessage(ipv6.FlagHopLimit, true); err != nil {
						return err
					}
					return p.JoinGroup(ifi, g)
				}
				p := ipv4.NewPacketConn(member)
				if err := p.SetControlMessage(ipv4.FlagTTL, true); err != nil {
					return err
				}
				return p.JoinGroup(ifi, g)
			})
			if err != nil {
				t.Fatalf("member: %v", err)
			}
			defer member.Close()
			port := member.LocalAddr().(*net.UDPAddr).Port
			target := net.JoinHostPort(tc.group, strconv.Itoa(port))

			// Our own server in host 1, a member too: it hears the client
			// only when the client turns loopback on.
			q1 := NewEventQueue(64)
			s1 := startIn(t, hosts[0], ServerConfig{Network: tc.network, Addr: net.JoinHostPort(map[bool]string{false: "0.0.0.0", true: "::"}[v6], strconv.Itoa(port)),
				Join: []Group{{Addr: tc.group}}, Iface: netns.Iface, Events: q1, Mode: ModeSilent})

			got, qc := make(chunks, 4), NewEventQueue(64)
			c, err := dialIn(t, hosts[0], ClientConfig{Network: "udp", Addr: target, Iface: netns.Iface, TTL: 3, OnData: got.onData, Events: qc})
			if err != nil {
				t.Fatalf("Dial: %v", err)
			}
			if err := c.Send([]byte("hello members")); err != nil {
				t.Fatalf("Send: %v", err)
			}
			buf, oob := make([]byte, 256), make([]byte, 128)
			member.SetDeadline(time.Now().Add(testTimeout))
			n, oobn, _, from, err := member.ReadMsgUDPAddrPort(buf, oob)
			if err != nil {
				t.Fatalf("member read: %v", err)
			}
			var ttl int
			if v6 {
				var cm ipv6.ControlMessage
				cm.Parse(oob[:oobn])
				ttl = cm.HopLimit
			} else {
				var cm ipv4.ControlMessage
				cm.Parse(oob[:oobn])
				ttl = cm.TTL
			}
			src := map[bool]netip.Addr{false: hosts[0].IPv4, true: hosts[0].LinkLocal}[v6]
			if string(buf[:n]) != "hello members" || from.Addr().Unmap() != src || ttl != 3 {
				t.Fatalf("member got %q from %v with TTL %d; want %q from %v with TTL 3", buf[:n], from, ttl, "hello members", src)
			}
			if _, err := member.WriteToUDPAddrPort([]byte("hello sender"), from); err != nil {
				t.Fatalf("answer: %v", err)
			}
			got.waitBytes(t, "hello sender")
			// The answer is shown from the member that sent it, not the group.
			memberAddr := netip.AddrPortFrom(map[bool]netip.Addr{false: hosts[1].IPv4, true: hosts[1].LinkLocal}[v6], uint16(port))
			waitEvent(t, qc, func(e Event) bool {
				return e.Kind == KindReceived && string(e.Data) == "hello sender" && e.Remote == memberAddr.String()
			})
			// Bounded wait after the positive control: loopback is off.
			time.Sleep(silenceAfterControl)
			if n := s1.Stats().MsgsIn; n != 0 {
				t.Fatalf("own host received %d datagrams with Loop off", n)
			}

			looped, err := dialIn(t, hosts[0], ClientConfig{Network: "udp", Addr: target, Iface: netns.Iface, Loop: true})
			if err != nil {
				t.Fatalf("Dial with Loop: %v", err)
			}
			if err := looped.Send([]byte("me too")); err != nil {
				t.Fatalf("Send: %v", err)
			}
			waitEvent(t, q1, func(e Event) bool { return e.Kind == KindReceived && string(e.Data) == "me too" && e.Group == tc.group })
		})
	}
}

// TestClientBroadcast: the link's directed broadcast and 255.255.255.255
// out of a named interface reach every host; without Broadcast the target
// is refused.
func TestClientBroadcast(t *testing.T) {
	hosts := netns.New(t, 3)
	q2, q3 := NewEventQueue(64), NewEventQueue(64)
	s2 := startIn(t, hosts[1], ServerConfig{Network: "udp4", Addr: "0.0.0.0:0", Events: q2, Mode: ModeSilent})
	port := strconv.Itoa(s2.Addr().(*net.UDPAddr).Port)
	startIn(t, hosts[2], ServerConfig{Network: "udp4", Addr: "0.0.0.0:" + port, Events: q3, Mode: ModeSilent})

	directed := net.JoinHostPort(netns.Broadcast.String(), port)
	_, err := dialIn(t, hosts[0], ClientConfig{Network: "udp", Addr: directed})
	if want := "192.0.2.255 is a broadcast address; sending to it needs broadcast turned on (--broadcast in the CLI)"; err == nil || err.Error() != want {
		t.Fatalf("Dial without Broadcast: %v; want %s", err, want)
	}
	for _, tc := range []struct {
		name string
		cfg  ClientConfig
	}{
		{"directed", ClientConfig{Network: "udp", Addr: directed, Broadcast: true}},
		{"limited", ClientConfig{Network: "udp", Addr: "255.255.255.255:" + port, Broadcast: true, Iface: netns.Iface}},
	} {
		c, err := dialIn(t, hosts[0], tc.cfg)
		if err != nil {
			t.Fatalf("%s: Dial: %v", tc.name, err)
		}
		p := "to everyone " + tc.name
		if err := c.Send([]byte(p)); err != nil {
			t.Fatalf("%s: Send: %v", tc.name, err)
		}
		for _, q := range []*EventQueue{q2, q3} {
			waitEvent(t, q, func(e Event) bool {
				return e.Kind == KindReceived && string(e.Data) == p && e.Remote == net.JoinHostPort(hosts[0].IPv4.String(), portOf(c)) && e.Group == ""
			})
		}
	}
}

func portOf(c *Client) string { return strconv.Itoa(c.LocalAddr().(*net.UDPAddr).Port) }
