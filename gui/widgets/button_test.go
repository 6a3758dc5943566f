package widgets

import (
	"image/color"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"
)

// TestPlainButtonFocusShows: a keyboard user sees which button has the
// focus, a primary one too (the theme's translucent focus colour over the
// primary colour barely changes it), and Enter presses it as Space does.
func TestPlainButtonFocusShows(t *testing.T) {
	test.NewTempApp(t)
	for _, imp := range []widget.Importance{widget.MediumImportance, widget.HighImportance, widget.LowImportance} {
		taps := 0
		b := NewPlainButton("Send", theme.MailSendIcon(), func() { taps++ })
		b.Importance = imp
		w := test.NewTempWindow(t, b)
		w.Resize(fyne.NewSize(200, 60))
		r := test.WidgetRenderer(b).(*plainButtonRenderer)
		if r.bg.StrokeWidth != 0 {
			t.Errorf("importance %d: a ring of %v before the focus", imp, r.bg.StrokeWidth)
		}
		w.Canvas().Focus(b)
		if r.bg.StrokeWidth < 1 || sameColor(r.bg.StrokeColor, r.bg.FillColor) || sameColor(r.bg.StrokeColor, color.Transparent) {
			t.Errorf("importance %d focused: ring %v in %v over %v; want a ring that shows", imp, r.bg.StrokeWidth, r.bg.StrokeColor, r.bg.FillColor)
		}
		for _, k := range []fyne.KeyName{fyne.KeySpace, fyne.KeyReturn, fyne.KeyEnter} {
			w.Canvas().Focused().TypedKey(&fyne.KeyEvent{Name: k})
		}
		if taps != 3 {
			t.Errorf("importance %d: %d taps after Space, Return and Enter; want 3", imp, taps)
		}
		w.Canvas().Unfocus()
		if r.bg.StrokeWidth != 0 {
			t.Errorf("importance %d: the ring stays after the focus left", imp)
		}
	}
}

func sameColor(a, b color.Color) bool {
	ar, ag, ab, aa := a.RGBA()
	br, bg, bb, ba := b.RGBA()
	return ar == br && ag == bg && ab == bb && aa == ba
}

// TestPlainButtonPassesOtherKeys: a focused button keeps only the keys
// that press it; the window's own keys (F11, Escape) still reach it.
func TestPlainButtonPassesOtherKeys(t *testing.T) {
	test.NewTempApp(t)
	b := NewPlainButton("Send", nil, func() {})
	w := test.NewTempWindow(t, b)
	var got []fyne.KeyName
	w.Canvas().SetOnTypedKey(func(ev *fyne.KeyEvent) { got = append(got, ev.Name) })
	w.Canvas().Focus(b)
	for _, k := range []fyne.KeyName{fyne.KeyF11, fyne.KeySpace, fyne.KeyEscape} {
		w.Canvas().Focused().TypedKey(&fyne.KeyEvent{Name: k})
	}
	if len(got) != 2 || got[0] != fyne.KeyF11 || got[1] != fyne.KeyEscape {
		t.Errorf("the window got %v; want F11 and Escape", got)
	}
}
