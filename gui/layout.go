package gui

import (
	"image/color"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"
)

// minSizeLayout stretches its objects over the whole area and asks for at
// least min, so a short entry still has room for what is typed into it.
type minSizeLayout struct{ min fyne.Size }

// Layout gives every object the whole area.
func (l *minSizeLayout) Layout(objects []fyne.CanvasObject, size fyne.Size) {
	for _, o := range objects {
		o.Move(fyne.NewPos(0, 0))
		o.Resize(size)
	}
}

// MinSize is the larger of the set minimum and the objects' own.
func (l *minSizeLayout) MinSize(objects []fyne.CanvasObject) fyne.Size {
	m := l.min
	for _, o := range objects {
		if o.Visible() {
			m = m.Max(o.MinSize())
		}
	}
	return m
}

// atLeastWide wraps o so that it is at least w wide.
func atLeastWide(w float32, o fyne.CanvasObject) fyne.CanvasObject {
	return container.New(&minSizeLayout{min: fyne.NewSize(w, 0)}, o)
}

// newHint returns an empty, hidden label for an inline input problem, drawn
// in the theme's error colour.
func newHint() *widget.Label {
	l := widget.NewLabel("")
	l.Importance = widget.DangerImportance
	l.Wrapping = fyne.TextWrapWord
	l.Hide()
	return l
}

// setHint shows err's message in l, or hides l when err is nil.
func setHint(l *widget.Label, err error) {
	text := hintText(err)
	if text == l.Text && (text != "") == l.Visible() {
		return
	}
	l.SetText(text)
	if text == "" {
		l.Hide()
	} else {
		l.Show()
	}
}

// setEnabled enables or disables w.
func setEnabled(w fyne.Disableable, on bool) {
	if w.Disabled() != on {
		return
	}
	if on {
		w.Enable()
	} else {
		w.Disable()
	}
}

// setVisible shows or hides o.
func setVisible(o fyne.CanvasObject, on bool) {
	if on {
		o.Show()
	} else {
		o.Hide()
	}
}

// heading returns a bold label used as a pane title.
func heading(text string) *widget.Label {
	return widget.NewLabelWithStyle(text, fyne.TextAlignLeading, fyne.TextStyle{Bold: true})
}

// compactTheme is the app's theme with tighter padding, for the status bar
// where every pixel of height counts. Colours, fonts and icons come from the
// app's theme at the time of drawing, so light and dark variants still apply.
type compactTheme struct{ app fyne.App }

func (t compactTheme) base() fyne.Theme { return t.app.Settings().Theme() }

// Color returns the app theme's colour.
func (t compactTheme) Color(n fyne.ThemeColorName, v fyne.ThemeVariant) color.Color {
	return t.base().Color(n, v)
}

// Font returns the app theme's font.
func (t compactTheme) Font(s fyne.TextStyle) fyne.Resource { return t.base().Font(s) }

// Icon returns the app theme's icon.
func (t compactTheme) Icon(n fyne.ThemeIconName) fyne.Resource { return t.base().Icon(n) }

// Size shrinks the paddings and keeps every other size.
func (t compactTheme) Size(n fyne.ThemeSizeName) float32 {
	switch n {
	case theme.SizeNamePadding, theme.SizeNameInnerPadding, theme.SizeNameLineSpacing:
		return 1
	}
	return t.base().Size(n)
}

// newChoice returns a compact Select for a few short options: its minimum
// width follows the options rather than the "(Select one)" placeholder.
func newChoice(options []string, width float32) (*widget.Select, fyne.CanvasObject) {
	s := widget.NewSelect(options, nil)
	s.PlaceHolder = " " // "" would mean the default "(Select one)"
	return s, atLeastWide(width, s)
}
