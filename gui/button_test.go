package gui

import (
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"
	"github.com/sockettester/sockettester/gui/widgets"
)

func TestPlainButton(t *testing.T) {
	test.NewTempApp(t)
	taps := 0
	b := widgets.NewPlainButton("Send", theme.MailSendIcon(), func() { taps++ })
	w := test.NewTempWindow(t, b)
	w.Resize(fyne.NewSize(200, 60))
	test.Tap(b)
	b.TypedKey(&fyne.KeyEvent{Name: fyne.KeySpace})
	if taps != 2 {
		t.Errorf("%d taps after a tap and Space; want 2", taps)
	}
	b.Disable()
	test.Tap(b)
	if taps != 2 {
		t.Error("a disabled button ran its action")
	}
	if m := b.MinSize(); m.Width <= widgets.TextWidth("Send") || m.Height < theme.IconInlineSize() {
		t.Errorf("MinSize %v too small for its icon and text", m)
	}
	var parts []string
	collectShownText(b, &parts)
	if len(parts) != 1 || parts[0] != "Send" {
		t.Errorf("shows %q", parts)
	}
}

// TestWindowUsesOneTextStyle fails on anything in the window that would
// draw text in a style other than regular, which would load that style's
// fonts (~10 MB; see plainButton): Fyne's Button and SelectEntry (whose
// labels are bold), and bold, italic or monospace labels and texts. The
// detail area turns monospace only once a row is selected.
func TestWindowUsesOneTextStyle(t *testing.T) {
	h := newAppHarness(t)
	h.win.Resize(defaultWindow)
	var walk func(o fyne.CanvasObject, path string)
	walk = func(o fyne.CanvasObject, path string) {
		switch x := o.(type) {
		case *widget.Button, *widget.SelectEntry:
			t.Errorf("%s: a %T draws bold text", path, x)
		case *widget.Label:
			if x.TextStyle != (fyne.TextStyle{}) {
				t.Errorf("%s: label %q in style %+v", path, x.Text, x.TextStyle)
			}
		case *canvas.Text:
			if x.TextStyle != (fyne.TextStyle{}) {
				t.Errorf("%s: text %q in style %+v", path, x.Text, x.TextStyle)
			}
		}
		switch x := o.(type) {
		case *fyne.Container:
			for i, c := range x.Objects {
				walk(c, path+"/"+itoa(i))
			}
		case *container.Split:
			walk(x.Leading, path+"/leading")
			walk(x.Trailing, path+"/trailing")
		case *container.Scroll:
			walk(x.Content, path+"/scroll")
		case fyne.Widget:
			if _, rich := x.(*widget.RichText); rich {
				return // a label's own text, checked as the label
			}
			for i, c := range test.WidgetRenderer(x).Objects() {
				walk(c, path+"/"+itoa(i))
			}
		}
	}
	walk(h.win.Content(), "content")
}

func itoa(i int) string { return string(rune('0' + i%10)) }

func TestChoiceEntry(t *testing.T) {
	test.NewTempApp(t)
	e := widgets.NewChoiceEntry([]string{"one", "two"})
	w := test.NewTempWindow(t, e)
	w.Resize(fyne.NewSize(300, 200))
	test.Tap(e.Button)
	if w.Canvas().Overlays().Top() == nil {
		t.Fatal("the drop-down did not open")
	}
	e.Menu().Items[1].Action()
	if e.Text != "two" {
		t.Errorf("text %q after choosing two", e.Text)
	}
	e.Disable()
	if !e.Button.Disabled() {
		t.Error("the drop-down stays enabled with the entry disabled")
	}
}

// The idle trim's frame comes from refreshing an object the window shows:
// refreshing a hidden one (the status message when there is none, as it
// was) drew no frame, so after a storm no expired texture was freed.
func TestTrimFrameObjectIsShown(t *testing.T) {
	h := newAppHarness(t)
	want := h.mw.frameObject()
	for _, message := range []bool{false, true} {
		if message {
			h.mw.status.message.SetText("Saved")
			h.mw.status.message.Show()
		}
		found := shownIn(h.mw.win.Canvas().Content(), want)
		if !found || want.Size().IsZero() {
			t.Errorf("with a status message %v: the frame's object is not shown (found %v, size %v)", message, found, want.Size())
		}
	}
}

// shownIn reports whether o is in the tree under root with it and all
// above it visible.
func shownIn(root, o fyne.CanvasObject) bool {
	if !root.Visible() {
		return false
	}
	if root == o {
		return true
	}
	var kids []fyne.CanvasObject
	switch x := root.(type) {
	case *fyne.Container:
		kids = x.Objects
	case fyne.Widget:
		kids = test.WidgetRenderer(x).Objects()
	}
	for _, k := range kids {
		if shownIn(k, o) {
			return true
		}
	}
	return false
}

func TestIdleTrimSchedule(t *testing.T) {
	var tr idleTrim
	var frames, trims []int
	rows := uint64(0)
	for tick := 1; tick <= 400; tick++ {
		if tick <= 100 {
			rows++ // traffic for the first 100 ticks
		}
		switch tr.due(tick, rows) {
		case trimFrame:
			frames = append(frames, tick)
		case trimMemory:
			trims = append(trims, tick)
		}
	}
	// Quiet from tick 100: memory at 3 s, then every 5 s until 65 s, each
	// after a frame.
	if len(trims) == 0 || trims[0] != 100+idleTrimTicks || trims[len(trims)-1] > 100+trimUntilTicks {
		t.Fatalf("trims at ticks %v", trims)
	}
	if len(trims) != 1+(trimUntilTicks-idleTrimTicks)/trimEveryTicks || len(frames) != len(trims) {
		t.Errorf("%d trims and %d frames: %v %v", len(trims), len(frames), trims, frames)
	}
	for i := range trims {
		if frames[i] != trims[i]-1 {
			t.Errorf("trim at %d without a frame the tick before (frames %v)", trims[i], frames)
		}
	}
}
