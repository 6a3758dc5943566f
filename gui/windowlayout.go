package gui

import (
	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/theme"

	"github.com/sockettester/sockettester/gui/logview"
	"github.com/sockettester/sockettester/gui/panes"
)

// roomLayout is the window's content: the panes (objects[0], in a scroll)
// at the top, the status bar (objects[2]) at the bottom and the exchange
// (objects[1]) between them. Unlike a Border, the panes give up height to
// the log when the window is short for both (zoomed in for a room): the
// log keeps logRoomRows rows, or the panes fold to their title rows and
// scroll in what is left. So the content's minimum never outgrows a
// 1280x800 screen at 200%, and the window never leaves it.
type roomLayout struct {
	deck *panes.Deck
	log  *logview.LogView
	// folded is true in the presentation view: objects[0] is the strip,
	// one line.
	folded bool
	zoomed func() bool // whether the window is zoomed in
	// titleRow is the height of the panes' title rows (their states and
	// Start or Connect), 0 before they are laid out.
	titleRow func() float32
	// head is what sits above the log: the send panel and the log's toolbar.
	head fyne.CanvasObject
}

// logRoomRows is how many log rows the panes leave room for when the
// window is short for both: zoomed in for a room, and at 100% (a small
// window, whose panes still show whole).
const (
	logRoomRows  = 8
	logSmallRows = 6
)

func (l *roomLayout) Layout(objects []fyne.CanvasObject, size fyne.Size) {
	paneBox, exchange, status := objects[0], objects[1], objects[2]
	sh := status.MinSize().Height
	ph := paneBox.MinSize().Height
	if !l.folded {
		l.deck.Fit(size.Width)
		ph = l.paneHeight(size.Height - sh)
	}
	paneBox.Move(fyne.NewPos(0, 0))
	paneBox.Resize(fyne.NewSize(size.Width, ph))
	status.Move(fyne.NewPos(0, size.Height-sh))
	status.Resize(fyne.NewSize(size.Width, sh))
	exchange.Move(fyne.NewPos(0, ph))
	exchange.Resize(fyne.NewSize(size.Width, max(size.Height-ph-sh, 0)))
}

// paneHeight is what the panes get of h: all they need if the log keeps
// logSmallRows rows, else what the log leaves (at 100%) or their title rows
// (zoomed in, when the log keeps logRoomRows).
func (l *roomLayout) paneHeight(h float32) float32 {
	need := l.deck.Object().MinSize().Height
	// The exchange's Border puts a padding under the toolbar.
	logNeed := l.headHeight() + theme.Padding() + l.log.HeightFor(logSmallRows)
	if h-logNeed >= need {
		// Whole panes and logSmallRows rows of log: on a projector the
		// teacher's payload and fields stay in sight rather than fold.
		return need
	}
	if l.zoomed() {
		logNeed = l.headHeight() + theme.Padding() + l.log.HeightFor(logRoomRows)
	}
	// Short of room, the panes scroll. Zoomed in for a room they fold to
	// their title rows (state and Start or Connect), so that no row of
	// controls shows cut in half on the projector; at 100% they keep all
	// the log leaves, so a small window, or Forward to… with its network
	// conditions, shows as many of their rows as fit, not one line.
	if row := l.titleRow(); row > 0 {
		if !l.zoomed() {
			row = max(row, h-logNeed-2*theme.Padding())
		}
		return min(need, row+2*theme.Padding())
	}
	return min(need, max(h-logNeed, h/5))
}

func (l *roomLayout) headHeight() float32 {
	if l.head != nil {
		return l.head.MinSize().Height
	}
	return l.log.Toolbar().MinSize().Height
}

// MinSize is the exchange and the status bar, with a sliver of the panes,
// which scroll.
func (l *roomLayout) MinSize(objects []fyne.CanvasObject) fyne.Size {
	var s fyne.Size
	for _, o := range objects[1:] {
		m := o.MinSize()
		s.Width = max(s.Width, m.Width)
		s.Height += m.Height
	}
	s.Height += objects[0].MinSize().Height
	return s
}
