package bench

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net"
	"strings"
	"testing"
	"time"

	"go.uber.org/goleak"

	"github.com/sockettester/sockettester/sockets"
)

// TestMain fails the run if any test leaves a goroutine behind.
func TestMain(m *testing.M) { goleak.VerifyTestMain(m) }

// loopbacks are the hosts the tests listen on; ::1 only where it exists.
func loopbacks(t *testing.T) []string {
	t.Helper()
	hosts := []string{"127.0.0.1"}
	if ln, err := net.Listen("tcp6", "[::1]:0"); err == nil {
		ln.Close()
		hosts = append(hosts, "[::1]")
	} else {
		t.Logf("no IPv6 loopback: %v", err)
	}
	return hosts
}

// startServer runs an engine server on 127.0.0.1 (unless cfg.Addr says
// otherwise) until the test ends and returns its address.
func startServer(t *testing.T, cfg sockets.ServerConfig) string {
	t.Helper()
	if cfg.Addr == "" {
		cfg.Addr = "127.0.0.1:0"
	}
	s := sockets.NewServer(cfg)
	if err := s.Start(); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { s.Stop() })
	return s.Addr().String()
}

// closedPort returns a loopback address where nothing listens on network:
// one that was just bound and closed.
func closedPort(t *testing.T, network string) string {
	t.Helper()
	if network == "udp" {
		pc, err := net.ListenPacket("udp", "127.0.0.1:0")
		if err != nil {
			t.Fatal(err)
		}
		defer pc.Close()
		return pc.LocalAddr().String()
	}
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer ln.Close()
	return ln.Addr().String()
}

// serveOne listens on 127.0.0.1 for TCP, has handle serve the first
// connection (with a deadline set) and then closes it; served is closed
// when that is done.
func serveOne(t *testing.T, handle func(net.Conn)) (addr string, served <-chan struct{}) {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { ln.Close() })
	done := make(chan struct{})
	go func() {
		defer close(done)
		c, err := ln.Accept()
		if err != nil {
			return
		}
		defer c.Close()
		c.SetDeadline(time.Now().Add(30 * time.Second))
		handle(c)
	}()
	return ln.Addr().String(), done
}

func run(t *testing.T, cfg Config) Result {
	t.Helper()
	res, err := Run(context.Background(), cfg)
	if err != nil {
		t.Fatalf("Run(%+v): %v", cfg, err)
	}
	return res
}

func TestRunCountsExactly(t *testing.T) {
	t.Parallel()
	tests := []struct {
		network    string
		size       int
		roundTrips uint64
	}{
		{"tcp", 1, 200},
		{"tcp", 10, 200},
		{"tcp", 64, 200},
		{"tcp", 300_000, 20}, // each echo arrives in several chunks
		{"udp", 1, 200},
		{"udp", 64, 200},
		{"udp", 60_000, 20},
	}
	for _, host := range loopbacks(t) {
		for _, tt := range tests {
			t.Run(fmt.Sprintf("%s/%s/%dB", tt.network, host, tt.size), func(t *testing.T) {
				t.Parallel()
				addr := startServer(t, sockets.ServerConfig{Network: tt.network, Addr: host + ":0"})
				res := run(t, Config{Network: tt.network, Addr: addr, Conns: 3, Duration: time.Hour, MaxRoundTrips: tt.roundTrips, Size: tt.size})
				want := tt.roundTrips * uint64(tt.size)
				if res.RoundTrips != tt.roundTrips || res.BytesSent != want || res.BytesReceived != want {
					t.Errorf("%d round trips, %d B sent, %d B received; want %d, %d, %d",
						res.RoundTrips, res.BytesSent, res.BytesReceived, tt.roundTrips, want, want)
				}
				if res.Errors != 0 || res.FirstError != nil || res.Conns != 3 {
					t.Errorf("errors %d (%v), conns %d; want 0 and 3", res.Errors, res.FirstError, res.Conns)
				}
				if res.Network != tt.network || res.Addr != addr || res.Size != tt.size || res.Elapsed <= 0 {
					t.Errorf("header %+v", res)
				}
				if want := float64(2*want) / res.Elapsed.Seconds() / 1e6; res.Throughput() != want {
					t.Errorf("throughput %v, want %v (sent+received bytes per second, in MB)", res.Throughput(), want)
				}
				if want := float64(tt.roundTrips) / res.Elapsed.Seconds(); res.RoundTripsPerSec() != want {
					t.Errorf("round trips per second %v, want %v", res.RoundTripsPerSec(), want)
				}
				if !(0 < res.Min && res.Min <= res.P50 && res.P50 <= res.P99 && res.P99 <= res.Max && res.Min <= res.Mean && res.Mean <= res.Max) {
					t.Errorf("latencies out of order: %+v", res)
				}
			})
		}
	}
}

// TestRunDefaults runs with only the target given: 8 connections of 64-byte
// messages (the duration is cut short by MaxRoundTrips).
func TestRunDefaults(t *testing.T) {
	t.Parallel()
	addr := startServer(t, sockets.ServerConfig{})
	res := run(t, Config{Network: "tcp", Addr: addr, MaxRoundTrips: 80})
	if res.Conns != DefaultConns || res.Size != DefaultSize || res.RoundTrips != 80 || res.BytesSent != 80*DefaultSize {
		t.Errorf("conns %d, size %d, %d round trips, %d B sent; want %d, %d, 80, %d",
			res.Conns, res.Size, res.RoundTrips, res.BytesSent, DefaultConns, DefaultSize, 80*DefaultSize)
	}
}

// TestRunWrongEcho: a server that answers every message with other bytes
// (a reply server) completes no round trip; the error says what it sent.
// Over UDP each answer is an error and the next message goes; over TCP the
// connection waits for the echo until its timeout, then ends.
func TestRunWrongEcho(t *testing.T) {
	t.Parallel()
	tests := []struct {
		network            string
		size               int
		wantErrors, wantIn uint64
		wantText           string
	}{
		{"udp", 1, 5, 5 * 3, `the server answers with other bytes: "OK\n" (3 B) to the 1 B sent, not their echo (is it in reply mode? bench needs an echo server)`},
		{"udp", 64, 5, 5 * 3, `the server answers with other bytes: "OK\n" (3 B) to the 64 B sent, not their echo (is it in reply mode? bench needs an echo server)`},
		{"tcp", 3, 1, 3, `the server answers with other bytes: "OK\n" (3 B) to the 3 B sent, not their echo (is it in reply mode? bench needs an echo server)`},
		{"tcp", 64, 1, 3, `the server answers with other bytes: "OK\n" (3 B) to the 64 B sent, not their echo (is it in reply mode? bench needs an echo server)`},
	}
	for _, tt := range tests {
		t.Run(fmt.Sprintf("%s/%dB", tt.network, tt.size), func(t *testing.T) {
			t.Parallel()
			addr := startServer(t, sockets.ServerConfig{Network: tt.network, Mode: sockets.ModeReply, Reply: []byte("OK\n")})
			res := run(t, Config{Network: tt.network, Addr: addr, Conns: 1, Duration: time.Hour, MaxRoundTrips: 5, Size: tt.size, Timeout: 200 * time.Millisecond})
			if res.RoundTrips != 0 || res.Errors != tt.wantErrors || res.FirstError == nil || res.FirstError.Error() != tt.wantText {
				t.Errorf("%d round trips, %d errors (%v); want 0 and %d, the first %q", res.RoundTrips, res.Errors, res.FirstError, tt.wantErrors, tt.wantText)
			}
			if res.BytesReceived != tt.wantIn {
				t.Errorf("%d B received; want %d", res.BytesReceived, tt.wantIn)
			}
		})
	}
}

// TestRunWrongLength: a UDP reply of another length is a wrong echo too,
// even when it starts like the message.
func TestRunWrongLength(t *testing.T) {
	t.Parallel()
	reply := newMessage(20)
	reply[7] = 1 // sequence number 1: the first message's
	addr := startServer(t, sockets.ServerConfig{Network: "udp", Mode: sockets.ModeReply, Reply: reply})
	res := run(t, Config{Network: "udp", Addr: addr, Conns: 1, Duration: time.Hour, MaxRoundTrips: 1, Size: 16})
	if res.RoundTrips != 0 || res.Errors != 1 || res.FirstError == nil || !strings.Contains(res.FirstError.Error(), "other bytes") {
		t.Errorf("%d round trips, %d errors (%v); want 0 and 1 saying the server answers with other bytes", res.RoundTrips, res.Errors, res.FirstError)
	}
}

// TestRunPartialEcho: a TCP server that echoes only part of a message is
// told apart from a silent one.
func TestRunPartialEcho(t *testing.T) {
	t.Parallel()
	addr, _ := serveOne(t, func(c net.Conn) {
		b := make([]byte, 10)
		io.ReadFull(c, b)
		c.Write(b[:4])
		io.ReadFull(c, b[:1]) // until the client gives up
	})
	res := run(t, Config{Network: "tcp", Addr: addr, Conns: 1, Duration: time.Hour, Size: 10, Timeout: 100 * time.Millisecond})
	want := "no echo within 100ms: only 4 of the 10 B sent came back"
	if res.RoundTrips != 0 || res.Errors != 1 || res.FirstError == nil || res.FirstError.Error() != want {
		t.Errorf("%d round trips, %d errors (%v); want 0 and 1: %q", res.RoundTrips, res.Errors, res.FirstError, want)
	}
}

// TestRunSilent: with no echo, a UDP round trip times out as a lost
// datagram and the socket goes on; a TCP one ends its connection.
func TestRunSilent(t *testing.T) {
	t.Parallel()
	tests := []struct {
		network    string
		wantErrors uint64
		wantSent   uint64
		wantText   string
	}{
		{"udp", 6, 6 * 32, "no echo within 50ms (datagram lost?)"},
		{"tcp", 2, 2 * 32, "no echo within 50ms: nothing came back (a silent server?)"}, // one per connection, then it ends
	}
	for _, tt := range tests {
		t.Run(tt.network, func(t *testing.T) {
			t.Parallel()
			addr := startServer(t, sockets.ServerConfig{Network: tt.network, Mode: sockets.ModeSilent})
			res := run(t, Config{Network: tt.network, Addr: addr, Conns: 2, Duration: time.Hour, MaxRoundTrips: 6, Size: 32, Timeout: 50 * time.Millisecond})
			if res.RoundTrips != 0 || res.Errors != tt.wantErrors || res.FirstError == nil || res.FirstError.Error() != tt.wantText {
				t.Errorf("%d round trips, %d errors (%v); want 0 and %d, the first %q", res.RoundTrips, res.Errors, res.FirstError, tt.wantErrors, tt.wantText)
			}
			if res.BytesSent != tt.wantSent || res.BytesReceived != 0 {
				t.Errorf("%d B sent, %d B received; want %d and 0", res.BytesSent, res.BytesReceived, tt.wantSent)
			}
		})
	}
}

// TestRunLateUDPEcho: an echo that arrives after its round trip timed out
// is skipped by the sequence number, not taken for the next message's.
func TestRunLateUDPEcho(t *testing.T) {
	t.Parallel()
	pc, err := net.ListenPacket("udp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer pc.Close()
	// Hold the first datagram back and echo it together with the second.
	served := make(chan error, 1)
	go func() {
		buf := make([]byte, 100)
		var held []byte
		for i := 0; i < 3; i++ {
			pc.SetDeadline(time.Now().Add(30 * time.Second))
			n, from, err := pc.ReadFrom(buf)
			if err != nil {
				served <- err
				return
			}
			if i == 0 {
				held = append(held, buf[:n]...)
				continue
			}
			if held != nil {
				pc.WriteTo(held, from)
				held = nil
			}
			pc.WriteTo(buf[:n], from)
		}
		served <- nil
	}()
	res := run(t, Config{Network: "udp", Addr: pc.LocalAddr().String(), Conns: 1, Duration: time.Hour, MaxRoundTrips: 3, Size: 16, Timeout: time.Second})
	if err := <-served; err != nil {
		t.Fatal(err)
	}
	if res.RoundTrips != 2 || res.Errors != 1 || !strings.Contains(res.FirstError.Error(), "datagram lost") {
		t.Errorf("%d round trips, %d errors (%v); want 2 and 1 lost datagram", res.RoundTrips, res.Errors, res.FirstError)
	}
	if res.BytesSent != 48 || res.BytesReceived != 48 {
		t.Errorf("%d B sent, %d B received; want 48 and 48 (the late echo counts as received)", res.BytesSent, res.BytesReceived)
	}
}

// TestRunServerCloses: a TCP server that hangs up ends the connection with
// a clear error.
func TestRunServerCloses(t *testing.T) {
	t.Parallel()
	addr, _ := serveOne(t, func(c net.Conn) {
		// Read the message first: closing with it unread would reset the
		// connection rather than end it.
		io.ReadFull(c, make([]byte, 10))
		c.Write([]byte("abc")) // 3 of 10 bytes, then hang up
	})
	res := run(t, Config{Network: "tcp", Addr: addr, Conns: 1, Duration: time.Hour, Size: 10})
	want := "connection closed by the server after 3 of 10 bytes"
	if res.RoundTrips != 0 || res.Errors != 1 || res.FirstError == nil || res.FirstError.Error() != want {
		t.Errorf("%d round trips, %d errors (%v); want 0 and 1: %q", res.RoundTrips, res.Errors, res.FirstError, want)
	}
}

func TestRunRefused(t *testing.T) {
	t.Parallel()
	t.Run("tcp", func(t *testing.T) {
		t.Parallel()
		res, err := Run(context.Background(), Config{Network: "tcp", Addr: closedPort(t, "tcp"), Conns: 2})
		if err == nil || !strings.Contains(err.Error(), "connection refused (nothing is listening on that port)") {
			t.Errorf("err %v, want connection refused with a hint", err)
		}
		if res.Conns != 0 || res.RoundTrips != 0 {
			t.Errorf("%+v; want no connections", res)
		}
	})
	// A UDP socket opens without the server; the ICMP answer to the first
	// datagram ends each connection.
	t.Run("udp", func(t *testing.T) {
		t.Parallel()
		res := run(t, Config{Network: "udp", Addr: closedPort(t, "udp"), Conns: 2, Duration: time.Hour, Timeout: time.Hour})
		if res.Conns != 2 || res.RoundTrips != 0 || res.Errors != 2 ||
			res.FirstError == nil || !strings.Contains(res.FirstError.Error(), "connection refused (no UDP server answered on that port)") {
			t.Errorf("conns %d, %d round trips, %d errors (%v); want 2, 0, 2 connection refused", res.Conns, res.RoundTrips, res.Errors, res.FirstError)
		}
	})
}

func TestRunBadConfig(t *testing.T) {
	t.Parallel()
	tests := []struct {
		cfg  Config
		want string
	}{
		{Config{Network: "sctp", Addr: "127.0.0.1:9"}, `unknown network "sctp"`},
		{Config{Network: "tcp", Addr: "127.0.0.1:9", Conns: MaxConns + 1}, "at most 10000 connections"},
		{Config{Network: "tcp", Addr: "127.0.0.1:9", Size: MaxSize + 1}, "message size at most 16777216 bytes"},
		{Config{Network: "udp", Addr: "127.0.0.1:9", Size: MaxUDPSize + 1}, "a UDP message holds at most 65507 bytes, not 65508"},
	}
	for _, tt := range tests {
		if err := tt.cfg.Check(); err == nil || !strings.Contains(err.Error(), tt.want) {
			t.Errorf("Check(%+v) = %v; want %q", tt.cfg, err, tt.want)
		}
		if _, err := Run(context.Background(), tt.cfg); err == nil || !strings.Contains(err.Error(), tt.want) {
			t.Errorf("Run(%+v) = %v; want %q", tt.cfg, err, tt.want)
		}
	}
	if err := (Config{Network: "udp6", Size: MaxUDPSize, Conns: MaxConns}).Check(); err != nil {
		t.Errorf("the limits themselves are refused: %v", err)
	}
}

// TestRunCancel cancels once the server has received the first bytes: the
// run stops without waiting for Duration or Timeout, and cancelling is
// not an error.
func TestRunCancel(t *testing.T) {
	t.Parallel()
	for _, mode := range []sockets.Mode{sockets.ModeEcho, sockets.ModeSilent} {
		for _, network := range []string{"tcp", "udp"} {
			t.Run(network+"/"+mode.String(), func(t *testing.T) {
				t.Parallel()
				q := sockets.NewEventQueue(64)
				addr := startServer(t, sockets.ServerConfig{Network: network, Mode: mode, Events: q})
				ctx, cancel := context.WithCancel(context.Background())
				defer cancel()
				go func() {
					for e := range q.Events() {
						if e.Kind == sockets.KindReceived {
							cancel()
							return
						}
					}
				}()
				res, err := Run(ctx, Config{Network: network, Addr: addr, Conns: 2, Duration: time.Hour, Timeout: time.Hour})
				if err != nil {
					t.Fatal(err)
				}
				if res.Errors != 0 || res.Conns != 2 || res.BytesSent == 0 {
					t.Errorf("%d errors (%v), conns %d, %d B sent; want 0 errors, 2 connections, some bytes", res.Errors, res.FirstError, res.Conns, res.BytesSent)
				}
			})
		}
	}
}

func TestRunCancelledBeforeDial(t *testing.T) {
	t.Parallel()
	addr := startServer(t, sockets.ServerConfig{})
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	res, err := Run(ctx, Config{Network: "tcp", Addr: addr, Conns: 2})
	if !errors.Is(err, context.Canceled) || res.Conns != 0 {
		t.Errorf("err %v, conns %d; want context.Canceled and none", err, res.Conns)
	}
}

// TestRunServerSpeaksFirst: bytes that come before any message was sent (a
// banner) are one wrong reply, whether they arrive before the first send or
// after it.
func TestRunServerSpeaksFirst(t *testing.T) {
	t.Parallel()
	addr, served := serveOne(t, func(c net.Conn) {
		c.Write([]byte("hello"))
		io.Copy(c, c)
	})
	res := run(t, Config{Network: "tcp", Addr: addr, Conns: 1, Duration: time.Hour, MaxRoundTrips: 3, Size: 5})
	<-served
	if res.RoundTrips != 3 || res.Errors != 1 || res.FirstError == nil || !strings.Contains(res.FirstError.Error(), `other bytes: "hello" (5 B)`) {
		t.Errorf("%d round trips, %d errors (%v); want 3 and 1 saying the server answers with other bytes", res.RoundTrips, res.Errors, res.FirstError)
	}
}
