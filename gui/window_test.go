package gui

import (
	"fmt"
	"math"
	"strconv"
	"strings"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/theme"

	"github.com/sockettester/sockettester/gui/i18n"
	"github.com/sockettester/sockettester/gui/logview"
	"github.com/sockettester/sockettester/gui/panes"
	"github.com/sockettester/sockettester/gui/widgets"
	"github.com/sockettester/sockettester/internal/version"
)

// Window sizes the layout is held to, less the menu bar the desktop
// driver draws inside the window (about 30 px with the default theme; the
// test driver draws none).
var (
	defaultWindow = fyne.NewSize(1100, 720-menuBarAllowance)
	smallWindow   = fyne.NewSize(800, 560-menuBarAllowance)
)

// menuBarAllowance is room for the menu bar.
const menuBarAllowance = 32

// logRowsShown is how many whole log rows the list shows now.
func logRowsShown(v *logview.LogView) int {
	return int((v.List.Size().Height + theme.Padding()) / v.RowStep())
}

func TestWindowLayout(t *testing.T) {
	h := newAppHarness(t)
	if got := h.win.Title(); got != "Socket Tester" {
		t.Errorf("title = %q", got)
	}
	if min := h.win.Content().MinSize(); min.Width > smallWindow.Width || min.Height > smallWindow.Height {
		t.Errorf("window content needs %v; want it to fit %v", min, smallWindow)
	}

	// At the default size both panes show side by side with every
	// control, and the log at least 12 rows.
	h.win.Resize(defaultWindow)
	content := h.win.Content()
	if h.mw.deck.Narrow() {
		t.Errorf("at %v the panes are tabs; want them side by side", defaultWindow)
	}
	checkFits(t, content, "content", fyne.NewPos(0, 0), content.Size())
	if n := logRowsShown(h.mw.log); n < 12 {
		t.Errorf("at %v the log shows %d rows; want at least 12", defaultWindow, n)
	}
	t.Logf("at %v: %d log rows; panes %v", defaultWindow, logRowsShown(h.mw.log), h.mw.deck.Object().Size())

	// In a small window the panes are tabs: each one's controls fit, and the
	// log shows at least 6 rows.
	h.win.Resize(smallWindow)
	if !h.mw.deck.Narrow() {
		t.Errorf("at %v the panes are side by side; want tabs", smallWindow)
	}
	for i, name := range []string{"server", "client"} {
		h.mw.deck.Show(i)
		checkFits(t, content, name+" tab", fyne.NewPos(0, 0), content.Size())
		if n := logRowsShown(h.mw.log); n < 6 {
			t.Errorf("at %v with the %s tab the log shows %d rows; want at least 6", smallWindow, name, n)
		}
		t.Logf("at %v, %s tab: %d log rows", smallWindow, name, logRowsShown(h.mw.log))
	}
	if w, want := h.mw.log.Search.Size().Width, widgets.TextWidth(logview.LogSearchMinText); w < want {
		t.Errorf("search entry is %v wide at %v; want at least %v", w, smallWindow, want)
	}
	for _, b := range []*widgets.PlainButton{h.mw.log.ClearButton, h.mw.log.CopyButton, h.mw.log.SaveButton} {
		d := fyne.CurrentApp().Driver()
		if end := d.AbsolutePositionForObject(b).X - d.AbsolutePositionForObject(content).X + b.Size().Width; end > content.Size().Width {
			t.Errorf("%q button ends at %v, past the window's %v", b.Text, end, content.Size().Width)
		}
	}
}

// TestFirstLaunchLooksCalm checks what a new user sees first: no red hint
// and no mark on any field, the lesson's payload, and a disabled Connect
// that says why.
func TestFirstLaunchLooksCalm(t *testing.T) {
	h := newAppHarness(t)
	s, c := h.mw.server, h.mw.client
	for name, f := range map[string]*widgets.Field{"bind": s.BindF, "server port": s.Port, "reply": s.Reply,
		"payload to clients": s.Payload, "host": c.Host, "client port": c.Port, "timeout": c.Timeout,
		"payload": c.Payload, "repeat": c.Repeat, "interval": c.Interval} {
		if f.Hint.Visible() {
			t.Errorf("%s shows a hint before it was touched: %q", name, f.Hint.Text)
		}
		if f.Validator != nil {
			t.Errorf("%s has a validator, which draws a mark on a valid field", name)
		}
	}
	if c.Editor.Text != "Hello, world" {
		t.Errorf("payload = %q; want the lesson's Hello, world", c.Editor.Text)
	}
	if !c.ConnectBtn.Disabled() || c.Frame.State.Text != "Enter a port" {
		t.Errorf("Connect disabled %v, and says %q; want it off, saying why", c.ConnectBtn.Disabled(), c.Frame.State.Text)
	}
	if !c.SendBtn.Disabled() || c.SendReason.Text != "Connect first" {
		t.Errorf("Send disabled %v, says %q; want off, saying Connect first", c.SendBtn.Disabled(), c.SendReason.Text)
	}
	// Typing a bad port, then, shows its hint.
	retype(c.Port, "x")
	if !c.Port.Hint.Visible() {
		t.Error("a bad port typed shows no hint")
	}
}

// TestTwoClickDemo is the lesson's echo in two clicks on a fresh launch:
// Use my server starts the server, fills in its address, connects and puts
// the cursor in the payload; Send then shows the echo of Hello, world.
func TestTwoClickDemo(t *testing.T) {
	h := newAppHarness(t)
	s, c := h.mw.server, h.mw.client
	test.Tap(c.UseServer)
	if s.State != panes.ServerRunning {
		t.Fatalf("the server is %v after Use my server", s.State)
	}
	h.waitFor("the client to connect", func() bool { return c.State == panes.ClientConnected })
	_, _, port, _ := s.ListenAddr()
	if c.Host.Text != "127.0.0.1" || c.Port.Text != strconv.Itoa(port) {
		t.Errorf("Use my server filled %s:%s; want 127.0.0.1:%d", c.Host.Text, c.Port.Text, port)
	}
	if f := h.win.Canvas().Focused(); f != c.Editor {
		t.Errorf("focus is on %T after connecting; want the payload editor", f)
	}
	test.Tap(c.SendBtn)
	h.assertExchange("Hello, world", "Hello, world")
}

// checkFits reports every visible object under o that was given less than
// its minimum size or reaches past bounds. It looks inside containers,
// splits and scrollers (whose content may be taller than the view, but not
// wider, as the panes only scroll vertically) and treats other widgets as
// leaves.
func checkFits(t *testing.T, o fyne.CanvasObject, path string, at fyne.Position, bounds fyne.Size) {
	t.Helper()
	if !o.Visible() {
		return
	}
	const slack = 0.5 // float rounding in layouts
	size, min := o.Size(), o.MinSize()
	_, inScroll := o.(*container.Scroll)
	if size.Width+slack < min.Width || (!inScroll && size.Height+slack < min.Height) {
		t.Errorf("%s (%T) is %v, less than its minimum %v", path, o, size, min)
	}
	if at.X+size.Width > bounds.Width+slack || at.Y+size.Height > bounds.Height+slack {
		t.Errorf("%s (%T) at %v size %v reaches past %v", path, o, at, size, bounds)
	}
	switch x := o.(type) {
	case *fyne.Container:
		if _, dense := x.Layout.(widgets.DenseRows); dense {
			return // its labels overhang it by their trimmed padding, by design
		}
		for i, c := range x.Objects {
			checkFits(t, c, fmt.Sprintf("%s/%d", path, i), at.Add(c.Position()), bounds)
		}
	case *container.Split:
		checkFits(t, x.Leading, path+"/leading", at.Add(x.Leading.Position()), bounds)
		checkFits(t, x.Trailing, path+"/trailing", at.Add(x.Trailing.Position()), bounds)
	case *container.Scroll:
		c := x.Content
		checkFits(t, c, path+"/scroll", at.Add(c.Position()), fyne.NewSize(bounds.Width, float32(math.Inf(1))))
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
		"File: Save log..., Export, Save session as scenario..., Quit",
		"Edit: Clear log, Copy selected row",
		"View: Content as text, Content as hex, Frames..., Time of day (µs), Time since first event, Follow new rows, Sequence diagram, Scenarios..., " +
			"Presentation, Zoom in, Zoom out, Reset zoom, Language, Settings...",
		"Panel: Edit panel..., Open packets file with a panel..., Panel in its own window",
		"Help: About Socket Tester",
	}
	if strings.Join(labels, "\n") != strings.Join(want, "\n") {
		t.Fatalf("menu:\n%s\nwant:\n%s", strings.Join(labels, "\n"), strings.Join(want, "\n"))
	}
	if !m.Items[0].Items[4].IsQuit {
		t.Error("Quit is not marked IsQuit, so the driver would add a second one")
	}

	// View: Hex and Follow are check items that drive the log and persist.
	v := &h.mw.view
	if !v.text.Checked || v.hex.Checked || !v.follow.Checked || !v.clock.Checked || v.relative.Checked {
		t.Fatal("default view should be Text, time of day, with Follow on")
	}
	v.hex.Action()
	if !h.mw.log.Hex() || !v.hex.Checked || v.text.Checked || !h.app.Preferences().Bool(logview.KeyLogHex) {
		t.Error("Hex did not switch the log to hex")
	}
	v.follow.Action()
	if h.mw.log.Follow() || v.follow.Checked {
		t.Error("Follow new rows did not toggle off")
	}
	v.relative.Action()
	if h.mw.log.TimeMode() != logview.TimeRelative || !v.relative.Checked || v.clock.Checked {
		t.Error("Time since first event did not switch the time column")
	}
	// A change made in the log's own toolbar reaches the menu on the next tick.
	h.mw.log.SetHex(false)
	h.mw.tick()
	if !v.text.Checked || v.hex.Checked {
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
	shortcutCanvas(t, h.win).TypedShortcut(shortcutClear)
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
	if it := h.mw.menu.Items[0].Items[4]; it.Shortcut == nil || it.Shortcut.ShortcutName() != shortcutQuit.ShortcutName() {
		t.Error("Quit menu item lacks Ctrl+Q")
	}
}

// shortcutCanvas returns win's canvas as the shortcut handler it is: Fyne's
// test canvas, like the real one, runs the shortcuts added with AddShortcut.
func shortcutCanvas(t *testing.T, win fyne.Window) fyne.Shortcutable {
	t.Helper()
	sc, ok := win.Canvas().(fyne.Shortcutable)
	if !ok {
		t.Fatalf("canvas %T takes no shortcuts", win.Canvas())
	}
	return sc
}

func TestShortcutQuitClosesWindow(t *testing.T) {
	h := newAppHarness(t)
	h.mw.start()
	h.startServer()
	shortcutCanvas(t, h.win).TypedShortcut(shortcutQuit)
	h.pump()
	if !h.mw.closed {
		t.Fatal("Ctrl+Q did not close the window")
	}
	if h.mw.server.Srv.Running() {
		t.Error("server still running after Ctrl+Q")
	}
}

func TestSettingsLogLimit(t *testing.T) {
	a := test.NewTempApp(t)
	h := newAppHarnessFor(t, a)
	for _, bad := range []string{"5", "100001"} {
		if _, err := parseLogLimit(bad); err == nil {
			t.Errorf("limit %s accepted", bad)
		}
	}
	if n, err := parseLogLimit("100000"); err != nil || n != 100000 {
		t.Errorf("parseLogLimit(100000) = %d, %v", n, err)
	}
	h.mw.onSettings()
	if !strings.Contains(h.dialogText(), "Log rows kept") {
		t.Fatalf("settings dialog: %q", h.dialogText())
	}
	h.closeDialogs()
	h.mw.applyLogLimit(200)
	if got := a.Preferences().Int(logview.KeyLogLimit); got != 200 {
		t.Errorf("saved limit = %d", got)
	}
	h2 := newAppHarnessFor(t, a)
	if got := h2.mw.log.Model.Limit(); got != 200 {
		t.Errorf("restored limit = %d; want 200", got)
	}
}

func TestPreferencesRestored(t *testing.T) {
	a := test.NewTempApp(t)
	h := newAppHarnessFor(t, a)
	s, c := h.mw.server, h.mw.client
	s.Protocol.SetSelected(protoUDP)
	retype(&s.Bind.Entry, "::1")
	retype(s.Port, "70000") // invalid values are kept too
	s.Mode.SetSelected(modeReply)
	s.ReplyFormat.SetSelected(formatHex)
	retype(s.Reply, "4f 4b")
	s.PayloadFormat.SetSelected(formatHex)
	retype(s.Payload, "00")
	c.Protocol.SetSelected(protoUDP)
	retype(c.Host, "localhost")
	retype(c.Port, "9000")
	retype(c.Timeout, "2s")
	c.Format.SetSelected(formatHex)
	c.Eol.SetSelected(eolLF)
	retype(c.Payload, "de ad")
	retype(c.Repeat, "5")
	retype(c.Interval, "250ms")
	h.mw.setHex(true)
	h.mw.setFollow(false)
	h.mw.applyLogLimit(500)
	h.win.Resize(fyne.NewSize(900, 640))
	size := h.win.Canvas().Size()
	h.close()

	h2 := newAppHarnessFor(t, a)
	s, c = h2.mw.server, h2.mw.client
	got := []string{s.Protocol.Selected, s.Bind.Text, s.Port.Text, s.Mode.Selected, s.ReplyFormat.Selected, s.Reply.Text,
		s.PayloadFormat.Selected, s.Payload.Text,
		c.Protocol.Selected, c.Host.Text, c.Port.Text, c.Timeout.Text, c.Format.Selected, c.Eol.Selected,
		c.Editor.Text, c.Repeat.Text, c.Interval.Text}
	want := []string{protoUDP, "::1", "70000", modeReply, formatHex, "4f 4b", formatHex, "00",
		protoUDP, "localhost", "9000", "2s", formatHex, eolLF, "de ad", "5", "250ms"}
	if strings.Join(got, "|") != strings.Join(want, "|") {
		t.Errorf("restored:\n%q\nwant:\n%q", got, want)
	}
	if !s.Port.Hint.Visible() {
		t.Error("a restored invalid port, typed in an earlier session, shows no hint")
	}
	if !h2.mw.log.Hex() || h2.mw.log.Follow() || !h2.mw.view.hex.Checked || h2.mw.view.follow.Checked {
		t.Error("view options not restored")
	}
	if got := h2.mw.log.Model.Limit(); got != 500 {
		t.Errorf("log limit = %d", got)
	}
	if got := h2.win.Canvas().Size(); got != size {
		t.Errorf("window size = %v; want %v as it was closed", got, size)
	}
	// Nonsense saved sizes fall back to the default.
	a.Preferences().SetFloat(keyWindowWidth, 5)
	if got := savedWindowSize(a.Preferences()); got != windowSize {
		t.Errorf("savedWindowSize with width 5 = %v; want %v", got, windowSize)
	}
}

func TestCloseStopsEverything(t *testing.T) {
	h := newAppHarness(t)
	h.mw.start()
	h.startServer()
	h.connectToOwnServer()
	srv, cl := h.mw.server.Srv, h.mw.client.Client
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

// TestSmallWindowFitsEveryLanguage checks that the window's content fits a
// small window (800x560) in every language, with three client tabs and
// the server running (the longest state texts), and that the log's
// buttons show their labels again once there is room for them. At the
// default size the panes stay side by side with three tabs (the
// workshop's chat lesson).
func TestSmallWindowFitsEveryLanguage(t *testing.T) {
	defer i18n.UseLanguage(i18n.English)
	for _, code := range i18n.Languages {
		t.Run(code, func(t *testing.T) {
			h := newAppHarness(t)
			h.mw.setLanguage(code)
			h.mw.clients.onAdd()
			h.mw.clients.onAdd()
			h.startServer()
			h.win.Resize(smallWindow)
			if min := h.win.Content().MinSize(); min.Width > smallWindow.Width || min.Height > smallWindow.Height {
				t.Errorf("%s: the content needs %v; want it to fit %v", code, min, smallWindow)
			}
			// Grown back from tabs, as a window opening small first does.
			h.win.Resize(defaultWindow)
			if h.mw.deck.Narrow() {
				t.Errorf("%s: at %v with three client tabs the panes are tabs; want them side by side", code, defaultWindow)
			}
			save := h.mw.log.SaveButton
			h.win.Resize(fyne.NewSize(1600, defaultWindow.Height))
			if save.Size().Width < save.FullSize().Width {
				t.Errorf("%s: at 1600 wide the Save button is %v wide, short of its label's %v", code, save.Size().Width, save.FullSize().Width)
			}
		})
	}
}
