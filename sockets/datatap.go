package sockets

// Tap is a hook that hears every chunk a server receives, with the address
// of the peer it came from; p is valid only during the call.
type Tap func(peer string, p []byte)

// SetTap makes f hear every chunk the running server receives from now on,
// on the data path, before the answer (as ServerConfig.OnData does, but
// switched on and off while the server runs); nil removes it. f must not
// block: whatever it does holds up that peer's reads. While a tap is set,
// a TCP echo server reads in user space instead of echoing in the kernel,
// so the tap sees every byte.
func (s *Server) SetTap(f Tap) {
	if f == nil {
		s.tap.Store(nil)
		return
	}
	s.tap.Store(&f)
}

// tapped reports whether a tap is set.
func (s *Server) tapped() bool { return s.tap.Load() != nil }

// hear hands chunk b from peer to ServerConfig.OnData and to the tap.
func (s *Server) hear(peer string, b []byte) {
	if s.cfg.OnData != nil {
		s.cfg.OnData(peer, b)
	}
	if f := s.tap.Load(); f != nil {
		(*f)(peer, b)
	}
}
