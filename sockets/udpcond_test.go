package sockets

import (
	"bytes"
	"encoding/binary"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/sockettester/sockettester/internal/nettest"
	"github.com/sockettester/sockettester/sockets/conditions"
)

// condSet builds a set with seed from command-line specs.
func condSet(t testing.TB, seed uint64, specs ...string) *conditions.Set {
	t.Helper()
	s := conditions.NewSet(seed)
	for _, spec := range specs {
		c, err := conditions.Parse(spec)
		if err != nil {
			t.Fatalf("Parse(%q): %v", spec, err)
		}
		if err := s.Add(c); err != nil {
			t.Fatal(err)
		}
	}
	return s
}

// TestUDPRelayConditions runs conditions through a real relay: loss up
// counted exactly and repeatable by seed; duplicate and corrupt down seen
// with exact bytes; latency delivering every byte.
func TestUDPRelayConditions(t *testing.T) {
	t.Run("loss", func(t *testing.T) {
		const n = 10000
		lostWith := func(seed uint64) []int {
			got := make(chan []byte, n)
			sink := startServer(t, ServerConfig{Network: "udp", Mode: ModeSilent, OnData: func(_ string, p []byte) { got <- append([]byte(nil), p...) }})
			set := condSet(t, seed, "loss=0.1,dir=up")
			lossCount := set.Counts("loss_up").Dropped.Load
			r := startUDPRelay(t, sink.Addr().String(), ServerConfig{Conditions: set})
			c := udpDial(t, r)
			buf := make([]byte, 4)
			var seen []uint32
			// In batches, each relayed and received before the next, so no
			// socket buffer on the way overflows (the sink's would, on a
			// busy machine, if only the relay were waited for) and every
			// datagram not passed was taken by the condition.
			for i := 0; i < n; i += 100 {
				for j := i; j < i+100; j++ {
					binary.BigEndian.PutUint32(buf, uint32(j))
					if _, err := c.Write(buf); err != nil {
						t.Fatal(err)
					}
				}
				eventually(t, "the batch relayed", func() bool {
					return r.Stats().MsgsIn+uint64(lossCount()) == uint64(i+100)
				})
				for passed := r.Stats().MsgsIn; uint64(len(seen)) < passed; {
					seen = append(seen, binary.BigEndian.Uint32(within(t, "the sink to receive", got)))
				}
			}
			lost := nettest.Missing(seen, n)
			if lossCount() != int64(len(lost)) {
				t.Errorf("loss counted %d; %d lost", lossCount(), len(lost))
			}
			if len(lost) < 900 || len(lost) > 1100 {
				t.Errorf("%d of %d lost; want 9-11%%", len(lost), n)
			}
			return lost
		}
		a, b := lostWith(42), lostWith(42)
		if fmt.Sprint(a) != fmt.Sprint(b) {
			t.Errorf("seed 42 lost other datagrams the second time")
		}
	})
	t.Run("duplicate and corrupt", func(t *testing.T) {
		echo := startServer(t, ServerConfig{Network: "udp"})
		q := NewEventQueue(0)
		r := startUDPRelay(t, echo.Addr().String(), ServerConfig{Events: q,
			Conditions: condSet(t, 3, "duplicate=1,dir=down", "corrupt=1,dir=up,toxicity=0")})
		ev := waitEvent(t, q, kindIs(SideRelay, KindListening))
		var said []string
		for _, e := range ev {
			said = append(said, e.Msg)
		}
		if want := "network conditions: seed 3 (give --seed 3 to repeat the run)|condition duplicate_down on (down, toxicity 1): duplicate 1|condition corrupt_up on (up, toxicity 0): corrupt 1|forwarding to " + echo.Addr().String(); strings.Join(said, "|") != want {
			t.Errorf("start events %q; want %q", said, want)
		}
		c := udpDial(t, r)
		c.Write([]byte("twice"))
		for i := 0; i < 2; i++ {
			if got := readDatagram(t, c); string(got) != "twice" {
				t.Fatalf("copy %d: %q", i, got)
			}
		}
		ev = waitEvent(t, q, func(e Event) bool { return strings.HasPrefix(e.Msg, "target → client") })
		if e := ev[len(ev)-1]; !strings.HasSuffix(e.Msg, "; duplicated (duplicate)") {
			t.Errorf("down event %q", e.Msg)
		}
		eventually(t, "counts", func() bool { return r.Stats().MsgsOut == 2 && r.Stats().MsgsIn == 1 })
		stopWithin(t, r)
		ev = waitEvent(t, q, kindIs(SideRelay, KindStopped))
		var infos []string
		for _, e := range ev {
			if e.Kind == KindInfo {
				infos = append(infos, e.Msg)
			}
		}
		if want := "condition duplicate_down (down): 1 datagram duplicated|condition corrupt_up (up): 0 datagrams corrupted"; strings.Join(infos, "|") != want {
			t.Errorf("condition reports %q; want %q", infos, want)
		}
	})
	t.Run("latency", func(t *testing.T) {
		echo := startServer(t, ServerConfig{Network: "udp"})
		set := condSet(t, 1, "latency=20ms,jitter=5ms,dir=both")
		r := startUDPRelay(t, echo.Addr().String(), ServerConfig{Conditions: set})
		c := udpDial(t, r)
		for i := 0; i < 20; i++ {
			m := []byte(fmt.Sprintf("slow %d", i))
			c.Write(m)
			if got := readDatagram(t, c); !bytes.Equal(got, m) {
				t.Fatalf("got %q; want %q", got, m)
			}
		}
		if n := set.Counts("latency_both").Delayed.Load(); n != 40 {
			t.Errorf("latency delayed %d; want 20 each way", n)
		}
	})
	t.Run("stop cancels delayed", func(t *testing.T) {
		echo := startServer(t, ServerConfig{Network: "udp"})
		set := condSet(t, 1, "latency=1h,dir=up")
		r := startUDPRelay(t, echo.Addr().String(), ServerConfig{Conditions: set})
		c := udpDial(t, r)
		c.Write([]byte("never"))
		eventually(t, "the datagram delayed", func() bool { return set.Counts("latency_up").Delayed.Load() == 1 })
		stopWithin(t, r)
		expectSilence(t, c, 20*time.Millisecond)
	})
}

// TestUDPRelayConditionsLive changes the conditions of a running relay: a
// loss added mid-stream drops the client's next datagrams on the same
// client entry, and removing it lets them through again, each change an
// event; a TCP-only type is refused.
func TestUDPRelayConditionsLive(t *testing.T) {
	echo := startServer(t, ServerConfig{Network: "udp"})
	q := NewEventQueue(0)
	// A condition that does nothing keeps the set non-empty, so the
	// datagrams take the conditions' path from the first one on.
	set := condSet(t, 7, "corrupt=0,dir=both")
	r := startUDPRelay(t, echo.Addr().String(), ServerConfig{Events: q, Conditions: set})
	c := udpDial(t, r)
	c.Write([]byte("before"))
	if got := readDatagram(t, c); string(got) != "before" {
		t.Fatalf("got %q", got)
	}
	loss, _ := conditions.Parse("loss=1,dir=up")
	if err := set.Add(loss); err != nil {
		t.Fatal(err)
	}
	waitEvent(t, q, func(e Event) bool { return e.Msg == "condition loss_up on (up, toxicity 1): loss 1 (correlation 0)" })
	for i := 0; i < 3; i++ {
		c.Write([]byte("lost"))
	}
	eventually(t, "three datagrams lost", func() bool { return set.Counts("loss_up").Dropped.Load() == 3 })
	if err := set.Remove("loss_up"); err != nil {
		t.Fatal(err)
	}
	waitEvent(t, q, func(e Event) bool { return e.Msg == "condition loss_up removed" })
	c.Write([]byte("after"))
	if got := readDatagram(t, c); string(got) != "after" {
		t.Fatalf("got %q; want after", got)
	}
	if st := r.Stats(); st.ConnsTotal != 1 || st.MsgsIn != 2 {
		t.Errorf("clients %d, datagrams in %d; want the same client entry and 2 passed", st.ConnsTotal, st.MsgsIn)
	}
	bw, _ := conditions.Parse("bandwidth=100")
	if err := set.Add(bw); err == nil || err.Error() != "condition bandwidth_down: bandwidth applies to TCP relays; on UDP use latency, loss, duplicate, reorder or corrupt" {
		t.Errorf("Add(bandwidth) on a UDP relay = %v", err)
	}
}
