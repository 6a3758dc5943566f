package sockets

import (
	"io"
	"net"
	"slices"
	"strconv"
	"testing"
	"time"

	"github.com/sockettester/sockettester/sockets/conditions"
)

func condBenchRelay(b *testing.B, target string, spec string) *Server {
	set := conditions.NewSet(1)
	c, err := conditions.Parse(spec)
	if err != nil {
		b.Fatal(err)
	}
	set.Add(c)
	return startRelay(b, ServerConfig{Mode: ModeForward, ForwardTo: target, Conditions: set})
}

func medianRoundTrip(b *testing.B, addr string, n int) time.Duration {
	c, err := net.DialTimeout("tcp", addr, testTimeout)
	if err != nil {
		b.Fatal(err)
	}
	defer c.Close()
	c.SetDeadline(time.Now().Add(time.Duration(n)*time.Second + testTimeout))
	buf := make([]byte, 64)
	var rtts []time.Duration
	for range n {
		start := time.Now()
		if _, err := c.Write(buf); err != nil {
			b.Fatal(err)
		}
		if _, err := io.ReadFull(c, buf); err != nil {
			b.Fatal(err)
		}
		rtts = append(rtts, time.Since(start))
	}
	slices.Sort(rtts)
	return rtts[len(rtts)/2]
}

// BenchmarkConditionLatency100ms reports the median round trip added by
// latency=100ms (one way, target → client): the target is +100 ms ± 2 ms.
func BenchmarkConditionLatency100ms(b *testing.B) {
	echo := startServer(b, ServerConfig{})
	r := condBenchRelay(b, echo.Addr().String(), "latency=100ms,dir=down")
	for range b.N {
		direct := medianRoundTrip(b, echo.Addr().String(), 21)
		via := medianRoundTrip(b, r.Addr().String(), 21)
		b.ReportMetric(float64(via-direct)/float64(time.Millisecond), "added-ms")
	}
}

// BenchmarkConditionBandwidth1000 reports the rate measured through
// bandwidth=1000 (KB/s) over 10 s of data (10 MB), in KB/s and as a ratio
// to the rate asked: the target is 1000 ± 5% (ratio 0.95-1.05). It takes
// 10 s per run; `go test` runs no benchmark, so tests are not slowed:
//
//	go test -run '^$' -bench ConditionBandwidth1000 -benchtime 1x ./sockets
func BenchmarkConditionBandwidth1000(b *testing.B) {
	const rate = 1000              // KB/s asked
	const total = 10 * rate * 1000 // bytes: 10 s at that rate
	sink, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		b.Fatal(err)
	}
	defer sink.Close()
	got := make(chan int64, 1)
	go func() {
		c, err := sink.Accept()
		if err != nil {
			got <- -1
			return
		}
		defer c.Close()
		c.SetDeadline(time.Now().Add(time.Minute))
		n, _ := io.Copy(io.Discard, c)
		got <- n
	}()
	r := condBenchRelay(b, sink.Addr().String(), "bandwidth="+strconv.Itoa(rate)+",dir=up")
	c, err := net.DialTimeout("tcp", r.Addr().String(), testTimeout)
	if err != nil {
		b.Fatal(err)
	}
	c.SetDeadline(time.Now().Add(time.Minute))
	start := time.Now()
	if _, err := c.Write(make([]byte, total)); err != nil {
		b.Fatal(err)
	}
	c.(*net.TCPConn).CloseWrite()
	n := <-got
	el := time.Since(start)
	c.Close()
	if n != total {
		b.Fatalf("%d bytes reached the sink; want all %d", n, total)
	}
	kbs := float64(n) / el.Seconds() / 1000
	b.ReportMetric(kbs, "KB/s")
	b.ReportMetric(kbs/rate, "ratio")
	b.Logf("bandwidth %d KB/s: %d bytes in %v = %.1f KB/s, ratio %.4f", rate, n, el.Round(time.Millisecond), kbs, kbs/rate)
}
