package main

import "sync"

// replySink prints what arrives at once, on the client's read goroutine: a
// slow stdout slows the reading, so nothing piles up in memory.
type replySink struct {
	out *replyWriter
	max int // --max-bytes; 0 for no limit

	mu      sync.Mutex
	got     int  // bytes printed
	replies int  // reads (TCP) or datagrams (UDP), empty ones too
	reached bool // --max-bytes have arrived

	arrived chan struct{} // something arrived (buffered: a missed signal is no loss)
	full    chan struct{} // closed once --max-bytes have arrived
}

func newReplySink(out *replyWriter, max int) *replySink {
	return &replySink{out: out, max: max, arrived: make(chan struct{}, 1), full: make(chan struct{})}
}

// onData is the client's OnData.
func (k *replySink) onData(p []byte) {
	k.mu.Lock()
	if k.reached {
		k.mu.Unlock()
		return
	}
	k.replies++
	if k.max > 0 {
		p = p[:min(len(p), k.max-k.got)]
	}
	k.got += len(p)
	k.out.data(p)
	if k.max > 0 && k.got >= k.max {
		k.reached = true
		close(k.full)
	}
	k.mu.Unlock()
	select {
	case k.arrived <- struct{}{}:
	default:
	}
}

// counts returns the bytes printed and the replies received so far.
func (k *replySink) counts() (got, replies int) {
	k.mu.Lock()
	defer k.mu.Unlock()
	return k.got, k.replies
}

// reachedMax reports whether --max-bytes have arrived.
func (k *replySink) reachedMax() bool {
	k.mu.Lock()
	defer k.mu.Unlock()
	return k.reached
}
