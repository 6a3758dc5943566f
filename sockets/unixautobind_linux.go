package sockets

import (
	"net"
	"syscall"
)

// unixAutobind has a Unix stream client take a name of its own: with
// SO_PASSCRED set on an unbound socket, Linux binds it at connect to a
// fresh abstract name ("@0001f"). The server then sees that name rather
// than an unnamed peer, and the log and the diagram can tell which of the
// app's clients is at the other end, as host:port tells for TCP.
func unixAutobind(d *net.Dialer) *net.Dialer {
	out := *d
	out.Control = func(_, _ string, c syscall.RawConn) error {
		var serr error
		if err := c.Control(func(fd uintptr) {
			serr = syscall.SetsockoptInt(int(fd), syscall.SOL_SOCKET, syscall.SO_PASSCRED, 1)
		}); err != nil {
			return err
		}
		return serr
	}
	return &out
}
