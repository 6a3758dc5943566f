// Package periodbench measures how evenly a periodic sender's datagrams
// arrive, for the benchmarks of a 1 ms period (the engine's SendEvery and a
// panel's button).
package periodbench

import (
	"net"
	"slices"
	"testing"
	"time"
)

// Run, once per b.Loop, calls start to begin sending to pc, reads what
// arrives for run, closes start's stop channel, and reports the median, 5th
// and 95th percentile of the arrival intervals in ms and the datagrams read.
func Run(b *testing.B, pc net.PacketConn, run time.Duration, start func(stop <-chan struct{})) {
	for b.Loop() {
		stop := make(chan struct{})
		go start(stop)
		var at []time.Time
		buf := make([]byte, 64)
		end := time.Now().Add(run)
		for time.Now().Before(end) {
			pc.SetReadDeadline(time.Now().Add(time.Second))
			if _, _, err := pc.ReadFrom(buf); err != nil {
				b.Fatal(err)
			}
			at = append(at, time.Now())
		}
		close(stop)
		gaps := make([]float64, 0, len(at))
		for i := 1; i < len(at); i++ {
			gaps = append(gaps, float64(at[i].Sub(at[i-1]))/1e6)
		}
		slices.Sort(gaps)
		b.ReportMetric(gaps[len(gaps)/2], "median-ms")
		b.ReportMetric(gaps[len(gaps)*5/100], "p5-ms")
		b.ReportMetric(gaps[len(gaps)*95/100], "p95-ms")
		b.ReportMetric(float64(len(at)), "datagrams")
	}
}
