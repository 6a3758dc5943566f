package main

import (
	"flag"
	"strconv"
	"time"

	"github.com/sockettester/sockettester/sockets"
)

// relayUDPFlags are relay's UDP switch, idle time and conditions.
type relayUDPFlags struct {
	udp   bool
	idle  time.Duration
	seed  uint64
	conds []sockets.UDPCondition
}

func addRelayUDPFlags(fs *flag.FlagSet) *relayUDPFlags {
	f := &relayUDPFlags{}
	fs.BoolVar(&f.udp, "udp", false, "")
	fs.DurationVar(&f.idle, "idle", sockets.DefaultUDPRelayIdle, "")
	fs.Func("udp-condition", "", func(s string) error {
		c, err := sockets.ParseUDPCondition(s)
		if err == nil {
			f.conds = append(f.conds, c)
		}
		return err
	})
	return f
}

// apply checks the UDP flags against the others and sets them in cfg.
func (f *relayUDPFlags) apply(fs *flag.FlagSet, cfg *sockets.ServerConfig) error {
	if !f.udp {
		for _, name := range []string{"idle", "udp-condition"} {
			if flagWasSet(fs, name) {
				return usageErrorf("relay", "--%s needs --udp (conditions and the idle time are for a UDP relay)", name)
			}
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
	cfg.UDPConditions = f.conds
	cfg.UDPSeed = f.seed
	return nil
}

// listeningNote is what the listening line adds for a UDP relay with
// conditions: the seed, so that the run can be repeated.
func (f *relayUDPFlags) listeningNote(cfg sockets.ServerConfig) string {
	if !f.udp || len(f.conds) == 0 {
		return ""
	}
	return " seed " + strconv.FormatUint(cfg.UDPSeed, 10)
}
