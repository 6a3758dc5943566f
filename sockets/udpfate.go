package sockets

import (
	"time"

	"github.com/sockettester/sockettester/sockets/msg"
)

// udpFate is what the conditions did to one datagram, as typed facts for
// its event: how long they held it, whether they dropped it.
type udpFate struct {
	held    time.Duration
	dropped bool
}

// udpFateOf reads a datagram's fate from the effects the UDP conditions
// reported for it: the one place that knows which effects hold or drop.
func udpFateOf(effects []msg.Message) udpFate {
	var f udpFate
	for _, m := range effects {
		switch m.Code {
		case codeUDPLost:
			f.dropped = true
		case codeUDPDelayed:
			s, _ := m.Args["Time"].(string)
			if d, err := time.ParseDuration(s); err == nil {
				f.held += d
			}
		}
	}
	if f.dropped {
		f.held = 0
	}
	return f
}
