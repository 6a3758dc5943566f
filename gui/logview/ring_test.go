package logview

import (
	"testing"
)

func TestRingFIFO(t *testing.T) {
	var r Ring[int]
	for i := range 40 {
		r.Push(i, 0)
	}
	for i := range 25 {
		if got := r.PopFront(); got != i {
			t.Fatalf("popFront = %d; want %d", got, i)
		}
	}
	for i := 40; i < 60; i++ { // wraps around the buffer
		r.Push(i, 0)
	}
	if r.Len() != 35 {
		t.Fatalf("len %d; want 35", r.Len())
	}
	for i := range r.Len() {
		if got := *r.At(i); got != 25+i {
			t.Fatalf("at(%d) = %d; want %d", i, got, 25+i)
		}
	}
	if f, ok := r.front(); !ok || *f != 25 {
		t.Fatalf("front = %v, %v; want 25", f, ok)
	}
	r.Reset()
	if _, ok := r.front(); ok || r.Len() != 0 {
		t.Fatal("reset ring is not empty")
	}
}

func TestRingGrowsUpToLimit(t *testing.T) {
	var r Ring[int]
	for i := range 100 {
		if r.Len() == 50 {
			r.PopFront()
		}
		r.Push(i, 50)
	}
	if len(r.buf) != 50 || r.Len() != 50 || *r.At(0) != 50 || *r.At(49) != 99 {
		t.Fatalf("buffer %d, len %d, oldest %d, newest %d; want 50, 50, 50, 99", len(r.buf), r.Len(), *r.At(0), *r.At(49))
	}
	r.resize(16) // never below what it holds
	if len(r.buf) != 50 || *r.At(0) != 50 {
		t.Fatalf("resize below len: buffer %d, oldest %d", len(r.buf), *r.At(0))
	}
}

func TestRingPopClearsSlot(t *testing.T) {
	var r Ring[*int]
	v := 7
	r.Push(&v, 0)
	r.PopFront()
	if r.buf[0] != nil {
		t.Fatal("popped slot still refers to its value")
	}
}
