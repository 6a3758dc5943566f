package logview

import (
	"time"

	"github.com/sockettester/sockettester/sockets"
)

// LogRefreshEvery is how long after the first event of a batch the batch
// goes to the UI: at most ~30 refreshes a second, however fast events come.
const LogRefreshEvery = 33 * time.Millisecond

// Under a flood (a batch of logBusyRows or more, over a screenful) the next
// batch waits logBusyRefreshEvery: rows scrolling past 30 times a second
// cannot be read, and each refresh turns new cell texts into textures Fyne
// keeps for a minute, so 30 Hz under a flood costs a core and tens of MB a minute.
const (
	LogBusyRefreshEvery = 250 * time.Millisecond
	LogBusyRows         = 64
)

// Steady traffic (events no more than LogSteadyGap apart, for LogSteadyAfter
// or longer: a prober, a repeat, a storm of connections) refreshes every
// LogBusyRefreshEvery too, whatever the batches' size: each refresh
// redraws the whole window (in software on a machine without a GPU), and
// at 30 a second that costs more than the sockets do, while rows that come
// this steadily are read a few times a second at most. The first second of
// any exchange, and events further apart, still show after LogRefreshEvery.
const (
	LogSteadyGap   = 100 * time.Millisecond
	LogSteadyAfter = time.Second
)

type logBatch struct {
	rows     []sockets.Event
	bytes    int // payload bytes in rows
	skipped  uint64
	gaps     uint64 // "N events not shown" events (KindGap) among those added
	notShown uint64 // the sum of their N
	folded   int    // rows that join a churn fold already shown: no new row
}

func (b *logBatch) add(e sockets.Event, limit int) {
	if e.Kind == sockets.KindGap {
		b.gaps++
		b.notShown += e.Skipped
	}
	b.rows = append(b.rows, e)
	b.bytes += len(e.Data)
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

// logBatcher decides when collected events go to the UI: logRefreshEvery
// after the first, logBusyRefreshEvery after a big batch, never while the UI
// holds the last. Callers tell it the time, so tests choose theirs. It is
// not safe for concurrent use.
type logBatcher struct {
	// churn tells which rows will fold into a row already shown, as the
	// model will: a batch of nothing else adds no row, and refreshing 30
	// times a second to change a count costs a core under a storm.
	churn   ChurnFolder
	limit   int      // rows the model keeps; the batch is trimmed to it
	cur     logBatch // being collected
	spare   []sockets.Event
	due     time.Time // when cur goes to the UI, if armed
	armed   bool
	every   time.Duration // how long after its first event the next batch is due
	waiting bool          // the UI holds a batch it has not given back
	// lastEvent is when the last event came; steadySince when events
	// started coming no more than LogSteadyGap apart.
	lastEvent, steadySince time.Time
}

func newLogBatcher(limit int) *logBatcher {
	return &logBatcher{limit: max(limit, 1), every: LogRefreshEvery}
}

func (b *logBatcher) setLimit(n int) { b.limit = max(n, 1) }

func (b *logBatcher) add(e sockets.Event, now time.Time) {
	if f, isNew := b.churn.Add(&e, 0); f != nil && !isNew {
		b.cur.folded++
	}
	b.cur.add(e, b.limit)
	if b.lastEvent.IsZero() || now.Sub(b.lastEvent) > LogSteadyGap {
		b.steadySince = now
	}
	b.lastEvent = now
	b.arm(now)
}

// steady reports whether events have come steadily for LogSteadyAfter.
func (b *logBatcher) steady(now time.Time) bool {
	return !b.lastEvent.IsZero() && now.Sub(b.steadySince) >= LogSteadyAfter && now.Sub(b.lastEvent) <= LogSteadyGap
}

func (b *logBatcher) arm(now time.Time) {
	if !b.armed {
		every := b.every
		if b.steady(now) {
			every = LogBusyRefreshEvery
		}
		b.due, b.armed = now.Add(every), true
	}
}

// next returns when take should be called next; false when nothing waits.
func (b *logBatcher) next() (time.Time, bool) { return b.due, b.armed }

// take returns the batch to hand to the UI at now, if one is due and the
// UI holds none.
func (b *logBatcher) take(now time.Time) (logBatch, bool) {
	if !b.armed || now.Before(b.due) {
		return logBatch{}, false
	}
	b.armed = false
	if b.cur.empty() {
		return logBatch{}, false
	}
	if b.waiting {
		b.arm(now)
		return logBatch{}, false
	}
	send := b.cur
	b.cur = logBatch{rows: b.spare[:0]}
	b.spare = nil
	b.waiting = true
	b.every = LogRefreshEvery
	if uint64(len(send.rows))+send.skipped >= LogBusyRows || send.folded > 0 && send.folded >= len(send.rows) {
		b.every = LogBusyRefreshEvery
	}
	return send, true
}

// done records that the UI applied the batch take returned, and keeps its
// rows for the next batch.
func (b *logBatcher) done(rows []sockets.Event) {
	clear(rows)
	b.spare = rows[:0]
	b.waiting = false
}

// trim lets go of the row buffers a flood sized for the row limit.
func (b *logBatcher) trim() {
	b.spare = nil
	if len(b.cur.rows) == 0 {
		b.cur.rows = nil
	}
}

// rest returns everything collected, due or not, for when the drain stops.
func (b *logBatcher) rest() (logBatch, bool) {
	send := b.cur
	b.cur, b.armed = logBatch{}, false
	return send, !send.empty()
}
