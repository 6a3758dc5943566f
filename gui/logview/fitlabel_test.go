package logview

import (
	"strings"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"
)

// drawnText is what a label's text objects draw, joined.
func drawnText(o fyne.CanvasObject) string {
	var b strings.Builder
	for _, c := range test.LaidOutObjects(o) {
		if t, ok := c.(*canvas.Text); ok {
			b.WriteString(t.Text)
		}
	}
	return b.String()
}

// TestFitLabelCutsOnlyWhatDoesNotFit checks that a log cell shows a text
// that fits as it is, without Fyne's ellipsis (which shapes the text anew
// on every refresh and resize), and cuts it with "…" when its cell is too
// narrow, as before; and that its minimum size does not change with that.
func TestFitLabelCutsOnlyWhatDoesNotFit(t *testing.T) {
	test.NewTempApp(t)
	const text = "GET /item/1 HTTP/1.1"
	need := fyne.MeasureText(text, theme.TextSize(), fyne.TextStyle{}).Width + 2*theme.InnerPadding()
	ref := widget.NewLabel(text)
	ref.Truncation = fyne.TextTruncateEllipsis
	wantMin := ref.MinSize()

	l := NewFitLabel()
	w := test.NewTempWindow(t, l)
	w.Resize(fyne.NewSize(need+40, 100))
	l.Resize(fyne.NewSize(need+10, wantMin.Height))
	l.SetText(text)
	if l.Truncation != fyne.TextTruncateOff || drawnText(l) != text {
		t.Errorf("in %v (it needs %v): truncation %v, draws %q; want the text whole, with no ellipsis", need+10, need, l.Truncation, drawnText(l))
	}
	if got := l.MinSize(); got != wantMin {
		t.Errorf("MinSize %v; want %v, an ellipsis label's", got, wantMin)
	}
	l.Resize(fyne.NewSize(need/2, wantMin.Height))
	if got := drawnText(l); l.Truncation != fyne.TextTruncateEllipsis || !strings.HasSuffix(got, "…") || len(got) >= len(text) {
		t.Errorf("in %v: truncation %v, draws %q; want it cut with …", need/2, l.Truncation, got)
	}
	l.Resize(fyne.NewSize(need, wantMin.Height))
	if got := drawnText(l); got != text {
		t.Errorf("wide again: draws %q; want %q", got, text)
	}
	l.SetText(text + text)
	if got := drawnText(l); !strings.HasSuffix(got, "…") {
		t.Errorf("a longer text draws %q; want it cut with …", got)
	}
	if got := l.MinSize(); got != wantMin {
		t.Errorf("MinSize %v cut; want %v", got, wantMin)
	}
	// A hidden cell takes its text when it shows again.
	l.Resize(fyne.NewSize(need+10, wantMin.Height))
	l.Hide()
	l.SetText("GET /")
	l.Show()
	if got := drawnText(l); got != "GET /" {
		t.Errorf("shown again: draws %q; want \"GET /\"", got)
	}
}

// TestLogRowCellsFitWithoutEllipsis checks a log row at a roomy width: no
// cell whose text fits is drawn through Fyne's ellipsis.
func TestLogRowCellsFitWithoutEllipsis(t *testing.T) {
	test.NewTempApp(t)
	v := NewLogView(test.NewTempWindow(t, nil), nil, nil)
	r := v.NewRowItem().(*LogRowItem)
	w := test.NewTempWindow(t, r)
	w.Resize(fyne.NewSize(1400, 60))
	e := logBenchEvents(1)[0]
	r.set(&e, v.Looks.of(e.Kind), false, logRowLook{})
	for name, l := range map[string]*FitLabel{"side": r.Side, "direction": r.Direction, "peer": r.Peer, "bytes": r.Bytes, "content": r.Content} {
		if l.Text == "" {
			t.Errorf("the %s cell is empty", name)
		}
		if l.Truncation != fyne.TextTruncateOff {
			t.Errorf("the %s cell %q (%v wide) goes through the ellipsis", name, l.Text, l.Size().Width)
		}
	}
}
