package gui

import (
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/theme"
)

func TestZoomSteps(t *testing.T) {
	f := float32(1)
	var ins []float32
	for range 10 {
		f = zoomIn(f)
		ins = append(ins, f)
	}
	if ins[0] != 1.1 || f != maxZoom {
		t.Errorf("zooming in from 100%%: %v; want 1.1 first and at most %v", ins, maxZoom)
	}
	for range 20 {
		f = zoomOut(f)
	}
	if f != minZoom {
		t.Errorf("zooming out ends at %v; want %v", f, minZoom)
	}
	if zoomOut(1.3) != 1.25 || zoomIn(1.3) != 1.5 {
		t.Errorf("from an odd 1.3: out %v, in %v; want the steps around it", zoomOut(1.3), zoomIn(1.3))
	}
}

// TestZoomScalesEverything zooms in with the shortcut and checks that text,
// padding and icons all grew, that it is remembered, and that Ctrl+0 goes
// back.
func TestZoomScalesEverything(t *testing.T) {
	a := test.NewTempApp(t)
	h := newAppHarnessFor(t, a)
	text, pad, icon := theme.TextSize(), theme.Padding(), theme.IconInlineSize()
	rowH := h.mw.log.NewRowItem().MinSize().Height
	sc := shortcutCanvas(t, h.win)
	sc.TypedShortcut(shortcutZoomIn)
	sc.TypedShortcut(shortcutZoomIn)
	sc.TypedShortcut(shortcutZoomIn) // 110%, 125%, 150%
	if got := theme.TextSize(); got != text*1.5 {
		t.Errorf("text size %v after three zooms in; want %v", got, text*1.5)
	}
	if theme.Padding() != pad*1.5 || theme.IconInlineSize() != icon*1.5 {
		t.Errorf("padding %v, icons %v; want both at 150%%", theme.Padding(), theme.IconInlineSize())
	}
	if got := h.mw.log.NewRowItem().MinSize().Height; got <= rowH*1.4 {
		t.Errorf("a log row is %v high at 150%%; was %v", got, rowH)
	}
	if got := a.Preferences().Float(keyZoom); got != 1.5 {
		t.Errorf("remembered zoom %v; want 1.5", got)
	}
	if got := h.mw.status.message.Text; got != "Zoom 150%" {
		t.Errorf("status says %q", got)
	}
	// A new window opens at the remembered zoom.
	h2 := newAppHarnessFor(t, a)
	if h2.mw.zoom != 1.5 || theme.TextSize() != text*1.5 {
		t.Errorf("reopened at zoom %v, text %v", h2.mw.zoom, theme.TextSize())
	}
	shortcutCanvas(t, h2.win).TypedShortcut(shortcutZoomReset)
	if theme.TextSize() != text || a.Preferences().Float(keyZoom) != 1 {
		t.Errorf("Ctrl+0: text %v, saved %v", theme.TextSize(), a.Preferences().Float(keyZoom))
	}
	// The View menu carries the shortcuts, so they work in an entry too.
	want := map[string]fyne.Shortcut{"Zoom in": shortcutZoomIn, "Zoom out": shortcutZoomOut, "Reset zoom": shortcutZoomReset}
	for _, it := range h2.mw.menu.Items[2].Items {
		if s, ok := want[it.Label]; ok {
			if it.Shortcut == nil || it.Shortcut.ShortcutName() != s.ShortcutName() {
				t.Errorf("%s has shortcut %v", it.Label, it.Shortcut)
			}
			delete(want, it.Label)
		}
	}
	if len(want) > 0 {
		t.Errorf("View lacks %v", want)
	}
}

func TestWindowFitsTheScreen(t *testing.T) {
	if got := fitSize(fyne.NewSize(1100, 720), 853, 533); got != fyne.NewSize(853, 533) {
		t.Errorf("fitSize = %v", got)
	}
	if got := fitSize(fyne.NewSize(1100, 720), 1920, 1080); got != fyne.NewSize(1100, 720) {
		t.Errorf("fitSize on a big screen = %v", got)
	}
	a := test.NewTempApp(t)
	a.Preferences().SetFloat(keyWindowWidth, 3000)
	a.Preferences().SetFloat(keyWindowHeight, 2000)
	win := a.NewWindow("test")
	buildMainWindow(a, win, newUIQueue().post, WithScreen(func() (int, int, bool) { return 1280, 800, true }))
	defer win.Close()
	scale := win.Canvas().Scale()
	if s := win.Canvas().Size(); s.Width > 1280/scale || s.Height > 800/scale {
		t.Errorf("window opened at %v on a 1280x800 screen (scale %v)", s, scale)
	}
}
