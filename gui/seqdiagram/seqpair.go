package seqdiagram

import (
	"github.com/sockettester/sockettester/sockets"
	"github.com/sockettester/sockettester/sockets/addr"
)

// pair joins e to the arrow its other end started, when the message went
// between this app's client and server, each of which logs it: the client
// sends what the server receives, and the other way round.
func (m *seqModel) pair(e *sockets.Event, seq uint64) bool {
	if e.Group != "" || m.laneOf(e.Remote).kind == seqLaneGroup {
		return false // a group send is one arrow, its receipts others: they fan out
	}
	// The ends wait in one queue per client address and direction; the
	// queue holds ends of one side only, as an end of the other side
	// takes the oldest.
	pending, key := m.pendingDn, e.Remote
	if e.Side == sockets.SideClient {
		key = e.Local
	}
	if (e.Side == sockets.SideClient) == (e.Kind == sockets.KindSent) {
		pending = m.pendingUp
	}
	q := pending[key]
	for len(q) > 0 {
		it, ok := m.byID(q[0])
		if !ok || it.Kind != SeqArrow || it.paired {
			q = q[1:] // gone, or folded into a band
			continue
		}
		if it.side == e.Side || !m.endsMatch(it, e) {
			break
		}
		pending[key] = q[1:]
		it.paired, it.peerSide, it.peerName = true, e.Side, e.Name
		it.last = seq
		it.dropped = it.dropped || e.Side == sockets.SideRelay && e.Dropped
		if e.Kind == sockets.KindReceived {
			it.end = e.Time
			if e.Reply > 0 {
				it.reply = e.Reply
			}
		} else {
			// The receiving end came first: the arrow starts at the sender.
			it.end, it.t = it.t, e.Time
			it.peerSide, it.peerName, it.name = it.side, it.name, e.Name
			it.side, it.local, it.remote, it.sent = e.Side, e.Local, e.Remote, true
		}
		return true
	}
	if m.ownEnds(e) {
		q = append(q, m.nextID())
		if len(q) > seqPendingMax {
			q = q[1:]
		}
	}
	pending[key] = q
	return false
}

// endsMatch reports whether arrow it and event e are the two ends of one
// message: the same client address and the same server.
func (m *seqModel) endsMatch(it *SeqItem, e *sockets.Event) bool {
	client, server := it.local, it.remote
	if it.side != sockets.SideClient {
		client, server = it.remote, it.local
	}
	c2, s2 := e.Local, e.Remote
	if e.Side != sockets.SideClient {
		c2, s2 = e.Remote, e.Local
	}
	return client == c2 && addr.Reaches(server, s2)
}

// ownEnds reports whether e went between this app's client and server, as
// far as known now: worth waiting for the other end.
func (m *seqModel) ownEnds(e *sockets.Event) bool {
	if e.Side == sockets.SideClient {
		k := m.laneOf(e.Remote).kind
		return k == seqLaneServer || k == seqLaneRelay || len(m.serverAt) == 0
	}
	return m.laneOf(e.Remote).kind == seqLaneClient || len(m.clientAt) == 0
}
