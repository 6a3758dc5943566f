package gui

import (
	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/driver/desktop"

	"github.com/sockettester/sockettester/gui/panes"
)

// presentation is the view a teacher shows a room (View > Presentation,
// F11; Escape leaves): full screen, the panes folded to one line (the
// strip), the log and the diagram filling the rest in large type.
type presentation struct {
	on    bool
	strip *panes.Strip
	// What the view changed, given back when it ends.
	zoomBefore    float32
	diagramBefore bool
	splitBefore   float64
	sizeBefore    fyne.Size // the window's: leaving full screen, the driver may keep the screen's
}

// presentationZoom is the least zoom of the presentation view.
const presentationZoom float32 = 1.5

// presentationSplit is the log's share of the width in the presentation
// view: the diagram, which a room follows best, gets room for its arrows'
// words, and the log's columns take their short forms.
const presentationSplit = 0.63

// setPresentation enters (on) or leaves the presentation view.
func (mw *mainWindow) setPresentation(on bool) {
	p := &mw.present
	if on == p.on {
		return
	}
	p.on = on
	if p.strip == nil {
		p.strip = panes.NewStrip(mw.texts, func() *panes.ServerPane { return mw.server }, func() *panes.ClientPane { return mw.client }, mw.onTypedKey)
	}
	if on {
		p.zoomBefore, p.diagramBefore, p.sizeBefore = mw.zoom, mw.diagramShown(), mw.win.Canvas().Size()
		p.strip.Load()
		mw.room.Objects[0] = p.strip.Object()
		if !p.diagramBefore {
			mw.showDiagram(true)
		}
		// Not remembered: the next start opens at the user's own zoom.
		mw.applyZoom(max(mw.zoom, presentationZoom))
		p.splitBefore = mw.seqSplit.Offset
	} else {
		mw.seqSplit.SetOffset(p.splitBefore)
		mw.room.Objects[0] = mw.paneScroll
		if !p.diagramBefore {
			mw.showDiagram(false)
		}
		mw.applyZoom(p.zoomBefore)
	}
	mw.room.Layout.(*roomLayout).folded = on
	mw.room.Refresh()
	mw.win.SetFullScreen(on)
	if on {
		mw.seqSplit.SetOffset(presentationSplit)
	} else if !p.sizeBefore.IsZero() {
		mw.win.Resize(p.sizeBefore)
	}
	if mw.markViewMenu() {
		mw.menu.Refresh()
	}
	if on {
		mw.win.Canvas().Focus(p.strip.Payload)
		// Selected, so what the teacher types next replaces it, as in a
		// browser's address bar.
		p.strip.Payload.TypedShortcut(&fyne.ShortcutSelectAll{})
	}
}

// onTypedKey takes the keys no widget took: F11 toggles the presentation
// view, Escape leaves it.
func (mw *mainWindow) onTypedKey(k *fyne.KeyEvent) {
	switch {
	case k.Name == fyne.KeyF11:
		mw.setPresentation(!mw.present.on)
	case k.Name == fyne.KeyEscape && mw.present.on:
		mw.setPresentation(false)
	}
}

// shortcutPresentation names F11 beside the menu item; the key itself
// arrives through onTypedKey, as Fyne takes only shortcuts with a
// modifier.
var shortcutPresentation = &desktop.CustomShortcut{KeyName: fyne.KeyF11}
