package sockets

import "syscall"

// ipUnicastIf is IP_UNICAST_IF in ws2ipdef.h.
const ipUnicastIf = 31

func setBroadcast(fd uintptr) error {
	return syscall.SetsockoptInt(syscall.Handle(fd), syscall.SOL_SOCKET, syscall.SO_BROADCAST, 1)
}

// bindOutIface makes unicast and broadcast datagrams leave by the
// interface with index i (IP_UNICAST_IF takes it in network byte order).
func bindOutIface(fd uintptr, i int) error {
	return syscall.SetsockoptInt(syscall.Handle(fd), syscall.IPPROTO_IP, ipUnicastIf, int(htonl(uint32(i))))
}

// setReuseAddr lets several group members on one machine share a port.
func setReuseAddr(fd uintptr) error {
	return syscall.SetsockoptInt(syscall.Handle(fd), syscall.SOL_SOCKET, syscall.SO_REUSEADDR, 1)
}
