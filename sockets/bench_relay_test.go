//go:build unix

package sockets_test

// Relay benchmarks: client -> relay -> echo, the engine's relay (events on,
// a goroutine receiving each) against a plain relay of two goroutines doing
// io.Copy each way (splice on Linux), both in front of the same io.Copy
// echo server.

import (
	"io"
	"net"
	"sync"
	"testing"

	"github.com/sockettester/sockettester/sockets"
)

// benchStartCopyRelay starts the baseline relay to target: per client, a
// connection to target and io.Copy both ways.
func benchStartCopyRelay(tb testing.TB, target string) benchServer {
	tb.Helper()
	return benchStartGoTCP(tb, func(c net.Conn) {
		t, err := net.DialTimeout("tcp", target, benchIOTimeout)
		if err != nil {
			return
		}
		defer t.Close()
		var wg sync.WaitGroup
		wg.Add(1)
		go func() {
			defer wg.Done()
			io.Copy(t, c)
			t.(*net.TCPConn).CloseWrite()
		}()
		io.Copy(c, t)
		c.(*net.TCPConn).CloseWrite()
		wg.Wait()
	})
}

// benchStartEngineRelay starts the engine's relay to target with events
// on and a goroutine receiving each.
func benchStartEngineRelay(tb testing.TB, target string) benchServer {
	tb.Helper()
	q := sockets.NewEventQueue(benchEventCap)
	d := benchStartDrainer(q, benchEventsNow)
	r := sockets.NewServer(sockets.ServerConfig{Mode: sockets.ModeForward, Addr: net.JoinHostPort(benchLoopback, "0"), ForwardTo: target, Events: q})
	if err := r.Start(); err != nil {
		d.stop()
		tb.Fatal(err)
	}
	return benchServer{addr: r.Addr().String(), stop: func() { r.Stop(); d.stop() }}
}

// benchRelays starts an io.Copy echo and both relays in front of it.
func benchRelays(tb testing.TB) (map[string]benchServer, func()) {
	echo := benchStartGoTCP(tb, benchServeIOCopy)
	relays := map[string]benchServer{
		"copyrelay": benchStartCopyRelay(tb, echo.addr),
		"engine":    benchStartEngineRelay(tb, echo.addr),
	}
	return relays, func() {
		for _, r := range relays {
			r.stop()
		}
		echo.stop()
	}
}

// BenchmarkRelayRatio streams 8 connections x 4 MiB through each relay to
// the echo and back, in turn, rotating the order every round, and reports
// MB/s for each and the median over rounds of engine/copyrelay. Target:
// engine/copyrelay >= 0.9.
func BenchmarkRelayRatio(b *testing.B) {
	relays, stop := benchRelays(b)
	defer stop()
	names := []string{"copyrelay", "engine"}
	const chunksPerRound = benchStreams * 128
	conns := map[string][]net.Conn{}
	for _, name := range names {
		conns[name] = benchDial(b, relays[name].addr, benchStreams)
		defer benchCloseAll(conns[name])
	}
	benchStreamPair(b, names, conns, chunksPerRound)
}

// BenchmarkRelayRoundTrip64Ratio does one 64-byte round trip through each
// relay to the echo in turn, and reports each one's p50 and p99 and the
// engine's p50 and p99 over the baseline's (lower is better). One op is one
// round trip through each. Target: p50 engine/copyrelay <= 1.2.
func BenchmarkRelayRoundTrip64Ratio(b *testing.B) {
	relays, stop := benchRelays(b)
	defer stop()
	names := []string{"copyrelay", "engine"}
	conns := make([]net.Conn, len(names))
	for i, name := range names {
		cs := benchDial(b, relays[name].addr, 1)
		defer benchCloseAll(cs)
		conns[i] = cs[0]
	}
	hs := benchPingRounds(b, names, conns)
	for i, name := range names {
		b.ReportMetric(float64(hs[i].Quantile(0.50)), name+"-p50-ns")
		b.ReportMetric(float64(hs[i].Quantile(0.99)), name+"-p99-ns")
	}
	b.ReportMetric(float64(hs[1].Quantile(0.50))/float64(hs[0].Quantile(0.50)), "p50-engine/copyrelay")
	b.ReportMetric(float64(hs[1].Quantile(0.99))/float64(hs[0].Quantile(0.99)), "p99-engine/copyrelay")
}
