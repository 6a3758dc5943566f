package main

import (
	"math/rand/v2"
	"testing"
	"time"
)

func TestLatencyBuckets(t *testing.T) {
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
	if i := bucketOf(1 << 62); i != latencyBuckets-1 {
		t.Errorf("a huge value went to bucket %d, want the last (%d)", i, latencyBuckets-1)
	}
}

func TestLatencyQuantiles(t *testing.T) {
	var a, b latencyHist
	if a.quantile(0.5) != 0 || a.mean() != 0 {
		t.Error("an empty histogram should report 0")
	}
	// 1..1000 µs, split over two histograms to exercise merge.
	for i := 1; i <= 1000; i++ {
		h := &a
		if i%2 == 0 {
			h = &b
		}
		h.record(time.Duration(i) * time.Microsecond)
	}
	a.merge(&b)
	if a.n != 1000 || a.min != time.Microsecond || a.max != time.Millisecond {
		t.Fatalf("n %d, min %v, max %v", a.n, a.min, a.max)
	}
	if got, want := a.mean(), 500500*time.Nanosecond; got != want {
		t.Errorf("mean %v, want %v", got, want)
	}
	for _, tt := range []struct {
		q    float64
		want time.Duration
	}{{0.5, 500 * time.Microsecond}, {0.99, 990 * time.Microsecond}, {1, time.Millisecond}, {0, time.Microsecond}} {
		got := a.quantile(tt.q)
		if diff := float64(got-tt.want) / float64(tt.want); diff > 0.016 || diff < -0.016 {
			t.Errorf("quantile(%v) = %v, want %v within 1.6%%", tt.q, got, tt.want)
		}
	}
}
