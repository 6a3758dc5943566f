package gui

import (
	"sync/atomic"
	"time"

	"github.com/sockettester/sockettester/sockets"
	"github.com/sockettester/sockettester/sockets/addr"
)

// statusTicker paces the window's status ticks (tickInterval) while
// something can change what they show, and sleeps when nothing can: an
// idle window then draws no frame of its own and its goroutine stays
// asleep. Events (a batch in the log), a message in the status bar and the
// log's own controls wake it; tick puts it to sleep (settle).
type statusTicker struct {
	running atomic.Bool   // what the goroutine should do: tick or sleep
	changed chan struct{} // tells the goroutine running changed
	// awakeUntil is the tick until which it stays awake after the last
	// wake-up: long enough for one counters tick (countTicks) to show the
	// last counters.
	awakeUntil int
}

func newStatusTicker() *statusTicker {
	t := &statusTicker{changed: make(chan struct{}, 1)}
	t.running.Store(true)
	return t
}

// run sends a tick to do every tickInterval while running, until stop
// closes; it closes done when it ends.
func (t *statusTicker) run(tick func(), stop <-chan struct{}, done chan<- struct{}) {
	defer close(done)
	tk := time.NewTicker(tickInterval)
	defer tk.Stop()
	for {
		select {
		case <-stop:
			return
		case <-t.changed:
			if t.running.Load() {
				tk.Reset(tickInterval)
			} else {
				tk.Stop()
			}
		case <-tk.C:
			tick()
		}
	}
}

// set asks the goroutine to tick (on) or sleep.
func (t *statusTicker) set(on bool) {
	if t.running.Swap(on) != on {
		signal(t.changed)
	}
}

// signal wakes whoever waits on c, unless a wake-up is already pending.
func signal(c chan struct{}) {
	select {
	case c <- struct{}{}:
	default:
	}
}

// wakeTicker has the status ticks run again, for at least a counters
// tick. It runs on the UI goroutine.
func (mw *mainWindow) wakeTicker() {
	if mw.ticker == nil {
		return
	}
	mw.ticker.awakeUntil = mw.ticks + countTicks + 1
	mw.ticker.set(true)
}

// settle puts the status ticks to sleep when nothing they show can change
// without waking them: no recent wake-up, no status message counting
// down, no presentation strip, no memory trim still to come, and no UDP
// clients listed (they are forgotten when the engine is asked for its
// peers, with no event).
func (mw *mainWindow) settle() {
	if mw.ticker == nil {
		return
	}
	busy := mw.ticks < mw.ticker.awakeUntil ||
		mw.status.messageTicks > 0 ||
		mw.present.on ||
		mw.peersPending ||
		mw.trim.pending(mw.ticks) ||
		len(mw.server.Peers) > 0 && !addr.IsStream(mw.server.Protocol.Value())
	if !busy {
		mw.ticker.set(false)
	}
}

// onRows is told of each batch of events the log takes. Events wake the
// status ticks; a peer that came or went updates the server's clients
// and the status bar at once, not at the next counters tick, but at most
// once per tickInterval (a storm of connections would redraw them with
// every batch); one held back is done at the next tick.
func (mw *mainWindow) onRows(rows []sockets.Event) {
	mw.wakeTicker()
	for i := range rows {
		if !rows[i].Kind.IsData() && rows[i].Kind != sockets.KindSummary {
			mw.peersChanged()
			return
		}
	}
}

// peersEvery is how often at most a coming or going updates the clients
// and the status bar: a little under tickInterval, so that under steady
// traffic, when the log takes a batch every LogBusyRefreshEvery (as long
// as a tick), the update is drawn in the batch's frame and not in a frame
// of its own at the next tick.
const peersEvery = tickInterval * 4 / 5

// peersChanged lists the server's clients again and updates the status
// bar now, unless it did less than peersEvery ago.
func (mw *mainWindow) peersChanged() {
	now := mw.clock()
	if !mw.peersShown.IsZero() && now.Sub(mw.peersShown) < peersEvery {
		mw.peersPending = true
		return
	}
	mw.peersShown, mw.peersPending = now, false
	mw.server.RefreshPeers()
	mw.refreshStatus()
}

// watchLog has the log tell the window of each batch (after the sequence
// diagram took it) and of changes made in its own controls, which the View
// menu's check marks follow.
func (mw *mainWindow) watchLog() {
	draw := mw.log.OnAppend
	mw.log.OnAppend = func(rows []sockets.Event, first uint64) {
		if draw != nil {
			draw(rows, first)
		}
		mw.onRows(rows)
	}
	changed := mw.log.OnChanged
	mw.log.OnChanged = func() {
		if changed != nil {
			changed()
		}
		if mw.menu != nil {
			mw.syncViewMenu()
		}
	}
}
