package gui

import (
	"math"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/driver/desktop"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"
)

// hoverTip shows a truncated label and, while the pointer is over it and
// its text is cut short, the whole text in a pop-up above it: Fyne 2.7 has
// no tooltips, and a status message such as "Saved 12 rows to …" must be
// readable whole, file name and all.
type hoverTip struct {
	widget.BaseWidget
	label *widget.Label
	popUp *widget.PopUp
}

func newHoverTip(l *widget.Label) *hoverTip {
	t := &hoverTip{label: l}
	t.ExtendBaseWidget(t)
	return t
}

// CreateRenderer draws the label.
func (t *hoverTip) CreateRenderer() fyne.WidgetRenderer { return widget.NewSimpleRenderer(t.label) }

// MouseIn shows the whole text if the label cuts it short.
func (t *hoverTip) MouseIn(*desktop.MouseEvent) {
	if t.label.Text == "" || labelTextWidth(t.label) <= t.Size().Width {
		return
	}
	c := fyne.CurrentApp().Driver().CanvasForObject(t)
	if c == nil {
		return
	}
	whole := widget.NewLabel(t.label.Text)
	whole.SizeName = t.label.SizeName
	whole.Wrapping = fyne.TextWrapBreak
	t.hideTip()
	t.popUp = widget.NewPopUp(whole, c)
	// As wide as the text, at most the window; above the status bar,
	// ending at the window's right edge.
	pad := 2 * theme.Padding()
	w := min(labelTextWidth(t.label)+pad, c.Size().Width)
	t.popUp.Resize(fyne.NewSize(w, 1))
	h := t.popUp.MinSize().Height
	t.popUp.Resize(fyne.NewSize(w, h))
	pos := fyne.CurrentApp().Driver().AbsolutePositionForObject(t)
	t.popUp.ShowAtPosition(fyne.NewPos(max(c.Size().Width-w, 0), max(pos.Y-h, 0)))
}

// MouseMoved does nothing: the tip stays while the pointer is over the label.
func (t *hoverTip) MouseMoved(*desktop.MouseEvent) {}

// MouseOut hides the whole text.
func (t *hoverTip) MouseOut() { t.hideTip() }

func (t *hoverTip) hideTip() {
	if t.popUp != nil {
		t.popUp.Hide()
		t.popUp = nil
	}
}

// labelTextWidth is the width l needs for its whole text, rounded up:
// given exactly its measured width, a truncating label can still find its
// text a hair too wide and cut it short.
func labelTextWidth(l *widget.Label) float32 {
	size := theme.TextSize()
	if l.SizeName != "" {
		size = theme.Size(l.SizeName)
	}
	return float32(math.Ceil(float64(fyne.MeasureText(l.Text, size, l.TextStyle).Width))) + 2*theme.InnerPadding()
}
