package gui

import (
	"errors"
	"fmt"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/sockettester/sockettester/sockets"
)

// logTestBase is the time of the first test event; later events are 1 ms
// apart.
var logTestBase = time.Date(2024, 5, 6, 7, 8, 9, 123_000_000, time.Local)

// logTestRows returns n received rows whose Msg is "row i".
func logTestRows(first, n int) []logRow {
	rows := make([]logRow, n)
	for i := range rows {
		k := first + i
		side := sockets.SideServer
		if k%2 == 1 {
			side = sockets.SideClient
		}
		rows[i] = logRow{sockets.Event{Time: logTestBase.Add(time.Duration(k) * time.Millisecond), Side: side,
			Kind: sockets.KindInfo, Msg: fmt.Sprintf("row %d", k)}}
	}
	return rows
}

func logMsgs(rows []logRow) string {
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
		m.Append([]logRow{r}, 0)
	}
	if got, want := logMsgs(m.Shown()), logWantMsgs(0, 1, 2); got != want {
		t.Fatalf("rows = %s; want %s", got, want)
	}
	if removed := m.Append(logTestRows(3, 9), 0); removed != 7 {
		t.Errorf("Append removed %d shown rows; want 7", removed)
	}
	if got, want := logMsgs(m.Shown()), logWantMsgs(7, 8, 9, 10, 11); got != want {
		t.Errorf("rows = %s; want %s", got, want)
	}
	if got, want := m.Counts(), (logCounts{Total: 12, Dropped: 7, Kept: 5, Shown: 5}); got != want {
		t.Errorf("counts = %+v; want %+v", got, want)
	}
	// Rows dropped before reaching the model count as appended and dropped.
	m.Append(logTestRows(12, 1), 4)
	if got, want := m.Counts(), (logCounts{Total: 17, Dropped: 12, Kept: 5, Shown: 5}); got != want {
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
	if removed := m.Append(logTestRows(4, 5), 0); removed != 1 {
		t.Errorf("Append removed %d shown rows; want 1 (row 1)", removed)
	}
	if got, want := logMsgs(m.Shown()), logWantMsgs(3, 5, 7); got != want {
		t.Errorf("client rows = %s; want %s", got, want)
	}
	m.SetFilter(logSideAll, "ROW 1")
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
	m.SetFilter(logSideAll, "")
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
	if got, want := m.Counts(), (logCounts{Total: 8, Dropped: 5, Kept: 3, Shown: 2}); got != want {
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
	if got := m.Counts(); got != (logCounts{}) {
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
	if c := cap(m.rows); c > 2*limit {
		t.Errorf("ring capacity %d; want at most %d", c, 2*limit)
	}
	if c := len(m.view.buf); c > 2*limit {
		t.Errorf("view capacity %d; want at most %d", c, 2*limit)
	}
	if got, want := m.Counts(), (logCounts{Total: 200000, Dropped: 199000, Kept: limit, Shown: limit / 2}); got != want {
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
	removed := m.Append(rows, 0)
	// 300-byte payloads under a 1000-byte budget: the newest 3 stay.
	if got, want := logMsgs(m.Kept()), logWantMsgs(7, 8, 9); got != want {
		t.Errorf("kept = %s; want %s", got, want)
	}
	if got, want := m.Counts(), (logCounts{Total: 10, Dropped: 7, Kept: 3, Shown: 1}); got != want {
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

func TestLogBatchBounded(t *testing.T) {
	var b logBatch
	for _, r := range logTestRows(0, 25) {
		b.add(r, 5)
	}
	// Trimmed to the newest 5 whenever 10 piled up.
	if got, want := logMsgs(b.rows), logWantMsgs(20, 21, 22, 23, 24); got != want || b.skipped != 20 {
		t.Errorf("batch = %s, skipped %d; want %s, 20", got, b.skipped, want)
	}
	var big logBatch
	for i, r := range logTestRows(0, 400) {
		r.Data = make([]byte, 1<<20)
		r.Kind = sockets.KindReceived
		big.add(r, 1000)
		if big.bytes > logBatchBytes {
			t.Fatalf("after %d rows of 1 MiB the batch holds %d bytes", i+1, big.bytes)
		}
	}
	if big.skipped+uint64(len(big.rows)) != 400 || big.rows[len(big.rows)-1].Msg != "row 399" {
		t.Errorf("big batch: %d rows, skipped %d", len(big.rows), big.skipped)
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

func TestLogFilterMatch(t *testing.T) {
	row := logRow{sockets.Event{Side: sockets.SideClient, Kind: sockets.KindReceived, Remote: "127.0.0.1:5000",
		Local: "127.0.0.1:9000", Bytes: 7, Data: []byte("Hello\n\x01"), Msg: ""}}
	errRow := logRow{sockets.Event{Side: sockets.SideServer, Kind: sockets.KindDisconnected, Remote: "[::1]:4000",
		Msg: "reset by peer", Err: errors.New("read: Connection RESET")}}
	for _, tc := range []struct {
		side  logSideFilter
		query string
		row   logRow
		want  bool
	}{
		{logSideAll, "", row, true},
		{logSideClient, "", row, true},
		{logSideServer, "", row, false},
		{logSideAll, "hello", row, true},               // content text, any case
		{logSideAll, `LO\n\x01`, row, true},            // content as the row shows it
		{logSideAll, "6c 6f 0a", row, true},            // content hex
		{logSideAll, "6C6F0A", row, true},              // content hex without spaces
		{logSideAll, "6f 0a 01 ff", row, false},        // hex that is not there
		{logSideAll, "5000", row, true},                // peer
		{logSideAll, "9000", row, true},                // local address
		{logSideAll, "goodbye", row, false},            // nowhere
		{logSideAll, "RESET BY", errRow, true},         // message
		{logSideAll, "connection reset", errRow, true}, // error
		{logSideAll, "[::1]", errRow, true},
		{logSideClient, "reset", errRow, false},
		{logSideAll, "  hello  ", row, true}, // surrounding spaces ignored
	} {
		f := newLogFilter(tc.side, tc.query)
		if got := f.match(&tc.row); got != tc.want {
			t.Errorf("filter %d %q on %+v = %v; want %v", tc.side, tc.query, tc.row, got, tc.want)
		}
	}
}

func TestLogRowText(t *testing.T) {
	ts := time.Date(2024, 5, 6, 7, 8, 9, 45_600_000, time.Local)
	long := []byte(strings.Repeat("ab", 150))
	for _, tc := range []struct {
		name              string
		row               logRow
		dir, peer, nbytes string
		text, hex         string
		cellText, cellHex string
		lineText          string
	}{
		{
			name: "received",
			row: logRow{sockets.Event{Time: ts, Side: sockets.SideServer, Kind: sockets.KindReceived, Network: "tcp",
				Local: "127.0.0.1:9000", Remote: "127.0.0.1:5000", Bytes: 6, Data: []byte("hi\r\n\x00\xff")}},
			dir: "received", peer: "127.0.0.1:5000", nbytes: "6",
			text: `hi\r\n\0\xff`, hex: "68 69 0d 0a 00 ff",
			cellText: `hi\r\n\0\xff`, cellHex: "68 69 0d 0a 00 ff",
			lineText: `2024-05-06 07:08:09.045 server received tcp 127.0.0.1:5000 6B "hi\r\n\0\xff"`,
		},
		{
			name: "sent truncated",
			row: logRow{sockets.Event{Time: ts, Side: sockets.SideClient, Kind: sockets.KindSent, Network: "udp",
				Remote: "[::1]:53", Bytes: 5000, Data: long, Truncated: true}},
			dir: "sent", peer: "[::1]:53", nbytes: "5000",
			text: string(long), hex: strings.TrimSuffix(strings.Repeat("61 62 ", 150), " "),
			cellText: strings.Repeat("ab", 60) + "…", cellHex: strings.TrimSuffix(strings.Repeat("61 62 ", 20), " ") + "…",
			lineText: `2024-05-06 07:08:09.045 client sent udp [::1]:53 5000B "` + string(long) + `"...`,
		},
		{
			name: "listening",
			row: logRow{sockets.Event{Time: ts, Side: sockets.SideServer, Kind: sockets.KindListening, Network: "tcp",
				Local: "127.0.0.1:9000", Msg: "mode echo"}},
			dir: "listening", peer: "127.0.0.1:9000", nbytes: "",
			text: "mode echo", hex: "mode echo", cellText: "mode echo", cellHex: "mode echo",
			lineText: "2024-05-06 07:08:09.045 server listening tcp 127.0.0.1:9000 mode echo",
		},
		{
			name: "error over two lines",
			row: logRow{sockets.Event{Time: ts, Side: sockets.SideClient, Kind: sockets.KindError, Remote: "127.0.0.9:80",
				Msg: "connect failed", Err: errors.New("dial tcp:\nrefused")}},
			dir: "error", peer: "127.0.0.9:80",
			text: "connect failed: dial tcp: refused", hex: "connect failed: dial tcp: refused",
			cellText: "connect failed: dial tcp: refused", cellHex: "connect failed: dial tcp: refused",
			lineText: "2024-05-06 07:08:09.045 client error 127.0.0.9:80 connect failed: dial tcp: refused",
		},
		{
			name: "multi-byte text cut by characters",
			row:  logRow{sockets.Event{Time: ts, Kind: sockets.KindReceived, Bytes: 390, Data: []byte(strings.Repeat("€", 130))}},
			dir:  "received", nbytes: "390",
			text: strings.Repeat("€", 130), hex: strings.TrimSuffix(strings.Repeat("e2 82 ac ", 130), " "),
			cellText: strings.Repeat("€", 120) + "…", cellHex: strings.Repeat("e2 82 ac ", 13) + "e2…",
		},
	} {
		t.Run(tc.name, func(t *testing.T) {
			r := tc.row
			check := func(what, got, want string) {
				t.Helper()
				if got != want {
					t.Errorf("%s = %q; want %q", what, got, want)
				}
			}
			check("TimeText", r.TimeText(), "07:08:09.045")
			check("DirectionText", r.DirectionText(), tc.dir)
			check("PeerText", r.PeerText(), tc.peer)
			check("BytesText", r.BytesText(), tc.nbytes)
			check("Content(text)", r.Content(false), tc.text)
			check("Content(hex)", r.Content(true), tc.hex)
			check("cellContent(text)", r.cellContent(false), tc.cellText)
			check("cellContent(hex)", r.cellContent(true), tc.cellHex)
			if tc.lineText != "" {
				check("Line(text)", r.Line(false), tc.lineText)
			}
		})
	}
}

func TestLogCutMatchesWholeContent(t *testing.T) {
	// The row renders only a prefix of the data; it must show the same as
	// cutting the whole rendering, for any mix of byte kinds.
	pieces := []string{"a", "\n", "\xff", "€", "😀", "\\", "\x00", "\xf0\x9f"}
	for n := range 600 {
		var b strings.Builder
		for i := 0; b.Len() < n; i++ {
			b.WriteString(pieces[(i*7+n)%len(pieces)])
		}
		r := logRow{sockets.Event{Kind: sockets.KindReceived, Data: []byte(b.String())}}
		r.Bytes = len(r.Data)
		if got, want := r.cellContent(false), logCut(r.Content(false), logRowContentMax); got != want {
			t.Fatalf("n=%d: cell %q; want %q", n, got, want)
		}
		want := r.Content(true)
		if len(r.Data) > logRowHexBytes {
			want = want[:3*logRowHexBytes-1] + "…"
		}
		if got := r.cellContent(true); got != want {
			t.Fatalf("n=%d: hex cell %q; want %q", n, got, want)
		}
	}
}

func TestLogRowDetail(t *testing.T) {
	r := logRow{sockets.Event{Time: time.Date(2024, 5, 6, 7, 8, 9, 45_000_000, time.Local), Side: sockets.SideServer,
		Kind: sockets.KindReceived, Network: "tcp", Local: "127.0.0.1:9000", Remote: "127.0.0.1:5000",
		Bytes: 40, Data: []byte("GET / HTTP/1.1\r\nHost: x\r\n\r\n"), Truncated: true}}
	want := "2024-05-06 07:08:09.045  Server  received  tcp\n" +
		"Local:   127.0.0.1:9000\n" +
		"Remote:  127.0.0.1:5000\n" +
		"Bytes:   40 (first 27 captured)\n" +
		"\nText:\n" +
		`GET / HTTP/1.1\r\n` + "\n" +
		`Host: x\r\n` + "\n" +
		`\r\n` + "\n" +
		"\nHex:\n" +
		strings.TrimSuffix(sockets.HexDump(r.Data), "\n")
	if got := r.Detail(); got != want {
		t.Errorf("Detail =\n%s\nwant\n%s", got, want)
	}
	e := logRow{sockets.Event{Time: r.Time, Side: sockets.SideClient, Kind: sockets.KindError, Remote: "127.0.0.1:1",
		Msg: "connect failed", Err: errors.New("refused")}}
	want = "2024-05-06 07:08:09.045  Client  error\nRemote:  127.0.0.1:1\nMessage: connect failed\nError:   refused"
	if got := e.Detail(); got != want {
		t.Errorf("Detail =\n%s\nwant\n%s", got, want)
	}
}

func TestLogRowNotShown(t *testing.T) {
	for _, tc := range []struct {
		row  logRow
		n    uint64
		want bool
	}{
		{logRow{sockets.Event{Kind: sockets.KindGap, Skipped: 12, Msg: "12 events not shown"}}, 12, true},
		{logRow{sockets.Event{Kind: sockets.KindGap, Skipped: 7}}, 7, true},
		{logRow{sockets.Event{Kind: sockets.KindInfo, Msg: "12 events not shown"}}, 0, false},
		{logRow{sockets.Event{Kind: sockets.KindError, Msg: "12 events not shown"}}, 0, false},
	} {
		n, ok := tc.row.notShown()
		if n != tc.n || ok != tc.want {
			t.Errorf("notShown(%q) = %d, %v; want %d, %v", tc.row.Msg, n, ok, tc.n, tc.want)
		}
	}
}
