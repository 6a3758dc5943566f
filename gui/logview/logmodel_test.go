package logview

import (
	"fmt"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/sockettester/sockettester/gui/internal/guitest"
	"github.com/sockettester/sockettester/sockets"
)

// logTestRows returns n info events whose Msg is "row i", alternately
// from the server and the client.
func logTestRows(first, n int) []sockets.Event {
	rows := make([]sockets.Event, n)
	for i := range rows {
		k := first + i
		side := sockets.SideServer
		if k%2 == 1 {
			side = sockets.SideClient
		}
		rows[i] = sockets.Event{Time: guitest.EventTime.Add(time.Duration(k) * time.Millisecond), Side: side,
			Kind: sockets.KindInfo, Msg: fmt.Sprintf("row %d", k)}
	}
	return rows
}

func logMsgs(rows []sockets.Event) string {
	s := make([]string, len(rows))
	for i, r := range rows {
		s[i] = r.Msg
	}
	return strings.Join(s, ",")
}

func logWantMsgs(ks ...int) string {
	s := make([]string, len(ks))
	for i, k := range ks {
		s[i] = fmt.Sprintf("row %d", k)
	}
	return strings.Join(s, ",")
}

func TestLogModelKeepsNewestRows(t *testing.T) {
	m := newLogModel(5)
	for _, r := range logTestRows(0, 3) {
		m.Append([]sockets.Event{r}, 0)
	}
	if got, want := logMsgs(m.Shown()), logWantMsgs(0, 1, 2); got != want {
		t.Fatalf("rows = %s; want %s", got, want)
	}
	if removed, _ := m.Append(logTestRows(3, 9), 0); removed != 7 {
		t.Errorf("Append removed %d shown rows; want 7", removed)
	}
	if got, want := logMsgs(m.Shown()), logWantMsgs(7, 8, 9, 10, 11); got != want {
		t.Errorf("rows = %s; want %s", got, want)
	}
	if got, want := m.Counts(), (LogCounts{Total: 12, Dropped: 7, Kept: 5, Shown: 5}); got != want {
		t.Errorf("counts = %+v; want %+v", got, want)
	}
	// Rows dropped before reaching the model count as appended and dropped.
	m.Append(logTestRows(12, 1), 4)
	if got, want := m.Counts(), (LogCounts{Total: 17, Dropped: 12, Kept: 5, Shown: 5}); got != want {
		t.Errorf("counts after skipped = %+v; want %+v", got, want)
	}
	if got, want := logMsgs(m.Kept()), logWantMsgs(8, 9, 10, 11, 12); got != want {
		t.Errorf("kept = %s; want %s", got, want)
	}
}

func TestLogModelFilter(t *testing.T) {
	m := newLogModel(6)
	m.Append(logTestRows(0, 4), 0)
	m.SetFilter(logSideClient, "")
	if got, want := logMsgs(m.Shown()), logWantMsgs(1, 3); got != want {
		t.Fatalf("client rows = %s; want %s", got, want)
	}
	// New and dropped rows keep the filtered view in step.
	if removed, _ := m.Append(logTestRows(4, 5), 0); removed != 1 {
		t.Errorf("Append removed %d shown rows; want 1 (row 1)", removed)
	}
	if got, want := logMsgs(m.Shown()), logWantMsgs(3, 5, 7); got != want {
		t.Errorf("client rows = %s; want %s", got, want)
	}
	m.SetFilter(LogSideAll, "ROW 1")
	// Kept rows are 3..8, so none matches.
	if got := logMsgs(m.Shown()); got != "" {
		t.Errorf("rows matching ROW 1 = %q; want none", got)
	}
	m.SetFilter(logSideServer, "row")
	if got, want := logMsgs(m.Shown()), logWantMsgs(4, 6, 8); got != want {
		t.Errorf("server rows = %s; want %s", got, want)
	}
	// Narrowing re-checks only the shown rows and gives the same answer as
	// filtering afresh.
	m.SetFilter(logSideServer, "row 6")
	if got, want := logMsgs(m.Shown()), logWantMsgs(6); got != want {
		t.Errorf("server rows matching row 6 = %s; want %s", got, want)
	}
	m.SetFilter(LogSideAll, "")
	if got, want := logMsgs(m.Shown()), logWantMsgs(3, 4, 5, 6, 7, 8); got != want {
		t.Errorf("all rows = %s; want %s", got, want)
	}
}

func TestLogModelIndexOf(t *testing.T) {
	m := newLogModel(4)
	m.Append(logTestRows(0, 6), 0) // keeps sequence numbers 2..5
	m.SetFilter(logSideServer, "") // rows 2, 4
	for _, tc := range []struct {
		seq  uint64
		i    int
		want bool
	}{{1, 0, false}, {2, 0, true}, {3, 1, false}, {4, 1, true}, {5, 2, false}} {
		i, ok := m.IndexOf(tc.seq)
		if ok != tc.want || (ok && i != tc.i) {
			t.Errorf("IndexOf(%d) = %d, %v; want %d, %v", tc.seq, i, ok, tc.i, tc.want)
		}
	}
}

func TestLogModelSetLimit(t *testing.T) {
	m := newLogModel(10)
	m.Append(logTestRows(0, 8), 0)
	m.SetFilter(logSideClient, "")
	m.SetLimit(3)
	if got, want := logMsgs(m.Kept()), logWantMsgs(5, 6, 7); got != want {
		t.Errorf("kept after shrinking = %s; want %s", got, want)
	}
	if got, want := logMsgs(m.Shown()), logWantMsgs(5, 7); got != want {
		t.Errorf("shown after shrinking = %s; want %s", got, want)
	}
	if got, want := m.Counts(), (LogCounts{Total: 8, Dropped: 5, Kept: 3, Shown: 2}); got != want {
		t.Errorf("counts = %+v; want %+v", got, want)
	}
	m.SetLimit(5)
	m.Append(logTestRows(8, 4), 0)
	if got, want := logMsgs(m.Kept()), logWantMsgs(7, 8, 9, 10, 11); got != want {
		t.Errorf("kept after growing = %s; want %s", got, want)
	}
	if got, want := logMsgs(m.Shown()), logWantMsgs(7, 9, 11); got != want {
		t.Errorf("shown after growing = %s; want %s", got, want)
	}
	m.SetLimit(0)
	if m.Limit() != 1 || m.Counts().Kept != 1 {
		t.Errorf("SetLimit(0): limit %d, kept %d; want 1, 1", m.Limit(), m.Counts().Kept)
	}
}

func TestLogModelClear(t *testing.T) {
	m := newLogModel(3)
	m.Append(logTestRows(0, 5), 2)
	m.noteGaps(1, 2)
	m.SetFilter(logSideServer, "")
	m.Clear()
	if got := m.Counts(); got != (LogCounts{}) {
		t.Errorf("counts after Clear = %+v; want zero", got)
	}
	m.Append(logTestRows(5, 4), 0)
	if got, want := logMsgs(m.Shown()), logWantMsgs(6, 8); got != want {
		t.Errorf("server rows after Clear = %s; want %s (the filter stays)", got, want)
	}
}

// TestLogModelMemoryFlat checks that the ring and the filtered view stop
// growing at the limit.
func TestLogModelMemoryFlat(t *testing.T) {
	const limit = 1000
	m := newLogModel(limit)
	m.SetFilter(logSideServer, "")
	batch := logTestRows(0, 100)
	for range 2000 {
		m.Append(batch, 0)
	}
	if c := len(m.rows.buf); c > 2*limit {
		t.Errorf("ring capacity %d; want at most %d", c, 2*limit)
	}
	if c := len(m.view.buf); c > 2*limit {
		t.Errorf("view capacity %d; want at most %d", c, 2*limit)
	}
	if got, want := m.Counts(), (LogCounts{Total: 200000, Dropped: 199000, Kept: limit, Shown: limit / 2}); got != want {
		t.Errorf("counts = %+v; want %+v", got, want)
	}
}

func TestLogModelByteBudget(t *testing.T) {
	m := newLogModel(100)
	m.budget = 1000
	rows := logTestRows(0, 10)
	for i := range rows {
		rows[i].Kind = sockets.KindReceived
		rows[i].Data = make([]byte, 300)
		rows[i].Bytes = 300
	}
	m.SetFilter(logSideServer, "")
	removed, _ := m.Append(rows, 0)
	// 300-byte payloads under a 1000-byte budget: the newest 3 stay.
	if got, want := logMsgs(m.Kept()), logWantMsgs(7, 8, 9); got != want {
		t.Errorf("kept = %s; want %s", got, want)
	}
	if got, want := m.Counts(), (LogCounts{Total: 10, Dropped: 7, Kept: 3, Shown: 1}); got != want {
		t.Errorf("counts = %+v; want %+v", got, want)
	}
	if removed != 4 { // server rows 0, 2, 4, 6
		t.Errorf("Append removed %d shown rows; want 4", removed)
	}
	if m.bytes != 900 {
		t.Errorf("bytes kept = %d; want 900", m.bytes)
	}
	// One row over the budget on its own is still kept.
	big := logTestRows(10, 1)
	big[0].Data = make([]byte, 5000)
	m.Append(big, 0)
	if c := m.Counts(); c.Kept != 1 || m.bytes != 5000 {
		t.Errorf("after a huge row: kept %d, bytes %d; want 1, 5000", c.Kept, m.bytes)
	}
	// The next row brings it over the budget with company: the huge row goes.
	m.Append(logTestRows(11, 2), 0) // no payload
	if c := m.Counts(); c.Kept != 2 || m.bytes != 0 {
		t.Errorf("kept %d, bytes %d; want 2, 0", c.Kept, m.bytes)
	}
}

func TestLogModelConcurrent(t *testing.T) {
	m := newLogModel(100)
	var wg sync.WaitGroup
	for w := range 4 {
		wg.Go(func() {
			for i := range 500 {
				m.Append(logTestRows(w*1000+i, 3), 1)
			}
		})
	}
	wg.Go(func() {
		for range 200 {
			m.Shown()
			m.Counts()
			m.Row(5)
			m.SetFilter(logSideFilter(len(m.Kept())%3), "row")
		}
	})
	wg.Wait()
	if got, want := m.Counts().Total, uint64(4*500*4); got != want {
		t.Errorf("total = %d; want %d", got, want)
	}
}

// TestLogModelPacksPayloads keeps payloads in shared slabs, byte for byte,
// and lets a slab go once its rows have.
func TestLogModelPacksPayloads(t *testing.T) {
	m := newLogModel(100)
	var rows []sockets.Event
	for i := range 1000 {
		d := []byte(fmt.Sprintf("payload %d", i))
		rows = append(rows, sockets.Event{Kind: sockets.KindReceived, Data: d, Bytes: len(d)})
	}
	big := make([]byte, slabMaxPacked+1)
	rows = append(rows, sockets.Event{Kind: sockets.KindReceived, Data: big, Bytes: len(big)})
	m.Append(rows, 0)
	kept := m.Kept()
	for i, e := range kept[:len(kept)-1] {
		if want := fmt.Sprintf("payload %d", 901+i); string(e.Data) != want {
			t.Fatalf("row %d holds %q; want %q", i, e.Data, want)
		}
	}
	if last := kept[len(kept)-1]; &last.Data[0] != &big[0] {
		t.Error("a large payload was copied; it keeps its own allocation")
	}
	// 1000 short payloads fill one slab; only the ones still kept hold it.
	if n := m.slabs.Len(); n != 1 {
		t.Errorf("%d slabs for 100 short payloads kept; want 1", n)
	}
	m.Clear()
	if m.slabs.Len() != 0 {
		t.Error("Clear kept the slabs")
	}
}
