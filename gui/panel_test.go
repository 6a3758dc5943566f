package gui

import (
	"bytes"
	"io"
	"net"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/driver/desktop"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/widget"

	"github.com/sockettester/sockettester/gui/logview"
	"github.com/sockettester/sockettester/sockets"
	"github.com/sockettester/sockettester/sockets/packets"
	"github.com/sockettester/sockettester/sockets/payload"
)

// loopbackPeer is a TCP server on 127.0.0.1 that takes one connection and
// hands its bytes to the test as they come.
type loopbackPeer struct {
	ln   net.Listener
	conn chan net.Conn
	got  []byte
	c    net.Conn
}

func newLoopbackPeer(t *testing.T) *loopbackPeer {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	p := &loopbackPeer{ln: ln, conn: make(chan net.Conn, 1)}
	go func() {
		c, err := ln.Accept()
		if err == nil {
			p.conn <- c
		}
	}()
	t.Cleanup(func() {
		ln.Close()
		if p.c != nil {
			p.c.Close()
		}
	})
	return p
}

func (p *loopbackPeer) port() int { return p.ln.Addr().(*net.TCPAddr).Port }

// readUntil reads until what has come holds want, and returns it all.
func (p *loopbackPeer) readUntil(t *testing.T, want []byte) []byte {
	t.Helper()
	if p.c == nil {
		select {
		case p.c = <-p.conn:
		case <-time.After(waitTimeout):
			t.Fatal("the app never connected")
		}
	}
	buf := make([]byte, 4096)
	for !bytes.Contains(p.got, want) {
		p.c.SetReadDeadline(time.Now().Add(waitTimeout))
		n, err := p.c.Read(buf)
		p.got = append(p.got, buf[:n]...)
		if err != nil && err != io.EOF {
			t.Fatalf("reading %q, got %q: %v", want, p.got, err)
		}
		if err == io.EOF {
			t.Fatalf("connection closed before %q; got %q", want, p.got)
		}
	}
	return p.got
}

// setPanel gives the library pks and a panel of bs, as the editor would.
func (h *appHarness) setPanel(pks []packets.Packet, bs ...packets.Button) {
	h.t.Helper()
	lib := h.mw.client.Packets.Lib
	for _, pk := range pks {
		if err := lib.Put(pk); err != nil {
			h.t.Fatal(err)
		}
	}
	lib.Panel = &packets.Panel{Buttons: bs}
	h.mw.panel.Changed()
}

// ctrlDigit is Ctrl+n.
func ctrlDigit(n int) *desktop.CustomShortcut {
	return &desktop.CustomShortcut{KeyName: fyne.KeyName(rune('0' + n)), Modifier: fyne.KeyModifierShortcutDefault}
}

func TestPanelButtonsSendExactBytes(t *testing.T) {
	h := newAppHarness(t)
	peer := newLoopbackPeer(t)
	h.setPanel([]packets.Packet{
		{Name: "read", Payload: "01 03 00 0A 00 02", Format: payload.FormatHex, Append: "crc16-modbus"},
		{Name: "count", Payload: "N{{counter}}", EOL: payload.EOLLF},
	}, packets.Button{Packet: "read"}, packets.Button{Packet: "count"})
	v := h.mw.panelView
	if !v.Object().Visible() || len(v.Buttons) != 2 {
		t.Fatalf("the panel above the log shows %d buttons (visible %v); want 2", len(v.Buttons), v.Object().Visible())
	}
	if got := v.Buttons[0].Text + "|" + v.Buttons[1].Text; got != "1  read|2  count" {
		t.Errorf("labels %q", got)
	}

	// Not connected: the press says why, and nothing is lost.
	test.Tap(v.Buttons[0])
	if got, want := h.statusMessage(), "“read” not sent: Connect first: the buttons send through the client tab shown"; got != want {
		t.Errorf("status = %q; want %q", got, want)
	}
	if v.Reason.Text == "" || !v.Reason.Visible() {
		t.Error("the panel does not say why its buttons cannot send")
	}

	h.connectTab(h.mw.client, peer.port())
	if v.Reason.Visible() {
		t.Errorf("connected, the panel still says %q", v.Reason.Text)
	}
	test.Tap(v.Buttons[0])
	if got, want := peer.readUntil(t, []byte{0xe4, 0x09}), []byte{1, 3, 0, 0x0a, 0, 2, 0xe4, 0x09}; !bytes.Equal(got, want) {
		t.Fatalf("the peer got % x; want % x", got, want)
	}
	// Its row names the bytes the packet's checksum added.
	frame := "\x01\x03\x00\x0a\x00\x02\xe4\x09"
	h.waitFor("the button's sent row", func() bool { return h.rowIndex(sockets.SideClient, sockets.KindSent, frame) >= 0 })
	sent := h.mw.log.Rows()[h.rowIndex(sockets.SideClient, sockets.KindSent, frame)]
	if got, want := logview.LogCellContent(&sent, true), "01 03 00 0a 00 02 e4 09 + crc16-modbus e4 09"; got != want {
		t.Errorf("the button's sent row shows %q; want %q", got, want)
	}
	// Ctrl+2 presses button 2 from the window, and from the payload
	// editor, which would keep the key for itself.
	h.win.Canvas().(interface{ TypedShortcut(fyne.Shortcut) }).TypedShortcut(ctrlDigit(2))
	peer.readUntil(t, []byte("N1\n"))
	h.win.Canvas().Focus(h.mw.client.Editor)
	h.mw.client.Editor.TypedShortcut(ctrlDigit(2))
	got := peer.readUntil(t, []byte("N2\n"))
	if want := "\x01\x03\x00\x0a\x00\x02\xe4\x09N1\nN2\n"; string(got) != want {
		t.Fatalf("the peer got %q; want %q", got, want)
	}
	if h.mw.client.Editor.Text != "" && strings.Contains(h.mw.client.Editor.Text, "2") {
		t.Errorf("Ctrl+2 typed into the editor: %q", h.mw.client.Editor.Text)
	}
	// The Panel menu lists them with their keys.
	var labels []string
	for _, it := range h.mw.panelMenu().Items {
		if it.Shortcut != nil && !it.IsSeparator && strings.HasPrefix(it.Label, "2") {
			labels = append(labels, it.Label+" "+it.Shortcut.ShortcutName())
		}
	}
	if len(labels) != 1 {
		t.Errorf("the Panel menu's button 2: %q", labels)
	}
}

func TestPanelPeriodicButtonStartsAndStops(t *testing.T) {
	h := newAppHarness(t)
	peer := newLoopbackPeer(t)
	h.setPanel([]packets.Packet{
		{Name: "tick", Payload: "T", EOL: payload.EOLLF},
		{Name: "mark", Payload: "M{{counter}}", EOL: payload.EOLLF},
	}, packets.Button{Packet: "tick", Every: 10 * time.Millisecond}, packets.Button{Packet: "mark"})
	h.connectTab(h.mw.client, peer.port())
	v := h.mw.panelView
	if got := v.Buttons[0].Text; got != "1  tick  every 10ms" {
		t.Errorf("idle label %q", got)
	}
	test.Tap(v.Buttons[0])
	if !h.mw.panel.Running(0) || v.Buttons[0].Importance != widget.HighImportance || v.Buttons[0].Text != "1  tick  ■ every 10ms" {
		t.Fatalf("a started button shows %q, importance %v", v.Buttons[0].Text, v.Buttons[0].Importance)
	}
	peer.readUntil(t, []byte("T\nT\n"))
	test.Tap(v.Buttons[0])
	if h.mw.panel.Running(0) || v.Buttons[0].Importance == widget.HighImportance {
		t.Fatal("pressed again, the button still runs")
	}
	h.mw.panel.Wait()
	h.waitFor("the stop to be told", func() bool { return strings.HasPrefix(h.statusMessage(), "Stopped sending “tick”: sent ") })
	// Sent after the last tick, M1 and M2 have nothing between them.
	test.Tap(v.Buttons[1])
	got := peer.readUntil(t, []byte("M1\n"))
	ticks := strings.Count(string(got), "T\n")
	if ticks < 2 || string(got) != strings.Repeat("T\n", ticks)+"M1\n" {
		t.Fatalf("the peer got %q", got)
	}
	test.Tap(v.Buttons[1])
	if got := peer.readUntil(t, []byte("M2\n")); string(got) != strings.Repeat("T\n", ticks)+"M1\nM2\n" {
		t.Fatalf("after the stop the peer got %q", got[len(got)-min(len(got), 40):])
	}

	// Closing the connection stops a running button.
	test.Tap(v.Buttons[0])
	peer.readUntil(t, []byte("M2\nT\n"))
	test.Tap(h.mw.client.ConnectBtn) // Disconnect
	h.waitFor("the button to stop with the connection", func() bool { return !h.mw.panel.Running(0) })
	h.mw.panel.Wait()
}

func TestPanelEditSaveRoundTrip(t *testing.T) {
	h := newAppHarness(t)
	h.setPanel([]packets.Packet{{Name: "a", Payload: "A"}, {Name: "b", Payload: "B"}})
	h.mw.client.Packets.Lib.Panel = nil
	h.mw.panel.Changed()
	if h.mw.panelView.Object().Visible() {
		t.Error("with no panel, the main window shows an empty one")
	}
	h.mw.panel.Edit(h.win)
	e := h.mw.panel.Editor()
	retype(e.Title, "Bench")
	test.Tap(e.Add)
	test.Tap(e.Add)
	if len(e.Rows) != 2 || e.Rows[0].Packet.Selected != "a" {
		t.Fatalf("rows %d, first %q", len(e.Rows), e.Rows[0].Packet.Selected)
	}
	e.Rows[1].Packet.SetSelected("b")
	for _, c := range []struct{ typed, problem string }{
		{"5", `button 2: a period is a duration like 100ms or 1s, or empty to send once per press, not "5"`},
		{"500us", `button 2: a period is 1ms or more (e.g. 1ms, 100ms, 1s), not "500us"`},
		{"250ms", ""},
	} {
		retype(e.Rows[1].Every, c.typed)
		if e.Problem.Text != c.problem || e.Save.Disabled() != (c.problem != "") {
			t.Errorf("typed %q: problem %q, Save off %v; want %q", c.typed, e.Problem.Text, e.Save.Disabled(), c.problem)
		}
		if e.Rows[1].Every.Text != c.typed {
			t.Errorf("the typed %q became %q", c.typed, e.Rows[1].Every.Text)
		}
	}
	// b first, then a.
	test.Tap(e.Rows[1].Up)
	test.Tap(e.Save)
	if h.mw.panel.Editor() != nil {
		t.Fatalf("the editor stays open: %q", h.dialogText())
	}
	want := &packets.Panel{Title: "Bench", Buttons: []packets.Button{{Packet: "b", Every: 250 * time.Millisecond}, {Packet: "a"}}}
	lib := h.savedLibrary()
	if lib.Panel == nil || lib.Panel.Title != want.Title || len(lib.Panel.Buttons) != 2 || lib.Panel.Buttons[0] != want.Buttons[0] || lib.Panel.Buttons[1] != want.Buttons[1] {
		t.Fatalf("saved panel %+v; want %+v", lib.Panel, want)
	}
	if v := h.mw.panelView; !v.Object().Visible() || v.Heading.Text != "Bench" || len(v.Buttons) != 2 || v.Buttons[0].Text != "1  b  every 250ms" {
		t.Errorf("the panel shows %q %d buttons", v.Heading.Text, len(v.Buttons))
	}

	// A fresh window on the same preferences shows it.
	h2 := newAppHarnessFor(t, h.app)
	if got := len(h2.mw.panelView.Buttons); got != 2 {
		t.Errorf("reopened, the panel has %d buttons", got)
	}

	// Removing both leaves no panel.
	h.mw.panel.Edit(h.win)
	e = h.mw.panel.Editor()
	test.Tap(e.Rows[0].Remove)
	test.Tap(e.Rows[0].Remove)
	test.Tap(e.Save)
	if lib := h.savedLibrary(); lib.Panel != nil {
		t.Errorf("an emptied panel saved as %+v", lib.Panel)
	}
}

func TestPanelWindowOpensAndCloses(t *testing.T) {
	h := newAppHarness(t)
	h.setPanel([]packets.Packet{{Name: "a", Payload: "A"}}, packets.Button{Packet: "a"})
	h.mw.onPanelWindow()
	pw := h.mw.panelWin
	if pw == nil || len(pw.view.Buttons) != 1 || pw.view.Buttons[0].Text != "1  a" {
		t.Fatal("the panel's window shows no button a")
	}
	h.mw.onPanelWindow() // again: the same window
	if h.mw.panelWin != pw {
		t.Error("a second open made a second window")
	}
	h.mw.setLanguage("vi")
	if got := pw.edit.Text + "|" + pw.view.Reason.Text; got != "Sửa bảng nút...|Hãy kết nối trước: các nút gửi qua thẻ máy khách đang hiển thị" {
		t.Errorf("in Vietnamese the panel's window shows %q", got)
	}
	h.mw.setLanguage("en")
	pw.win.Close()
	if h.mw.panelWin != nil || h.mw.closed {
		t.Fatalf("closed: panel window %v, app closed %v", h.mw.panelWin, h.mw.closed)
	}
	// The main window's view still follows the panel.
	h.setPanel(nil, packets.Button{Packet: "a"}, packets.Button{Packet: "a", Every: time.Second})
	if len(h.mw.panelView.Buttons) != 2 {
		t.Error("the main window's panel no longer follows")
	}
}

// The workshop guide's station: the example panel loaded from its file
// drives the app's own server in rules mode, and the log shows the exact
// replies.
func TestWorkshopPanelDrivesOwnRulesServer(t *testing.T) {
	h := newAppHarness(t)
	dir := t.TempDir()
	src, err := os.ReadFile("../docs/examples/workshop-panel.yaml")
	if err != nil {
		t.Fatal(err)
	}
	path := filepath.Join(dir, "workshop-panel.yaml")
	if err := os.WriteFile(path, src, 0o600); err != nil {
		t.Fatal(err)
	}
	if _, err := h.mw.panel.Load(path); err != nil {
		t.Fatal(err)
	}
	v := h.mw.panelView
	if got := len(v.Buttons); got != 3 || v.Heading.Text != "LED board" {
		t.Fatalf("loaded %d buttons under %q", got, v.Heading.Text)
	}
	ledRules, err := os.ReadFile("../docs/examples/workshop-led.yaml")
	if err != nil {
		t.Fatal(err)
	}
	s := h.mw.server
	s.Mode.SetValue(sockets.ModeRules)
	s.Rules.Entry.SetText(string(ledRules))
	h.startServer()
	h.connectToOwnServer()
	test.Tap(v.Buttons[0])
	h.waitFor("OK LED=1", func() bool { return h.hasRow(sockets.SideClient, sockets.KindReceived, []byte("OK LED=1\n")) })
	h.win.Canvas().(interface{ TypedShortcut(fyne.Shortcut) }).TypedShortcut(ctrlDigit(2))
	h.waitFor("OK LED=0", func() bool { return h.hasRow(sockets.SideClient, sockets.KindReceived, []byte("OK LED=0\n")) })
	test.Tap(v.Buttons[2]) // STATUS every 1s
	h.waitFor("OK STATUS 1", func() bool {
		return h.hasRow(sockets.SideClient, sockets.KindReceived, []byte("OK STATUS 1 temp=21C\n"))
	})
	test.Tap(v.Buttons[2])
	h.mw.panel.Wait()
	if !h.hasRow(sockets.SideClient, sockets.KindSent, []byte("STATUS 1\n")) || !h.hasRow(sockets.SideClient, sockets.KindSent, []byte("LED ON\n")) {
		t.Errorf("sent rows: %v", h.wireRows())
	}
}

// Tab reaches the panel's buttons from the payload editor, and Space and
// Return press them.
func TestPanelButtonsByKeyboard(t *testing.T) {
	h := newAppHarness(t)
	peer := newLoopbackPeer(t)
	h.setPanel([]packets.Packet{{Name: "a", Payload: "A"}, {Name: "b", Payload: "B"}},
		packets.Button{Packet: "a"}, packets.Button{Packet: "b"})
	h.connectTab(h.mw.client, peer.port())
	c, v := h.win.Canvas(), h.mw.panelView
	c.Focus(h.mw.client.Editor)
	for range 60 {
		if c.Focused() == v.Buttons[0] {
			break
		}
		test.FocusNext(c)
	}
	if c.Focused() != v.Buttons[0] {
		t.Fatalf("Tab never reached the panel's first button; focus ends on %T", c.Focused())
	}
	v.Buttons[0].TypedKey(&fyne.KeyEvent{Name: fyne.KeySpace})
	peer.readUntil(t, []byte("A"))
	test.FocusNext(c)
	if c.Focused() != v.Buttons[1] {
		t.Fatalf("Tab from button 1 goes to %T, not button 2", c.Focused())
	}
	v.Buttons[1].TypedKey(&fyne.KeyEvent{Name: fyne.KeyReturn})
	if got := peer.readUntil(t, []byte("B")); string(got) != "AB" {
		t.Fatalf("the peer got %q; want AB", got)
	}
}

// Renaming or deleting a packet in the manager carries over to the panel,
// which still saves.
func TestPanelFollowsTheManager(t *testing.T) {
	h := newAppHarness(t)
	h.setPanel([]packets.Packet{{Name: "a", Payload: "A"}, {Name: "b", Payload: "B"}},
		packets.Button{Packet: "a"}, packets.Button{Packet: "b"})
	h.mw.client.Packets.Lib.Panel.Title = "T"
	h.choosePacketItem("Manage packets…")
	m := h.mw.client.Packets.Manager
	m.List.Select(1)
	retype(m.Name, "bee")
	test.Tap(m.Rename)
	m.List.Select(0)
	test.Tap(m.Del)
	h.tapDialogButton("Delete")
	lib := h.savedLibrary()
	if lib.Panel == nil || len(lib.Panel.Buttons) != 1 || lib.Panel.Buttons[0].Packet != "bee" {
		t.Fatalf("saved panel %+v; want one button, bee", lib.Panel)
	}
	if v := h.mw.panelView; len(v.Buttons) != 1 || v.Buttons[0].Text != "1  bee" {
		t.Errorf("the panel shows %d buttons", len(v.Buttons))
	}
}
