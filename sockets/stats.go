package sockets

import (
	"sort"
	"sync/atomic"
	"time"

	"github.com/sockettester/sockettester/sockets/addr"
	"github.com/sockettester/sockettester/sockets/msg"
)

// Stats is a snapshot of exact counters. A TCP stream has no messages, so
// over TCP MsgsIn and MsgsOut count reads and writes (one send may arrive in
// several reads, several sends in one); over UDP they count datagrams.
type Stats struct {
	BytesIn, BytesOut uint64
	MsgsIn, MsgsOut   uint64 // TCP: reads and writes; UDP: datagrams
	ConnsCurrent      int64
	ConnsTotal        uint64
	// SystemDropped counts the datagrams the system dropped before the app
	// could read them, because the socket's receive buffer was full (UDP,
	// on systems that tell: see SystemDropsCounted).
	SystemDropped uint64
}

// counters are the live atomics behind a Stats snapshot.
type counters struct {
	bytesIn, bytesOut atomic.Uint64
	msgsIn, msgsOut   atomic.Uint64
	connsCur          atomic.Int64
	connsTotal        atomic.Uint64
	sysDropped        atomic.Uint64
}

func (c *counters) in(n int)  { c.bytesIn.Add(uint64(n)); c.msgsIn.Add(1) }
func (c *counters) out(n int) { c.bytesOut.Add(uint64(n)); c.msgsOut.Add(1) }

func (c *counters) snapshot() Stats {
	return Stats{
		BytesIn: c.bytesIn.Load(), BytesOut: c.bytesOut.Load(),
		MsgsIn: c.msgsIn.Load(), MsgsOut: c.msgsOut.Load(),
		ConnsCurrent: c.connsCur.Load(), ConnsTotal: c.connsTotal.Load(),
		SystemDropped: c.sysDropped.Load(),
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

// newPeerInfo describes a peer from its address, times and counters.
func newPeerInfo(addr string, since, lastSeen time.Time, c *counters) PeerInfo {
	st := c.snapshot()
	return PeerInfo{Addr: addr, Since: since, LastSeen: lastSeen,
		BytesIn: st.BytesIn, BytesOut: st.BytesOut, MsgsIn: st.MsgsIn, MsgsOut: st.MsgsOut}
}

// sortPeers orders peers oldest first.
func sortPeers(peers []PeerInfo) []PeerInfo {
	sort.Slice(peers, func(i, j int) bool { return peers[i].Since.Before(peers[j].Since) })
	return peers
}

// Summary sums the counters up in words for a server of the given network,
// e.g. "served 2 connections; received 12 B; sent 12 B", or for UDP
// "received 1 datagram, 4 B; sent 1 datagram, 4 B".
func (s Stats) Summary(network string) string { return s.summary(network).String() }

// summary is Summary as a code and arguments.
func (s Stats) summary(network string) msg.Message {
	if addr.IsDatagram(network) {
		return msg.New(codeServedUDP, "In", s.MsgsIn, "InB", s.BytesIn, "Out", s.MsgsOut, "OutB", s.BytesOut)
	}
	return msg.New(codeServedTCP, "Conns", s.ConnsTotal, "In", s.BytesIn, "Out", s.BytesOut)
}
