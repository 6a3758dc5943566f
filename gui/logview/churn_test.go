package logview

import (
	"bytes"
	"fmt"
	"strings"
	"testing"
	"time"

	"fyne.io/fyne/v2/test"

	"github.com/sockettester/sockettester/gui/internal/guitest"
	"github.com/sockettester/sockettester/gui/widgets"
	"github.com/sockettester/sockettester/sockets"
	"github.com/sockettester/sockettester/sockets/msg"
)

const churnServer = "127.0.0.1:9000"

// churnStorm is what the app's server logs when a client connects every
// 1/perSecond s for d and resets each connection 5 ms later: a port
// scanner or a retry loop. Client i comes from port 40000+i.
func churnStorm(perSecond int, d time.Duration) []sockets.Event {
	every := time.Second / time.Duration(perSecond)
	var rows []sockets.Event
	for i := 0; time.Duration(i)*every < d; i++ {
		t := guitest.EventTime.Add(time.Duration(i) * every)
		remote := fmt.Sprintf("127.0.0.1:%d", 40000+i)
		rows = append(rows,
			sockets.Event{Time: t, Side: sockets.SideServer, Kind: sockets.KindConnected, Network: "tcp", Local: churnServer, Remote: remote,
				Code: "connected", Msg: "connected"},
			sockets.Event{Time: t.Add(5 * time.Millisecond), Side: sockets.SideServer, Kind: sockets.KindDisconnected, Network: "tcp",
				Local: churnServer, Remote: remote, Code: "resetByPeer", Msg: "reset by peer"})
	}
	return rows
}

// churnRowText is a shown row as a test compares it: kind, peer, message.
func churnRowText(e sockets.Event) string {
	return e.Kind.String() + " " + e.Remote + " " + e.Msg
}

// appendByTenth feeds rows to m as the drain would: a batch every 100 ms
// of event time.
func appendByTenth(m *logModel, rows []sockets.Event) {
	for len(rows) > 0 {
		end := rows[0].Time.Add(100 * time.Millisecond)
		n := 0
		for n < len(rows) && rows[n].Time.Before(end) {
			n++
		}
		m.Append(rows[:n], 0)
		rows = rows[n:]
	}
}

func churnIndividual(from, to int) []string {
	var out []string
	for i := from; i < to; i++ {
		r := fmt.Sprintf("127.0.0.1:%d", 40000+i)
		out = append(out, "connected "+r+" connected", "disconnected "+r+" reset by peer")
	}
	return out
}

func TestChurnFoldsFortyASecond(t *testing.T) {
	m := newLogModel(0)
	rows := churnStorm(40, 3*time.Second)
	appendByTenth(m, rows)
	// The first ten connections show one by one; then each second folds:
	// 250 ms to 1.25 s, 1.25 s to 2.25 s, and the last 750 ms.
	want := append(churnIndividual(0, 10),
		"info 127.0.0.1 40 clients connected and reset in 1 s, from 127.0.0.1, ports 40010-40049",
		"info 127.0.0.1 40 clients connected and reset in 1 s, from 127.0.0.1, ports 40050-40089",
		"info 127.0.0.1 30 clients connected and reset in 1 s, from 127.0.0.1, ports 40090-40119")
	var got []string
	for _, e := range m.Shown() {
		got = append(got, churnRowText(e))
	}
	if strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Errorf("rows shown:\n%s\nwant\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
	if c := m.Counts(); c.Kept != len(rows) || c.Total != uint64(len(rows)) || c.Shown != len(want) {
		t.Errorf("counts %+v; want %d kept and appended, %d shown", c, len(rows), len(want))
	}
	// Every event is kept, in order, as it came.
	if kept := m.Kept(); len(kept) != len(rows) || kept[0].Remote != rows[0].Remote || kept[len(kept)-1].Remote != rows[len(rows)-1].Remote {
		t.Errorf("kept %d events; want all %d", len(kept), len(rows))
	}
	// A fold's row stands for its first event: selecting it finds it.
	f, ok := m.FoldOf(20)
	if !ok || f.First != 20 || f.Connected != 40 || f.Reset != 40 {
		t.Fatalf("fold of row 20: %+v, %v; want the first fold, from row 20", f, ok)
	}
	if i, ok := m.IndexOf(20); !ok || i != 20 {
		t.Errorf("row 20 shows at %d, %v; want 20", i, ok)
	}
}

func TestChurnTwoASecondDoesNotFold(t *testing.T) {
	m := newLogModel(0)
	appendByTenth(m, churnStorm(2, 3*time.Second))
	var got []string
	for _, e := range m.Shown() {
		got = append(got, churnRowText(e))
	}
	if want := churnIndividual(0, 6); strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Errorf("rows shown:\n%s\nwant\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
}

// TestChurnTalkerShows: a client that sends data during a storm shows its
// data and its close; the fold counts its connect, which came before.
func TestChurnTalkerShows(t *testing.T) {
	rows := churnStorm(40, 1250*time.Millisecond)
	// Client 30 (row 60, connected at 750 ms) sends "hi" before its reset.
	talker := "127.0.0.1:40030"
	if rows[60].Remote != talker {
		t.Fatalf("row 60 is %s", rows[60].Remote)
	}
	hi := sockets.Event{Time: rows[60].Time.Add(time.Millisecond), Side: sockets.SideServer, Kind: sockets.KindReceived, Network: "tcp",
		Local: churnServer, Remote: talker, Bytes: 2, Data: []byte("hi")}
	rows = append(rows[:61], append([]sockets.Event{hi}, rows[61:]...)...)
	m := newLogModel(0)
	appendByTenth(m, rows)
	want := append(churnIndividual(0, 10),
		"info 127.0.0.1 40 clients connected, 39 reset in 1 s, from 127.0.0.1, ports 40010-40049",
		"received "+talker+" ",
		"disconnected "+talker+" reset by peer")
	var got []string
	for _, e := range m.Shown() {
		got = append(got, churnRowText(e))
	}
	if strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Errorf("rows shown:\n%s\nwant\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
}

// TestChurnFoldWords says closed, reset or left as the connections ended,
// and names several hosts by their number.
func TestChurnFoldWords(t *testing.T) {
	rows := churnStorm(40, 1250*time.Millisecond)
	for i := range rows {
		if rows[i].Kind == sockets.KindDisconnected && i%4 == 1 {
			rows[i].Code, rows[i].Msg = "closedByPeer", "closed by peer"
		}
	}
	rows[24].Remote, rows[25].Remote = "[::1]:40012", "[::1]:40012" // a client from another host
	m := newLogModel(0)
	appendByTenth(m, rows)
	shown := m.Shown()
	got := shown[len(shown)-1].Msg
	if want := "40 clients connected and left in 1 s, from 2 addresses, ports 40010-40049"; got != want {
		t.Errorf("fold says %q; want %q", got, want)
	}
	if shown[len(shown)-1].Code != sockets.CodeChurnBoth {
		t.Errorf("fold code %q; want %q", shown[len(shown)-1].Code, sockets.CodeChurnBoth)
	}
	m.Clear()
	appendByTenth(m, churnStorm(40, 500*time.Millisecond)[:21]) // connect 10 alone, in the fold
	shown = m.Shown()
	if got, want := shown[len(shown)-1].Said(), msg.New(sockets.CodeChurnConnected, "N", 1, "Host", "127.0.0.1", "Ports", "40010"); got.String() != want.String() {
		t.Errorf("fold says %q; want %q", got, want)
	}
}

// TestChurnFilter: a filter shows a fold when its row matches, and the
// fold's events are never shown one by one.
func TestChurnFilter(t *testing.T) {
	m := newLogModel(0)
	appendByTenth(m, churnStorm(40, 3*time.Second))
	m.SetFilter(LogSideAll, "clients connected")
	if n := m.Len(); n != 3 {
		t.Errorf("filter for the folds shows %d rows; want 3", n)
	}
	m.SetFilter(LogSideAll, "40115")
	if n := m.Len(); n != 0 {
		t.Errorf("a folded port shows %d rows; want 0 (its fold says 40090-40119)", n)
	}
	m.SetFilter(LogSideAll, "")
	if n := m.Len(); n != 23 {
		t.Errorf("no filter shows %d rows; want 23", n)
	}
}

// TestChurnSaveKeepsEveryEvent saves a storm the log folds: the file has
// every connect and reset, byte for byte as the engine writes them, and
// no fold row; so does a save of the rows a filter shows.
func TestChurnSaveKeepsEveryEvent(t *testing.T) {
	test.NewTempApp(t)
	v := NewLogView(test.NewTempWindow(t, nil), nil, widgets.FyneDo)
	rows := churnStorm(40, 3*time.Second)
	for start := 0; start < len(rows); start += 50 {
		batch := append([]sockets.Event(nil), rows[start:min(start+50, len(rows))]...)
		v.apply(logBatch{rows: batch})
	}
	if n := v.Model.Len(); n != 23 {
		t.Fatalf("the log shows %d rows; want 23 (10 connections, 3 folds)", n)
	}
	for _, f := range []SaveFormat{SaveFormatCSV, SaveFormatJSONL, SaveFormatText} {
		var want bytes.Buffer
		if err := WriteLog(&want, rows, f, false); err != nil {
			t.Fatal(err)
		}
		for _, shownOnly := range []bool{false, true} {
			if shownOnly {
				v.Model.SetFilter(logSideServer, "")
			}
			var got bytes.Buffer
			n, err := v.Save(&got, f, shownOnly)
			if err != nil || n != len(rows) {
				t.Errorf("%v shown=%v: saved %d rows, %v; want %d", f, shownOnly, n, err, len(rows))
			}
			if !bytes.Equal(got.Bytes(), want.Bytes()) {
				t.Errorf("%v shown=%v: the file differs from the events (%d bytes; want %d)", f, shownOnly, got.Len(), want.Len())
			}
			if bytes.Contains(got.Bytes(), []byte("clients connected")) {
				t.Errorf("%v shown=%v: the file has a fold row", f, shownOnly)
			}
		}
		v.Model.SetFilter(LogSideAll, "")
	}
}

// churnTakes runs a batcher over rows on their own clock, as the drain
// would, and returns the times of the batches it hands the UI.
func churnTakes(rows []sockets.Event) []time.Duration {
	b := newLogBatcher(DefaultLogLimit)
	var took []time.Duration
	takeDue := func(now time.Time) {
		for {
			due, ok := b.next()
			if !ok || due.After(now) {
				return
			}
			if batch, ok := b.take(due); ok {
				took = append(took, due.Sub(guitest.EventTime))
				b.done(batch.rows)
			}
		}
	}
	for _, e := range rows {
		takeDue(e.Time)
		b.add(e, e.Time)
	}
	takeDue(rows[len(rows)-1].Time.Add(time.Second))
	return took
}

// TestChurnRefreshesSlowly: once a storm folds, a batch of nothing but
// folded rows adds no row, so the next waits LogBusyRefreshEvery, as under
// a flood; events one by one still go at once.
func TestChurnRefreshesSlowly(t *testing.T) {
	in := func(took []time.Duration, from, to time.Duration) int {
		n := 0
		for _, d := range took {
			if d >= from && d < to {
				n++
			}
		}
		return n
	}
	// 4 a second: the storm is steady traffic by then, so the next
	// second's fold row waits its turn too; without the fold's pacing, 29.
	if n := in(churnTakes(churnStorm(100, 3*time.Second)), time.Second, 2*time.Second); n != 4 {
		t.Errorf("100 connections a second: %d refreshes in the second second; want 4", n)
	}
	// A connect and its reset 5 ms later go together, 33 ms after the connect.
	if n := in(churnTakes(churnStorm(2, 3*time.Second)), time.Second, 2*time.Second); n != 2 {
		t.Errorf("2 connections a second: %d refreshes in the second second; want 2", n)
	}
}

// TestChurnSelectedFoldGrows: a fold row selected while its second goes
// on shows its final count in the detail, as in the row, not the count it
// had when it was selected.
func TestChurnSelectedFoldGrows(t *testing.T) {
	test.NewTempApp(t)
	w := test.NewTempWindow(t, nil)
	v := NewLogView(w, nil, widgets.FyneDo)
	w.SetContent(v.Object())
	rows := churnStorm(100, 2*time.Second)
	cut := 0
	for cut < len(rows) && rows[cut].Time.Before(guitest.EventTime.Add(1500*time.Millisecond)) {
		cut++
	}
	v.apply(logBatch{rows: rows[:cut]})
	last := v.shown().Len() - 1
	v.onSelected(last)
	before := v.Detail.Text
	e, _, _ := v.shown().Row(last)
	if !strings.Contains(before, e.Msg) {
		t.Fatalf("detail %q; want the selected fold %q", before, e.Msg)
	}
	v.apply(logBatch{rows: rows[cut:]})
	e, _, _ = v.shown().Row(last)
	if !strings.Contains(v.Detail.Text, e.Msg) || v.Detail.Text == before {
		t.Errorf("detail after the fold grew:\n%s\nwant the row's message %q", v.Detail.Text, e.Msg)
	}
}
