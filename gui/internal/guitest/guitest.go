// Package guitest holds what the tests of several gui packages share.
package guitest

import (
	"net"
	"testing"
	"time"
)

// EventTime is the time of the first test event; later events are 1 ms
// apart.
var EventTime = time.Date(2024, 5, 6, 7, 8, 9, 123_000_000, time.Local)

// ClosedLoopbackPort returns a TCP port on 127.0.0.1 that nothing listens on now.
func ClosedLoopbackPort(t testing.TB) int {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	port := ln.Addr().(*net.TCPAddr).Port
	ln.Close()
	return port
}
