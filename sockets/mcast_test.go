package sockets

import (
	"context"
	"net"
	"net/netip"
	"strings"
	"testing"
	"time"

	"golang.org/x/net/ipv4"
)

// loopbackIface is the loopback interface, or a skip when there is none.
func loopbackIface(t testing.TB) *net.Interface {
	t.Helper()
	ifs, err := net.Interfaces()
	if err != nil {
		t.Skipf("interfaces: %v", err)
	}
	for _, i := range ifs {
		if i.Flags&net.FlagLoopback != 0 && i.Flags&net.FlagUp != 0 {
			return &i
		}
	}
	t.Skip("no loopback interface")
	return nil
}

// TestMulticastOnLoopback joins a group on the loopback interface only and
// receives a datagram sent out of it, without root: the group shows on the
// event and the echo goes back to the sender by unicast.
func TestMulticastOnLoopback(t *testing.T) {
	lo := loopbackIface(t)
	q := NewEventQueue(64)
	s := startServer(t, ServerConfig{Network: "udp4", Addr: "0.0.0.0:0", Join: []Group{{Addr: "239.1.2.3", Iface: lo.Name}}, Events: q})
	waitEvent(t, q, func(e Event) bool {
		return e.Code == codeGroupJoined && e.Msg == "joined group 239.1.2.3 on "+lo.Name
	})
	port := uint16(s.Addr().(*net.UDPAddr).Port)

	pc, err := net.ListenUDP("udp4", &net.UDPAddr{IP: net.IPv4(127, 0, 0, 1)})
	if err != nil {
		t.Fatal(err)
	}
	defer pc.Close()
	p := ipv4.NewPacketConn(pc)
	if err := p.SetMulticastInterface(lo); err != nil {
		t.Skipf("no multicast out of %s: %v", lo.Name, err)
	}
	pc.SetDeadline(time.Now().Add(testTimeout))
	if _, err := pc.WriteToUDPAddrPort([]byte("hello group\n"), netip.MustParseAddrPort("239.1.2.3:"+itoa(port))); err != nil {
		t.Skipf("no multicast route on %s: %v", lo.Name, err)
	}
	from := pc.LocalAddr().String()
	waitEvent(t, q, func(e Event) bool {
		return e.Kind == KindReceived && string(e.Data) == "hello group\n" && e.Remote == from && e.Group == "239.1.2.3" &&
			strings.Contains(e.String(), " udp4 "+from+" to 239.1.2.3 12B ")
	})
	buf := make([]byte, 64)
	n, src, err := pc.ReadFromUDPAddrPort(buf)
	if err != nil || string(buf[:n]) != "hello group\n" || src.Port() != port {
		t.Fatalf("echo %q from %v, %v; want %q from port %d", buf[:n], src, err, "hello group\n", port)
	}
	if g := s.Groups(); len(g) != 1 || g[0] != (Group{Addr: "239.1.2.3", Iface: lo.Name}) {
		t.Fatalf("Groups() = %v", g)
	}
}

func itoa(p uint16) string {
	return netip.AddrPortFrom(netip.IPv4Unspecified(), p).String()[len("0.0.0.0:"):]
}

// TestJoinMistakes: each wrong value is refused with what would do, and
// nothing starts.
func TestJoinMistakes(t *testing.T) {
	for _, tc := range []struct {
		name, network, bind string
		g                   Group
		want                string
	}{
		{"not a group", "udp", "0.0.0.0:5999", Group{Addr: "192.0.2.1"}, `"192.0.2.1" is not a multicast group; use an address in 224.0.0.0/4 or ff00::/8, e.g. 239.1.2.3 or ff12::1234`},
		{"not an address", "udp", "0.0.0.0:5999", Group{Addr: "room"}, `"room" is not a multicast group; use an address in 224.0.0.0/4 or ff00::/8, e.g. 239.1.2.3 or ff12::1234`},
		{"bound to one address", "udp4", "127.0.0.1:5999", Group{Addr: "239.1.2.3"}, "the server listens on 127.0.0.1:5999, where no group datagram arrives; listen on 0.0.0.0:5999 (or [::]:5999 for IPv6) to join 239.1.2.3"},
		{"v6 group, v4 socket", "udp4", "0.0.0.0:5999", Group{Addr: "ff12::1234"}, "group ff12::1234 is IPv6 but the server listens on 0.0.0.0:5999, IPv4 only; listen on [::]:5999 instead"},
		{"v4 group, v6 socket", "udp6", "[::]:5999", Group{Addr: "239.1.2.3"}, "group 239.1.2.3 is IPv4 but the server listens on [::]:5999, IPv6 only; listen on 0.0.0.0:5999 instead"},
		{"source family", "udp", "0.0.0.0:5999", Group{Addr: "232.1.2.3", Source: "2001:db8::1"}, "source 2001:db8::1 and group 232.1.2.3 must both be IPv4 or both IPv6"},
		{"source multicast", "udp", "0.0.0.0:5999", Group{Addr: "232.1.2.3", Source: "239.9.9.9"}, `source "239.9.9.9" is not a unicast IP address; give the sender's address, e.g. 192.0.2.1`},
		{"tcp", "tcp", "0.0.0.0:5999", Group{Addr: "239.1.2.3"}, "joining a multicast group needs a UDP server, not tcp"},
		{"no such interface", "udp4", "0.0.0.0:5999", Group{Addr: "239.1.2.3", Iface: "nosuch0"}, `no interface named "nosuch0"; this machine has: `},
	} {
		t.Run(tc.name, func(t *testing.T) {
			s := NewServer(ServerConfig{Network: tc.network, Addr: tc.bind, Join: []Group{tc.g}})
			err := s.Start()
			if err == nil {
				s.Stop()
				t.Fatal("Start succeeded")
			}
			if !strings.HasPrefix(err.Error(), tc.want) {
				t.Fatalf("error\n  %s\nwant\n  %s", err, tc.want)
			}
			if s.Running() {
				t.Fatal("server running after a refused join")
			}
		})
	}
}

// TestLeaveNotJoined names what is joined.
func TestLeaveNotJoined(t *testing.T) {
	lo := loopbackIface(t)
	s := startServer(t, ServerConfig{Network: "udp4", Addr: "0.0.0.0:0", Join: []Group{{Addr: "239.1.2.3", Iface: lo.Name}}})
	err := s.Leave(Group{Addr: "239.1.2.4", Iface: lo.Name})
	want := "not a member of group 239.1.2.4 on " + lo.Name + "; joined: 239.1.2.3 on " + lo.Name
	if err == nil || err.Error() != want {
		t.Fatalf("Leave: %v; want %s", err, want)
	}
	err = s.Join(Group{Addr: "239.1.2.3", Iface: lo.Name})
	if want := "already joined group 239.1.2.3 on " + lo.Name; err == nil || err.Error() != want {
		t.Fatalf("Join twice: %v; want %s", err, want)
	}
	if err := s.Leave(Group{Addr: "239.1.2.3", Iface: lo.Name}); err != nil {
		t.Fatalf("Leave: %v", err)
	}
	if g := s.Groups(); len(g) != 0 {
		t.Fatalf("Groups() after Leave = %v", g)
	}
}

// TestGroupInEventSchema: the group travels in JSON, the text line and CSV.
func TestGroupInEventSchema(t *testing.T) {
	e := Event{Time: time.Date(2026, 1, 2, 13, 4, 5, 0, time.UTC), Kind: KindReceived, Network: "udp",
		Local: "[::]:5000", Remote: "192.0.2.1:40000", Group: "239.1.2.3", Bytes: 2, Data: []byte("hi")}
	if got, want := e.String(), `2026-01-02 13:04:05.000 server received udp 192.0.2.1:40000 to 239.1.2.3 2B "hi"`; got != want {
		t.Fatalf("line\n  %s\nwant\n  %s", got, want)
	}
	j, _ := e.MarshalJSON()
	back, err := DecodeEvent(j)
	if err != nil || back.Group != "239.1.2.3" || !strings.Contains(string(j), `"group":"239.1.2.3"`) {
		t.Fatalf("JSON %s -> %+v, %v", j, back, err)
	}
	rec := e.CSVRecord()
	if h := CSVHeader(); h[18] != "group" || rec[18] != "239.1.2.3" {
		t.Fatalf("CSV %v / %v", h, rec)
	}
}

// TestClientTargetMistakes: options that do not fit the target are refused
// before anything is sent.
func TestClientTargetMistakes(t *testing.T) {
	for _, tc := range []struct {
		name string
		cfg  ClientConfig
		want string
	}{
		{"ttl", ClientConfig{Network: "udp", Addr: "239.1.2.3:5000", TTL: 256}, "TTL 256 is out of range; use 1 to 255 (0: the system's default, 1 for multicast)"},
		{"ttl unicast", ClientConfig{Network: "udp", Addr: "127.0.0.1:5000", TTL: 4}, "an interface and a TTL apply only to multicast targets (224.0.0.0/4, ff00::/8), and an interface to broadcast ones; 127.0.0.1 is neither"},
		{"broadcast v6", ClientConfig{Network: "udp", Addr: "[::1]:5000", Broadcast: true}, "IPv6 has no broadcast (::1); send to the all-nodes group ff02::1 instead"},
		{"limited", ClientConfig{Network: "udp", Addr: "255.255.255.255:9"}, "255.255.255.255 is a broadcast address; sending to it needs broadcast turned on (--broadcast in the CLI)"},
		{"no such interface", ClientConfig{Network: "udp", Addr: "239.1.2.3:5000", Iface: "nosuch0"}, `no interface named "nosuch0"; this machine has: `},
	} {
		t.Run(tc.name, func(t *testing.T) {
			c, err := Dial(context.Background(), tc.cfg)
			if err == nil {
				c.Close()
				t.Fatal("Dial succeeded")
			}
			if !strings.HasPrefix(err.Error(), tc.want) {
				t.Fatalf("error\n  %s\nwant\n  %s", err, tc.want)
			}
		})
	}
}

// TestTwoMembersShareAPort: two servers on one machine join the same group
// and port, as a room of receivers practising on one laptop, and each
// receives the one datagram sent.
func TestTwoMembersShareAPort(t *testing.T) {
	lo := loopbackIface(t)
	q1, q2 := NewEventQueue(64), NewEventQueue(64)
	g := []Group{{Addr: "239.1.2.4", Iface: lo.Name}}
	s1 := startServer(t, ServerConfig{Network: "udp4", Addr: "0.0.0.0:0", Join: g, Events: q1, Mode: ModeSilent})
	port := uint16(s1.Addr().(*net.UDPAddr).Port)
	startServer(t, ServerConfig{Network: "udp4", Addr: "0.0.0.0:" + itoa(port), Join: g, Events: q2, Mode: ModeSilent})

	pc, err := net.ListenUDP("udp4", &net.UDPAddr{IP: net.IPv4(127, 0, 0, 1)})
	if err != nil {
		t.Fatal(err)
	}
	defer pc.Close()
	if err := ipv4.NewPacketConn(pc).SetMulticastInterface(lo); err != nil {
		t.Skipf("no multicast out of %s: %v", lo.Name, err)
	}
	pc.SetDeadline(time.Now().Add(testTimeout))
	if _, err := pc.WriteToUDPAddrPort([]byte("to both"), netip.MustParseAddrPort("239.1.2.4:"+itoa(port))); err != nil {
		t.Skipf("no multicast route on %s: %v", lo.Name, err)
	}
	for _, q := range []*EventQueue{q1, q2} {
		waitEvent(t, q, func(e Event) bool {
			return e.Kind == KindReceived && string(e.Data) == "to both" && e.Group == "239.1.2.4"
		})
	}
}

// FuzzParseGroup: anything accepted is a multicast address that prints
// back as itself.
func FuzzParseGroup(f *testing.F) {
	for _, s := range []string{"239.1.2.3", "ff12::1234", "192.0.2.1", "::ffff:239.1.2.3", "ff02::1%eth0", ""} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		a, err := ParseGroup(s)
		if err != nil {
			return
		}
		if !a.IsMulticast() || a.Zone() != "" {
			t.Fatalf("ParseGroup(%q) = %v", s, a)
		}
		if b, err := ParseGroup(a.String()); err != nil || b != a {
			t.Fatalf("ParseGroup(%q) = %v, but %v gives %v, %v", s, a, a, b, err)
		}
	})
}
