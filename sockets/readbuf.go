package sockets

// readBuf is a connection's read buffer: a small one of its own while the
// connection is idle, and a large pooled one borrowed only while data
// streams (see smallReadBuf).
type readBuf struct {
	small []byte
	large *[]byte
}

func newReadBuf() readBuf { return readBuf{small: make([]byte, smallReadBuf)} }

// next returns the buffer for the next read.
func (r *readBuf) next() []byte {
	if r.large != nil {
		return *r.large
	}
	return r.small
}

// full reports whether a read of n bytes filled the large buffer: a bulk
// stream, worth copying in the kernel.
func (r *readBuf) full(n int) bool { return r.large != nil && n == len(*r.large) }

// adapt borrows the large buffer after a read that filled the small one,
// and gives it back as soon as reads are small again.
func (r *readBuf) adapt(n int) {
	if r.large == nil && n == len(r.small) {
		r.large = largeBufPool.Get().(*[]byte)
	} else if r.large != nil && n <= smallReadBuf {
		r.release()
	}
}

// release gives the large buffer back, if borrowed.
func (r *readBuf) release() {
	if r.large != nil {
		largeBufPool.Put(r.large)
		r.large = nil
	}
}
