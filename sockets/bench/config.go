// Package bench is Socket Tester's load generator: it dials connections to
// an echo server with sockets.Dial, the client the app uses, and has each
// one ping-pong messages of a fixed size, measuring round trips. The CLI's
// bench command prints its Result; the Result's JSON form is the command's
// --json output.
package bench

import (
	"fmt"
	"strings"
	"time"
)

// Defaults, used for zero Config fields.
const (
	DefaultConns    = 8
	DefaultDuration = 5 * time.Second
	DefaultSize     = 64
	DefaultTimeout  = 2 * time.Second
)

// Limits Config.Check enforces.
const (
	MaxConns   = 10000
	MaxSize    = 16 << 20
	MaxUDPSize = 65507 // the largest UDP payload over IPv4
)

// stampLen is the bytes of sequence number leading each message, when the
// message is that long, so a late UDP echo is told apart from the current one.
const stampLen = 8

// Config describes a load run against an echo server.
type Config struct {
	// Network is "tcp" or "udp" ("tcp4", "tcp6", "udp4", "udp6" also work).
	Network string
	// Addr is the echo server's host:port.
	Addr string
	// Conns is how many connections run at once (default 8). For UDP each
	// is its own socket.
	Conns int
	// Duration is how long new round trips start (default 5 s); the run
	// ends once the round trips in flight finish.
	Duration time.Duration
	// MaxRoundTrips, if positive, ends the run early after this many round
	// trips in total.
	MaxRoundTrips uint64
	// Size is the bytes in each message (default 64).
	Size int
	// Timeout bounds each dial, each send and each round trip (default
	// 2 s). A UDP round trip that times out counts as an error (a lost
	// datagram) and the connection goes on; a TCP one ends its connection.
	Timeout time.Duration
}

// withDefaults returns c with its zero fields set to the defaults.
func (c Config) withDefaults() Config {
	if c.Conns <= 0 {
		c.Conns = DefaultConns
	}
	if c.Duration <= 0 {
		c.Duration = DefaultDuration
	}
	if c.Size <= 0 {
		c.Size = DefaultSize
	}
	if c.Timeout <= 0 {
		c.Timeout = DefaultTimeout
	}
	return c
}

// udp reports whether the run uses UDP.
func (c Config) udp() bool { return strings.HasPrefix(c.Network, "udp") }

// Check reports a config Run would refuse: an unknown network, or more
// connections or a bigger message than the limits allow.
func (c Config) Check() error {
	switch {
	case !strings.HasPrefix(c.Network, "tcp") && !c.udp():
		return fmt.Errorf("unknown network %q (want tcp or udp)", c.Network)
	case c.Conns > MaxConns:
		return fmt.Errorf("at most %d connections, not %d", MaxConns, c.Conns)
	case c.Size > MaxSize:
		return fmt.Errorf("message size at most %d bytes, not %d", MaxSize, c.Size)
	case c.udp() && c.Size > MaxUDPSize:
		return fmt.Errorf("a UDP message holds at most %d bytes, not %d", MaxUDPSize, c.Size)
	}
	return nil
}
