package conditions

import (
	"encoding/binary"
	"errors"
	"fmt"
	"sort"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/sockettester/sockettester/internal/nettest"
	"github.com/sockettester/sockettester/sockets/msg"
)

// timers runs delayed funcs for a test's Datagrams and waits for them.
type timers struct{ wg sync.WaitGroup }

func (tm *timers) after(d time.Duration, f func()) {
	tm.wg.Add(1)
	time.AfterFunc(d, func() { defer tm.wg.Done(); f() })
}

// setOf builds a set with seed from command-line specs.
func setOf(t testing.TB, seed uint64, specs ...string) *Set {
	t.Helper()
	s := NewSet(seed)
	for _, spec := range specs {
		c, err := Parse(spec)
		if err != nil {
			t.Fatalf("Parse(%q): %v", spec, err)
		}
		if err := s.Add(c); err != nil {
			t.Fatal(err)
		}
	}
	return s
}

// runDatagrams passes n numbered datagrams down through set and returns
// the numbers that came out, in order, once every delayed one is out.
func runDatagrams(t *testing.T, set *Set, n int) []uint32 {
	t.Helper()
	var tm timers
	p := set.Datagrams(DownDir, tm.after)
	var mu sync.Mutex
	var got []uint32
	send := func(b []byte) {
		mu.Lock()
		defer mu.Unlock()
		got = append(got, binary.BigEndian.Uint32(b))
	}
	buf := make([]byte, 4)
	for i := 0; i < n; i++ {
		binary.BigEndian.PutUint32(buf, uint32(i))
		p.Pass(buf, func(Fate) {}, send)
	}
	done := make(chan struct{})
	go func() { tm.wg.Wait(); close(done) }()
	select {
	case <-done:
	case <-time.After(10 * time.Second):
		t.Fatal("delayed datagrams never came out")
	}
	mu.Lock()
	defer mu.Unlock()
	return append([]uint32(nil), got...)
}

func TestUDPLossSeeded(t *testing.T) {
	const n = 10000
	for _, spec := range []string{"loss=0.1", "loss=10%,correlation=0.25"} {
		t.Run(spec, func(t *testing.T) {
			set := setOf(t, 42, spec)
			lost := nettest.Missing(runDatagrams(t, set, n), n)
			if len(lost) < 900 || len(lost) > 1100 {
				t.Errorf("%d of %d lost; want 9-11%%", len(lost), n)
			}
			if cnt := set.Counts("loss_down").Dropped.Load(); cnt != int64(len(lost)) {
				t.Errorf("loss counted %d; %d were lost", cnt, len(lost))
			}
			if again := nettest.Missing(runDatagrams(t, setOf(t, 42, spec), n), n); fmt.Sprint(again) != fmt.Sprint(lost) {
				t.Errorf("seed 42 lost other datagrams the second time")
			}
			if other := nettest.Missing(runDatagrams(t, setOf(t, 43, spec), n), n); fmt.Sprint(other) == fmt.Sprint(lost) {
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
		l := nettest.Missing(runDatagrams(t, setOf(t, 7, spec), n), n)
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
	for _, specs := range [][]string{nil, {"loss=1,toxicity=0", "duplicate=1,toxicity=0", "corrupt=1,toxicity=0", "reorder=1,toxicity=0", "latency=1h,toxicity=0"}} {
		set := setOf(t, 1, specs...)
		got := runDatagrams(t, set, 1000)
		if len(got) != 1000 {
			t.Fatalf("%v: %d of 1000 came out", specs, len(got))
		}
		for i, v := range got {
			if v != uint32(i) {
				t.Fatalf("%v: datagram %d came out as %d", specs, i, v)
			}
		}
		for _, c := range set.List() {
			if m := set.DatagramReport(c).String(); !strings.Contains(m, ": 0 datagrams") {
				t.Errorf("%s", m)
			}
		}
	}
}

func TestUDPDuplicateCorruptReorder(t *testing.T) {
	set := setOf(t, 1, "duplicate=1")
	if got := runDatagrams(t, set, 3); fmt.Sprint(got) != "[0 0 1 1 2 2]" || set.Counts("duplicate_down").Duplicated.Load() != 3 {
		t.Errorf("duplicate=1: %v, counted %d", got, set.Counts("duplicate_down").Duplicated.Load())
	}

	// corrupt flips exactly one bit of each datagram it takes.
	var tm timers
	cp := setOf(t, 5, "corrupt=1").Datagrams(DownDir, tm.after)
	in := []byte("exact bytes")
	var out []byte
	var effects []msg.Message
	cp.Pass(in, func(f Fate) { effects = f.Effects }, func(b []byte) { out = append([]byte(nil), b...) })
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
	set = setOf(t, 9, "reorder=0.2,window=2")
	got := runDatagrams(t, set, n)
	sorted := append([]uint32(nil), got...)
	sort.Slice(sorted, func(i, j int) bool { return sorted[i] < sorted[j] })
	if len(sorted) != n {
		t.Fatalf("reorder: %d of %d came out", len(sorted), n)
	}
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
	if held := set.Counts("reorder_down").Reordered.Load(); late == 0 || held == 0 || int64(late) > held {
		t.Errorf("reorder: %d out of order, %d held; want some, at most the held", late, held)
	}
}

// A change to the set takes effect at the next datagram.
func TestUDPDatagramsLive(t *testing.T) {
	var tm timers
	set := NewSet(1)
	p := set.Datagrams(DownDir, tm.after)
	var out []string
	pass := func(s string) {
		p.Pass([]byte(s), func(Fate) {}, func(b []byte) { out = append(out, string(b)) })
	}
	pass("a")
	c, _ := Parse("loss=1")
	set.Add(c)
	pass("b")
	c.Probability = 0
	set.Update(c)
	pass("c")
	c.Probability = 1
	set.Update(c)
	pass("d")
	set.Remove(c.Name)
	pass("e")
	if got := strings.Join(out, ""); got != "ace" {
		t.Errorf("passed %q; want ace", got)
	}
}

func TestParseUDP(t *testing.T) {
	for _, tt := range []struct {
		in   string
		want Condition
	}{
		{"loss=0.1,correlation=0.25,dir=up", Condition{Name: "loss_up", Type: Loss, Dir: Up, Toxicity: 1, Probability: 0.1, Correlation: 0.25}},
		{"loss=10%", Condition{Name: "loss_down", Type: Loss, Dir: DownDir, Toxicity: 1, Probability: 0.1}},
		{"duplicate=0.05,dir=both,toxicity=0.5", Condition{Name: "duplicate_both", Type: Duplicate, Dir: Both, Toxicity: 0.5, Probability: 0.05}},
		{"reorder=0.2,window=4", Condition{Name: "reorder_down", Type: Reorder, Dir: DownDir, Toxicity: 1, Probability: 0.2, Window: 4}},
		{"corrupt=0.01,name=flip", Condition{Name: "flip", Type: Corrupt, Dir: DownDir, Toxicity: 1, Probability: 0.01}},
	} {
		if c, err := Parse(tt.in); err != nil || c != tt.want {
			t.Errorf("Parse(%q) = %+v, %v; want %+v", tt.in, c, err, tt.want)
		}
	}
	for _, tt := range []struct {
		in   string
		code msg.Code
		want string
	}{
		{"loss=1.5", codeBadShare, "loss 1.5 is not a share; use 0 to 1, e.g. 0.1 (or a percentage, 10%)"},
		{"loss=often", codeBadNumber, "loss=often is not a number; want e.g. 0.1"},
		{"loss=0.1,window=3", codeUnknownKey, "unknown key window for loss; want one of loss, correlation, dir, toxicity, name"},
		{"reorder=0.1,window=0", codeBadWindow, "reorder window 0 is not a number of datagrams; use 1 or more, e.g. window=3"},
		{"loss=0.1,correlation=2", codeBadShare, "correlation 2 is not a share; use 0 to 1, e.g. 0.1 (or a percentage, 10%)"},
		{"loss=0.5,correlation=1", codeCorrelationOne, "loss correlation 1 would lose every datagram after the first; use below 1, e.g. 0.25"},
		{"loss=0.9,correlation=0.1", codeCorrelationLow, "use correlation at least"},
		{"drop=0.1", codeUnknownType, "unknown condition type drop"},
	} {
		_, err := Parse(tt.in)
		var me *msg.Error
		if err == nil || !errors.As(err, &me) || me.Message.Code != tt.code || !strings.Contains(err.Error(), tt.want) {
			t.Errorf("Parse(%q) = %v; want code %s, %q", tt.in, err, tt.code, tt.want)
		}
	}
}

// A set bound to a UDP relay refuses TCP-only types, and the other way.
func TestBindRefusesOtherRelayTypes(t *testing.T) {
	udp := NewSet(1)
	if err := udp.Bind(true); err != nil {
		t.Fatal(err)
	}
	bw, _ := Parse("bandwidth=100")
	if err := udp.Add(bw); err == nil || err.Error() != "condition bandwidth_down: bandwidth applies to TCP relays; on UDP use latency, loss, duplicate, reorder or corrupt" {
		t.Errorf("Add(bandwidth) on UDP = %v", err)
	}
	lat, _ := Parse("latency=10")
	if err := udp.Add(lat); err != nil {
		t.Errorf("Add(latency) on UDP = %v", err)
	}
	tcp := setOf(t, 1, "loss=0.1")
	if err := tcp.Bind(false); err == nil || !strings.Contains(err.Error(), "loss applies to UDP relays; on TCP use latency, bandwidth") {
		t.Errorf("Bind(tcp) with loss = %v", err)
	}
	if got := fmt.Sprint(TypesFor(true)); got != "[latency loss duplicate reorder corrupt]" {
		t.Errorf("TypesFor(udp) = %s", got)
	}
	if ForTCP(Loss) || !ForTCP(Latency) || !ForUDP(Latency) || ForUDP(Bandwidth) {
		t.Errorf("ForTCP/ForUDP wrong")
	}
}

// Whatever Parse accepts is valid, renders, and can be set again key by
// key; nothing it is given makes it panic.
func FuzzParse(f *testing.F) {
	for _, s := range []string{"loss=0.1,correlation=0.25,dir=up", "latency=1s,jitter=5ms", "reorder=1,window=9", "corrupt=10%", "slicer=64,variation=16"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		c, err := Parse(s)
		if err != nil {
			return
		}
		if err := c.Validate(); err != nil {
			t.Errorf("Parse(%q) gave %+v, which Validate refuses: %v", s, c, err)
		}
		if c.Describe().String() == "" {
			t.Errorf("%+v describes as nothing", c)
		}
	})
}
