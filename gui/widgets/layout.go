package widgets

import (
	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/layout"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"
)

// TextWideLayout sizes an entry or select for its widest sample text: Fyne
// sizes an entry for one character and a select for its placeholder. The
// object stretches over the whole area and fits what is typed or chosen
// in it, at any text size.
type TextWideLayout struct {
	Samples []string
	// exact cuts the object's own longer text (a long placeholder) short
	// instead of widening it past the samples.
	exact bool
}

// Layout gives every object the whole area.
func (l TextWideLayout) Layout(objects []fyne.CanvasObject, size fyne.Size) {
	for _, o := range objects {
		o.Move(fyne.NewPos(0, 0))
		o.Resize(size)
	}
}

// MinSize is the object's own minimum with the text it has room for then
// (one character for an entry, the placeholder for a select) swapped for
// the widest sample.
func (l TextWideLayout) MinSize(objects []fyne.CanvasObject) fyne.Size {
	need := float32(0)
	for _, s := range l.Samples {
		need = max(need, TextWidth(s))
	}
	var m fyne.Size
	for _, o := range objects {
		if !o.Visible() {
			continue
		}
		own := o.MinSize()
		held := TextWidth("M") // what an entry's minimum holds
		if s, ok := o.(*widget.Select); ok {
			held = TextWidth(s.PlaceHolder)
		}
		w := own.Width - held + need
		m = m.Max(own)
		if l.exact {
			m.Width = w
		} else {
			m.Width = max(m.Width, w)
		}
	}
	return m
}

// TextWidth is how wide s is in the theme's regular text.
func TextWidth(s string) float32 {
	return fyne.MeasureText(s, theme.TextSize(), fyne.TextStyle{}).Width
}

// TextExact wraps o so that it is exactly as wide as the widest of samples
// needs, cutting its own longer text short.
func TextExact(o fyne.CanvasObject, samples ...string) fyne.CanvasObject {
	return container.New(TextWideLayout{Samples: samples, exact: true}, o)
}

// TextWide wraps o so that it is as wide as the widest of samples needs,
// e.g. an entry for a port gets room for "65535".
func TextWide(o fyne.CanvasObject, samples ...string) fyne.CanvasObject {
	return container.New(TextWideLayout{Samples: samples}, o)
}

// TruncatedLabel is a one-line label that ends in "..." where its text
// does not fit.
func TruncatedLabel(text string) *widget.Label {
	l := widget.NewLabel(text)
	l.Truncation = fyne.TextTruncateEllipsis
	return l
}

// SetEnabled enables or disables w.
func SetEnabled(w fyne.Disableable, on bool) {
	if w.Disabled() != on {
		return
	}
	if on {
		w.Enable()
	} else {
		w.Disable()
	}
}

// SetVisible shows or hides o.
func SetVisible(o fyne.CanvasObject, on bool) {
	if on {
		o.Show()
	} else {
		o.Hide()
	}
}

// JoinedText joins labels' texts into one ("12:00:01" and ".250" read as
// "12:00:01.250"): an HBox puts padding between them and cannot leave out a
// part that does not fit. Given too little width, label Drop (1-based; 0
// for none) is left out if that is enough: "+2565 ms" shows where
// "+2565.475 ms" would not fit.
type JoinedText struct{ Drop int }

// Layout places each shown label after the previous one's text.
func (j JoinedText) Layout(objects []fyne.CanvasObject, size fyne.Size) {
	show := func(i int) bool { return true }
	switch {
	case size.Width >= j.Width(objects, -1):
	case j.Drop > 0 && size.Width >= j.Width(objects, j.Drop-1):
		show = func(i int) bool { return i != j.Drop-1 }
	default:
		show = func(i int) bool { return false }
	}
	x, pad := float32(0), 2*theme.InnerPadding()
	for i, o := range objects {
		SetVisible(o, show(i))
		if !show(i) {
			continue
		}
		w := o.MinSize().Width
		if i == len(objects)-1 {
			w = max(size.Width-x, w)
		}
		o.Move(fyne.NewPos(x, 0))
		o.Resize(fyne.NewSize(w, size.Height))
		x += w - pad
	}
}

// Width is the joined width of the labels but the one at index skip.
func (JoinedText) Width(objects []fyne.CanvasObject, skip int) float32 {
	w, n := float32(0), 0
	for i, o := range objects {
		if i != skip {
			w += o.MinSize().Width
			n++
		}
	}
	return w - 2*theme.InnerPadding()*float32(max(n-1, 0))
}

// MinSize is the joined texts' width with padding at both ends.
func (j JoinedText) MinSize(objects []fyne.CanvasObject) fyne.Size {
	var s fyne.Size
	for _, o := range objects {
		s.Height = max(s.Height, o.MinSize().Height)
	}
	s.Width = j.Width(objects, -1)
	return s
}

// DenseRows trims a row of labels' vertical padding: a Fyne label always
// carries InnerPadding above and below, and no Fyne layout trims it. The row
// is 2×trim shorter, its texts theme.Padding() from its edges.
type DenseRows struct{ Background bool }

// trim is what a row loses at the top and at the bottom.
func (DenseRows) trim() float32 { return max(theme.InnerPadding()-theme.Padding(), 0) }

// Layout fits the background to the row and overhangs the rest.
func (l DenseRows) Layout(objects []fyne.CanvasObject, size fyne.Size) {
	k := l.trim()
	for i, o := range objects {
		if i == 0 && l.Background {
			o.Move(fyne.NewPos(0, 0))
			o.Resize(size)
			continue
		}
		o.Move(fyne.NewPos(0, -k))
		o.Resize(fyne.NewSize(size.Width, size.Height+2*k))
	}
}

// MinSize is the largest object's, less the trim at top and bottom.
func (l DenseRows) MinSize(objects []fyne.CanvasObject) fyne.Size {
	var s fyne.Size
	for i, o := range objects {
		if (i == 0 && l.Background) || !o.Visible() {
			continue
		}
		s = s.Max(o.MinSize())
	}
	s.Height = max(s.Height-2*l.trim(), 0)
	return s
}

// NewSwap shows one of objs at a time (the caller shows and hides them)
// in the same place, sized for the largest of them, shown or hidden: when
// another is shown nothing around it moves (a click aimed at a control
// below lands on it).
func NewSwap(objs ...fyne.CanvasObject) *fyne.Container {
	return container.New(swapLayout{}, objs...)
}

type swapLayout struct{}

// Layout gives every object the whole area.
func (swapLayout) Layout(objects []fyne.CanvasObject, size fyne.Size) {
	for _, o := range objects {
		o.Move(fyne.NewPos(0, 0))
		o.Resize(size)
	}
}

// MinSize is the largest of the objects' minimums, hidden ones too.
func (swapLayout) MinSize(objects []fyne.CanvasObject) fyne.Size {
	var m fyne.Size
	for _, o := range objects {
		m = m.Max(o.MinSize())
	}
	return m
}

// NewRow lays out a row as container.NewBorder(nil, nil, left, right,
// center) does, but keeps its objects in the order they are on screen:
// Tab moves the focus in the order of a container's objects, and a Border
// lists its centre first, so Tab would visit a row's middle before its left.
// left or right may be nil.
func NewRow(left, center, right fyne.CanvasObject) *fyne.Container {
	var objs []fyne.CanvasObject
	for _, o := range []fyne.CanvasObject{left, center, right} {
		if o != nil {
			objs = append(objs, o)
		}
	}
	return container.New(layout.NewBorderLayout(nil, nil, left, right), objs...)
}
