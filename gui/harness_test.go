package gui

import (
	"bytes"
	"fmt"
	"strconv"
	"strings"
	"testing"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/widget"

	"github.com/sockettester/sockettester/gui/panes"
	"github.com/sockettester/sockettester/gui/widgets"
	"github.com/sockettester/sockettester/sockets"
	"github.com/sockettester/sockettester/sockets/payload"
)

// waitTimeout bounds every wait for something asynchronous.
const waitTimeout = 10 * time.Second

// recheckEvery is how often waitFor looks at its condition when nothing
// signalled.
const recheckEvery = 20 * time.Millisecond

// appHarness is a main window on Fyne's test driver whose UI updates from
// goroutines are queued and run on the test goroutine by pump, so widgets
// are only ever touched by one goroutine (the test driver itself would run
// fyne.Do callbacks on the calling goroutine and race). The log's real
// drain goroutine runs with ticks the harness sends, so flushLog moves what
// the engine queued into the log on demand, in order.
type appHarness struct {
	t     *testing.T
	app   fyne.App
	win   fyne.Window
	mw    *mainWindow
	ui    *uiQueue
	ticks *testTicks

	closed bool
}

// newAppHarness builds a main window on a fresh test app.
func newAppHarness(t *testing.T) *appHarness {
	t.Helper()
	return newAppHarnessFor(t, test.NewTempApp(t))
}

// newAppHarnessFor builds a main window on a, e.g. to reuse its preferences.
func newAppHarnessFor(t *testing.T, a fyne.App) *appHarness {
	t.Helper()
	ui := newUIQueue()
	h := &appHarness{t: t, app: a, ui: ui, ticks: newTestTicks(ui.wake)}
	h.win = a.NewWindow("test")
	h.mw = buildMainWindow(a, h.win, ui.post)
	h.mw.quitDelay = 0 // the test driver has no input queue to race
	// mainWindow.start would start the drain too (and the status ticker);
	// with the test ticks in place, a restart keeps them.
	h.mw.log.Drain.NewTimer = h.ticks.timer
	h.mw.log.Start(h.mw.events)
	t.Cleanup(h.close)
	return h
}

// close closes the window, which stops everything it started, unless the
// app closed it already.
func (h *appHarness) close() {
	if h.closed {
		return
	}
	h.closed = true
	if !h.mw.closed { // the app may have closed it (Quit)
		h.win.Close()
	}
	h.pump()
}

// pump runs the queued UI updates, including any they queue.
func (h *appHarness) pump() { h.ui.pump() }

// flushLog runs the queued UI updates and moves every event queued so far
// into the log.
func (h *appHarness) flushLog() { flushLog(h.mw.log.Drain, h.ticks, h.ui) }

// waitFor runs UI updates and flushes the log until cond holds, failing
// the test after waitTimeout. It looks again whenever a UI update is posted
// or the log's drain has new events, and every recheckEvery.
func (h *appHarness) waitFor(what string, cond func() bool) {
	h.t.Helper()
	waitUntil(h.t, what, h.ui.wake, h.flushLog, cond, func() string {
		return fmt.Sprintf("log:\n%s\ndialogs: %q", h.logText(), h.dialogText())
	})
}

// logText renders the log for failure messages.
func (h *appHarness) logText() string {
	var b strings.Builder
	for _, r := range h.mw.log.Rows() {
		b.WriteString(r.Line(payload.FormatText))
		b.WriteByte('\n')
	}
	return b.String()
}

// startServer taps Start and waits until the server listens; it returns the
// bound port.
func (h *appHarness) startServer() int {
	h.t.Helper()
	s := h.mw.server
	if s.StartBtn.Disabled() {
		h.t.Fatalf("Start is disabled; hints: bind %q port %q reply %q", s.BindF.Hint.Text, s.Port.Hint.Text, s.Reply.Hint.Text)
	}
	test.Tap(s.StartBtn)
	if s.State != panes.ServerRunning {
		h.t.Fatalf("server not running after Start; dialogs: %q", h.dialogText())
	}
	_, _, port, ok := s.ListenAddr()
	if !ok || port == 0 {
		h.t.Fatalf("ListenAddr() = port %d, ok %v", port, ok)
	}
	return port
}

// connectToOwnServer taps "Use my server" and Connect and waits until
// connected.
func (h *appHarness) connectToOwnServer() {
	h.t.Helper()
	c := h.mw.client
	test.Tap(c.UseServer)
	test.Tap(c.ConnectBtn)
	h.waitFor("the client to connect", func() bool { return c.State == panes.ClientConnected })
}

// waitPeers waits until the server lists n peers.
func (h *appHarness) waitPeers(n int) {
	h.t.Helper()
	h.waitFor(strconv.Itoa(n)+" peers listed", func() bool {
		h.mw.server.RefreshPeers()
		return len(h.mw.server.Peers) == n
	})
}

// wireRow is the part of a sent or received log row the tests compare.
type wireRow struct {
	side sockets.Side
	kind sockets.Kind
	data string
}

func (d wireRow) String() string {
	return d.side.String() + " " + d.kind.String() + " " + strconv.Quote(d.data)
}

// wireRows returns the sent and received rows of the log, oldest first.
func (h *appHarness) wireRows() []wireRow {
	var out []wireRow
	for _, r := range h.mw.log.Rows() {
		if r.Kind == sockets.KindSent || r.Kind == sockets.KindReceived {
			out = append(out, wireRow{r.Side, r.Kind, string(r.Data)})
		}
	}
	return out
}

// hasRow reports whether the log holds a row of kind k on side s whose
// data equals want.
func (h *appHarness) hasRow(s sockets.Side, k sockets.Kind, want []byte) bool {
	for _, r := range h.mw.log.Rows() {
		if r.Side == s && r.Kind == k && bytes.Equal(r.Data, want) {
			return true
		}
	}
	return false
}

// errorRow returns the first error row whose message or error contains
// substr.
func (h *appHarness) errorRow(substr string) (sockets.Event, bool) {
	for _, r := range h.mw.log.Rows() {
		if r.Kind == sockets.KindError && strings.Contains(r.Message(), substr) {
			return r, true
		}
	}
	return sockets.Event{}, false
}

// dialogText returns the text shown by every open overlay (dialogs).
func (h *appHarness) dialogText() string {
	var parts []string
	for _, o := range h.win.Canvas().Overlays().List() {
		collectShownText(o, &parts)
	}
	return strings.Join(parts, "\n")
}

// closeDialogs dismisses every open overlay.
func (h *appHarness) closeDialogs() {
	ov := h.win.Canvas().Overlays()
	for _, o := range ov.List() {
		ov.Remove(o)
	}
}

// waitDialog waits until an open dialog shows text containing substr.
func (h *appHarness) waitDialog(substr string) {
	h.t.Helper()
	h.waitFor("a dialog saying "+strconv.Quote(substr), func() bool {
		return strings.Contains(h.dialogText(), substr)
	})
}

// collectShownText gathers the visible text under o.
func collectShownText(o fyne.CanvasObject, out *[]string) {
	if !o.Visible() {
		return
	}
	switch x := o.(type) {
	case *widget.Label:
		*out = append(*out, x.Text)
		return
	case *canvas.Text:
		*out = append(*out, x.Text)
		return
	case *widget.RichText:
		*out = append(*out, x.String())
		return
	case *widgets.PlainButton:
		*out = append(*out, x.Text)
		return
	case *fyne.Container:
		for _, c := range x.Objects {
			collectShownText(c, out)
		}
		return
	case fyne.Widget:
		for _, c := range test.WidgetRenderer(x).Objects() {
			collectShownText(c, out)
		}
	}
}

// typable is an entry, or a field over one.
type typable interface {
	fyne.Focusable
	SetText(string)
}

// retype empties e and types s into it, as a user would.
func retype(e typable, s string) {
	e.SetText("")
	test.Type(e, s)
}

// sendPings sends "ping 0" to "ping n-1" from the client pane, each once
// the previous one's echo is back: sent together, TCP may join the echoes
// in one read, and a wait for one of them would never end.
func (h *appHarness) sendPings(n int) {
	for i := range n {
		ping := "ping " + strconv.Itoa(i)
		h.typeAndSend(ping)
		h.waitFor("the echo of "+ping, func() bool { return h.hasRow(sockets.SideClient, sockets.KindReceived, []byte(ping)) })
	}
}
