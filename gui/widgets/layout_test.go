package widgets

import (
	"image/color"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"
)

func TestJoinedText(t *testing.T) {
	test.NewTempApp(t)
	whole := widget.NewLabel("12:00:01.250")
	a, b := widget.NewLabel("12:00:01"), widget.NewLabel(".250")
	c := container.New(JoinedText{}, a, b)
	pad := theme.InnerPadding()
	// As wide as one label of the joined text, give or take kerning.
	if got, want := c.MinSize().Width, whole.MinSize().Width; got < want-2 || got > want+2 {
		t.Errorf("MinSize width = %v; want about %v, a label of the whole text", got, want)
	}
	c.Resize(fyne.NewSize(200, c.MinSize().Height))
	// The second text starts where the first ends.
	if firstEnd, secondStart := a.Position().X+a.Size().Width-pad, b.Position().X+pad; firstEnd != secondStart {
		t.Errorf("first text ends at %v, second starts at %v", firstEnd, secondStart)
	}
	if end := b.Position().X + b.Size().Width; end != 200 {
		t.Errorf("last label ends at %v; want 200, the whole width", end)
	}

	// Short of room, a reply time drops its fraction ("+2565 ms"), then
	// shows nothing rather than part of a number.
	whole2, frac, unit := widget.NewLabel("+2565"), widget.NewLabel(".475"), widget.NewLabel(" ms")
	r := container.New(JoinedText{Drop: 2}, whole2, frac, unit)
	full := r.MinSize().Width
	short := full - frac.MinSize().Width + 2*pad
	for _, tc := range []struct {
		w     float32
		shown [3]bool
	}{{full, [3]bool{true, true, true}}, {short, [3]bool{true, false, true}}, {short - 1, [3]bool{false, false, false}}} {
		r.Resize(fyne.NewSize(tc.w, r.MinSize().Height))
		if got := [3]bool{whole2.Visible(), frac.Visible(), unit.Visible()}; got != tc.shown {
			t.Errorf("at %v wide (full %v) shown %v; want %v", tc.w, full, got, tc.shown)
		}
	}
}

func TestDenseRows(t *testing.T) {
	test.NewTempApp(t)
	bg := canvas.NewRectangle(color.Black)
	label := widget.NewLabel("row")
	row := container.New(DenseRows{Background: true}, bg, label)
	k := theme.InnerPadding() - theme.Padding()
	want := label.MinSize().SubtractWidthHeight(0, 2*k)
	if got := row.MinSize(); got != want {
		t.Fatalf("MinSize = %v; want %v, the label's less %v at top and bottom", got, want, k)
	}
	row.Resize(want)
	if bg.Position() != (fyne.Position{}) || bg.Size() != want {
		t.Errorf("background at %v size %v; want the row, %v", bg.Position(), bg.Size(), want)
	}
	if label.Position().Y != -k || label.Size().Height != label.MinSize().Height {
		t.Errorf("label at y %v height %v; want %v, %v", label.Position().Y, label.Size().Height, -k, label.MinSize().Height)
	}
	// The text keeps theme.Padding() from the row's top.
	if top := label.Position().Y + theme.InnerPadding(); top != theme.Padding() {
		t.Errorf("text top at %v; want %v", top, theme.Padding())
	}
}

// bigTextTheme is the default theme with text twice the usual size.
type bigTextTheme struct{ fyne.Theme }

func (t bigTextTheme) Size(n fyne.ThemeSizeName) float32 {
	if n == theme.SizeNameText {
		return 2 * t.Theme.Size(n)
	}
	return t.Theme.Size(n)
}

func TestTextWideFollowsTextSize(t *testing.T) {
	a := test.NewTempApp(t)
	e := widget.NewEntry()
	s := widget.NewSelect([]string{"Reply with payload"}, nil)
	s.PlaceHolder = " "
	entry, sel := TextWide(e, "1", "65535"), TextWide(s, "Reply with payload")
	check := func(textSize string) (float32, float32) {
		t.Helper()
		// The widest sample takes the place of what the widget's own
		// minimum holds: one character, or the placeholder.
		if got, want := entry.MinSize().Width, e.MinSize().Width-TextWidth("M")+TextWidth("65535"); got != want {
			t.Errorf("%s text: entry for 65535 is %v wide; want %v", textSize, got, want)
		}
		if got, want := sel.MinSize().Width, s.MinSize().Width-TextWidth(" ")+TextWidth("Reply with payload"); got != want {
			t.Errorf("%s text: select is %v wide; want %v", textSize, got, want)
		}
		return entry.MinSize().Width, sel.MinSize().Width
	}
	e1, s1 := check("default")
	a.Settings().SetTheme(bigTextTheme{theme.DefaultTheme()})
	e.Refresh()
	s.Refresh()
	e2, s2 := check("big")
	if e2 <= e1 || s2 <= s1 {
		t.Errorf("twice the text size: entry %v -> %v, select %v -> %v; want both wider", e1, e2, s1, s2)
	}
}
