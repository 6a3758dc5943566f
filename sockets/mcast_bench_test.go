package sockets

import (
	"errors"
	"fmt"
	"net"
	"net/netip"
	"slices"
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

// mcastRounds is how many rounds each loop gets in BenchmarkMulticastEcho;
// the rounds alternate, so both loops see the same machine.
const mcastRounds = 15

// BenchmarkMulticastEcho compares receiving from a group and echoing by
// unicast through our server with a plain x/net PacketConn loop doing the
// same (it too asks for each datagram's destination), and prints the ratio
// of their median rates (target >= 0.9). Both run at once on their own
// ports and are driven in alternating rounds of b.N/mcastRounds datagrams,
// so a busy moment on a small machine falls on both rather than on one.
// "lo" runs on the loopback interface (IPv4 only: Linux sends no IPv6
// multicast out of lo); "netns" between two network namespaces the
// benchmark makes (root only).
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
			plainPort, stop := startPlainGroupEcho(b, fam.network, fam.group, on)
			defer stop()
			bind := map[string]string{"udp4": "0.0.0.0:0", "udp6": "[::]:0"}[fam.network]
			s := NewServer(ServerConfig{Network: fam.network, Addr: bind, Join: []Group{{Addr: fam.group, Iface: on.iface}}})
			if err := on.server(s.Start); err != nil {
				b.Skipf("join %s on %s: %v", fam.group, on.iface, err)
			}
			defer s.Stop()
			ourPort := uint16(s.Addr().(*net.UDPAddr).Port)

			d := newGroupDriver(b, fam.network, on)
			defer d.pc.Close()
			group := netip.MustParseAddr(fam.group)
			plainTo, ourTo := netip.AddrPortFrom(group, plainPort), netip.AddrPortFrom(group, ourPort)
			d.warm(b, plainTo)
			d.warm(b, ourTo)
			per := max(b.N/mcastRounds, 1)
			var plain, ours []float64
			b.SetBytes(int64(len(d.payload)))
			b.ResetTimer()
			for r := 0; r < mcastRounds; r++ {
				plain = append(plain, d.round(b, plainTo, per))
				ours = append(ours, d.round(b, ourTo, per))
			}
			b.StopTimer()
			mp, mo := medianOf(plain), medianOf(ours)
			b.ReportMetric(mo/mp, "ratio")
			if per < 100 {
				return // the framework's first tiny run: too short to say anything
			}
			fmt.Printf("%s: server %.0f datagrams/s, plain x/net loop %.0f/s (medians of %d alternating rounds): ratio %.2fx\n", fam.name, mo, mp, mcastRounds, mo/mp)
		})
	}
}

// medianOf returns the median of xs, which it sorts.
func medianOf(xs []float64) float64 {
	slices.Sort(xs)
	return xs[len(xs)/2]
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

// groupDriver sends datagrams to a group out of its interface and reads
// the unicast echoes.
type groupDriver struct {
	pc           *net.UDPConn
	iface        string
	payload, buf []byte
}

func newGroupDriver(b *testing.B, network string, on groupBenchNet) *groupDriver {
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
	if network == "udp4" {
		err = ipv4.NewPacketConn(pc).SetMulticastInterface(lo)
	} else {
		err = ipv6.NewPacketConn(pc).SetMulticastInterface(lo)
	}
	if err != nil {
		pc.Close()
		b.Skipf("multicast out of %s: %v", lo.Name, err)
	}
	return &groupDriver{pc: pc, iface: lo.Name, payload: make([]byte, 64), buf: make([]byte, 2048)}
}

// warm checks that to echoes at all, skipping the benchmark if not.
func (d *groupDriver) warm(b *testing.B, to netip.AddrPort) {
	if _, err := d.pc.WriteToUDPAddrPort(d.payload, to); err != nil {
		b.Skipf("send to %v on %s: %v", to, d.iface, err)
	}
	d.pc.SetReadDeadline(time.Now().Add(testTimeout))
	if _, _, err := d.pc.ReadFromUDPAddrPort(d.buf); err != nil {
		b.Skipf("no echo from %v on %s: %v", to, d.iface, err)
	}
}

// round sends n datagrams to to, mcastWindow in flight, reads every echo,
// and returns datagrams per second.
func (d *groupDriver) round(b *testing.B, to netip.AddrPort, n int) float64 {
	start := time.Now()
	sent := 0
	for ; sent < mcastWindow && sent < n; sent++ {
		d.pc.WriteToUDPAddrPort(d.payload, to)
	}
	for got := 0; got < n; got++ {
		d.pc.SetReadDeadline(time.Now().Add(testTimeout))
		if _, _, err := d.pc.ReadFromUDPAddrPort(d.buf); err != nil {
			b.Fatalf("echo %d of %d from %v: %v", got, n, to, err)
		}
		if sent < n {
			d.pc.WriteToUDPAddrPort(d.payload, to)
			sent++
		}
	}
	return float64(n) / time.Since(start).Seconds()
}
