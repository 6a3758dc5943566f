// Package testpeers starts real peers from Debian packages for interop
// tests, on loopback: a missing one skips the test, or fails it when
// SOCKETTESTER_NEED_PEERS is set (make test and CI set it, as
// scripts/deps.sh installs them).
package testpeers

import (
	"bufio"
	"context"
	"net"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// NeedPeers names the environment variable that makes a missing peer a
// failure rather than a skip.
const NeedPeers = "SOCKETTESTER_NEED_PEERS"

// Python is Debian's interpreter, which loads Debian's Python modules (the
// python3 first on PATH may be another build).
const Python = "/usr/bin/python3"

// aiosmtpdScript runs aiosmtpd on 127.0.0.1, with STARTTLS (argument
// "tls") or without, prints its port and serves until its standard input
// ends.
const aiosmtpdScript = `import asyncio, ssl, sys
from aiosmtpd.smtp import SMTP
cert, key, mode = sys.argv[1], sys.argv[2], sys.argv[3]
ctx = None
if mode == "tls":
    ctx = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
    ctx.load_cert_chain(cert, key)
class H:
    async def handle_DATA(self, server, session, envelope):
        return "250 OK"
async def main():
    loop = asyncio.get_running_loop()
    srv = await loop.create_server(lambda: SMTP(H(), tls_context=ctx, hostname="test.localhost"), "127.0.0.1", 0)
    print(srv.sockets[0].getsockname()[1], flush=True)
    await loop.run_in_executor(None, sys.stdin.read)
asyncio.run(main())
`

// Missing skips t, or fails it when NeedPeers is set, saying which
// package scripts/deps.sh installs.
func Missing(t testing.TB, what, pkg string) {
	t.Helper()
	if os.Getenv(NeedPeers) != "" {
		t.Fatalf("%s is not installed (scripts/deps.sh installs %s; %s is set)", what, pkg, NeedPeers)
	}
	t.Skipf("%s is not installed (scripts/deps.sh installs %s)", what, pkg)
}

// Aiosmtpd starts Python's aiosmtpd (Debian's python3-aiosmtpd) on
// 127.0.0.1 with certFile and keyFile, offering STARTTLS when offer is set
// (else its EHLO reply lacks it), and returns its address. It ends with
// the test.
func Aiosmtpd(t testing.TB, certFile, keyFile string, offer bool) string {
	t.Helper()
	if exec.Command(Python, "-c", "import aiosmtpd").Run() != nil {
		Missing(t, "Python's aiosmtpd", "python3-aiosmtpd")
	}
	script := filepath.Join(t.TempDir(), "smtpd.py")
	if err := os.WriteFile(script, []byte(aiosmtpdScript), 0o600); err != nil {
		t.Fatal(err)
	}
	mode := "plain"
	if offer {
		mode = "tls"
	}
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
	cmd := exec.CommandContext(ctx, Python, script, certFile, keyFile, mode)
	in, err := cmd.StdinPipe()
	if err != nil {
		t.Fatal(err)
	}
	out, err := cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	var stderr strings.Builder
	cmd.Stderr = &stderr
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { in.Close(); cmd.Wait(); cancel() })
	port := make(chan string, 1)
	go func() {
		line, _ := bufio.NewReader(out).ReadString('\n')
		port <- strings.TrimSpace(line)
	}()
	select {
	case p := <-port:
		if p == "" {
			t.Fatalf("aiosmtpd printed no port: %s", stderr.String())
		}
		return net.JoinHostPort("127.0.0.1", p)
	case <-time.After(30 * time.Second):
		t.Fatal("aiosmtpd printed no port within 30s")
	}
	return ""
}
