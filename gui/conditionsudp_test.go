package gui

import (
	"path/filepath"
	"strings"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/theme"

	"github.com/sockettester/sockettester/gui/seqdiagram"
	"github.com/sockettester/sockettester/internal/nettest"
	"github.com/sockettester/sockettester/sockets"
)

// droppedRelayRow reports whether the relay logged data as a datagram a
// condition dropped.
func (h *appHarness) droppedRelayRow(data string) bool {
	for _, r := range h.mw.log.Rows() {
		if r.Side == sockets.SideRelay && r.Dropped && string(r.Data) == data {
			return true
		}
	}
	return false
}

// TestForwardToNetworkConditionsUDP runs the server pane as a UDP relay to
// a Go UDP echo and adds loss 1 in Network conditions while it runs: the
// next datagram's echo is dropped at the relay (its log row says so, the
// diagram crosses it) and never reaches the client; removing the row lets
// the next one back exact.
func TestForwardToNetworkConditionsUDP(t *testing.T) {
	target := nettest.UDPEcho(t)
	h := newAppHarness(t)
	s := h.mw.server
	s.Protocol.SetValue("udp")
	h.chooseForward(target)
	cp := s.Fwd.Cond
	if !cp.On.Visible() || s.Fwd.SkipRow.Visible() {
		t.Fatalf("UDP relay: conditions switch shown %v, TLS-to-target row shown %v; want the switch only", cp.On.Visible(), s.Fwd.SkipRow.Visible())
	}
	h.startServer()
	h.connectToOwnServer()
	h.typeAndSend(`one`)
	h.waitFor("the first echo", func() bool { return h.hasRow(sockets.SideClient, sockets.KindReceived, []byte("one")) })

	test.Tap(cp.On)
	test.Tap(cp.AddBtn)
	r := cp.Rows[0]
	if want := []string{"latency", "loss", "duplicate", "reorder", "corrupt"}; strings.Join(r.Type.Options, " ") != strings.Join(want, " ") {
		t.Errorf("UDP row offers %q; want %q", r.Type.Options, want)
	}
	r.Type.SetSelected("loss")
	retype(r.Params["loss"], "1")
	enter(r.Params["loss"])
	if r.Hint.Visible() {
		t.Fatalf("hint %q for loss 1 applied", r.Hint.Text)
	}
	h.waitFor("the condition's row in the log", func() bool { return h.condRowsSaying("condition loss_down#") == 1 })

	h.typeAndSend(`two`)
	h.waitFor("the dropped echo's row", func() bool { return h.droppedRelayRow("two") })
	h.waitFor("the diagram's cross", func() bool { return strings.Contains(seqdiagram.SeqText(h.mw.seq.Model), "dropped") })

	test.Tap(r.Remove)
	h.waitFor("the removal's row", func() bool { return h.condRowsSaying("condition loss_down#") == 2 })
	h.typeAndSend(`three`)
	h.waitFor("the third echo", func() bool { return h.hasRow(sockets.SideClient, sockets.KindReceived, []byte("three")) })
	if h.hasRow(sockets.SideClient, sockets.KindReceived, []byte("two")) {
		t.Errorf("the datagram lost at the relay reached the client:\n%s", h.logText())
	}
}

// TestNetworkConditionsRowFitsProtocol keeps a TCP-only row (bandwidth)
// when UDP is chosen: its type and text stay, its hint is the engine's
// refusal, and it is not in the running UDP relay's set; back on TCP it
// is right again. A UDP-only row under TCP says so too.
func TestNetworkConditionsRowFitsProtocol(t *testing.T) {
	target := nettest.UDPEcho(t)
	h := newAppHarness(t)
	s := h.mw.server
	h.chooseForward(target)
	cp := s.Fwd.Cond
	test.Tap(cp.On)
	test.Tap(cp.AddBtn)
	r := cp.Rows[0]
	r.Type.SetSelected("bandwidth")
	retype(r.Params["bandwidth"], "100")
	enter(r.Params["bandwidth"])
	if r.Hint.Visible() {
		t.Fatalf("TCP: hint %q for bandwidth 100", r.Hint.Text)
	}

	s.Protocol.SetValue("udp")
	want := "bandwidth applies to TCP relays; on UDP use latency, loss, duplicate, reorder or corrupt"
	if r.Type.Selected != "bandwidth" || r.Params["bandwidth"].Text != "100" || !r.Hint.Visible() || r.Hint.Text != want {
		t.Errorf("UDP: type %q, text %q, hint shown %v %q; want bandwidth, 100 kept and %q",
			r.Type.Selected, r.Params["bandwidth"].Text, r.Hint.Visible(), r.Hint.Text, want)
	}
	if !strings.Contains(strings.Join(r.Type.Options, " "), "loss") {
		t.Errorf("UDP: the row offers %q; want the UDP types", r.Type.Options)
	}
	test.Tap(cp.AddBtn)
	l := cp.Rows[1]
	l.Type.SetSelected("loss")
	retype(l.Params["loss"], "0")
	h.startServer()
	if got := s.Srv.Config().Conditions.List(); len(got) != 1 || got[0].Type != "loss" {
		t.Errorf("UDP relay's set %+v; want the loss row alone", got)
	}
	if !r.Hint.Visible() || r.Hint.Text != want {
		t.Errorf("running: hint shown %v %q; want %q", r.Hint.Visible(), r.Hint.Text, want)
	}
	test.Tap(s.StopBtn)

	s.Protocol.SetValue("tcp")
	if r.Hint.Visible() {
		t.Errorf("back on TCP: hint %q for bandwidth 100", r.Hint.Text)
	}
	if want := "loss applies to UDP relays; on TCP use"; !l.Hint.Visible() || !strings.HasPrefix(l.Hint.Text, want) {
		t.Errorf("TCP: loss row's hint shown %v %q; want %q…", l.Hint.Visible(), l.Hint.Text, want)
	}

	// A file with a UDP type, opened while TCP is chosen: kept, with its hint.
	path := filepath.Join(t.TempDir(), "udp.yaml")
	test.Tap(r.Remove)
	if err := cp.SaveTo(path); err != nil {
		t.Fatal(err)
	}
	test.Tap(cp.AddBtn)
	if err := cp.LoadFrom(path); err != nil {
		t.Fatal(err)
	}
	if len(cp.Rows) != 1 || cp.Rows[0].Type.Selected != "loss" || cp.Rows[0].Params["loss"].Text != "0" || !cp.Rows[0].Hint.Visible() {
		t.Errorf("opened under TCP: %d rows, first %q, hint shown %v; want the loss row kept with its hint", len(cp.Rows), cp.Rows[0].Type.Selected, cp.Rows[0].Hint.Visible())
	}
}

// TestNetworkConditionsRowsFitThePane adds rows with the most fields
// (slicer's three, latency's two) in Forward to…: the server pane gets no
// wider than without them, so it never pushes the client pane aside; in a
// pane too narrow for a row on one line, its parameters go on a second
// line and every field stays inside the row, in Tab's order.
func TestNetworkConditionsRowsFitThePane(t *testing.T) {
	h := newAppHarness(t)
	s := h.mw.server
	h.chooseForward("127.0.0.1:9")
	cp := s.Fwd.Cond
	test.Tap(cp.On)
	before := s.Object().MinSize().Width
	for _, typ := range []string{"slicer", "latency", "bandwidth"} {
		test.Tap(cp.AddBtn)
		cp.Rows[len(cp.Rows)-1].Type.SetSelected(typ)
	}
	if after := s.Object().MinSize().Width; after > before+0.5 {
		t.Errorf("server pane %v wide with 3 rows; want no wider than without them (%v)", after, before)
	}
	r := cp.Rows[0]
	row := r.Line
	head, params, tail := row.Objects[0], row.Objects[1], row.Objects[2]
	narrow := lineWidthOf(head, tail)
	row.Resize(fyne.NewSize(narrow, 1))
	row.Resize(fyne.NewSize(narrow, row.MinSize().Height))
	below := head.Position().Y + head.Size().Height
	if params.Position().Y < below || tail.Position().Y >= below {
		t.Errorf("narrow row: head at %v, params at %v, toxicity at %v; want the parameters on a second line", head.Position(), params.Position(), tail.Position())
	}
	for name, o := range map[string]fyne.CanvasObject{"type and direction": head, "parameters": params, "toxicity": tail} {
		if o.Position().X < 0 || o.Position().X+o.Size().Width > narrow+0.5 || o.Position().Y+o.Size().Height > row.Size().Height+0.5 {
			t.Errorf("narrow row %v: %s at %v size %v is outside it", row.Size(), name, o.Position(), o.Size())
		}
	}
	// Tab visits a row's fields in the order they are read.
	r = cp.Rows[1]
	c := h.win.Canvas()
	c.Focus(r.Type)
	for _, want := range []fyne.Focusable{r.Dir, r.Params["latency"], r.Params["jitter"], r.Toxicity, r.Remove} {
		c.FocusNext()
		if c.Focused() != want {
			t.Errorf("Tab went to %T %p; want %T %p", c.Focused(), c.Focused(), want, want)
			break
		}
	}
	wide := lineWidthOf(head, params, tail) + 10
	row.Resize(fyne.NewSize(wide, 1))
	row.Resize(fyne.NewSize(wide, row.MinSize().Height))
	below = head.Position().Y + head.Size().Height
	if params.Position().Y >= below || tail.Position().Y >= below {
		t.Errorf("wide row: head at %v, params at %v, toxicity at %v; want one line", head.Position(), params.Position(), tail.Position())
	}
}

// lineWidthOf is how wide objects are side by side.
func lineWidthOf(objects ...fyne.CanvasObject) float32 {
	w := float32(0)
	for _, o := range objects {
		w += o.MinSize().Width + theme.Padding()
	}
	return w
}

// TestConditionRowsKeepTheirRoom adds four rows in Forward to… at
// 1100x720 (100%), more than the panes and six log rows have room for: the
// panes scroll in all the room the log leaves, not folded to one line (they
// were: the conditions and the client's payload were out of sight, and
// the wheel scrolled a 44-pixel strip).
func TestConditionRowsKeepTheirRoom(t *testing.T) {
	h := newAppHarness(t)
	h.win.Resize(defaultWindow)
	s := h.mw.server
	h.chooseForward("127.0.0.1:9")
	cp := s.Fwd.Cond
	test.Tap(cp.On)
	for _, typ := range []string{"slicer", "latency", "bandwidth", "limit_data"} {
		test.Tap(cp.AddBtn)
		cp.Rows[len(cp.Rows)-1].Type.SetSelected(typ)
	}
	h.win.Resize(defaultWindow.AddWidthHeight(0, 1))
	h.win.Resize(defaultWindow)
	need := h.mw.deck.Object().MinSize().Height
	got, row := h.mw.paneScroll.Size().Height, h.mw.paneTitleRow()
	if got >= need {
		t.Fatalf("the panes get all the %v they need at %v; want a case where they scroll", need, h.win.Canvas().Size())
	}
	if got < 4*row {
		t.Errorf("the panes get %v at %v, %.1f title rows; want the room the log leaves", got, h.win.Canvas().Size(), got/row)
	}
	if n := logRowsShown(h.mw.log); n < logSmallRows {
		t.Errorf("the log shows %d rows; want at least %d", n, logSmallRows)
	}
}
