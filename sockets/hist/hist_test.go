package hist

import (
	"math/rand/v2"
	"testing"
	"time"
)

func TestBuckets(t *testing.T) {
	prev := -1
	for _, v := range []uint64{0, 1, 63, 64, 65, 127, 128, 129, 1000, 1 << 20, 1<<40 - 1} {
		i := bucketOf(v)
		lo, hi := bucketRange(i)
		if v < lo || v > hi {
			t.Errorf("bucketOf(%d) = %d holding [%d, %d]", v, i, lo, hi)
		}
		if width := hi - lo + 1; width > 1 && float64(width)/float64(lo) > 1.0/64+1e-9 {
			t.Errorf("bucket %d [%d, %d] is wider than 1/64 of its values", i, lo, hi)
		}
		if i < prev {
			t.Errorf("bucketOf(%d) = %d, below the bucket of a smaller value", v, i)
		}
		prev = i
	}
	r := rand.New(rand.NewPCG(1, 2))
	for range 10000 {
		v := r.Uint64N(1 << 40)
		if lo, hi := bucketRange(bucketOf(v)); v < lo || v > hi {
			t.Fatalf("%d is not in its bucket [%d, %d]", v, lo, hi)
		}
	}
	if i := bucketOf(1 << 62); i != numBuckets-1 {
		t.Errorf("a huge value went to bucket %d, want the last (%d)", i, numBuckets-1)
	}
}

func TestEmpty(t *testing.T) {
	var h Histogram
	if h.Quantile(0.5) != 0 || h.Mean() != 0 || h.Min() != 0 || h.Max() != 0 || h.Count() != 0 {
		t.Errorf("an empty histogram reports %v %v %v %v %d; want all 0", h.Quantile(0.5), h.Mean(), h.Min(), h.Max(), h.Count())
	}
	var o Histogram
	h.Merge(&o)
	if h.Count() != 0 {
		t.Errorf("merging two empty histograms gave %d samples", h.Count())
	}
	if got := Quantile([]time.Duration(nil), 0.5); got != 0 {
		t.Errorf("Quantile(nil) = %v", got)
	}
}

func TestQuantiles(t *testing.T) {
	var a, b Histogram
	// 1..1000 µs, split over two histograms to exercise Merge.
	for i := 1; i <= 1000; i++ {
		h := &a
		if i%2 == 0 {
			h = &b
		}
		h.Record(time.Duration(i) * time.Microsecond)
	}
	a.Merge(&b)
	if a.Count() != 1000 || a.Min() != time.Microsecond || a.Max() != time.Millisecond {
		t.Fatalf("n %d, min %v, max %v; want 1000, 1µs, 1ms", a.Count(), a.Min(), a.Max())
	}
	if got, want := a.Mean(), 500500*time.Nanosecond; got != want {
		t.Errorf("mean %v, want %v", got, want)
	}
	for _, tt := range []struct {
		q    float64
		want time.Duration
	}{{0.5, 500 * time.Microsecond}, {0.99, 990 * time.Microsecond}, {1, time.Millisecond}, {0, time.Microsecond}} {
		got := a.Quantile(tt.q)
		if diff := float64(got-tt.want) / float64(tt.want); diff > 0.016 || diff < -0.016 {
			t.Errorf("Quantile(%v) = %v, want %v within 1.6%%", tt.q, got, tt.want)
		}
	}
}

func TestNegativeIsZero(t *testing.T) {
	var h Histogram
	h.Record(-time.Second)
	h.Record(3 * time.Nanosecond)
	if h.Min() != 0 || h.Max() != 3 || h.Quantile(0) != 0 || h.Quantile(1) != 3 {
		t.Errorf("min %v max %v q0 %v q1 %v; want 0, 3ns, 0, 3ns", h.Min(), h.Max(), h.Quantile(0), h.Quantile(1))
	}
}

func TestExactQuantile(t *testing.T) {
	ms := func(n int) time.Duration { return time.Duration(n) * time.Millisecond }
	var v []time.Duration
	for i := 100; i >= 1; i-- { // unsorted on purpose
		v = append(v, ms(i))
	}
	for _, tc := range []struct {
		q    float64
		want time.Duration
	}{{0, ms(1)}, {0.5, ms(50)}, {0.99, ms(99)}, {1, ms(100)}} {
		if got := Quantile(v, tc.q); got != tc.want {
			t.Errorf("Quantile(1..100 ms, %v) = %v; want %v", tc.q, got, tc.want)
		}
	}
	if v[0] != ms(100) {
		t.Error("Quantile sorted its argument in place")
	}
	if got := Quantile([]float64{0.9, 1.1, 1.0}, 0.5); got != 1.0 {
		t.Errorf("median of 0.9, 1.1, 1.0 = %v; want 1", got)
	}
}

// TestHistogramMatchesExact checks that the histogram's quantiles follow the
// exact nearest-rank rule within the bucket width, on spread-out samples.
func TestHistogramMatchesExact(t *testing.T) {
	r := rand.New(rand.NewPCG(3, 4))
	var h Histogram
	var v []time.Duration
	for range 5000 {
		d := time.Duration(r.ExpFloat64() * float64(50*time.Microsecond))
		h.Record(d)
		v = append(v, d)
	}
	for _, q := range []float64{0, 0.1, 0.5, 0.9, 0.99, 0.999, 1} {
		got, want := h.Quantile(q), Quantile(v, q)
		if diff := float64(got-want) / float64(max(want, 1)); diff > 1.0/64 || diff < -1.0/64 {
			t.Errorf("Quantile(%v) = %v, exact %v: more than 1/64 apart", q, got, want)
		}
	}
	if h.Min() != Quantile(v, 0) || h.Max() != Quantile(v, 1) {
		t.Errorf("min %v max %v, want exactly %v and %v", h.Min(), h.Max(), Quantile(v, 0), Quantile(v, 1))
	}
}

func BenchmarkRecord(b *testing.B) {
	var h Histogram
	for i := range b.N {
		h.Record(time.Duration(i&0xffff) * time.Microsecond)
	}
}
