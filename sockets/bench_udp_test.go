//go:build unix

package sockets_test

import (
	"bytes"
	"errors"
	"fmt"
	"net"
	"os"
	"strconv"
	"sync"
	"testing"
	"time"
)

const (
	benchUDPWindow = 16 // datagrams in flight per client
	// benchUDPWait is how long the client waits for any echo before it
	// declares everything in flight lost and sends a new window.
	benchUDPWait = 500 * time.Millisecond
)

// benchUDPTargets are the UDP echo servers compared.
func benchUDPTargets() []benchTarget {
	return []benchTarget{
		{"plain", benchStartGoUDP},
		{"engine", func(tb testing.TB) benchServer { return benchStartEngine(tb, "udp", benchEventsNow, 0) }},
		{"engine-gui", func(tb testing.TB) benchServer { return benchStartEngine(tb, "udp", benchEventsGUI, 0) }},
		{"engine-noevents", func(tb testing.TB) benchServer { return benchStartEngine(tb, "udp", benchNoEvents, 0) }},
	}
}

// benchStartGoUDP starts the plain Go UDP echo: one goroutine reading a
// datagram and writing it back to its sender. It uses the AddrPort variants
// of ReadFrom/WriteTo, which do not allocate, as the engine does.
func benchStartGoUDP(tb testing.TB) benchServer {
	tb.Helper()
	pc, err := net.ListenUDP("udp", &net.UDPAddr{IP: net.ParseIP(benchLoopback)})
	if err != nil {
		tb.Fatalf("listen udp: %v", err)
	}
	var wg sync.WaitGroup
	wg.Add(1)
	go func() {
		defer wg.Done()
		buf := make([]byte, 64*1024)
		for {
			n, ap, err := pc.ReadFromUDPAddrPort(buf)
			if err != nil {
				if errors.Is(err, net.ErrClosed) {
					return
				}
				continue
			}
			pc.WriteToUDPAddrPort(buf[:n], ap)
		}
	}()
	return benchServer{addr: pc.LocalAddr().String(), stop: func() { pc.Close(); wg.Wait() }}
}

// benchUDPClient sends datagrams of one size to an echo server keeping a
// window of them in flight.
type benchUDPClient struct {
	c    *net.UDPConn
	out  []byte
	in   []byte
	lost int // datagrams declared lost after benchUDPWait without an echo
}

func benchDialUDP(tb testing.TB, addr string, size int) *benchUDPClient {
	tb.Helper()
	ra, err := net.ResolveUDPAddr("udp", addr)
	if err != nil {
		tb.Fatal(err)
	}
	c, err := net.DialUDP("udp", nil, ra)
	if err != nil {
		tb.Fatalf("dial udp %s: %v", addr, err)
	}
	u := &benchUDPClient{c: c, out: make([]byte, size), in: make([]byte, size+1)}
	for i := range u.out {
		u.out[i] = byte(i)
	}
	// One exact echo first, so a target that does not echo fails here.
	if err := u.run(1, 1); err != nil {
		c.Close()
		tb.Fatalf("udp %s: %v", addr, err)
	}
	return u
}

// run waits for n echoes, sending a new datagram for each one received so
// that window of them stay in flight. Each echo must be the bytes sent (the
// first byte, a sequence number, is not checked: datagrams may be lost).
func (u *benchUDPClient) run(n, window int) error {
	sent, recvd, lost := 0, 0, 0
	timeouts := 0
	for recvd < n {
		for sent-recvd-lost < window {
			u.out[0] = byte(sent)
			if _, err := u.c.Write(u.out); err != nil {
				return fmt.Errorf("write: %w", err)
			}
			sent++
		}
		if recvd%64 == 0 {
			u.c.SetReadDeadline(time.Now().Add(benchUDPWait))
		}
		m, err := u.c.Read(u.in)
		if err != nil {
			var ne net.Error
			if errors.As(err, &ne) && ne.Timeout() {
				if timeouts++; timeouts > 20 {
					return fmt.Errorf("no echo after %d timeouts (%d of %d received)", timeouts, recvd, n)
				}
				lost = sent - recvd
				u.c.SetReadDeadline(time.Now().Add(benchUDPWait))
				continue
			}
			return fmt.Errorf("read: %w", err)
		}
		if m != len(u.out) || !bytes.Equal(u.in[1:m], u.out[1:]) {
			return fmt.Errorf("echo of %d bytes differs from the %d sent", m, len(u.out))
		}
		timeouts = 0
		recvd++
	}
	u.lost += lost
	return nil
}

// drain discards echoes still in flight after a run.
func (u *benchUDPClient) drain() {
	for {
		u.c.SetReadDeadline(time.Now().Add(5 * time.Millisecond))
		if _, err := u.c.Read(u.in); err != nil {
			return
		}
	}
}

func (u *benchUDPClient) close() { u.c.Close() }

var benchUDPSizes = []int{64, 1400}

// BenchmarkUDPEcho measures datagrams echoed per second with 16 in flight;
// one op is one datagram sent and its echo received.
func BenchmarkUDPEcho(b *testing.B) {
	for _, size := range benchUDPSizes {
		b.Run(strconv.Itoa(size), func(b *testing.B) {
			for _, tg := range benchUDPTargets() {
				b.Run(tg.name, func(b *testing.B) {
					srv := tg.start(b)
					defer srv.stop()
					u := benchDialUDP(b, srv.addr, size)
					defer u.close()
					b.SetBytes(int64(size))
					evs := benchEventCounts(srv)
					b.ResetTimer()
					if err := u.run(b.N, benchUDPWindow); err != nil {
						b.Fatal(err)
					}
					b.StopTimer()
					benchReportEvents(b, srv, evs)
					b.ReportMetric(float64(b.N)/b.Elapsed().Seconds(), "pkts/s")
					b.ReportMetric(float64(u.lost), "lost")
					u.drain()
				})
			}
		})
	}
}

// BenchmarkUDPEchoRatio runs rounds of 10,000 datagrams on the plain echo
// and each engine variant in turn, the order rotating every round, and
// reports each one's packets per second and the median over rounds of each
// engine variant's rate over plain's, and of its CPU time over plain's. One
// op is one round on each.
// Target: engine/plain >= 0.9.
func BenchmarkUDPEchoRatio(b *testing.B) {
	const perRound = 10000
	for _, size := range benchUDPSizes {
		b.Run(strconv.Itoa(size), func(b *testing.B) {
			targets := benchUDPTargets()
			names := make([]string, len(targets))
			clients := make([]*benchUDPClient, len(targets))
			for i, tg := range targets {
				names[i] = tg.name
				srv := tg.start(b)
				defer srv.stop()
				clients[i] = benchDialUDP(b, srv.addr, size)
				defer clients[i].close()
			}
			r := newBenchRounds()
			b.ResetTimer()
			for n := 0; n < b.N; n++ {
				for k := range clients {
					j := (n + k) % len(clients)
					r.round(b, names[j], func() error { return clients[j].run(perRound, benchUDPWindow) })
					b.StopTimer()
					clients[j].drain()
					b.StartTimer()
				}
			}
			b.StopTimer()
			r.report(b, names, perRound, "pkts/s", []string{"plain"})
			lost := 0
			for _, c := range clients {
				lost += c.lost
			}
			b.ReportMetric(float64(lost), "lost")
		})
	}
}

// benchEnvInt reads a positive integer from the environment, or def.
func benchEnvInt(name string, def int) int {
	if v, err := strconv.Atoi(os.Getenv(name)); err == nil && v > 0 {
		return v
	}
	return def
}
