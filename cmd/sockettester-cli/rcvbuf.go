package main

import (
	"flag"
	"strconv"

	"github.com/sockettester/sockettester/sockets"
)

// rcvBufUsage is the help text of --rcvbuf, shared by serve and send.
const rcvBufUsage = `  --rcvbuf BYTES     the UDP socket's receive buffer (SO_RCVBUF), 1 to
                     67108864 (64 MiB); default: the system's. The size the
                     system granted is on the listening line (Linux doubles
                     it, and caps it at net.core.rmem_max). Datagrams the
                     system drops while it is full are counted in a
                     dropped-by-system line (Linux)
`

// parseRcvBuf reads --rcvbuf for cmd: bytes, for a UDP socket only.
func parseRcvBuf(fs *flag.FlagSet, cmd, s string, udp bool) (int, error) {
	if !flagWasSet(fs, "rcvbuf") {
		return 0, nil
	}
	if !udp {
		return 0, usageErrorf(cmd, "--rcvbuf sets a UDP socket's receive buffer: give --udp ADDR too")
	}
	n, err := strconv.Atoi(s)
	if err != nil {
		return 0, usageErrorf(cmd, "--rcvbuf %q is not a number of bytes: give e.g. --rcvbuf 4194304 (4 MiB), from 1 to %d", s, sockets.MaxRcvBuf)
	}
	if n <= 0 {
		return 0, usageErrorf(cmd, "--rcvbuf %d: give a size in bytes from 1 to %d, or leave --rcvbuf out for the system's default", n, sockets.MaxRcvBuf)
	}
	if err := sockets.CheckRcvBuf(n); err != nil {
		return 0, usageErrorf(cmd, "--rcvbuf: %v", err)
	}
	return n, nil
}

// rcvBufThen is what the text listening line adds for a server's receive
// buffer: " receive buffer 8192 B (asked 4096 B)", or "".
func rcvBufThen(s *sockets.Server) string {
	if m := s.ReceiveBufferNote(); !m.IsZero() {
		return " " + m.String()
	}
	return ""
}
