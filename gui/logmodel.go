package gui

import (
	"bytes"
	"encoding/hex"
	"fmt"
	"sort"
	"strconv"
	"strings"
	"sync"
	"unicode/utf8"

	"github.com/sockettester/sockettester/sockets"
)

// defaultLogLimit is how many rows the log keeps unless SetLimit says
// otherwise.
const defaultLogLimit = 10000

// logRowContentMax is how many characters of content a log row shows before it
// is cut with "…"; the detail area shows everything.
const logRowContentMax = 120

// logRowHexBytes is how many bytes a row shows in hex before "…": 119
// characters, so the cut falls between pairs.
const logRowHexBytes = logRowContentMax / 3

// logRow is one event as the log shows it. Data is shared with the event
// and never modified.
type logRow struct {
	sockets.Event
}

// logRowFromEvent turns an engine event into a log row.
func logRowFromEvent(e sockets.Event) logRow { return logRow{e} }

// notShown reports whether the row is the event queue's gap report, and how
// many events it says were not shown.
func (r logRow) notShown() (uint64, bool) {
	return r.Skipped, r.Kind == sockets.KindGap
}

// TimeText returns the time of day with milliseconds, "15:04:05.000".
func (r logRow) TimeText() string { return r.Time.Format("15:04:05.000") }

// FullTimeText returns the date and time with milliseconds,
// "2006-01-02 15:04:05.000", as saved files and copied lines show it.
func (r logRow) FullTimeText() string { return r.Time.Format("2006-01-02 15:04:05.000") }

// SideText returns "Server" or "Client".
func (r logRow) SideText() string {
	if r.Side == sockets.SideClient {
		return "Client"
	}
	return "Server"
}

// DirectionText returns what happened: "sent", "received", "connected",
// "disconnected", "listening", "stopped", "info" or "error".
func (r logRow) DirectionText() string { return r.Kind.String() }

// PeerText returns the remote address, or for listener events that have no
// peer the local address they concern.
func (r logRow) PeerText() string { return r.Peer() }

// hasData reports whether the row carries a payload (sent or received).
func (r logRow) hasData() bool { return r.Kind.IsData() }

// BytesText returns the byte count for sent and received rows, "" otherwise.
func (r logRow) BytesText() string {
	if !r.hasData() {
		return ""
	}
	return strconv.Itoa(r.Bytes)
}

// messageText joins Msg and Err as "msg: err", on one line.
func (r logRow) messageText() string { return r.Message() }

// Content returns what the content column shows, uncut: for sent and
// received rows the captured bytes as escaped text (sockets.RenderText) or,
// with hex, as hex pairs (sockets.HexString); for other rows the message and
// error, whatever hex says.
func (r logRow) Content(hex bool) string {
	if !r.hasData() {
		return r.messageText()
	}
	if hex {
		return sockets.HexString(r.Data)
	}
	return sockets.RenderText(r.Data)
}

// cellContent is what a row shows: Content cut to logRowContentMax
// characters plus "…", or in hex to logRowHexBytes bytes plus "…". It renders
// only the prefix of the data it needs, so a row costs the same however big
// its payload.
func (r logRow) cellContent(hex bool) string {
	if !r.hasData() {
		return logCut(r.messageText(), logRowContentMax)
	}
	if hex {
		if len(r.Data) > logRowHexBytes {
			return sockets.HexString(r.Data[:logRowHexBytes]) + "…"
		}
		return sockets.HexString(r.Data)
	}
	// Every byte or character renders to at least one character and a
	// character is at most utf8.UTFMax bytes, so this prefix renders to more
	// than logRowContentMax characters whenever the whole data does, and its
	// first logRowContentMax characters are the same.
	return logCut(sockets.RenderText(r.Data[:min(len(r.Data), (logRowContentMax+1)*utf8.UTFMax)]), logRowContentMax)
}

// logCut returns s cut to max characters with "…" appended when it is
// longer.
func logCut(s string, max int) string {
	if len(s) <= max {
		return s
	}
	n := 0
	for i := range s {
		if n == max {
			return s[:i] + "…"
		}
		n++
	}
	return s
}

// capturedNote says how much of a truncated payload was kept, "" otherwise.
func (r logRow) capturedNote() string {
	if !r.Truncated {
		return ""
	}
	return fmt.Sprintf("[first %d of %d bytes]", len(r.Data), r.Bytes)
}

// Line renders the row as the event schema's text line, with content as
// text or hex. Copy uses it, as the plain-text save does.
func (r logRow) Line(hex bool) string {
	if hex {
		return r.Event.Line(sockets.FormatHex)
	}
	return r.Event.Line(sockets.FormatText)
}

// Detail renders the row in full for the detail area: a header, the
// addresses, the byte count, message and error, then the whole captured
// payload as text (broken after each newline byte) and as a hex dump.
func (r logRow) Detail() string {
	var b strings.Builder
	fmt.Fprintf(&b, "%s  %s  %s", r.FullTimeText(), r.SideText(), r.DirectionText())
	if r.Network != "" {
		b.WriteString("  " + r.Network)
	}
	b.WriteByte('\n')
	if r.Local != "" {
		b.WriteString("Local:   " + r.Local + "\n")
	}
	if r.Remote != "" {
		b.WriteString("Remote:  " + r.Remote + "\n")
	}
	if r.hasData() {
		fmt.Fprintf(&b, "Bytes:   %d", r.Bytes)
		if r.Truncated {
			fmt.Fprintf(&b, " (first %d captured)", len(r.Data))
		}
		b.WriteByte('\n')
	}
	if r.Msg != "" {
		b.WriteString("Message: " + r.Msg + "\n")
	}
	if r.Err != nil {
		b.WriteString("Error:   " + r.ErrText() + "\n")
	}
	if r.hasData() {
		b.WriteString("\nText:\n")
		for _, line := range bytes.SplitAfter(r.Data, []byte{'\n'}) {
			if len(line) > 0 {
				b.WriteString(sockets.RenderText(line))
				b.WriteByte('\n')
			}
		}
		b.WriteString("\nHex:\n")
		b.WriteString(sockets.HexDump(r.Data))
	}
	return strings.TrimSuffix(b.String(), "\n")
}

// logSideFilter selects rows by side.
type logSideFilter int

// Side filters, in the order of the side select's options.
const (
	logSideAll logSideFilter = iota
	logSideServer
	logSideClient
)

// logFilter is what the view shows: rows of a side whose peer, content (as
// text or hex) or message contains query, ignoring case.
type logFilter struct {
	side  logSideFilter
	query string // as typed
	lower string // lower-cased query
	hex   string // lower-cased query without spaces, to match compact hex
}

func newLogFilter(side logSideFilter, query string) logFilter {
	lower := strings.ToLower(strings.TrimSpace(query))
	return logFilter{side: side, query: query, lower: lower, hex: strings.ReplaceAll(lower, " ", "")}
}

// all reports whether the filter lets every row through.
func (f logFilter) all() bool { return f.side == logSideAll && f.lower == "" }

// match reports whether r passes the filter.
func (f logFilter) match(r *logRow) bool {
	switch f.side {
	case logSideServer:
		if r.Side != sockets.SideServer {
			return false
		}
	case logSideClient:
		if r.Side != sockets.SideClient {
			return false
		}
	}
	if f.lower == "" {
		return true
	}
	if logContainsFold(r.Remote, f.lower) || logContainsFold(r.Local, f.lower) ||
		logContainsFold(r.Msg, f.lower) || logContainsFold(r.ErrText(), f.lower) {
		return true
	}
	if !r.hasData() || len(r.Data) == 0 {
		return false
	}
	if logContainsFold(sockets.RenderText(r.Data), f.lower) {
		return true
	}
	if f.hex == "" || strings.Trim(f.hex, "0123456789abcdef") != "" {
		return false
	}
	// A query of hex digits matches the hex pairs whether typed with spaces
	// ("6c 6c") or without ("6c6c").
	return strings.Contains(sockets.HexString(r.Data), f.lower) || strings.Contains(hex.EncodeToString(r.Data), f.hex)
}

// logContainsFold reports whether s contains lower, which is already lower case.
func logContainsFold(s, lower string) bool {
	if len(s) < len(lower) {
		return false
	}
	if logIsLowerASCII(s) {
		return strings.Contains(s, lower)
	}
	return strings.Contains(strings.ToLower(s), lower)
}

func logIsLowerASCII(s string) bool {
	for i := 0; i < len(s); i++ {
		if c := s[i]; c >= utf8.RuneSelf || ('A' <= c && c <= 'Z') {
			return false
		}
	}
	return true
}

// logSeqRing is a FIFO of row sequence numbers, growing up to the model's limit.
type logSeqRing struct {
	buf  []uint64
	head int
	n    int
}

func (q *logSeqRing) len() int { return q.n }

func (q *logSeqRing) at(i int) uint64 {
	j := q.head + i
	if j >= len(q.buf) {
		j -= len(q.buf)
	}
	return q.buf[j]
}

func (q *logSeqRing) push(s uint64) {
	if q.n == len(q.buf) {
		nb := make([]uint64, max(16, 2*len(q.buf)))
		for i := 0; i < q.n; i++ {
			nb[i] = q.at(i)
		}
		q.buf, q.head = nb, 0
	}
	j := q.head + q.n
	if j >= len(q.buf) {
		j -= len(q.buf)
	}
	q.buf[j] = s
	q.n++
}

func (q *logSeqRing) front() (uint64, bool) {
	if q.n == 0 {
		return 0, false
	}
	return q.buf[q.head], true
}

func (q *logSeqRing) popFront() {
	q.head++
	if q.head == len(q.buf) {
		q.head = 0
	}
	q.n--
}

func (q *logSeqRing) reset() { *q = logSeqRing{} }

// logCounts are the model's exact counters since it was made or cleared.
type logCounts struct {
	Total    uint64 // rows appended, including those dropped before being kept
	Dropped  uint64 // rows no longer kept: past the row limit or the byte budget
	Kept     int    // rows kept now
	Shown    int    // kept rows that pass the filter
	Gaps     uint64 // "N events not shown" rows the engine's queue sent
	NotShown uint64 // the sum of their N: events the queue had no room for
}

// logModel holds the newest rows, up to a row limit and a payload byte
// budget, in a ring buffer, and the filtered view of them as a FIFO of
// sequence numbers. Every row gets the next sequence number; the kept rows
// have consecutive numbers starting at first. Appending is O(1) amortised
// and memory stays flat however many rows pass through. It is safe for
// concurrent use.
type logModel struct {
	mu       sync.Mutex
	limit    int
	budget   int      // payload bytes kept at most
	rows     []logRow // ring: rows[head] is the oldest of count kept rows; grows up to limit
	head     int
	count    int
	bytes    int    // payload bytes kept
	first    uint64 // sequence number of the oldest kept row
	total    uint64
	dropped  uint64
	gaps     uint64
	notShown uint64
	filter   logFilter
	view     logSeqRing // sequence numbers of kept rows passing filter; unused when filter.all()
}

func newLogModel(limit int) *logModel {
	if limit <= 0 {
		limit = defaultLogLimit
	}
	return &logModel{limit: limit, budget: logDataBudget}
}

// at returns the k-th oldest kept row. The caller holds mu.
func (m *logModel) at(k int) *logRow {
	i := m.head + k
	if i >= len(m.rows) {
		i -= len(m.rows)
	}
	return &m.rows[i]
}

// bySeq returns the kept row with sequence number s. The caller holds mu.
func (m *logModel) bySeq(s uint64) (*logRow, bool) {
	if s < m.first || s-m.first >= uint64(m.count) {
		return nil, false
	}
	return m.at(int(s - m.first)), true
}

// Append adds rows, oldest first. skipped counts rows that came before them
// but were dropped before reaching the model (they count as appended and
// dropped). It returns how many rows left the front of the filtered view
// because the limit or the byte budget pushed them out.
func (m *logModel) Append(rows []logRow, skipped uint64) (viewRemoved int) {
	m.mu.Lock()
	defer m.mu.Unlock()
	m.total += skipped
	m.dropped += skipped
	all := m.filter.all()
	for i := range rows {
		if m.count == m.limit {
			viewRemoved += m.dropOldest()
		}
		m.pushNewest(rows[i])
		for m.bytes > m.budget && m.count > 1 {
			viewRemoved += m.dropOldest()
		}
		if !all && m.filter.match(&rows[i]) {
			m.view.push(m.first + uint64(m.count) - 1)
		}
	}
	return viewRemoved
}

// pushNewest stores r after the newest row, growing the ring (by doubling,
// up to the limit) when it is full. The caller holds mu and has made room if
// count is at the limit.
func (m *logModel) pushNewest(r logRow) {
	if m.count == len(m.rows) {
		grown := make([]logRow, min(m.limit, max(64, 2*len(m.rows))))
		for k := range m.count {
			grown[k] = *m.at(k)
		}
		m.rows, m.head = grown, 0
	}
	i := m.head + m.count
	if i >= len(m.rows) {
		i -= len(m.rows)
	}
	m.rows[i] = r
	m.count++
	m.total++
	m.bytes += len(r.Data)
}

// dropOldest lets the oldest kept row go and reports whether it left the
// filtered view (0 or 1). The caller holds mu and count > 0.
func (m *logModel) dropOldest() int {
	removed := 0
	if m.filter.all() {
		removed = 1
	} else if s, ok := m.view.front(); ok && s == m.first {
		m.view.popFront()
		removed = 1
	}
	m.bytes -= len(m.rows[m.head].Data)
	m.rows[m.head] = logRow{} // let the payload go
	m.head++
	if m.head == len(m.rows) {
		m.head = 0
	}
	m.count--
	m.first++
	m.dropped++
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
	m.first += uint64(m.count)
	m.rows = nil
	m.head, m.count, m.bytes = 0, 0, 0
	m.total, m.dropped, m.gaps, m.notShown = 0, 0, 0, 0
	m.view.reset()
}

// SetLimit bounds the rows kept to n (at least 1), dropping the oldest rows
// if there are more.
func (m *logModel) SetLimit(n int) {
	if n < 1 {
		n = 1
	}
	m.mu.Lock()
	defer m.mu.Unlock()
	if n == m.limit {
		return
	}
	for m.count > n {
		m.dropOldest()
	}
	rows := make([]logRow, min(n, max(64, m.count)))
	for k := range m.count {
		rows[k] = *m.at(k)
	}
	m.rows, m.head, m.limit = rows, 0, n
}

// Limit returns the bound on rows kept.
func (m *logModel) Limit() int {
	m.mu.Lock()
	defer m.mu.Unlock()
	return m.limit
}

// SetFilter changes which kept rows the view shows. Narrowing a search
// (the new query contains the old one) only re-checks the rows shown.
func (m *logModel) SetFilter(side logSideFilter, query string) {
	f := newLogFilter(side, query)
	m.mu.Lock()
	defer m.mu.Unlock()
	old := m.filter
	if f == old {
		return
	}
	m.filter = f
	if f.all() {
		m.view.reset()
		return
	}
	if !old.all() && f.side == old.side && strings.Contains(f.lower, old.lower) {
		var v logSeqRing
		for i := 0; i < m.view.len(); i++ {
			s := m.view.at(i)
			if r, ok := m.bySeq(s); ok && f.match(r) {
				v.push(s)
			}
		}
		m.view = v
		return
	}
	m.view.reset()
	for k := 0; k < m.count; k++ {
		if f.match(m.at(k)) {
			m.view.push(m.first + uint64(k))
		}
	}
}

// Len returns how many rows the view shows.
func (m *logModel) Len() int {
	m.mu.Lock()
	defer m.mu.Unlock()
	return m.lenLocked()
}

func (m *logModel) lenLocked() int {
	if m.filter.all() {
		return m.count
	}
	return m.view.len()
}

// seqAtLocked returns the sequence number of shown row i. The caller holds
// mu and has checked i.
func (m *logModel) seqAtLocked(i int) uint64 {
	if m.filter.all() {
		return m.first + uint64(i)
	}
	return m.view.at(i)
}

// Row returns shown row i and its sequence number.
func (m *logModel) Row(i int) (logRow, uint64, bool) {
	m.mu.Lock()
	defer m.mu.Unlock()
	if i < 0 || i >= m.lenLocked() {
		return logRow{}, 0, false
	}
	s := m.seqAtLocked(i)
	r, _ := m.bySeq(s)
	return *r, s, true
}

// Shown returns a copy of the rows the view shows, oldest first.
func (m *logModel) Shown() []logRow {
	m.mu.Lock()
	defer m.mu.Unlock()
	n := m.lenLocked()
	out := make([]logRow, n)
	for i := range n {
		r, _ := m.bySeq(m.seqAtLocked(i))
		out[i] = *r
	}
	return out
}

// Kept returns a copy of every kept row, oldest first, whatever the filter.
func (m *logModel) Kept() []logRow {
	m.mu.Lock()
	defer m.mu.Unlock()
	out := make([]logRow, m.count)
	for k := range out {
		out[k] = *m.at(k)
	}
	return out
}

// Counts returns the model's counters.
func (m *logModel) Counts() logCounts {
	m.mu.Lock()
	defer m.mu.Unlock()
	return logCounts{Total: m.total, Dropped: m.dropped, Kept: m.count, Shown: m.lenLocked(), Gaps: m.gaps, NotShown: m.notShown}
}

// IndexOf returns where the row with sequence number s is shown.
func (m *logModel) IndexOf(s uint64) (int, bool) {
	m.mu.Lock()
	defer m.mu.Unlock()
	n := m.lenLocked()
	i := sort.Search(n, func(i int) bool { return m.seqAtLocked(i) >= s })
	return i, i < n && m.seqAtLocked(i) == s
}
