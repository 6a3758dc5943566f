package main

import (
	"bufio"
	"bytes"
	"context"
	"io"
	"net"
	"os/exec"
	"strconv"
	"strings"
	"testing"

	"github.com/sockettester/sockettester/internal/nettest"
)

// upperAtEOFServer answers like socat's EXEC:'tr a-z A-Z': it reads until
// end of stream, then writes what it read in upper case and hangs up.
func upperAtEOFServer(t *testing.T) string {
	t.Helper()
	return loopbackServer(t, func(c net.Conn) {
		if b, err := io.ReadAll(c); err == nil {
			c.Write(bytes.ToUpper(b))
		}
	})
}

func TestSendHalfClose(t *testing.T) {
	t.Parallel()
	addr := upperAtEOFServer(t)
	r := runCLI(t, "", "send", "--tcp", addr, "--half-close", "--wait", "20s", `hello\n`)
	if r.code != 0 || r.stdout != "HELLO\n" || !summaryRE.MatchString(r.stderr) {
		t.Errorf("--half-close: exit %d, stdout %q, stderr %q; want 0, HELLO and the summary", r.code, r.stdout, r.stderr)
	}
	// Without it, such a server never answers.
	r = runCLI(t, "", "send", "--tcp", addr, "--wait", "300ms", `hello\n`)
	if r.code != 1 || !strings.Contains(r.stderr, "no reply from "+addr) {
		t.Errorf("without --half-close: exit %d, stderr %q; want 1 and no reply", r.code, r.stderr)
	}
	// Through stdin, over TLS to our echo server, which half-closes back.
	s, pem, _ := startTLSServe(t)
	r = runCLI(t, "line one\nline two\n", "send", "--tcp", s.addrs["tcp"], "--tls", "--ca", pem, "--half-close", "--wait", "20s", "-")
	if r.code != 0 || r.stdout != "line one\nline two\n" {
		t.Errorf("stdin over TLS with --half-close: exit %d, stdout %q, stderr %q", r.code, r.stdout, r.stderr)
	}
}

// TestSendStdinHalfClosesAtEnd: like ncat, send - ends the stream when
// stdin ends and waits for the replies, so a server that answers at end of
// input is heard; --no-half-close keeps the stream open, and a send that got
// no reply says the server may be waiting for end of input.
func TestSendStdinHalfClosesAtEnd(t *testing.T) {
	t.Parallel()
	addr := upperAtEOFServer(t)
	r := runCLI(t, "hello\n", "send", "--tcp", addr, "-")
	if r.code != 0 || r.stdout != "HELLO\n" || !summaryRE.MatchString(r.stderr) {
		t.Errorf("send - at end of stdin: exit %d, stdout %q, stderr %q; want 0, HELLO and the summary", r.code, r.stdout, r.stderr)
	}
	r = runCLI(t, "hello\n", "send", "--tcp", addr, "--no-half-close", "--wait", "300ms", "-")
	want := "no reply from " + addr + " within 300ms (sent 6 B over tcp; a server that answers at end of input waits for it: drop --no-half-close)"
	if r.code != 1 || !strings.Contains(r.stderr, want) {
		t.Errorf("--no-half-close: exit %d, stderr %q; want 1 and %q", r.code, r.stderr, want)
	}
	r = runCLI(t, "", "send", "--tcp", addr, "--wait", "300ms", `hello\n`)
	want = "no reply from " + addr + " within 300ms (sent 6 B over tcp; a server that answers at end of input waits for it: try --half-close)"
	if r.code != 1 || !strings.Contains(r.stderr, want) {
		t.Errorf("one-shot send: exit %d, stderr %q; want 1 and %q", r.code, r.stderr, want)
	}
	r = runCLI(t, "", "send", "--tcp", addr, "--half-close", "--no-half-close", "hi")
	if r.code != 2 || !strings.Contains(r.stderr, "give --half-close or --no-half-close, not both") {
		t.Errorf("both flags: exit %d, stderr %q; want 2 and a usage mistake", r.code, r.stderr)
	}
}

// TestSendStreamsStdinLineByLine checks send - is interactive: each line
// typed goes at once and its echo is printed before the next line is
// written, long before stdin ends.
func TestSendStreamsStdinLineByLine(t *testing.T) {
	t.Parallel()
	s := startServe(t, "--tcp", "127.0.0.1:0")
	ctx, cancel := context.WithTimeout(context.Background(), runDeadline)
	defer cancel()
	cmd := exec.CommandContext(ctx, cli(t), "send", "--tcp", s.addrs["tcp"], "--wait", "20s", "--half-close", "-")
	cmd.Env = cliEnv()
	stdin, err := cmd.StdinPipe()
	if err != nil {
		t.Fatal(err)
	}
	stdout, err := cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	out := bufio.NewReader(stdout)
	for i := range 3 {
		line := "line " + strconv.Itoa(i) + "\n"
		if _, err := io.WriteString(stdin, line); err != nil {
			t.Fatal(err)
		}
		got, err := out.ReadString('\n')
		if err != nil || got != line {
			t.Fatalf("echo of %q: %q, %v (stderr %q)", line, got, err, stderr.String())
		}
	}
	stdin.Close()
	if rest, _ := io.ReadAll(out); len(rest) != 0 {
		t.Errorf("more output after the last line: %q", rest)
	}
	if err := cmd.Wait(); err != nil {
		t.Fatalf("send: %v; stderr %q", err, stderr.String())
	}
	if !strings.Contains(stderr.String(), " tcp: 3 sent, 3 replies, 0 lost; ") {
		t.Errorf("stderr %q; want a summary of 3 sends and 3 replies", stderr.String())
	}
}

// TestSendLargeStdin sends 16 MiB from stdin through the echo server and
// checks every byte that comes back.
func TestSendLargeStdin(t *testing.T) {
	t.Parallel()
	s := startServe(t, "--tcp", "127.0.0.1:0", "--quiet")
	in := make([]byte, 16<<20)
	for i := range in {
		in[i] = byte(i*7 + i>>8 + i>>16)
	}
	r := runCLI(t, string(in), "send", "--tcp", s.addrs["tcp"], "--half-close", "--wait", "20s", "-")
	if r.code != 0 || r.stdout != string(in) {
		t.Fatalf("exit %d, %d bytes back (same: %v), stderr %q; want 0 and the 16 MiB sent", r.code, len(r.stdout), r.stdout == string(in), r.stderr)
	}
}

// TestSendTimeoutIsIdleTime checks --timeout against a reader that stops
// for good: the send fails after it, saying how far it got.
func TestSendTimeoutIsIdleTime(t *testing.T) {
	t.Parallel()
	ln := nettest.Listen(t)
	stop := make(chan struct{})
	defer close(stop)
	go func() {
		c, err := ln.Accept()
		if err != nil {
			return
		}
		defer c.Close()
		<-stop
	}()
	r := runCLI(t, strings.Repeat("x", 32<<20), "send", "--tcp", ln.Addr().String(), "--timeout", "300ms", "-")
	if r.code != 1 || !strings.Contains(r.stderr, "i/o timeout") || !strings.Contains(r.stderr, " bytes sent") {
		t.Errorf("exit %d, stderr %q; want 1 and how much went before the timeout", r.code, r.stderr)
	}
}

// udpEmptyReplier answers every datagram with an empty one.
func udpEmptyReplier(t *testing.T) string {
	t.Helper()
	pc, err := net.ListenPacket("udp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { pc.Close() })
	go func() {
		buf := make([]byte, 2048)
		for {
			_, from, err := pc.ReadFrom(buf)
			if err != nil {
				return
			}
			pc.WriteTo(nil, from)
		}
	}()
	return pc.LocalAddr().String()
}

func TestSendUDPEmptyReplyCounts(t *testing.T) {
	t.Parallel()
	r := runCLI(t, "", "send", "--udp", udpEmptyReplier(t), "--out", "text", "--wait", "500ms", "ping")
	if r.code != 0 || r.stdout != "\n" || !strings.Contains(r.stderr, "1 sent, 1 reply, 0 lost") {
		t.Errorf("exit %d, stdout %q, stderr %q; want 0, an empty line and 1 reply", r.code, r.stdout, r.stderr)
	}
}

// TestSendUDPLimitByFamily checks the largest datagram goes through over
// both families, and one byte more is refused before sending.
func TestSendUDPLimitByFamily(t *testing.T) {
	t.Parallel()
	for _, tt := range []struct{ listen, family string }{{"127.0.0.1:0", "ipv4"}, {"[::1]:0", "ipv6"}} {
		if tt.family == "ipv6" && !nettest.HasIPv6Loopback() {
			continue
		}
		s := startServe(t, "--udp", tt.listen, "--quiet")
		addr := s.addrs["udp"]
		limit := map[string]int{"ipv4": 65507, "ipv6": 65527}[tt.family]
		payload := strings.Repeat("a", limit)
		r := runCLI(t, payload, append([]string{"send", "--udp", addr, "-"}, expect(payload)...)...)
		if r.code != 0 || len(r.stdout) != limit {
			t.Errorf("%s, %d bytes: exit %d, %d bytes back, stderr %q", tt.family, limit, r.code, len(r.stdout), r.stderr)
		}
		r = runCLI(t, payload+"a", "send", "--udp", addr, "-")
		if r.code != 2 || !strings.Contains(r.stderr, "at most "+strconv.Itoa(limit)) {
			t.Errorf("%s, %d bytes: exit %d, stderr %q; want 2 and the limit", tt.family, limit+1, r.code, r.stderr)
		}
	}
}

func TestSendLocalAddr(t *testing.T) {
	t.Parallel()
	s := startServe(t, "--tcp", "127.0.0.1:0")
	local := nettest.ClosedAddr(t, "tcp")
	r := runCLI(t, "", append([]string{"send", "--tcp", s.addrs["tcp"], "--local", local}, append(expect("hi"), "hi")...)...)
	if r.code != 0 {
		t.Fatalf("exit %d, stderr %q", r.code, r.stderr)
	}
	if _, out := s.stop(); !strings.Contains(out, "server connected tcp "+local) {
		t.Errorf("serve output %q; want the client from %s", out, local)
	}
}
