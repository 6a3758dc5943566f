package logview

import (
	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/theme"
	"github.com/sockettester/sockettester/gui/widgets"
)

// toolbarLayout lays out the log's toolbar: a Border or HBox cannot turn
// buttons into icons when the row is short, which the toolbar must do in
// Vietnamese or when zoomed in.
type toolbarLayout struct{}

// widths returns each object's width: minimum, or full for the buttons.
func (toolbarLayout) widths(objects []fyne.CanvasObject, full bool) (ws []float32, total float32) {
	ws = make([]float32, len(objects))
	for i, o := range objects {
		if !o.Visible() {
			continue
		}
		ws[i] = o.MinSize().Width
		if b, ok := o.(*widgets.PlainButton); ok && full {
			ws[i] = b.FullSize().Width
		}
		total += ws[i]
	}
	return ws, total + theme.Padding()*float32(max(0, visibleCount(objects)-1))
}

func visibleCount(objects []fyne.CanvasObject) int {
	n := 0
	for _, o := range objects {
		if o.Visible() {
			n++
		}
	}
	return n
}

func (l toolbarLayout) MinSize(objects []fyne.CanvasObject) fyne.Size {
	_, w := l.widths(objects, false)
	h := float32(0)
	for _, o := range objects {
		if o.Visible() {
			h = max(h, o.MinSize().Height)
		}
	}
	return fyne.NewSize(w, h)
}

// Layout gives the search entry (the second object) what the others leave.
func (l toolbarLayout) Layout(objects []fyne.CanvasObject, size fyne.Size) {
	ws, total := l.widths(objects, true)
	if total > size.Width {
		ws, total = l.widths(objects, false)
	}
	if len(ws) > 1 {
		ws[1] += max(0, size.Width-total)
	}
	x := float32(0)
	for i, o := range objects {
		if !o.Visible() {
			continue
		}
		o.Move(fyne.NewPos(x, 0))
		o.Resize(fyne.NewSize(ws[i], size.Height))
		x += ws[i] + theme.Padding()
	}
}
