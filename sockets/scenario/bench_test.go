package scenario

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"net"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/sockettester/sockettester/sockets"
)

// benchPairs is how many send/expect pairs a benchmark scenario has:
// 10,000 steps in all.
const benchPairs = 5000

// benchMessage is what each send sends and each expect expects back.
var benchMessage = []byte("hello, scenario\n")

// benchScenario is benchPairs send/expect pairs against addr.
func benchScenario(tb testing.TB, addr string) *Scenario {
	var b strings.Builder
	fmt.Fprintf(&b, "connect: tcp://%s\ntimeout: 1m\nsteps:\n", addr)
	for range benchPairs {
		fmt.Fprintf(&b, "  - send: %q\n  - expect: %q\n", benchMessage, benchMessage)
	}
	scs, err := Parse("bench", []byte(b.String()))
	if err != nil {
		tb.Fatal(err)
	}
	return scs[0]
}

// benchPlainLoop is the same exchange as a plain Go loop on one
// connection: write, read the reply, compare.
func benchPlainLoop(addr string) error {
	c, err := net.Dial("tcp", addr)
	if err != nil {
		return err
	}
	defer c.Close()
	c.SetDeadline(time.Now().Add(time.Minute))
	buf := make([]byte, len(benchMessage))
	for range benchPairs {
		if _, err := c.Write(benchMessage); err != nil {
			return err
		}
		if _, err := io.ReadFull(c, buf); err != nil {
			return err
		}
		if !bytes.Equal(buf, benchMessage) {
			return fmt.Errorf("got %q", buf)
		}
	}
	return nil
}

// BenchmarkScenarioRatio runs 10,000 send/expect steps against our echo
// server on one connection, and the same writes and reads as a plain Go
// loop, alternating which goes first, and reports the median over rounds
// of the scenario's time over the loop's. One op is one round of both.
// Target: scenario/loop <= 1.2.
func BenchmarkScenarioRatio(b *testing.B) {
	s := sockets.NewServer(sockets.ServerConfig{})
	if err := s.Start(); err != nil {
		b.Fatal(err)
	}
	defer s.Stop()
	addr := s.Addr().String()
	sc := benchScenario(b, addr)
	var ratios []float64
	var scTotal, loopTotal time.Duration
	runScenario := func() time.Duration {
		t0 := time.Now()
		res := Run(context.Background(), sc, Options{})
		d := time.Since(t0)
		if !res.Passed() {
			b.Fatalf("scenario failed: %+v", res.Failed())
		}
		return d
	}
	runLoop := func() time.Duration {
		t0 := time.Now()
		if err := benchPlainLoop(addr); err != nil {
			b.Fatal(err)
		}
		return time.Since(t0)
	}
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		var ds, dl time.Duration
		if i%2 == 0 {
			ds, dl = runScenario(), runLoop()
		} else {
			dl, ds = runLoop(), runScenario()
		}
		scTotal += ds
		loopTotal += dl
		ratios = append(ratios, float64(ds)/float64(dl))
	}
	b.StopTimer()
	slices.Sort(ratios)
	b.ReportMetric(ratios[len(ratios)/2], "scenario/loop")
	b.ReportMetric(float64(scTotal.Microseconds())/float64(b.N)/1000, "scenario-ms")
	b.ReportMetric(float64(loopTotal.Microseconds())/float64(b.N)/1000, "loop-ms")
}
