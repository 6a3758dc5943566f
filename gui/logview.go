package gui

import (
	"fmt"
	"io"
	"sync/atomic"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"github.com/sockettester/sockettester/sockets"
)

// logSearchMinText is what the search entry keeps room for in a narrow
// window, at whatever text size.
const logSearchMinText = "127.0.0.1:65535 hello"

// Side filter options, in logSideFilter order.
var logSideOptions = []string{"All", "Server", "Client"}

// Content mode options of the Text/Hex toggle.
const (
	logModeText = "Text"
	logModeHex  = "Hex"
)

// logView shows the shared event log: a toolbar, a header, one row per kept
// event, and a detail area showing the selected row in full. Rows live in
// a bounded logModel; a logDrain goroutine started by Start moves engine
// events into it in batches.
//
// Start, Stop, Save and Hex may be called from any goroutine;
// everything else runs on the UI goroutine.
type logView struct {
	win   fyne.Window
	prefs fyne.Preferences
	model *logModel
	drain *logDrain

	// onChanged, if set, is called on the UI goroutine after the Text/Hex
	// mode or Follow changed, whoever changed it (the toolbar, a Set
	// method, or the user scrolling up, which pauses Follow), so menus can
	// keep their check marks true.
	onChanged func()

	logToolbar
	list   *widget.List
	detail *widget.Label
	root   fyne.CanvasObject

	columns *logColumns
	looks   logKindLooks

	hex    atomic.Bool // read by Save from any goroutine
	follow logFollow
	sel    logSelection
}

// logToolbar holds the toolbar's controls: side filter, search, Text/Hex
// toggle, Follow, Clear, Copy, Save, and the dropped-rows count shown in
// the header.
type logToolbar struct {
	sideSelect  *widget.Select
	search      *widget.Entry
	modeRadio   *widget.RadioGroup
	followCheck *widget.Check
	clearButton *widget.Button
	copyButton  *widget.Button
	saveButton  *widget.Button
	dropped     *widget.Label
}

// logSelection is the selected row, kept by sequence number because
// indices move as old rows go.
type logSelection struct {
	seq   uint64
	event sockets.Event
	ok    bool
}

// newLogView builds the log area. prefs remembers the Text/Hex mode, Follow
// and the last folder saved to; nil means the current app's preferences.
// do runs the drain's batches on the UI goroutine (fyneDo in the app).
func newLogView(win fyne.Window, prefs fyne.Preferences, do uiRunner) *logView {
	if prefs == nil {
		prefs = fyne.CurrentApp().Preferences()
	}
	v := &logView{win: win, prefs: prefs, model: newLogModel(defaultLogLimit)}
	v.drain = newLogDrain(v.apply, do)
	v.hex.Store(prefs.BoolWithFallback(keyLogHex, false))
	v.follow.on = prefs.BoolWithFallback(keyLogFollow, true)

	v.columns = newLogColumns()
	v.looks = newLogKindLooks()
	v.list = widget.NewList(v.model.Len, v.newRowItem, v.updateRowItem)
	v.list.OnSelected = v.onSelected
	// List.ScrollToBottom and ScrollToTop need the list's renderer; make it
	// now so Follow and Clear work before the view is first shown.
	v.list.Refresh()

	v.detail = widget.NewLabel("")
	v.detail.Selectable = true
	// Monospace comes with the first selection (showDetail): Fyne loads a
	// style's fonts the first time it measures text in it, even "", which
	// costs ~7 MB and ~40 ms at start-up for an area that starts empty.

	toolbar := v.newToolbar()
	table := container.NewBorder(newLogHeader(v.columns, v.dropped), nil, nil, nil, v.list)
	split := container.NewVSplit(table, container.NewScroll(v.detail))
	split.Offset = 0.75
	v.root = container.NewBorder(toolbar, nil, nil, nil, split)
	return v
}

// newToolbar makes the toolbar's controls and lays them out in one row that
// fits an 800 px window: the search entry takes what the fixed controls
// leave, but never less than logSearchMinText needs.
func (v *logView) newToolbar() fyne.CanvasObject {
	// Callbacks are set after the initial values so that building the view
	// does not write the preferences back or filter twice.
	v.sideSelect = widget.NewSelect(logSideOptions, nil)
	v.sideSelect.PlaceHolder = " " // "" would mean the default "(Select one)"
	v.sideSelect.SetSelectedIndex(0)
	sideBox := textWide(v.sideSelect, logSideOptions...)
	v.sideSelect.OnChanged = func(string) { v.onFilter() }
	v.search = widget.NewEntry()
	v.search.SetPlaceHolder("Search peer, content, message")
	v.search.OnChanged = func(string) { v.onFilter() }

	v.modeRadio = widget.NewRadioGroup([]string{logModeText, logModeHex}, nil)
	v.modeRadio.Horizontal = true
	v.modeRadio.Required = true
	v.modeRadio.SetSelected(logModeName(v.hex.Load()))
	v.modeRadio.OnChanged = func(s string) { v.SetHex(s == logModeHex) }

	v.followCheck = widget.NewCheck("Follow", nil)
	v.followCheck.SetChecked(v.follow.on)
	v.followCheck.OnChanged = func(on bool) { v.SetFollow(on) }

	v.clearButton = widget.NewButtonWithIcon("Clear", theme.DeleteIcon(), v.Clear)
	v.copyButton = widget.NewButtonWithIcon("Copy", theme.ContentCopyIcon(), v.CopySelected)
	v.copyButton.Disable()
	v.saveButton = widget.NewButtonWithIcon("Save…", theme.DocumentSaveIcon(), v.SaveDialog)
	// The dropped count sits in the header's Content cell, right-aligned
	// and cut short when narrow, so it needs no toolbar width of its own.
	v.dropped = widget.NewLabel("")
	v.dropped.Importance = widget.WarningImportance
	v.dropped.Alignment = fyne.TextAlignTrailing
	v.dropped.Truncation = fyne.TextTruncateEllipsis

	return container.NewBorder(nil, nil,
		sideBox,
		container.NewHBox(v.modeRadio, v.followCheck, v.clearButton, v.copyButton, v.saveButton),
		textWide(v.search, logSearchMinText))
}

// Object returns the whole log area.
func (v *logView) Object() fyne.CanvasObject { return v.root }

// Start begins draining q into the log, replacing any earlier drain: events
// go to the UI in batches, at most ~30 times a second (4 under a flood),
// and the drain never waits for the UI (see logBatcher).
func (v *logView) Start(q *sockets.EventQueue) { v.drain.Start(q) }

// Stop ends the drain, handing the UI what was queued or collected, and
// waits for it. It is safe to call more than once.
func (v *logView) Stop() { v.drain.Stop() }

// apply adds a batch to the model and refreshes the widgets. It runs on the
// UI goroutine.
func (v *logView) apply(b logBatch) {
	v.checkScroll()
	removed := v.model.Append(b.rows, b.skipped)
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
	text := ""
	if c.Dropped > 0 {
		text = fmt.Sprintf("%d older rows dropped", c.Dropped)
	}
	setLabelText(v.dropped, text)
	if v.follow.on {
		v.scrollToBottom()
	}
}

// Clear empties the log, its counters and the selection.
func (v *logView) Clear() {
	v.model.Clear()
	v.clearSelection()
	v.follow.lastBottom = 0
	v.list.ScrollToTop()
	v.refresh()
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

func logModeName(hex bool) string {
	if hex {
		return logModeHex
	}
	return logModeText
}

// Hex reports whether content shows as hex.
func (v *logView) Hex() bool { return v.hex.Load() }

// CopySelected copies the selected row's full line (Event.Line, in the
// current Text/Hex mode) to the clipboard.
func (v *logView) CopySelected() {
	if !v.sel.ok {
		return
	}
	fyne.CurrentApp().Clipboard().SetContent(v.sel.event.Line(logContentFormat(v.Hex())))
}

// Save writes every kept row, whatever the filter, oldest first, to w in
// format f. The plain-text format shows content in the current Text/Hex
// mode; CSV and JSON Lines hold both.
func (v *logView) Save(w io.Writer, f saveFormat) error {
	return writeLog(w, v.model.Kept(), f, v.Hex())
}

// onSelected records the row by sequence number and lets go of the list's own
// selection: the list selects by index, and indices move as old rows go.
func (v *logView) onSelected(id widget.ListItemID) {
	v.list.Unselect(id)
	e, seq, ok := v.model.Row(id)
	if !ok {
		return
	}
	v.sel = logSelection{seq: seq, event: e, ok: true}
	v.showDetail(logDetail(&e))
	v.copyButton.Enable()
	v.list.Refresh()
}

// showDetail shows s in the detail area, in monospace so hex dumps line up.
func (v *logView) showDetail(s string) {
	v.detail.TextStyle.Monospace = true
	v.detail.SetText(s)
}

func (v *logView) clearSelection() {
	v.sel = logSelection{}
	v.detail.SetText("")
	v.copyButton.Disable()
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
	v.model.SetFilter(logSideFilter(max(0, v.sideSelect.SelectedIndex())), v.search.Text)
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
	item.(*logRowItem).set(&e, v.looks.of(e.Kind), v.sel.ok && seq == v.sel.seq, v.Hex())
}
