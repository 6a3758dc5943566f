// Package hist measures distributions of durations: a log-linear histogram with
// quantiles within 1.6 % in fixed memory, and an exact Quantile for a few values.
// It uses only the standard library, so the engine's tests can use it.
package hist

import (
	"cmp"
	"math"
	"math/bits"
	"slices"
	"time"
)

// 64 linear sub-buckets per power of two: values are known to within 1/64.
// Values below 64 ns are exact; above 2^maxExp ns (about 18 min) share the last
// bucket.
const (
	subBits    = 6
	subs       = 1 << subBits
	maxExp     = 40
	numBuckets = (maxExp-subBits+1)*subs + subs
)

// Histogram records durations; Min, Max and Mean are exact. The zero value is
// ready. It is not safe for concurrent use: give each goroutine its own and
// Merge them.
type Histogram struct {
	counts   [numBuckets]uint64
	n        uint64
	sum      time.Duration
	min, max time.Duration
}

func bucketOf(v uint64) int {
	if v < subs {
		return int(v)
	}
	exp := bits.Len64(v) - 1 // v is in [2^exp, 2^(exp+1))
	if exp > maxExp {
		return numBuckets - 1
	}
	shift := exp - subBits
	return (shift+1)*subs + int(v>>shift) - subs
}

// bucketRange returns the smallest and largest value bucket i holds.
func bucketRange(i int) (lo, hi uint64) {
	if i < subs {
		return uint64(i), uint64(i)
	}
	shift := i/subs - 1
	m := uint64(i%subs + subs)
	return m << shift, (m+1)<<shift - 1
}

// Record adds one sample; a negative one counts as 0.
func (h *Histogram) Record(d time.Duration) {
	d = max(d, 0)
	h.counts[bucketOf(uint64(d))]++
	if h.n == 0 || d < h.min {
		h.min = d
	}
	h.max = max(h.max, d)
	h.n++
	h.sum += d
}

// Merge adds every sample of o.
func (h *Histogram) Merge(o *Histogram) {
	if o.n == 0 {
		return
	}
	for i, c := range o.counts {
		h.counts[i] += c
	}
	if h.n == 0 || o.min < h.min {
		h.min = o.min
	}
	h.max = max(h.max, o.max)
	h.n += o.n
	h.sum += o.sum
}

// Count returns how many samples were recorded.
func (h *Histogram) Count() uint64 { return h.n }

// Min returns the smallest sample, or 0 for an empty histogram.
func (h *Histogram) Min() time.Duration { return h.min }

// Max returns the largest sample, or 0 for an empty histogram.
func (h *Histogram) Max() time.Duration { return h.max }

// Mean returns the average sample, or 0 for an empty histogram.
func (h *Histogram) Mean() time.Duration {
	if h.n == 0 {
		return 0
	}
	return h.sum / time.Duration(h.n)
}

// Quantile returns the nearest-rank q-quantile (0..1), clamped to Min and Max;
// 0 for an empty histogram.
func (h *Histogram) Quantile(q float64) time.Duration {
	if h.n == 0 {
		return 0
	}
	r := uint64(rank(int(min(h.n, math.MaxInt)), q))
	var seen uint64
	for i, c := range h.counts {
		seen += c
		if seen <= r {
			continue
		}
		lo, hi := bucketRange(i)
		v := time.Duration(lo + (hi-lo)/2)
		return min(max(v, h.min), h.max)
	}
	return h.max
}

// Quantile returns the exact nearest-rank q-quantile (0..1) of v, or the zero
// value for empty v. It sorts a copy, so use it for a few values only.
func Quantile[T cmp.Ordered](v []T, q float64) T {
	if len(v) == 0 {
		var zero T
		return zero
	}
	s := slices.Clone(v)
	slices.Sort(s)
	return s[rank(len(s), q)]
}

// rank is the 0-based index of the ceil(q*n)-th value, clamped to [0, n-1].
func rank(n int, q float64) int {
	return min(max(int(math.Ceil(q*float64(n)))-1, 0), n-1)
}
