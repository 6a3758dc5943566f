package sockets

import (
	"bytes"
	"crypto/rand"
	"errors"
	"fmt"
	"io"
	"net"
	"os"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"
)

func TestPeerResetDoesNotStallOthers(t *testing.T) {
	q := NewEventQueue(256)
	s := startServer(t, ServerConfig{Events: q})
	good := dial(t, "tcp", s)
	bad := dial(t, "tcp", s).(*net.TCPConn)
	roundTrip(t, bad, []byte("x"), []byte("x"))
	bad.SetLinger(0) // close with RST
	bad.Close()
	ev := waitEvent(t, q, kindIs(SideServer, KindDisconnected))
	if d := ev[len(ev)-1]; d.Msg != "reset by peer" || !errors.Is(d.Err, syscall.ECONNRESET) {
		t.Fatalf("disconnect event %v; want reset by peer", d)
	}
	roundTrip(t, good, []byte("still here"), []byte("still here"))
}

func TestJunkFloodAndNonReaderDoNotStallOthers(t *testing.T) {
	s := startServer(t, ServerConfig{})
	// A peer that floods and never reads: the echo toward it backs up and
	// blocks its own goroutine only.
	flooder := dial(t, "tcp", s)
	flooding := make(chan int64, 1) // bytes written, once past 1 MiB or at the end
	go func() {
		junk := make([]byte, 64*1024)
		rand.Read(junk)
		flooder.SetWriteDeadline(time.Now().Add(2 * time.Second))
		var flooded int64
		for {
			n, err := flooder.Write(junk)
			if flooded += int64(n); flooded > 1<<20 || err != nil {
				select {
				case flooding <- flooded:
				default:
				}
			}
			if err != nil {
				return
			}
		}
	}()
	if n := within(t, "the flood to back up", flooding); n <= 1<<20 {
		t.Fatalf("the flood stopped after %d bytes", n)
	}
	idle := dial(t, "tcp", s) // connects and says nothing
	good := dial(t, "tcp", s)
	roundTrip(t, good, []byte("ping"), []byte("ping"))
	// The flooder is not reading, so a broadcast may time out toward it,
	// but must reach the others.
	if n, err := s.Broadcast([]byte("b")); n < 2 {
		t.Fatalf("broadcast reached %d peers (err %v); want at least the idle and the good one", n, err)
	}
	for name, c := range map[string]net.Conn{"idle": idle, "good": good} {
		got := make([]byte, 1)
		if _, err := io.ReadFull(c, got); err != nil || string(got) != "b" {
			t.Errorf("the %s peer read %q, %v; want the broadcast \"b\"", name, got, err)
		}
	}
	stopWithin(t, s)
}

func TestSendToNonReaderTimesOut(t *testing.T) {
	q := NewEventQueue(1024)
	s := startServer(t, ServerConfig{WriteTimeout: 100 * time.Millisecond, Mode: ModeSilent, Events: q})
	c := dial(t, "tcp", s)
	c.Write([]byte("hi"))
	waitEvent(t, q, kindIs(SideServer, KindConnected))
	peer := s.Peers()[0].Addr
	big := make([]byte, 1<<20)
	var err error
	for i := 0; i < 64 && err == nil; i++ {
		err = s.SendTo(peer, big)
	}
	if err == nil || !strings.Contains(err.Error(), "i/o timeout") {
		t.Fatalf("SendTo to a non-reader: %v; want an i/o timeout", err)
	}
	ev := waitEvent(t, q, kindIs(SideServer, KindDisconnected))
	if d := ev[len(ev)-1]; d.Msg != "disconnected: peer did not read within 100ms" {
		t.Fatalf("disconnect event %v", d)
	}
}

func TestStopWithManyClients(t *testing.T) {
	const n = 1000
	q := NewEventQueue(64) // mostly full: events are dropped, never waited on
	heard := make(chan struct{}, n)
	s := startServer(t, ServerConfig{Events: q, Mode: ModeSilent, OnData: func(string, []byte) { heard <- struct{}{} }})
	conns := make([]net.Conn, 0, n)
	defer func() {
		for _, c := range conns {
			c.Close()
		}
	}()
	for i := 0; i < n; i++ {
		c, err := net.DialTimeout("tcp", s.Addr().String(), testTimeout)
		if err != nil {
			t.Fatalf("dial %d: %v", i, err)
		}
		conns = append(conns, c)
		// A byte from each client tells when the server has taken it on.
		if _, err := c.Write([]byte{'x'}); err != nil {
			t.Fatalf("write %d: %v", i, err)
		}
	}
	for i := 0; i < n; i++ {
		within(t, fmt.Sprintf("client %d of %d to be served", i+1, n), heard)
	}
	if cur := s.Stats().ConnsCurrent; cur != n {
		t.Fatalf("%d connections; want %d", cur, n)
	}
	// BenchmarkStop1000 reports how long this takes; here it only must
	// not hang.
	stopWithin(t, s)
	if st := s.Stats(); st.ConnsCurrent != 0 || st.ConnsTotal != n {
		t.Fatalf("stats after Stop %+v", st)
	}
	conns[0].SetReadDeadline(time.Now().Add(testTimeout))
	if _, err := conns[0].Read(make([]byte, 2)); err == nil {
		t.Fatal("client still connected after Stop")
	}
}

// flakyListener fails Accept with a temporary error a number of times.
type flakyListener struct {
	net.Listener
	mu    sync.Mutex
	fails int
	calls []time.Time
}

func (l *flakyListener) Accept() (net.Conn, error) {
	l.mu.Lock()
	l.calls = append(l.calls, time.Now())
	fail := l.fails > 0
	l.fails--
	l.mu.Unlock()
	if fail {
		return nil, &net.OpError{Op: "accept", Net: "tcp", Err: syscall.EMFILE}
	}
	return l.Listener.Accept()
}

func TestAcceptErrorsBackOff(t *testing.T) {
	t.Parallel()
	var fl *flakyListener
	listen := func(network, addr string) (net.Listener, error) {
		ln, err := net.Listen(network, addr)
		if err != nil {
			return nil, err
		}
		fl = &flakyListener{Listener: ln, fails: 4}
		return fl, nil
	}
	q := NewEventQueue(64)
	s := startServer(t, ServerConfig{Events: q, Listen: listen})
	c := dial(t, "tcp", s)
	roundTrip(t, c, []byte("after"), []byte("after"))
	fl.mu.Lock()
	calls := append([]time.Time(nil), fl.calls...)
	fl.mu.Unlock()
	// 4 failures back off 5+10+20+40 ms before the 5th call succeeds.
	if len(calls) < 5 || calls[4].Sub(calls[0]) < 70*time.Millisecond {
		t.Fatalf("%d accept calls over %v; want backoff of at least 75ms", len(calls), calls[len(calls)-1].Sub(calls[0]))
	}
	ev := waitEvent(t, q, func(e Event) bool { return e.Kind == KindError })
	if e := ev[len(ev)-1]; !errors.Is(e.Err, syscall.EMFILE) || e.Msg != "accept failed, retrying in 5ms" {
		t.Fatalf("accept error event %v", e)
	}
}

func TestStartStopLeavesNoGoroutines(t *testing.T) {
	// goleak in TestMain checks the whole run; this exercises the cycle
	// with clients connected mid-transfer.
	for i := 0; i < 20; i++ {
		for _, network := range []string{"tcp", "udp"} {
			s := NewServer(ServerConfig{Network: network, Events: NewEventQueue(8)})
			if err := s.Start(); err != nil {
				t.Fatal(err)
			}
			c, err := net.Dial(network, s.Addr().String())
			if err != nil {
				t.Fatal(err)
			}
			c.Write(bytes.Repeat([]byte("z"), 4096))
			s.Stop()
			c.Close()
		}
	}
	if err := checkNoLeaks(); err != nil {
		t.Fatal(err)
	}
}

// TestEchoToNonReaderIsDropped: a peer that sends and never reads stops
// taking its echo (or reply). Once no byte of it has gone for WriteTimeout
// the server drops that peer, saying why, and another peer's echo answers
// all along.
func TestEchoToNonReaderIsDropped(t *testing.T) {
	reply := bytes.Repeat([]byte("r"), 64<<10) // a large reply fills the peer's buffers sooner
	for _, tc := range []struct {
		name string
		cfg  ServerConfig
		want []byte // the answer to "ping\n"
	}{
		{"echo", ServerConfig{}, []byte("ping\n")},                                           // a flood is echoed in the kernel
		{"echo-read-write", ServerConfig{OnData: func(string, []byte) {}}, []byte("ping\n")}, // OnData keeps it in user space
		{"reply", ServerConfig{Mode: ModeReply, Reply: reply}, reply},
	} {
		t.Run(tc.name, func(t *testing.T) {
			q := NewEventQueue(0)
			cfg := tc.cfg
			cfg.Events, cfg.WriteTimeout = q, 200*time.Millisecond
			s := startServer(t, cfg)
			deaf := dial(t, "tcp", s).(*net.TCPConn)
			deaf.SetReadBuffer(4 << 10)
			deafAddr := deaf.LocalAddr().String()
			flood := make(chan error, 1)
			go func() {
				junk := make([]byte, 64<<10)
				var err error
				for sent := 0; err == nil && sent < 1<<30; sent += len(junk) {
					_, err = deaf.Write(junk)
				}
				flood <- err
			}()
			good := dial(t, "tcp", s)
			roundTrip(t, good, []byte("ping\n"), tc.want)

			ev := waitEvent(t, q, func(e Event) bool { return e.Kind == KindDisconnected && e.Remote == deafAddr })
			d := ev[len(ev)-1]
			if d.Code != codeEchoNotRead || d.Msg != "disconnected: it did not read the answers sent to it for 200ms" {
				t.Fatalf("the non-reader's disconnect: %s %q; want %s saying it did not read", d.Code, d.Msg, codeEchoNotRead)
			}
			if err := within(t, "end of the flood", (<-chan error)(flood)); err == nil || errors.Is(err, os.ErrDeadlineExceeded) {
				t.Fatalf("the flood ended with %v; want the connection closed by the server", err)
			}
			eventually(t, "the non-reader's slot to be free", func() bool { return s.Stats().ConnsCurrent == 1 })
			roundTrip(t, good, []byte("ping\n"), tc.want)
		})
	}
}
