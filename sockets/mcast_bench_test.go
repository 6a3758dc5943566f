package sockets

import (
	"errors"
	"fmt"
	"net"
	"net/netip"
	"sync"
	"testing"
	"time"

	"golang.org/x/net/ipv4"
	"golang.org/x/net/ipv6"

	"github.com/sockettester/sockettester/internal/netns"
)

// mcastWindow is how many datagrams the benchmark keeps in flight.
const mcastWindow = 16

// groupBenchNet is where the benchmark runs: the server side and the
// sending side each make their sockets through their do, and send out of
// or join on the interface named iface.
type groupBenchNet struct {
	iface            string
	server, receiver func(func() error) error
}

func direct(f func() error) error { return f() }

// BenchmarkMulticastEcho compares receiving from a group and echoing by
// unicast through our server with a plain x/net PacketConn loop doing the
// same (it too asks for each datagram's destination), and prints the ratio
// of their rates (target >= 0.9). "lo" runs on the loopback interface
// (IPv4 only: Linux sends no IPv6 multicast out of lo); "netns" between two
// network namespaces the benchmark makes (root only).
func BenchmarkMulticastEcho(b *testing.B) {
	for _, fam := range []struct{ name, where, network, group string }{
		{"ipv4-lo", "lo", "udp4", "239.1.2.3"},
		{"ipv4-netns", "netns", "udp4", "239.1.2.3"},
		{"ipv6-netns", "netns", "udp6", "ff12::1234"},
	} {
		b.Run(fam.name, func(b *testing.B) {
			on := groupBenchNet{server: direct, receiver: direct}
			if fam.where == "lo" {
				on.iface = loopbackIface(b).Name
			} else {
				hosts := netns.New(b, 2)
				on = groupBenchNet{iface: netns.Iface, server: hosts[1].Do, receiver: hosts[0].Do}
			}
			var plain, ours float64
			b.Run("xnet", func(b *testing.B) {
				port, stop := startPlainGroupEcho(b, fam.network, fam.group, on)
				defer stop()
				plain = driveGroupEcho(b, fam.network, fam.group, port, on)
			})
			b.Run("server", func(b *testing.B) {
				bind := map[string]string{"udp4": "0.0.0.0:0", "udp6": "[::]:0"}[fam.network]
				s := NewServer(ServerConfig{Network: fam.network, Addr: bind, Join: []Group{{Addr: fam.group, Iface: on.iface}}})
				if err := on.server(s.Start); err != nil {
					b.Skipf("join %s on %s: %v", fam.group, on.iface, err)
				}
				defer s.Stop()
				ours = driveGroupEcho(b, fam.network, fam.group, uint16(s.Addr().(*net.UDPAddr).Port), on)
			})
			if plain > 0 && ours > 0 {
				fmt.Printf("%s: server %.0f datagrams/s, plain x/net loop %.0f/s: ratio %.2fx\n", fam.name, ours, plain, ours/plain)
			}
		})
	}
}

// startPlainGroupEcho is the baseline: an x/net PacketConn joined on lo that
// reads each datagram with its control message and writes it back.
func startPlainGroupEcho(b *testing.B, network, group string, on groupBenchNet) (uint16, func()) {
	var pc *net.UDPConn
	var lo *net.Interface
	err := on.server(func() (err error) {
		if lo, err = net.InterfaceByName(on.iface); err == nil {
			pc, err = net.ListenUDP(network, nil)
		}
		return err
	})
	if err != nil {
		b.Fatal(err)
	}
	g := &net.UDPAddr{IP: net.ParseIP(group)}
	var read func([]byte) (int, net.Addr, error)
	if network == "udp4" {
		p := ipv4.NewPacketConn(pc)
		if err = p.SetControlMessage(ipv4.FlagDst, true); err == nil {
			err = p.JoinGroup(lo, g)
		}
		read = func(buf []byte) (int, net.Addr, error) { n, _, src, err := p.ReadFrom(buf); return n, src, err }
	} else {
		p := ipv6.NewPacketConn(pc)
		if err = p.SetControlMessage(ipv6.FlagDst, true); err == nil {
			err = p.JoinGroup(lo, g)
		}
		read = func(buf []byte) (int, net.Addr, error) { n, _, src, err := p.ReadFrom(buf); return n, src, err }
	}
	if err != nil {
		pc.Close()
		b.Skipf("join %s on %s: %v", group, lo.Name, err)
	}
	var wg sync.WaitGroup
	wg.Add(1)
	go func() {
		defer wg.Done()
		buf := make([]byte, maxDatagram)
		for {
			n, src, err := read(buf)
			if err != nil {
				if errors.Is(err, net.ErrClosed) {
					return
				}
				continue
			}
			pc.WriteTo(buf[:n], src)
		}
	}()
	return uint16(pc.LocalAddr().(*net.UDPAddr).Port), func() { pc.Close(); wg.Wait() }
}

// driveGroupEcho sends b.N datagrams to the group out of lo, mcastWindow
// in flight, reads every echo, and returns datagrams per second.
func driveGroupEcho(b *testing.B, network, group string, port uint16, on groupBenchNet) float64 {
	var pc *net.UDPConn
	var lo *net.Interface
	err := on.receiver(func() (err error) {
		if lo, err = net.InterfaceByName(on.iface); err == nil {
			pc, err = net.ListenUDP(network, nil)
		}
		return err
	})
	if err != nil {
		b.Fatal(err)
	}
	defer pc.Close()
	if network == "udp4" {
		err = ipv4.NewPacketConn(pc).SetMulticastInterface(lo)
	} else {
		err = ipv6.NewPacketConn(pc).SetMulticastInterface(lo)
	}
	if err != nil {
		b.Skipf("multicast out of %s: %v", lo.Name, err)
	}
	to := netip.AddrPortFrom(netip.MustParseAddr(group), port)
	payload := make([]byte, 64)
	buf := make([]byte, 2048)
	if _, err := pc.WriteToUDPAddrPort(payload, to); err != nil {
		b.Skipf("send to %v on %s: %v", to, lo.Name, err)
	}
	pc.SetReadDeadline(time.Now().Add(testTimeout))
	if _, _, err := pc.ReadFromUDPAddrPort(buf); err != nil {
		b.Skipf("no echo from %v on %s: %v", to, lo.Name, err)
	}
	b.SetBytes(int64(len(payload)))
	b.ResetTimer()
	sent := 0
	for ; sent < mcastWindow && sent < b.N; sent++ {
		pc.WriteToUDPAddrPort(payload, to)
	}
	for got := 0; got < b.N; got++ {
		pc.SetReadDeadline(time.Now().Add(testTimeout))
		if _, _, err := pc.ReadFromUDPAddrPort(buf); err != nil {
			b.Fatalf("echo %d of %d: %v", got, b.N, err)
		}
		if sent < b.N {
			pc.WriteToUDPAddrPort(payload, to)
			sent++
		}
	}
	b.StopTimer()
	return float64(b.N) / b.Elapsed().Seconds()
}
