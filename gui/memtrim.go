package gui

import (
	"runtime/debug"

	"fyne.io/fyne/v2"
)

// giveBackMemory returns the memory the app no longer uses to the system:
// Go's (debug.FreeOSMemory) and, if main.go supplied one, the C
// allocator's, which holds what the OpenGL driver freed.
func (mw *mainWindow) giveBackMemory() {
	debug.FreeOSMemory()
	if mw.trimC != nil {
		mw.trimC()
	}
}

// idleTrim decides when the app gives memory back to the system after
// start-up and after each burst of traffic (new log rows): once it has
// been quiet for idleTrimTicks, then every trimEveryTicks for as long as a
// burst's textures take to expire (Fyne keeps a text's texture for a
// minute after it was last drawn, unless FYNE_CACHE says otherwise), so
// memory comes back as they do.
type idleTrim struct {
	rows   uint64 // log rows seen at the last tick
	active int    // the tick rows last came in
}

type trimStep int

const (
	trimNothing trimStep = iota
	trimFrame            // draw a frame, which frees expired textures
	trimMemory           // give memory back
)

// The ticks (tickInterval) of quiet: the first trim at 3 s, then one every
// 5 s until 65 s.
const (
	idleTrimTicks  = 12
	trimEveryTicks = 20
	trimUntilTicks = 65 * 4
)

// due reports what to do now, at tick with rows log rows so far.
func (t *idleTrim) due(tick int, rows uint64) trimStep {
	if rows != t.rows {
		t.rows, t.active = rows, tick
		return trimNothing
	}
	quiet := tick - t.active
	if quiet < idleTrimTicks-1 || quiet > trimUntilTicks {
		return trimNothing
	}
	switch (quiet - idleTrimTicks) % trimEveryTicks {
	case -1, trimEveryTicks - 1:
		return trimFrame
	case 0:
		return trimMemory
	}
	return trimNothing
}

// pending reports whether a trim is still to come at or after tick: the
// status ticks must not sleep before the last.
func (t *idleTrim) pending(tick int) bool { return tick-t.active <= trimUntilTicks }

// drawFrame has Fyne draw one frame, in which it frees the textures that
// expired. Refreshing one small object that is always shown (the status
// bar's rule) marks the window's canvas for drawing; a hidden one, such as
// the status message when there is none, would not, and no frame came.
func (mw *mainWindow) drawFrame() { mw.win.Canvas().Refresh(mw.frameObject()) }

// frameObject is what drawFrame refreshes.
func (mw *mainWindow) frameObject() fyne.CanvasObject { return mw.status.rule }
