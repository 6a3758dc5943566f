package bench

import (
	"bytes"
	"context"
	"fmt"
	"net"
	"testing"
	"time"

	"github.com/sockettester/sockettester/sockets"
	"github.com/sockettester/sockettester/sockets/hist"
)

// benchRoundTrips is the round trips in one round of BenchmarkRunVsRaw.
const benchRoundTrips = 1000

// BenchmarkRunVsRaw measures what going through sockets.Client costs: one
// op is a round of 1000 ping-pongs of 64 bytes on one connection to the
// engine's echo server (127.0.0.1, events off), done once by Run and once
// by a raw net.Conn writing and reading in one goroutine, in turn. It
// reports each one's mean round trip (rt-ns:run, rt-ns:raw) and the median
// over rounds of Run's mean and p50 over raw's (run/raw, p50:run/raw;
// 1.10 means a round trip through Run takes 10 % longer). Run's figure
// excludes its dial but includes starting its goroutines.
func BenchmarkRunVsRaw(b *testing.B) {
	for _, network := range []string{"tcp", "udp"} {
		b.Run(network, func(b *testing.B) {
			s := sockets.NewServer(sockets.ServerConfig{Network: network, Addr: "127.0.0.1:0"})
			if err := s.Start(); err != nil {
				b.Fatal(err)
			}
			defer s.Stop()
			addr := s.Addr().String()
			raw, err := net.DialTimeout(network, addr, 5*time.Second)
			if err != nil {
				b.Fatal(err)
			}
			defer raw.Close()
			cfg := Config{Network: network, Addr: addr, Conns: 1, Duration: time.Hour, MaxRoundTrips: benchRoundTrips, Size: 64, Timeout: 5 * time.Second}

			var runMean, rawMean, runP50, rawP50 []float64
			b.ResetTimer()
			for i := range b.N {
				for k := range 2 {
					if (i+k)%2 == 0 {
						res, err := Run(context.Background(), cfg)
						if err != nil || res.RoundTrips != benchRoundTrips || res.Errors != 0 {
							b.Fatalf("Run: %v, %d round trips, %d errors (%v)", err, res.RoundTrips, res.Errors, res.FirstError)
						}
						runMean = append(runMean, float64(res.Elapsed)/benchRoundTrips)
						runP50 = append(runP50, float64(res.P50))
						continue
					}
					var h hist.Histogram
					t0 := time.Now()
					if err := rawPingPong(raw, cfg.Size, &h); err != nil {
						b.Fatal(err)
					}
					rawMean = append(rawMean, float64(time.Since(t0))/benchRoundTrips)
					rawP50 = append(rawP50, float64(h.Quantile(0.5)))
				}
			}
			b.StopTimer()
			b.ReportMetric(mean(runMean), "rt-ns:run")
			b.ReportMetric(mean(rawMean), "rt-ns:raw")
			b.ReportMetric(hist.Quantile(ratios(runMean, rawMean), 0.5), "run/raw")
			b.ReportMetric(hist.Quantile(ratios(runP50, rawP50), 0.5), "p50:run/raw")
		})
	}
}

// rawPingPong does benchRoundTrips round trips of size bytes on c, the
// plainest way: write, read it all back in the same goroutine, compare.
func rawPingPong(c net.Conn, size int, h *hist.Histogram) error {
	msg, buf := newMessage(size), make([]byte, size)
	c.SetDeadline(time.Now().Add(time.Minute))
	for range benchRoundTrips {
		t0 := time.Now()
		if _, err := c.Write(msg); err != nil {
			return fmt.Errorf("write: %w", err)
		}
		for got := 0; got < size; {
			n, err := c.Read(buf[got:])
			if err != nil {
				return fmt.Errorf("read: %w", err)
			}
			got += n
		}
		h.Record(time.Since(t0))
		if !bytes.Equal(buf, msg) {
			return fmt.Errorf("echo %q, want %q", buf, msg)
		}
	}
	return nil
}

func mean(v []float64) float64 {
	var sum float64
	for _, x := range v {
		sum += x
	}
	return sum / float64(len(v))
}

// ratios returns num[i]/den[i].
func ratios(num, den []float64) []float64 {
	r := make([]float64, len(num))
	for i := range num {
		r[i] = num[i] / den[i]
	}
	return r
}
