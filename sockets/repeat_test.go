package sockets

import (
	"errors"
	"math"
	"sync"
	"testing"
	"time"
)

// fakeTarget counts sends and fails the one numbered failAt (1-based).
type fakeTarget struct {
	mu     sync.Mutex
	sends  int
	failAt int
	sent   chan struct{} // one value per send attempt
	done   chan struct{}
}

func newFakeTarget(failAt int) *fakeTarget {
	return &fakeTarget{failAt: failAt, sent: make(chan struct{}, 16), done: make(chan struct{})}
}

func (f *fakeTarget) Send([]byte) error {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.sends++
	f.sent <- struct{}{}
	if f.sends == f.failAt {
		return errors.New("boom")
	}
	return nil
}

func (f *fakeTarget) Done() <-chan struct{} { return f.done }

func (f *fakeTarget) count() int {
	f.mu.Lock()
	defer f.mu.Unlock()
	return f.sends
}

// fakeClock hands out pauses the test ends by hand.
type fakeClock struct {
	asked chan time.Duration
	tick  chan time.Time
}

func newFakeClock() *fakeClock {
	return &fakeClock{asked: make(chan time.Duration), tick: make(chan time.Time)}
}

func (c *fakeClock) after(d time.Duration) <-chan time.Time {
	c.asked <- d
	return c.tick
}

// repeatResult is what one sendRepeated run returned.
type repeatResult struct {
	sent int
	err  error
}

func runRepeat(stop <-chan struct{}, f *fakeTarget, count int, interval time.Duration, clk *fakeClock) <-chan repeatResult {
	res := make(chan repeatResult, 1)
	go func() {
		n, err := sendRepeated(stop, f, func() []byte { return []byte("x") }, count, interval, clk.after)
		res <- repeatResult{n, err}
	}()
	return res
}

func TestSendRepeatedWaitsTheIntervalBetweenSends(t *testing.T) {
	f, clk := newFakeTarget(0), newFakeClock()
	res := runRepeat(nil, f, 3, 250*time.Millisecond, clk)
	for i := 1; i <= 2; i++ {
		// The sender asks for a pause only after send i; until the pause
		// ends there is no send i+1.
		if d := within(t, "pause", clk.asked); d != 250*time.Millisecond {
			t.Fatalf("paused %v; want 250ms", d)
		}
		if n := f.count(); n != i {
			t.Fatalf("%d sends before pause %d; want %d", n, i, i)
		}
		clk.tick <- time.Time{}
	}
	if r := within(t, "result", res); r.sent != 3 || r.err != nil || f.count() != 3 {
		t.Fatalf("sendRepeated = %d, %v after %d sends; want 3, nil", r.sent, r.err, f.count())
	}
}

func TestSendRepeatedStops(t *testing.T) {
	t.Run("stopped during a pause", func(t *testing.T) {
		f, clk := newFakeTarget(0), newFakeClock()
		stop := make(chan struct{})
		res := runRepeat(stop, f, 10, time.Second, clk)
		within(t, "pause", clk.asked)
		close(stop)
		if r := within(t, "result", res); r.sent != 1 || r.err != nil {
			t.Fatalf("sendRepeated = %d, %v; want 1, nil", r.sent, r.err)
		}
	})
	t.Run("connection ends during a pause", func(t *testing.T) {
		f, clk := newFakeTarget(0), newFakeClock()
		res := runRepeat(nil, f, 10, time.Second, clk)
		within(t, "pause", clk.asked)
		clk.tick <- time.Time{}
		within(t, "pause", clk.asked)
		close(f.done)
		if r := within(t, "result", res); r.sent != 2 || r.err != nil {
			t.Fatalf("sendRepeated = %d, %v; want 2, nil", r.sent, r.err)
		}
	})
	t.Run("send fails", func(t *testing.T) {
		f := newFakeTarget(3)
		n, err := sendRepeated(nil, f, func() []byte { return []byte("x") }, 10, 0, nil)
		if n != 2 || err == nil || err.Error() != "boom" {
			t.Fatalf("sendRepeated = %d, %v; want 2, boom", n, err)
		}
	})
	t.Run("stopped back to back", func(t *testing.T) {
		f := newFakeTarget(0)
		stop := make(chan struct{})
		res := make(chan repeatResult, 1)
		go func() {
			n, err := sendRepeated(stop, f, func() []byte { return []byte("x") }, math.MaxInt, 0, nil)
			res <- repeatResult{n, err}
		}()
		within(t, "a send", f.sent)
		close(stop)
		// Sends made before the stop was seen still count.
		go func() {
			for range f.sent {
			}
		}()
		r := within(t, "result", res)
		if r.err != nil || r.sent != f.count() || r.sent < 1 {
			t.Fatalf("sendRepeated = %d, %v after %d sends; want that count, nil", r.sent, r.err, f.count())
		}
		close(f.sent)
	})
}

func TestSendRepeatedOverLoopback(t *testing.T) {
	for _, network := range []string{"tcp", "udp"} {
		t.Run(network, func(t *testing.T) {
			q := NewEventQueue(256)
			s := startServer(t, ServerConfig{Network: network, Events: q, Mode: ModeSilent})
			c := dialClient(t, ClientConfig{Network: network, Addr: s.Addr().String()})
			// A short real interval: UDP on loopback keeps 5 small
			// datagrams one by one, and the count must be exact.
			n, err := c.SendRepeated(nil, []byte("ping"), 5, time.Millisecond)
			if n != 5 || err != nil {
				t.Fatalf("SendRepeated = %d, %v; want 5, nil", n, err)
			}
			got := 0
			waitEvent(t, q, func(e Event) bool {
				if e.Side == SideServer && e.Kind == KindReceived {
					got += e.Bytes
				}
				return got == 20
			})
			if st := c.Stats(); st.MsgsOut != 5 || st.BytesOut != 20 {
				t.Fatalf("client stats %+v; want 5 sends, 20 bytes", st)
			}
		})
	}
}

func TestSendRepeatedEndsWithTheConnection(t *testing.T) {
	q := NewEventQueue(256)
	s := startServer(t, ServerConfig{Events: q, Mode: ModeSilent})
	c := dialClient(t, ClientConfig{Addr: s.Addr().String()})
	res := make(chan repeatResult, 1)
	go func() {
		n, err := c.SendRepeated(nil, []byte("x"), math.MaxInt, time.Hour)
		res <- repeatResult{n, err}
	}()
	waitEvent(t, q, kindIs(SideServer, KindReceived))
	c.Close()
	if r := within(t, "result", res); r.sent != 1 || r.err != nil {
		t.Fatalf("SendRepeated = %d, %v; want 1, nil", r.sent, r.err)
	}
}
