package main

import (
	"flag"
	"time"

	"github.com/sockettester/sockettester/sockets"
)

// relayUDPFlags are relay's UDP switch and idle time; a UDP relay's
// conditions are --condition and --conditions, as a TCP relay's.
type relayUDPFlags struct {
	udp  bool
	idle time.Duration
}

// addRelayUDPFlags adds --udp and --idle, and --udp-condition as an alias
// of --condition into specs.
func addRelayUDPFlags(fs *flag.FlagSet, specs *specList) *relayUDPFlags {
	f := &relayUDPFlags{}
	fs.BoolVar(&f.udp, "udp", false, "")
	fs.DurationVar(&f.idle, "idle", sockets.DefaultUDPRelayIdle, "")
	fs.Var(specs, "udp-condition", "")
	return f
}

// apply checks the UDP flags against the others and sets them in cfg.
func (f *relayUDPFlags) apply(fs *flag.FlagSet, cfg *sockets.ServerConfig) error {
	if !f.udp {
		if flagWasSet(fs, "idle") {
			return usageErrorf("relay", "--idle needs --udp (the idle time is for a UDP relay)")
		}
		return nil
	}
	switch {
	case cfg.TLS != nil || cfg.ForwardTLS != nil:
		return usageErrorf("relay", "--udp cannot be used with --tls or --tls-to: UDP has no TLS")
	case f.idle <= 0:
		return usageErrorf("relay", "--idle must be positive, e.g. --idle 60s")
	}
	cfg.Network = "udp"
	cfg.UDPRelayIdle = f.idle
	return nil
}
