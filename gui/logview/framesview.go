package logview

import (
	"strings"
	"time"

	"github.com/sockettester/sockettester/gui/i18n"
	"github.com/sockettester/sockettester/sockets"
)

// logFrames is what the log view shows while it frames received data: a
// second model holding the rows shown (frames.go), beside the model of
// every event, which saves and the sequence diagram read.
type logFrames struct {
	set   FrameSettings
	split frameSplitter
	model *logModel // the rows shown; nil while rows show as read
	// metas are, beside each row of model, oldest first, the reads it
	// joined; metaFirst is the sequence number of the first.
	metas     Ring[frameMeta]
	metaFirst uint64
	stop      func() // stops the timer armed for the next frame due, if any
	out       []frameRow
	// after runs f on its own goroutine d from now and returns what stops
	// it: time.AfterFunc in the app; tests hold the calls and run them.
	after func(d time.Duration, f func()) (stop func())
}

func afterFunc(d time.Duration, f func()) func() {
	t := time.AfterFunc(d, f)
	return func() { t.Stop() }
}

type frameMeta struct {
	reads             int
	rawFirst, rawLast uint64
}

// shown is the model of the rows the list shows.
func (v *LogView) shown() *logModel {
	if v.frames.model != nil {
		return v.frames.model
	}
	return v.Model
}

// models are the models a filter or limit applies to.
func (v *LogView) models() []*logModel {
	if v.frames.model != nil {
		return []*logModel{v.Model, v.frames.model}
	}
	return []*logModel{v.Model}
}

// loadFrames reads the frame settings the preferences keep.
func (v *LogView) loadFrames() FrameSettings {
	set := FrameSettings{Mode: ParseFrameMode(v.prefs.String(KeyLogFrames)), Gap: DefaultFrameGap}
	if d, err := ParseFrameGap(v.prefs.String(KeyLogFrameGap)); err == nil {
		set.Gap = d
	}
	typed := v.prefs.StringWithFallback(KeyLogFrameDelim, DefaultFrameDelimiter)
	d, err := ParseFrameDelimiter(typed, v.prefs.Bool(KeyLogFrameDelimHex))
	if err == nil {
		set.Delimiter = d
	} else if set.Mode == FramesByDelimiter {
		set.Mode = FramesAsRead
	}
	return set
}

// Frames returns how the log shows received data.
func (v *LogView) Frames() FrameSettings { return v.frames.set }

// SetFrames shows received data as set says, from the rows kept on: the
// model keeps every read whatever the setting, so switching back shows
// them as they came. A delimiter mode without a delimiter, or a gap out of
// bounds, shows rows as read.
func (v *LogView) SetFrames(set FrameSettings) {
	if set.Gap < FrameGapMin || set.Gap > FrameGapMax {
		set.Gap = DefaultFrameGap
	}
	if set.Mode == FramesByDelimiter && len(set.Delimiter) == 0 || set.Mode < FramesAsRead || set.Mode > FramesByDelimiter {
		set.Mode = FramesAsRead
	}
	set.Delimiter = append([]byte(nil), set.Delimiter...)
	v.frames.set = set
	v.rebuildFrames()
}

// rebuildFrames frames the kept rows anew, as the settings say.
func (v *LogView) rebuildFrames() {
	f := &v.frames
	v.stopFrameTimer()
	f.split = frameSplitter{set: f.set}
	f.metas.Reset()
	f.model = nil
	if v.sel.ok {
		v.Unselect()
	}
	if f.set.Mode != FramesAsRead {
		f.model = newLogModel(v.Model.Limit())
		f.model.filter = v.Model.currentFilter()
		f.metaFirst = 0
		v.appendFrames(v.Model.Kept(), v.Model.FirstSeq(), 0)
		v.flushFrames(time.Now())
	}
	if v.List != nil {
		v.Refresh()
	}
}

// appendFrames passes rows, the model's from sequence number first on,
// through the splitter and shows what is ready. It returns how many rows
// left the top of the list; -1 when rows show as read.
func (v *LogView) appendFrames(rows []sockets.Event, first, skipped uint64) int {
	f := &v.frames
	if f.model == nil {
		return -1
	}
	f.out = f.out[:0]
	if skipped > 0 {
		// Rows were lost before the model: no frame joins across them.
		f.out = f.split.flushAll(f.out)
	}
	for i := range rows {
		f.out = f.split.add(&rows[i], first+uint64(i), f.out)
	}
	removed := v.showFrames()
	v.armFrameTimer()
	return removed
}

// showFrames appends the rows the splitter made ready to the model shown.
func (v *LogView) showFrames() int {
	f := &v.frames
	if len(f.out) == 0 {
		return 0
	}
	events := make([]sockets.Event, len(f.out))
	for i := range f.out {
		events[i] = f.out[i].event
	}
	removed, _ := f.model.Append(events, 0)
	for i := range f.out {
		f.metas.Push(frameMeta{f.out[i].reads, f.out[i].rawFirst, f.out[i].rawLast}, 0)
	}
	clear(f.out)
	f.out = f.out[:0]
	v.pruneFrameMetas()
	return removed
}

// pruneFrameMetas lets go of the metas of rows the model shown dropped.
func (v *LogView) pruneFrameMetas() {
	f := &v.frames
	if f.model == nil {
		return
	}
	for first := f.model.FirstSeq(); f.metaFirst < first && f.metas.Len() > 0; f.metaFirst++ {
		f.metas.PopFront()
	}
}

// selDetail is the detail area's text for the selected row.
func (v *LogView) selDetail() string {
	m, _ := v.frameMetaOf(v.sel.seq)
	return frameDetail(&v.sel.event, m.reads)
}

// currentFilter is the filter the model applies now.
func (m *logModel) currentFilter() logFilter {
	m.mu.Lock()
	defer m.mu.Unlock()
	return m.filter
}

// frameLate is how long after a read happened it may reach the view: the
// drain hands reads over in batches, every LogBusyRefreshEvery at the
// slowest, and a frame shown before a read of its own reaches the view
// would be cut in two.
const frameLate = LogBusyRefreshEvery

// flushFrames shows the frames whose gap was over frameLate before now.
func (v *LogView) flushFrames(now time.Time) {
	f := &v.frames
	if f.model == nil || v.closed.Load() {
		return
	}
	f.out = f.split.flush(now.Add(-frameLate), f.out[:0])
	if len(f.out) > 0 {
		v.showFrames()
		if v.List != nil {
			v.Refresh()
		}
	}
	v.armFrameTimer()
}

// FlushFrames shows every frame still gathering, as when the log stops.
func (v *LogView) FlushFrames() {
	f := &v.frames
	if f.model == nil {
		return
	}
	f.out = f.split.flushAll(f.out[:0])
	v.showFrames()
	v.stopFrameTimer()
	v.Refresh()
}

// armFrameTimer wakes flushFrames when the first frame gathering is due,
// frameLate after its gap is over.
func (v *LogView) armFrameTimer() {
	f := &v.frames
	due, ok := f.split.next()
	v.stopFrameTimer()
	if !ok {
		return
	}
	do, after := v.Drain.Do, f.after
	if after == nil {
		after = afterFunc
	}
	f.stop = after(time.Until(due)+frameLate, func() {
		do(func() { v.flushFrames(time.Now()) })
	})
}

func (v *LogView) stopFrameTimer() {
	if v.frames.stop != nil {
		v.frames.stop()
		v.frames.stop = nil
	}
}

// clearFrames forgets the rows shown and what was gathering.
func (v *LogView) clearFrames() {
	f := &v.frames
	if f.model == nil {
		return
	}
	v.stopFrameTimer()
	f.split.reset()
	f.model.Clear()
	f.metas.Reset()
	f.metaFirst = f.model.FirstSeq()
}

// frameMetaOf returns what shown row seq joined, while rows show as frames.
func (v *LogView) frameMetaOf(seq uint64) (frameMeta, bool) {
	f := &v.frames
	if f.model == nil || seq < f.metaFirst || seq-f.metaFirst >= uint64(f.metas.Len()) {
		return frameMeta{}, false
	}
	return *f.metas.At(int(seq - f.metaFirst)), true
}

// rawSeq is the model's sequence number of the event behind shown row seq:
// for a frame, its first read.
func (v *LogView) rawSeq(seq uint64) uint64 {
	if m, ok := v.frameMetaOf(seq); ok {
		return m.rawFirst
	}
	return seq
}

// shownSeq is the shown row that has the model's event raw in it.
func (v *LogView) shownSeq(raw uint64) (uint64, bool) {
	f := &v.frames
	if f.model == nil {
		return raw, true
	}
	for k := f.metas.Len() - 1; k >= 0; k-- {
		if m := f.metas.At(k); m.rawFirst <= raw && raw <= m.rawLast {
			return f.metaFirst + uint64(k), true
		}
	}
	return 0, false
}

// FrameReads returns how many reads shown row i joined: 0 while rows show
// as read, and for rows other than received data.
func (v *LogView) FrameReads(i int) int {
	_, seq, ok := v.shown().Row(i)
	if !ok {
		return 0
	}
	m, _ := v.frameMetaOf(seq)
	return m.reads
}

// frameReadsText is what the event column of a row of several reads
// says ("3 reads") in place of "received", whose icon it keeps: the
// content cell keeps its width for the data.
func frameReadsText(reads int) string { return i18n.Trn("log.frameReads", reads, nil) }

// markFrameRow has row r, showing row seq, say how many reads it joined
// when it is a frame of several.
func (v *LogView) markFrameRow(r *LogRowItem, seq uint64) {
	m, ok := v.frameMetaOf(seq)
	if !ok || m.reads < 2 {
		return
	}
	if t := frameReadsText(m.reads); r.Direction.Text != t {
		r.Direction.Text = t
		r.Direction.Refresh()
		r.direction.Refresh() // it may no longer fit beside the icon
	}
}

// frameDetail is logDetail for a frame of reads: the line after its first
// says how many.
func frameDetail(e *sockets.Event, reads int) string {
	s := logDetail(e)
	if reads < 2 {
		return s
	}
	head, rest, _ := strings.Cut(s, "\n")
	return head + "\n" + i18n.Trn("detail.frameReads", reads, nil) + "\n" + rest
}
