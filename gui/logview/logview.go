package logview

import (
	"io"
	"sync/atomic"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/layout"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"github.com/sockettester/sockettester/gui/i18n"
	"github.com/sockettester/sockettester/gui/widgets"
	"github.com/sockettester/sockettester/sockets"
	"github.com/sockettester/sockettester/sockets/payload"
)

// LogSearchMinText is what the search entry keeps room for in a narrow
// window, at whatever text size.
const LogSearchMinText = "127.0.0.1:65535 hello"

var logSideKeys = []string{"log.side.all", "side.server", "side.client", "side.relay"}

// LogView shows the shared event log: a toolbar, a header, one row per kept
// event, and, while a row is selected, a detail area showing it in full.
// Rows live in a bounded logModel; a logDrain goroutine started by Start
// moves engine events into it in batches.
//
// Start, Stop, Save and Hex may be called from any goroutine;
// everything else runs on the UI goroutine.
type LogView struct {
	Win   fyne.Window
	prefs fyne.Preferences
	Model *logModel
	Drain *LogDrain
	texts *widgets.Texts
	items widgets.ListItems[*LogRowItem] // the list's row items, used again

	// OnChanged, if set, is called on the UI goroutine after the Text/Hex
	// mode or Follow changed, whoever changed it (the toolbar, a Set
	// method, or the user scrolling up, which pauses Follow), so menus can
	// keep their check marks true.
	OnChanged func()
	// OnAppend, if set, is called on the UI goroutine with each batch of
	// rows added and the sequence number of its first row, after the
	// model took it: the sequence diagram draws from it.
	OnAppend func(rows []sockets.Event, first uint64)
	// OnClear, if set, is called after the log was emptied.
	OnClear func()
	// OnSelect, if set, is called with the selected row's sequence number
	// (ok false when none is), so the sequence diagram can mark it.
	OnSelect func(seq uint64, ok bool)

	logToolbar
	List        *widget.List
	empty       *widget.Label
	Detail      *widget.Label
	detailBox   fyne.CanvasObject
	toolbarRoot fyne.CanvasObject
	body        fyne.CanvasObject
	root        fyne.CanvasObject

	columns *logColumns
	Looks   logKindLooks

	hex    atomic.Bool // read by Save from any goroutine
	closed atomic.Bool // the window closed: batches still coming are dropped
	mode   TimeMode
	Origin time.Time // the first event's time since the log was made or cleared
	follow logFollow
	sel    logSelection
	Saving *saveDialog // the save dialog while it is open
	frames logFrames   // received data joined into frames for display (framesview.go)
}

type logToolbar struct {
	SideSelect  *widget.Select
	sideBox     *fyne.Container // sizes the side select for its longest option
	clientNames []string        // client tab names the side select offers (logclients.go)
	Search      *widget.Entry
	ModeRadio   *widget.RadioGroup
	FollowCheck *widget.Check
	ClearButton *widgets.PlainButton
	CopyButton  *widgets.PlainButton
	SaveButton  *widgets.PlainButton
	Dropped     *widget.Label
	droppedCell *fyne.Container // the header cell holding dropped
	header      fyne.CanvasObject
}

// logSelection keeps the selected row by sequence number, as indices move
// when old rows go.
type logSelection struct {
	seq   uint64
	event sockets.Event
	ok    bool
}

// NewLogView builds the log area. prefs remembers the Text/Hex mode,
// Follow, the time mode and the last folder saved to; nil means the
// current app's preferences.
func NewLogView(win fyne.Window, prefs fyne.Preferences, do widgets.UIRunner) *LogView {
	if prefs == nil {
		prefs = fyne.CurrentApp().Preferences()
	}
	v := &LogView{Win: win, prefs: prefs, Model: newLogModel(DefaultLogLimit), texts: &widgets.Texts{}}
	v.Drain = newLogDrain(v.apply, do)
	v.hex.Store(prefs.BoolWithFallback(KeyLogHex, false))
	v.follow.on = prefs.BoolWithFallback(KeyLogFollow, true)
	v.mode = TimeMode(prefs.IntWithFallback(KeyLogTimeMode, int(TimeClock)))
	if v.mode != TimeRelative {
		v.mode = TimeClock
	}

	v.columns = newLogColumns()
	v.columns.mode = v.mode
	v.Looks = newLogKindLooks()
	v.items.New = func() *LogRowItem { return v.NewRowItem().(*LogRowItem) }
	v.List = widget.NewList(func() int { return v.shown().Len() }, v.items.Get, v.UpdateRowItem)
	v.List.OnSelected = v.onSelected
	// List.ScrollToBottom and ScrollToTop need the list's renderer; make it
	// now so Follow and Clear work before the view is first shown.
	v.refreshList()

	v.Detail = widget.NewLabel("")
	v.Detail.Selectable = true
	// Not wrapped: hex dump lines stay whole, and wrapping a captured KiB
	// took the window most of a second (BenchmarkLogDetailSelect); the
	// scroll goes both ways instead.
	v.Detail.Wrapping = fyne.TextWrapOff
	// Monospace comes with the first selection (showDetail): Fyne loads a
	// style's fonts the first time it measures text in it, even "", which
	// costs ~7 MB and ~40 ms at start-up for an area that starts empty.
	closeDetail := widgets.NewPlainButton("", theme.CancelIcon(), v.Unselect)
	closeDetail.Importance = widget.LowImportance
	sep := widget.NewSeparator()
	v.detailBox = container.NewBorder(sep, nil, nil, container.NewVBox(closeDetail), container.NewScroll(v.Detail))
	detailWant := func() float32 { return sep.MinSize().Height + v.Detail.MinSize().Height + theme.Padding() }
	v.detailBox.Hide()

	v.toolbarRoot = v.newToolbar()
	v.empty = widget.NewLabelWithStyle("", fyne.TextAlignCenter, fyne.TextStyle{})
	v.empty.Importance = widget.LowImportance
	v.empty.Truncation = fyne.TextTruncateEllipsis
	v.texts.On(func() { v.empty.SetText(i18n.Tr("log.empty")) })
	header, droppedCell := newLogHeader(v.texts, v.columns, v.Dropped)
	v.droppedCell = droppedCell
	v.header = header
	table := container.NewBorder(header, nil, nil, nil,
		container.NewStack(container.New(&FollowLayout{Follow: v.Follow, Scroll: v.scrollToBottom}, v.List), container.NewVBox(layout.NewSpacer(), v.empty, layout.NewSpacer())))
	v.body = container.New(&detailLayout{want: detailWant, keep: func() float32 { return v.HeightFor(detailKeepRows) }}, table, v.detailBox)
	v.root = container.NewBorder(v.toolbarRoot, nil, nil, nil, v.body)
	v.SetFrames(v.loadFrames())
	return v
}

// newToolbar lays the controls out in one row (toolbarLayout) that fits an
// 800 px window in every language.
func (v *LogView) newToolbar() fyne.CanvasObject {
	t := v.texts
	// Callbacks are set after the initial values so that building the view
	// does not write the preferences back or filter twice.
	v.SideSelect = widget.NewSelect(nil, nil)
	v.SideSelect.PlaceHolder = " " // "" would mean the default "(Select one)"
	sideBox := container.New(&widgets.TextWideLayout{}, v.SideSelect)
	v.sideBox = sideBox
	t.On(v.setSideOptions)
	v.SideSelect.OnChanged = func(string) { v.onFilter() }
	v.Search = widget.NewEntry()
	t.Placeholder(v.Search, "log.search")
	v.Search.OnChanged = func(string) { v.onFilter() }

	v.ModeRadio = widget.NewRadioGroup(nil, nil)
	v.ModeRadio.Horizontal = true
	v.ModeRadio.Required = true
	t.On(func() {
		v.ModeRadio.Options = []string{widgets.FormatLabel(payload.FormatText), widgets.FormatLabel(payload.FormatHex)}
		v.ModeRadio.Selected = logModeName(v.hex.Load())
		v.ModeRadio.Refresh()
	})
	v.ModeRadio.OnChanged = func(s string) { v.SetHex(s == logModeName(true)) }

	v.FollowCheck = widget.NewCheck("", nil)
	t.On(func() { v.FollowCheck.SetText(i18n.Tr("log.follow")) })
	v.FollowCheck.SetChecked(v.follow.on)
	v.FollowCheck.OnChanged = func(on bool) { v.SetFollow(on) }

	v.ClearButton = t.Button("log.clear", theme.DeleteIcon(), v.Clear)
	v.CopyButton = t.Button("log.copy", theme.ContentCopyIcon(), v.CopySelected)
	v.CopyButton.Disable()
	v.SaveButton = t.Button("log.save", theme.DocumentSaveIcon(), func() { v.SaveDialog(nil) })
	// The dropped count sits in the header's Content cell, right-aligned
	// and cut short when narrow, so it needs no toolbar width of its own.
	v.Dropped = widget.NewLabel("")
	v.Dropped.Importance = widget.WarningImportance
	v.Dropped.Alignment = fyne.TextAlignTrailing
	v.Dropped.Truncation = fyne.TextTruncateEllipsis

	for _, b := range []*widgets.PlainButton{v.ClearButton, v.CopyButton, v.SaveButton} {
		b.Shrinks = true
	}
	return container.New(&toolbarLayout{}, sideBox, widgets.TextWide(v.Search, LogSearchMinText),
		v.ModeRadio, v.FollowCheck, v.ClearButton, v.CopyButton, v.SaveButton)
}

// Toolbar returns the toolbar alone, for a window that puts it above more
// than the log (the log beside the sequence diagram).
func (v *LogView) Toolbar() fyne.CanvasObject { return v.toolbarRoot }

// HeightFor is how tall the log's body is with room for n rows: its
// header and the rows, at the theme's sizes now.
func (v *LogView) HeightFor(n int) float32 {
	// The body's Border puts a padding between header and rows.
	return v.header.MinSize().Height + theme.Padding() + float32(n)*v.RowStep()
}

// ReadableWidth is how wide the log's body is with the side of every row
// whole and room for the lesson's payload, the other columns at their
// shortest, at the theme's sizes now.
func (v *LogView) ReadableWidth() float32 {
	return v.columns.readableWidth() + theme.ScrollBarSize()
}

// Body returns the log without its toolbar: header, rows and detail area.
func (v *LogView) Body() fyne.CanvasObject { return v.body }

// Retranslate puts the current language into the log's texts and rows.
func (v *LogView) Retranslate() {
	v.texts.Apply()
	v.Refresh()
	if v.sel.ok {
		v.showDetail(v.selDetail())
	}
}

// Object returns the whole log area: toolbar and body.
func (v *LogView) Object() fyne.CanvasObject { return v.root }

// Start begins draining q into the log, replacing any earlier drain: events
// go to the UI in batches, at most ~30 times a second (4 under a flood),
// and the drain never waits for the UI (see logBatcher).
func (v *LogView) Start(q *sockets.EventQueue) { v.Drain.Start(q) }

// Stop ends the drain, handing the UI what was queued or collected, and
// waits for it. It is safe to call more than once.
func (v *LogView) Stop() { v.Drain.Stop() }

// Close ends the drain for good, when the window closes: what it still
// hands the UI is dropped, as no widget is there to show it.
func (v *LogView) Close() {
	v.closed.Store(true)
	v.Drain.Stop()
	v.stopFrameTimer()
}

// apply runs on the UI goroutine.
func (v *LogView) apply(b logBatch) {
	if v.closed.Load() {
		return
	}
	v.checkScroll()
	if v.Origin.IsZero() && len(b.rows) > 0 {
		v.Origin = b.rows[0].Time
	}
	removed, first := v.Model.Append(b.rows, b.skipped)
	if r := v.appendFrames(b.rows, first, b.skipped); r >= 0 {
		removed = r
	}
	if v.OnAppend != nil {
		v.OnAppend(b.rows, first)
	}
	v.Model.noteGaps(b.gaps, b.notShown)
	v.followSelected()
	if !v.follow.on && removed > 0 {
		// Rows left the top; move up with the rest so the rows being read
		// stay put.
		v.List.ScrollToOffset(max(0, v.List.GetScrollOffset()-float32(removed)*v.RowStep()))
	}
	v.Refresh()
}

// Refresh redraws the visible rows and the dropped count, and follows the
// newest row if asked to. Its cost depends on the rows visible, not kept.
func (v *LogView) Refresh() {
	v.refreshList()
	c := v.Model.Counts()
	widgets.SetVisible(v.empty, c.Kept == 0)
	text := ""
	if c.Dropped > 0 {
		text = i18n.Trn("log.dropped", int(c.Dropped), nil)
	}
	if text != v.Dropped.Text {
		v.Dropped.Text = text
		v.droppedCell.Refresh() // lays out again: the note shows only if it fits
	}
	if v.follow.on {
		v.scrollToBottom()
	}
}

// Clear empties the log, its counters and the selection.
func (v *LogView) Clear() {
	v.Model.Clear()
	v.clearFrames()
	v.clearSelection()
	v.Origin = time.Time{}
	v.follow.lastBottom = 0
	v.List.ScrollToTop()
	v.Refresh()
	if v.OnClear != nil {
		v.OnClear()
	}
}

// SetHex shows content as hex pairs (on) or escaped text (off), in every row.
func (v *LogView) SetHex(on bool) {
	if on == v.hex.Load() && v.ModeRadio.Selected == logModeName(on) {
		return
	}
	v.hex.Store(on)
	v.prefs.SetBool(KeyLogHex, on)
	v.ModeRadio.SetSelected(logModeName(on))
	v.refreshList()
	v.changed()
}

func (v *LogView) changed() {
	if v.OnChanged != nil {
		v.OnChanged()
	}
}

// logModeName is the Text/Hex toggle's option for hex (or text).
func logModeName(hex bool) string {
	if hex {
		return widgets.FormatLabel(payload.FormatHex)
	}
	return widgets.FormatLabel(payload.FormatText)
}

// TimeMode returns what the time column shows.
func (v *LogView) TimeMode() TimeMode { return v.mode }

// SetTimeMode shows the time of day or the time since the first event in
// the time column, and remembers it.
func (v *LogView) SetTimeMode(m TimeMode) {
	v.mode = m
	v.columns.mode = m
	v.prefs.SetInt(KeyLogTimeMode, int(m))
	v.body.Refresh()
	v.refreshList()
}

// Hex reports whether content shows as hex.
func (v *LogView) Hex() bool { return v.hex.Load() }

// Save writes the rows, oldest first, to w in format f: every kept row,
// or with shownOnly the rows the filter shows. It returns how many. The
// plain-text format shows content in the current Text/Hex mode; CSV and
// JSON Lines hold both.
func (v *LogView) Save(w io.Writer, f SaveFormat, shownOnly bool) (int, error) {
	rows := v.Model.Kept()
	if shownOnly {
		rows = v.Model.ShownEvents()
	}
	return len(rows), WriteLog(w, rows, f, v.Hex())
}

// SetLimit bounds the rows kept to n (at least 1), dropping the oldest if
// there are more.
func (v *LogView) SetLimit(n int) {
	n = max(n, 1)
	v.Drain.limit.Store(int64(n))
	for _, m := range v.models() {
		m.SetLimit(n)
	}
	v.pruneFrameMetas()
	v.Refresh()
}

func (v *LogView) onFilter() {
	if v.List == nil {
		return // still being built
	}
	v.setModelFilter()
	v.refreshList()
	if v.follow.on {
		v.scrollToBottom()
	} else if v.sel.ok {
		if i, ok := v.shown().IndexOf(v.sel.seq); ok {
			v.List.ScrollTo(i)
		}
	}
}

// NewRowItem makes a row for the list to fill.
func (v *LogView) NewRowItem() fyne.CanvasObject { return newLogRowItem(v.columns) }

// refreshList refreshes every row the list shows, and takes back the row
// items it no longer holds (widgets.ListItems).
func (v *LogView) refreshList() { v.items.Refresh(v.List.Refresh, v.shown().Len()) }

// UpdateRowItem fills a row made by NewRowItem with shown row id.
func (v *LogView) UpdateRowItem(id widget.ListItemID, item fyne.CanvasObject) {
	r := item.(*LogRowItem)
	v.items.Filled(r) // the list holds it, row or not
	e, seq, ok := v.shown().Row(id)
	if !ok {
		return
	}
	r.set(&e, v.Looks.of(e.Kind), v.sel.ok && seq == v.sel.seq, logRowLook{v.Hex(), v.mode, v.Origin})
	v.markFrameRow(r, seq)
}
