package logview

// Ring is a FIFO held in a circular buffer that grows by doubling, so
// pushing and popping are O(1) amortised and memory follows what is held.
// The zero value is empty and ready to use; it is not safe for concurrent
// use.
type Ring[T any] struct {
	buf  []T
	head int // index of the oldest element
	n    int
}

const ringMinCap = 16

func (r *Ring[T]) Len() int { return r.n }

// At returns the i-th oldest element; i must be below len.
func (r *Ring[T]) At(i int) *T {
	j := r.head + i
	if j >= len(r.buf) {
		j -= len(r.buf)
	}
	return &r.buf[j]
}

// Push adds v after the newest element. When the buffer is full it grows to
// twice its size, but to no more than limit elements when limit > 0 (the
// caller makes room before pushing at the limit).
func (r *Ring[T]) Push(v T, limit int) {
	if r.n == len(r.buf) {
		size := max(ringMinCap, 2*len(r.buf))
		if limit > 0 {
			size = min(size, max(limit, r.n+1))
		}
		r.resize(size)
	}
	*r.At(r.n) = v
	r.n++
}

func (r *Ring[T]) front() (*T, bool) {
	if r.n == 0 {
		return nil, false
	}
	return &r.buf[r.head], true
}

func (r *Ring[T]) back() (*T, bool) {
	if r.n == 0 {
		return nil, false
	}
	return r.At(r.n - 1), true
}

// PopFront removes the oldest element (len must be above 0) and clears its
// slot, so what it referred to can be collected.
func (r *Ring[T]) PopFront() T {
	v := r.buf[r.head]
	var zero T
	r.buf[r.head] = zero
	r.head++
	if r.head == len(r.buf) {
		r.head = 0
	}
	r.n--
	return v
}

// PopBack removes the newest element (len must be above 0) and clears its
// slot.
func (r *Ring[T]) PopBack() T {
	p := r.At(r.n - 1)
	v := *p
	var zero T
	*p = zero
	r.n--
	return v
}

// resize moves the elements, oldest first, into a buffer of size (at least len).
func (r *Ring[T]) resize(size int) {
	buf := make([]T, max(size, r.n))
	for i := range r.n {
		buf[i] = *r.At(i)
	}
	r.buf, r.head = buf, 0
}

// Reset empties the ring and lets its buffer go.
func (r *Ring[T]) Reset() { *r = Ring[T]{} }
