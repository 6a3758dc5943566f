//go:build !linux && !darwin && !windows

package sockets

import (
	"errors"
	"syscall"
)

func setBroadcast(fd uintptr) error {
	return syscall.SetsockoptInt(int(fd), syscall.SOL_SOCKET, syscall.SO_BROADCAST, 1)
}

// bindOutIface is not offered here: send to the interface's directed
// broadcast instead, which its route picks.
func bindOutIface(fd uintptr, i int) error {
	return errors.New("choosing the interface of a broadcast is not supported on this system; send to the interface's directed broadcast address instead")
}

// setReuseAddr lets several group members on one machine share a port.
func setReuseAddr(fd uintptr) error {
	return syscall.SetsockoptInt(int(fd), syscall.SOL_SOCKET, syscall.SO_REUSEADDR, 1)
}
