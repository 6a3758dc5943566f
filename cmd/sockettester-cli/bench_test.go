package main

import (
	"context"
	"encoding/json"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/sockettester/sockettester/sockets"
)

func TestBenchTable(t *testing.T) {
	t.Parallel()
	s := startServe(t, "--tcp", "127.0.0.1:0", "--quiet")
	r := runCLI(t, "", "bench", "--tcp", s.addrs["tcp"], "-c", "2", "-d", "1s")
	if r.code != 0 {
		t.Fatalf("exit %d, stdout %q, stderr %q", r.code, r.stdout, r.stderr)
	}
	for _, row := range []string{"target", "connections", "message size", "duration", "messages", "throughput", "latency p50", "latency p99", "latency max", "errors"} {
		if !regexp.MustCompile(`(?m)^` + row + ` {2,}\S`).MatchString(r.stdout) {
			t.Errorf("no aligned %q row in:\n%s", row, r.stdout)
		}
	}
	m := regexp.MustCompile(`(?m)^throughput +([0-9.]+) MB/s`).FindStringSubmatch(r.stdout)
	if m == nil {
		t.Fatalf("no throughput row in:\n%s", r.stdout)
	}
	if mbps, _ := strconv.ParseFloat(m[1], 64); mbps <= 0 {
		t.Errorf("throughput %s MB/s, want more than 0:\n%s", m[1], r.stdout)
	}
	if !strings.Contains(r.stdout, "connections   2\n") || !strings.Contains(r.stdout, "errors        0\n") {
		t.Errorf("want 2 connections and 0 errors:\n%s", r.stdout)
	}
}

func TestBenchJSON(t *testing.T) {
	t.Parallel()
	s := startServe(t, "--tcp", "127.0.0.1:0", "--udp", "127.0.0.1:0", "--quiet")
	for _, network := range []string{"tcp", "udp"} {
		r := runCLI(t, "", "bench", "--"+network, s.addrs[network], "-c", "2", "-d", "1s", "--size", "100", "--json")
		if r.code != 0 {
			t.Fatalf("%s: exit %d, stdout %q, stderr %q", network, r.code, r.stdout, r.stderr)
		}
		var j benchResultJSON
		if err := json.Unmarshal([]byte(r.stdout), &j); err != nil {
			t.Fatalf("%s: output %q is not JSON: %v", network, r.stdout, err)
		}
		if j.Network != network || j.Addr != s.addrs[network] || j.Connections != 2 || j.Size != 100 {
			t.Errorf("%s: header %+v", network, j)
		}
		if j.Messages == 0 || j.MBPerSec <= 0 || j.MessagesPerSec <= 0 {
			t.Errorf("%s: no traffic measured: %+v", network, j)
		}
		// Every completed round trip moved exactly --size bytes each way;
		// the counters may also hold one cut-short message per connection.
		if j.BytesReceived < j.Messages*100 || j.BytesSent < j.BytesReceived {
			t.Errorf("%s: %d messages but %d bytes sent, %d received", network, j.Messages, j.BytesSent, j.BytesReceived)
		}
		if !(j.MinUs <= j.P50Us && j.P50Us <= j.P99Us && j.P99Us <= j.MaxUs) || j.MinUs <= 0 {
			t.Errorf("%s: latencies out of order: min %v p50 %v p99 %v max %v", network, j.MinUs, j.P50Us, j.P99Us, j.MaxUs)
		}
	}
}

func TestBenchFailures(t *testing.T) {
	t.Parallel()
	sink := startServe(t, "--tcp", "127.0.0.1:0", "--quiet", "--mode", "sink")
	tests := []struct {
		name string
		args []string
		code int
		want string
	}{
		{"refused", []string{"--tcp", closedPort(t), "-d", "1s"}, 1, "connection refused"},
		{"sink never echoes", []string{"--tcp", sink.addrs["tcp"], "-c", "1", "-d", "100ms", "--timeout", "300ms"}, 1, "no round trip completed"},
		{"no address", []string{"-d", "1s"}, 2, "missing --tcp ADDR"},
		{"bad port", []string{"--tcp", "127.0.0.1:65536"}, 2, `invalid port "65536"`},
		{"zero conns", []string{"--tcp", "127.0.0.1:9", "-c", "0"}, 2, "-c must be at least 1"},
		{"too big for UDP", []string{"--udp", "127.0.0.1:9", "--size", "70000"}, 2, "at most 65507 bytes"},
		{"argument", []string{"--tcp", "127.0.0.1:9", "extra"}, 2, `unexpected argument "extra"`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			r := runCLI(t, "", append([]string{"bench"}, tt.args...)...)
			if r.code != tt.code || !strings.Contains(r.stderr, tt.want) || strings.Count(r.stderr, "\n") != 1 {
				t.Errorf("bench %q: exit %d, stderr %q; want %d and one line with %q", tt.args, r.code, r.stderr, tt.code, tt.want)
			}
		})
	}
}

// startEngine runs an engine server in-process for RunBench tests.
func startEngine(t *testing.T, cfg sockets.ServerConfig) string {
	t.Helper()
	s := sockets.NewServer(cfg)
	if err := s.Start(); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { s.Stop() })
	return s.Addr().String()
}

func TestRunBenchCount(t *testing.T) {
	t.Parallel()
	for _, network := range []string{"tcp", "udp"} {
		t.Run(network, func(t *testing.T) {
			t.Parallel()
			addr := startEngine(t, sockets.ServerConfig{Network: network})
			res, err := RunBench(context.Background(), BenchConfig{
				Network: network, Addr: addr, Conns: 3, Duration: time.Minute, MaxRoundTrips: 200, Size: 10,
			})
			if err != nil {
				t.Fatal(err)
			}
			if res.RoundTrips != 200 || res.BytesSent != 2000 || res.BytesReceived != 2000 {
				t.Errorf("%d round trips, %d B sent, %d B received; want 200, 2000, 2000", res.RoundTrips, res.BytesSent, res.BytesReceived)
			}
			if res.Errors != 0 || res.FirstError != nil || res.Conns != 3 {
				t.Errorf("errors %d (%v), conns %d; want 0 and 3", res.Errors, res.FirstError, res.Conns)
			}
			if res.Elapsed <= 0 || res.Elapsed > 30*time.Second {
				t.Errorf("elapsed %v", res.Elapsed)
			}
			if want := float64(4000) / res.Elapsed.Seconds() / 1e6; res.Throughput() != want {
				t.Errorf("throughput %v, want %v (sent+received bytes per second, in MB)", res.Throughput(), want)
			}
			if !(0 < res.Min && res.Min <= res.P50 && res.P50 <= res.P99 && res.P99 <= res.Max && res.Min <= res.Mean && res.Mean <= res.Max) {
				t.Errorf("latencies out of order: %+v", res)
			}
		})
	}
}

func TestRunBenchWrongEcho(t *testing.T) {
	t.Parallel()
	addr := startEngine(t, sockets.ServerConfig{Mode: sockets.ModeReply, Reply: []byte("x")})
	res, err := RunBench(context.Background(), BenchConfig{Network: "tcp", Addr: addr, Conns: 1, Duration: time.Minute, MaxRoundTrips: 5, Size: 1})
	if err != nil {
		t.Fatal(err)
	}
	if res.Errors != 5 || res.FirstError == nil || !strings.Contains(res.FirstError.Error(), "differs") {
		t.Errorf("errors %d (%v), want 5 saying the reply differs", res.Errors, res.FirstError)
	}
}

func TestRunBenchUDPLoss(t *testing.T) {
	t.Parallel()
	addr := startEngine(t, sockets.ServerConfig{Network: "udp", Mode: sockets.ModeSilent})
	res, err := RunBench(context.Background(), BenchConfig{Network: "udp", Addr: addr, Conns: 2, Duration: 150 * time.Millisecond, Timeout: 100 * time.Millisecond})
	if err != nil {
		t.Fatal(err)
	}
	if res.RoundTrips != 0 || res.Errors < 2 || !strings.Contains(res.FirstError.Error(), "no echo within 100ms") {
		t.Errorf("round trips %d, errors %d (%v); want 0 and a timeout per lost datagram", res.RoundTrips, res.Errors, res.FirstError)
	}
}

func TestRunBenchCancel(t *testing.T) {
	t.Parallel()
	addr := startEngine(t, sockets.ServerConfig{})
	ctx, cancel := context.WithTimeout(context.Background(), 200*time.Millisecond)
	defer cancel()
	start := time.Now()
	res, err := RunBench(ctx, BenchConfig{Network: "tcp", Addr: addr, Conns: 2, Duration: time.Minute})
	if err != nil {
		t.Fatal(err)
	}
	if d := time.Since(start); d > 10*time.Second {
		t.Errorf("took %v after cancel", d)
	}
	if res.Errors != 0 {
		t.Errorf("%d errors (%v); cancelling is not an error", res.Errors, res.FirstError)
	}
}

func TestRunBenchRefused(t *testing.T) {
	t.Parallel()
	_, err := RunBench(context.Background(), BenchConfig{Network: "tcp", Addr: closedPort(t), Conns: 2})
	if err == nil || !strings.Contains(err.Error(), "nothing is listening") {
		t.Errorf("err %v, want connection refused with a hint", err)
	}
}
