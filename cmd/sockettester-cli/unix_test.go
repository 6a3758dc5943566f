package main

import (
	"bufio"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"runtime"
	"strings"
	"testing"
	"time"
)

// TestServeAndSendUnix: serve --unix and --unixgram echo exact bytes to
// send --unix and --unixgram, name the peers, and remove their socket
// files, and the datagram client's own path, when they end.
func TestServeAndSendUnix(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	stream, dgram := filepath.Join(dir, "s.sock"), filepath.Join(dir, "g.sock")
	s := startServe(t, "--unix", stream, "--unixgram", dgram)
	if s.addrs["unix"] != stream || s.addrs["unixgram"] != dgram {
		t.Fatalf("listening lines %q; want the two paths", s.first)
	}
	r := runCLI(t, "", sendArgs("unix", stream, `hello\n\0\xff`, "hello\n\x00\xff")...)
	if r.code != 0 || r.stdout != "hello\n\x00\xff" {
		t.Fatalf("send --unix: exit %d, stdout %q, stderr %q", r.code, r.stdout, r.stderr)
	}
	own := filepath.Join(dir, "c.sock")
	r = runCLI(t, "", sendArgs("unixgram", dgram, `dgram\0`, "dgram\x00", "--local", own)...)
	if r.code != 0 || r.stdout != "dgram\x00" {
		t.Fatalf("send --unixgram: exit %d, stdout %q, stderr %q", r.code, r.stdout, r.stderr)
	}
	if _, err := os.Lstat(own); !os.IsNotExist(err) {
		t.Errorf("the client's own path is still there: %v", err)
	}
	r = runCLI(t, "line one\n", "send", "--unix", stream, "--wait", "20s", "-")
	if r.code != 0 || r.stdout != "line one\n" {
		t.Fatalf("send --unix -: exit %d, stdout %q, stderr %q", r.code, r.stdout, r.stderr)
	}
	code, out := s.stop()
	// The stream client names itself on Linux (an abstract name, @0001f);
	// elsewhere the server numbers it.
	ownStream := "unnamed-1"
	if m := regexp.MustCompile(`server connected unix (@[0-9a-f]+)\n`).FindStringSubmatch(out); m != nil && runtime.GOOS == "linux" {
		ownStream = m[1]
	}
	if code != 0 {
		t.Errorf("serve exit %d", code)
	}
	for _, want := range []string{
		"server connected unix " + ownStream,
		`server received unix ` + ownStream + ` 8B "hello\n\0\xff"`,
		"server connected unixgram " + own + " first datagram",
		"server stopped unix " + stream + " served 2 connections; received 17 B; sent 17 B",
		"server stopped unixgram " + dgram + " received 1 datagram, 6 B; sent 1 datagram, 6 B",
	} {
		if !strings.Contains(out, want) {
			t.Errorf("serve output lacks %q:\n%s", want, out)
		}
	}
	for _, p := range []string{stream, dgram} {
		if _, err := os.Lstat(p); !os.IsNotExist(err) {
			t.Errorf("%s still there after serve stopped: %v", p, err)
		}
	}
}

func TestServeUnixRefusesPlainFile(t *testing.T) {
	t.Parallel()
	path := filepath.Join(t.TempDir(), "data.txt")
	os.WriteFile(path, []byte("mine"), 0o600)
	r := runCLI(t, "", "serve", "--unix", path)
	if r.code != 1 || !strings.Contains(r.stderr, path+" exists and is not a socket: choose another path") || strings.Count(r.stderr, "\n") != 1 {
		t.Errorf("exit %d, stderr %q; want 1 and one line saying it is not a socket", r.code, r.stderr)
	}
	if b, _ := os.ReadFile(path); string(b) != "mine" {
		t.Errorf("file changed: %q", b)
	}
}

func TestUnixUsageErrors(t *testing.T) {
	t.Parallel()
	for _, tt := range []struct {
		args []string
		want string
	}{
		{[]string{"serve", "--unix", ""}, "missing path after --unix"},
		{[]string{"send", "--unix", "", "x"}, "missing path after --unix"},
		{[]string{"send", "--unix", "/tmp/a.sock", "--tcp", "127.0.0.1:1", "x"}, "not several"},
		{[]string{"send", "--unixgram", "/tmp/a.sock", "--half-close", "x"}, "datagrams have no stream to end"},
		{[]string{"send", "--unix", "/tmp/a.sock", "--local", "/tmp/b.sock", "x"}, "needs no path of its own"},
	} {
		r := runCLI(t, "", tt.args...)
		first, _, _ := strings.Cut(r.stderr, "\n")
		if r.code != 2 || !strings.Contains(first, tt.want) {
			t.Errorf("%q: exit %d, stderr %q; want 2 and %q", tt.args, r.code, r.stderr, tt.want)
		}
	}
}

// TestSendUnixToSocat: our client against socat's UNIX-LISTEN echo.
func TestSendUnixToSocat(t *testing.T) {
	t.Parallel()
	socat, err := exec.LookPath("socat")
	switch {
	case err != nil && os.Getenv("SOCKETTESTER_NEED_PEERS") != "":
		t.Fatalf("socat is not installed (scripts/deps.sh installs it; SOCKETTESTER_NEED_PEERS is set)")
	case err != nil:
		t.Skip("socat is not installed (scripts/deps.sh installs it)")
	}
	path := filepath.Join(t.TempDir(), "s.sock")
	cmd := exec.Command(socat, "-d", "-d", "UNIX-LISTEN:"+path, "PIPE")
	stderr, err := cmd.StderrPipe()
	if err != nil {
		t.Fatal(err)
	}
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { cmd.Process.Kill(); cmd.Wait() })
	listening := make(chan bool, 1)
	go func() {
		sc := bufio.NewScanner(stderr)
		said := false
		for sc.Scan() {
			if !said && strings.Contains(sc.Text(), "listening on") {
				said = true
				listening <- true
			}
		}
		if !said {
			listening <- false
		}
	}()
	select {
	case ok := <-listening:
		if !ok {
			t.Fatal("socat ended without listening")
		}
	case <-time.After(waitDeadline):
		t.Fatalf("socat did not listen within %v", waitDeadline)
	}
	r := runCLI(t, "", sendArgs("unix", path, `via socat\n`, "via socat\n")...)
	if r.code != 0 || r.stdout != "via socat\n" {
		t.Fatalf("send --unix to socat: exit %d, stdout %q, stderr %q", r.code, r.stdout, r.stderr)
	}
}
