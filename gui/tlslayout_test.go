package gui

import (
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"

	"github.com/sockettester/sockettester/gui/panes"
	"github.com/sockettester/sockettester/sockets"
)

// checkLayout holds the window to its two sizes: every control fits, and
// the log keeps at least minRows rows, with each pane in front.
func (h *appHarness) checkLayout(what string, minRows map[fyne.Size]int) {
	h.t.Helper()
	content := h.win.Content()
	for _, size := range []fyne.Size{defaultWindow, smallWindow} {
		h.win.Resize(size)
		for i, name := range []string{"server", "client"} {
			h.mw.deck.Show(i)
			checkFits(h.t, content, what+" "+name, fyne.NewPos(0, 0), content.Size())
			n := logRowsShown(h.mw.log)
			if n < minRows[size] {
				h.t.Errorf("%s at %v (%s in front): the log shows %d rows; want at least %d", what, size, name, n, minRows[size])
			}
			h.t.Logf("%s at %v, %s in front: %d log rows", what, size, name, n)
		}
	}
}

// TestLayoutWithTLSAndForward holds the window to its sizes with the new
// rows showing: TLS on both panes, a certificate to load (with a problem),
// Forward to… with TLS to the target unverified (and its warning), then
// both Advanced folds open, then a connection with its row.
func TestLayoutWithTLSAndForward(t *testing.T) {
	echo := startEngineServer(t, sockets.ServerConfig{})
	h := newAppHarness(t)
	s, c := h.mw.server, h.mw.client
	test.Tap(s.Tls.On)
	test.Tap(c.Tls.On)
	h.checkLayout("TLS on", map[fyne.Size]int{defaultWindow: 10, smallWindow: 5})

	h.chooseForward(echo.Addr().String())
	test.Tap(s.Fwd.TlsTo)
	test.Tap(s.Fwd.Skip)
	test.Tap(c.Tls.Skip)
	s.Tls.Source.SetValue(panes.TlsLoad)
	retype(s.Tls.Cert, "cert.pem") // missing: its hint shows too
	h.checkLayout("everything", map[fyne.Size]int{defaultWindow: 6, smallWindow: 2})

	c.Frame.SetAdvanced(true)
	h.checkLayout("client Advanced open", map[fyne.Size]int{defaultWindow: 4, smallWindow: 1})

	// Running as a relay with a generated certificate, a client connected.
	c.Frame.SetAdvanced(false)
	s.Tls.Source.SetValue(panes.TlsGenerate)
	test.Tap(s.Fwd.TlsTo)
	h.startServer()
	h.connectToOwnServer()
	h.checkLayout("connected", map[fyne.Size]int{defaultWindow: 6, smallWindow: 3})
}
