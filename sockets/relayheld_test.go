package sockets

import (
	"bytes"
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
		UDPConditions: []UDPCondition{mustCond(t, "loss=1,dir=up,toxicity=1")}})
	c := udpDial(t, r)
	c.Write([]byte("gone"))
	if e := relayed(t, q, "gone"); !e.Dropped || e.Held != 0 {
		t.Errorf("lost datagram: dropped %v, held %v; want dropped", e.Dropped, e.Held)
	}

	q2 := NewEventQueue(0)
	r2 := startUDPRelay(t, echo.Addr().String(), ServerConfig{Events: q2,
		UDPConditions: []UDPCondition{mustCond(t, "latency=30ms,dir=down")}})
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
