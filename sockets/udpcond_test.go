package sockets

import (
	"bytes"
	"encoding/binary"
	"fmt"
	"sort"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/sockettester/sockettester/sockets/msg"
)

// runPipe passes n numbered datagrams through conds in one direction and
// returns the numbers that came out, in order, once want arrived.
func runPipe(t *testing.T, conds []UDPCondition, seed uint64, n, want int) ([]uint32, *udpPipe) {
	t.Helper()
	sched := newUDPSched()
	defer sched.stop()
	p := newUDPPipe(conds, true, seed, sched)
	var mu sync.Mutex
	var got []uint32
	done := make(chan struct{})
	send := func(b []byte) {
		mu.Lock()
		defer mu.Unlock()
		got = append(got, binary.BigEndian.Uint32(b))
		if len(got) == want {
			close(done)
		}
	}
	buf := make([]byte, 4)
	for i := 0; i < n; i++ {
		binary.BigEndian.PutUint32(buf, uint32(i))
		p.pass(buf, func([]msg.Message) {}, send)
	}
	if want > 0 {
		within(t, fmt.Sprintf("%d datagrams out", want), done)
	}
	mu.Lock()
	defer mu.Unlock()
	return append([]uint32(nil), got...), p
}

func mustCond(t testing.TB, s string) UDPCondition {
	t.Helper()
	c, err := ParseUDPCondition(s)
	if err != nil {
		t.Fatalf("ParseUDPCondition(%q): %v", s, err)
	}
	return c
}

// lostOf lists the numbers below n missing from got.
func lostOf(got []uint32, n int) []int {
	seen := make([]bool, n)
	for _, v := range got {
		seen[v] = true
	}
	var lost []int
	for i, ok := range seen {
		if !ok {
			lost = append(lost, i)
		}
	}
	return lost
}

func TestUDPLossSeeded(t *testing.T) {
	const n = 10000
	for _, spec := range []string{"loss=0.1", "loss=10%,correlation=0.25"} {
		t.Run(spec, func(t *testing.T) {
			c := []UDPCondition{mustCond(t, spec)}
			got, p := runPipe(t, c, 42, n, 0)
			lost := lostOf(got, n)
			if len(lost) < 900 || len(lost) > 1100 {
				t.Errorf("%d of %d lost; want 9-11%%", len(lost), n)
			}
			if cnt := p.conds[0].count.Load(); cnt != uint64(len(lost)) {
				t.Errorf("loss counted %d; %d were lost", cnt, len(lost))
			}
			again, _ := runPipe(t, c, 42, n, 0)
			if fmt.Sprint(lostOf(again, n)) != fmt.Sprint(lost) {
				t.Errorf("seed 42 lost other datagrams the second time")
			}
			other, _ := runPipe(t, c, 43, n, 0)
			if fmt.Sprint(lostOf(other, n)) == fmt.Sprint(lost) {
				t.Errorf("seeds 42 and 43 lost the same datagrams")
			}
		})
	}
}

// TestUDPLossCorrelationMakesBursts checks correlation gives longer runs
// of losses at the same rate.
func TestUDPLossCorrelationMakesBursts(t *testing.T) {
	const n = 20000
	runs := func(spec string) (lost int, meanRun float64) {
		got, _ := runPipe(t, []UDPCondition{mustCond(t, spec)}, 7, n, 0)
		l := lostOf(got, n)
		bursts := 0
		for i, v := range l {
			if i == 0 || l[i-1] != v-1 {
				bursts++
			}
		}
		return len(l), float64(len(l)) / float64(bursts)
	}
	lostI, runI := runs("loss=0.1")
	lostC, runC := runs("loss=0.1,correlation=0.6")
	if lostC < n*8/100 || lostC > n*12/100 || runC < 2*runI {
		t.Errorf("independent: %d lost, mean burst %.2f; correlation 0.6: %d lost, mean burst %.2f; want the same rate in longer bursts", lostI, runI, lostC, runC)
	}
}

func TestUDPNoConditionAndToxicityZero(t *testing.T) {
	for _, conds := range [][]UDPCondition{nil, {mustCond(t, "loss=1,toxicity=0"), mustCond(t, "duplicate=1,toxicity=0"), mustCond(t, "corrupt=1,toxicity=0"), mustCond(t, "reorder=1,toxicity=0"), mustCond(t, "latency=1h,toxicity=0")}} {
		got, p := runPipe(t, conds, 1, 1000, 1000)
		for i, v := range got {
			if v != uint32(i) {
				t.Fatalf("%v: datagram %d came out as %d", conds, i, v)
			}
		}
		for _, c := range p.conds {
			if c.count.Load() != 0 {
				t.Errorf("%v counted %d", c.UDPCondition, c.count.Load())
			}
		}
	}
}

func TestUDPDuplicateCorruptReorder(t *testing.T) {
	got, p := runPipe(t, []UDPCondition{mustCond(t, "duplicate=1")}, 1, 3, 6)
	if fmt.Sprint(got) != "[0 0 1 1 2 2]" || p.conds[0].count.Load() != 3 {
		t.Errorf("duplicate=1: %v, counted %d", got, p.conds[0].count.Load())
	}

	// corrupt flips exactly one bit of each datagram it takes.
	sched := newUDPSched()
	defer sched.stop()
	cp := newUDPPipe([]UDPCondition{mustCond(t, "corrupt=1")}, true, 5, sched)
	in := []byte("exact bytes")
	var out []byte
	var effects []msg.Message
	cp.pass(in, func(e []msg.Message) { effects = e }, func(b []byte) { out = append([]byte(nil), b...) })
	if string(in) != "exact bytes" {
		t.Errorf("corrupt changed the caller's buffer")
	}
	diff := 0
	for i := range in {
		for x := in[i] ^ out[i]; x != 0; x &= x - 1 {
			diff++
		}
	}
	if diff != 1 || len(effects) != 1 || !strings.HasPrefix(effects[0].String(), "bit ") {
		t.Errorf("corrupt: %q -> %q, %d bits, effects %v", in, out, diff, effects)
	}

	// reorder: every datagram comes out once, some later than sent.
	const n = 200
	got, p = runPipe(t, []UDPCondition{mustCond(t, "reorder=0.2,window=2")}, 9, n, n)
	sorted := append([]uint32(nil), got...)
	sort.Slice(sorted, func(i, j int) bool { return sorted[i] < sorted[j] })
	for i, v := range sorted {
		if v != uint32(i) {
			t.Fatalf("reorder lost or doubled datagrams: %v", got)
		}
	}
	late := 0
	for i := 1; i < len(got); i++ {
		if got[i] < got[i-1] {
			late++
		}
	}
	if held := p.conds[0].count.Load(); late == 0 || held == 0 || uint64(late) > held {
		t.Errorf("reorder: %d out of order, %d held; want some, at most the held", late, held)
	}
}

func TestParseUDPCondition(t *testing.T) {
	for _, tt := range []struct{ in, want string }{
		{"loss=0.1,correlation=0.25,dir=up", "loss=0.1,correlation=0.25,dir=up,toxicity=1"},
		{"loss=10%", "loss=0.1,dir=both,toxicity=1"},
		{"duplicate=0.05,dir=down,toxicity=0.5", "duplicate=0.05,dir=down,toxicity=0.5"},
		{"reorder=0.2", "reorder=0.2,window=3,dir=both,toxicity=1"},
		{"corrupt=0.01", "corrupt=0.01,dir=both,toxicity=1"},
		{"latency=200ms,jitter=20,dir=down", "latency=200ms,jitter=20ms,dir=down,toxicity=1"},
	} {
		c, err := ParseUDPCondition(tt.in)
		if err != nil || c.String() != tt.want {
			t.Errorf("ParseUDPCondition(%q) = %v, %v; want %s", tt.in, c, err, tt.want)
		}
	}
	for _, tt := range []struct{ in, want string }{
		{"", "is not KEY=VALUE"},
		{"drop=0.1", `unknown condition "drop"`},
		{"loss=1.5", "loss=1.5: want a share from 0 to 1"},
		{"loss=0.1,dir=sideways", "dir=sideways: want up (client → target), down (target → client) or both"},
		{"loss=0.1,window=3", "loss does not take window"},
		{"reorder=0.1,window=0", "window=0: want a whole number of datagrams, at least 1"},
		{"latency=fast", "latency=fast: want a duration such as 200ms"},
		{"loss=0.9,correlation=0.1", "want correlation at least"},
		{"loss=0.1,toxicity=-1", "toxicity=-1: want a share from 0 to 1"},
	} {
		if _, err := ParseUDPCondition(tt.in); err == nil || !strings.Contains(err.Error(), tt.want) {
			t.Errorf("ParseUDPCondition(%q) = %v; want %q", tt.in, err, tt.want)
		}
	}
}

func FuzzParseUDPCondition(f *testing.F) {
	for _, s := range []string{"loss=0.1,correlation=0.25,dir=up", "latency=1s,jitter=5ms", "reorder=1,window=9"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		c, err := ParseUDPCondition(s)
		if err != nil {
			return
		}
		back, err := ParseUDPCondition(c.String())
		if err != nil || back.String() != c.String() {
			t.Errorf("%q -> %q -> %v, %v", s, c.String(), back, err)
		}
	})
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
			r := startUDPRelay(t, sink.Addr().String(), ServerConfig{UDPSeed: seed, UDPConditions: []UDPCondition{mustCond(t, "loss=0.1,dir=up")}})
			c := udpDial(t, r)
			buf := make([]byte, 4)
			// In batches, so no socket buffer on the way overflows and
			// every datagram not passed was taken by the condition.
			for i := 0; i < n; i += 100 {
				for j := i; j < i+100; j++ {
					binary.BigEndian.PutUint32(buf, uint32(j))
					if _, err := c.Write(buf); err != nil {
						t.Fatal(err)
					}
				}
				eventually(t, "the batch relayed", func() bool {
					return r.Stats().MsgsIn+r.UDPConditionCounts()[0].Count == uint64(i+100)
				})
			}
			passed := r.Stats().MsgsIn
			var seen []uint32
			for uint64(len(seen)) < passed {
				seen = append(seen, binary.BigEndian.Uint32(within(t, "the sink to receive", got)))
			}
			lost := lostOf(seen, n)
			if cc := r.UDPConditionCounts(); len(cc) != 1 || !cc[0].Up || cc[0].Count != uint64(len(lost)) {
				t.Errorf("condition counts %+v; %d lost", cc, len(lost))
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
		r := startUDPRelay(t, echo.Addr().String(), ServerConfig{Events: q, UDPSeed: 3,
			UDPConditions: []UDPCondition{mustCond(t, "duplicate=1,dir=down"), mustCond(t, "corrupt=1,dir=up,toxicity=0")}})
		ev := waitEvent(t, q, kindIs(SideRelay, KindListening))
		if want := "forwarding to " + echo.Addr().String() + "; UDP conditions duplicate=1,dir=down,toxicity=1; corrupt=1,dir=up,toxicity=0; seed 3"; ev[0].Msg != want {
			t.Errorf("listening %q; want %q", ev[0].Msg, want)
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
		if want := "duplicate=1,dir=down,toxicity=1, target → client: 1 datagram duplicated|corrupt=1,dir=up,toxicity=0, client → target: 0 datagrams corrupted"; strings.Join(infos, "|") != want {
			t.Errorf("condition reports %q; want %q", infos, want)
		}
	})
	t.Run("latency", func(t *testing.T) {
		echo := startServer(t, ServerConfig{Network: "udp"})
		r := startUDPRelay(t, echo.Addr().String(), ServerConfig{UDPConditions: []UDPCondition{mustCond(t, "latency=20ms,jitter=5ms")}})
		c := udpDial(t, r)
		for i := 0; i < 20; i++ {
			m := []byte(fmt.Sprintf("slow %d", i))
			c.Write(m)
			if got := readDatagram(t, c); !bytes.Equal(got, m) {
				t.Fatalf("got %q; want %q", got, m)
			}
		}
		if cc := r.UDPConditionCounts(); len(cc) != 2 || cc[0].Count != 20 || cc[1].Count != 20 {
			t.Errorf("latency counts %+v; want 20 each way", cc)
		}
	})
	t.Run("stop cancels delayed", func(t *testing.T) {
		echo := startServer(t, ServerConfig{Network: "udp"})
		r := startUDPRelay(t, echo.Addr().String(), ServerConfig{UDPConditions: []UDPCondition{mustCond(t, "latency=1h,dir=up")}})
		c := udpDial(t, r)
		c.Write([]byte("never"))
		eventually(t, "the datagram delayed", func() bool { return r.UDPConditionCounts()[0].Count == 1 })
		stopWithin(t, r)
		expectSilence(t, c, 20*time.Millisecond)
	})
}
