package scenario

import (
	"bytes"
	"sync"
)

// inbox collects what the connection receives, for the expects to consume.
// The client's read goroutine fills it; the runner waits on ready.
type inbox struct {
	mu    sync.Mutex
	buf   []byte
	off   int           // buf[off:] is not consumed yet
	ready chan struct{} // a token after bytes arrive
}

func newInbox() *inbox { return &inbox{ready: make(chan struct{}, 1)} }

// add appends p; the client calls it with every chunk it reads.
func (in *inbox) add(p []byte) {
	in.mu.Lock()
	if in.off == len(in.buf) {
		in.buf, in.off = in.buf[:0], 0
	}
	in.buf = append(in.buf, p...)
	in.mu.Unlock()
	select {
	case in.ready <- struct{}{}:
	default:
	}
}

// verdict is what a check makes of the bytes so far.
type verdict int

const (
	needMore verdict = iota // not met yet; more bytes may meet it
	met                     // met: consume the bytes checked
	differs                 // can no longer be met
)

// check runs f on the bytes not yet consumed; when f says met, the n bytes
// it names are consumed.
func (in *inbox) check(f func(pending []byte) (verdict, int)) verdict {
	in.mu.Lock()
	defer in.mu.Unlock()
	v, n := f(in.buf[in.off:])
	if v == met {
		in.off += n
	}
	return v
}

// pending returns a copy of the bytes not yet consumed.
func (in *inbox) pending() []byte {
	in.mu.Lock()
	defer in.mu.Unlock()
	return bytes.Clone(in.buf[in.off:])
}
