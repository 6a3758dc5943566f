package seqdiagram

import (
	"time"

	"github.com/sockettester/sockettester/gui/logview"
	"github.com/sockettester/sockettester/sockets"
	"github.com/sockettester/sockettester/sockets/addr"
	"github.com/sockettester/sockettester/sockets/payload"
)

// The relay (Forward to…) has a lane between the app's server and the remote
// peers, so a client talking through it, and the target answering it, draw
// arrows to it. The relay logs each chunk it passes on once, as received
// ("client → target ..."): the model draws it as two arrows, in from the
// sender's lane and on out to the receiver's, unless the receiver is this
// app's own client or server, whose own row draws the second.

// relayLinks is what the model knows of the relay's connections: for each
// of its clients the target connection it opened for it.
type relayLinks struct {
	target map[string]string // a relay client's address -> the target's address
	client map[string]string // the relay's own address toward a target -> the client's
}

func (l *relayLinks) reset() {
	l.target, l.client = map[string]string{}, map[string]string{}
}

// link records that the relay reaches target from local for client.
func (l *relayLinks) link(client, local, target string) {
	if len(l.target) >= seqPendingMax {
		l.reset()
	}
	l.target[client], l.client[local] = target, client
}

// learnRelay records the relay's listen address from its listening event
// (a client whose remote address it is talks to the relay), and from its
// connection to a target which client that connection is for.
func (m *seqModel) learnRelay(e *sockets.Event) {
	switch e.Kind {
	case sockets.KindListening:
		if containsString(m.relayAt, e.Local) {
			return
		}
		m.relayAt = append(m.relayAt, e.Local)
		if len(m.relayAt) > seqPendingMax {
			m.relayAt = m.relayAt[1:]
		}
	case sockets.KindConnected:
		client, _ := e.Args["Addr"].(string)
		if client != "" && e.Remote != "" && !m.isRelayListen(e.Local) {
			m.links.link(client, e.Local, e.Remote)
		}
	}
}

// isRelay reports whether addr is the relay's: one of its listen addresses,
// or its own end of a connection to a target.
func (m *seqModel) isRelay(addr string) bool {
	_, out := m.links.client[addr]
	return out || m.isRelayListen(addr)
}

// isRelayListen reports whether remote reaches one of the relay's listen addresses.
func (m *seqModel) isRelayListen(remote string) bool {
	for _, r := range m.relayAt {
		if addr.Reaches(r, remote) {
			return true
		}
	}
	return false
}

// isRelayClient reports whether addr is a client of the relay.
func (m *seqModel) isRelayClient(addr string) bool {
	_, ok := m.links.target[addr]
	return ok
}

// passOn adds the relay's second arrow for e, a chunk it received and
// passed on: from the relay to the target, or back to the client.
func (m *seqModel) passOn(e *sockets.Event, seq uint64) {
	if e.Side != sockets.SideRelay || e.Kind != sockets.KindReceived {
		return
	}
	to := m.links.client[e.Local]
	if m.isRelayListen(e.Local) {
		to = m.links.target[e.Remote]
	}
	if e.Dropped || to == "" {
		return
	}
	if m.laneOf(to).kind == seqLaneClient {
		m.heldOn(to, e.Held)
		return
	}
	if m.laneOf(to).kind != seqLanePeer {
		return
	}
	m.fold(SeqItem{Kind: SeqArrow, seq: seq, t: e.Time, side: sockets.SideRelay, local: e.Local, remote: to, sent: true,
		preview: logview.LogCut(payload.RenderText(e.Data[:min(len(e.Data), 4*seqPreviewRunes)]), seqPreviewRunes),
		bytes:   e.Bytes, held: e.Held})
}

// heldOn notes that the relay held a chunk for held before passing it on to
// the app's own client at addr, whose receive draws that arrow. The relay
// logs the chunk before writing it, so the log has it before the receive.
// Only the latest counts: the client may read two chunks at once.
func (m *seqModel) heldOn(addr string, held time.Duration) {
	if held == 0 {
		delete(m.heldFor, addr)
		return
	}
	if len(m.heldFor) >= seqPendingMax {
		clear(m.heldFor)
	}
	m.heldFor[addr] = held
}

// takeHeld is how long the relay held the chunk e, a receive of the app's
// own client from the relay, before passing it on (see heldOn).
func (m *seqModel) takeHeld(e *sockets.Event) time.Duration {
	if e.Side != sockets.SideClient || e.Kind != sockets.KindReceived || !m.isRelayListen(e.Remote) {
		return 0
	}
	held := m.heldFor[e.Local]
	delete(m.heldFor, e.Local)
	return held
}
