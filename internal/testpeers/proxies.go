package testpeers

import (
	"context"
	"fmt"
	"net"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"
)

// Microsocks starts microsocks (Debian's microsocks), a SOCKS5 proxy, on
// 127.0.0.1, asking for user and pass unless user is "", and returns its
// address. It ends with the test.
func Microsocks(t testing.TB, user, pass string) string {
	t.Helper()
	bin, err := exec.LookPath("microsocks")
	if err != nil {
		Missing(t, "microsocks", "microsocks")
	}
	port := freePort(t)
	args := []string{"-i", "127.0.0.1", "-p", strconv.Itoa(port)}
	if user != "" {
		args = append(args, "-u", user, "-P", pass)
	}
	return startProxy(t, "microsocks", port, exec.Command(bin, args...))
}

// Tinyproxy starts tinyproxy (Debian's tinyproxy), an HTTP proxy, on
// 127.0.0.1 in the foreground with a configuration under t.TempDir()
// that allows CONNECT to connectPorts only, and returns its address. It
// ends with the test.
func Tinyproxy(t testing.TB, connectPorts ...int) string {
	t.Helper()
	return TinyproxyAuth(t, "", "", connectPorts...)
}

// TinyproxyAuth is Tinyproxy asking for user and pass (HTTP basic
// Proxy-Authorization) unless user is "".
func TinyproxyAuth(t testing.TB, user, pass string, connectPorts ...int) string {
	t.Helper()
	bin, err := exec.LookPath("tinyproxy")
	if err != nil {
		Missing(t, "tinyproxy", "tinyproxy")
	}
	port := freePort(t)
	var conf strings.Builder
	fmt.Fprintf(&conf, "Port %d\nListen 127.0.0.1\nTimeout 60\nMaxClients 20\nAllow 127.0.0.1\nLogLevel Info\n", port)
	if os.Geteuid() == 0 {
		// As root it would switch to a user of its configuration.
		conf.WriteString("User nobody\nGroup nogroup\n")
	}
	if user != "" {
		fmt.Fprintf(&conf, "BasicAuth %s %s\n", user, pass)
	}
	for _, p := range connectPorts {
		fmt.Fprintf(&conf, "ConnectPort %d\n", p)
	}
	file := filepath.Join(t.TempDir(), "tinyproxy.conf")
	if err := os.WriteFile(file, []byte(conf.String()), 0o644); err != nil {
		t.Fatal(err)
	}
	return startProxy(t, "tinyproxy", port, exec.Command(bin, "-d", "-c", file))
}

// freePort returns a port nothing listens on now: neither proxy can be
// told to pick one and say which.
func freePort(t testing.TB) int {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer ln.Close()
	return ln.Addr().(*net.TCPAddr).Port
}

// startProxy starts cmd, which listens on 127.0.0.1:port, and returns that
// address once it accepts connections.
func startProxy(t testing.TB, name string, port int, cmd *exec.Cmd) string {
	t.Helper()
	var out strings.Builder
	cmd.Stdout, cmd.Stderr = &out, &out
	if err := cmd.Start(); err != nil {
		t.Fatalf("start %s: %v", name, err)
	}
	exited := make(chan struct{})
	go func() { cmd.Wait(); close(exited) }()
	t.Cleanup(func() { cmd.Process.Kill(); <-exited })
	a := net.JoinHostPort("127.0.0.1", strconv.Itoa(port))
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	var d net.Dialer
	// Neither proxy says when it is ready: try until it accepts, it exits,
	// or 30 s pass.
	for {
		c, err := d.DialContext(ctx, "tcp", a)
		if err == nil {
			c.Close()
			return a
		}
		select {
		case <-exited:
			t.Fatalf("%s exited: %s", name, out.String())
		case <-ctx.Done():
			t.Fatalf("%s is not listening on %s within 30s: %s", name, a, out.String())
		case <-time.After(20 * time.Millisecond):
		}
	}
}
