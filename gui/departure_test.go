package gui

import (
	"testing"
	"time"

	"github.com/sockettester/sockettester/sockets"
)

// TestDepartureShowsAtOnce: the status bar and the server's clients
// chooser say a client left as soon as its "disconnected" row is in the
// log, with no status tick (the harness runs none).
func TestDepartureShowsAtOnce(t *testing.T) {
	h := newAppHarness(t)
	h.mw.clock = steppingClock(time.Second) // every update is a tick apart
	s := h.mw.server
	port := h.startServer()
	c, _ := dialPeer(t, port)
	h.waitFor("the connected row", func() bool { return h.hasKindRow(sockets.SideServer, sockets.KindConnected) })
	if want := "Server: 1 client · in 0 B (0 reads) · out 0 B (0 writes)"; h.mw.status.server.Text != want {
		t.Errorf("after the connected row the status says %q; want %q", h.mw.status.server.Text, want)
	}
	if s.PeerSelect.Selected != "All clients (1)" {
		t.Errorf("after the connected row the chooser shows %q; want All clients (1)", s.PeerSelect.Selected)
	}
	c.Close()
	h.waitFor("the disconnected row", func() bool { return h.hasKindRow(sockets.SideServer, sockets.KindDisconnected) })
	if want := "Server: 0 clients · in 0 B (0 reads) · out 0 B (0 writes)"; h.mw.status.server.Text != want {
		t.Errorf("after the disconnected row the status says %q; want %q", h.mw.status.server.Text, want)
	}
	if s.PeerSelect.Selected != "" || len(s.PeerSelect.Options) != 0 {
		t.Errorf("after the disconnected row the chooser shows %q of %q; want no clients", s.PeerSelect.Selected, s.PeerSelect.Options)
	}
}

// hasKindRow reports whether the log has a row of kind k from side.
func (h *appHarness) hasKindRow(side sockets.Side, k sockets.Kind) bool {
	for _, r := range h.mw.log.Rows() {
		if r.Side == side && r.Kind == k {
			return true
		}
	}
	return false
}

// steppingClock returns a clock that moves on by step each time it is read.
func steppingClock(step time.Duration) func() time.Time {
	now := time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)
	return func() time.Time {
		now = now.Add(step)
		return now
	}
}
