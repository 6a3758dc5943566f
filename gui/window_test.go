package gui

import (
	"strings"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"

	"github.com/sockettester/sockettester/internal/version"
)

func TestWindowLayout(t *testing.T) {
	h := newAppHarness(t)
	if got := h.win.Title(); got != "Socket Tester" {
		t.Errorf("title = %q", got)
	}
	// The panes and the status bar must fit an 800x560 window (less a menu
	// bar); the panes scroll vertically rather than clip.
	panes := h.mw.paneSplit.MinSize()
	status := h.mw.status.Object().MinSize()
	if panes.Width > 800 || panes.Height+status.Height > 560-30-150 {
		t.Errorf("panes need %v and the status bar %v; want them to fit 800x560 with room for the log", panes, status)
	}
	for name, o := range map[string]fyne.CanvasObject{"server": h.mw.server.Object(), "client": h.mw.client.Object()} {
		if w := o.MinSize().Width; w > 390 {
			t.Errorf("%s pane needs %v wide; want at most 390 so two fit in 800", name, w)
		}
	}
	if w := h.mw.log.Object().MinSize().Width; w > 800 {
		t.Logf("note: the log view needs %v wide, more than 800", w)
	}
	if h.mw.status.serverState.Text != "Server: Stopped" || h.mw.status.clientState.Text != "Client: Not connected" {
		t.Errorf("status = %q / %q", h.mw.status.serverState.Text, h.mw.status.clientState.Text)
	}
}

func TestMenu(t *testing.T) {
	h := newAppHarness(t)
	m := h.mw.menu
	var labels []string
	for _, menu := range m.Items {
		var items []string
		for _, it := range menu.Items {
			if !it.IsSeparator {
				items = append(items, it.Label)
			}
		}
		labels = append(labels, menu.Label+": "+strings.Join(items, ", "))
	}
	want := []string{
		"File: Save log..., Quit",
		"Edit: Clear log, Copy selected row",
		"View: Text, Hex, Follow new rows, Settings...",
		"Help: About Socket Tester",
	}
	if strings.Join(labels, "\n") != strings.Join(want, "\n") {
		t.Fatalf("menu:\n%s\nwant:\n%s", strings.Join(labels, "\n"), strings.Join(want, "\n"))
	}
	if !m.Items[0].Items[2].IsQuit {
		t.Error("Quit is not marked IsQuit, so the driver would add a second one")
	}

	// View: Hex and Follow are check items that drive the log and persist.
	if !h.mw.viewText.Checked || h.mw.viewHex.Checked || !h.mw.viewFollow.Checked {
		t.Fatal("default view should be Text with Follow on")
	}
	h.mw.viewHex.Action()
	if !h.mw.log.Hex() || !h.mw.viewHex.Checked || h.mw.viewText.Checked || !h.app.Preferences().Bool(keyLogHex) {
		t.Error("Hex did not switch the log to hex")
	}
	h.mw.viewFollow.Action()
	if h.mw.log.Follow() || h.mw.viewFollow.Checked {
		t.Error("Follow new rows did not toggle off")
	}
	// A change made in the log's own toolbar reaches the menu on the next tick.
	h.mw.log.SetHex(false)
	h.mw.tick()
	if !h.mw.viewText.Checked || h.mw.viewHex.Checked {
		t.Error("menu did not follow the log's Text/Hex toggle")
	}

	// About names the app, its version and licence.
	h.mw.onAbout()
	text := h.dialogText()
	for _, w := range []string{"Socket Tester", "Version " + version.Version, "MIT"} {
		if !strings.Contains(text, w) {
			t.Errorf("About lacks %q: %q", w, text)
		}
	}
}

func TestShortcutsClearLog(t *testing.T) {
	h := newAppHarness(t)
	h.startServer()
	h.waitFor("a log row", func() bool { return len(h.mw.log.Rows()) > 0 })
	sc, ok := h.win.Canvas().(fyne.Shortcutable)
	if !ok {
		t.Skip("test canvas does not take shortcuts")
	}
	sc.TypedShortcut(shortcutClear)
	if n := len(h.mw.log.Rows()); n != 0 {
		t.Errorf("Ctrl+L left %d rows", n)
	}
	// The menu item carries the same shortcut, so it also works while an
	// entry has focus.
	if it := h.mw.menu.Items[1].Items[0]; it.Shortcut == nil || it.Shortcut.ShortcutName() != shortcutClear.ShortcutName() {
		t.Error("Clear log menu item lacks Ctrl+L")
	}
	if it := h.mw.menu.Items[0].Items[0]; it.Shortcut == nil || it.Shortcut.ShortcutName() != shortcutSave.ShortcutName() {
		t.Error("Save log menu item lacks Ctrl+S")
	}
}

func TestSettingsLogLimit(t *testing.T) {
	a := test.NewTempApp(t)
	h := newAppHarnessFor(t, a)
	if _, err := parseLogLimit("5"); err == nil {
		t.Error("limit 5 accepted")
	}
	h.mw.onSettings()
	if !strings.Contains(h.dialogText(), "Log rows kept") {
		t.Fatalf("settings dialog: %q", h.dialogText())
	}
	h.closeDialogs()
	h.mw.applyLogLimit(200)
	if got := a.Preferences().Int(keyLogLimit); got != 200 {
		t.Errorf("saved limit = %d", got)
	}
	h2 := newAppHarnessFor(t, a)
	if got := h2.mw.log.model.Limit(); got != 200 {
		t.Errorf("restored limit = %d; want 200", got)
	}
}

func TestPreferencesRestored(t *testing.T) {
	a := test.NewTempApp(t)
	h := newAppHarnessFor(t, a)
	s, c := h.mw.server, h.mw.client
	s.protocol.SetSelected(protoUDP)
	retype(&s.bind.Entry, "::1")
	retype(s.port, "70000") // invalid values are kept too
	s.mode.SetSelected(modeReply)
	s.replyFormat.SetSelected(formatHex)
	retype(s.reply, "4f 4b")
	s.payloadFormat.SetSelected(formatHex)
	retype(s.payload, "00")
	c.protocol.SetSelected(protoUDP)
	retype(c.host, "localhost")
	retype(c.port, "9000")
	retype(c.timeout, "2s")
	c.format.SetSelected(formatHex)
	c.eol.SetSelected(eolLF)
	retype(&c.editor.Entry, "de ad")
	retype(c.repeat, "5")
	retype(c.interval, "250ms")
	h.mw.setHex(true)
	h.mw.setFollow(false)
	h.mw.applyLogLimit(500)
	h.mw.paneSplit.SetOffset(0.4)
	h.close()

	h2 := newAppHarnessFor(t, a)
	s, c = h2.mw.server, h2.mw.client
	got := []string{s.protocol.Selected, s.bind.Text, s.port.Text, s.mode.Selected, s.replyFormat.Selected, s.reply.Text,
		s.payloadFormat.Selected, s.payload.Text,
		c.protocol.Selected, c.host.Text, c.port.Text, c.timeout.Text, c.format.Selected, c.eol.Selected,
		c.editor.Text, c.repeat.Text, c.interval.Text}
	want := []string{protoUDP, "::1", "70000", modeReply, formatHex, "4f 4b", formatHex, "00",
		protoUDP, "localhost", "9000", "2s", formatHex, eolLF, "de ad", "5", "250ms"}
	if strings.Join(got, "|") != strings.Join(want, "|") {
		t.Errorf("restored:\n%q\nwant:\n%q", got, want)
	}
	if s.portHint.Text == "" {
		t.Error("a restored invalid port shows no hint")
	}
	if !h2.mw.log.Hex() || h2.mw.log.Follow() || !h2.mw.viewHex.Checked || h2.mw.viewFollow.Checked {
		t.Error("view options not restored")
	}
	if got := h2.mw.log.model.Limit(); got != 500 {
		t.Errorf("log limit = %d", got)
	}
	if got := h2.mw.paneSplit.Offset; got < 0.39 || got > 0.41 {
		t.Errorf("pane split = %v", got)
	}
}

func TestCloseStopsEverything(t *testing.T) {
	h := newAppHarness(t)
	h.mw.start()
	h.startServer()
	h.connectToOwnServer()
	srv, cl := h.mw.server.srv, h.mw.client.client
	h.close()
	if srv.Running() {
		t.Error("server still running after the window closed")
	}
	select {
	case <-cl.Done():
	default:
		t.Error("client still open after the window closed")
	}
	select {
	case <-h.mw.tickerDone:
	default:
		t.Error("ticker still running after the window closed")
	}
	// Late UI updates from goroutines are harmless after closing.
	h.pump()
}
