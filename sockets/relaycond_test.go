package sockets

import (
	"bytes"
	"errors"
	"io"
	"net"
	"runtime"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/sockettester/sockettester/sockets/conditions"
)

// condRelay starts an echo target and a relay to it with the conditions cs.
func condRelay(t *testing.T, cs ...string) (*Server, *conditions.Set) {
	t.Helper()
	echo := startServer(t, ServerConfig{})
	set := conditions.NewSet(42)
	for _, s := range cs {
		c, err := conditions.Parse(s)
		if err != nil {
			t.Fatalf("Parse(%q): %v", s, err)
		}
		if err := set.Add(c); err != nil {
			t.Fatal(err)
		}
	}
	r := startRelay(t, ServerConfig{Mode: ModeForward, ForwardTo: echo.Addr().String(), Conditions: set, Events: NewEventQueue(0)})
	return r, set
}

// echoAll sends data, ends the client's side, and returns all that came back.
func echoAll(t *testing.T, c net.Conn, data []byte) []byte {
	t.Helper()
	errc := make(chan error, 1)
	go func() {
		_, err := c.Write(data)
		if err == nil {
			err = c.(*net.TCPConn).CloseWrite()
		}
		errc <- err
	}()
	got, err := io.ReadAll(c)
	if err != nil {
		t.Fatalf("read back: %v (after %d of %d bytes)", err, len(got), len(data))
	}
	if err := within(t, "the write", errc); err != nil {
		t.Fatal(err)
	}
	return got
}

func condPattern(n int) []byte {
	b := make([]byte, n)
	for i := range b {
		b[i] = byte(i*7 + i/251)
	}
	return b
}

// Conditions that only delay deliver every byte in order, and pass the
// client's end of stream on.
func TestConditionsDeliverEveryByte(t *testing.T) {
	for _, cs := range [][]string{
		{"latency=20ms,jitter=15ms,dir=both"},
		{"bandwidth=20000,dir=both"},
		{"slicer=100,variation=60,delay=5us,dir=both"},
		{"slow_close=10ms,dir=both"},
		{"latency=5ms,jitter=5ms,dir=up", "slicer=1000,variation=999,dir=down", "bandwidth=50000,dir=down"},
	} {
		t.Run(cs[0], func(t *testing.T) {
			r, _ := condRelay(t, cs...)
			c := dial(t, "tcp", r)
			data := condPattern(1 << 20)
			if got := echoAll(t, c, data); !bytes.Equal(got, data) {
				t.Fatalf("got %d bytes back, want the %d sent, in order", len(got), len(data))
			}
		})
	}
}

func TestConditionLatencyDelaysEachWay(t *testing.T) {
	r, _ := condRelay(t, "latency=50ms,dir=both")
	c := dial(t, "tcp", r)
	start := time.Now()
	roundTrip(t, c, []byte("ping"), []byte("ping"))
	if el := time.Since(start); el < 100*time.Millisecond {
		t.Errorf("round trip took %v; want at least 100ms (50ms each way)", el)
	}
}

// A condition added to a running relay applies to an open connection at
// its next chunk, and removing it leaves the connection working.
func TestConditionsChangeLive(t *testing.T) {
	r, set := condRelay(t)
	c := dial(t, "tcp", r)
	roundTrip(t, c, []byte("one"), []byte("one"))
	lat, _ := conditions.Parse("latency=80ms")
	if err := set.Add(lat); err != nil {
		t.Fatal(err)
	}
	start := time.Now()
	roundTrip(t, c, []byte("two"), []byte("two"))
	if el := time.Since(start); el < 80*time.Millisecond {
		t.Errorf("round trip with latency added took %v; want at least 80ms", el)
	}
	if err := set.Remove(lat.Name); err != nil {
		t.Fatal(err)
	}
	roundTrip(t, c, []byte("three"), []byte("three"))
	if got := set.Counts(lat.Name).Delayed.Load(); got < 1 {
		t.Errorf("latency counted %d delayed chunks; want at least 1", got)
	}
}

func TestConditionLimitData(t *testing.T) {
	r, set := condRelay(t, "limit_data=10,dir=down")
	c := dial(t, "tcp", r)
	if _, err := c.Write([]byte("0123456789abcdef")); err != nil {
		t.Fatal(err)
	}
	got, _ := io.ReadAll(c)
	if string(got) != "0123456789" {
		t.Fatalf("got %q; want the first 10 bytes, then the close", got)
	}
	eventually(t, "the dropped bytes counted", func() bool { return set.Counts("limit_data_down").Dropped.Load() == 6 })
}

func TestConditionResetPeer(t *testing.T) {
	r, _ := condRelay(t, "reset_peer=10ms,dir=down")
	c := dial(t, "tcp", r)
	_, err := io.ReadAll(c)
	if !errors.Is(err, syscall.ECONNRESET) {
		t.Fatalf("read: %v; want a connection reset", err)
	}
}

func TestConditionTimeoutHoldsThenCloses(t *testing.T) {
	r, set := condRelay(t, "timeout=30ms,dir=up")
	c := dial(t, "tcp", r)
	c.Write([]byte("lost"))
	got, _ := io.ReadAll(c)
	if len(got) != 0 {
		t.Fatalf("got %q through a timeout; want nothing, then the close", got)
	}
	if n := set.Counts("timeout_up").Closed.Load(); n != 1 {
		t.Errorf("timeout closed %d connections; want 1", n)
	}
}

// Toxicity exactly 0 has no effect at all (toxiproxy #603).
func TestConditionToxicityZero(t *testing.T) {
	r, _ := condRelay(t, "timeout=0,dir=both,toxicity=0", "down,toxicity=0")
	c := dial(t, "tcp", r)
	roundTrip(t, c, []byte("still here"), []byte("still here"))
}

func TestConditionDownRefusesAndCloses(t *testing.T) {
	r, set := condRelay(t)
	c := dial(t, "tcp", r)
	roundTrip(t, c, []byte("up"), []byte("up"))
	down, _ := conditions.Parse("down")
	if err := set.Add(down); err != nil {
		t.Fatal(err)
	}
	if got, _ := io.ReadAll(c); len(got) != 0 {
		t.Fatalf("open connection got %q; want it closed", got)
	}
	c2 := dial(t, "tcp", r)
	if got, _ := io.ReadAll(c2); len(got) != 0 {
		t.Fatalf("new connection got %q; want it refused", got)
	}
}

// With an empty set the relay still copies in the kernel (splice), and a
// condition added then removed again leaves a new connection on that path.
func TestConditionsEmptySetKeepsKernelCopy(t *testing.T) {
	echo := startServer(t, ServerConfig{})
	set := conditions.NewSet(1)
	q := NewEventQueue(0)
	r := startRelay(t, ServerConfig{Mode: ModeForward, ForwardTo: echo.Addr().String(), Conditions: set, Events: q})
	c := dial(t, "tcp", r)
	echoByKernelCopy(t, q, c, "with an empty set of conditions")
}

// What each condition did is counted and reported as the relay stops.
func TestConditionCountsReported(t *testing.T) {
	echo := startServer(t, ServerConfig{})
	set := conditions.NewSet(1)
	lim, _ := conditions.Parse("limit_data=4,dir=down")
	set.Add(lim)
	q := NewEventQueue(0)
	r := startRelay(t, ServerConfig{Mode: ModeForward, ForwardTo: echo.Addr().String(), Conditions: set, Events: q})
	c := dial(t, "tcp", r)
	c.Write([]byte("abcdefgh"))
	if got, _ := io.ReadAll(c); string(got) != "abcd" {
		t.Fatalf("got %q; want the 4 bytes the limit lets through", got)
	}
	waitEvent(t, q, kindIs(SideRelay, KindDisconnected))
	stopWithin(t, r)
	want := "condition limit_data_down: connections 1, chunks held back 0, bytes dropped 4, connections closed 1"
	ev := waitEvent(t, q, kindIs(SideRelay, KindStopped))
	for _, e := range ev {
		if e.Msg == want {
			return
		}
	}
	t.Errorf("no event %q", want)
}

// reset_peer resets the connection after its delay even when the target
// already sent everything and ended its stream.
func TestConditionResetPeerAfterTheTargetEnded(t *testing.T) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer ln.Close()
	go func() {
		c, err := ln.Accept()
		if err != nil {
			return
		}
		c.Write([]byte("bye"))
		c.(*net.TCPConn).CloseWrite()
		c.SetReadDeadline(time.Now().Add(testTimeout))
		io.Copy(io.Discard, c)
		c.Close()
	}()
	set := conditions.NewSet(1)
	rp, _ := conditions.Parse("reset_peer=50ms")
	set.Add(rp)
	q := NewEventQueue(0)
	r := startRelay(t, ServerConfig{Mode: ModeForward, ForwardTo: ln.Addr().String(), Conditions: set, Events: q})
	c := dial(t, "tcp", r)
	buf := make([]byte, 3)
	if _, err := io.ReadFull(c, buf); err != nil || string(buf) != "bye" {
		t.Fatalf("read %q, %v; want the target's bye", buf, err)
	}
	// The end of the target's stream comes through; then the reset.
	if n, err := c.Read(buf); n != 0 || err != io.EOF {
		t.Fatalf("read %d, %v; want the end of stream", n, err)
	}
	ev := waitEvent(t, q, kindIs(SideRelay, KindDisconnected))
	if e := ev[len(ev)-1]; e.Err == nil || e.Err.Error() != "reset by a network condition (reset_peer)" {
		t.Fatalf("disconnected with %v; want the reset", e.Err)
	}
	// The reset reached the client: a write now fails (the first may be
	// taken before the kernel processed the reset; the deadline bounds it).
	for {
		if _, err := c.Write([]byte("still there?")); err != nil {
			if !errors.Is(err, syscall.ECONNRESET) && !errors.Is(err, syscall.EPIPE) {
				t.Fatalf("write after the reset: %v; want a connection reset", err)
			}
			return
		}
	}
}

// Once the last condition is removed, an open connection goes back to the
// kernel copy, every byte still in order.
func TestConditionsRemovedBackToKernelCopy(t *testing.T) {
	echo := startServer(t, ServerConfig{})
	set := conditions.NewSet(1)
	lat, _ := conditions.Parse("latency=10ms,dir=both")
	set.Add(lat)
	q := NewEventQueue(0)
	r := startRelay(t, ServerConfig{Mode: ModeForward, ForwardTo: echo.Addr().String(), Conditions: set, Events: q})
	c := dial(t, "tcp", r)
	roundTrip(t, c, []byte("slow"), []byte("slow"))
	if err := set.Remove(lat.Name); err != nil {
		t.Fatal(err)
	}
	waitEvent(t, q, func(e Event) bool { return strings.Contains(e.Msg, "removed") })
	echoByKernelCopy(t, q, c, "after the last condition was removed")
}

// echoByKernelCopy echoes 8 MiB through the relay on c, exact and in
// order, and checks from q's events, up to the disconnect, that the relay
// copied them in the kernel (its fast path); when says in which case.
func echoByKernelCopy(t *testing.T, q *EventQueue, c net.Conn, when string) {
	t.Helper()
	data := condPattern(8 << 20)
	if got := echoAll(t, c, data); !bytes.Equal(got, data) {
		t.Fatalf("got %d bytes back, want the %d sent, in order", len(got), len(data))
	}
	bulk := false
	waitEvent(t, q, func(e Event) bool {
		bulk = bulk || strings.Contains(e.Msg, "bulk copy in the kernel")
		return e.Kind == KindDisconnected
	})
	if !bulk {
		t.Error("no bulk (kernel) copy " + when)
	}
}

// Conditions switched on and off while a stream flows lose and reorder
// nothing: each switch moves a direction between the kernel copy and the
// conditions' copy.
func TestConditionsToggledMidStream(t *testing.T) {
	echo := startServer(t, ServerConfig{})
	set := conditions.NewSet(1)
	r := startRelay(t, ServerConfig{Mode: ModeForward, ForwardTo: echo.Addr().String(), Conditions: set})
	c := dial(t, "tcp", r)
	stop := make(chan struct{})
	toggled := make(chan int, 1)
	go func() {
		n := 0
		sl, _ := conditions.Parse("slicer=4000,variation=3000,dir=both")
		for {
			select {
			case <-stop:
				toggled <- n
				return
			default:
			}
			if set.Empty() {
				set.Add(sl)
			} else {
				set.Remove(sl.Name)
			}
			n++
			runtime.Gosched()
		}
	}()
	data := condPattern(16 << 20)
	got := echoAll(t, c, data)
	close(stop)
	n := <-toggled
	t.Logf("%d switches", n)
	if !bytes.Equal(got, data) {
		t.Fatalf("after %d switches got %d bytes back, want the %d sent, in order", n, len(got), len(data))
	}
}
