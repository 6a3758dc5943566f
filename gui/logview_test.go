package gui

import (
	"errors"
	"fmt"
	"image/color"
	"math"
	"sort"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"github.com/sockettester/sockettester/sockets"
)

// newTestLogView shows a log view in a test window, draining a real event
// queue of the given size.
func newTestLogView(t *testing.T, queueSize int) (*logView, *sockets.EventQueue, fyne.Window) {
	t.Helper()
	a := test.NewTempApp(t)
	w := test.NewTempWindow(t, nil)
	v := newLogView(w, a.Preferences())
	w.SetContent(v.Object())
	w.Resize(fyne.NewSize(1100, 700))
	q := sockets.NewEventQueue(queueSize)
	v.Start(q)
	t.Cleanup(v.Stop)
	return v, q, w
}

// logTestEvents is a small session: what the server and client report
// around one exchange.
func logTestEvents() []sockets.Event {
	at := func(ms int) time.Time { return logTestBase.Add(time.Duration(ms) * time.Millisecond) }
	return []sockets.Event{
		{Time: at(0), Side: sockets.SideServer, Kind: sockets.KindListening, Network: "tcp", Local: "127.0.0.1:9000", Msg: "mode echo"},
		{Time: at(1), Side: sockets.SideClient, Kind: sockets.KindConnected, Network: "tcp", Local: "127.0.0.1:5000", Remote: "127.0.0.1:9000"},
		{Time: at(2), Side: sockets.SideServer, Kind: sockets.KindConnected, Network: "tcp", Local: "127.0.0.1:9000", Remote: "127.0.0.1:5000"},
		{Time: at(3), Side: sockets.SideClient, Kind: sockets.KindSent, Network: "tcp", Local: "127.0.0.1:5000", Remote: "127.0.0.1:9000", Bytes: 7, Data: []byte("Hello\r\n")},
		{Time: at(4), Side: sockets.SideServer, Kind: sockets.KindReceived, Network: "tcp", Local: "127.0.0.1:9000", Remote: "127.0.0.1:5000", Bytes: 7, Data: []byte("Hello\r\n")},
		{Time: at(5), Side: sockets.SideServer, Kind: sockets.KindSent, Network: "tcp", Local: "127.0.0.1:9000", Remote: "127.0.0.1:5000", Bytes: 3, Data: []byte{0, 0xff, 'z'}},
		{Time: at(6), Side: sockets.SideClient, Kind: sockets.KindDisconnected, Network: "tcp", Local: "127.0.0.1:5000", Remote: "127.0.0.1:9000", Msg: "reset by server", Err: errors.New("read: connection reset by peer")},
		{Time: at(7), Side: sockets.SideServer, Kind: sockets.KindError, Network: "tcp", Local: "127.0.0.1:9000", Err: errors.New("accept: too many open files")},
		{Time: at(8), Side: sockets.SideServer, Kind: sockets.KindStopped, Network: "tcp", Local: "127.0.0.1:9000"},
	}
}

// logTestTextRows is how the rows of logTestEvents read, cell by cell, in
// text mode.
var logTestTextRows = [][]string{
	{"07:08:09.123", "Server", "listening", "127.0.0.1:9000", "", "mode echo"},
	{"07:08:09.124", "Client", "connected", "127.0.0.1:9000", "", ""},
	{"07:08:09.125", "Server", "connected", "127.0.0.1:5000", "", ""},
	{"07:08:09.126", "Client", "sent", "127.0.0.1:9000", "7", `Hello\r\n`},
	{"07:08:09.127", "Server", "received", "127.0.0.1:5000", "7", `Hello\r\n`},
	{"07:08:09.128", "Server", "sent", "127.0.0.1:5000", "3", `\0\xffz`},
	{"07:08:09.129", "Client", "disconnected", "127.0.0.1:9000", "", "reset by server: read: connection reset by peer"},
	{"07:08:09.130", "Server", "error", "127.0.0.1:9000", "", "accept: too many open files"},
	{"07:08:09.131", "Server", "stopped", "127.0.0.1:9000", "", ""},
}

func emitAll(q *sockets.EventQueue, events []sockets.Event) {
	for _, e := range events {
		q.Emit(e)
	}
}

// logRowCells returns the cell texts of a row widget.
func logRowCells(item fyne.CanvasObject) []string {
	cells := item.(*fyne.Container).Objects[1].(*fyne.Container).Objects
	var out []string
	for i, c := range cells {
		switch i {
		case logColTime:
			parts := c.(*fyne.Container).Objects
			out = append(out, parts[0].(*widget.Label).Text+parts[1].(*widget.Label).Text)
			continue
		case logColDirection:
			c = c.(*fyne.Container).Objects[0]
		}
		out = append(out, c.(*widget.Label).Text)
	}
	return out
}

// logShownCells renders every shown row through the list's own item
// callbacks.
func logShownCells(v *logView) [][]string {
	var out [][]string
	for i := range v.list.Length() {
		item := v.newRowItem()
		v.updateRowItem(i, item)
		out = append(out, logRowCells(item))
	}
	return out
}

// logOnScreen returns the cells of the row widgets the list has laid out,
// top to bottom: what the user sees.
func logOnScreen(v *logView) [][]string {
	type row struct {
		y     float32
		cells []string
	}
	var rows []row
	d := fyne.CurrentApp().Driver()
	for _, o := range test.LaidOutObjects(v.list) {
		s, ok := o.(*fyne.Container)
		if !ok || len(s.Objects) != 2 || !s.Visible() {
			continue
		}
		if c, ok := s.Objects[1].(*fyne.Container); ok && c.Layout == v.columns {
			rows = append(rows, row{d.AbsolutePositionForObject(s).Y, logRowCells(s)})
		}
	}
	sort.Slice(rows, func(i, j int) bool { return rows[i].y < rows[j].y })
	out := make([][]string, len(rows))
	for i, r := range rows {
		out[i] = r.cells
	}
	return out
}

func logJoinCells(rows [][]string) string {
	lines := make([]string, len(rows))
	for i, r := range rows {
		lines[i] = strings.Join(r, " | ")
	}
	return strings.Join(lines, "\n")
}

func TestLogViewShowsRows(t *testing.T) {
	v, q, _ := newTestLogView(t, 64)
	emitAll(q, logTestEvents())
	v.Flush()

	if got, want := logJoinCells(logShownCells(v)), logJoinCells(logTestTextRows); got != want {
		t.Errorf("rows:\n%s\nwant:\n%s", got, want)
	}
	if got, want := logJoinCells(logOnScreen(v)), logJoinCells(logTestTextRows); got != want {
		t.Errorf("rows on screen:\n%s\nwant:\n%s", got, want)
	}
	if got := len(v.Rows()); got != len(logTestTextRows) {
		t.Errorf("Rows() has %d rows; want %d", got, len(logTestTextRows))
	}

	// Each direction has its own themed icon and label colour.
	item := v.newRowItem()
	looks := map[string]bool{}
	for i := range v.list.Length() {
		v.updateRowItem(i, item)
		dir := item.(*fyne.Container).Objects[1].(*fyne.Container).Objects[logColDirection].(*fyne.Container)
		label, icon := dir.Objects[0].(*widget.Label), dir.Objects[1].(*widget.Icon)
		looks[fmt.Sprintf("%s %s %d", label.Text, icon.Resource.Name(), label.Importance)] = true
		if label.Text == "sent" && label.Importance != widget.HighImportance {
			t.Errorf("sent importance = %d; want high", label.Importance)
		}
		if label.Text == "error" && label.Importance != widget.DangerImportance {
			t.Errorf("error importance = %d; want danger", label.Importance)
		}
	}
	if len(looks) != 7 { // 9 rows, 7 distinct directions
		t.Errorf("distinct direction looks = %d (%v); want 7", len(looks), looks)
	}
}

func TestLogViewHexToggle(t *testing.T) {
	v, q, _ := newTestLogView(t, 64)
	emitAll(q, logTestEvents())
	v.Flush()

	v.modeRadio.SetSelected("Hex") // as the user choosing Hex
	if !v.Hex() {
		t.Fatal("Hex() = false after choosing Hex")
	}
	want := make([][]string, len(logTestTextRows))
	for i, r := range logTestTextRows {
		want[i] = append([]string(nil), r...)
	}
	want[3][5] = "48 65 6c 6c 6f 0d 0a"
	want[4][5] = "48 65 6c 6c 6f 0d 0a"
	want[5][5] = "00 ff 7a"
	if got := logJoinCells(logOnScreen(v)); got != logJoinCells(want) {
		t.Errorf("hex rows on screen:\n%s\nwant:\n%s", got, logJoinCells(want))
	}
	if !fyne.CurrentApp().Preferences().Bool(keyLogHex) {
		t.Error("hex mode not remembered in preferences")
	}

	v.SetHex(false)
	if v.modeRadio.Selected != "Text" {
		t.Errorf("toggle shows %q after SetHex(false); want Text", v.modeRadio.Selected)
	}
	if got := logJoinCells(logOnScreen(v)); got != logJoinCells(logTestTextRows) {
		t.Errorf("text rows on screen:\n%s", got)
	}

	// A new view starts in the remembered mode.
	v.SetHex(true)
	v2 := newLogView(test.NewTempWindow(t, nil), fyne.CurrentApp().Preferences())
	if !v2.Hex() || v2.modeRadio.Selected != "Hex" {
		t.Errorf("new view: Hex() = %v, toggle %q; want true, Hex", v2.Hex(), v2.modeRadio.Selected)
	}
}

func TestLogViewLongContentIsCut(t *testing.T) {
	v, q, _ := newTestLogView(t, 64)
	data := []byte(strings.Repeat("0123456789", 30))
	q.Emit(sockets.Event{Time: logTestBase, Side: sockets.SideClient, Kind: sockets.KindReceived, Network: "udp",
		Remote: "127.0.0.1:7", Bytes: 2000, Data: data, Truncated: true})
	v.Flush()
	cells := logShownCells(v)[0]
	if want := strings.Repeat("0123456789", 12) + "…"; cells[logColContent] != want {
		t.Errorf("row content = %q; want %q", cells[logColContent], want)
	}
	if cells[logColBytes] != "2000" {
		t.Errorf("row bytes = %q; want 2000", cells[logColBytes])
	}
	v.Select(0)
	detail := v.DetailText()
	for _, want := range []string{"Bytes:   2000 (first 300 captured)", "\nText:\n" + string(data) + "\n", "\nHex:\n" + strings.TrimSuffix(sockets.HexDump(data), "\n")} {
		if !strings.Contains(detail, want) {
			t.Errorf("detail lacks %q:\n%s", want, detail)
		}
	}
}

func TestLogViewSelectShowsDetail(t *testing.T) {
	v, q, _ := newTestLogView(t, 64)
	emitAll(q, logTestEvents())
	v.Flush()
	if _, ok := v.Selected(); ok || v.DetailText() != "" || !v.copyButton.Disabled() {
		t.Fatal("a row is selected before any was")
	}
	v.Select(4)
	r, ok := v.Selected()
	if !ok || r.Kind != sockets.KindReceived || string(r.Data) != "Hello\r\n" {
		t.Fatalf("Selected() = %+v, %v; want the received row", r, ok)
	}
	want := "2024-05-06 07:08:09.127  Server  received  tcp\n" +
		"Local:   127.0.0.1:9000\nRemote:  127.0.0.1:5000\nBytes:   7\n" +
		"\nText:\nHello\\r\\n\n" +
		"\nHex:\n00000000  48 65 6c 6c 6f 0d 0a                              |Hello..|"
	if got := v.DetailText(); got != want {
		t.Errorf("detail:\n%s\nwant:\n%s", got, want)
	}
	if !v.detail.TextStyle.Monospace {
		t.Error("detail is not monospace, so the hex dump does not line up")
	}
	// The selected row is highlighted, the others are not.
	item := v.newRowItem()
	for i := range v.list.Length() {
		v.updateRowItem(i, item)
		if bg := item.(*fyne.Container).Objects[0]; bg.Visible() != (i == 4) {
			t.Errorf("row %d highlighted = %v", i, bg.Visible())
		}
	}

	test.Tap(v.copyButton)
	if got, want := fyne.CurrentApp().Clipboard().Content(), r.Line(false); got != want {
		t.Errorf("clipboard = %q; want %q", got, want)
	}
	if want := `2024-05-06 07:08:09.127 server received tcp 127.0.0.1:5000 7B "Hello\r\n"`; r.Line(false) != want {
		t.Errorf("Line = %q; want %q", r.Line(false), want)
	}
	v.SetHex(true)
	v.CopySelected()
	if got, want := fyne.CurrentApp().Clipboard().Content(), r.Line(true); got != want || !strings.HasSuffix(got, " 7B [48 65 6c 6c 6f 0d 0a]") {
		t.Errorf("clipboard in hex mode = %q; want %q", got, want)
	}

	// The selection follows the row, not the index, as old rows go.
	v.SetLimit(5)
	if r2, ok := v.Selected(); !ok || r2.Time != r.Time {
		t.Errorf("Selected() after rows went = %+v, %v", r2, ok)
	}
	for i := range v.list.Length() {
		v.updateRowItem(i, item)
		if bg := item.(*fyne.Container).Objects[0]; bg.Visible() != (i == 0) {
			t.Errorf("after SetLimit row %d highlighted = %v", i, bg.Visible())
		}
	}
}

func TestLogViewFilter(t *testing.T) {
	v, q, _ := newTestLogView(t, 64)
	emitAll(q, logTestEvents())
	v.Flush()
	pick := func(is ...int) string {
		var rows [][]string
		for _, i := range is {
			rows = append(rows, logTestTextRows[i])
		}
		return logJoinCells(rows)
	}
	for _, tc := range []struct {
		side, search string
		want         []int
	}{
		{"Server", "", []int{0, 2, 4, 5, 7, 8}},
		{"Client", "", []int{1, 3, 6}},
		{"All", "hello", []int{3, 4}},
		{"Server", "HELLO", []int{4}},
		{"All", "6c 6f 0d", []int{3, 4}}, // hex with spaces
		{"All", "00FF", []int{5}},        // hex without spaces
		{"All", "127.0.0.1:5000", []int{1, 2, 3, 4, 5, 6}},
		{"All", "Reset", []int{6}},      // message and error
		{"All", "open files", []int{7}}, // error
		{"Client", "nothing like this", nil},
		{"All", "", []int{0, 1, 2, 3, 4, 5, 6, 7, 8}},
	} {
		v.sideSelect.SetSelected(tc.side)
		v.search.SetText("")
		test.Type(v.search, tc.search)
		if got, want := logJoinCells(logShownCells(v)), pick(tc.want...); got != want {
			t.Errorf("side %s search %q:\n%s\nwant:\n%s", tc.side, tc.search, got, want)
		}
		if got := len(v.Rows()); got != len(tc.want) {
			t.Errorf("side %s search %q: Rows() has %d; want %d", tc.side, tc.search, got, len(tc.want))
		}
	}

	// New rows pass through the filter as they come.
	v.sideSelect.SetSelected("Client")
	test.Type(v.search, "hello")
	q.Emit(sockets.Event{Time: logTestBase, Side: sockets.SideClient, Kind: sockets.KindReceived, Remote: "x", Bytes: 5, Data: []byte("hello")})
	q.Emit(sockets.Event{Time: logTestBase, Side: sockets.SideServer, Kind: sockets.KindReceived, Remote: "x", Bytes: 5, Data: []byte("hello")})
	q.Emit(sockets.Event{Time: logTestBase, Side: sockets.SideClient, Kind: sockets.KindReceived, Remote: "x", Bytes: 5, Data: []byte("bye")})
	v.Flush()
	if got := logMsgsData(v.Rows()); got != "Hello\r\n,hello" {
		t.Errorf("client rows matching hello = %q", got)
	}
}

func logMsgsData(rows []logRow) string {
	s := make([]string, len(rows))
	for i, r := range rows {
		s[i] = string(r.Data)
	}
	return strings.Join(s, ",")
}

func TestLogViewClear(t *testing.T) {
	v, q, _ := newTestLogView(t, 64)
	v.SetLimit(4)
	emitAll(q, logTestEvents())
	v.Flush()
	v.Select(1)
	test.Tap(v.clearButton)
	if n := len(v.Rows()); n != 0 || v.list.Length() != 0 {
		t.Errorf("after Clear: %d rows, list length %d; want 0", n, v.list.Length())
	}
	if v.dropped.Text != "" || v.DetailText() != "" {
		t.Errorf("after Clear: dropped %q, detail %q; want both empty", v.dropped.Text, v.DetailText())
	}
	if _, ok := v.Selected(); ok {
		t.Error("a row is still selected after Clear")
	}
	if c := v.model.Counts(); c != (logCounts{}) {
		t.Errorf("counts after Clear = %+v", c)
	}
	emitAll(q, logTestEvents()[:2])
	v.Flush()
	if got := logJoinCells(logShownCells(v)); got != logJoinCells(logTestTextRows[:2]) {
		t.Errorf("rows after Clear and two events:\n%s", got)
	}
}

func TestLogViewDroppedCount(t *testing.T) {
	v, q, _ := newTestLogView(t, 64)
	v.SetLimit(5)
	emitAll(q, logTestEvents()[:4])
	v.Flush()
	if v.dropped.Text != "" {
		t.Errorf("dropped label = %q before any row was dropped", v.dropped.Text)
	}
	emitAll(q, logTestEvents()[4:])
	v.Flush()
	if got, want := v.dropped.Text, "4 older rows dropped"; got != want {
		t.Errorf("dropped label = %q; want %q", got, want)
	}
	if got, want := logJoinCells(logShownCells(v)), logJoinCells(logTestTextRows[4:]); got != want {
		t.Errorf("rows:\n%s\nwant:\n%s", got, want)
	}
	emitAll(q, logTestEvents())
	v.Flush()
	if got, want := v.dropped.Text, "13 older rows dropped"; got != want {
		t.Errorf("dropped label = %q; want %q", got, want)
	}
	if c := v.model.Counts(); c.Total != 18 || c.Kept != 5 || c.Dropped != 13 {
		t.Errorf("counts = %+v; want total 18, kept 5, dropped 13", c)
	}
}

// logEmitN emits n received events numbered from first.
func logEmitN(q *sockets.EventQueue, first, n int) {
	for i := first; i < first+n; i++ {
		data := []byte(fmt.Sprintf("message %d", i))
		q.Emit(sockets.Event{Time: logTestBase.Add(time.Duration(i) * time.Millisecond), Side: sockets.Side(i % 2),
			Kind: sockets.KindReceived, Network: "tcp", Remote: "127.0.0.1:5000", Bytes: len(data), Data: data})
	}
}

func TestLogViewFollow(t *testing.T) {
	v, q, w := newTestLogView(t, 1024)
	if !v.Follow() || !v.followCheck.Checked {
		t.Fatal("Follow is off in a new view")
	}
	var changes []bool
	v.onChanged = func() { changes = append(changes, v.Follow()) }
	logEmitN(q, 0, 200)
	v.Flush()
	bottom := v.maxOffset()
	if bottom <= 0 {
		t.Fatalf("200 rows fit in the window (max offset %v); the test needs them not to", bottom)
	}
	if got := v.list.GetScrollOffset(); got != bottom {
		t.Errorf("offset = %v; want the bottom, %v", got, bottom)
	}
	if rows := logOnScreen(v); len(rows) == 0 || rows[len(rows)-1][logColContent] != "message 199" {
		t.Errorf("last row on screen is not the newest")
	}

	// The user scrolls up: the next rows do not move the view, and Follow
	// shows it is paused.
	pos := fyne.CurrentApp().Driver().AbsolutePositionForObject(v.list).Add(fyne.NewPos(20, 20))
	test.Scroll(w.Canvas(), pos, 0, 300)
	up := v.list.GetScrollOffset()
	if up >= bottom {
		t.Fatalf("offset after scrolling up = %v; want less than %v", up, bottom)
	}
	logEmitN(q, 200, 10)
	v.Flush()
	if v.Follow() || v.followCheck.Checked {
		t.Error("Follow still on after the user scrolled up")
	}
	if got := v.list.GetScrollOffset(); got != up {
		t.Errorf("offset = %v after new rows; want it left at %v", got, up)
	}
	if fyne.CurrentApp().Preferences().BoolWithFallback(keyLogFollow, true) != true {
		t.Error("pausing by scrolling was remembered as turning Follow off")
	}
	if fmt.Sprint(changes) != "[false]" {
		t.Errorf("onChanged saw Follow %v; want [false]", changes)
	}

	// At the limit, old rows leave the top and the view moves with the
	// rows being read.
	rowsBefore := logOnScreen(v)
	v.SetLimit(210)
	logEmitN(q, 210, 5)
	v.Flush()
	if got := logOnScreen(v); len(got) == 0 || got[0][logColContent] != rowsBefore[0][logColContent] {
		t.Errorf("top row on screen changed from %q to %q while paused", rowsBefore[0][logColContent], got[0][logColContent])
	}

	// Scrolling back to the bottom resumes following.
	test.Scroll(w.Canvas(), pos, 0, -100000)
	logEmitN(q, 215, 3)
	v.Flush()
	if !v.Follow() || !v.followCheck.Checked {
		t.Error("Follow did not resume after scrolling back to the bottom")
	}
	if got := v.list.GetScrollOffset(); got != v.maxOffset() {
		t.Errorf("offset = %v; want the bottom %v", got, v.maxOffset())
	}

	// The check turns it off for good, and on again.
	test.Tap(v.followCheck)
	if v.Follow() || fyne.CurrentApp().Preferences().BoolWithFallback(keyLogFollow, true) {
		t.Error("unticking Follow did not turn it off and remember it")
	}
	v.list.ScrollToTop()
	logEmitN(q, 218, 3)
	v.Flush()
	if v.list.GetScrollOffset() != 0 {
		t.Error("view moved with Follow off")
	}
	test.Tap(v.followCheck)
	if !v.Follow() || v.list.GetScrollOffset() != v.maxOffset() {
		t.Errorf("ticking Follow: Follow() = %v, offset %v; want true, %v", v.Follow(), v.list.GetScrollOffset(), v.maxOffset())
	}
	if fmt.Sprint(changes) != "[false true false true]" {
		t.Errorf("onChanged saw Follow %v; want [false true false true]", changes)
	}
}

// TestLogViewFlood pushes 100,000 events through a small queue and the
// Start goroutine into a bounded model, and checks every counter adds up.
func TestLogViewFlood(t *testing.T) {
	const (
		events = 100_000
		limit  = 1000
	)
	v, q, _ := newTestLogView(t, 256)
	v.SetLimit(limit)
	// Fyne's test driver runs fyne.Do on the calling goroutine, which would
	// make the drain wait for every refresh. Run refreshes on a goroutine of
	// their own instead, as the real driver does on its main loop.
	v.Stop()
	ui := make(chan func(), 4)
	uiDone := make(chan struct{})
	go func() {
		defer close(uiDone)
		for f := range ui {
			f()
		}
	}()
	var refreshes int
	v.do = func(f func()) { refreshes++; ui <- f }
	start := time.Now()
	v.Start(q)
	done := make(chan struct{})
	go func() {
		defer close(done)
		// Bursts twice the queue's size with short pauses: the queue drops
		// part of each burst, and tens of thousands of events still reach
		// the bounded model.
		const burst = 512
		for i := 0; i < events; i += burst {
			logEmitN(q, i, min(burst, events-i))
			time.Sleep(time.Millisecond)
		}
	}()
	select {
	case <-done:
	case <-time.After(60 * time.Second):
		t.Fatal("emitting 100,000 events took over a minute: Emit blocked?")
	}
	v.Stop()
	elapsed := time.Since(start)
	close(ui)
	<-uiDone
	// Batches, not events: at most one refresh per tick, plus the last.
	if most := int(elapsed/logRefreshEvery) + 2; refreshes > most {
		t.Errorf("%d refreshes in %v; want at most %d", refreshes, elapsed, most)
	}
	v.Flush()
	// The queue reports the events it had no room for when the next one
	// comes, so send one more.
	q.Emit(sockets.Event{Side: sockets.SideServer, Kind: sockets.KindInfo, Msg: "last"})
	v.Flush()

	c := v.model.Counts()
	dropped := q.Dropped()
	t.Logf("%v: %d refreshes; queue dropped %d of %d events in %d gaps; model total %d, dropped %d, kept %d",
		elapsed, refreshes, dropped, events, c.Gaps, c.Total, c.Dropped, c.Kept)
	if c.Kept != limit || len(v.Rows()) != limit || v.list.Length() != limit {
		t.Errorf("kept %d, shown %d, list %d; want %d", c.Kept, len(v.Rows()), v.list.Length(), limit)
	}
	if c.Dropped != c.Total-limit {
		t.Errorf("model dropped %d; want total-limit = %d", c.Dropped, c.Total-limit)
	}
	// Every event the queue accepted, plus its gap reports, reached the model.
	if want := events + 1 - dropped + c.Gaps; c.Total != want {
		t.Errorf("model total %d; want accepted %d + gap reports %d = %d", c.Total, events+1-dropped, c.Gaps, want)
	}
	if c.NotShown != dropped {
		t.Errorf("gap reports add up to %d events not shown; queue dropped %d", c.NotShown, dropped)
	}
	if got, want := v.dropped.Text, fmt.Sprintf("%d older rows dropped", c.Dropped); got != want {
		t.Errorf("dropped label %q; want %q", got, want)
	}
	rows := v.Rows()
	if last := rows[len(rows)-1]; last.Msg != "last" {
		t.Errorf("newest row = %+v; want the last event", last)
	}
	if dropped == 0 || c.Gaps == 0 || c.Total < 10*limit {
		t.Errorf("queue dropped %d in %d reports, model saw %d: the flood did not test both bounds", dropped, c.Gaps, c.Total)
	}
	// Rows are in order: received rows carry increasing numbers.
	prev := -1
	for _, r := range rows {
		var n int
		if _, err := fmt.Sscanf(string(r.Data), "message %d", &n); err == nil {
			if n <= prev {
				t.Fatalf("row %q after message %d", r.Data, prev)
			}
			prev = n
		}
	}
}

func TestLogViewBusyRefresh(t *testing.T) {
	v, q, _ := newTestLogView(t, 4096)
	v.Stop()
	var mu sync.Mutex
	var at []time.Time
	v.do = func(f func()) {
		mu.Lock()
		at = append(at, time.Now())
		mu.Unlock()
		f()
	}
	v.Start(q)
	// A flood: a screenful of rows every 10 ms for a second.
	start := time.Now()
	for i := 0; time.Since(start) < time.Second; i++ {
		logEmitN(q, i*logBusyRows, logBusyRows)
		time.Sleep(10 * time.Millisecond)
	}
	flood := time.Since(start)
	time.Sleep(2 * logBusyRefreshEvery)
	mu.Lock()
	n := len(at)
	mu.Unlock()
	// The first batch comes after logRefreshEvery, the rest at most every
	// logBusyRefreshEvery, plus the one after the flood.
	if most := int(flood/logBusyRefreshEvery) + 3; n > most || n < 2 {
		t.Errorf("%d refreshes during a %v flood; want 2 to %d", n, flood, most)
	}
	// Quiet again: after one more batch at the busy pace, single events
	// show within logRefreshEvery (with slack for a loaded machine).
	logEmitN(q, 1000000, 1)
	time.Sleep(2 * logBusyRefreshEvery)
	mu.Lock()
	n = len(at)
	mu.Unlock()
	sent := time.Now()
	logEmitN(q, 1000001, 1)
	deadline := sent.Add(5 * time.Second)
	for {
		mu.Lock()
		got := len(at) > n
		var when time.Time
		if got {
			when = at[n]
		}
		mu.Unlock()
		if got {
			if d := when.Sub(sent); d >= logBusyRefreshEvery {
				t.Errorf("a single event after the flood took %v to show; want about %v", d, logRefreshEvery)
			}
			break
		}
		if time.Now().After(deadline) {
			t.Fatal("a single event after the flood never showed")
		}
		time.Sleep(time.Millisecond)
	}
	v.Stop()
}

func TestLogViewStartStop(t *testing.T) {
	v, q, _ := newTestLogView(t, 64)
	v.Stop()
	var refreshes atomic.Int32
	v.do = func(f func()) { refreshes.Add(1); f() }
	// Start again replaces the goroutine; Stop twice is fine.
	v.Start(q)
	v.Start(q)
	time.Sleep(150 * time.Millisecond)
	if n := refreshes.Load(); n != 0 {
		t.Errorf("an idle log refreshed %d times", n)
	}
	logEmitN(q, 0, 10)
	deadline := time.Now().Add(5 * time.Second)
	for refreshes.Load() == 0 && time.Now().Before(deadline) {
		time.Sleep(time.Millisecond)
	}
	time.Sleep(100 * time.Millisecond)
	if n := refreshes.Load(); n < 1 || n > 2 {
		t.Errorf("10 events at once gave %d refreshes; want 1 (or 2 if a tick fell between)", n)
	}
	v.Stop()
	v.Stop()
	if got := len(v.Rows()); got != 10 {
		t.Errorf("rows after Stop = %d; want 10", got)
	}
	// What the goroutine collected when it stopped reaches the model too.
	v.Start(q)
	logEmitN(q, 10, 5)
	for len(q.Events()) > 0 && time.Now().Before(deadline) {
		time.Sleep(time.Millisecond)
	}
	v.Stop()
	v.Flush()
	if got := len(v.Rows()); got != 15 {
		t.Errorf("rows after a second Stop = %d; want 15", got)
	}
}

func TestLogViewLooksInBothThemes(t *testing.T) {
	v, q, w := newTestLogView(t, 64)
	emitAll(q, logTestEvents())
	v.Flush()
	for _, variant := range []fyne.ThemeVariant{theme.VariantLight, theme.VariantDark} {
		test.ApplyTheme(t, &logVariantTheme{variant})
		w.Content().Refresh()
		if min := v.Object().MinSize(); min.Width > 1100 {
			t.Errorf("log area is at least %v wide", min.Width)
		}
		bg := theme.Color(theme.ColorNameBackground)
		textColor := map[widget.Importance]fyne.ThemeColorName{
			widget.MediumImportance: theme.ColorNameForeground,
			widget.HighImportance:   theme.ColorNamePrimary,
			widget.DangerImportance: theme.ColorNameError,
		}
		for kind, look := range v.looks {
			name, ok := textColor[look.importance]
			if !ok {
				t.Errorf("%s: label importance %d is not one the test knows", kind, look.importance)
				continue
			}
			if c := logContrast(theme.Color(name), bg); c < 3 {
				t.Errorf("variant %d: %s text (%s) contrast %.2f; want at least 3", variant, kind, name, c)
			}
			if c := logContrast(theme.Color(look.iconColor), bg); c < 3 {
				t.Errorf("variant %d: %s icon (%s) contrast %.2f; want at least 3", variant, kind, look.iconColor, c)
			}
		}
	}
}

// logVariantTheme is the default theme forced to one variant.
type logVariantTheme struct{ variant fyne.ThemeVariant }

func (t *logVariantTheme) Color(n fyne.ThemeColorName, _ fyne.ThemeVariant) color.Color {
	return theme.DefaultTheme().Color(n, t.variant)
}
func (t *logVariantTheme) Font(s fyne.TextStyle) fyne.Resource { return theme.DefaultTheme().Font(s) }
func (t *logVariantTheme) Icon(n fyne.ThemeIconName) fyne.Resource {
	return theme.DefaultTheme().Icon(n)
}
func (t *logVariantTheme) Size(n fyne.ThemeSizeName) float32 { return theme.DefaultTheme().Size(n) }

// logContrast is the WCAG contrast ratio of two colours.
func logContrast(a, b color.Color) float64 {
	lum := func(c color.Color) float64 {
		r, g, b, _ := c.RGBA()
		ch := func(v uint32) float64 {
			x := float64(v) / 0xffff
			if x <= 0.03928 {
				return x / 12.92
			}
			return math.Pow((x+0.055)/1.055, 2.4)
		}
		return 0.2126*ch(r) + 0.7152*ch(g) + 0.0722*ch(b)
	}
	la, lb := lum(a), lum(b)
	if la < lb {
		la, lb = lb, la
	}
	return (la + 0.05) / (lb + 0.05)
}

func TestLogViewFlushAttached(t *testing.T) {
	a := test.NewTempApp(t)
	v := newLogView(test.NewTempWindow(t, nil), a.Preferences())
	var refreshes atomic.Int32
	v.do = func(f func()) { refreshes.Add(1); f() }
	q := sockets.NewEventQueue(16)
	logEmitN(q, 0, 3)
	v.Flush() // nothing attached yet: nothing to drain
	if n := len(v.Rows()); n != 0 {
		t.Fatalf("rows before attach = %d; want 0", n)
	}
	// Attached but not started: Flush alone moves the events, in order,
	// on this goroutine.
	v.attach(q)
	v.Flush()
	logEmitN(q, 3, 2)
	v.Flush()
	if got, want := logMsgsData(v.Rows()), "message 0,message 1,message 2,message 3,message 4"; got != want {
		t.Errorf("rows = %s; want %s", got, want)
	}
	if n := refreshes.Load(); n != 0 {
		t.Errorf("%d batches went through do without a drain goroutine", n)
	}
}

func TestLogViewBeforeShown(t *testing.T) {
	a := test.NewTempApp(t)
	v := newLogView(test.NewTempWindow(t, nil), a.Preferences())
	// None of these may need the view on screen.
	v.SetFollow(false)
	v.SetFollow(true)
	v.Clear()
	v.SetHex(true)
	v.SetLimit(3)
	v.Select(0)
	v.CopySelected()
	v.Flush()
	if len(v.Rows()) != 0 || v.DetailText() != "" {
		t.Error("an empty view shows something")
	}
}
