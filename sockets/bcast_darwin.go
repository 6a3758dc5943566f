package sockets

import (
	"golang.org/x/sys/unix"
)

func setBroadcast(fd uintptr) error {
	return unix.SetsockoptInt(int(fd), unix.SOL_SOCKET, unix.SO_BROADCAST, 1)
}

// bindOutIface makes datagrams leave by the interface with index i.
func bindOutIface(fd uintptr, i int) error {
	return unix.SetsockoptInt(int(fd), unix.IPPROTO_IP, unix.IP_BOUND_IF, i)
}

// setReuseAddr lets several group members on one machine share a port.
func setReuseAddr(fd uintptr) error {
	return unix.SetsockoptInt(int(fd), unix.SOL_SOCKET, unix.SO_REUSEADDR, 1)
}
