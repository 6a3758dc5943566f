package conditions

import "testing"

// The same seed makes the same toxicity choices, connection by connection.
func TestSeedRepeats(t *testing.T) {
	pick := func(seed uint64) []bool {
		s := NewSet(seed)
		c, _ := Parse("latency=1,toxicity=0.5")
		s.Add(c)
		var out []bool
		for range 64 {
			out = append(out, s.NewConn().AnyActive(DownDir))
		}
		return out
	}
	a, b := pick(99), pick(99)
	n := 0
	for i := range a {
		if a[i] != b[i] {
			t.Fatalf("connection %d: %v then %v with the same seed", i, a[i], b[i])
		}
		if a[i] {
			n++
		}
	}
	if n == 0 || n == 64 {
		t.Errorf("toxicity 0.5 applied to %d of 64 connections", n)
	}
}

func TestToxicityZeroNeverApplies(t *testing.T) {
	s := NewSet(1)
	c, _ := Parse("timeout=0,toxicity=0,dir=both")
	s.Add(c)
	for range 1000 {
		if s.NewConn().AnyActive(Both) {
			t.Fatal("a condition with toxicity 0 applied")
		}
	}
}

func TestParse(t *testing.T) {
	c, err := Parse("slicer=64,variation=16,delay=500,dir=up,name=cut")
	if err != nil || c.AverageSize != 64 || c.SizeVariation != 16 || c.Delay.Microseconds() != 500 || c.Dir != Up || c.Name != "cut" {
		t.Fatalf("%+v %v", c, err)
	}
	for _, bad := range []string{"", "down=3", "latency", "latency=1,latency=2", "bandwidth=0", "slicer=4,variation=4", "latency=1,toxicity=-0.1", "limit_data=-1"} {
		if _, err := Parse(bad); err == nil {
			t.Errorf("Parse(%q) = nil error", bad)
		}
	}
}
