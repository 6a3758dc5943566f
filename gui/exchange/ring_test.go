package exchange

import "testing"

func TestRingFIFO(t *testing.T) {
	var r ring[int]
	for i := range 40 {
		r.push(i, 0)
	}
	for i := range 25 {
		if got := r.popFront(); got != i {
			t.Fatalf("popFront = %d; want %d", got, i)
		}
	}
	for i := 40; i < 60; i++ { // wraps around the buffer
		r.push(i, 0)
	}
	if r.len() != 35 {
		t.Fatalf("len %d; want 35", r.len())
	}
	for i := range r.len() {
		if got := *r.at(i); got != 25+i {
			t.Fatalf("at(%d) = %d; want %d", i, got, 25+i)
		}
	}
	if f, ok := r.front(); !ok || *f != 25 {
		t.Fatalf("front = %v, %v; want 25", f, ok)
	}
	r.reset()
	if _, ok := r.front(); ok || r.len() != 0 {
		t.Fatal("reset ring is not empty")
	}
}

func TestRingGrowsUpToLimit(t *testing.T) {
	var r ring[int]
	for i := range 100 {
		if r.len() == 50 {
			r.popFront()
		}
		r.push(i, 50)
	}
	if len(r.buf) != 50 || r.len() != 50 || *r.at(0) != 50 || *r.at(49) != 99 {
		t.Fatalf("buffer %d, len %d, oldest %d, newest %d; want 50, 50, 50, 99", len(r.buf), r.len(), *r.at(0), *r.at(49))
	}
	r.resize(16) // never below what it holds
	if len(r.buf) != 50 || *r.at(0) != 50 {
		t.Fatalf("resize below len: buffer %d, oldest %d", len(r.buf), *r.at(0))
	}
}

func TestRingPopClearsSlot(t *testing.T) {
	var r ring[*int]
	v := 7
	r.push(&v, 0)
	r.popFront()
	if r.buf[0] != nil {
		t.Fatal("popped slot still refers to its value")
	}
}
