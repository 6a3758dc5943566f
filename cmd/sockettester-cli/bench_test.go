package main

import (
	"encoding/json"
	"maps"
	"net"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/sockettester/sockettester/sockets/bench"
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
		var fields map[string]any
		if err := json.Unmarshal([]byte(r.stdout), &fields); err != nil {
			t.Fatalf("%s: output %q is not JSON: %v", network, r.stdout, err)
		}
		// Scripts read these names: they may be added to, never changed.
		want := []string{"network", "addr", "connections", "size", "elapsed_s", "messages", "messages_per_s",
			"bytes_sent", "bytes_received", "mb_per_s", "latency_min_us", "latency_mean_us", "latency_p50_us",
			"latency_p99_us", "latency_max_us", "errors"}
		if got := slices.Sorted(maps.Keys(fields)); !slices.Equal(got, slices.Sorted(slices.Values(want))) {
			t.Errorf("%s: fields %q, want %q", network, got, want)
		}
		var j bench.Result
		if err := json.Unmarshal([]byte(r.stdout), &j); err != nil {
			t.Fatal(err)
		}
		if j.Network != network || j.Addr != s.addrs[network] || j.Conns != 2 || j.Size != 100 {
			t.Errorf("%s: header %+v", network, j)
		}
		if j.RoundTrips == 0 || fields["mb_per_s"].(float64) <= 0 || fields["messages_per_s"].(float64) <= 0 {
			t.Errorf("%s: no traffic measured: %s", network, r.stdout)
		}
		// Every completed round trip moved exactly --size bytes each way;
		// the counters may also hold one cut-short message per connection.
		if j.BytesReceived < j.RoundTrips*100 || j.BytesSent < j.BytesReceived {
			t.Errorf("%s: %d messages but %d bytes sent, %d received", network, j.RoundTrips, j.BytesSent, j.BytesReceived)
		}
		if !(j.Min <= j.P50 && j.P50 <= j.P99 && j.P99 <= j.Max) || j.Min <= 0 {
			t.Errorf("%s: latencies out of order: min %v p50 %v p99 %v max %v", network, j.Min, j.P50, j.P99, j.Max)
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
		{"udp refused", []string{"--udp", closedUDPPort(t), "-d", "1s"}, 1, "no round trip completed: read udp"},
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

// closedUDPPort returns a loopback UDP port that nothing listens on: one
// that was just bound and closed.
func closedUDPPort(t *testing.T) string {
	t.Helper()
	pc, err := net.ListenPacket("udp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer pc.Close()
	return pc.LocalAddr().String()
}

// TestBenchAgainstReplyServer: a reply server makes no round trips, so the
// bench fails and says the server answers with other bytes.
func TestBenchAgainstReplyServer(t *testing.T) {
	t.Parallel()
	s := startServe(t, "--tcp", "127.0.0.1:0", "--udp", "127.0.0.1:0", "--mode", "reply", "--reply", `OK\n`, "--quiet")
	for _, network := range []string{"udp", "tcp"} {
		r := runCLI(t, "", "bench", "--"+network, s.addrs[network], "-c", "2", "-d", "300ms", "--timeout", "200ms")
		want := `sockettester-cli: no round trip completed: the server answers with other bytes: "OK\n" (3 B) to the 64 B sent, not their echo (is it in reply mode? bench needs an echo server)` + "\n"
		if r.code != 1 || r.stderr != want {
			t.Errorf("%s: exit %d, stderr %q; want 1 and %q", network, r.code, r.stderr, want)
		}
		if !regexp.MustCompile(`(?m)^messages +0\s`).MatchString(r.stdout) {
			t.Errorf("%s: want 0 messages:\n%s", network, r.stdout)
		}
	}
}
