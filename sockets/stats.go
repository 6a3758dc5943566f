package sockets

import (
	"sync/atomic"
	"time"
)

// Stats is a snapshot of exact counters. Messages are reads and writes on the
// socket (one per datagram for UDP).
type Stats struct {
	BytesIn, BytesOut uint64
	MsgsIn, MsgsOut   uint64
	ConnsCurrent      int64
	ConnsTotal        uint64
}

// counters are the live atomics behind a Stats snapshot.
type counters struct {
	bytesIn, bytesOut atomic.Uint64
	msgsIn, msgsOut   atomic.Uint64
	connsCur          atomic.Int64
	connsTotal        atomic.Uint64
}

func (c *counters) in(n int)  { c.bytesIn.Add(uint64(n)); c.msgsIn.Add(1) }
func (c *counters) out(n int) { c.bytesOut.Add(uint64(n)); c.msgsOut.Add(1) }

func (c *counters) snapshot() Stats {
	return Stats{
		BytesIn: c.bytesIn.Load(), BytesOut: c.bytesOut.Load(),
		MsgsIn: c.msgsIn.Load(), MsgsOut: c.msgsOut.Load(),
		ConnsCurrent: c.connsCur.Load(), ConnsTotal: c.connsTotal.Load(),
	}
}

// PeerInfo describes one connected TCP peer, or one UDP address heard from
// recently.
type PeerInfo struct {
	Addr              string
	Since             time.Time // connected (TCP) or first heard (UDP)
	LastSeen          time.Time // last datagram (UDP); equals Since for TCP
	BytesIn, BytesOut uint64
	MsgsIn, MsgsOut   uint64
}
