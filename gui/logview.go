package gui

import (
	"io"
	"sync/atomic"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/layout"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"github.com/sockettester/sockettester/sockets"
	"github.com/sockettester/sockettester/sockets/payload"
)

// logSearchMinText is what the search entry keeps room for in a narrow
// window, at whatever text size.
const logSearchMinText = "127.0.0.1:65535 hello"

// logSideKeys are the side filter's options, in logSideFilter order.
var logSideKeys = []string{"log.side.all", "side.server", "side.client", "side.relay"}

// logView shows the shared event log: a toolbar, a header, one row per kept
// event, and, while a row is selected, a detail area showing it in full.
// Rows live in a bounded logModel; a logDrain goroutine started by Start
// moves engine events into it in batches.
//
// Start, Stop, Save and Hex may be called from any goroutine;
// everything else runs on the UI goroutine.
type logView struct {
	win   fyne.Window
	prefs fyne.Preferences
	model *logModel
	drain *logDrain
	texts *texts

	// onChanged, if set, is called on the UI goroutine after the Text/Hex
	// mode or Follow changed, whoever changed it (the toolbar, a Set
	// method, or the user scrolling up, which pauses Follow), so menus can
	// keep their check marks true.
	onChanged func()
	// onAppend, if set, is called on the UI goroutine with each batch of
	// rows added and the sequence number of its first row, after the
	// model took it: the sequence diagram draws from it.
	onAppend func(rows []sockets.Event, first uint64)
	// onClear, if set, is called after the log was emptied.
	onClear func()
	// onSelect, if set, is called with the selected row's sequence number
	// (ok false when none is), so the sequence diagram can mark it.
	onSelect func(seq uint64, ok bool)

	logToolbar
	list        *widget.List
	empty       *widget.Label
	detail      *widget.Label
	detailBox   fyne.CanvasObject
	toolbarRoot fyne.CanvasObject
	body        fyne.CanvasObject
	root        fyne.CanvasObject

	columns *logColumns
	looks   logKindLooks

	hex    atomic.Bool // read by Save from any goroutine
	closed atomic.Bool // the window closed: batches still coming are dropped
	mode   timeMode
	origin time.Time // the first event's time since the log was made or cleared
	follow logFollow
	sel    logSelection
	saving *saveDialog // the save dialog while it is open
}

// logToolbar holds the toolbar's controls: side filter, search, Text/Hex
// toggle, Follow, Clear, Copy, Save, and the dropped-rows count shown in
// the header.
type logToolbar struct {
	sideSelect  *widget.Select
	sideBox     *fyne.Container // sizes the side select for its longest option
	clientNames []string        // client tab names the side select offers (logclients.go)
	search      *widget.Entry
	modeRadio   *widget.RadioGroup
	followCheck *widget.Check
	clearButton *plainButton
	copyButton  *plainButton
	saveButton  *plainButton
	dropped     *widget.Label
	droppedCell *fyne.Container // the header cell holding dropped
}

// logSelection is the selected row, kept by sequence number because
// indices move as old rows go.
type logSelection struct {
	seq   uint64
	event sockets.Event
	ok    bool
}

// newLogView builds the log area. prefs remembers the Text/Hex mode,
// Follow, the time mode and the last folder saved to; nil means the
// current app's preferences. do runs the drain's batches on the UI
// goroutine (fyneDo in the app).
func newLogView(win fyne.Window, prefs fyne.Preferences, do uiRunner) *logView {
	if prefs == nil {
		prefs = fyne.CurrentApp().Preferences()
	}
	v := &logView{win: win, prefs: prefs, model: newLogModel(defaultLogLimit), texts: &texts{}}
	v.drain = newLogDrain(v.apply, do)
	v.hex.Store(prefs.BoolWithFallback(keyLogHex, false))
	v.follow.on = prefs.BoolWithFallback(keyLogFollow, true)
	v.mode = timeMode(prefs.IntWithFallback(keyLogTimeMode, int(timeClock)))
	if v.mode != timeRelative {
		v.mode = timeClock
	}

	v.columns = newLogColumns()
	v.columns.mode = v.mode
	v.looks = newLogKindLooks()
	v.list = widget.NewList(v.model.Len, v.newRowItem, v.updateRowItem)
	v.list.OnSelected = v.onSelected
	// List.ScrollToBottom and ScrollToTop need the list's renderer; make it
	// now so Follow and Clear work before the view is first shown.
	v.list.Refresh()

	v.detail = widget.NewLabel("")
	v.detail.Selectable = true
	v.detail.Wrapping = fyne.TextWrapBreak
	// Monospace comes with the first selection (showDetail): Fyne loads a
	// style's fonts the first time it measures text in it, even "", which
	// costs ~7 MB and ~40 ms at start-up for an area that starts empty.
	closeDetail := newPlainButton("", theme.CancelIcon(), v.Unselect)
	closeDetail.Importance = widget.LowImportance
	sep := widget.NewSeparator()
	v.detailBox = container.NewBorder(sep, nil, nil, container.NewVBox(closeDetail), container.NewVScroll(v.detail))
	detailWant := func() float32 { return sep.MinSize().Height + v.detail.MinSize().Height + theme.Padding() }
	v.detailBox.Hide()

	v.toolbarRoot = v.newToolbar()
	// While the log is empty, a line in its middle says how to fill it.
	v.empty = widget.NewLabelWithStyle("", fyne.TextAlignCenter, fyne.TextStyle{})
	v.empty.Importance = widget.LowImportance
	v.empty.Truncation = fyne.TextTruncateEllipsis
	v.texts.on(func() { v.empty.SetText(tr("log.empty")) })
	header, droppedCell := newLogHeader(v.texts, v.columns, v.dropped)
	v.droppedCell = droppedCell
	table := container.NewBorder(header, nil, nil, nil,
		container.NewStack(container.New(&followLayout{follow: v.Follow, scroll: v.scrollToBottom}, v.list), container.NewVBox(layout.NewSpacer(), v.empty, layout.NewSpacer())))
	v.body = container.New(&detailLayout{want: detailWant}, table, v.detailBox)
	v.root = container.NewBorder(v.toolbarRoot, nil, nil, nil, v.body)
	return v
}

// newToolbar makes the toolbar's controls and lays them out in one row
// (toolbarLayout) that fits an 800 px window in every language: the
// search entry takes what the other controls leave, but never less than
// logSearchMinText needs, and the buttons drop their labels when those
// do not fit.
func (v *logView) newToolbar() fyne.CanvasObject {
	t := v.texts
	// Callbacks are set after the initial values so that building the view
	// does not write the preferences back or filter twice.
	v.sideSelect = widget.NewSelect(nil, nil)
	v.sideSelect.PlaceHolder = " " // "" would mean the default "(Select one)"
	sideBox := container.New(&textWideLayout{}, v.sideSelect)
	v.sideBox = sideBox
	t.on(v.setSideOptions)
	v.sideSelect.OnChanged = func(string) { v.onFilter() }
	v.search = widget.NewEntry()
	t.placeholder(v.search, "log.search")
	v.search.OnChanged = func(string) { v.onFilter() }

	v.modeRadio = widget.NewRadioGroup(nil, nil)
	v.modeRadio.Horizontal = true
	v.modeRadio.Required = true
	t.on(func() {
		v.modeRadio.Options = []string{formatLabel(payload.FormatText), formatLabel(payload.FormatHex)}
		v.modeRadio.Selected = logModeName(v.hex.Load())
		v.modeRadio.Refresh()
	})
	v.modeRadio.OnChanged = func(s string) { v.SetHex(s == logModeName(true)) }

	v.followCheck = widget.NewCheck("", nil)
	t.on(func() { v.followCheck.SetText(tr("log.follow")) })
	v.followCheck.SetChecked(v.follow.on)
	v.followCheck.OnChanged = func(on bool) { v.SetFollow(on) }

	v.clearButton = t.button("log.clear", theme.DeleteIcon(), v.Clear)
	v.copyButton = t.button("log.copy", theme.ContentCopyIcon(), v.CopySelected)
	v.copyButton.Disable()
	v.saveButton = t.button("log.save", theme.DocumentSaveIcon(), func() { v.SaveDialog(nil) })
	// The dropped count sits in the header's Content cell, right-aligned
	// and cut short when narrow, so it needs no toolbar width of its own.
	v.dropped = widget.NewLabel("")
	v.dropped.Importance = widget.WarningImportance
	v.dropped.Alignment = fyne.TextAlignTrailing
	v.dropped.Truncation = fyne.TextTruncateEllipsis

	for _, b := range []*plainButton{v.clearButton, v.copyButton, v.saveButton} {
		b.Shrinks = true
	}
	return container.New(&toolbarLayout{}, sideBox, textWide(v.search, logSearchMinText),
		v.modeRadio, v.followCheck, v.clearButton, v.copyButton, v.saveButton)
}

// Toolbar returns the toolbar alone, for a window that puts it above more
// than the log (the log beside the sequence diagram).
func (v *logView) Toolbar() fyne.CanvasObject { return v.toolbarRoot }

// Body returns the log without its toolbar: header, rows and detail area.
func (v *logView) Body() fyne.CanvasObject { return v.body }

// retranslate puts the current language into the log's texts and rows.
func (v *logView) retranslate() {
	v.texts.apply()
	v.refresh()
	if v.sel.ok {
		v.showDetail(logDetail(&v.sel.event))
	}
}

// Object returns the whole log area: toolbar and body.
func (v *logView) Object() fyne.CanvasObject { return v.root }

// Start begins draining q into the log, replacing any earlier drain: events
// go to the UI in batches, at most ~30 times a second (4 under a flood),
// and the drain never waits for the UI (see logBatcher).
func (v *logView) Start(q *sockets.EventQueue) { v.drain.Start(q) }

// Stop ends the drain, handing the UI what was queued or collected, and
// waits for it. It is safe to call more than once.
func (v *logView) Stop() { v.drain.Stop() }

// Close ends the drain for good, when the window closes: what it still
// hands the UI is dropped, as no widget is there to show it.
func (v *logView) Close() {
	v.closed.Store(true)
	v.drain.Stop()
}

// apply adds a batch to the model and refreshes the widgets. It runs on the
// UI goroutine.
func (v *logView) apply(b logBatch) {
	if v.closed.Load() {
		return
	}
	v.checkScroll()
	if v.origin.IsZero() && len(b.rows) > 0 {
		v.origin = b.rows[0].Time
	}
	removed, first := v.model.Append(b.rows, b.skipped)
	if v.onAppend != nil {
		v.onAppend(b.rows, first)
	}
	v.model.noteGaps(b.gaps, b.notShown)
	if !v.follow.on && removed > 0 {
		// Rows left the top; move up with the rest so the rows being read
		// stay put.
		v.list.ScrollToOffset(max(0, v.list.GetScrollOffset()-float32(removed)*v.rowStep()))
	}
	v.refresh()
}

// refresh redraws the visible rows and the dropped count, and follows the
// newest row if asked to. Its cost depends on the rows visible, not kept.
func (v *logView) refresh() {
	v.list.Refresh()
	c := v.model.Counts()
	setVisible(v.empty, c.Kept == 0)
	text := ""
	if c.Dropped > 0 {
		text = trn("log.dropped", int(c.Dropped), nil)
	}
	if text != v.dropped.Text {
		v.dropped.Text = text
		v.droppedCell.Refresh() // lays out again: the note shows only if it fits
	}
	if v.follow.on {
		v.scrollToBottom()
	}
}

// Clear empties the log, its counters and the selection.
func (v *logView) Clear() {
	v.model.Clear()
	v.clearSelection()
	v.origin = time.Time{}
	v.follow.lastBottom = 0
	v.list.ScrollToTop()
	v.refresh()
	if v.onClear != nil {
		v.onClear()
	}
}

// SetHex shows content as hex pairs (on) or escaped text (off), in every row.
func (v *logView) SetHex(on bool) {
	if on == v.hex.Load() && v.modeRadio.Selected == logModeName(on) {
		return
	}
	v.hex.Store(on)
	v.prefs.SetBool(keyLogHex, on)
	v.modeRadio.SetSelected(logModeName(on))
	v.list.Refresh()
	v.changed()
}

func (v *logView) changed() {
	if v.onChanged != nil {
		v.onChanged()
	}
}

// logModeName is the Text/Hex toggle's option for hex (or text).
func logModeName(hex bool) string {
	if hex {
		return formatLabel(payload.FormatHex)
	}
	return formatLabel(payload.FormatText)
}

// TimeMode returns what the time column shows.
func (v *logView) TimeMode() timeMode { return v.mode }

// SetTimeMode shows the time of day or the time since the first event in
// the time column, and remembers it.
func (v *logView) SetTimeMode(m timeMode) {
	v.mode = m
	v.columns.mode = m
	v.prefs.SetInt(keyLogTimeMode, int(m))
	v.body.Refresh()
	v.list.Refresh()
}

// Hex reports whether content shows as hex.
func (v *logView) Hex() bool { return v.hex.Load() }

// Save writes the rows, oldest first, to w in format f: every kept row,
// or with shownOnly the rows the filter shows. It returns how many. The
// plain-text format shows content in the current Text/Hex mode; CSV and
// JSON Lines hold both.
func (v *logView) Save(w io.Writer, f saveFormat, shownOnly bool) (int, error) {
	rows := v.model.Kept()
	if shownOnly {
		rows = v.model.Shown()
	}
	return len(rows), writeLog(w, rows, f, v.Hex())
}

// SetLimit bounds the rows kept to n (at least 1), dropping the oldest if
// there are more.
func (v *logView) SetLimit(n int) {
	n = max(n, 1)
	v.drain.limit.Store(int64(n))
	v.model.SetLimit(n)
	v.refresh()
}

// onFilter applies the side select and search entry to the view.
func (v *logView) onFilter() {
	if v.list == nil {
		return // still being built
	}
	v.setModelFilter()
	v.list.Refresh()
	if v.follow.on {
		v.scrollToBottom()
	} else if v.sel.ok {
		if i, ok := v.model.IndexOf(v.sel.seq); ok {
			v.list.ScrollTo(i)
		}
	}
}

// newRowItem makes a row for the list to fill.
func (v *logView) newRowItem() fyne.CanvasObject { return newLogRowItem(v.columns) }

// updateRowItem fills a row made by newRowItem with shown row id.
func (v *logView) updateRowItem(id widget.ListItemID, item fyne.CanvasObject) {
	e, seq, ok := v.model.Row(id)
	if !ok {
		return
	}
	item.(*logRowItem).set(&e, v.looks.of(e.Kind), v.sel.ok && seq == v.sel.seq, logRowLook{v.Hex(), v.mode, v.origin})
}
