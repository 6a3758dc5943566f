package gui

import (
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"github.com/sockettester/sockettester/sockets"
)

// logRowItem is one row of the log list: a selection background behind the
// cells time, side, event (icon and label), peer, bytes and content, laid
// out by logColumns with the tighter spacing of denseRows so more rows fit.
// The list makes a few and refills them as it scrolls (set).
type logRowItem struct {
	widget.BaseWidget

	background *canvas.Rectangle
	// The time is two labels, seconds and milliseconds: Fyne keeps a
	// texture for every distinct text drawn for a minute, and under a flood
	// every row's "12:00:01.250" would be a new one; ".250" repeats.
	clock, millis *widget.Label
	side          *widget.Label
	icon          *widget.Icon
	direction     *widget.Label
	peer          *widget.Label
	bytes         *widget.Label
	content       *widget.Label

	cells *fyne.Container // everything above, as drawn
}

func newLogRowItem(columns *logColumns) *logRowItem {
	label := func() *widget.Label {
		l := widget.NewLabel("")
		l.Truncation = fyne.TextTruncateEllipsis
		return l
	}
	r := &logRowItem{
		background: canvas.NewRectangle(theme.Color(theme.ColorNameSelection)),
		clock:      widget.NewLabel(""),
		millis:     widget.NewLabel(""),
		side:       label(),
		icon:       widget.NewIcon(theme.InfoIcon()),
		direction:  label(),
		peer:       label(),
		bytes:      label(),
		content:    label(),
	}
	r.background.Hide()
	r.bytes.Alignment = fyne.TextAlignTrailing
	r.cells = container.New(denseRows{background: true}, r.background, container.New(columns,
		container.New(joinedText{}, r.clock, r.millis),
		r.side,
		container.NewBorder(nil, nil, r.icon, nil, r.direction),
		r.peer, r.bytes, r.content))
	r.ExtendBaseWidget(r)
	return r
}

// CreateRenderer draws the row's cells.
func (r *logRowItem) CreateRenderer() fyne.WidgetRenderer { return widget.NewSimpleRenderer(r.cells) }

// set shows e, drawn with look, highlighted if selected, its content as hex
// pairs or escaped text. Only what changed is refreshed.
func (r *logRowItem) set(e *sockets.Event, look logKindLook, selected, hex bool) {
	if selected {
		r.background.FillColor = theme.Color(theme.ColorNameSelection)
		r.background.Show()
		r.background.Refresh()
	} else {
		r.background.Hide()
	}
	t := logTimeText(e)
	dot := strings.LastIndexByte(t, '.')
	setLabelText(r.clock, t[:dot])
	setLabelText(r.millis, t[dot:])
	setLabelText(r.side, logSideText(e))
	if kind := e.Kind.String(); r.direction.Importance != look.importance || r.direction.Text != kind {
		r.direction.Importance = look.importance
		r.direction.Text = kind
		r.direction.Refresh()
	}
	r.icon.SetResource(look.icon)
	setLabelText(r.peer, e.Peer())
	setLabelText(r.bytes, logBytesText(e))
	setLabelText(r.content, logCellContent(e, hex))
}

// setLabelText sets l's text if it differs, sparing a refresh.
func setLabelText(l *widget.Label, s string) {
	if l.Text != s {
		l.SetText(s)
	}
}

// newLogHeader returns the column titles, laid out like the rows, with
// extra (the dropped-rows count) right-aligned in the content column.
func newLogHeader(columns *logColumns, extra fyne.CanvasObject) fyne.CanvasObject {
	cell := func(s string) fyne.CanvasObject {
		l := widget.NewLabel(s)
		l.TextStyle = fyne.TextStyle{Bold: true}
		return l
	}
	content := container.NewBorder(nil, nil, cell("Content"), nil, extra)
	return container.New(denseRows{}, container.New(columns,
		cell("Time"), cell("Side"), cell("Event"), cell("Peer"), cell("Bytes"), content))
}

// logKindLook is how a direction is drawn: a theme icon in a theme colour
// and the label's importance. Only theme colours that keep at least 3:1
// contrast with the background in both the light and dark default themes
// are used (foreground, primary, error; not success or warning), so rows stay
// readable in either; the icon's shape tells the directions apart.
type logKindLook struct {
	icon       fyne.Resource
	iconColor  fyne.ThemeColorName
	importance widget.Importance
}

func newLogKindLook(icon fyne.Resource, c fyne.ThemeColorName, imp widget.Importance) logKindLook {
	return logKindLook{theme.NewColoredResource(icon, c), c, imp}
}

// logKindLooks maps each kind to its look; kinds without one look like
// KindInfo.
type logKindLooks map[sockets.Kind]logKindLook

// newLogKindLooks builds the looks from the current theme's icons; the view
// builds them once the app exists, so a custom theme's icons are used.
func newLogKindLooks() logKindLooks {
	return logKindLooks{
		sockets.KindSent:         newLogKindLook(theme.MailSendIcon(), theme.ColorNamePrimary, widget.HighImportance),
		sockets.KindReceived:     newLogKindLook(theme.DownloadIcon(), theme.ColorNameForeground, widget.MediumImportance),
		sockets.KindConnected:    newLogKindLook(theme.LoginIcon(), theme.ColorNameForeground, widget.MediumImportance),
		sockets.KindDisconnected: newLogKindLook(theme.LogoutIcon(), theme.ColorNameForeground, widget.MediumImportance),
		sockets.KindListening:    newLogKindLook(theme.MediaPlayIcon(), theme.ColorNameForeground, widget.MediumImportance),
		sockets.KindStopped:      newLogKindLook(theme.MediaStopIcon(), theme.ColorNameForeground, widget.MediumImportance),
		sockets.KindInfo:         newLogKindLook(theme.InfoIcon(), theme.ColorNamePrimary, widget.MediumImportance),
		sockets.KindError:        newLogKindLook(theme.ErrorIcon(), theme.ColorNameError, widget.DangerImportance),
	}
}

// of returns the look of kind k.
func (l logKindLooks) of(k sockets.Kind) logKindLook {
	if look, ok := l[k]; ok {
		return look
	}
	return l[sockets.KindInfo]
}

// Column indices in a row.
const (
	logColTime = iota
	logColSide
	logColDirection
	logColPeer
	logColBytes
	logColContent
)

// logColumns lays out a row's cells: every column but the last is as wide
// as a sample of its widest usual text, and the content column takes the
// rest. Widths follow the current theme's sizes, so a text-size change
// keeps the header and the rows aligned.
type logColumns struct {
	key    [4]float32 // the theme sizes widths was measured with
	widths [logColContent]float32
}

func newLogColumns() *logColumns { return &logColumns{} }

// logColumnSamples are the texts the fixed columns are measured with.
var logColumnSamples = [logColContent]string{
	logColTime:      "00:00:00.000",
	logColSide:      "Server",
	logColDirection: "disconnected",
	logColPeer:      "255.255.255.255:65535",
	logColBytes:     "1048576",
}

func (l *logColumns) columnWidths() []float32 {
	text, inner, pad, icon := theme.TextSize(), theme.InnerPadding(), theme.Padding(), theme.IconInlineSize()
	if key := [4]float32{text, inner, pad, icon}; key != l.key {
		l.key = key
		for i, s := range logColumnSamples {
			// A label is its text plus inner padding on each side; one
			// more padding keeps the measured text clear of the ellipsis.
			l.widths[i] = fyne.MeasureText(s, text, fyne.TextStyle{}).Width + 2*inner + pad
		}
		l.widths[logColDirection] += icon + pad
	}
	return l.widths[:]
}

// Layout places the cells side by side at their column widths.
func (l *logColumns) Layout(objects []fyne.CanvasObject, size fyne.Size) {
	widths := l.columnWidths()
	x := float32(0)
	for i, o := range objects {
		w := size.Width - x
		if i < len(widths) {
			w = widths[i]
		}
		o.Move(fyne.NewPos(x, 0))
		o.Resize(fyne.NewSize(max(w, 0), size.Height))
		x += w
	}
}

// MinSize is the fixed columns' widths plus the content's own minimum.
func (l *logColumns) MinSize(objects []fyne.CanvasObject) fyne.Size {
	widths := l.columnWidths()
	var s fyne.Size
	for i, o := range objects {
		m := o.MinSize()
		if i < len(widths) {
			s.Width += widths[i]
		} else {
			s.Width += m.Width
		}
		s.Height = max(s.Height, m.Height)
	}
	return s
}
