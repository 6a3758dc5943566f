package main

import (
	"net"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"github.com/sockettester/sockettester/internal/testpeers"
)

// portOf returns the port of a host:port.
func portOf(t *testing.T, a string) string {
	t.Helper()
	_, p, err := net.SplitHostPort(a)
	if err != nil {
		t.Fatal(err)
	}
	return p
}

// portNum returns the port of a host:port as a number.
func portNum(t *testing.T, a string) int {
	t.Helper()
	n, err := strconv.Atoi(portOf(t, a))
	if err != nil {
		t.Fatal(err)
	}
	return n
}

// TestSendThroughProxies runs send --proxy through microsocks (with a
// password) and tinyproxy to our serve, over TCP, TLS and WebSocket, the
// target named "localhost" so the proxy resolves it.
func TestSendThroughProxies(t *testing.T) {
	t.Parallel()
	pem := filepath.Join(t.TempDir(), "server.pem")
	plain := startServe(t, "--tcp", "127.0.0.1:0").addrs["tcp"]
	secure := startServe(t, "--tcp", "127.0.0.1:0", "--tls", "--save-cert", pem).addrs["tcp"]
	ws := startServe(t, "--ws", "127.0.0.1:0").addrs["ws"]
	socks := testpeers.Microsocks(t, "user", "pass")
	http := testpeers.Tinyproxy(t, portNum(t, plain), portNum(t, secure), portNum(t, ws))
	for _, proxy := range []string{"socks5://user:pass@" + socks, "http://" + http} {
		for _, tc := range []struct {
			name string
			args []string
		}{
			{"tcp", []string{"--tcp", "localhost:" + portOf(t, plain)}},
			{"tls", []string{"--tcp", "localhost:" + portOf(t, secure), "--tls", "--ca", pem}},
			{"ws", []string{"--ws", "ws://localhost:" + portOf(t, ws) + "/"}},
		} {
			args := append(append([]string{"send"}, tc.args...), "--proxy", proxy, "--wait", "20s", "--max-bytes", "6", `hi\x00\xff\r\n`)
			r := runCLI(t, "", args...)
			if r.code != 0 || r.stdout != "hi\x00\xff\r\n" {
				t.Errorf("%s via %s: exit %d, stdout %q, stderr %q", tc.name, proxy, r.code, r.stdout, r.stderr)
			}
		}
	}
	r := runCLI(t, "", "send", "--tcp", "localhost:"+portOf(t, plain), "--proxy", "socks5://user:pass@"+socks, "--json", "--wait", "20s", "--max-bytes", "2", "hi")
	if want := `"remote":"localhost:` + portOf(t, plain) + `","message":"tunnel to localhost:` + portOf(t, plain) + ` open through socks5://user:xxxxx@` + socks + `","code":"proxyTunnel"}`; r.code != 0 || !strings.Contains(r.stdout, want) {
		t.Errorf("--json: exit %d, stdout %q; want %s", r.code, r.stdout, want)
	}
}

// TestSendProxyRefused: the proxy's own answer, in words, exit 1.
func TestSendProxyRefused(t *testing.T) {
	t.Parallel()
	plain := startServe(t, "--tcp", "127.0.0.1:0").addrs["tcp"]
	socks := testpeers.Microsocks(t, "user", "pass")
	http := testpeers.Tinyproxy(t, 1)
	for _, tc := range []struct {
		proxy, want string
	}{
		{"socks5://user:nope@" + socks, "refused to connect to localhost:" + portOf(t, plain) + ": the proxy refused the user name or password; check USER:PASS in the proxy address"},
		{"http://" + http, "refused to connect to localhost:" + portOf(t, plain) + ": the proxy answered 403 "},
	} {
		r := runCLI(t, "", "send", "--tcp", "localhost:"+portOf(t, plain), "--proxy", tc.proxy, "hi")
		if r.code != 1 || !strings.Contains(r.stderr, tc.want) {
			t.Errorf("%s: exit %d, stderr %q; want 1 and %q", tc.proxy, r.code, r.stderr, tc.want)
		}
	}
}

// TestSendProxyUsage checks --proxy's mistakes are one line, exit 2.
func TestSendProxyUsage(t *testing.T) {
	t.Parallel()
	for _, tt := range []struct {
		args []string
		want string
	}{
		{[]string{"send", "--tcp", "127.0.0.1:9", "--proxy", "ftp://127.0.0.1:21", "hi"}, "--proxy: ftp://127.0.0.1:21: a proxy of kind ftp is not known: write socks5://HOST:PORT or http://HOST:PORT\n"},
		{[]string{"send", "--tcp", "127.0.0.1:9", "--proxy", "socks5://127.0.0.1", "hi"}, "--proxy: socks5://127.0.0.1 has no port: write socks5://HOST:PORT or http://HOST:PORT\n"},
		{[]string{"send", "--tcp", "127.0.0.1:9", "--proxy", "http://127.0.0.1:99999", "hi"}, "--proxy: http://127.0.0.1:99999: port 99999 is out of range"},
		{[]string{"send", "--udp", "127.0.0.1:9", "--proxy", "socks5://127.0.0.1:1080", "hi"}, "--proxy needs --tcp or --ws"},
		{[]string{"send", "--unix", "/tmp/x.sock", "--proxy", "socks5://127.0.0.1:1080", "hi"}, "--proxy needs --tcp or --ws"},
	} {
		_, errOut, code := runInProcess(tt.args...)
		if code != 2 || !strings.Contains(errOut, tt.want) || strings.Count(errOut, "\n") != 1 {
			t.Errorf("%q: exit %d, stderr %q; want 2 and one line with %q", tt.args, code, errOut, tt.want)
		}
	}
}
