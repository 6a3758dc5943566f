//go:build unix

package sockets_test

// Benchmarks of the engine's data path against plain Go echo servers written
// here and, when installed, socat and ncat. Everything runs on 127.0.0.1 only.
// In-process baselines and the engine share the same Go runtime and the same
// client code, so their ratios are meaningful even on a busy machine; the
// *Ratio benchmarks interleave them round by round for the same reason.
//
// Baselines:
//
//	iocopy   io.Copy(c, c) per connection, literally. On Linux this is not a
//	         user-space copy: TCPConn.WriteTo hands over to TCPConn.ReadFrom,
//	         which splices socket -> pipe -> socket (one pipe, two fds, held
//	         per connection for its whole life).
//	copy32k  io.Copy with ReadFrom/WriterTo hidden: the portable 32 KiB
//	         read/write loop, which is what the engine does too.
//	socat    socat tcp-l:PORT,bind=127.0.0.1,fork,reuseaddr PIPE
//	ncat     ncat -l -k --exec /bin/cat 127.0.0.1 PORT
//
// The engine runs as:
//
//	engine           events on, with a goroutine receiving each event as it
//	                 comes (what gui/logview.go does)
//	engine-gui       events on, taken in one go every 33 ms
//	engine-noevents  Events nil: the data path alone
//
// The benchmarks are unix-only (process groups, getrusage).
// scripts/bench.sh runs them all and prints a summary.

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"net"
	"os/exec"
	"runtime"
	"sync"
	"sync/atomic"
	"syscall"
	"testing"
	"time"

	"github.com/sockettester/sockettester/sockets"
	"github.com/sockettester/sockettester/sockets/hist"
)

const (
	benchLoopback  = "127.0.0.1"
	benchChunk     = 32 * 1024 // bytes per write in the throughput benchmarks
	benchStreams   = 8         // concurrent connections in the throughput benchmarks
	benchIOTimeout = 10 * time.Second
	benchEventCap  = 4096
)

// benchServer is a running echo server under test.
type benchServer struct {
	addr  string
	conns func() int // connections currently accepted, when known
	reads func() (n, bytes uint64)
	// events, for the engine with events on: events taken off the queue
	// and events dropped so far.
	events func() (taken, dropped uint64)
	stop   func()
}

// benchReportEvents reports the events the observation path carried and
// dropped per op since the last call, for the engine with events on.
func benchReportEvents(b *testing.B, srv benchServer, since [2]uint64) {
	if srv.events == nil {
		return
	}
	taken, dropped := srv.events()
	b.ReportMetric(float64(taken-since[0])/float64(b.N), "events/op")
	b.ReportMetric(float64(dropped-since[1])/float64(b.N), "dropped/op")
}

func benchEventCounts(srv benchServer) [2]uint64 {
	if srv.events == nil {
		return [2]uint64{}
	}
	taken, dropped := srv.events()
	return [2]uint64{taken, dropped}
}

// benchReportReads reports the server's mean bytes per read since the last
// call, for the in-process servers that count them.
func benchReportReads(b *testing.B, srv benchServer, since [2]uint64) {
	if srv.reads == nil {
		return
	}
	n, bytes := srv.reads()
	if n > since[0] {
		b.ReportMetric(float64(bytes-since[1])/float64(n-since[0]), "B/read")
	}
}

func benchReadsNow(srv benchServer) [2]uint64 {
	if srv.reads == nil {
		return [2]uint64{}
	}
	n, bytes := srv.reads()
	return [2]uint64{n, bytes}
}

// benchTarget names an echo server and knows how to start one.
type benchTarget struct {
	name  string
	start func(tb testing.TB) benchServer
}

// benchTCPTargets are the TCP echo servers compared, baselines first.
func benchTCPTargets() []benchTarget {
	return []benchTarget{
		{"iocopy", func(tb testing.TB) benchServer { return benchStartGoTCP(tb, benchServeIOCopy) }},
		{"copy32k", func(tb testing.TB) benchServer {
			srv := benchStartGoTCP(tb, benchServeCopy32k)
			srv.reads = func() (uint64, uint64) { return benchReads.Load(), benchReadBytes.Load() }
			return srv
		}},
		{"engine", func(tb testing.TB) benchServer { return benchStartEngine(tb, "tcp", benchEventsNow, 0) }},
		{"engine-gui", func(tb testing.TB) benchServer { return benchStartEngine(tb, "tcp", benchEventsGUI, 0) }},
		{"engine-noevents", func(tb testing.TB) benchServer { return benchStartEngine(tb, "tcp", benchNoEvents, 0) }},
		{"socat", func(tb testing.TB) benchServer {
			return benchStartExternal(tb, "socat", func(port string) []string {
				return []string{"tcp-l:" + port + ",bind=" + benchLoopback + ",fork,reuseaddr", "PIPE"}
			})
		}},
		{"ncat", func(tb testing.TB) benchServer {
			return benchStartExternal(tb, "ncat", func(port string) []string {
				return []string{"-l", "-k", "--exec", "/bin/cat", benchLoopback, port}
			})
		}},
	}
}

func benchTCPTarget(name string) benchTarget {
	for _, t := range benchTCPTargets() {
		if t.name == name {
			return t
		}
	}
	panic("no bench target " + name)
}

// benchServeIOCopy is the literal io.Copy echo.
func benchServeIOCopy(c net.Conn) { io.Copy(c, c) }

// benchServeCopy32k is io.Copy without the splice shortcut: a 32 KiB
// user-space buffer per connection, as on every platform without splice.
func benchServeCopy32k(c net.Conn) {
	io.Copy(struct{ io.Writer }{c}, &benchCountingReader{r: c})
}

// Reads and bytes read by every benchCountingReader.
var benchReads, benchReadBytes atomic.Uint64

// benchCountingReader counts reads and bytes, to compare read sizes.
type benchCountingReader struct{ r io.Reader }

func (cr *benchCountingReader) Read(p []byte) (int, error) {
	n, err := cr.r.Read(p)
	benchReads.Add(1)
	benchReadBytes.Add(uint64(n))
	return n, err
}

// benchStartGoTCP starts a plain Go TCP echo server that runs serve on
// every accepted connection.
func benchStartGoTCP(tb testing.TB, serve func(net.Conn)) benchServer {
	tb.Helper()
	ln, err := net.Listen("tcp", net.JoinHostPort(benchLoopback, "0"))
	if err != nil {
		tb.Fatalf("listen: %v", err)
	}
	var (
		wg    sync.WaitGroup
		mu    sync.Mutex
		conns = map[net.Conn]struct{}{}
		live  atomic.Int64
	)
	wg.Add(1)
	go func() {
		defer wg.Done()
		for {
			c, err := ln.Accept()
			if err != nil {
				if errors.Is(err, net.ErrClosed) {
					return
				}
				time.Sleep(5 * time.Millisecond) // EMFILE and the like: don't spin
				continue
			}
			mu.Lock()
			conns[c] = struct{}{}
			mu.Unlock()
			live.Add(1)
			wg.Add(1)
			go func() {
				defer wg.Done()
				serve(c)
				c.Close()
				mu.Lock()
				delete(conns, c)
				mu.Unlock()
				live.Add(-1)
			}()
		}
	}()
	return benchServer{
		addr:  ln.Addr().String(),
		conns: func() int { return int(live.Load()) },
		stop: func() {
			ln.Close()
			mu.Lock()
			for c := range conns {
				c.Close()
			}
			mu.Unlock()
			wg.Wait()
		},
	}
}

// Event consumers the engine is measured with.
const (
	benchNoEvents  = iota // Events nil
	benchEventsNow        // a goroutine receiving every event as it comes
	benchEventsGUI        // a goroutine taking whatever is queued every 33 ms, like the GUI's refresh
)

// benchDrainer empties an event queue and counts the events it took.
type benchDrainer struct {
	n    atomic.Uint64
	done chan struct{}
	wg   sync.WaitGroup
}

func benchStartDrainer(q *sockets.EventQueue, mode int) *benchDrainer {
	d := &benchDrainer{done: make(chan struct{})}
	d.wg.Add(1)
	go func() {
		defer d.wg.Done()
		if mode == benchEventsNow {
			for {
				select {
				case <-q.Events():
					d.n.Add(1)
				case <-d.done:
					return
				}
			}
		}
		tick := time.NewTicker(33 * time.Millisecond)
		defer tick.Stop()
		for {
			select {
			case <-tick.C:
			case <-d.done:
				return
			}
			for empty := false; !empty; {
				select {
				case <-q.Events():
					d.n.Add(1)
				default:
					empty = true
				}
			}
		}
	}()
	return d
}

func (d *benchDrainer) stop() { close(d.done); d.wg.Wait() }

// benchStartEngine starts the engine's echo server on loopback with the
// given event consumer.
func benchStartEngine(tb testing.TB, network string, events int, maxClients int) benchServer {
	tb.Helper()
	cfg := sockets.ServerConfig{
		Network:    network,
		Addr:       net.JoinHostPort(benchLoopback, "0"),
		Mode:       sockets.ModeEcho,
		MaxClients: maxClients,
	}
	var d *benchDrainer
	var evs func() (uint64, uint64)
	if events != benchNoEvents {
		q := sockets.NewEventQueue(benchEventCap)
		cfg.Events = q
		d = benchStartDrainer(q, events)
		evs = func() (uint64, uint64) { return d.n.Load(), q.Dropped() }
	}
	srv := sockets.NewServer(cfg)
	if err := srv.Start(); err != nil {
		if d != nil {
			d.stop()
		}
		tb.Fatalf("engine start: %v", err)
	}
	return benchServer{
		events: evs,
		addr:   srv.Addr().String(),
		conns:  func() int { return int(srv.Stats().ConnsCurrent) },
		reads:  func() (uint64, uint64) { st := srv.Stats(); return st.MsgsIn, st.BytesIn },
		stop: func() {
			if err := srv.Stop(); err != nil {
				tb.Errorf("engine stop: %v", err)
			}
			if d != nil {
				d.stop()
			}
		},
	}
}

// benchStartExternal starts an external echo server (socat, ncat) on a free
// loopback port, in its own process group so that its forked children are
// ended with it. It skips when the program is not installed.
func benchStartExternal(tb testing.TB, prog string, args func(port string) []string) benchServer {
	tb.Helper()
	path, err := exec.LookPath(prog)
	if err != nil {
		tb.Skipf("%s not installed", prog)
	}
	// Reserve a free port by binding it, then hand it over. Another program
	// could take it in between; the readiness check below would then fail.
	ln, err := net.Listen("tcp", net.JoinHostPort(benchLoopback, "0"))
	if err != nil {
		tb.Fatalf("listen: %v", err)
	}
	addr := ln.Addr().String()
	_, port, _ := net.SplitHostPort(addr)
	ln.Close()

	cmd := exec.Command(path, args(port)...)
	cmd.SysProcAttr = &syscall.SysProcAttr{Setpgid: true}
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	if err := cmd.Start(); err != nil {
		tb.Fatalf("start %s: %v", prog, err)
	}
	pgid := cmd.Process.Pid
	exited := make(chan struct{})
	go func() { cmd.Wait(); close(exited) }()
	stop := func() {
		syscall.Kill(-pgid, syscall.SIGTERM)
		select {
		case <-exited:
		case <-time.After(2 * time.Second):
			syscall.Kill(-pgid, syscall.SIGKILL)
			<-exited
		}
		// Children that outlived the parent (none once clients are closed).
		syscall.Kill(-pgid, syscall.SIGKILL)
	}
	deadline := time.Now().Add(5 * time.Second)
	for {
		c, err := net.DialTimeout("tcp", addr, time.Second)
		if err == nil {
			c.Close()
			break
		}
		select {
		case <-exited:
			tb.Fatalf("%s exited at start: %s", prog, stderr.String())
		default:
		}
		if time.Now().After(deadline) {
			stop()
			tb.Fatalf("%s did not listen on %s: %v", prog, addr, err)
		}
		time.Sleep(10 * time.Millisecond)
	}
	return benchServer{addr: addr, stop: stop}
}

// benchDial opens n TCP connections to addr and checks that each echoes.
func benchDial(tb testing.TB, addr string, n int) []net.Conn {
	tb.Helper()
	return benchDialWith(tb, addr, n, func() (net.Conn, error) { return net.DialTimeout("tcp", addr, benchIOTimeout) })
}

// benchDialWith opens n connections to addr with dial and checks that each
// echoes.
func benchDialWith(tb testing.TB, addr string, n int, dial func() (net.Conn, error)) []net.Conn {
	tb.Helper()
	conns := make([]net.Conn, 0, n)
	for i := 0; i < n; i++ {
		c, err := dial()
		if err != nil {
			benchCloseAll(conns)
			tb.Fatalf("dial %s: %v", addr, err)
		}
		conns = append(conns, c)
		if err := benchCheckEcho(c, 100*1024+i); err != nil {
			benchCloseAll(conns)
			tb.Fatalf("conn %d to %s: %v", i, addr, err)
		}
	}
	return conns
}

func benchCloseAll(conns []net.Conn) {
	for _, c := range conns {
		c.Close()
	}
}

// benchCheckEcho sends n patterned bytes and asserts the exact same bytes
// come back.
func benchCheckEcho(c net.Conn, n int) error {
	out := make([]byte, n)
	for i := range out {
		out[i] = byte(i*7 + i>>8)
	}
	c.SetDeadline(time.Now().Add(benchIOTimeout))
	defer c.SetDeadline(time.Time{})
	errc := make(chan error, 1)
	go func() { _, err := c.Write(out); errc <- err }()
	in := make([]byte, n)
	if _, err := io.ReadFull(c, in); err != nil {
		return fmt.Errorf("read echo: %w", err)
	}
	if err := <-errc; err != nil {
		return fmt.Errorf("write: %w", err)
	}
	if !bytes.Equal(in, out) {
		return errors.New("echo differs from what was sent")
	}
	return nil
}

// benchStream writes chunks[i] chunks of len(wbuf) bytes on conns[i] and
// reads them all back, every connection at once, a writer and a reader
// goroutine each.
func benchStream(conns []net.Conn, chunks []int, wbuf []byte, rbufs [][]byte) error {
	var wg sync.WaitGroup
	errc := make(chan error, 2*len(conns))
	for i, c := range conns {
		if chunks[i] == 0 {
			continue
		}
		wg.Add(2)
		go func() {
			defer wg.Done()
			for k := 0; k < chunks[i]; k++ {
				if k%64 == 0 {
					c.SetWriteDeadline(time.Now().Add(benchIOTimeout))
				}
				if _, err := c.Write(wbuf); err != nil {
					errc <- fmt.Errorf("write: %w", err)
					return
				}
			}
		}()
		go func() {
			defer wg.Done()
			want := chunks[i] * len(wbuf)
			buf := rbufs[i]
			for got, k := 0, 0; got < want; k++ {
				if k%64 == 0 {
					c.SetReadDeadline(time.Now().Add(benchIOTimeout))
				}
				n, err := c.Read(buf[:min(len(buf), want-got)])
				got += n
				if err != nil {
					errc <- fmt.Errorf("read after %d of %d bytes: %w", got, want, err)
					return
				}
			}
		}()
	}
	wg.Wait()
	close(errc)
	return <-errc
}

// benchSplit spreads total chunks over n connections.
func benchSplit(total, n int) []int {
	out := make([]int, n)
	for i := range out {
		out[i] = total / n
		if i < total%n {
			out[i]++
		}
	}
	return out
}

func benchBuffers(n int) (wbuf []byte, rbufs [][]byte) {
	wbuf = make([]byte, benchChunk)
	for i := range wbuf {
		wbuf[i] = byte(i)
	}
	rbufs = make([][]byte, n)
	for i := range rbufs {
		rbufs[i] = make([]byte, benchChunk)
	}
	return wbuf, rbufs
}

// BenchmarkTCPEchoThroughput streams 32 KiB chunks over 8 connections at
// once; one op is one chunk sent and echoed back, so MB/s is echo goodput.
func BenchmarkTCPEchoThroughput(b *testing.B) {
	for _, tg := range benchTCPTargets() {
		b.Run(tg.name, func(b *testing.B) {
			if tg.name == "ncat" {
				// Seen with ncat 7.93: its --exec relay (socket <-> pipes
				// <-> cat) stops for good after ~56 KiB when the client
				// writes and reads at once.
				b.Skip("ncat --exec stalls under full-duplex streaming")
			}
			srv := tg.start(b)
			defer srv.stop()
			conns := benchDial(b, srv.addr, benchStreams)
			defer benchCloseAll(conns)
			wbuf, rbufs := benchBuffers(len(conns))
			chunks := benchSplit(b.N, len(conns))
			b.SetBytes(benchChunk)
			reads, evs := benchReadsNow(srv), benchEventCounts(srv)
			b.ResetTimer()
			if err := benchStream(conns, chunks, wbuf, rbufs); err != nil {
				b.Fatal(err)
			}
			b.StopTimer()
			benchReportReads(b, srv, reads)
			benchReportEvents(b, srv, evs)
		})
	}
}

// benchRatioMedian returns the median of num[i]/den[i].
func benchRatioMedian(num, den []float64) float64 {
	r := make([]float64, len(num))
	for i := range num {
		r[i] = num[i] / den[i]
	}
	return hist.Quantile(r, 0.5)
}

// benchEngines are the engine variants the ratio benchmarks compare with
// the baselines: events received as they come (the headline figure), events
// taken in batches every 33 ms, no events.
var benchEngines = []string{"engine", "engine-gui", "engine-noevents"}

// benchRounds times rounds of the same work on several servers: wall time,
// and the whole process's CPU time (client and server), which other
// programs running on the machine disturb much less.
type benchRounds struct {
	wall, cpu map[string][]float64 // seconds, one entry per round
}

func newBenchRounds() *benchRounds {
	return &benchRounds{wall: map[string][]float64{}, cpu: map[string][]float64{}}
}

// benchCPUTime returns the user+system CPU time this process has used.
func benchCPUTime() time.Duration {
	var ru syscall.Rusage
	syscall.Getrusage(syscall.RUSAGE_SELF, &ru)
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}

// round runs one round of f for server name. A GC before each round, off
// the clock, keeps one server's garbage from being collected on another's
// time.
func (r *benchRounds) round(b *testing.B, name string, f func() error) {
	b.StopTimer()
	runtime.GC()
	b.StartTimer()
	c0, t0 := benchCPUTime(), time.Now()
	err := f()
	wall, cpu := time.Since(t0), benchCPUTime()-c0
	if err != nil {
		b.Fatalf("%s: %v", name, err)
	}
	r.wall[name] = append(r.wall[name], wall.Seconds())
	r.cpu[name] = append(r.cpu[name], cpu.Seconds())
}

// report reports each server's rate (units per round over mean round time,
// as unit) and, for every engine variant against every baseline, the
// median over rounds of the rate ratio (engine/base, higher is better) and
// of the CPU time ratio (cpu:engine/base, lower is better).
func (r *benchRounds) report(b *testing.B, names []string, units float64, unit string, bases []string) {
	for _, name := range names {
		var sum float64
		for _, w := range r.wall[name] {
			sum += w
		}
		b.ReportMetric(units*float64(len(r.wall[name]))/sum, name+"-"+unit)
	}
	for _, e := range benchEngines {
		if r.wall[e] == nil {
			continue
		}
		for _, base := range bases {
			b.ReportMetric(benchRatioMedian(r.wall[base], r.wall[e]), e+"/"+base)
			b.ReportMetric(benchRatioMedian(r.cpu[e], r.cpu[base]), "cpu:"+e+"/"+base)
		}
	}
}

// BenchmarkTCPEchoRatio streams a fixed volume (8 connections x 4 MiB) to
// each in-process server in turn, the order rotating every round, and
// reports each one's MB/s and, for each engine variant, the median over
// rounds of its throughput over iocopy's and copy32k's, and of its CPU time
// over theirs. One op is one round over all servers.
// Target: engine/iocopy >= 0.9.
func BenchmarkTCPEchoRatio(b *testing.B) {
	names := append([]string{"iocopy", "copy32k"}, benchEngines...)
	// Short rounds keep the rounds compared close in time on a busy machine.
	const chunksPerRound = benchStreams * 128 // 8 x 4 MiB
	conns := make([][]net.Conn, len(names))
	for i, name := range names {
		srv := benchTCPTarget(name).start(b)
		defer srv.stop()
		conns[i] = benchDial(b, srv.addr, benchStreams)
		defer benchCloseAll(conns[i])
	}
	wbuf, rbufs := benchBuffers(benchStreams)
	chunks := benchSplit(chunksPerRound, benchStreams)
	r := newBenchRounds()
	b.ResetTimer()
	for n := 0; n < b.N; n++ {
		for k := range names {
			j := (n + k) % len(names)
			r.round(b, names[j], func() error { return benchStream(conns[j], chunks, wbuf, rbufs) })
		}
	}
	b.StopTimer()
	r.report(b, names, chunksPerRound*benchChunk/1e6, "MB/s", []string{"iocopy", "copy32k"})
}

// benchPing sends msg and reads exactly len(msg) bytes back into buf,
// asserting they are the bytes sent.
func benchPing(c net.Conn, msg, buf []byte) error {
	if _, err := c.Write(msg); err != nil {
		return fmt.Errorf("write: %w", err)
	}
	if _, err := io.ReadFull(c, buf); err != nil {
		return fmt.Errorf("read: %w", err)
	}
	if !bytes.Equal(buf, msg) {
		return fmt.Errorf("echo %q, want %q", buf, msg)
	}
	return nil
}

// benchReportLatency reports the p50 and p99 of h with prefix.
func benchReportLatency(b *testing.B, prefix string, h *hist.Histogram) {
	b.ReportMetric(float64(h.Quantile(0.50)), prefix+"p50-ns")
	b.ReportMetric(float64(h.Quantile(0.99)), prefix+"p99-ns")
}

// BenchmarkTCPRoundTrip64 ping-pongs one 64-byte message at a time on one
// connection: ns/op is the mean round trip, p50-ns and p99-ns its quantiles.
func BenchmarkTCPRoundTrip64(b *testing.B) {
	for _, tg := range benchTCPTargets() {
		b.Run(tg.name, func(b *testing.B) {
			srv := tg.start(b)
			defer srv.stop()
			conns := benchDial(b, srv.addr, 1)
			defer benchCloseAll(conns)
			c := conns[0]
			msg, buf := bytes.Repeat([]byte("0123456789abcdef"), 4), make([]byte, 64)
			var h hist.Histogram
			b.ResetTimer()
			for i := 0; i < b.N; i++ {
				if i%1024 == 0 {
					c.SetDeadline(time.Now().Add(benchIOTimeout))
				}
				msg[0] = byte(i)
				t0 := time.Now()
				if err := benchPing(c, msg, buf); err != nil {
					b.Fatal(err)
				}
				h.Record(time.Since(t0))
			}
			b.StopTimer()
			benchReportLatency(b, "", &h)
		})
	}
}

// BenchmarkTCPRoundTrip64Ratio does one 64-byte round trip on each
// in-process server in turn, rotating the order every iteration, and
// reports each one's p50/p99 and, for each engine variant, iocopy's p50 and
// p99 over the engine's (so that, like the other ratios, higher is better:
// 0.83 means the engine takes 1.2 x as long). One op is one round trip on
// each server. Target: engine p50 <= 1.2 x iocopy p50, i.e.
// p50-iocopy/engine >= 0.83.
func BenchmarkTCPRoundTrip64Ratio(b *testing.B) {
	names := append([]string{"iocopy", "copy32k"}, benchEngines...)
	conns := make([]net.Conn, len(names))
	for i, name := range names {
		srv := benchTCPTarget(name).start(b)
		defer srv.stop()
		cs := benchDial(b, srv.addr, 1)
		defer benchCloseAll(cs)
		conns[i] = cs[0]
	}
	hs := benchPingRounds(b, names, conns)
	p50 := map[string]float64{}
	p99 := map[string]float64{}
	for i, name := range names {
		p50[name] = float64(hs[i].Quantile(0.50))
		p99[name] = float64(hs[i].Quantile(0.99))
		b.ReportMetric(p50[name], name+"-p50-ns")
		b.ReportMetric(p99[name], name+"-p99-ns")
	}
	for _, e := range benchEngines {
		b.ReportMetric(p50["iocopy"]/p50[e], "p50-iocopy/"+e)
		b.ReportMetric(p99["iocopy"]/p99[e], "p99-iocopy/"+e)
	}
}

// benchPingRounds does b.N rounds of one 64-byte round trip on each of
// conns in turn, rotating the order every round, and returns each one's
// round-trip times. The timer runs only for the rounds.
func benchPingRounds(b *testing.B, names []string, conns []net.Conn) []hist.Histogram {
	msg, buf := bytes.Repeat([]byte("fedcba9876543210"), 4), make([]byte, 64)
	hs := make([]hist.Histogram, len(names))
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		msg[0] = byte(i)
		for k := range conns {
			j := (i + k) % len(conns)
			c := conns[j]
			if i%1024 == 0 {
				c.SetDeadline(time.Now().Add(benchIOTimeout))
			}
			t0 := time.Now()
			if err := benchPing(c, msg, buf); err != nil {
				b.Fatalf("%s: %v", names[j], err)
			}
			hs[j].Record(time.Since(t0))
		}
	}
	b.StopTimer()
	return hs
}
