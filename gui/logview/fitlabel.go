package logview

import (
	"sync"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"
)

// FitLabel is a Label that ends its text with "…" when it does not fit, as
// a Label with TextTruncateEllipsis does, and otherwise shows it as it is.
// Fyne's ellipsis shapes the text from scratch (a new shaper, its font
// tables and all) on every refresh and twice on every resize, even for a
// text that fits: with six such cells a row, that was most of what a new
// log row cost. Whether a text fits is measured through fyne.MeasureText,
// which Fyne caches per text, so only a text too long for its cell pays
// for the ellipsis.
type FitLabel struct {
	widget.Label
}

// NewFitLabel returns an empty FitLabel.
func NewFitLabel() *FitLabel {
	l := &FitLabel{}
	l.Truncation = fyne.TextTruncateEllipsis
	l.ExtendBaseWidget(l)
	return l
}

// SetText shows s, cut with "…" if it does not fit; the same text again
// costs nothing.
func (l *FitLabel) SetText(s string) {
	trunc := fitTruncation(s, l.TextStyle, l.Size().Width)
	if s == l.Text && trunc == l.Truncation {
		return
	}
	l.Text, l.Truncation = s, trunc
	if !l.Visible() {
		return // Show refreshes; a hidden cell (the peer's address while its port shows) need not shape
	}
	l.Refresh()
}

// Resize sizes the label, and cuts its text or shows it whole again if the
// new width asks for it.
func (l *FitLabel) Resize(size fyne.Size) {
	if size == l.Size() {
		return
	}
	trunc := fitTruncation(l.Text, l.TextStyle, size.Width)
	if trunc == l.Truncation {
		l.Label.Resize(size)
		return
	}
	l.Truncation = trunc
	// The text inside takes Truncation from the label's refresh: refresh
	// while it is cheap (no ellipsis) so the resize does not shape for
	// the old setting.
	if trunc == fyne.TextTruncateOff {
		l.Refresh()
		l.Label.Resize(size)
	} else {
		l.Label.Resize(size)
		l.Refresh()
	}
}

// MinSize is what the Label with an ellipsis would need, whether or not the
// text is cut now: the columns around it are laid out on that.
func (l *FitLabel) MinSize() fyne.Size {
	if l.Truncation != fyne.TextTruncateOff {
		return l.Label.MinSize()
	}
	return ellipsisMinSize(l.TextStyle)
}

// fitTruncation is TextTruncateOff when s fits in width whole, and
// TextTruncateEllipsis otherwise; also for an empty text or a label not
// laid out yet, as the Label would be.
func fitTruncation(s string, style fyne.TextStyle, width float32) fyne.TextTruncation {
	if s == "" || width <= 0 {
		return fyne.TextTruncateEllipsis
	}
	if fyne.MeasureText(s, theme.TextSize(), style).Width+2*theme.InnerPadding() <= width {
		return fyne.TextTruncateOff
	}
	return fyne.TextTruncateEllipsis
}

type ellipsisMinKey struct {
	style          fyne.TextStyle
	text, innerPad float32
}

var ellipsisMins struct {
	sync.Mutex
	of map[ellipsisMinKey]fyne.Size
}

// ellipsisMinSize is the minimum size of a one-line Label with an ellipsis,
// which does not depend on its text, for the theme's sizes now.
func ellipsisMinSize(style fyne.TextStyle) fyne.Size {
	key := ellipsisMinKey{style, theme.TextSize(), theme.InnerPadding()}
	ellipsisMins.Lock()
	defer ellipsisMins.Unlock()
	if s, ok := ellipsisMins.of[key]; ok {
		return s
	}
	l := widget.NewLabel("x")
	l.TextStyle = style
	l.Truncation = fyne.TextTruncateEllipsis
	s := l.MinSize()
	if ellipsisMins.of == nil {
		ellipsisMins.of = map[ellipsisMinKey]fyne.Size{}
	}
	ellipsisMins.of[key] = s
	return s
}
