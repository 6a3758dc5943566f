package sockets

// readBuf is a small buffer of the connection's own while it is idle, and a
// large pooled one borrowed only while data streams.
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

// full reports a read that filled the large buffer: a bulk stream, worth
// copying in the kernel.
func (r *readBuf) full(n int) bool { return r.large != nil && n == len(*r.large) }

// adapt borrows the large buffer after a full small read and returns it
// once reads are small again.
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
