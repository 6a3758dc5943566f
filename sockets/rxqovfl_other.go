//go:build !linux

package sockets

import (
	"errors"
	"net"
)

const systemDropsCounted = false

func enableDropCount(*net.UDPConn) error {
	return errors.New("the count is not available on this system")
}

func dropCountOf([]byte) (uint32, bool) { return 0, false }

// readBufferOf cannot read the size back here: 0 says so.
func readBufferOf(*net.UDPConn) int { return 0 }
