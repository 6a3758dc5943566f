package main

import (
	"bytes"
	"context"
	"encoding/binary"
	"errors"
	"fmt"
	"io"
	"net"
	"os"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/sockettester/sockettester/sockets"
)

// Bench defaults, used for zero BenchConfig fields.
const (
	DefaultBenchConns    = 8
	DefaultBenchDuration = 5 * time.Second
	DefaultBenchSize     = 64
	DefaultBenchTimeout  = 2 * time.Second
)

// Bench limits.
const (
	maxBenchConns   = 10000
	maxBenchSize    = 16 << 20
	benchSeqHeader  = 8 // bytes of sequence number leading each message, when it fits
	maxBenchUDPSize = maxUDPPayload
)

// BenchConfig describes a load run against an echo server.
type BenchConfig struct {
	// Network is "tcp" or "udp" ("tcp4", "tcp6", "udp4", "udp6" also work).
	Network string
	// Addr is the echo server's host:port.
	Addr string
	// Conns is how many connections run at once (default 8). For UDP each
	// is its own socket.
	Conns int
	// Duration is how long new round trips start (default 5 s); the run
	// ends once the round trips in flight finish.
	Duration time.Duration
	// MaxRoundTrips, if positive, ends the run early after this many round
	// trips in total.
	MaxRoundTrips uint64
	// Size is the bytes in each message (default 64).
	Size int
	// Timeout bounds each dial and each round trip (default 2 s). A UDP
	// round trip that times out counts as an error (a lost datagram) and the
	// connection goes on; a TCP one ends its connection.
	Timeout time.Duration
}

func (c *BenchConfig) fill() {
	if c.Conns <= 0 {
		c.Conns = DefaultBenchConns
	}
	if c.Duration <= 0 {
		c.Duration = DefaultBenchDuration
	}
	if c.Size <= 0 {
		c.Size = DefaultBenchSize
	}
	if c.Timeout <= 0 {
		c.Timeout = DefaultBenchTimeout
	}
}

// BenchResult is what a run measured. A round trip is one message of Size
// bytes written and the same bytes read back.
type BenchResult struct {
	Network, Addr string
	Conns         int           // connections that were dialled successfully
	Size          int           // bytes per message
	Elapsed       time.Duration // from the first send to the end of the last round trip
	RoundTrips    uint64        // completed round trips
	BytesSent     uint64        // bytes written
	BytesReceived uint64        // bytes read back
	Errors        uint64        // failed dials, timeouts, resets, wrong echoes
	FirstError    error         // the first of those, or nil

	// Round-trip latency: exact minimum, mean and maximum; P50 and P99 are
	// within 1.6 %.
	Min, Mean, P50, P99, Max time.Duration
}

// Throughput returns bytes moved in both directions (sent plus received) per
// second, in megabytes (10^6 bytes) per second.
func (r BenchResult) Throughput() float64 {
	if r.Elapsed <= 0 {
		return 0
	}
	return float64(r.BytesSent+r.BytesReceived) / r.Elapsed.Seconds() / 1e6
}

// RoundTripsPerSec returns completed round trips (messages echoed) per second.
func (r BenchResult) RoundTripsPerSec() float64 {
	if r.Elapsed <= 0 {
		return 0
	}
	return float64(r.RoundTrips) / r.Elapsed.Seconds()
}

// checkBenchConfig reports a config RunBench would refuse.
func checkBenchConfig(c BenchConfig) error {
	switch {
	case c.Conns > maxBenchConns:
		return fmt.Errorf("at most %d connections, not %d", maxBenchConns, c.Conns)
	case c.Size > maxBenchSize:
		return fmt.Errorf("message size at most %d bytes, not %d", maxBenchSize, c.Size)
	case strings.HasPrefix(c.Network, "udp") && c.Size > maxBenchUDPSize:
		return fmt.Errorf("a UDP message holds at most %d bytes, not %d", maxBenchUDPSize, c.Size)
	case !strings.HasPrefix(c.Network, "tcp") && !strings.HasPrefix(c.Network, "udp"):
		return fmt.Errorf("unknown network %q (want tcp or udp)", c.Network)
	}
	return nil
}

// RunBench dials cfg.Conns connections to an echo server and has each one
// do ping-pong round trips until cfg.Duration has passed, cfg.MaxRoundTrips
// are done or ctx is cancelled. It returns an error only when no connection
// could be made (or cfg is invalid); failures after that are counted in the
// result.
func RunBench(ctx context.Context, cfg BenchConfig) (BenchResult, error) {
	cfg.fill()
	res := BenchResult{Network: cfg.Network, Addr: cfg.Addr, Size: cfg.Size}
	if err := checkBenchConfig(cfg); err != nil {
		return res, err
	}
	b := &benchRun{cfg: cfg}
	conns := b.dialAll(ctx)
	if len(conns) == 0 {
		return res, b.firstErr()
	}
	res.Conns = len(conns)

	// Cancelling ctx closes the sockets so no worker stays blocked.
	stopWatch := make(chan struct{})
	var watch sync.WaitGroup
	watch.Go(func() {
		select {
		case <-ctx.Done():
			b.cancelled.Store(true)
			for _, c := range conns {
				c.Close()
			}
		case <-stopWatch:
		}
	})

	start := time.Now()
	b.end = start.Add(cfg.Duration)
	hists := make([]latencyHist, len(conns))
	var wg sync.WaitGroup
	for i, c := range conns {
		wg.Go(func() {
			defer c.Close()
			if strings.HasPrefix(cfg.Network, "udp") {
				b.pingPongUDP(c, &hists[i])
			} else {
				b.pingPongTCP(c, &hists[i])
			}
		})
	}
	wg.Wait()
	res.Elapsed = time.Since(start)
	close(stopWatch)
	watch.Wait()

	var all latencyHist
	for i := range hists {
		all.merge(&hists[i])
	}
	res.RoundTrips = all.n
	res.BytesSent, res.BytesReceived = b.sent.Load(), b.received.Load()
	res.Errors = b.errors.Load()
	res.FirstError = b.firstErr()
	res.Min, res.Mean, res.Max = all.min, all.mean(), all.max
	res.P50, res.P99 = all.quantile(0.50), all.quantile(0.99)
	return res, nil
}

// benchRun is the shared state of one RunBench.
type benchRun struct {
	cfg       BenchConfig
	end       time.Time
	started   atomic.Uint64 // round trips begun, for MaxRoundTrips
	sent      atomic.Uint64
	received  atomic.Uint64
	errors    atomic.Uint64
	cancelled atomic.Bool

	mu    sync.Mutex
	first error
}

// fail counts err, keeping the first one; failures caused by cancelling the
// run are not counted.
func (b *benchRun) fail(err error) {
	if b.cancelled.Load() {
		return
	}
	b.errors.Add(1)
	b.mu.Lock()
	if b.first == nil {
		b.first = err
	}
	b.mu.Unlock()
}

func (b *benchRun) firstErr() error {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.first
}

// dialAll opens the connections at once, counting the ones that fail.
func (b *benchRun) dialAll(ctx context.Context) []net.Conn {
	conns := make([]net.Conn, b.cfg.Conns)
	var wg sync.WaitGroup
	d := net.Dialer{Timeout: b.cfg.Timeout}
	for i := range conns {
		wg.Go(func() {
			c, err := d.DialContext(ctx, b.cfg.Network, b.cfg.Addr)
			if err != nil {
				b.fail(sockets.ExplainNetError(err))
				return
			}
			conns[i] = c
		})
	}
	wg.Wait()
	ok := conns[:0]
	for _, c := range conns {
		if c != nil {
			ok = append(ok, c)
		}
	}
	return ok
}

// next reports whether another round trip may start.
func (b *benchRun) next() bool {
	if b.cancelled.Load() || !time.Now().Before(b.end) {
		return false
	}
	if max := b.cfg.MaxRoundTrips; max > 0 && b.started.Add(1) > max {
		return false
	}
	return true
}

// newMessage returns a message buffer with a recognisable pattern.
func newMessage(size int) []byte {
	p := make([]byte, size)
	for i := range p {
		p[i] = 'a' + byte(i%26)
	}
	return p
}

// stamp writes seq at the start of msg when there is room, so a late UDP
// echo is told apart from the current one.
func stamp(msg []byte, seq uint64) {
	if len(msg) >= benchSeqHeader {
		binary.BigEndian.PutUint64(msg, seq)
	}
}

// pingPongTCP does round trips on one TCP connection until the run ends or
// the connection fails.
func (b *benchRun) pingPongTCP(c net.Conn, h *latencyHist) {
	out, in := newMessage(b.cfg.Size), make([]byte, b.cfg.Size)
	for seq := uint64(1); b.next(); seq++ {
		stamp(out, seq)
		t0 := time.Now()
		c.SetDeadline(t0.Add(b.cfg.Timeout))
		n, err := c.Write(out)
		b.sent.Add(uint64(n))
		if err != nil {
			b.fail(sockets.ExplainNetError(err))
			return
		}
		n, err = io.ReadFull(c, in)
		b.received.Add(uint64(n))
		if err != nil {
			if errors.Is(err, io.EOF) || errors.Is(err, io.ErrUnexpectedEOF) {
				err = fmt.Errorf("connection closed by the server after %d of %d bytes", n, len(in))
			}
			b.fail(sockets.ExplainNetError(err))
			return
		}
		h.record(time.Since(t0))
		if !bytes.Equal(in, out) {
			b.fail(errors.New("the reply differs from the message sent (is it an echo server?)"))
		}
	}
}

// pingPongUDP does round trips on one UDP socket until the run ends. A lost
// datagram costs one Timeout and an error; late echoes of earlier messages
// are skipped.
func (b *benchRun) pingPongUDP(c net.Conn, h *latencyHist) {
	out, in := newMessage(b.cfg.Size), make([]byte, b.cfg.Size+1)
	for seq := uint64(1); b.next(); seq++ {
		stamp(out, seq)
		t0 := time.Now()
		c.SetDeadline(t0.Add(b.cfg.Timeout))
		n, err := c.Write(out)
		b.sent.Add(uint64(n))
		if err != nil {
			b.fail(sockets.ExplainNetError(err))
			return
		}
		for {
			n, err := c.Read(in)
			if err != nil {
				if errors.Is(err, os.ErrDeadlineExceeded) {
					b.fail(fmt.Errorf("no echo within %v (datagram lost?)", b.cfg.Timeout))
					break
				}
				b.fail(sockets.ExplainNetError(err))
				return
			}
			b.received.Add(uint64(n))
			if n >= benchSeqHeader && len(out) >= benchSeqHeader && binary.BigEndian.Uint64(in) < seq {
				continue // a late echo of an earlier message
			}
			h.record(time.Since(t0))
			if !bytes.Equal(in[:n], out) {
				b.fail(errors.New("the reply differs from the message sent (is it an echo server?)"))
			}
			break
		}
	}
}
