package gui

import (
	"fmt"
	"io"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"github.com/sockettester/sockettester/sockets"
)

// logRefreshEvery is how often the drain goroutine hands collected events to
// the UI: at most ~30 refreshes a second, however fast events come.
const logRefreshEvery = 33 * time.Millisecond

// Under a flood the log refreshes only every logBusyRefreshEvery: once a
// batch brought logBusyRows rows or more (more than a screenful), the next
// one waits longer. Rows scrolling past 30 times a second cannot be read
// anyway, and each refresh redraws the window and turns every new cell text
// into a texture that Fyne keeps for a minute after its last use, so a
// flood refreshed at 30 Hz costs a core of drawing and tens of MB a minute.
// A batch smaller than that goes back to logRefreshEvery.
const (
	logBusyRefreshEvery = 250 * time.Millisecond
	logBusyRows         = 64
)

// logSearchMinWidth keeps the search entry usable in a narrow window.
const logSearchMinWidth = 160

// Side filter options, in logSideFilter order.
var logSideOptions = []string{"All", "Server", "Client"}

// Content mode options of the Text/Hex toggle.
const (
	logModeText = "Text"
	logModeHex  = "Hex"
)

// logView shows the shared event log: a toolbar (side filter, search,
// Text/Hex toggle, Follow, Clear, Copy, Save and the dropped-rows count), a
// header, one row per kept event, and a detail area showing the selected row
// in full. Rows live in a bounded logModel; a single goroutine started by
// Start drains the event queue and hands batches to the UI goroutine.
//
// Start, Stop, Flush, Save, Rows and Hex may be called from any goroutine
// (Flush not from the UI goroutine); everything else runs on the UI
// goroutine.
type logView struct {
	win   fyne.Window
	prefs fyne.Preferences
	model *logModel

	// do runs a batch on the UI goroutine; fyne.Do in the app. Tests may
	// swap it before Start for a queue they drain themselves.
	do uiRunner

	// onChanged, if set, is called on the UI goroutine after the Text/Hex
	// mode or Follow changed, whoever changed it (the toolbar, a Set
	// method, or the user scrolling up, which pauses Follow), so menus can
	// keep their check marks true.
	onChanged func()

	sideSelect  *widget.Select
	search      *widget.Entry
	modeRadio   *widget.RadioGroup
	followCheck *widget.Check
	clearButton *widget.Button
	copyButton  *widget.Button
	saveButton  *widget.Button
	dropped     *widget.Label
	list        *widget.List
	detail      *widget.Label
	root        fyne.CanvasObject

	columns  *logColumns
	looks    map[sockets.Kind]logKindLook
	stepKey  [4]float32 // theme sizes step was measured with
	stepSize float32    // height of a row plus the separator between rows

	hex            atomic.Bool // read by Save from any goroutine
	follow         bool
	pausedByScroll bool    // follow was turned off because the user scrolled up
	lastBottom     float32 // list offset after the last scroll to the bottom

	selSeq uint64 // sequence number of the selected row, if hasSel
	selRow logRow
	hasSel bool

	// limit mirrors the model's bound for the drain goroutine.
	limit atomic.Int64

	runMu    sync.Mutex
	q        *sockets.EventQueue
	stop     chan struct{}
	done     chan struct{}
	flushReq chan chan logBatch
}

// logBatch is what the drain goroutine collected since the last refresh.
// skipped counts the oldest collected rows it let go because more than the
// model keeps piled up; the model counts them as dropped.
type logBatch struct {
	rows     []logRow
	bytes    int // payload bytes in rows
	skipped  uint64
	gaps     uint64 // "N events not shown" rows among those added
	notShown uint64 // the sum of their N
}

// add appends r. Once a quarter more rows or payload bytes than the model
// keeps have piled up, it lets the oldest go, so a UI that falls behind
// costs bounded memory (see bounds.go). Trimming copies the batch, so it
// happens at most every limit/4 rows.
func (b *logBatch) add(r logRow, limit int) {
	if n, ok := r.notShown(); ok {
		b.gaps++
		b.notShown += n
	}
	b.rows = append(b.rows, r)
	b.bytes += len(r.Data)
	if len(b.rows) > limit+limit/4 || b.bytes > logBatchBytes {
		b.trim(limit)
	}
}

// trim keeps the newest rows the model would keep: at most limit rows and,
// beyond the newest one, logDataBudget payload bytes.
func (b *logBatch) trim(limit int) {
	keep, bytes := 0, 0
	for i := len(b.rows) - 1; i >= 0 && keep < limit; i-- {
		n := len(b.rows[i].Data)
		if keep > 0 && bytes+n > logDataBudget {
			break
		}
		bytes += n
		keep++
	}
	k := len(b.rows) - keep
	copy(b.rows, b.rows[k:])
	clear(b.rows[keep:])
	b.rows = b.rows[:keep]
	b.bytes = bytes
	b.skipped += uint64(k)
}

func (b *logBatch) empty() bool { return len(b.rows) == 0 && b.skipped == 0 }

// newLogView builds the log area. prefs remembers the Text/Hex mode, Follow
// and the last folder saved to; nil means the current app's preferences.
func newLogView(win fyne.Window, prefs fyne.Preferences) *logView {
	if prefs == nil {
		prefs = fyne.CurrentApp().Preferences()
	}
	v := &logView{win: win, prefs: prefs, model: newLogModel(defaultLogLimit), do: fyneDo}
	v.limit.Store(defaultLogLimit)
	v.hex.Store(prefs.BoolWithFallback(keyLogHex, false))
	v.follow = prefs.BoolWithFallback(keyLogFollow, true)

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

	// Callbacks are set after the initial values so that building the view
	// does not write the preferences back or filter twice.
	var sideBox fyne.CanvasObject
	v.sideSelect, sideBox = newChoice(logSideOptions, 110)
	v.sideSelect.SetSelectedIndex(0)
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
	v.followCheck.SetChecked(v.follow)
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

	// One row that fits an 800 px window: the search entry takes what the
	// fixed controls leave, but never less than logSearchMinWidth.
	toolbar := container.NewBorder(nil, nil,
		sideBox,
		container.NewHBox(v.modeRadio, v.followCheck, v.clearButton, v.copyButton, v.saveButton),
		atLeastWide(logSearchMinWidth, v.search))
	table := container.NewBorder(v.newHeader(), nil, nil, nil, v.list)
	split := container.NewVSplit(table, container.NewScroll(v.detail))
	split.Offset = 0.75
	v.root = container.NewBorder(toolbar, nil, nil, nil, split)
	return v
}

// Object returns the whole log area.
func (v *logView) Object() fyne.CanvasObject { return v.root }

// attach makes q the queue the view drains, without starting the drain
// goroutine: Flush then moves its events into the log on demand, which is
// what tests use to get rows in order on their own goroutine. Start attaches
// q too.
func (v *logView) attach(q *sockets.EventQueue) {
	v.runMu.Lock()
	defer v.runMu.Unlock()
	v.q = q
}

// Start begins draining q in a single goroutine, replacing any earlier one.
// It collects events and hands them to the UI goroutine in one batch
// logRefreshEvery after the first of them arrived, so at most ~30 times a
// second (4 under a flood, see logBusyRefreshEvery); while a batch is still
// waiting for the UI it keeps collecting, never queueing a second one, so
// it never blocks on the UI.
func (v *logView) Start(q *sockets.EventQueue) {
	v.Stop()
	v.runMu.Lock()
	defer v.runMu.Unlock()
	v.q = q
	v.stop = make(chan struct{})
	v.done = make(chan struct{})
	v.flushReq = make(chan chan logBatch)
	go v.run(q, v.do, v.stop, v.done, v.flushReq)
}

// Stop ends the goroutine Start began, handing what it collected to the UI,
// and waits for it. It is safe to call more than once.
func (v *logView) Stop() {
	v.runMu.Lock()
	stop, done := v.stop, v.done
	v.stop, v.done, v.flushReq = nil, nil, nil
	v.runMu.Unlock()
	if stop != nil {
		close(stop)
		<-done
	}
}

func (v *logView) run(q *sockets.EventQueue, do uiRunner, stop <-chan struct{}, done chan<- struct{}, flushReq <-chan chan logBatch) {
	defer close(done)
	events := q.Events()
	// The timer runs only while a batch waits, so an idle log costs nothing.
	timer := time.NewTimer(logRefreshEvery)
	timer.Stop()
	var tick <-chan time.Time
	every := logRefreshEvery
	arm := func() {
		if tick == nil {
			timer.Reset(every)
			tick = timer.C
		}
	}
	defer timer.Stop()
	// free holds the spare row buffer whenever no batch is waiting for the
	// UI: taking it is the right to send one.
	free := make(chan []logRow, 1)
	free <- nil
	var b logBatch
	for {
		select {
		case <-stop:
			if !b.empty() {
				do(func() { v.apply(b) })
			}
			return
		case e := <-events:
			limit := int(v.limit.Load())
			b.add(logRowFromEvent(e), limit)
			// Take what is already queued without going back to select.
			for n := len(events); n > 0; n-- {
				b.add(logRowFromEvent(<-events), limit)
			}
			arm()
		case reply := <-flushReq:
			logDrainQueue(q, &b, int(v.limit.Load()))
			reply <- b
			b = logBatch{}
		case <-tick:
			tick = nil
			if b.empty() {
				continue
			}
			select {
			case spare := <-free:
				send := b
				b = logBatch{rows: spare[:0]}
				every = logRefreshEvery
				if uint64(len(send.rows))+send.skipped >= logBusyRows {
					every = logBusyRefreshEvery
				}
				do(func() {
					v.apply(send)
					clear(send.rows)
					free <- send.rows
				})
			default:
				// The UI has not taken the last batch yet; keep collecting
				// and try again next tick.
				arm()
			}
		}
	}
}

// logDrainQueue moves the events queued right now into b.
func logDrainQueue(q *sockets.EventQueue, b *logBatch, limit int) {
	if q == nil {
		return
	}
	events := q.Events()
	for n := len(events); n > 0; n-- {
		b.add(logRowFromEvent(<-events), limit)
	}
}

// Flush moves every event queued right now on the queue given to Start or
// attach (and any the drain goroutine collected) into the model and
// refreshes the view before returning. It is meant for tests and must not be
// called on the UI goroutine.
func (v *logView) Flush() {
	v.runMu.Lock()
	q, req, done := v.q, v.flushReq, v.done
	v.runMu.Unlock()
	var b logBatch
	if req != nil {
		reply := make(chan logBatch, 1)
		select {
		case req <- reply:
			b = <-reply
		case <-done:
		}
	}
	logDrainQueue(q, &b, int(v.limit.Load()))
	fyne.DoAndWait(func() { v.apply(b) })
}

// apply adds a batch to the model and refreshes the widgets. It runs on the
// UI goroutine.
func (v *logView) apply(b logBatch) {
	v.checkScroll()
	removed := v.model.Append(b.rows, b.skipped)
	v.model.noteGaps(b.gaps, b.notShown)
	if !v.follow && removed > 0 {
		// Rows left the top; move up with the rest so the rows being read
		// stay put.
		v.list.ScrollToOffset(max(0, v.list.GetScrollOffset()-float32(removed)*v.rowStep()))
	}
	v.refresh()
}

// checkScroll pauses Follow when the user scrolled up since the last
// automatic scroll, and resumes it when they scrolled back to the bottom.
// List has no scroll callback, so this compares offsets each time new rows
// arrive, which is when following would move the view.
func (v *logView) checkScroll() {
	off := v.list.GetScrollOffset()
	atBottom := off >= v.maxOffset()-v.rowStep()/2
	switch {
	case v.follow && !atBottom && off < v.lastBottom-1:
		v.setFollow(false, true)
	case !v.follow && v.pausedByScroll && atBottom:
		v.setFollow(true, true)
	}
}

// rowStep is the height of a row plus the separator the list draws between
// rows, measured again when the theme's sizes change.
func (v *logView) rowStep() float32 {
	key := [4]float32{theme.TextSize(), theme.Padding(), theme.InnerPadding(), theme.IconInlineSize()}
	if key != v.stepKey {
		v.stepKey = key
		v.stepSize = v.newRowItem().MinSize().Height + theme.Padding()
	}
	return v.stepSize
}

// maxOffset is the list's scroll offset when it shows its last row.
func (v *logView) maxOffset() float32 {
	n := v.model.Len()
	if n == 0 {
		return 0
	}
	return max(0, float32(n)*v.rowStep()-theme.Padding()-v.list.Size().Height)
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
	if v.dropped.Text != text {
		v.dropped.SetText(text)
	}
	if v.follow {
		v.scrollToBottom()
	}
}

func (v *logView) scrollToBottom() {
	v.list.ScrollToBottom()
	v.lastBottom = v.list.GetScrollOffset()
}

// Clear empties the log, its counters and the selection.
func (v *logView) Clear() {
	v.model.Clear()
	v.clearSelection()
	v.lastBottom = 0
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

// SetFollow turns following the newest row on or off, as the Follow check
// does.
func (v *logView) SetFollow(on bool) { v.setFollow(on, false) }

// setFollow changes Follow; byScroll says the user's scrolling did it, which
// is not remembered in the preferences.
func (v *logView) setFollow(on, byScroll bool) {
	if on == v.follow && v.followCheck.Checked == on {
		return // nothing to do, or called back by the check below
	}
	v.follow = on
	v.pausedByScroll = !on && byScroll
	if !byScroll {
		v.prefs.SetBool(keyLogFollow, on)
	}
	v.followCheck.SetChecked(on)
	if on {
		v.scrollToBottom()
	}
	v.changed()
}

// Follow reports whether the view follows the newest row.
func (v *logView) Follow() bool { return v.follow }

// CopySelected copies the selected row's full line (as Line renders it, in
// the current Text/Hex mode) to the clipboard.
func (v *logView) CopySelected() {
	if !v.hasSel {
		return
	}
	fyne.CurrentApp().Clipboard().SetContent(v.selRow.Line(v.Hex()))
}

// Save writes every kept row, whatever the filter, oldest first, to w in
// format f. The plain-text format shows content in the current Text/Hex
// mode; CSV and JSON Lines hold both.
func (v *logView) Save(w io.Writer, f saveFormat) error {
	return writeLog(w, v.model.Kept(), f, v.Hex())
}

// Rows returns the rows the view shows (after the filter), oldest first.
func (v *logView) Rows() []logRow { return v.model.Shown() }

// Selected returns the row shown in the detail area. It stays selected after
// the limit pushes it out of the log, until another row is selected or the
// log is cleared.
func (v *logView) Selected() (logRow, bool) { return v.selRow, v.hasSel }

// Select selects shown row i, as tapping it does.
func (v *logView) Select(i int) { v.list.Select(i) }

// onSelected records the row by sequence number and lets go of the list's own
// selection: the list selects by index, and indices move as old rows go.
func (v *logView) onSelected(id widget.ListItemID) {
	v.list.Unselect(id)
	r, seq, ok := v.model.Row(id)
	if !ok {
		return
	}
	v.selRow, v.selSeq, v.hasSel = r, seq, true
	v.showDetail(r.Detail())
	v.copyButton.Enable()
	v.list.Refresh()
}

// showDetail shows s in the detail area, in monospace so hex dumps line up.
func (v *logView) showDetail(s string) {
	v.detail.TextStyle.Monospace = true
	v.detail.SetText(s)
}

func (v *logView) clearSelection() {
	v.selRow, v.selSeq, v.hasSel = logRow{}, 0, false
	v.detail.SetText("")
	v.copyButton.Disable()
}

// DetailText returns what the detail area shows.
func (v *logView) DetailText() string { return v.detail.Text }

// SetLimit bounds the rows kept to n (at least 1), dropping the oldest if
// there are more.
func (v *logView) SetLimit(n int) {
	n = max(n, 1)
	v.limit.Store(int64(n))
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
	if v.follow {
		v.scrollToBottom()
	} else if v.hasSel {
		if i, ok := v.model.IndexOf(v.selSeq); ok {
			v.list.ScrollTo(i)
		}
	}
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

// newLogKindLooks builds the looks from the current theme's icons; the view
// builds them once the app exists, so a custom theme's icons are used.
func newLogKindLooks() map[sockets.Kind]logKindLook {
	return map[sockets.Kind]logKindLook{
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

func (v *logView) newHeader() fyne.CanvasObject {
	cell := func(s string) fyne.CanvasObject {
		l := widget.NewLabel(s)
		l.TextStyle = fyne.TextStyle{Bold: true}
		return l
	}
	content := container.NewBorder(nil, nil, cell("Content"), nil, v.dropped)
	return container.New(denseRows{}, container.New(v.columns,
		cell("Time"), cell("Side"), cell("Event"), cell("Peer"), cell("Bytes"), content))
}

// newRowItem builds a row template: a selection background behind the
// cells, with the tighter spacing of denseRows so more rows fit.
func (v *logView) newRowItem() fyne.CanvasObject {
	label := func() *widget.Label {
		l := widget.NewLabel("")
		l.Truncation = fyne.TextTruncateEllipsis
		return l
	}
	bg := canvas.NewRectangle(theme.Color(theme.ColorNameSelection))
	bg.Hide()
	icon := widget.NewIcon(theme.InfoIcon())
	direction := container.NewBorder(nil, nil, icon, nil, label())
	bytesLabel := label()
	bytesLabel.Alignment = fyne.TextAlignTrailing
	// The time is two texts, seconds and milliseconds: Fyne keeps a texture
	// for every distinct text drawn for a minute, and under a flood every
	// row's "12:00:01.250" would be a new one; ".250" repeats.
	clock := container.New(joinedText{}, widget.NewLabel(""), widget.NewLabel(""))
	cells := container.New(v.columns, clock, label(), direction, label(), bytesLabel, label())
	return container.New(denseRows{background: true}, bg, cells)
}

// updateRowItem fills a row template with shown row id.
func (v *logView) updateRowItem(id widget.ListItemID, item fyne.CanvasObject) {
	r, seq, ok := v.model.Row(id)
	if !ok {
		return
	}
	row := item.(*fyne.Container)
	bg := row.Objects[0].(*canvas.Rectangle)
	if v.hasSel && seq == v.selSeq {
		bg.FillColor = theme.Color(theme.ColorNameSelection)
		bg.Show()
		bg.Refresh()
	} else {
		bg.Hide()
	}
	cells := row.Objects[1].(*fyne.Container).Objects
	clock := cells[logColTime].(*fyne.Container).Objects
	t := r.TimeText()
	dot := strings.LastIndexByte(t, '.')
	logSetLabel(clock[0], t[:dot])
	logSetLabel(clock[1], t[dot:])
	logSetLabel(cells[logColSide], r.SideText())
	direction := cells[logColDirection].(*fyne.Container)
	look, ok := v.looks[r.Kind]
	if !ok {
		look = v.looks[sockets.KindInfo]
	}
	// Border puts the centre object first.
	dl := direction.Objects[0].(*widget.Label)
	if dl.Importance != look.importance || dl.Text != r.DirectionText() {
		dl.Importance = look.importance
		dl.Text = r.DirectionText()
		dl.Refresh()
	}
	direction.Objects[1].(*widget.Icon).SetResource(look.icon)
	logSetLabel(cells[logColPeer], r.PeerText())
	logSetLabel(cells[logColBytes], r.BytesText())
	logSetLabel(cells[logColContent], r.cellContent(v.Hex()))
}

func logSetLabel(o fyne.CanvasObject, s string) {
	if l := o.(*widget.Label); l.Text != s {
		l.SetText(s)
	}
}
