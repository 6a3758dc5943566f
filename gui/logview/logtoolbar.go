package logview

import (
	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/theme"
	"github.com/sockettester/sockettester/gui/widgets"
)

// toolbarLayout lays out the log's toolbar: a Border or HBox cannot turn
// buttons into icons when the row is short, which the toolbar must do in
// Vietnamese or when zoomed in, nor leave out a control that does not fit.
type toolbarLayout struct{}

// toolbarOptional are the indices of the controls the toolbar leaves out
// when even its icons do not fit (200% zoom): Text/Hex and Follow, which
// the View menu also has.
var toolbarOptional = map[int]bool{2: true, 3: true}

// widths returns each object's width: minimum, or full for the buttons;
// 0 for the optional controls when not all.
func (toolbarLayout) widths(objects []fyne.CanvasObject, full, all bool) (ws []float32, total float32) {
	ws = make([]float32, len(objects))
	n := 0
	for i, o := range objects {
		if !all && toolbarOptional[i] {
			continue
		}
		ws[i] = o.MinSize().Width
		if b, ok := o.(*widgets.PlainButton); ok && full {
			ws[i] = b.FullSize().Width
		}
		total += ws[i]
		n++
	}
	return ws, total + theme.Padding()*float32(max(0, n-1))
}

// MinSize is the row without its optional controls, buttons as icons.
func (l toolbarLayout) MinSize(objects []fyne.CanvasObject) fyne.Size {
	_, w := l.widths(objects, false, false)
	h := float32(0)
	for _, o := range objects {
		h = max(h, o.MinSize().Height)
	}
	return fyne.NewSize(w, h)
}

// Layout gives the search entry (the second object) what the others leave:
// buttons with their texts if all fits, else as icons, else without the
// optional controls.
func (l toolbarLayout) Layout(objects []fyne.CanvasObject, size fyne.Size) {
	all := true
	ws, total := l.widths(objects, true, true)
	if total > size.Width {
		ws, total = l.widths(objects, false, true)
	}
	if total > size.Width {
		all = false
		ws, total = l.widths(objects, false, false)
	}
	if len(ws) > 1 {
		ws[1] += max(0, size.Width-total)
	}
	x := float32(0)
	for i, o := range objects {
		show := all || !toolbarOptional[i]
		widgets.SetVisible(o, show)
		if !show {
			continue
		}
		o.Move(fyne.NewPos(x, 0))
		o.Resize(fyne.NewSize(ws[i], size.Height))
		x += ws[i] + theme.Padding()
	}
}
