package sockets

import (
	"encoding/binary"
	"net"

	"golang.org/x/sys/unix"
)

const systemDropsCounted = true

// enableDropCount asks the kernel to attach its count of datagrams dropped
// at the socket (SO_RXQ_OVFL) to each datagram it delivers.
func enableDropCount(pc *net.UDPConn) error {
	rc, err := pc.SyscallConn()
	if err != nil {
		return err
	}
	var serr error
	if err := rc.Control(func(fd uintptr) {
		serr = unix.SetsockoptInt(int(fd), unix.SOL_SOCKET, unix.SO_RXQ_OVFL, 1)
	}); err != nil {
		return err
	}
	return serr
}

// dropCountOf finds the SO_RXQ_OVFL counter in a datagram's control
// messages; the kernel attaches it once the socket has dropped any.
func dropCountOf(oob []byte) (uint32, bool) {
	for len(oob) >= unix.SizeofCmsghdr {
		h, data, rest, err := unix.ParseOneSocketControlMessage(oob)
		if err != nil {
			return 0, false
		}
		if h.Level == unix.SOL_SOCKET && h.Type == unix.SO_RXQ_OVFL && len(data) >= 4 {
			return binary.NativeEndian.Uint32(data), true
		}
		oob = rest
	}
	return 0, false
}

// readBufferOf returns the receive buffer the kernel granted (Linux doubles
// the size asked for); 0 when it cannot say.
func readBufferOf(pc *net.UDPConn) int {
	rc, err := pc.SyscallConn()
	if err != nil {
		return 0
	}
	n := 0
	rc.Control(func(fd uintptr) {
		n, _ = unix.GetsockoptInt(int(fd), unix.SOL_SOCKET, unix.SO_RCVBUF)
	})
	return n
}
