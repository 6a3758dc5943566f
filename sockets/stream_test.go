package sockets

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"net"
	"os"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/sockettester/sockettester/sockets/addr"
)

// pattern returns n bytes that differ from any shifted copy of themselves
// in most places, so a lost, doubled or reordered chunk shows.
func pattern(n int) []byte {
	b := make([]byte, n)
	for i := range b {
		b[i] = byte(i*7 + i>>8 + i>>16)
	}
	return b
}

// streamCheck compares what a client receives, chunk by chunk, with what
// it should.
type streamCheck struct {
	want []byte
	mu   sync.Mutex
	got  int
	bad  error
	full chan struct{}
}

func newStreamCheck(want []byte) *streamCheck {
	return &streamCheck{want: want, full: make(chan struct{})}
}

// onData is a ClientConfig.OnData.
func (s *streamCheck) onData(p []byte) {
	s.mu.Lock()
	defer s.mu.Unlock()
	switch {
	case s.bad != nil:
	case s.got+len(p) > len(s.want):
		s.bad = fmt.Errorf("received %d bytes; want %d", s.got+len(p), len(s.want))
	case !bytes.Equal(p, s.want[s.got:s.got+len(p)]):
		s.bad = fmt.Errorf("bytes %d to %d differ from what was sent", s.got, s.got+len(p))
	}
	s.got += len(p)
	if s.got == len(s.want) {
		close(s.full)
	}
}

// wait waits until everything arrived and reports a difference.
func (s *streamCheck) wait(t testing.TB) {
	t.Helper()
	select {
	case <-s.full:
	case <-time.After(4 * testTimeout):
		s.mu.Lock()
		t.Fatalf("received %d of %d bytes", s.got, len(s.want))
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.bad != nil {
		t.Fatal(s.bad)
	}
}

// Test64MiBThroughEcho sends 64 MiB through the echo server, plain and
// over TLS, and checks every byte that comes back and the counters on both
// sides.
func Test64MiBThroughEcho(t *testing.T) {
	msg := pattern(64 << 20)
	for _, useTLS := range []bool{false, true} {
		t.Run(map[bool]string{false: "tcp", true: "tls"}[useTLS], func(t *testing.T) {
			check := newStreamCheck(msg)
			s, c := echoAndClient(t, useTLS, nil, check.onData)
			if err := c.Send(msg); err != nil {
				t.Fatal(err)
			}
			check.wait(t)
			if err := c.CloseWrite(); err != nil {
				<-c.Done()
				t.Fatalf("%v (connection ended: %v; server %+v)", err, c.Err(), s.Stats())
			}
			within(t, "the echo's end of stream", c.Done())
			if st := c.Stats(); st.BytesOut != uint64(len(msg)) || st.BytesIn != uint64(len(msg)) {
				t.Errorf("client counted %d out, %d in; want %d", st.BytesOut, st.BytesIn, len(msg))
			}
			if st := s.Stats(); st.BytesIn != uint64(len(msg)) || st.BytesOut != uint64(len(msg)) {
				t.Errorf("server counted %d in, %d out; want %d", st.BytesIn, st.BytesOut, len(msg))
			}
		})
	}
}

// slowReader accepts one connection on loopback with a small receive
// buffer and reads it at pace: chunk bytes, then a pause. It sends the
// bytes it read on the returned channel when the client hangs up.
func slowReader(t testing.TB, chunk int, pause time.Duration) (string, <-chan []byte) {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	out := make(chan []byte, 1)
	stop, done := make(chan struct{}), make(chan struct{})
	t.Cleanup(func() { ln.Close(); close(stop); <-done })
	go func() {
		defer close(done)
		c, err := ln.Accept()
		if err != nil {
			return
		}
		defer c.Close()
		c.(*net.TCPConn).SetReadBuffer(64 << 10)
		c.SetDeadline(time.Now().Add(4 * testTimeout))
		var got bytes.Buffer
		for {
			n, err := io.CopyN(&got, c, int64(chunk))
			if err != nil || n < int64(chunk) {
				break
			}
			select {
			case <-time.After(pause):
			case <-stop:
				return
			}
		}
		out <- got.Bytes()
	}()
	return ln.Addr().String(), out
}

// TestSendToSlowReader checks that the timeout bounds a send that makes no
// progress, not a long one: a reader that takes far longer than the
// timeout in all, but never stops for that long, gets everything.
func TestSendToSlowReader(t *testing.T) {
	// The reader stops for 1/50 of the timeout at a time, so only a stall
	// of almost the whole timeout on a very busy machine could fail this;
	// 20 MiB, less what the socket buffers hold, takes some 60 pauses.
	const timeout = 1500 * time.Millisecond
	addr, read := slowReader(t, 256<<10, timeout/50)
	c, err := Dial(context.Background(), ClientConfig{Addr: addr, Timeout: timeout})
	if err != nil {
		t.Fatal(err)
	}
	msg := pattern(20 << 20)
	start := time.Now()
	if err := c.Send(msg); err != nil {
		t.Fatalf("Send after %v: %v", time.Since(start), err)
	}
	c.Close()
	if got := within(t, "what the reader read", read); !bytes.Equal(got, msg) {
		t.Fatalf("reader got %d bytes, not what was sent (%d)", len(got), len(msg))
	}
	if d := time.Since(start); d < timeout {
		t.Fatalf("the transfer took %v, less than the %v timeout: the reader's buffers were larger than expected, so no send outlasted the timeout", d, timeout)
	}
}

// TestSendToStalledReader checks the other side: a reader that stops for
// good fails the send after the timeout, saying how far it got.
func TestSendToStalledReader(t *testing.T) {
	addr, _ := slowReader(t, 1<<20, time.Hour)
	c, err := Dial(context.Background(), ClientConfig{Addr: addr, Timeout: 300 * time.Millisecond})
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close()
	err = c.Send(pattern(64 << 20))
	if !errors.Is(err, os.ErrDeadlineExceeded) || !strings.Contains(err.Error(), "only ") || !strings.Contains(err.Error(), " of 67108864 bytes sent") {
		t.Fatalf("Send: %v; want how much went and a timeout", err)
	}
}

func TestUDPEmptyDatagramIsAReply(t *testing.T) {
	sq := NewEventQueue(0)
	s := startServer(t, ServerConfig{Network: "udp", Events: sq})
	q := NewEventQueue(0)
	got := make(chunks, 4)
	c, err := Dial(context.Background(), ClientConfig{Network: "udp", Addr: s.Addr().String(), Events: q, OnData: got.onData})
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close()
	if err := c.Send(nil); err != nil {
		t.Fatal(err)
	}
	if b := within(t, "the empty echo", (<-chan []byte)(got)); len(b) != 0 {
		t.Fatalf("got %q; want an empty datagram", b)
	}
	ev := waitEvent(t, q, kindIs(SideClient, KindReceived))
	if e := ev[len(ev)-1]; e.Bytes != 0 || e.Reply <= 0 {
		t.Errorf("received event %v; want 0 bytes with a reply time", e)
	}
	if st := c.Stats(); st.MsgsIn != 1 || st.MsgsOut != 1 {
		t.Errorf("client stats %+v; want one datagram each way", st)
	}
	if sum := c.Replies(); sum.Replies != 1 || sum.Lost != 0 {
		t.Errorf("Replies() = %+v; want the empty datagram counted", sum)
	}
}

func TestUDPSizeLimitFollowsFamily(t *testing.T) {
	for _, lb := range loopbacks {
		t.Run(lb.name, func(t *testing.T) {
			skipNoIPv6(t, lb.addr)
			s := startServer(t, ServerConfig{Network: "udp", Addr: lb.addr})
			got := make(chunks, 4)
			c, err := Dial(context.Background(), ClientConfig{Network: "udp", Addr: s.Addr().String(), OnData: got.onData})
			if err != nil {
				t.Fatal(err)
			}
			defer c.Close()
			limit := addr.MaxUDPPayload(s.Addr().String())
			msg := pattern(limit)
			if err := c.Send(msg); err != nil {
				t.Fatalf("Send(%d bytes): %v", limit, err)
			}
			got.waitBytes(t, string(msg))
			err = c.Send(pattern(limit + 1))
			if err == nil || !strings.Contains(err.Error(), fmt.Sprintf("%d bytes are too many for one UDP datagram (at most %d over", limit+1, limit)) {
				t.Errorf("Send(%d bytes): %v; want too many", limit+1, err)
			}
		})
	}
}
