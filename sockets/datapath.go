package sockets

import (
	"net/netip"
	"time"
)

// This file holds the parts of the data path that the TCP and UDP servers,
// and the client, share.

// take counts and reports chunk b and returns the answer (nil for none) with
// its event (nil when not observed). One admission decision covers both
// events, so the log shows a chunk and its answer together or neither.
func (s *Server) take(local, peer string, pc *counters, b []byte) ([]byte, *Event) {
	return s.takeTo(local, peer, netip.Addr{}, pc, b)
}

// takeTo is take for a datagram sent to group (valid only for multicast),
// which its received event names.
func (s *Server) takeTo(local, peer string, group netip.Addr, pc *counters, b []byte) ([]byte, *Event) {
	s.st.in(len(b))
	pc.in(len(b))
	s.hear(peer, b)
	ms := s.ms.Load()
	out := ms.mode.answer(b, ms.reply)
	events := uint64(1)
	if out != nil {
		events = 2
	}
	if !s.cfg.Events.admitData(events) {
		return out, nil
	}
	rx := s.dataEvent(KindReceived, local, peer, b)
	if group.IsValid() {
		rx.Group = group.String()
	}
	s.cfg.Events.Emit(rx)
	if out == nil {
		return nil, nil
	}
	tx := echoEvent(rx)
	if ms.mode != ModeEcho {
		tx = s.dataEvent(KindSent, local, peer, out)
		tx.Appended = ms.appended
	}
	return out, &tx
}

// sentEvent is the event for SendTo or Broadcast, nil without a queue.
func (s *Server) sentEvent(local, peer string, b []byte) *Event {
	if s.cfg.Events == nil {
		return nil
	}
	e := s.dataEvent(KindSent, local, peer, b)
	return &e
}

// dataEvent builds a sent or received event with a capped copy of p.
func (s *Server) dataEvent(k Kind, local, remote string, p []byte) Event {
	return newDataEvent(SideServer, s.cfg.Network, k, local, remote, p, s.cfg.CaptureBytes)
}

// newDataEvent copies at most limit bytes of p.
func newDataEvent(side Side, network string, k Kind, local, remote string, p []byte, limit int) Event {
	e := Event{Time: time.Now(), Side: side, Network: network, Kind: k, Local: local, Remote: remote, Bytes: len(p)}
	e.Data, e.Truncated = capture(p, limit)
	return e
}

// echoEvent shares the received event's copy instead of making another.
func echoEvent(rx Event) Event {
	rx.Kind = KindSent
	rx.Group = "" // the answer goes to the sender alone
	rx.Time = time.Now()
	return rx
}

// retry is retryAfter for the server's sockets, reporting err as an event.
func (s *Server) retry(done <-chan struct{}, err error, local string, delay time.Duration) bool {
	return retryAfter(done, err, delay, func() { s.emit(Event{Kind: KindError, Local: local, Err: err}) })
}
