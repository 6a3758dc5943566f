package gui

import (
	"strings"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"
	"github.com/sockettester/sockettester/gui/widgets"
)

// Helpers for the tests of issue 10's parts, which work through dialogs.

// findObjects returns the visible objects of type T under o, in order.
func findObjects[T fyne.CanvasObject](o fyne.CanvasObject) []T {
	var out []T
	var walk func(o fyne.CanvasObject)
	walk = func(o fyne.CanvasObject) {
		if o == nil || !o.Visible() {
			return
		}
		if x, ok := o.(T); ok {
			out = append(out, x)
		}
		switch x := o.(type) {
		case *fyne.Container:
			for _, c := range x.Objects {
				walk(c)
			}
		case fyne.Widget:
			for _, c := range test.WidgetRenderer(x).Objects() {
				walk(c)
			}
		}
	}
	walk(o)
	return out
}

// topDialog returns the main window's dialog on top, failing the test
// when none is open.
func (h *appHarness) topDialog() fyne.CanvasObject {
	h.t.Helper()
	return topDialogIn(h.t, h.win)
}

// topDialogIn returns win's dialog on top.
func topDialogIn(t testing.TB, win fyne.Window) fyne.CanvasObject {
	t.Helper()
	top := win.Canvas().Overlays().Top()
	if top == nil {
		t.Fatal("no dialog is open")
	}
	return top
}

// tapDialogButton taps the button of the top dialog whose text is text.
func (h *appHarness) tapDialogButton(text string) {
	h.t.Helper()
	tapDialogButtonIn(h.t, h.win, text)
}

// tapDialogButtonIn taps the button of win's top dialog whose text is
// text.
func tapDialogButtonIn(t testing.TB, win fyne.Window, text string) {
	t.Helper()
	var seen []string
	top := topDialogIn(t, win)
	// The app's own dialogs use plainButton; Fyne's (confirmations) its
	// Button.
	for _, b := range findObjects[*widgets.PlainButton](top) {
		if b.Text == text {
			test.Tap(b)
			return
		}
		seen = append(seen, b.Text)
	}
	for _, b := range findObjects[*widget.Button](top) {
		if b.Text == text {
			test.Tap(b)
			return
		}
		seen = append(seen, b.Text)
	}
	t.Fatalf("the dialog has no button %q; it has %q", text, seen)
}

// openFile answers a main window's open or save dialog: it types path and
// taps the button (Open, Save).
func (h *appHarness) openFile(button, path string) {
	h.t.Helper()
	openFileIn(h.t, h.win, button, path)
}

// openFileIn answers an open or save dialog over win.
func openFileIn(t testing.TB, win fyne.Window, button, path string) {
	t.Helper()
	entries := findObjects[*widgets.DialogEntry](topDialogIn(t, win))
	if len(entries) == 0 {
		t.Fatal("the dialog has no file entry")
	}
	retype(entries[0], path)
	tapDialogButtonIn(t, win, button)
}

// dialogOpen reports whether a dialog showing substr is open.
func (h *appHarness) dialogOpen(substr string) bool {
	return strings.Contains(h.dialogText(), substr)
}

// statusMessage is what the status bar says the app did.
func (h *appHarness) statusMessage() string {
	if !h.mw.status.message.Visible() {
		return ""
	}
	return h.mw.status.message.Text
}

// TestStatusMessageShowsWhole: what the app did for the user ("Saved 12
// packets to FILE") shows whole in the status bar, beside the counters,
// not as an ellipsis.
func TestStatusMessageShowsWhole(t *testing.T) {
	h := newAppHarness(t)
	h.win.Resize(defaultWindow)
	msg := "Saved 12 packets to /tmp/session.pcapng"
	h.mw.showMessage(msg)
	h.win.Content().Refresh()
	m := h.mw.status.message
	need := fyne.MeasureText(msg, theme.CaptionTextSize(), m.TextStyle).Width
	if m.Size().Width < need {
		t.Errorf("the message is %v wide; its text needs %v", m.Size().Width, need)
	}
	d := fyne.CurrentApp().Driver()
	if c := h.mw.status.client; c.Size().Width <= 0 || d.AbsolutePositionForObject(c).X+c.Size().Width > d.AbsolutePositionForObject(m).X+0.5 {
		t.Errorf("the counters (%v at %v) overlap the message at %v", c.Size(), d.AbsolutePositionForObject(c), d.AbsolutePositionForObject(m))
	}
}
