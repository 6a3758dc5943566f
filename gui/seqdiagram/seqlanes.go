package seqdiagram

import (
	"net"
	"net/netip"
	"slices"

	"github.com/sockettester/sockettester/gui/logview"
	"github.com/sockettester/sockettester/sockets"
	"github.com/sockettester/sockettester/sockets/addr"
)

type seqEnd struct{ from, to seqLaneKey }

// seqLaneKey names a lane: this app's client, server or relay, or a
// remote peer by address.
type seqLaneKey struct {
	kind seqLaneKind
	addr string // a peer's address
	name string // a client tab's name (Event.Name); "" for a lone client
}

type seqLaneKind uint8

const (
	seqLaneClient seqLaneKind = iota
	seqLaneServer
	seqLaneRelay // the server pane's relay (Forward to…)
	seqLanePeer
	seqLaneOthers // peers past seqMaxPeerLanes
	seqLaneGroup  // a multicast group, by its address: what is sent to it fans out to its members
)

// seqMaxPeerLanes bounds the lanes for remote peers; the rest share one.
const seqMaxPeerLanes = 4

// seqMaxGroupLanes bounds the lanes for multicast groups.
const seqMaxGroupLanes = 2

func laneOfSide(s sockets.Side) seqLaneKind {
	switch s {
	case sockets.SideClient:
		return seqLaneClient
	case sockets.SideRelay:
		return seqLaneRelay
	}
	return seqLaneServer
}

// otherSide is the app's other side: the client's peer is the server.
func otherSide(s sockets.Side) sockets.Side {
	if s == sockets.SideClient {
		return sockets.SideServer
	}
	return sockets.SideClient
}

// laneOf is the lane of a remote address: this app's client or server if
// the address is theirs, else a peer's.
func (m *seqModel) laneOf(remote string) seqLaneKey {
	if g, ok := groupOf(remote); ok {
		return seqLaneKey{kind: seqLaneGroup, addr: g}
	}
	if name, ok := m.clientAt[remote]; ok {
		return seqLaneKey{kind: seqLaneClient, name: name}
	}
	if len(m.clientAnyPort) > 0 {
		if _, port, err := net.SplitHostPort(remote); err == nil {
			if name, ok := m.clientAnyPort[port]; ok {
				return seqLaneKey{kind: seqLaneClient, name: name}
			}
		}
	}
	for _, s := range m.serverAt {
		if addr.Reaches(s, remote) {
			return seqLaneKey{kind: seqLaneServer}
		}
	}
	if m.isRelay(remote) {
		return seqLaneKey{kind: seqLaneRelay}
	}
	return seqLaneKey{kind: seqLanePeer, addr: remote}
}

// resolve maps a lane key to a lane as known now: a peer address that
// turned out to be the app's own goes to its lane.
func (m *seqModel) resolve(k seqLaneKey) seqLaneKey {
	if k.kind == seqLanePeer {
		return m.laneOf(k.addr)
	}
	return k
}

// groupOf returns the multicast group an address ("239.1.2.3:5000") is
// sent to, if it is one.
func groupOf(remote string) (string, bool) {
	host, _, err := net.SplitHostPort(remote)
	if err != nil {
		return "", false
	}
	ip, err := netip.ParseAddr(host)
	if err != nil || !ip.Unmap().IsMulticast() {
		return "", false
	}
	return ip.Unmap().String(), true
}

// seqLanes are the diagram's lanes now, left to right: the client, the
// server, then peers in the order first seen (the others sharing one).
type seqLanes struct {
	Keys []seqLaneKey
}

// Lanes returns the lanes the items use, as known now.
func (m *seqModel) Lanes() seqLanes {
	var l seqLanes
	var hasServer, hasRelay bool
	var clients []seqLaneKey // one lane per client tab
	var groups []seqLaneKey  // one lane per group, in the order first used
	for i := 0; i < m.items.Len(); i++ {
		it := m.items.At(i)
		for _, k := range m.itemLanes(it) {
			switch k.kind {
			case seqLaneClient:
				if !slices.Contains(clients, k) {
					clients = append(clients, k)
				}
			case seqLaneServer:
				hasServer = true
			case seqLaneRelay:
				hasRelay = true
			case seqLaneGroup:
				if !slices.Contains(groups, k) && len(groups) < seqMaxGroupLanes {
					groups = append(groups, k)
				}
			}
		}
	}
	slices.SortFunc(clients, func(a, b seqLaneKey) int { return logview.CompareClientNames(a.name, b.name) })
	l.Keys = append(l.Keys, clients...)
	// Between the senders and the members: the fan-out runs rightward.
	l.Keys = append(l.Keys, groups...)
	if hasServer {
		l.Keys = append(l.Keys, seqLaneKey{kind: seqLaneServer})
	}
	relayAt := len(l.Keys)
	if hasRelay {
		l.Keys = append(l.Keys, seqLaneKey{kind: seqLaneRelay})
	}
	used := map[string]bool{}
	for i := 0; i < m.items.Len(); i++ {
		for _, k := range m.itemLanes(m.items.At(i)) {
			if k.kind == seqLanePeer {
				used[k.addr] = true
			}
		}
	}
	n, others := 0, false
	for _, p := range m.peers {
		if !used[p] || m.laneOf(p).kind != seqLanePeer {
			continue
		}
		if n == seqMaxPeerLanes {
			others = true
			continue
		}
		if k := (seqLaneKey{kind: seqLanePeer, addr: p}); hasRelay && m.isRelayClient(p) {
			// The relay's clients left of it, its targets right: arrows run as the bytes do.
			l.Keys = slices.Insert(l.Keys, relayAt, k)
			relayAt++
		} else {
			l.Keys = append(l.Keys, k)
		}
		n++
	}
	if others {
		l.Keys = append(l.Keys, seqLaneKey{kind: seqLaneOthers})
	}
	return l
}

// itemLanes are the lanes an item touches, as known now.
func (m *seqModel) itemLanes(it *SeqItem) []seqLaneKey {
	switch it.Kind {
	case SeqBand:
		var out []seqLaneKey
		for _, e := range it.bandEnds {
			out = append(out, m.resolve(e.from), m.resolve(e.to))
		}
		return out
	case seqMarker:
		return []seqLaneKey{{kind: laneOfSide(it.side), name: it.name}}
	}
	e := it.ends()
	return []seqLaneKey{m.resolve(e.from), m.resolve(e.to)}
}

// index returns k's lane, or the shared one for a peer past the limit, or -1.
func (l seqLanes) index(k seqLaneKey) int {
	others := -1
	for i, x := range l.Keys {
		if x == k {
			return i
		}
		if x.kind == seqLaneOthers {
			others = i
		}
	}
	if k.kind == seqLanePeer {
		return others
	}
	return -1
}
