package seqdiagram

import (
	"net"
	"net/netip"
	"slices"

	"github.com/sockettester/sockettester/sockets"
)

// seqMaxMembers bounds the receivers remembered per group.
const seqMaxMembers = seqLaneMax

// learnMembers records who received what was sent to a group: the app's
// server when it logs a datagram that came to the group, and a peer when
// it answers a client that sent to the group.
func (m *seqModel) learnMembers(e *sockets.Event) {
	if !e.Kind.IsData() {
		return
	}
	switch {
	case e.Kind == sockets.KindReceived && e.Group != "":
		m.addMember(e.Group, seqLaneKey{kind: laneOfSide(e.Side), name: e.Name})
	case e.Side == sockets.SideClient && e.Kind == sockets.KindSent:
		if g, ok := groupOf(e.Remote); ok {
			if len(m.groupOfClient) >= seqPendingMax {
				m.groupOfClient = map[string]string{}
			}
			m.groupOfClient[e.Local] = g
		}
	case e.Side == sockets.SideClient && e.Kind == sockets.KindReceived:
		if g, ok := m.groupOfClient[e.Local]; ok {
			m.addMember(g, m.laneOf(e.Remote))
		}
	}
}

func (m *seqModel) addMember(group string, k seqLaneKey) {
	list := m.members[group]
	if slices.Contains(list, k) || len(list) >= seqMaxMembers {
		return
	}
	m.members[group] = append(list, k)
}

// fanOut returns the receivers an arrow to a group fans out to, as known
// now; none for any other item.
func (m *seqModel) fanOut(it *SeqItem) []seqLaneKey {
	if it.Kind != SeqArrow {
		return nil
	}
	to := m.resolve(it.ends().to)
	if to.kind != seqLaneGroup {
		return nil
	}
	var out []seqLaneKey
	for _, k := range m.members[to.addr] {
		out = append(out, m.resolve(k))
	}
	return out
}

// learnAnyPort records a client of the app on a wildcard address by its
// port.
func (m *seqModel) learnAnyPort(e *sockets.Event) {
	host, port, err := net.SplitHostPort(e.Local)
	if err != nil {
		return
	}
	if ip, err := netip.ParseAddr(host); err != nil || !ip.IsUnspecified() {
		return
	}
	if len(m.clientAnyPort) >= seqPendingMax {
		m.clientAnyPort = map[string]string{}
	}
	m.clientAnyPort[port] = e.Name
}
