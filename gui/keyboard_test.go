package gui

import (
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/driver/desktop"
	"fyne.io/fyne/v2/storage"

	"github.com/sockettester/sockettester/gui/logview"
	"github.com/sockettester/sockettester/gui/panes"
	"github.com/sockettester/sockettester/gui/widgets"
	"github.com/sockettester/sockettester/sockets"
)

// keyboard drives a window with key presses only, delivered as the desktop
// driver delivers them: Tab and Shift+Tab move the focus unless the focused
// widget takes Tab; Shift is held with KeyDown and KeyUp around a key; other
// keys go to the focused widget, or to the window with nothing focused;
// a shortcut goes to the main menu's item, then to the focused widget, then
// to the window.
type keyboard struct {
	t   *testing.T
	win fyne.Window
}

func (k keyboard) focused() fyne.Focusable { return k.win.Canvas().Focused() }

// press types key, with Shift held if shift.
func (k keyboard) press(key fyne.KeyName, shift bool) {
	k.t.Helper()
	c := k.win.Canvas()
	shiftEv := &fyne.KeyEvent{Name: desktop.KeyShiftLeft}
	if kb, ok := c.Focused().(desktop.Keyable); ok && shift {
		kb.KeyDown(shiftEv)
	}
	ev := &fyne.KeyEvent{Name: key}
	switch f := c.Focused(); {
	case key == fyne.KeyTab && !acceptsTab(f):
		if shift {
			c.FocusPrevious()
		} else {
			c.FocusNext()
		}
	case f != nil:
		f.TypedKey(ev)
	case c.OnTypedKey() != nil:
		c.OnTypedKey()(ev)
	}
	if kb, ok := c.Focused().(desktop.Keyable); ok && shift {
		kb.KeyUp(shiftEv)
	}
}

func acceptsTab(f fyne.Focusable) bool {
	t, ok := f.(fyne.Tabbable)
	return ok && t.AcceptsTab()
}

// typeText types s rune by rune into the focused widget.
func (k keyboard) typeText(s string) {
	for _, r := range s {
		k.focused().TypedRune(r)
	}
}

// shortcut presses Ctrl (Cmd on macOS) with key.
func (k keyboard) shortcut(key fyne.KeyName) {
	k.t.Helper()
	var s fyne.Shortcut = &desktop.CustomShortcut{KeyName: key, Modifier: fyne.KeyModifierShortcutDefault}
	if key == fyne.KeyA {
		s = &fyne.ShortcutSelectAll{} // as the driver names Ctrl+A
	}
	if m := k.win.MainMenu(); m != nil {
		for _, menu := range m.Items {
			for _, it := range menu.Items {
				if it.Shortcut != nil && it.Shortcut.ShortcutName() == s.ShortcutName() && it.Action != nil {
					it.Action()
					return
				}
			}
		}
	}
	if f, ok := k.focused().(fyne.Shortcutable); ok {
		f.TypedShortcut(s)
		return
	}
	if c, ok := k.win.Canvas().(fyne.Shortcutable); ok {
		c.TypedShortcut(s)
	}
}

// tabTo presses Tab until want has the focus.
func (k keyboard) tabTo(want fyne.Focusable, what string) {
	k.t.Helper()
	for i := 0; i < 60; i++ {
		if k.focused() == want {
			return
		}
		k.press(fyne.KeyTab, false)
	}
	k.t.Fatalf("Tab never reached %s", what)
}

// TestKeyboardOnlyDemo runs the whole demo with the keyboard: launch, Use
// my server (it has the focus), Send (Enter in the payload, where the
// cursor is once connected), a second payload typed over two lines with a
// tab written \t, and Save log (Ctrl+S, Enter). Tab and Shift+Tab leave the
// payload and come back without typing a tab; Escape leaves it.
func TestKeyboardOnlyDemo(t *testing.T) {
	h := newAppHarness(t)
	h.win.Resize(windowSize)
	dir := t.TempDir()
	h.app.Preferences().SetString(logview.KeyLogSaveDir, storage.NewFileURI(dir).String())
	k := keyboard{t, h.win}
	c := h.mw.client

	if k.focused() != c.UseServer {
		t.Fatalf("at launch %T has the focus; want Use my server", k.focused())
	}
	k.press(fyne.KeyReturn, false)
	h.waitFor("Use my server to connect", func() bool { return c.State == panes.ClientConnected })
	if k.focused() != c.Editor {
		t.Fatalf("once connected %T has the focus; want the payload", k.focused())
	}

	// Tab and Shift+Tab move on and back, typing nothing.
	k.press(fyne.KeyTab, false)
	if k.focused() == c.Editor {
		t.Fatal("Tab stayed in the payload")
	}
	k.press(fyne.KeyTab, true)
	if k.focused() != c.Editor || c.Editor.Text != "Hello, world" {
		t.Fatalf("after Tab and Shift+Tab: %T focused, payload %q; want the payload, %q", k.focused(), c.Editor.Text, "Hello, world")
	}
	k.press(fyne.KeyReturn, false)
	h.waitFor("the echo of the demo's payload", func() bool { return h.hasRow(sockets.SideClient, sockets.KindReceived, []byte("Hello, world")) })

	// The window's function keys (F11) pass through the payload.
	var windowKeys []fyne.KeyName
	h.win.Canvas().SetOnTypedKey(func(ev *fyne.KeyEvent) { windowKeys = append(windowKeys, ev.Name) })
	k.press(fyne.KeyF11, false)
	if len(windowKeys) != 1 || windowKeys[0] != fyne.KeyF11 || k.focused() != c.Editor {
		t.Errorf("F11 in the payload: the window got %v, focus on %T; want F11, focus kept", windowKeys, k.focused())
	}

	// Escape leaves the payload; Tab comes back to it.
	k.press(fyne.KeyEscape, false)
	if k.focused() != nil {
		t.Fatalf("after Escape %T has the focus; want none", k.focused())
	}
	k.tabTo(c.Editor, "the payload")

	// Over the old text: two lines, the second with a tab written \t.
	k.shortcut(fyne.KeyA)
	k.typeText("a")
	k.press(fyne.KeyReturn, true)
	k.typeText(`b\tc`)
	if c.Editor.Text != "a\nb\\tc" {
		t.Fatalf("payload %q; want %q", c.Editor.Text, "a\nb\\tc")
	}
	k.press(fyne.KeyReturn, false)
	h.waitFor("the echo of the two lines", func() bool { return h.hasRow(sockets.SideClient, sockets.KindReceived, []byte("a\nb\tc")) })
	if got := h.wireRows(); !slices.Contains(got, wireRow{sockets.SideServer, sockets.KindReceived, "a\nb\tc"}) {
		t.Errorf("the server did not get the two lines as sent: %v", got)
	}

	// Save log: Ctrl+S opens the dialog with the file name focused; Enter saves.
	k.shortcut(fyne.KeyS)
	if _, ok := k.focused().(*widgets.DialogEntry); !ok {
		t.Fatalf("after Ctrl+S %T has the focus; want the file name", k.focused())
	}
	k.press(fyne.KeyReturn, false)
	files, _ := filepath.Glob(filepath.Join(dir, "sockettester-log-*.txt"))
	if len(files) != 1 {
		t.Fatalf("saved files %v; want one log in %s", files, dir)
	}
	b, err := os.ReadFile(files[0])
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(string(b), "Hello, world") || !strings.Contains(string(b), `a\nb\tc`) {
		t.Errorf("the saved log lacks the exchange:\n%s", b)
	}
}

// TestTabOrderFollowsTheScreen walks the window with Tab from the start:
// the server pane's controls, then the client pane's, then the log's, each
// part row by row and left to right.
func TestTabOrderFollowsTheScreen(t *testing.T) {
	h := newAppHarness(t)
	h.win.Resize(windowSize)
	retype(h.mw.client.Port, "9") // Connect is on
	k := keyboard{t, h.win}
	d := h.app.Driver()
	within := func(o, area fyne.CanvasObject) bool {
		p, a := d.AbsolutePositionForObject(o), d.AbsolutePositionForObject(area)
		return p.X >= a.X && p.Y >= a.Y && p.X < a.X+area.Size().Width && p.Y < a.Y+area.Size().Height
	}
	part := func(o fyne.CanvasObject) int {
		switch {
		case within(o, h.mw.server.Object()):
			return 0
		case within(o, h.mw.client.Object()):
			return 1
		}
		return 2
	}
	h.win.Canvas().Unfocus()
	var chain []fyne.CanvasObject
	for i := 0; i < 80; i++ {
		k.press(fyne.KeyTab, false)
		f := k.focused()
		if f == nil || len(chain) > 0 && f.(fyne.CanvasObject) == chain[0] {
			break
		}
		if len(chain) > 0 && f.(fyne.CanvasObject) == chain[len(chain)-1] {
			t.Fatalf("Tab stays in %T after %d controls", f, len(chain))
		}
		chain = append(chain, f.(fyne.CanvasObject))
	}
	const sameRow = 8 // tops of a row's entries, selects and buttons differ by a few pixels
	for i := 1; i < len(chain); i++ {
		a, b := chain[i-1], chain[i]
		pa, pb := d.AbsolutePositionForObject(a), d.AbsolutePositionForObject(b)
		switch {
		case part(b) < part(a):
			t.Errorf("Tab %d goes back from part %d to part %d (%T at %v)", i, part(a), part(b), b, pb)
		case part(b) > part(a):
		case pb.Y > pa.Y+sameRow:
		case pb.Y >= pa.Y-sameRow && pb.X > pa.X:
		default:
			t.Errorf("Tab %d goes from %T at %v back to %T at %v", i, a, pa, b, pb)
		}
	}
	if n := len(chain); n < 20 {
		t.Errorf("Tab reached only %d controls", n)
	}
}

// TestKeyboardDemoInASmallWindow runs the two-key demo where the panes are
// tabs: the client pane, whose Use my server has the focus, is in front at
// launch and once connected, and Enter, Enter echoes the lesson's payload.
func TestKeyboardDemoInASmallWindow(t *testing.T) {
	h := newAppHarness(t)
	h.win.Resize(smallWindow)
	h.win.Content().Refresh()
	if !h.mw.deck.Narrow() {
		t.Fatalf("at %v the panes are side by side; want tabs", smallWindow)
	}
	k := keyboard{t, h.win}
	c := h.mw.client
	if k.focused() != c.UseServer || h.mw.deck.Current() != clientDeckIndex {
		t.Fatalf("at launch %T has the focus, pane %d in front; want Use my server in the client pane (%d)", k.focused(), h.mw.deck.Current(), clientDeckIndex)
	}
	h.mw.deck.Show(0) // the user looked at the server pane meanwhile
	k.press(fyne.KeyReturn, false)
	h.waitFor("Use my server to connect", func() bool { return c.State == panes.ClientConnected })
	if k.focused() != c.Editor || h.mw.deck.Current() != clientDeckIndex {
		t.Fatalf("connected: %T has the focus, pane %d in front; want the payload, in sight", k.focused(), h.mw.deck.Current())
	}
	k.press(fyne.KeyReturn, false)
	h.waitFor("the echo of the demo's payload", func() bool { return h.hasRow(sockets.SideClient, sockets.KindReceived, []byte("Hello, world")) })
}
