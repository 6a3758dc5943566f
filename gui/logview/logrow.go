package logview

import (
	"math"
	"net"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"github.com/sockettester/sockettester/gui/i18n"
	"github.com/sockettester/sockettester/gui/widgets"
	"github.com/sockettester/sockettester/sockets"
)

// LogRowItem is one row of the log list: a widget, so the list's update
// callback can reach the row's labels from the object it is handed. The list
// makes a few and refills them as it scrolls (set).
type LogRowItem struct {
	widget.BaseWidget

	Background *canvas.Rectangle
	// The time is three labels (seconds, milliseconds, microseconds), the
	// reply time too: Fyne keeps a texture for every distinct text drawn
	// for a minute after its last use, and under a flood every row's
	// "12:00:01.250123" would be a new one; ".250" and "123" repeat.
	Clock, Millis, Micros *widget.Label
	Side                  *FitLabel
	Icon                  *widget.Icon
	Direction             *FitLabel
	Peer                  *FitLabel
	PeerPort              *widget.Label // the peer's ":port", shown when the address does not fit
	PeerAlone             *FitLabel     // the address without the group, when both do not fit
	Bytes                 *FitLabel
	Reply, ReplyFrac      *widget.Label
	ReplyUnit             *widget.Label
	Content               *FitLabel
	direction             *fyne.Container // the icon and Direction, which shows when it fits

	Cells *fyne.Container // everything above, as drawn
}

func newLogRowItem(columns *logColumns) *LogRowItem {
	label := NewFitLabel
	r := &LogRowItem{
		Background: canvas.NewRectangle(theme.Color(theme.ColorNameSelection)),
		Clock:      widget.NewLabel(""),
		Millis:     widget.NewLabel(""),
		Micros:     widget.NewLabel(""),
		Side:       label(),
		Icon:       widget.NewIcon(theme.InfoIcon()),
		Direction:  label(),
		Peer:       label(),
		PeerPort:   widget.NewLabel(""),
		PeerAlone:  label(),
		Bytes:      label(),
		Reply:      widget.NewLabel(""),
		ReplyFrac:  widget.NewLabel(""),
		ReplyUnit:  widget.NewLabel(""),
		Content:    label(),
	}
	r.Background.Hide()
	r.Bytes.Alignment = fyne.TextAlignTrailing
	r.direction = container.New(iconAndText{}, r.Icon, r.Direction)
	r.Cells = container.New(widgets.DenseRows{Background: true}, r.Background, container.New(columns,
		container.New(widgets.JoinedText{Drop: 3}, r.Clock, r.Millis, r.Micros),
		r.Side,
		r.direction,
		container.New(addrOrPort{}, r.Peer, r.PeerAlone, r.PeerPort), r.Bytes,
		container.New(widgets.JoinedText{Drop: 2}, r.Reply, r.ReplyFrac, r.ReplyUnit),
		r.Content))
	r.ExtendBaseWidget(r)
	return r
}

// CreateRenderer draws the row's cells.
func (r *LogRowItem) CreateRenderer() fyne.WidgetRenderer { return widget.NewSimpleRenderer(r.Cells) }

// logRowLook is how the view draws rows now.
type logRowLook struct {
	hex    bool
	mode   TimeMode
	origin time.Time
}

// set refreshes only what changed.
func (r *LogRowItem) set(e *sockets.Event, look logKindLook, selected bool, how logRowLook) {
	if selected {
		r.Background.FillColor = theme.Color(theme.ColorNameSelection)
		r.Background.Show()
		r.Background.Refresh()
	} else {
		r.Background.Hide()
	}
	a, b, c := logTimeParts(e, how.mode, how.origin)
	SetLabelText(r.Clock, a)
	SetLabelText(r.Millis, b)
	SetLabelText(r.Micros, c)
	r.Side.SetText(LogSideName(e))
	if kind := LogKindText(e.Kind); r.Direction.Importance != look.Importance || r.Direction.Text != kind {
		r.Direction.Importance = look.Importance
		r.Direction.Text = kind
		r.Direction.Truncation = fitTruncation(kind, r.Direction.TextStyle, r.Direction.Size().Width)
		r.Direction.Refresh()
		// A longer name may no longer fit beside the icon.
		r.direction.Refresh()
	}
	if r.Icon.Resource != look.icon {
		r.Icon.SetResource(look.icon)
	}
	r.Peer.SetText(PeerText(e))
	r.PeerAlone.SetText(e.Peer())
	SetLabelText(r.PeerPort, PeerPort(e.Peer()))
	r.Bytes.SetText(logBytesText(e))
	a, b, c = logReplyParts(e)
	SetLabelText(r.Reply, a)
	SetLabelText(r.ReplyFrac, b)
	SetLabelText(r.ReplyUnit, c)
	r.Content.SetText(LogCellContent(e, how.hex))
}

// SetLabelText sets l's text if it differs, sparing a refresh.
func SetLabelText(l *widget.Label, s string) {
	if l.Text != s {
		l.SetText(s)
	}
}

// newLogHeader returns the content column's cell, which holds extra
// right-aligned, to lay out again when extra's text changes.
func newLogHeader(t *widgets.Texts, columns *logColumns, extra *widget.Label) (header fyne.CanvasObject, contentCell *fyne.Container) {
	cell := func(key string) *widget.Label {
		l := t.Label(key)
		// Regular, not bold: each text style costs its own fonts (see
		// plainButton); the header's colour sets it apart.
		l.Importance = widget.HighImportance
		return l
	}
	// The columns that give up width when narrow cut their titles short too.
	shrinking := func(key string) fyne.CanvasObject {
		l := cell(key)
		l.Truncation = fyne.TextTruncateEllipsis
		return l
	}
	content := container.New(titleAndNote{}, cell("log.col.content"), extra)
	return container.New(widgets.DenseRows{}, container.New(columns,
		cell("log.col.time"), shrinking("log.col.side"), shrinking("log.col.event"), shrinking("log.col.peer"),
		shrinking("log.col.bytes"), shrinking("log.col.reply"), content)), content
}

// logKindLook uses only theme colours with at least 3:1 contrast in both
// default themes (foreground, primary, error; not success or warning); the
// icon's shape tells the directions apart.
type logKindLook struct {
	icon       fyne.Resource
	IconColor  fyne.ThemeColorName
	Importance widget.Importance
}

func newLogKindLook(icon fyne.Resource, c fyne.ThemeColorName, imp widget.Importance) logKindLook {
	return logKindLook{theme.NewColoredResource(icon, c), c, imp}
}

// logKindLooks maps each kind to its look; kinds without one look like KindInfo.
type logKindLooks map[sockets.Kind]logKindLook

// newLogKindLooks runs once the app exists, so a custom theme's icons are used.
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

func (l logKindLooks) of(k sockets.Kind) logKindLook {
	if look, ok := l[k]; ok {
		return look
	}
	return l[sockets.KindInfo]
}

// Column indices in a row.
const (
	LogColTime = iota
	LogColSide
	LogColDirection
	LogColPeer
	LogColBytes
	LogColReply
	LogColContent
)

// logColumns lays out a log row's cells: a widget.Table cannot shrink or
// drop a column that does not fit, which the log must do at 150% zoom.
type logColumns struct {
	key    logColumnsKey // what widths and floors were measured for
	widths [LogColContent]float32
	floors [LogColContent]float32 // the least each column gets: its title whole
	mode   TimeMode
}

type logColumnsKey struct {
	sizes [4]float32
	lang  string
	mode  TimeMode
}

func newLogColumns() *logColumns { return &logColumns{} }

// logMinContent is the content a narrow log keeps room for: the lesson's
// payload.
const logMinContent = "Hello, world"

// logColumnTitles are the keys of the columns' titles, which a column is
// never narrower than.
var logColumnTitles = [LogColContent]string{"log.col.time", "log.col.side", "log.col.event", "log.col.peer", "log.col.bytes", "log.col.reply"}

// samples are the texts each fixed column is measured with, as wide as its
// widest, and (short) the shortest text it still reads with: the time
// without microseconds, the peer's port, a reply time in whole milliseconds.
func (l *logColumns) samples() (full, short [LogColContent][]string) {
	timeSample, timeShort := "00:00:00.000000", "00:00:00.000"
	if l.mode == TimeRelative {
		timeSample, timeShort = "+000.000000", "+000.000"
	}
	var kinds []string
	for k := range kindKeys {
		kinds = append(kinds, LogKindText(k))
	}
	ms := " " + i18n.Tr("unit.ms")
	full = [LogColContent][]string{
		LogColTime:      {timeSample},
		LogColSide:      {logSideText(sockets.SideClient), logSideText(sockets.SideServer), ClientNameText(ClientEventName(9))},
		LogColDirection: kinds,
		LogColPeer:      {"127.0.0.1:65535"},
		LogColBytes:     {"65535"},
		LogColReply:     {"+00.000" + ms}, // longer ones show whole milliseconds
	}
	short = [LogColContent][]string{
		LogColTime:      {timeShort},
		LogColDirection: {""},
		LogColPeer:      {":65535"},
		LogColReply:     {"+00" + ms},
	}
	return full, short
}

func (l *logColumns) columnWidths() []float32 {
	text, inner, pad, icon := theme.TextSize(), theme.InnerPadding(), theme.Padding(), theme.IconInlineSize()
	key := logColumnsKey{[4]float32{text, inner, pad, icon}, i18n.LanguageInUse(), l.mode}
	if key != l.key {
		l.key = key
		widest := func(samples []string) float32 {
			w := float32(0)
			for _, s := range samples {
				w = max(w, fyne.MeasureText(s, text, fyne.TextStyle{}).Width)
			}
			// A label is its text plus inner padding on each side; one
			// more padding keeps the measured text clear of the ellipsis.
			return float32(math.Ceil(float64(w + 2*inner + pad)))
		}
		full, short := l.samples()
		for i := range full {
			l.widths[i] = widest(full[i])
			l.floors[i] = max(widest([]string{i18n.Tr(logColumnTitles[i])}), widest(short[i]))
		}
		// At its floor the event column may show only its icon, which
		// tells sent from received.
		l.widths[LogColDirection] += icon + pad
		l.floors[LogColDirection] = max(l.floors[LogColDirection], icon+2*inner+pad)
		for i := range l.floors {
			l.floors[i] = min(l.floors[i], l.widths[i])
		}
	}
	return l.widths[:]
}

// logShrinkOrder is the order in which columns give up width in a narrow
// log, each down to its floor (its title whole, or its shortest text).
// The peer's address goes first, to its port (addrOrPort: in a room every
// peer is 127.0.0.1, and the row's detail has it whole); then the time's
// microseconds and the reply time's fraction (joinedText leaves them out),
// and the event's name (its icon tells sent from received); the side
// matters more to a reader of a narrow log.
var logShrinkOrder = []int{LogColPeer, LogColReply, LogColTime, LogColDirection, LogColBytes, LogColSide}

// readableWidth is the narrowest row with the side and bytes whole and
// the content room for logMinContent: the columns before them in
// logShrinkOrder at their floors.
func (l *logColumns) readableWidth() float32 {
	w := l.contentNeed()
	for i, x := range l.columnWidths() {
		if i == LogColSide || i == LogColBytes {
			w += x
		} else {
			w += l.floors[i]
		}
	}
	return w
}

// fitWidths shrinks columns in logShrinkOrder, down to their floors, while
// the content would be narrower than logMinContent needs.
func (l *logColumns) fitWidths(w float32) []float32 {
	widths := append([]float32(nil), l.columnWidths()...)
	short := l.contentNeed() - w
	for _, x := range widths {
		short += x
	}
	for _, i := range logShrinkOrder {
		if short <= 0 {
			break
		}
		cut := min(short, widths[i]-l.floors[i])
		widths[i] -= cut
		short -= cut
	}
	return widths
}

// contentNeed is the width the content cell needs for logMinContent whole.
func (l *logColumns) contentNeed() float32 {
	w := fyne.MeasureText(logMinContent, theme.TextSize(), fyne.TextStyle{}).Width
	return float32(math.Ceil(float64(w + 2*theme.InnerPadding() + theme.Padding())))
}

func (l *logColumns) Layout(objects []fyne.CanvasObject, size fyne.Size) {
	widths := l.fitWidths(size.Width)
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

// MinSize is the fixed columns at their floors plus the content's minimum.
func (l *logColumns) MinSize(objects []fyne.CanvasObject) fyne.Size {
	l.columnWidths()
	var s fyne.Size
	for i, o := range objects {
		m := o.MinSize()
		if i < len(l.floors) {
			s.Width += l.floors[i]
		} else {
			s.Width += m.Width
		}
		s.Height = max(s.Height, m.Height)
	}
	return s
}

// titleAndNote lays out a column title and a note: no Fyne layout hides a
// text that does not fit; the note shows only while the column has room.
type titleAndNote struct{}

func (titleAndNote) Layout(objects []fyne.CanvasObject, size fyne.Size) {
	title, note := objects[0], objects[1].(*widget.Label)
	tw := title.MinSize().Width
	title.Move(fyne.NewPos(0, 0))
	title.Resize(fyne.NewSize(tw, size.Height))
	need := fyne.MeasureText(note.Text, theme.TextSize(), note.TextStyle).Width + 2*theme.InnerPadding()
	widgets.SetVisible(note, note.Text != "" && size.Width-tw >= need)
	note.Move(fyne.NewPos(tw, 0))
	note.Resize(fyne.NewSize(max(size.Width-tw, 0), size.Height))
}

func (titleAndNote) MinSize(objects []fyne.CanvasObject) fyne.Size {
	return objects[0].MinSize()
}

// iconAndText puts an icon before a label, and leaves the label out when
// its whole text does not fit: a Border would show "…" beside the icon,
// which alone tells sent from received in a narrow log.
type iconAndText struct{}

func (iconAndText) Layout(objects []fyne.CanvasObject, size fyne.Size) {
	icon, label := objects[0], labelOf(objects[1])
	iw := icon.MinSize().Width
	icon.Move(fyne.NewPos(0, (size.Height-icon.MinSize().Height)/2))
	icon.Resize(fyne.NewSize(iw, icon.MinSize().Height))
	rest := size.Width - iw - theme.Padding()
	need := fyne.MeasureText(label.Text, theme.TextSize(), label.TextStyle).Width + 2*theme.InnerPadding()
	widgets.SetVisible(label, need <= rest)
	label.Move(fyne.NewPos(iw+theme.Padding(), 0))
	label.Resize(fyne.NewSize(max(rest, 0), size.Height))
}

func (iconAndText) MinSize(objects []fyne.CanvasObject) fyne.Size {
	i, l := objects[0].MinSize(), objects[1].MinSize()
	return fyne.NewSize(i.Width+theme.Padding()+l.Width, max(i.Height, l.Height))
}

// addrOrPort shows the first of its labels that fits: a peer's address
// with the group a datagram came to, the address alone, or its port. No
// Fyne layout picks between texts by which one fits. When none fits, the
// first is cut short.
type addrOrPort struct{}

func (addrOrPort) Layout(objects []fyne.CanvasObject, size fyne.Size) {
	text := func(l *widget.Label) float32 {
		return fyne.MeasureText(l.Text, theme.TextSize(), l.TextStyle).Width + 2*theme.InnerPadding()
	}
	shown := 0
	for i, o := range objects {
		if l := labelOf(o); l.Text != "" && text(l) <= size.Width {
			shown = i
			break
		}
	}
	for i, o := range objects {
		widgets.SetVisible(o, i == shown)
	}
	for _, o := range objects {
		o.Move(fyne.NewPos(0, 0))
		o.Resize(size)
	}
}

func (addrOrPort) MinSize(objects []fyne.CanvasObject) fyne.Size {
	return objects[0].MinSize()
}

// labelOf returns the Label a cell is or embeds.
func labelOf(o fyne.CanvasObject) *widget.Label {
	if f, ok := o.(*FitLabel); ok {
		return &f.Label
	}
	return o.(*widget.Label)
}

// PeerText is the Peer column's text: the peer's address, and for a
// datagram that came to a multicast group, the group:
// "192.0.2.1:40000 → 239.1.2.3".
func PeerText(e *sockets.Event) string { return e.Peer() + groupSuffix(e) }

// groupSuffix is " → GROUP" for a datagram that came to a group, else "";
// a join's or leave's row names the group in its message already.
func groupSuffix(e *sockets.Event) string {
	if e.Group == "" || !e.Kind.IsData() {
		return ""
	}
	return " → " + e.Group
}

// PeerPort returns ":port" of a host:port address, or "" if it has none.
func PeerPort(addr string) string {
	if _, port, err := net.SplitHostPort(addr); err == nil {
		return ":" + port
	}
	return ""
}
