package seqdiagram

import "github.com/sockettester/sockettester/sockets"

// The relay (Forward to…) has a lane between the app's server and the remote
// peers, so a client talking through it, and the target answering it, draw
// arrows to it.

// learnRelay records the relay's listen address from its listening event:
// a client whose remote address it is talks to the relay.
func (m *seqModel) learnRelay(e *sockets.Event) {
	if e.Kind != sockets.KindListening || containsString(m.relayAt, e.Local) {
		return
	}
	m.relayAt = append(m.relayAt, e.Local)
	if len(m.relayAt) > seqPendingMax {
		m.relayAt = m.relayAt[1:]
	}
}

// isRelay reports whether addr reaches one of the relay's listen addresses.
func (m *seqModel) isRelay(addr string) bool {
	for _, r := range m.relayAt {
		if sameEndpoint(r, addr) {
			return true
		}
	}
	return false
}
