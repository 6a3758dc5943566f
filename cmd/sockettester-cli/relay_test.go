package main

import (
	"strings"
	"testing"

	"github.com/sockettester/sockettester/sockets"
)

func TestRelayToServe(t *testing.T) {
	t.Parallel()
	echo := startServe(t, "--tcp", "127.0.0.1:0")
	target := echo.addrs["tcp"]
	rl := startListening(t, "relay", 1, "--to", target)
	if f := strings.Fields(rl.first[0]); len(f) != 6 || f[3] != "relay" || f[5] != target {
		t.Fatalf("first line %q; want \"listening tcp ADDR relay to %s\"", rl.first[0], target)
	}
	addr := rl.addrs["tcp"]
	r := runCLI(t, "", sendArgs("tcp", addr, `hello\n`, "hello\n")...)
	if r.code != 0 || r.stdout != "hello\n" {
		t.Fatalf("send through the relay: exit %d, stdout %q, stderr %q", r.code, r.stdout, r.stderr)
	}
	code, out := rl.stop()
	if code != 0 {
		t.Errorf("relay exit %d after SIGINT", code)
	}
	for _, want := range []string{
		"relay connected tcp 127.0.0.1:",
		"client connected; forwarding to " + target,
		"connected to target for client 127.0.0.1:",
		`6B "hello\n" client → target ` + target,
		"relay received tcp " + target + ` 6B "hello\n" target → client 127.0.0.1:`,
		"closed; client → target 6 B, target → client 6 B",
		"relay stopped tcp " + addr + " relayed 1 connection; client → target 6 B; target → client 6 B",
	} {
		if !strings.Contains(out, want) {
			t.Errorf("relay output lacks %q:\n%s", want, out)
		}
	}
}

// TestRelayHalfCloseAndTLS runs the relay with TLS both ways in front of
// serve --tls, with send trusting the relay's saved certificate and
// half-closing: the end of stream crosses the relay both ways.
func TestRelayHalfCloseAndTLS(t *testing.T) {
	t.Parallel()
	srv, srvPEM, _ := startTLSServe(t)
	relayPEM := t.TempDir() + "/relay.pem"
	rl := startListening(t, "relay", 1, "--to", srv.addrs["tcp"], "--tls-to", "--ca", srvPEM, "--tls", "--save-cert", relayPEM, "--json")
	r := runCLI(t, "abc\n", "send", "--tcp", rl.addrs["tcp"], "--tls", "--ca", relayPEM, "--half-close", "--wait", "20s", "-")
	if r.code != 0 || r.stdout != "abc\n" {
		t.Fatalf("send: exit %d, stdout %q, stderr %q", r.code, r.stdout, r.stderr)
	}
	_, out := rl.stop()
	var ends, tlsPeers []string
	for _, line := range strings.Split(strings.TrimSpace(out), "\n") {
		e, err := sockets.DecodeEvent([]byte(line))
		if err != nil {
			t.Fatalf("line %q: %v", line, err)
		}
		if e.Side != sockets.SideRelay {
			t.Errorf("line %q is not a relay event", line)
		}
		switch e.Kind {
		case sockets.KindHalfClose:
			ends = append(ends, e.Msg)
		case sockets.KindTLS:
			tlsPeers = append(tlsPeers, e.Remote)
		}
	}
	if strings.Join(ends, "|") != "client sent end of stream; passed on to target|target sent end of stream; passed on to client" {
		t.Errorf("half-close events %q", ends)
	}
	if len(tlsPeers) != 2 || tlsPeers[1] != srv.addrs["tcp"] {
		t.Errorf("TLS events with %q; want the client's, then the target's", tlsPeers)
	}
}

func TestRelayTargetDown(t *testing.T) {
	t.Parallel()
	down := closedPort(t)
	rl := startListening(t, "relay", 1, "--to", down)
	r := runCLI(t, "", "send", "--tcp", rl.addrs["tcp"], "--wait", "20s", "hi")
	// The relay closes the client at once: before or after the send, with
	// "hi" unread (a reset) or not.
	if r.code != 1 || !strings.Contains(r.stderr, "closed by "+rl.addrs["tcp"]) && !strings.Contains(r.stderr, "reset") {
		t.Errorf("send: exit %d, stderr %q; want 1, closed by the relay", r.code, r.stderr)
	}
	if _, out := rl.stop(); !strings.Contains(out, "relay error tcp 127.0.0.1:") || !strings.Contains(out, "target unreachable; closing the client: cannot reach target "+down) {
		t.Errorf("relay output %q; want the target named", out)
	}
}

// TestRelayTargetTLSFails relays plain clients to a TLS target the relay
// does not trust: the relay logs the target's failure with the advice send
// gives, and the client, whether it ends its side or waits, is never told
// that the relay may speak TLS.
func TestRelayTargetTLSFails(t *testing.T) {
	t.Parallel()
	srv, _, _ := startTLSServe(t)
	rl := startListening(t, "relay", 1, "--to", srv.addrs["tcp"], "--tls-to")
	for _, flags := range [][]string{{"--half-close"}, nil} {
		r := runCLI(t, "", append(append([]string{"send", "--tcp", rl.addrs["tcp"], "--wait", "20s"}, flags...), "hi")...)
		msg := withoutSummary(r.stderr)
		if want := "connection closed by " + rl.addrs["tcp"] + " without a reply\n"; r.code != 1 || !strings.HasSuffix(msg, want) || strings.Contains(msg, "TLS") {
			t.Errorf("send %v through the relay: exit %d, stderr %q; want 1 and only %q", flags, r.code, r.stderr, want)
		}
	}
	_, out := rl.stop()
	for _, want := range []string{
		"relay error tcp 127.0.0.1:",
		"target unreachable; closing the client: target " + srv.addrs["tcp"] + ": TLS handshake with " + srv.addrs["tcp"] + " failed: the certificate is not signed by an authority this client trusts (self-signed?)",
		"; pass --ca FILE to trust it (serve --tls --save-cert FILE writes ours), or --insecure to skip verification",
	} {
		if !strings.Contains(out, want) {
			t.Errorf("relay output lacks %q:\n%s", want, out)
		}
	}
}

// TestRelayUDPToServe relays UDP to serve --udp with a condition (given
// with the old --udp-condition, an alias of --condition): the log names
// the seed, send gets its echo through the relay twice (duplicate down),
// and the log counts datagrams and what the condition did.
func TestRelayUDPToServe(t *testing.T) {
	t.Parallel()
	echo := startServe(t, "--udp", "127.0.0.1:0")
	target := echo.addrs["udp"]
	rl := startListening(t, "relay", 1, "--udp", "--to", target, "--udp-condition", "duplicate=1,dir=down", "--seed", "7")
	addr := rl.addrs["udp"]
	if want := "listening udp " + addr + " relay to " + target; rl.first[0] != want {
		t.Fatalf("first line %q; want %q", rl.first[0], want)
	}
	r := runCLI(t, "", sendArgs("udp", addr, "hello", "hellohello")...)
	if r.code != 0 || r.stdout != "hellohello" {
		t.Fatalf("send through the relay: exit %d, stdout %q, stderr %q", r.code, r.stdout, r.stderr)
	}
	code, out := rl.stop()
	if code != 0 {
		t.Errorf("relay exit %d after SIGINT", code)
	}
	for _, want := range []string{
		"network conditions: seed 7 (give --seed 7 to repeat the run)",
		"condition duplicate_down on (down, toxicity 1): duplicate 1",
		"relay connected udp 127.0.0.1:",
		"first datagram; forwarding to " + target,
		"opened a socket to the target for client 127.0.0.1:",
		`5B "hello" client → target ` + target,
		"relay received udp 127.0.0.1:",
		`5B "hello" target → client 127.0.0.1:`,
		"; duplicated (duplicate)",
		"relay stopped; socket to the target closed; client → target 1 datagram, 5 B; target → client 2 datagrams, 10 B",
		"condition duplicate_down (down): 1 datagram duplicated",
		"relay stopped udp " + addr + " relayed 1 client; client → target 1 datagram, 5 B; target → client 2 datagrams, 10 B",
	} {
		if !strings.Contains(out, want) {
			t.Errorf("relay output lacks %q:\n%s", want, out)
		}
	}
}

// TestRelayUDPFlagMistakes: wrong UDP flags exit 2 saying what is right.
func TestRelayUDPFlagMistakes(t *testing.T) {
	for _, tt := range []struct {
		args []string
		want string
	}{
		{[]string{"--to", "127.0.0.1:9", "--udp-condition", "loss=0.1"}, "condition loss_down: loss applies to UDP relays; on TCP use latency, bandwidth, slow_close, timeout, reset_peer, slicer, limit_data or down"},
		{[]string{"--to", "127.0.0.1:9", "--udp", "--condition", "loss=2"}, "--condition loss=2: loss 2 is not a share; use 0 to 1, e.g. 0.1 (or a percentage, 10%)"},
		{[]string{"--to", "127.0.0.1:9", "--udp", "--udp-condition", "loss=0.1,dir=left"}, "--condition loss=0.1,dir=left: dir=left is not a direction; want up, down or both (or upstream, downstream)"},
		{[]string{"--to", "127.0.0.1:9", "--udp", "--condition", "jam=1"}, "unknown condition type jam; want one of latency"},
		{[]string{"--to", "127.0.0.1:9", "--udp", "--condition", "bandwidth=100"}, "condition bandwidth_down: bandwidth applies to TCP relays; on UDP use latency, loss, duplicate, reorder or corrupt"},
		{[]string{"--to", "127.0.0.1:9", "--udp", "--seed", "x"}, `--seed wants a whole number, not "x"`},
		{[]string{"--to", "127.0.0.1:9", "--udp", "--idle", "0s"}, "--idle must be positive, e.g. --idle 60s"},
		{[]string{"--to", "127.0.0.1:9", "--udp", "--tls"}, "--udp cannot be used with --tls or --tls-to: UDP has no TLS"},
		{[]string{"--to", "127.0.0.1:9", "--seed", "4"}, "--seed needs --condition or --conditions"},
		{[]string{"--to", "127.0.0.1:9", "--udp", "--seed", "4"}, "--seed needs --condition or --conditions"},
		{[]string{"--to", "127.0.0.1:9", "--udp", "--api", "8474"}, "--api makes TCP proxies"},
	} {
		out, errOut, code := runInProcess(append([]string{"relay"}, tt.args...)...)
		if code != 2 || out != "" || !strings.Contains(errOut, tt.want) {
			t.Errorf("%q: exit %d, stdout %q, stderr %q; want 2 and %q", tt.args, code, out, errOut, tt.want)
		}
	}
}
