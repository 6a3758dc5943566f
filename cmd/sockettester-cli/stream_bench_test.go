//go:build unix

package main

import (
	"bytes"
	"os"
	"os/exec"
	"path/filepath"
	"testing"
	"time"

	"github.com/sockettester/sockettester/sockets"
	"github.com/sockettester/sockettester/sockets/hist"
)

// streamBenchSize is what BenchmarkSendStdinVsSocat sends: 50 MiB.
const streamBenchSize = 50 << 20

// BenchmarkSendStdinVsSocat times 50 MiB from a file through 'send
// --half-close -' to the engine's echo server and back, against 'socat -
// TCP:ADDR' doing the same, in turn, and reports each one's median time and
// the median over rounds of send/socat (lower is better). Both write what
// comes back to /dev/null; the first round of each is checked byte for byte
// first. Target: send/socat <= 1.1.
//
//	go test -run '^$' -bench SendStdinVsSocat -benchtime 10x ./cmd/sockettester-cli/
func BenchmarkSendStdinVsSocat(b *testing.B) {
	socat, err := exec.LookPath("socat")
	if err != nil {
		b.Skip("socat not installed")
	}
	srv := sockets.NewServer(sockets.ServerConfig{Events: sockets.NewEventQueue(0)})
	if err := srv.Start(); err != nil {
		b.Fatal(err)
	}
	defer srv.Stop()
	addr := srv.Addr().String()
	in := make([]byte, streamBenchSize)
	for i := range in {
		in[i] = byte(i*7 + i>>8 + i>>16)
	}
	file := filepath.Join(b.TempDir(), "in")
	if err := os.WriteFile(file, in, 0o600); err != nil {
		b.Fatal(err)
	}
	tools := []struct {
		name string
		args []string
	}{
		{"socat", []string{socat, "-", "TCP:" + addr}},
		{"send", []string{cli(b), "send", "--tcp", addr, "--half-close", "--wait", "20s", "-"}},
	}
	run := func(args []string, out *os.File) error {
		f, err := os.Open(file)
		if err != nil {
			return err
		}
		defer f.Close()
		cmd := exec.Command(args[0], args[1:]...)
		cmd.Stdin, cmd.Stdout = f, out
		return cmd.Run()
	}
	for _, t := range tools {
		out, err := os.Create(filepath.Join(b.TempDir(), t.name+".out"))
		if err != nil {
			b.Fatal(err)
		}
		if err := run(t.args, out); err != nil {
			b.Fatalf("%s: %v", t.name, err)
		}
		out.Close()
		if got, _ := os.ReadFile(out.Name()); !bytes.Equal(got, in) {
			b.Fatalf("%s brought back %d bytes, not the %d sent", t.name, len(got), len(in))
		}
	}
	devNull, err := os.OpenFile(os.DevNull, os.O_WRONLY, 0)
	if err != nil {
		b.Fatal(err)
	}
	defer devNull.Close()
	times := map[string][]float64{}
	var ratios []float64
	b.ResetTimer()
	for n := 0; n < b.N; n++ {
		for k := range tools {
			t := tools[(n+k)%len(tools)]
			t0 := time.Now()
			if err := run(t.args, devNull); err != nil {
				b.Fatalf("%s: %v", t.name, err)
			}
			times[t.name] = append(times[t.name], time.Since(t0).Seconds())
		}
		ratios = append(ratios, times["send"][n]/times["socat"][n])
	}
	b.StopTimer()
	for _, t := range tools {
		b.ReportMetric(hist.Quantile(times[t.name], 0.5)*1000, t.name+"-ms")
	}
	b.ReportMetric(hist.Quantile(ratios, 0.5), "send/socat")
}
