package logview

import (
	"sort"
	"strings"
	"sync"

	"github.com/sockettester/sockettester/sockets"
)

// DefaultLogLimit is how many rows the log keeps unless SetLimit says
// otherwise.
const DefaultLogLimit = 10000

// LogCounts are the model's exact counters since it was made or cleared.
type LogCounts struct {
	Total    uint64 // rows appended, including those dropped before being kept
	Dropped  uint64 // rows no longer kept: past the row limit or the byte budget
	Kept     int    // rows kept now
	Shown    int    // kept rows that pass the filter
	Gaps     uint64 // "N events not shown" rows the engine's queue sent
	NotShown uint64 // the sum of their N: events the queue had no room for
}

// logModel holds the newest events in a ring buffer, up to a row limit and
// a payload byte budget, and the filtered view as a FIFO of sequence numbers;
// kept rows have consecutive numbers from first. It is safe for concurrent use.
type logModel struct {
	mu       sync.Mutex
	limit    int
	budget   int                 // payload bytes kept at most
	rows     Ring[sockets.Event] // the kept rows, oldest first; grows up to limit
	bytes    int                 // payload bytes kept
	first    uint64              // sequence number of the oldest kept row
	total    uint64
	dropped  uint64
	gaps     uint64
	notShown uint64
	filter   logFilter
	view     Ring[uint64] // sequence numbers of the rows shown; unused when direct()
	slabs    Ring[dataSlab]
	// churn folds connection churn (churn.go); foldOf holds, beside each
	// kept row, the fold it went into, or nil. A fold shows as one row
	// where its first event is; its other events are kept but not shown.
	churn   ChurnFolder
	foldOf  Ring[*ChurnFold]
	folding bool // some row folded since the last Clear, so the view lists the rows shown
}

// direct reports whether every kept row shows, as itself: no filter, no fold.
// The caller holds mu.
func (m *logModel) direct() bool { return m.filter.all() && !m.folding }

// shownAs returns what kept row k shows as: itself, its fold's row, or
// nil when it is folded into a row shown elsewhere. The caller holds mu.
func (m *logModel) shownAs(k int) *sockets.Event {
	f := *m.foldOf.At(k)
	if f == nil {
		return m.rows.At(k)
	}
	if f.First != m.first+uint64(k) {
		return nil
	}
	e := f.Event()
	return &e
}

// shows reports whether kept row k is in the view. The caller holds mu.
func (m *logModel) shows(k int) bool {
	e := m.shownAs(k)
	return e != nil && (m.filter.all() || m.filter.match(e))
}

// rebuildView lists the rows shown from scratch. The caller holds mu.
func (m *logModel) rebuildView() {
	m.view.Reset()
	if m.direct() {
		return
	}
	for k := 0; k < m.rows.Len(); k++ {
		if m.shows(k) {
			m.view.Push(m.first+uint64(k), 0)
		}
	}
}

// dataSlab packs the payloads of consecutive rows: the few rows a flood
// leaves would otherwise pin the memory around their scattered allocations;
// a slab goes as a whole once its last row does.
type dataSlab struct {
	buf  []byte
	last uint64 // the sequence number of the newest row in it
}

// Payloads packed into slabs, and the largest one packed; a larger one
// keeps its own allocation, which it fills alone.
const (
	slabSize      = 64 << 10
	slabMaxPacked = slabSize / 16
)

// pack copies d into a slab and returns the copy. The caller holds mu.
func (m *logModel) pack(d []byte, seq uint64) []byte {
	if len(d) == 0 || len(d) > slabMaxPacked {
		return d
	}
	s, ok := m.slabs.back()
	if !ok || cap(s.buf)-len(s.buf) < len(d) {
		m.slabs.Push(dataSlab{buf: make([]byte, 0, slabSize)}, 0)
		s, _ = m.slabs.back()
	}
	off := len(s.buf)
	s.buf = append(s.buf, d...)
	s.last = seq
	return s.buf[off:len(s.buf):len(s.buf)]
}

// freeSlabs lets go of slabs whose rows are all gone. The caller holds mu.
func (m *logModel) freeSlabs() {
	for {
		s, ok := m.slabs.front()
		if !ok || s.last >= m.first {
			return
		}
		m.slabs.PopFront()
	}
}

func newLogModel(limit int) *logModel {
	if limit <= 0 {
		limit = DefaultLogLimit
	}
	return &logModel{limit: limit, budget: logDataBudget}
}

// bySeq returns the kept row with sequence number s. The caller holds mu.
func (m *logModel) bySeq(s uint64) (*sockets.Event, bool) {
	if s < m.first || s-m.first >= uint64(m.rows.Len()) {
		return nil, false
	}
	return m.rows.At(int(s - m.first)), true
}

// Append adds rows, oldest first. skipped counts rows that came before them
// but were dropped before reaching the model (they count as appended and
// dropped). It returns how many rows left the front of the filtered view
// because the limit or the byte budget pushed them out, and the sequence
// number of the first row added (the others follow it).
func (m *logModel) Append(rows []sockets.Event, skipped uint64) (viewRemoved int, first uint64) {
	m.mu.Lock()
	defer m.mu.Unlock()
	first = m.first + uint64(m.rows.Len())
	m.total += skipped
	m.dropped += skipped
	for i := range rows {
		if m.rows.Len() == m.limit {
			viewRemoved += m.dropOldest()
		}
		seq := m.first + uint64(m.rows.Len())
		f, _ := m.churn.Add(&rows[i], seq)
		if f != nil && !m.folding {
			m.folding = true
			m.rebuildView()
		}
		m.rows.Push(rows[i], m.limit)
		m.foldOf.Push(f, m.limit)
		kept := m.rows.At(m.rows.Len() - 1)
		kept.Data = m.pack(kept.Data, seq)
		m.total++
		m.bytes += len(rows[i].Data)
		for m.bytes > m.budget && m.rows.Len() > 1 {
			viewRemoved += m.dropOldest()
		}
		if !m.direct() && m.shows(int(seq-m.first)) {
			m.view.Push(seq, 0)
		}
	}
	return viewRemoved, first
}

// dropOldest lets the oldest kept row go and reports whether it left the
// filtered view (0 or 1). The caller holds mu and keeps at least one row.
func (m *logModel) dropOldest() int {
	removed := 0
	if m.direct() {
		removed = 1
	} else if s, ok := m.view.front(); ok && *s == m.first {
		m.view.PopFront()
		removed = 1
	}
	gone := m.rows.PopFront()
	m.foldOf.PopFront()
	m.bytes -= len(gone.Data)
	m.first++
	m.dropped++
	m.freeSlabs()
	return removed
}

// noteGaps counts "N events not shown" rows the drain saw, including any it
// let go before they reached the model.
func (m *logModel) noteGaps(gaps, notShown uint64) {
	if gaps == 0 {
		return
	}
	m.mu.Lock()
	defer m.mu.Unlock()
	m.gaps += gaps
	m.notShown += notShown
}

// Clear forgets every row and resets the counters; the filter stays.
func (m *logModel) Clear() {
	m.mu.Lock()
	defer m.mu.Unlock()
	m.first += uint64(m.rows.Len())
	m.rows.Reset()
	m.foldOf.Reset()
	m.churn.Reset()
	m.folding = false
	m.slabs.Reset()
	m.bytes = 0
	m.total, m.dropped, m.gaps, m.notShown = 0, 0, 0, 0
	m.view.Reset()
}

// SetLimit bounds the rows kept to n, at least 1.
func (m *logModel) SetLimit(n int) {
	if n < 1 {
		n = 1
	}
	m.mu.Lock()
	defer m.mu.Unlock()
	if n == m.limit {
		return
	}
	for m.rows.Len() > n {
		m.dropOldest()
	}
	m.rows.resize(min(n, max(ringMinCap, m.rows.Len())))
	m.foldOf.resize(min(n, max(ringMinCap, m.foldOf.Len())))
	m.limit = n
}

// SetFilter changes which kept rows the view shows. Narrowing a search
// (the new query contains the old one) only re-checks the rows shown.
func (m *logModel) SetFilter(side logSideFilter, query string) {
	m.setFilter(newLogFilter(side, query))
}

// SetClientFilter shows the rows of the client tab named name (its
// events' Event.Name) that match query.
func (m *logModel) SetClientFilter(name, query string) {
	f := newLogFilter(logSideClient, query)
	f.name = name
	m.setFilter(f)
}

func (m *logModel) setFilter(f logFilter) {
	m.mu.Lock()
	defer m.mu.Unlock()
	old := m.filter
	if f == old {
		return
	}
	m.filter = f
	if !f.all() && !old.all() && f.side == old.side && f.name == old.name && strings.Contains(f.lower, old.lower) {
		var v Ring[uint64]
		for i := 0; i < m.view.Len(); i++ {
			s := *m.view.At(i)
			if s >= m.first && m.shows(int(s-m.first)) {
				v.Push(s, 0)
			}
		}
		m.view = v
		return
	}
	m.rebuildView()
}

// Len returns how many rows the view shows.
func (m *logModel) Len() int {
	m.mu.Lock()
	defer m.mu.Unlock()
	return m.lenLocked()
}

func (m *logModel) lenLocked() int {
	if m.direct() {
		return m.rows.Len()
	}
	return m.view.Len()
}

// seqAtLocked: the caller holds mu and has checked i.
func (m *logModel) seqAtLocked(i int) uint64 {
	if m.direct() {
		return m.first + uint64(i)
	}
	return *m.view.At(i)
}

// Row returns shown row i and its sequence number.
func (m *logModel) Row(i int) (sockets.Event, uint64, bool) {
	m.mu.Lock()
	defer m.mu.Unlock()
	if i < 0 || i >= m.lenLocked() {
		return sockets.Event{}, 0, false
	}
	s := m.seqAtLocked(i)
	return *m.shownAs(int(s - m.first)), s, true
}

// Kept returns a copy of every kept row, oldest first, whatever the filter.
func (m *logModel) Kept() []sockets.Event {
	m.mu.Lock()
	defer m.mu.Unlock()
	out := make([]sockets.Event, m.rows.Len())
	for k := range out {
		out[k] = *m.rows.At(k)
	}
	return out
}

func (m *logModel) Counts() LogCounts {
	m.mu.Lock()
	defer m.mu.Unlock()
	return LogCounts{Total: m.total, Dropped: m.dropped, Kept: m.rows.Len(), Shown: m.lenLocked(), Gaps: m.gaps, NotShown: m.notShown}
}

// IndexOf returns where the row with sequence number s is shown.
func (m *logModel) IndexOf(s uint64) (int, bool) {
	m.mu.Lock()
	defer m.mu.Unlock()
	n := m.lenLocked()
	i := sort.Search(n, func(i int) bool { return m.seqAtLocked(i) >= s })
	return i, i < n && m.seqAtLocked(i) == s
}

// Shown returns a copy of the rows the view shows, oldest first: a fold
// as its one row.
func (m *logModel) Shown() []sockets.Event {
	m.mu.Lock()
	defer m.mu.Unlock()
	n := m.lenLocked()
	out := make([]sockets.Event, n)
	for i := range n {
		out[i] = *m.shownAs(int(m.seqAtLocked(i) - m.first))
	}
	return out
}

// ShownEvents returns a copy of the events behind the rows the view
// shows, oldest first: a fold stands for every event it folded, so a save
// of the rows shown has each of them.
func (m *logModel) ShownEvents() []sockets.Event {
	m.mu.Lock()
	defer m.mu.Unlock()
	var out []sockets.Event
	for k := 0; k < m.rows.Len(); k++ {
		shown := m.rows.At(k)
		if f := *m.foldOf.At(k); f != nil {
			e := f.Event()
			shown = &e
		}
		if m.filter.all() || m.filter.match(shown) {
			out = append(out, *m.rows.At(k))
		}
	}
	return out
}

// FoldOf returns the fold the row with sequence number s went into, if
// it is kept and folded.
func (m *logModel) FoldOf(s uint64) (*ChurnFold, bool) {
	m.mu.Lock()
	defer m.mu.Unlock()
	if s < m.first || s-m.first >= uint64(m.foldOf.Len()) {
		return nil, false
	}
	f := *m.foldOf.At(int(s - m.first))
	return f, f != nil
}

// Filtered reports whether the filter hides any kept row.
func (m *logModel) Filtered() bool {
	m.mu.Lock()
	defer m.mu.Unlock()
	return !m.filter.all()
}

// FirstSeq returns the sequence number of the oldest kept row.
func (m *logModel) FirstSeq() uint64 {
	m.mu.Lock()
	defer m.mu.Unlock()
	return m.first
}

func (m *logModel) PayloadBytes() int {
	m.mu.Lock()
	defer m.mu.Unlock()
	return m.bytes
}
