//go:build unix

package sockets_test

import (
	"bufio"
	"fmt"
	"io"
	"net"
	"os"
	"os/exec"
	"runtime"
	"runtime/pprof"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"
)

// Idle memory: how much the server process grows per connected, idle client.
//
//	SOCKETS_IDLE_CLIENTS=10000 go test -run '^TestIdleMemory$' -v ./sockets/
//
// The clients live in a child process (this test binary run again as
// TestIdleClientsChild), so the server process's growth is the server's
// alone and each process needs one descriptor per connection, not two.
// Optional: SOCKETS_IDLE_SERVERS=engine,copy32k,iocopy,engine-noevents picks
// the servers (default engine,copy32k); SOCKETS_IDLE_HEAPPROFILE=file writes
// the engine's heap profile taken while the clients are connected.
const (
	benchIdleTargetKiB = 20.0
	benchIdleWait      = 2 * time.Minute
	benchIdleChildEnv  = "SOCKETS_IDLE_CHILD_ADDR"
	benchIdleLine      = "idle-child:"
)

// benchMemInUse returns heap plus stack bytes in use after a full GC.
func benchMemInUse() uint64 {
	runtime.GC()
	runtime.GC()
	var m runtime.MemStats
	runtime.ReadMemStats(&m)
	return m.HeapInuse + m.StackInuse
}

// TestIdleMemory connects SOCKETS_IDLE_CLIENTS idle clients to each server,
// checks that every connection echoes one byte, and reports the server
// process's heap+stack growth per connection, idle right after connecting
// and again after the echo. The engine must stay within 20 KiB per
// connection.
func TestIdleMemory(t *testing.T) {
	n := benchEnvInt("SOCKETS_IDLE_CLIENTS", 0)
	if n == 0 {
		t.Skip("set SOCKETS_IDLE_CLIENTS=10000 to measure idle memory per connection")
	}
	servers := "engine,copy32k"
	if v := os.Getenv("SOCKETS_IDLE_SERVERS"); v != "" {
		servers = v
	}
	profile := os.Getenv("SOCKETS_IDLE_HEAPPROFILE")
	if profile != "" {
		runtime.MemProfileRate = 1
	}
	for _, name := range strings.Split(servers, ",") {
		t.Run(name, func(t *testing.T) {
			var start func(testing.TB) benchServer
			switch name {
			case "engine":
				start = func(tb testing.TB) benchServer { return benchStartEngine(tb, "tcp", benchEventsNow, n+64) }
			case "engine-noevents":
				start = func(tb testing.TB) benchServer { return benchStartEngine(tb, "tcp", benchNoEvents, n+64) }
			default:
				start = benchTCPTarget(name).start
			}
			benchIdleRun(t, name, n, start, profile)
		})
	}
}

func benchIdleRun(t *testing.T, name string, n int, start func(testing.TB) benchServer, profile string) {
	srv := start(t)
	defer srv.stop()
	before := benchMemInUse()
	goroutines := runtime.NumGoroutine()

	child := benchStartIdleChild(t, srv.addr, n)
	defer child.quit(t)
	child.expect(t, "connected")
	deadline := time.Now().Add(benchIdleWait)
	for srv.conns() != n {
		if time.Now().After(deadline) {
			t.Fatalf("server holds %d connections, want %d", srv.conns(), n)
		}
		time.Sleep(20 * time.Millisecond)
	}
	time.Sleep(200 * time.Millisecond) // let the last connected events drain
	idle := benchMemInUse()
	idleG := runtime.NumGoroutine()

	child.send(t, "check")
	if got := child.expect(t, "checked"); got != fmt.Sprintf("ok=%d fail=0", n) {
		t.Fatalf("echo check: %s, want ok=%d fail=0", got, n)
	}
	after := benchMemInUse()
	if profile != "" && strings.HasPrefix(name, "engine") {
		benchWriteHeapProfile(t, profile)
	}

	perIdle := float64(int64(idle)-int64(before)) / float64(n) / 1024
	perAfter := float64(int64(after)-int64(before)) / float64(n) / 1024
	t.Logf("idle-memory server=%s conns=%d KiB/conn-idle=%.2f KiB/conn-after-echo=%.2f goroutines/conn=%.2f",
		name, n, perIdle, perAfter, float64(idleG-goroutines)/float64(n))
	if strings.HasPrefix(name, "engine") && max(perIdle, perAfter) > benchIdleTargetKiB {
		t.Errorf("engine holds %.2f KiB per idle connection, target <= %.0f KiB", max(perIdle, perAfter), benchIdleTargetKiB)
	}
}

func benchWriteHeapProfile(t *testing.T, path string) {
	f, err := os.Create(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	if err := pprof.Lookup("heap").WriteTo(f, 0); err != nil {
		t.Fatal(err)
	}
	t.Logf("heap profile written to %s", path)
}

// benchIdleChild is the client process and its line protocol: it prints
// "idle-child: connected", then "idle-child: checked ok=N fail=M" for each
// "check" it reads, and closes everything on "quit" or end of input.
type benchIdleChild struct {
	cmd    *exec.Cmd
	stdin  io.WriteCloser
	lines  chan string
	exited chan error
	once   sync.Once
}

func benchStartIdleChild(t *testing.T, addr string, n int) *benchIdleChild {
	t.Helper()
	cmd := exec.Command(os.Args[0], "-test.run=^TestIdleClientsChild$", "-test.count=1")
	cmd.Env = append(os.Environ(), benchIdleChildEnv+"="+addr, fmt.Sprintf("SOCKETS_IDLE_CLIENTS=%d", n))
	cmd.Stderr = os.Stderr
	stdin, err := cmd.StdinPipe()
	if err != nil {
		t.Fatal(err)
	}
	stdout, err := cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	if err := cmd.Start(); err != nil {
		t.Fatalf("start client process: %v", err)
	}
	c := &benchIdleChild{cmd: cmd, stdin: stdin, lines: make(chan string, 16), exited: make(chan error, 1)}
	go func() {
		sc := bufio.NewScanner(stdout)
		for sc.Scan() {
			if rest, ok := strings.CutPrefix(sc.Text(), benchIdleLine); ok {
				c.lines <- strings.TrimSpace(rest)
			}
		}
		close(c.lines)
		c.exited <- cmd.Wait()
	}()
	return c
}

func (c *benchIdleChild) send(t *testing.T, cmd string) {
	t.Helper()
	if _, err := io.WriteString(c.stdin, cmd+"\n"); err != nil {
		t.Fatalf("client process: %v", err)
	}
}

// expect waits for the line starting with word and returns the rest.
func (c *benchIdleChild) expect(t *testing.T, word string) string {
	t.Helper()
	timer := time.NewTimer(benchIdleWait)
	defer timer.Stop()
	for {
		select {
		case l, ok := <-c.lines:
			if !ok {
				t.Fatalf("client process ended before %q", word)
			}
			if rest, ok := strings.CutPrefix(l, word); ok {
				return strings.TrimSpace(rest)
			}
			t.Fatalf("client process: %s", l)
		case <-timer.C:
			t.Fatalf("client process: no %q within %v", word, benchIdleWait)
		}
	}
}

func (c *benchIdleChild) quit(t *testing.T) {
	c.once.Do(func() {
		io.WriteString(c.stdin, "quit\n")
		c.stdin.Close()
		select {
		case err := <-c.exited:
			if err != nil {
				t.Errorf("client process: %v", err)
			}
		case <-time.After(30 * time.Second):
			c.cmd.Process.Kill()
			<-c.exited
			t.Errorf("client process did not quit; killed")
		}
	})
}

// TestIdleClientsChild is the client side of TestIdleMemory, run only in
// the child process it starts.
func TestIdleClientsChild(t *testing.T) {
	addr := os.Getenv(benchIdleChildEnv)
	if addr == "" {
		t.Skip("run by TestIdleMemory in a child process")
	}
	n := benchEnvInt("SOCKETS_IDLE_CLIENTS", 1)
	conns := make([]net.Conn, n)
	defer func() {
		for _, c := range conns {
			if c != nil {
				c.Close()
			}
		}
	}()
	if err := benchParallel(n, 8, func(i int) error {
		c, err := net.DialTimeout("tcp", addr, 30*time.Second)
		conns[i] = c
		return err
	}); err != nil {
		fmt.Printf("%s error dial: %v\n", benchIdleLine, err)
		return
	}
	fmt.Printf("%s connected %d\n", benchIdleLine, n)
	sc := bufio.NewScanner(os.Stdin)
	for sc.Scan() {
		switch sc.Text() {
		case "check":
			var fail atomic.Int64
			var first atomic.Pointer[error]
			benchParallel(n, 16, func(i int) error {
				if err := benchEchoByte(conns[i], byte('a'+i%26)); err != nil {
					fail.Add(1)
					err = fmt.Errorf("conn %d: %w", i, err)
					first.CompareAndSwap(nil, &err)
				}
				return nil
			})
			fmt.Printf("%s checked ok=%d fail=%d\n", benchIdleLine, int64(n)-fail.Load(), fail.Load())
			if e := first.Load(); e != nil {
				fmt.Fprintf(os.Stderr, "first echo failure: %v\n", *e)
			}
		case "quit":
			return
		}
	}
}

// benchEchoByte sends b on c and expects exactly b back.
func benchEchoByte(c net.Conn, b byte) error {
	c.SetDeadline(time.Now().Add(30 * time.Second))
	defer c.SetDeadline(time.Time{})
	if _, err := c.Write([]byte{b}); err != nil {
		return err
	}
	var got [1]byte
	if _, err := io.ReadFull(c, got[:]); err != nil {
		return err
	}
	if got[0] != b {
		return fmt.Errorf("echo %q, want %q", got[0], b)
	}
	return nil
}

// benchParallel runs f(0..n-1) on workers goroutines and returns the first
// error; it stops handing out work after an error.
func benchParallel(n, workers int, f func(i int) error) error {
	var next atomic.Int64
	var wg sync.WaitGroup
	var mu sync.Mutex
	var first error
	for w := 0; w < workers; w++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for {
				i := int(next.Add(1) - 1)
				if i >= n {
					return
				}
				if err := f(i); err != nil {
					mu.Lock()
					if first == nil {
						first = err
					}
					mu.Unlock()
					next.Store(int64(n))
					return
				}
			}
		}()
	}
	wg.Wait()
	return first
}
