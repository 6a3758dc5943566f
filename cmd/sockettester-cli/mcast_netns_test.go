//go:build linux

package main

import (
	"bufio"
	"context"
	"fmt"
	"os/exec"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/sockettester/sockettester/internal/netns"
	"github.com/sockettester/sockettester/sockets/wol"
)

// nsServe is serve running inside a namespace, its output lines on a
// channel.
type nsServe struct {
	t     *testing.T
	lines chan string
	seen  []string
}

func startServeIn(t *testing.T, h netns.Host, args ...string) *nsServe {
	t.Helper()
	cmd := h.Command(cli(t), append([]string{"serve"}, args...)...)
	cmd.Env = cliEnv()
	out, err := cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	var stderr strings.Builder
	cmd.Stderr = &syncWriter{mu: new(sync.Mutex), w: &stderr}
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	s := &nsServe{t: t, lines: make(chan string, 64)}
	done := make(chan struct{})
	go func() {
		defer close(done)
		defer close(s.lines)
		sc := bufio.NewScanner(out)
		for sc.Scan() {
			s.lines <- sc.Text()
		}
	}()
	t.Cleanup(func() {
		cmd.Process.Kill()
		<-done
		cmd.Wait()
	})
	return s
}

// waitLine waits for a line containing each of parts.
func (s *nsServe) waitLine(parts ...string) string {
	s.t.Helper()
	timeout := time.After(waitDeadline)
	for {
		select {
		case l, ok := <-s.lines:
			if !ok {
				s.t.Fatalf("serve ended; printed:\n%s", strings.Join(s.seen, "\n"))
			}
			s.seen = append(s.seen, l)
			match := true
			for _, p := range parts {
				match = match && strings.Contains(l, p)
			}
			if match {
				return l
			}
		case <-timeout:
			s.t.Fatalf("no line with %q within %v; printed:\n%s", parts, waitDeadline, strings.Join(s.seen, "\n"))
		}
	}
}

// runIn runs the CLI in a namespace and returns stdout, stderr and the exit
// status.
func runIn(t *testing.T, h netns.Host, args ...string) result {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), runDeadline)
	defer cancel()
	cmd := exec.CommandContext(ctx, "ip", append([]string{"netns", "exec", h.NS, cli(t)}, args...)...)
	cmd.Env = cliEnv()
	var out, errOut strings.Builder
	cmd.Stdout, cmd.Stderr = &out, &errOut
	err := cmd.Run()
	code := 0
	if ee, ok := err.(*exec.ExitError); ok {
		code = ee.ExitCode()
	} else if err != nil {
		t.Fatalf("run %q: %v", args, err)
	}
	return result{out.String(), errOut.String(), code}
}

// TestServeJoinsSendSendsBetweenNamespaces: serve --join in one namespace,
// send to the group in another, by interface name, IPv4 and IPv6 at once;
// the echo comes back by unicast and serve's line names the group.
func TestServeJoinsSendSendsBetweenNamespaces(t *testing.T) {
	hosts := netns.New(t, 2)
	s := startServeIn(t, hosts[1], "--udp", "0.0.0.0:5000", "--join", "239.1.2.3", "--join", "ff12::1234", "--iface", netns.Iface)
	s.waitLine("listening udp [::]:5000")
	s.waitLine("joined group 239.1.2.3 on st0")
	s.waitLine("joined group ff12::1234 on st0")
	for _, tc := range []struct{ group, from string }{
		{"239.1.2.3:5000", "192.0.2.1:"},
		{"[ff12::1234]:5000", "[fe80::1%st0]:"}, // link scope: sent from the link-local address
	} {
		r := runIn(t, hosts[0], "send", "--udp", tc.group, "--iface", netns.Iface, "--ttl", "2", "--max-bytes", "11", "--wait", "20s", "hello room\n")
		if r.code != 0 || r.stdout != "hello room\n" {
			t.Fatalf("send to %s: exit %d, stdout %q, stderr %s", tc.group, r.code, r.stdout, r.stderr)
		}
		g := strings.Trim(tc.group[:strings.LastIndex(tc.group, ":")], "[]")
		s.waitLine("server received udp "+tc.from, " to "+g+` 11B "hello room\n"`)
	}
}

// TestSendBroadcastAndWakeBetweenNamespaces: send --broadcast and send
// --wol reach a serve in the peer namespace, the magic packet as its exact
// 102 bytes.
func TestSendBroadcastAndWakeBetweenNamespaces(t *testing.T) {
	hosts := netns.New(t, 2)
	s := startServeIn(t, hosts[1], "--udp", "0.0.0.0:9", "--mode", "silent", "--json")
	s.waitLine(`"kind":"listening"`)
	r := runIn(t, hosts[0], "send", "--udp", "192.0.2.255:9", "--wait", "0", "x")
	if r.code != 2 || !strings.Contains(r.stderr, "192.0.2.255 is a broadcast address: add --broadcast to send to it") {
		t.Fatalf("send to broadcast without --broadcast: exit %d, stderr %q", r.code, r.stderr)
	}
	r = runIn(t, hosts[0], "send", "--udp", "255.255.255.255:9", "--broadcast", "--iface", netns.Iface, "--wait", "0", "anyone?")
	if r.code != 0 {
		t.Fatalf("send --broadcast: exit %d, stderr %s", r.code, r.stderr)
	}
	s.waitLine(`"kind":"received"`, `"remote":"192.0.2.1:`, `"text":"anyone?"`)

	r = runIn(t, hosts[0], "send", "--wol", "02:00:5e:10:00:01", "--iface", netns.Iface)
	if r.code != 0 {
		t.Fatalf("send --wol: exit %d, stderr %s", r.code, r.stderr)
	}
	magic, _ := wol.MagicPacket("02:00:5e:10:00:01")
	s.waitLine(`"kind":"received"`, fmt.Sprintf(`"bytes":%d`, wol.Size), fmt.Sprintf(`"hex":"% x"`, magic))
}

// TestGroupFlagMistakes: one line and exit 2.
func TestGroupFlagMistakes(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		args []string
		want string
	}{
		{[]string{"serve", "--udp", "0.0.0.0:0", "--join", "192.0.2.1"}, `--join: "192.0.2.1" is not a multicast group; use an address in 224.0.0.0/4 or ff00::/8, e.g. 239.1.2.3 or ff12::1234`},
		{[]string{"serve", "--udp", "0.0.0.0:0", "--join", "239.1.2.3", "--iface", "nosuch0"}, `--iface: no interface named "nosuch0"; this machine has: `},
		{[]string{"serve", "--tcp", "127.0.0.1:0", "--join", "239.1.2.3"}, "--join needs --udp ADDR (e.g. --udp 0.0.0.0:5000)"},
		{[]string{"serve", "--udp", "0.0.0.0:0", "--iface", "lo"}, "--iface and --source go with --join GROUP"},
		{[]string{"send", "--udp", "255.255.255.255:9", "x"}, "255.255.255.255 is a broadcast address: add --broadcast to send to it"},
		{[]string{"send", "--udp", "239.1.2.3:9", "--ttl", "300", "x"}, "--ttl must be 1 to 255 (1 keeps datagrams on this link), not 300"},
		{[]string{"send", "--udp", "127.0.0.1:9", "--loop", "x"}, "--ttl and --loop apply to multicast targets (224.0.0.0/4, ff00::/8); 127.0.0.1 is not one"},
		{[]string{"send", "--tcp", "127.0.0.1:9", "--iface", "lo", "x"}, "--iface, --ttl, --loop and --broadcast need --udp"},
		{[]string{"send", "--udp", "239.1.2.3:9", "--iface", "nosuch0", "x"}, `--iface: no interface named "nosuch0"; this machine has: `},
		{[]string{"send", "--wol", "aa:bb:cc:dd:ee"}, `--wol: "aa:bb:cc:dd:ee" is not a MAC address; write six hex pairs, e.g. aa:bb:cc:dd:ee:ff, aa-bb-cc-dd-ee-ff or aabb.ccdd.eeff`},
		{[]string{"send", "--wol", "aa:bb:cc:dd:ee:ff", "payload"}, `--wol makes the payload (the magic packet); give no PAYLOAD, not "payload"`},
		{[]string{"send", "--wol", "aa:bb:cc:dd:ee:ff", "--port", "0"}, "--port must be 1 to 65535 (Wake-on-LAN uses 9 or 7), not 0"},
		{[]string{"send", "--udp", "127.0.0.1:9", "--port", "7", "x"}, "--port goes with --wol MAC"},
	} {
		t.Run(strings.Join(tc.args, " "), func(t *testing.T) {
			t.Parallel()
			r := runCLI(t, "", tc.args...)
			if r.code != 2 || strings.Count(r.stderr, "\n") != 1 || !strings.HasPrefix(r.stderr, "sockettester-cli: "+tc.want) {
				t.Errorf("exit %d, stderr %q; want 2 and one line starting %q", r.code, r.stderr, tc.want)
			}
		})
	}
}

// TestIfacesInNamespace: ifaces lists the namespace's link with its
// addresses and broadcast, as text and as JSON.
func TestIfacesInNamespace(t *testing.T) {
	hosts := netns.New(t, 1)
	r := runIn(t, hosts[0], "ifaces")
	if r.code != 0 || !strings.HasPrefix(r.stdout, "lo (index 1) up loopback mtu 65536\n  127.0.0.1/8\n  ::1/128\nst0 (index ") ||
		!strings.HasSuffix(r.stdout, "\n  192.0.2.1/24 broadcast 192.0.2.255\n  2001:db8::1/64\n  fe80::1/64\n") {
		t.Fatalf("ifaces: exit %d, stdout:\n%s\nstderr: %s", r.code, r.stdout, r.stderr)
	}
	r = runIn(t, hosts[0], "ifaces", "--json")
	lines := strings.Split(strings.TrimSuffix(r.stdout, "\n"), "\n")
	if r.code != 0 || len(lines) != 2 || !strings.HasPrefix(lines[1], `{"name":"st0","index":`) ||
		!strings.HasSuffix(lines[1], `"up":true,"loopback":false,"multicast":true,"broadcast":true,"addrs":[{"prefix":"192.0.2.1/24","broadcast":"192.0.2.255"},{"prefix":"2001:db8::1/64"},{"prefix":"fe80::1/64"}]}`) {
		t.Fatalf("ifaces --json: exit %d, stdout:\n%s", r.code, r.stdout)
	}
}
