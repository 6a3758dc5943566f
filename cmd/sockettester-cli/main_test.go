package main

import (
	"bufio"
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"net"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/sockettester/sockettester/internal/nettest"
	"github.com/sockettester/sockettester/sockets"
)

// binDir holds the binary the tests run like a user would. TestMain makes
// and removes it; the first test that needs the binary builds it, so unit
// tests and fuzzing never wait for a build.
var binDir string

var (
	buildOnce sync.Once
	cliPath   string
	buildErr  error
)

func TestMain(m *testing.M) {
	os.Exit(testMain(m))
}

func testMain(m *testing.M) int {
	var err error
	if binDir, err = os.MkdirTemp("", "sockettester-cli-test"); err != nil {
		fmt.Fprintln(os.Stderr, err)
		return 1
	}
	defer os.RemoveAll(binDir)
	return m.Run()
}

// cli returns the path of the binary, building it once (with -race when the
// tests run with -race, since the binary is where serve and send do their
// concurrent work).
func cli(t testing.TB) string {
	t.Helper()
	buildOnce.Do(func() {
		path := filepath.Join(binDir, "sockettester-cli")
		if runtime.GOOS == "windows" {
			path += ".exe"
		}
		args := []string{"build", "-o", path}
		if raceEnabled {
			args = append(args, "-race")
		}
		ctx, cancel := context.WithTimeout(context.Background(), 5*time.Minute)
		defer cancel()
		out, err := exec.CommandContext(ctx, goTool(), append(args, ".")...).CombinedOutput()
		if err != nil {
			buildErr = fmt.Errorf("go build: %v\n%s", err, out)
			return
		}
		cliPath = path
	})
	if buildErr != nil {
		t.Fatal(buildErr)
	}
	return cliPath
}

// goTool finds the go command: $GOROOT/bin/go when GOROOT is set, else the
// one on PATH.
func goTool() string {
	if root := os.Getenv("GOROOT"); root != "" {
		if p, err := exec.LookPath(filepath.Join(root, "bin", "go")); err == nil {
			return p
		}
	}
	return "go"
}

// cliEnv is the binary's environment. A race-enabled binary normally
// sleeps a second at exit so late reports get out; the tests wait for every
// process anyway, so they skip that.
func cliEnv() []string {
	return append(os.Environ(), "GORACE=atexit_sleep_ms=0 "+os.Getenv("GORACE"))
}

// Deadlines: generous, so that a busy machine slows the tests down without
// failing them.
const (
	runDeadline  = 60 * time.Second // one run of the binary
	waitDeadline = 20 * time.Second // serve to start listening or to stop
)

// result is what one run of the binary did.
type result struct {
	stdout, stderr string
	code           int
}

// runCLI runs the binary with args, stdin and a deadline, and returns what
// it printed and its exit status.
func runCLI(t *testing.T, stdin string, args ...string) result {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), runDeadline)
	defer cancel()
	cmd := exec.CommandContext(ctx, cli(t), args...)
	cmd.Env = cliEnv()
	var out, errOut bytes.Buffer
	cmd.Stdin = strings.NewReader(stdin)
	cmd.Stdout, cmd.Stderr = &out, &errOut
	err := cmd.Run()
	if ctx.Err() != nil {
		t.Fatalf("sockettester-cli %q did not finish within %v; stderr: %s", args, runDeadline, errOut.String())
	}
	code := 0
	var ee *exec.ExitError
	if errors.As(err, &ee) {
		code = ee.ExitCode()
	} else if err != nil {
		t.Fatalf("run sockettester-cli %q: %v", args, err)
	}
	return result{out.String(), errOut.String(), code}
}

// server is a running "sockettester-cli serve".
type server struct {
	t     *testing.T
	cmd   *exec.Cmd
	addrs map[string]string // network -> bound address
	first []string          // the listening lines

	mu     sync.Mutex
	rest   bytes.Buffer // everything printed after the listening lines
	done   chan struct{}
	stderr bytes.Buffer
}

// startServe runs serve with args, waits for its listening lines (one per
// network given) and stops it when the test ends.
func startServe(t *testing.T, args ...string) *server {
	t.Helper()
	want := 0
	for _, a := range args {
		if a == "--tcp" || a == "--udp" || a == "--unix" || a == "--unixgram" || a == "--ws" {
			want++
		}
	}
	return startListening(t, "serve", want, args...)
}

// startListening runs a command that listens until interrupted (serve,
// relay) with args, waits for its want listening lines and stops it when
// the test ends.
func startListening(t *testing.T, command string, want int, args ...string) *server {
	t.Helper()
	s := &server{t: t, addrs: map[string]string{}, done: make(chan struct{})}
	s.cmd = exec.Command(cli(t), append([]string{command}, args...)...)
	s.cmd.Env = cliEnv()
	s.cmd.Stderr = &syncWriter{mu: &s.mu, w: &s.stderr}
	stdout, err := s.cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	if err := s.cmd.Start(); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		s.cmd.Process.Kill()
		<-s.done
		s.cmd.Wait()
	})

	lines := make(chan string)
	go func() {
		defer close(s.done)
		r := bufio.NewReader(stdout)
		for range want {
			line, err := r.ReadString('\n')
			if err != nil {
				close(lines)
				return
			}
			lines <- strings.TrimRight(line, "\n")
		}
		io.Copy(&syncWriter{mu: &s.mu, w: &s.rest}, r)
	}()
	timeout := time.After(waitDeadline)
	for range want {
		select {
		case line, ok := <-lines:
			if !ok {
				t.Fatalf("%s %q ended before its listening lines; stderr: %s", command, args, s.stderrText())
			}
			s.first = append(s.first, line)
			s.parseListening(line)
		case <-timeout:
			t.Fatalf("%s %q printed no listening line within %v", command, args, waitDeadline)
		}
	}
	return s
}

// parseListening records the address from "listening tcp 127.0.0.1:43123"
// (perhaps followed by more: "relay to ...", "tls sha256 ...") or its JSON
// form.
func (s *server) parseListening(line string) {
	if strings.HasPrefix(line, "{") {
		e, err := sockets.DecodeEvent([]byte(line))
		if err != nil || e.Kind != sockets.KindListening || e.Local == "" {
			s.t.Fatalf("first line %q is not a JSON listening line (%v)", line, err)
		}
		s.addrs[e.Network] = e.Local
		return
	}
	f := strings.Fields(line)
	if len(f) < 3 || f[0] != "listening" {
		s.t.Fatalf("first line %q, want \"listening NETWORK ADDR ...\"", line)
	}
	if _, _, err := net.SplitHostPort(f[2]); err != nil && !strings.HasPrefix(f[1], "unix") {
		s.t.Fatalf("listening line %q: bad address: %v", line, err)
	}
	s.addrs[f[1]] = f[2]
}

// stop interrupts serve and returns its exit status and what it printed
// after the listening lines.
func (s *server) stop() (int, string) {
	s.t.Helper()
	if runtime.GOOS == "windows" {
		s.t.Skip("cannot send os.Interrupt on Windows")
	}
	if err := s.cmd.Process.Signal(os.Interrupt); err != nil {
		s.t.Fatal(err)
	}
	select {
	case <-s.done:
	case <-time.After(waitDeadline):
		s.t.Fatalf("serve did not exit within %v of SIGINT", waitDeadline)
	}
	err := s.cmd.Wait()
	code := 0
	var ee *exec.ExitError
	if errors.As(err, &ee) {
		code = ee.ExitCode()
	} else if err != nil {
		s.t.Fatal(err)
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	return code, s.rest.String()
}

func (s *server) stderrText() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.stderr.String()
}

// syncWriter guards a buffer written by exec's copying goroutine and read by
// the test.
type syncWriter struct {
	mu *sync.Mutex
	w  io.Writer
}

func (w *syncWriter) Write(p []byte) (int, error) {
	w.mu.Lock()
	defer w.mu.Unlock()
	return w.w.Write(p)
}

// closedPort returns a loopback TCP address that nothing listens on.
func closedPort(t *testing.T) string { return nettest.ClosedAddr(t, "tcp") }
