package gui

import (
	"testing"
	"time"

	"github.com/sockettester/sockettester/sockets"
)

// TestStatusTicksSleepWhenIdle: with nothing going on, the status ticks
// stop once the last memory trim is done; a batch of events, a status
// message or a UDP client listed keeps them going.
func TestStatusTicksSleepWhenIdle(t *testing.T) {
	h := newAppHarness(t)
	mw := h.mw
	mw.ticker = newStatusTicker() // its goroutine is not needed: the test ticks
	ticks := func(n int) {
		for range n {
			mw.tick()
		}
	}
	ticks(trimUntilTicks + 2)
	if mw.ticker.running.Load() {
		t.Fatalf("still ticking after %d idle ticks", trimUntilTicks+2)
	}

	mw.showMessage("Saved")
	if !mw.ticker.running.Load() {
		t.Fatal("a status message did not wake the ticks")
	}
	ticks(statusMessageTicks + countTicks + 2)
	if mw.status.message.Visible() {
		t.Error("the message stayed past its time")
	}

	port := h.startServer()
	mw.ticker.set(false)
	c, _ := dialPeer(t, port)
	h.waitFor("the connected row", func() bool { return h.hasKindRow(sockets.SideServer, sockets.KindConnected) })
	if !mw.ticker.running.Load() {
		t.Fatal("a batch of events did not wake the ticks")
	}
	// A TCP client connected but quiet: its leaving is an event, so the
	// ticks may sleep meanwhile.
	ticks(trimUntilTicks + 2)
	if mw.ticker.running.Load() {
		t.Errorf("still ticking with a quiet TCP client: ticks %d awake %d msg %d pend %v trim %v peers %d", mw.ticks, mw.ticker.awakeUntil, mw.status.messageTicks, mw.peersPending, mw.trim, len(mw.server.Peers))
	}
	c.Close()
	h.waitFor("the disconnected row", func() bool { return h.hasKindRow(sockets.SideServer, sockets.KindDisconnected) })
	if !mw.ticker.running.Load() {
		t.Error("the disconnected row did not wake the ticks")
	}
}

// TestPeerUpdatesHeldToOnePerTick: a second coming or going within a tick
// of the last update waits for the next tick, which shows it.
func TestPeerUpdatesHeldToOnePerTick(t *testing.T) {
	h, _, port := peerClockHarness(t)
	mw := h.mw
	dialPeer(t, port)
	h.waitFor("two connected rows", func() bool { return h.countKindRows(sockets.SideServer, sockets.KindConnected) == 2 })
	if got := len(mw.server.Peers); got != 1 || !mw.peersPending {
		t.Fatalf("%d clients listed (pending %v) within the same tick; want 1, the update held back", got, mw.peersPending)
	}
	mw.tick()
	if got := len(mw.server.Peers); got != 2 || mw.peersPending {
		t.Errorf("%d clients listed (pending %v) after the next tick; want 2", got, mw.peersPending)
	}
}

// TestPeerUpdateNotHeldByTheTick: the once-a-second tick that lists the
// clients does not count as a peer update, so a coming or going
// peersEvery after the last one is shown in its batch's frame, whatever
// tick came between. It was held back to the next tick, and under steady
// traffic every tick drew a frame of its own.
func TestPeerUpdateNotHeldByTheTick(t *testing.T) {
	h, now, port := peerClockHarness(t)
	mw := h.mw
	*now = now.Add(peersEvery / 2)
	mw.ticks = countTicks - 1 // the next tick lists the clients
	mw.tick()
	*now = now.Add(peersEvery/2 + time.Millisecond)
	dialPeer(t, port)
	h.waitFor("two connected rows", func() bool { return h.countKindRows(sockets.SideServer, sockets.KindConnected) == 2 })
	if got := len(mw.server.Peers); got != 2 || mw.peersPending {
		t.Errorf("%d clients listed (pending %v) a little over peersEvery after the last update; want 2, in the batch", got, mw.peersPending)
	}
}

// peerClockHarness is a window with its status ticker, its server started
// and one client connected and listed, on a clock the test moves.
func peerClockHarness(t *testing.T) (h *appHarness, now *time.Time, port int) {
	h = newAppHarness(t)
	h.mw.ticker = newStatusTicker()
	at := time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)
	now = &at
	h.mw.clock = func() time.Time { return *now }
	port = h.startServer()
	dialPeer(t, port)
	h.waitFor("the connected row", func() bool { return h.hasKindRow(sockets.SideServer, sockets.KindConnected) })
	if got := len(h.mw.server.Peers); got != 1 {
		t.Fatalf("%d clients listed after the first connected row; want 1", got)
	}
	return h, now, port
}

// countKindRows counts the log's rows of kind k from side.
func (h *appHarness) countKindRows(side sockets.Side, k sockets.Kind) int {
	n := 0
	for _, r := range h.mw.log.Rows() {
		if r.Side == side && r.Kind == k {
			n++
		}
	}
	return n
}
