// Package bench is Socket Tester's load generator: connections made with
// sockets.Dial ping-pong fixed-size messages with an echo server, measuring
// round trips.
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

// stampLen bytes of sequence number lead each message long enough, so a late
// UDP echo is told apart from the current one.
const stampLen = 8

// Config describes a load run against an echo server.
type Config struct {
	Network       string        // "tcp" or "udp" ("tcp4", "udp6" and the like also work)
	Addr          string        // the echo server's host:port
	Conns         int           // connections at once (default 8); for UDP each is its own socket
	Duration      time.Duration // how long new round trips start (default 5 s)
	MaxRoundTrips uint64        // if positive, ends the run after this many round trips in all
	Size          int           // bytes in each message (default 64)
	// Timeout bounds each dial, send and round trip (default 2 s). A UDP round
	// trip that times out counts as a lost datagram; a TCP one ends its connection.
	Timeout time.Duration
}

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

func (c Config) udp() bool { return strings.HasPrefix(c.Network, "udp") }

// Check reports a config Run would refuse: an unknown network, or too many
// connections or too big a message.
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
