package sockets

import (
	"bytes"
	"errors"
	"io"
	"net"
	"os"
	"sync"
	"testing"
	"time"

	"github.com/sockettester/sockettester/sockets/conditions"
)

// relayed waits for the relay's event for the chunk or datagram data.
func relayed(t *testing.T, q *EventQueue, data string) Event {
	t.Helper()
	ev := waitEvent(t, q, func(e Event) bool {
		return e.Side == SideRelay && e.Kind == KindReceived && bytes.Equal(e.Data, []byte(data))
	})
	return ev[len(ev)-1]
}

// A chunk a TCP condition held back says for how long on its event; one
// passed on at once says it was not held.
func TestRelayEventSaysHowLongConditionsHeldTheChunk(t *testing.T) {
	echo := startServer(t, ServerConfig{})
	set := conditions.NewSet(1)
	lat, _ := conditions.Parse("latency=100ms,dir=down")
	set.Add(lat)
	q := NewEventQueue(0)
	r := startRelay(t, ServerConfig{Mode: ModeForward, ForwardTo: echo.Addr().String(), Conditions: set, Events: q})
	c := dial(t, "tcp", r)
	roundTrip(t, c, []byte("Hello, world"), []byte("Hello, world"))
	up := relayed(t, q, "Hello, world")
	if up.Held != 0 || up.Dropped {
		t.Errorf("client → target: held %v, dropped %v; want neither (the latency is on the way down)", up.Held, up.Dropped)
	}
	down := waitEvent(t, q, func(e Event) bool {
		return e.Side == SideRelay && e.Kind == KindReceived && e.Remote == echo.Addr().String()
	})
	if e := down[len(down)-1]; e.Held < 100*time.Millisecond || e.Dropped {
		t.Errorf("target → client: held %v, dropped %v; want held at least the 100ms latency", e.Held, e.Dropped)
	}
}

// A UDP datagram a condition dropped is an event saying so; one a
// latency held says for how long; one passed on as it came says neither.
func TestUDPRelayEventSaysDroppedAndHeld(t *testing.T) {
	echo := startServer(t, ServerConfig{Network: "udp"})
	q := NewEventQueue(0)
	r := startUDPRelay(t, echo.Addr().String(), ServerConfig{Events: q,
		Conditions: condSet(t, 1, "loss=1,dir=up,toxicity=1")})
	c := udpDial(t, r)
	c.Write([]byte("gone"))
	if e := relayed(t, q, "gone"); !e.Dropped || e.Held != 0 {
		t.Errorf("lost datagram: dropped %v, held %v; want dropped", e.Dropped, e.Held)
	}

	q2 := NewEventQueue(0)
	r2 := startUDPRelay(t, echo.Addr().String(), ServerConfig{Events: q2,
		Conditions: condSet(t, 1, "latency=30ms,dir=down")})
	c2 := udpDial(t, r2)
	c2.Write([]byte("slow"))
	if got := readDatagram(t, c2); string(got) != "slow" {
		t.Fatalf("got %q; want the echo", got)
	}
	up := relayed(t, q2, "slow")
	down := waitEvent(t, q2, func(e Event) bool {
		return e.Side == SideRelay && e.Kind == KindReceived && e.Remote == echo.Addr().String()
	})
	if up.Held != 0 || up.Dropped {
		t.Errorf("client → target: held %v, dropped %v; want neither", up.Held, up.Dropped)
	}
	if e := down[len(down)-1]; e.Held != 30*time.Millisecond || e.Dropped {
		t.Errorf("target → client: held %v, dropped %v; want held 30ms", e.Held, e.Dropped)
	}
}

// The last condition removed at the instant the target fails, before the
// client got a byte: the relay still lets the client go (after holding it a
// moment), rather than waiting for it to send or close. The hooks put the
// target's failure between the conditioned copy's end and its going back
// to the fast copy.
func TestConditionsRemovedAsTheTargetFails(t *testing.T) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer ln.Close()
	accepted := make(chan net.Conn, 1)
	go func() {
		if c, err := ln.Accept(); err == nil {
			accepted <- c
		}
	}()
	set := conditions.NewSet(1)
	lat, _ := conditions.Parse("latency=1ms,dir=up")
	set.Add(lat)

	var target net.Conn
	stopped := make(chan struct{})
	var once sync.Once
	relayHookStopped = func(d *relayDir) {
		if d.in {
			once.Do(func() { close(stopped) })
		}
	}
	relayHookIdle = func(d *relayDir) {
		if !d.in {
			return
		}
		target.(*net.TCPConn).SetLinger(0)
		target.Close()
		select {
		case <-stopped:
		case <-time.After(testTimeout):
			t.Error("the relay never stopped reading the client after the target failed")
		}
	}
	t.Cleanup(func() { relayHookIdle, relayHookStopped = nil, nil })
	r := startRelay(t, ServerConfig{Mode: ModeForward, ForwardTo: ln.Addr().String(), Conditions: set, Events: NewEventQueue(0)})

	c := dial(t, "tcp", r)
	select {
	case target = <-accepted:
	case <-time.After(testTimeout):
		t.Fatal("the relay never reached the target")
	}
	// A byte through shows the way up copies through the condition.
	c.Write([]byte("a"))
	target.SetReadDeadline(time.Now().Add(testTimeout))
	if _, err := io.ReadFull(target, make([]byte, 1)); err != nil {
		t.Fatalf("target read: %v", err)
	}
	if err := set.Remove(lat.Name); err != nil {
		t.Fatal(err)
	}
	c.SetReadDeadline(time.Now().Add(testTimeout))
	n, err := c.Read(make([]byte, 1))
	if n != 0 || err == nil || errors.Is(err, os.ErrDeadlineExceeded) {
		t.Fatalf("client read %d, %v; want the relay to close the connection", n, err)
	}
}
