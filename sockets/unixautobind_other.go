//go:build !linux

package sockets

import "net"

// unixAutobind leaves d as it is: only Linux names a client socket by
// itself (see the Linux file).
func unixAutobind(d *net.Dialer) *net.Dialer { return d }
