package gui

import (
	"strconv"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"

	"github.com/sockettester/sockettester/sockets"
)

// TestPresentationView enters the presentation view with F11, sends from
// its one-line strip to the app's own echo server, and leaves with Escape
// typed in the strip's payload.
func TestPresentationView(t *testing.T) {
	h := newAppHarness(t)
	h.win.Resize(defaultWindow)
	h.mw.setDiagram(false)
	port := h.startServer()
	h.connectToOwnServer()
	before := h.win.Canvas().Size()
	h.win.Canvas().OnTypedKey()(&fyne.KeyEvent{Name: fyne.KeyF11})
	h.win.Resize(fyne.NewSize(1280, 800)) // what full screen does on a desktop
	p := &h.mw.present
	if !p.on || !h.win.FullScreen() {
		t.Fatalf("after F11: presenting %v, full screen %v; want both", p.on, h.win.FullScreen())
	}
	if h.mw.room.Objects[0] != p.strip.Object() || h.mw.paneScroll.Visible() && findIn(h.win.Content(), h.mw.paneScroll) {
		t.Error("the panes still show; want them folded to the strip")
	}
	if !h.mw.diagramShown() || h.mw.zoom < presentationZoom {
		t.Errorf("diagram shown %v, zoom %v; want the diagram beside the log in large type", h.mw.diagramShown(), h.mw.zoom)
	}
	if want := "Server: Listening on 127.0.0.1:" + strconv.Itoa(port); p.strip.Server.Text != want {
		t.Errorf("the strip says %q; want %q", p.strip.Server.Text, want)
	}
	if strip, room := p.strip.Object().Size().Height, h.mw.log.Toolbar().Size().Height*1.5; strip > room {
		t.Errorf("the strip is %v high; want one line (the toolbar's is %v)", strip, h.mw.log.Toolbar().Size().Height)
	}
	if !h.mw.view.presentation.Checked {
		t.Error("View > Presentation is not checked")
	}

	// The payload is selected on entering: typing replaces it.
	test.Type(p.strip.Payload, "from the strip")
	if p.strip.Payload.Text != "from the strip" {
		t.Errorf("typed into the strip: %q; want what was typed to replace the payload", p.strip.Payload.Text)
	}
	test.Tap(p.strip.Send)
	h.waitFor("the echo of the strip's payload", func() bool {
		return h.hasRow(sockets.SideClient, sockets.KindReceived, []byte("from the strip"))
	})

	p.strip.Payload.TypedKey(&fyne.KeyEvent{Name: fyne.KeyEscape})
	if p.on || h.win.FullScreen() {
		t.Fatalf("after Escape: presenting %v, full screen %v; want neither", p.on, h.win.FullScreen())
	}
	if h.mw.room.Objects[0] != h.mw.paneScroll || h.mw.diagramShown() || h.mw.zoom != 1 {
		t.Errorf("after Escape: panes back %v, diagram %v, zoom %v; want the window as before", h.mw.room.Objects[0] == h.mw.paneScroll, h.mw.diagramShown(), h.mw.zoom)
	}
	if got := h.win.Canvas().Size(); got != before {
		t.Errorf("after Escape the window is %v; want %v, its size before", got, before)
	}
	if got := h.mw.client.Editor.Text; got != "from the strip" {
		t.Errorf("the client's payload is %q; want what was typed in the strip", got)
	}
	if got := h.app.Preferences().FloatWithFallback(keyZoom, 1); got != 1 {
		t.Errorf("the presentation's zoom was remembered: %v", got)
	}

	// The menu item toggles it too.
	h.mw.view.presentation.Action()
	if !p.on {
		t.Error("View > Presentation did not enter the view")
	}
	h.mw.view.presentation.Action()
	if p.on {
		t.Error("View > Presentation did not leave the view")
	}
}

// findIn reports whether o is in the tree under root.
func findIn(root, o fyne.CanvasObject) bool {
	for _, x := range test.LaidOutObjects(root) {
		if x == o {
			return true
		}
	}
	return false
}
