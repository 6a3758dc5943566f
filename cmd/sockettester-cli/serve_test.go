package main

import (
	"encoding/json"
	"io"
	"net"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/sockettester/sockettester/internal/nettest"
	"github.com/sockettester/sockettester/sockets"
)

// expect returns send flags that stop as soon as want has arrived, and fail
// if it has not within a long time.
func expect(want string) []string {
	return []string{"--max-bytes", strconv.Itoa(len(want)), "--wait", "20s"}
}

// sendArgs builds a send command line that expects want back.
func sendArgs(network, addr, payload, want string, flags ...string) []string {
	args := append([]string{"send", "--" + network, addr}, expect(want)...)
	return append(append(args, flags...), "--", payload)
}

func TestServeEchoTCP(t *testing.T) {
	t.Parallel()
	s := startServe(t, "--tcp", "127.0.0.1:0")
	addr := s.addrs["tcp"]
	if !strings.HasPrefix(addr, "127.0.0.1:") || strings.HasSuffix(addr, ":0") {
		t.Fatalf("listening on %q, want 127.0.0.1 and a chosen port", addr)
	}
	// send stops at the bytes expected; the server's own count, below,
	// shows that nothing more was echoed.
	r := runCLI(t, "", sendArgs("tcp", addr, `hello\n\0\xff`, "hello\n\x00\xff")...)
	if r.code != 0 || r.stdout != "hello\n\x00\xff" {
		t.Fatalf("send: exit %d, stdout %q, stderr %q; want 0 and the exact bytes sent", r.code, r.stdout, r.stderr)
	}
	if !summaryRE.MatchString(r.stderr) || !strings.HasPrefix(r.stderr, "--- "+addr+" tcp: 1 sent, 1 reply, 0 lost; ") {
		t.Errorf("stderr %q, want the reply summary alone", r.stderr)
	}
	code, out := s.stop()
	if code != 0 {
		t.Errorf("serve exit status %d after SIGINT, want 0", code)
	}
	for _, want := range []string{
		"server connected tcp 127.0.0.1:",
		`server received tcp 127.0.0.1:`,
		` 8B "hello\n\0\xff"`,
		"server stopped tcp " + addr + " served 1 connection; received 8 B; sent 8 B",
	} {
		if !strings.Contains(out, want) {
			t.Errorf("serve output lacks %q:\n%s", want, out)
		}
	}
}

func TestServeBarePortIsLoopback(t *testing.T) {
	t.Parallel()
	s := startServe(t, "--tcp", "0", "--udp", "0")
	for _, network := range []string{"tcp", "udp"} {
		if addr := s.addrs[network]; !strings.HasPrefix(addr, "127.0.0.1:") || strings.HasSuffix(addr, ":0") {
			t.Errorf("%s listening on %q, want 127.0.0.1 and a chosen port", network, addr)
		}
	}
}

func TestServeEchoUDP(t *testing.T) {
	t.Parallel()
	s := startServe(t, "--udp", "127.0.0.1:0")
	r := runCLI(t, "", sendArgs("udp", s.addrs["udp"], "ping", "ping\r\n", "--eol", "crlf")...)
	if r.code != 0 || r.stdout != "ping\r\n" {
		t.Fatalf("send: exit %d, stdout %q, stderr %q; want 0 and \"ping\\r\\n\"", r.code, r.stdout, r.stderr)
	}
}

func TestServeTCPAndUDPAtOnce(t *testing.T) {
	t.Parallel()
	s := startServe(t, "--tcp", "127.0.0.1:0", "--udp", "127.0.0.1:0")
	if !strings.HasPrefix(s.first[0], "listening tcp ") || !strings.HasPrefix(s.first[1], "listening udp ") {
		t.Fatalf("first lines %q, want the tcp then the udp listening line", s.first)
	}
	for _, network := range []string{"tcp", "udp"} {
		r := runCLI(t, "", sendArgs(network, s.addrs[network], network, network)...)
		if r.code != 0 || r.stdout != network {
			t.Errorf("send over %s: exit %d, stdout %q, stderr %q", network, r.code, r.stdout, r.stderr)
		}
	}
}

func TestServeIPv6(t *testing.T) {
	t.Parallel()
	if !nettest.HasIPv6Loopback() {
		t.Skip("no IPv6 loopback")
	}
	s := startServe(t, "--tcp", "[::1]:0", "--udp", "[::1]:0")
	for _, network := range []string{"tcp", "udp"} {
		addr := s.addrs[network]
		if !strings.HasPrefix(addr, "[::1]:") {
			t.Fatalf("%s listening on %q, want [::1]:PORT", network, addr)
		}
		r := runCLI(t, "", sendArgs(network, addr, "v6 "+network, "v6 "+network)...)
		if r.code != 0 || r.stdout != "v6 "+network {
			t.Errorf("send over %s to %s: exit %d, stdout %q, stderr %q", network, addr, r.code, r.stdout, r.stderr)
		}
	}
}

func TestServeReplyMode(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name  string
		flags []string
		want  string
	}{
		{"text implies reply mode", []string{"--reply", `OK\r\n`}, "OK\r\n"},
		{"explicit mode", []string{"--mode", "reply", "--reply", "pong"}, "pong"},
		{"hex", []string{"--mode", "reply", "--hex", "--reply", "de:ad 0x0a"}, "\xde\xad\n"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			s := startServe(t, append([]string{"--tcp", "127.0.0.1:0", "--udp", "127.0.0.1:0"}, tt.flags...)...)
			for _, network := range []string{"tcp", "udp"} {
				r := runCLI(t, "", sendArgs(network, s.addrs[network], "anything", tt.want)...)
				if r.code != 0 || r.stdout != tt.want {
					t.Errorf("%s: exit %d, stdout %q, stderr %q; want 0 and %q", network, r.code, r.stdout, r.stderr, tt.want)
				}
			}
		})
	}
}

func TestServeJSON(t *testing.T) {
	t.Parallel()
	s := startServe(t, "--tcp", "127.0.0.1:0", "--udp", "127.0.0.1:0", "--json")
	for _, network := range []string{"tcp", "udp"} {
		if r := runCLI(t, "", sendArgs(network, s.addrs[network], `a"b\x01`, "1234")...); r.code != 0 {
			t.Fatalf("send over %s: exit %d, stderr %q", network, r.code, r.stderr)
		}
	}
	code, out := s.stop()
	if code != 0 {
		t.Errorf("serve exit status %d, want 0", code)
	}
	lines := append(s.first, strings.Split(strings.TrimSuffix(out, "\n"), "\n")...)
	kinds := map[string]int{}
	for _, line := range lines {
		var m map[string]any
		if err := json.Unmarshal([]byte(line), &m); err != nil {
			t.Fatalf("line %q is not JSON: %v", line, err)
		}
		if _, err := time.Parse(time.RFC3339Nano, m["time"].(string)); err != nil {
			t.Errorf("line %q: time: %v", line, err)
		}
		e, err := sockets.DecodeEvent([]byte(line))
		if err != nil {
			t.Fatalf("line %q is not an event: %v", line, err)
		}
		if e.Side != sockets.SideServer {
			t.Errorf("line %q: side %v, want server", line, e.Side)
		}
		kinds[e.Kind.String()]++
		switch e.Kind {
		case sockets.KindListening:
			if e.Msg != "mode echo" || e.Local != s.addrs[e.Network] {
				t.Errorf("listening line %q: want message \"mode echo\" and local %s", line, s.addrs[e.Network])
			}
		case sockets.KindReceived, sockets.KindSent:
			if m["bytes"] != 4.0 || m["text"] != `a"b\x01` || m["hex"] != "61 22 62 01" || string(e.Data) != "a\"b\x01" {
				t.Errorf("%s line %q: want bytes 4, text a\"b\\x01, hex 61 22 62 01", e.Kind, line)
			}
			if e.Remote == "" || e.Network == "" {
				t.Errorf("%s line %q: want network and remote", e.Kind, line)
			}
		case sockets.KindStopped:
			if !strings.Contains(e.Msg, "received 4 B; sent 4 B") && !strings.Contains(e.Msg, "datagram, 4 B; sent 1 datagram, 4 B") {
				t.Errorf("stopped line %q: want a message counting 4 bytes each way", line)
			}
		}
	}
	want := map[string]int{"listening": 2, "received": 2, "sent": 2, "stopped": 2}
	for k, n := range want {
		if kinds[k] != n {
			t.Errorf("%d %q lines, want %d; all kinds: %v", kinds[k], k, n, kinds)
		}
	}
}

func TestServeQuiet(t *testing.T) {
	t.Parallel()
	s := startServe(t, "--tcp", "127.0.0.1:0", "--quiet")
	if r := runCLI(t, "", sendArgs("tcp", s.addrs["tcp"], "x", "x")...); r.code != 0 {
		t.Fatalf("send: exit %d, stderr %q", r.code, r.stderr)
	}
	code, out := s.stop()
	if code != 0 || out != "" {
		t.Errorf("quiet serve: exit %d, printed %q after the listening line; want 0 and nothing", code, out)
	}
}

// TestServeStopsOnInterrupt checks that SIGINT ends serve cleanly even with
// a client still connected.
func TestServeStopsOnInterrupt(t *testing.T) {
	t.Parallel()
	s := startServe(t, "--tcp", "127.0.0.1:0", "--udp", "127.0.0.1:0")
	c, err := net.DialTimeout("tcp", s.addrs["tcp"], 5*time.Second)
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close()
	c.SetDeadline(time.Now().Add(10 * time.Second))
	if _, err := c.Write([]byte("x")); err != nil {
		t.Fatal(err)
	}
	if _, err := c.Read(make([]byte, 1)); err != nil {
		t.Fatal(err)
	}
	code, out := s.stop()
	if code != 0 {
		t.Errorf("exit status %d, want 0; stderr %q", code, s.stderrText())
	}
	for _, want := range []string{"disconnected tcp 127.0.0.1:", "server stopped", "stopped tcp", "stopped udp"} {
		if !strings.Contains(out, want) {
			t.Errorf("output lacks %q:\n%s", want, out)
		}
	}
	// The connection was closed by the server.
	if _, err := c.Read(make([]byte, 1)); err == nil {
		t.Error("client still connected after serve stopped")
	}
}

func TestServePortInUse(t *testing.T) {
	t.Parallel()
	r := runCLI(t, "", "serve", "--tcp", nettest.Listen(t).Addr().String())
	if r.code != 1 || !strings.Contains(r.stderr, "address already in use") || strings.Count(r.stderr, "\n") != 1 {
		t.Errorf("exit %d, stderr %q; want 1 and one line saying the address is in use", r.code, r.stderr)
	}
}

func TestServeUsageErrors(t *testing.T) {
	t.Parallel()
	tests := []struct {
		args []string
		want string
	}{
		{nil, "nothing to serve"},
		{[]string{"--tcp", "127.0.0.1:65536"}, `invalid port "65536"`},
		{[]string{"--tcp", ""}, "missing address"},
		{[]string{"--udp", "::1:9000"}, "brackets"},
		{[]string{"--tcp", "127.0.0.1:0", "--mode", "loud"}, "unknown mode"},
		{[]string{"--tcp", "127.0.0.1:0", "--mode", "reply"}, "needs a non-empty --reply"},
		{[]string{"--tcp", "127.0.0.1:0", "--mode", "sink", "--reply", "x"}, "--reply needs --mode reply"},
		{[]string{"--tcp", "127.0.0.1:0", "--hex", "--reply", "zz"}, `invalid --reply hex: invalid hex digit "z" at position 0`},
		{[]string{"--tcp", "127.0.0.1:0", "--max-clients", "0"}, "--max-clients"},
		{[]string{"--tcp", "127.0.0.1:0", "--json", "--quiet"}, "together"},
		{[]string{"--tcp", "127.0.0.1:0", "--chat-prefix"}, "--chat-prefix needs --mode chat, not echo"},
		{[]string{"--tcp", "127.0.0.1:0", "extra"}, `unexpected argument "extra"`},
		{[]string{"--bogus"}, "unknown flag --bogus"},
	}
	for _, tt := range tests {
		t.Run(tt.want, func(t *testing.T) {
			t.Parallel()
			r := runCLI(t, "", append([]string{"serve"}, tt.args...)...)
			first, _, _ := strings.Cut(r.stderr, "\n")
			if r.code != 2 || !strings.HasPrefix(first, "sockettester-cli: ") || !strings.Contains(first, tt.want) {
				t.Errorf("serve %q: exit %d, stderr %q; want 2 and a first line with %q", tt.args, r.code, r.stderr, tt.want)
			}
		})
	}
}

// TestServeChat: two plain clients talk through serve --mode chat; each gets
// the other's message, with the sender's address in front, and not its own.
func TestServeChat(t *testing.T) {
	t.Parallel()
	for _, network := range []string{"tcp", "udp"} {
		t.Run(network, func(t *testing.T) {
			t.Parallel()
			s := startServe(t, "--"+network, "127.0.0.1:0", "--mode", "chat", "--chat-prefix")
			a, b := dialDeadline(t, network, s.addrs[network]), dialDeadline(t, network, s.addrs[network])
			if network == "udp" {
				// A UDP client is known once it has sent; b's hello reaches a.
				a.Write([]byte("hello from a\n"))
				b.Write([]byte("hello from b\n"))
				readExactly(t, a, "["+b.LocalAddr().String()+"] hello from b\n")
			} else {
				// a was accepted before b: the one accept loop takes them in turn.
				b.Write([]byte("hello from b\n"))
				readExactly(t, a, "["+b.LocalAddr().String()+"] hello from b\n")
			}
			a.Write([]byte("hi b\n"))
			readExactly(t, b, "["+a.LocalAddr().String()+"] hi b\n")
			code, out := s.stop()
			if code != 0 || !strings.Contains(out, "passed to 1 client") {
				t.Fatalf("serve exit %d, output:\n%s\nwant exit 0 and \"passed to 1 client\"", code, out)
			}
		})
	}
}

// dialDeadline connects to addr with a deadline on every read and write.
func dialDeadline(t *testing.T, network, addr string) net.Conn {
	t.Helper()
	c, err := net.DialTimeout(network, addr, waitDeadline)
	if err != nil {
		t.Fatal(err)
	}
	c.SetDeadline(time.Now().Add(waitDeadline))
	t.Cleanup(func() { c.Close() })
	return c
}

// readExactly reads len(want) bytes from c (one datagram over UDP) and
// checks they are want.
func readExactly(t *testing.T, c net.Conn, want string) {
	t.Helper()
	got := make([]byte, len(want)+1)
	n := 0
	if _, udp := c.(*net.UDPConn); udp {
		n, _ = c.Read(got)
	} else {
		n, _ = io.ReadFull(c, got[:len(want)])
	}
	if string(got[:n]) != want {
		t.Fatalf("read %q; want %q", got[:n], want)
	}
}
