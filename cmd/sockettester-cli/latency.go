package main

import (
	"math"
	"math/bits"
	"time"
)

// Latency histogram layout: 64 linear sub-buckets per power of two, so a
// recorded value is known to within 1/64 (1.6 %) in a fixed amount of
// memory, however many samples arrive. Values below 64 ns are exact; values
// above 2^maxLatencyExp ns (about 18 minutes) land in the last bucket.
const (
	latencySubBits = 6
	latencySubs    = 1 << latencySubBits
	maxLatencyExp  = 40
	latencyBuckets = (maxLatencyExp-latencySubBits+1)*latencySubs + latencySubs
)

// latencyHist records round-trip times. The zero value is ready to use; it
// is not safe for concurrent use (each connection keeps its own and they are
// merged at the end).
type latencyHist struct {
	counts   [latencyBuckets]uint64
	n        uint64
	sum      time.Duration
	min, max time.Duration
}

// bucketOf returns the bucket index for v nanoseconds.
func bucketOf(v uint64) int {
	if v < latencySubs {
		return int(v)
	}
	exp := bits.Len64(v) - 1 // v is in [2^exp, 2^(exp+1))
	if exp > maxLatencyExp {
		return latencyBuckets - 1
	}
	shift := exp - latencySubBits
	return (shift+1)*latencySubs + int(v>>shift) - latencySubs
}

// bucketRange returns the smallest and largest value bucket i holds.
func bucketRange(i int) (lo, hi uint64) {
	if i < latencySubs {
		return uint64(i), uint64(i)
	}
	shift := i/latencySubs - 1
	m := uint64(i%latencySubs + latencySubs)
	return m << shift, (m+1)<<shift - 1
}

// record adds one sample.
func (h *latencyHist) record(d time.Duration) {
	if d < 0 {
		d = 0
	}
	h.counts[bucketOf(uint64(d))]++
	if h.n == 0 || d < h.min {
		h.min = d
	}
	if d > h.max {
		h.max = d
	}
	h.n++
	h.sum += d
}

// merge adds every sample of o.
func (h *latencyHist) merge(o *latencyHist) {
	if o.n == 0 {
		return
	}
	for i, c := range o.counts {
		h.counts[i] += c
	}
	if h.n == 0 || o.min < h.min {
		h.min = o.min
	}
	if o.max > h.max {
		h.max = o.max
	}
	h.n += o.n
	h.sum += o.sum
}

// quantile returns the value below which a fraction q (0..1) of the samples
// fall: the middle of the bucket holding that rank, clamped to the exact
// minimum and maximum. It returns 0 for an empty histogram.
func (h *latencyHist) quantile(q float64) time.Duration {
	if h.n == 0 {
		return 0
	}
	rank := uint64(math.Ceil(q * float64(h.n)))
	if rank < 1 {
		rank = 1
	}
	var seen uint64
	for i, c := range h.counts {
		seen += c
		if seen < rank {
			continue
		}
		lo, hi := bucketRange(i)
		v := time.Duration(lo + (hi-lo)/2)
		return min(max(v, h.min), h.max)
	}
	return h.max
}

// mean returns the average sample, or 0 for an empty histogram.
func (h *latencyHist) mean() time.Duration {
	if h.n == 0 {
		return 0
	}
	return h.sum / time.Duration(h.n)
}
