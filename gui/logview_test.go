package gui

import (
	"errors"
	"fmt"
	"image/color"
	"math"
	"sort"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"github.com/sockettester/sockettester/gui/internal/guitest"
	"github.com/sockettester/sockettester/gui/logview"
	"github.com/sockettester/sockettester/gui/widgets"
	"github.com/sockettester/sockettester/sockets"
	"github.com/sockettester/sockettester/sockets/payload"
)

// testLog is a log view in a test window draining a real event queue with
// its real drain goroutine, whose ticks and UI updates the test runs on its
// own goroutine (flush).
type testLog struct {
	*logview.LogView
	q     *sockets.EventQueue
	w     fyne.Window
	ui    *uiQueue
	ticks *testTicks
}

// newTestLogView shows a log view in a test window, draining a real event
// queue of the given size.
func newTestLogView(t *testing.T, queueSize int) *testLog {
	t.Helper()
	a := test.NewTempApp(t)
	w := test.NewTempWindow(t, nil)
	ui := newUIQueue()
	v := logview.NewLogView(w, a.Preferences(), ui.post)
	w.SetContent(v.Object())
	w.Resize(fyne.NewSize(1100, 700))
	l := &testLog{LogView: v, q: sockets.NewEventQueue(queueSize), w: w, ui: ui, ticks: newTestTicks(make(chan struct{}, 1))}
	v.Drain.NewTimer = l.ticks.timer
	v.Start(l.q)
	t.Cleanup(func() {
		v.Stop()
		ui.pump()
	})
	return l
}

// flush moves every event queued so far into the view.
func (l *testLog) flush() { flushLog(l.Drain, l.ticks, l.ui) }

// logTestEvents is a small session: what the server and client report
// around one exchange.
func logTestEvents() []sockets.Event {
	at := func(ms int) time.Time { return guitest.EventTime.Add(time.Duration(ms) * time.Millisecond) }
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
	{"07:08:09.123000", "Server", "listening", "127.0.0.1:9000", "", "", "mode echo"},
	{"07:08:09.124000", "Client", "connected", "127.0.0.1:9000", "", "", ""},
	{"07:08:09.125000", "Server", "connected", "127.0.0.1:5000", "", "", ""},
	{"07:08:09.126000", "Client", "sent", "127.0.0.1:9000", "7", "", `Hello\r\n`},
	{"07:08:09.127000", "Server", "received", "127.0.0.1:5000", "7", "", `Hello\r\n`},
	{"07:08:09.128000", "Server", "sent", "127.0.0.1:5000", "3", "", `\0\xffz`},
	{"07:08:09.129000", "Client", "disconnected", "127.0.0.1:9000", "", "", "reset by server: read: connection reset by peer"},
	{"07:08:09.130000", "Server", "error", "127.0.0.1:9000", "", "", "accept: too many open files"},
	{"07:08:09.131000", "Server", "stopped", "127.0.0.1:9000", "", "", ""},
}

func emitAll(q *sockets.EventQueue, events []sockets.Event) {
	for _, e := range events {
		q.Emit(e)
	}
}

// rowTexts returns the row's cell texts, in column order.
func rowTexts(r *logview.LogRowItem) []string {
	return []string{logview.LogColTime: r.Clock.Text + r.Millis.Text + r.Micros.Text, logview.LogColSide: r.Side.Text,
		logview.LogColDirection: r.Direction.Text, logview.LogColPeer: r.Peer.Text, logview.LogColBytes: r.Bytes.Text,
		logview.LogColReply: r.Reply.Text + r.ReplyFrac.Text + r.ReplyUnit.Text, logview.LogColContent: r.Content.Text}
}

// logShownRow renders shown row i through the list's own item callbacks.
func logShownRow(v *logview.LogView, i int) *logview.LogRowItem {
	item := v.NewRowItem()
	v.UpdateRowItem(i, item)
	return item.(*logview.LogRowItem)
}

// logShownCells renders every shown row through the list's own item
// callbacks.
func logShownCells(v *logview.LogView) [][]string {
	var out [][]string
	for i := range v.List.Length() {
		out = append(out, rowTexts(logShownRow(v, i)))
	}
	return out
}

// logOnScreen returns the cells of the row widgets the list has laid out,
// top to bottom: what the user sees.
func logOnScreen(v *logview.LogView) [][]string {
	type row struct {
		y     float32
		cells []string
	}
	var rows []row
	d := fyne.CurrentApp().Driver()
	for _, o := range test.LaidOutObjects(v.List) {
		if r, ok := o.(*logview.LogRowItem); ok && r.Visible() {
			rows = append(rows, row{d.AbsolutePositionForObject(r).Y, rowTexts(r)})
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
	l := newTestLogView(t, 64)
	v, q := l.LogView, l.q
	emitAll(q, logTestEvents())
	l.flush()

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
	looks := map[string]bool{}
	for i := range v.List.Length() {
		row := logShownRow(v, i)
		label, icon := row.Direction, row.Icon
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
	l := newTestLogView(t, 64)
	v, q := l.LogView, l.q
	emitAll(q, logTestEvents())
	l.flush()

	v.ModeRadio.SetSelected("Hex") // as the user choosing Hex
	if !v.Hex() {
		t.Fatal("Hex() = false after choosing Hex")
	}
	want := make([][]string, len(logTestTextRows))
	for i, r := range logTestTextRows {
		want[i] = append([]string(nil), r...)
	}
	want[3][logview.LogColContent] = "48 65 6c 6c 6f 0d 0a"
	want[4][logview.LogColContent] = "48 65 6c 6c 6f 0d 0a"
	want[5][logview.LogColContent] = "00 ff 7a"
	if got := logJoinCells(logOnScreen(v)); got != logJoinCells(want) {
		t.Errorf("hex rows on screen:\n%s\nwant:\n%s", got, logJoinCells(want))
	}
	if !fyne.CurrentApp().Preferences().Bool(logview.KeyLogHex) {
		t.Error("hex mode not remembered in preferences")
	}

	v.SetHex(false)
	if v.ModeRadio.Selected != "Text" {
		t.Errorf("toggle shows %q after SetHex(false); want Text", v.ModeRadio.Selected)
	}
	if got := logJoinCells(logOnScreen(v)); got != logJoinCells(logTestTextRows) {
		t.Errorf("text rows on screen:\n%s", got)
	}

	// A new view starts in the remembered mode.
	v.SetHex(true)
	v2 := logview.NewLogView(test.NewTempWindow(t, nil), fyne.CurrentApp().Preferences(), widgets.FyneDo)
	if !v2.Hex() || v2.ModeRadio.Selected != "Hex" {
		t.Errorf("new view: Hex() = %v, toggle %q; want true, Hex", v2.Hex(), v2.ModeRadio.Selected)
	}
}

func TestLogViewLongContentIsCut(t *testing.T) {
	l := newTestLogView(t, 64)
	v, q := l.LogView, l.q
	data := []byte(strings.Repeat("0123456789", 30))
	q.Emit(sockets.Event{Time: guitest.EventTime, Side: sockets.SideClient, Kind: sockets.KindReceived, Network: "udp",
		Remote: "127.0.0.1:7", Bytes: 2000, Data: data, Truncated: true})
	l.flush()
	cells := logShownCells(v)[0]
	if want := strings.Repeat("0123456789", 12) + "…"; cells[logview.LogColContent] != want {
		t.Errorf("row content = %q; want %q", cells[logview.LogColContent], want)
	}
	if cells[logview.LogColBytes] != "2000" {
		t.Errorf("row bytes = %q; want 2000", cells[logview.LogColBytes])
	}
	v.Select(0)
	detail := v.DetailText()
	// The text comes in lines of 64 characters, which a label shows fast.
	var text string
	for i := 0; i < len(data); i += 64 {
		text += string(data[i:min(i+64, len(data))]) + "\n"
	}
	for _, want := range []string{"Bytes:   2000 (first 300 captured)", "\nText:\n" + text, "\nHex:\n" + strings.TrimSuffix(payload.HexDump(data), "\n")} {
		if !strings.Contains(detail, want) {
			t.Errorf("detail lacks %q:\n%s", want, detail)
		}
	}
}

func TestLogViewSelectShowsDetail(t *testing.T) {
	l := newTestLogView(t, 64)
	v, q := l.LogView, l.q
	emitAll(q, logTestEvents())
	l.flush()
	if _, ok := v.Selected(); ok || v.DetailText() != "" || !v.CopyButton.Disabled() {
		t.Fatal("a row is selected before any was")
	}
	v.Select(4)
	r, ok := v.Selected()
	if !ok || r.Kind != sockets.KindReceived || string(r.Data) != "Hello\r\n" {
		t.Fatalf("Selected() = %+v, %v; want the received row", r, ok)
	}
	want := "2024-05-06 07:08:09.127  Server  received  TCP\n" +
		"Local:   127.0.0.1:9000\nRemote:  127.0.0.1:5000\nBytes:   7\n" +
		"\nText:\nHello\\r\\n\n" +
		"\nHex:\n00000000  48 65 6c 6c 6f 0d 0a                              |Hello..|"
	if got := v.DetailText(); got != want {
		t.Errorf("detail:\n%s\nwant:\n%s", got, want)
	}
	if !v.Detail.TextStyle.Monospace {
		t.Error("detail is not monospace, so the hex dump does not line up")
	}
	// The selected row is highlighted, the others are not.
	for i := range v.List.Length() {
		if bg := logShownRow(v, i).Background; bg.Visible() != (i == 4) {
			t.Errorf("row %d highlighted = %v", i, bg.Visible())
		}
	}

	test.Tap(v.CopyButton)
	if got, want := fyne.CurrentApp().Clipboard().Content(), r.Line(payload.FormatText); got != want {
		t.Errorf("clipboard = %q; want %q", got, want)
	}
	if want := `2024-05-06 07:08:09.127 server received tcp 127.0.0.1:5000 7B "Hello\r\n"`; r.Line(payload.FormatText) != want {
		t.Errorf("Line = %q; want %q", r.Line(payload.FormatText), want)
	}
	v.SetHex(true)
	v.CopySelected()
	if got, want := fyne.CurrentApp().Clipboard().Content(), r.Line(payload.FormatHex); got != want || !strings.HasSuffix(got, " 7B [48 65 6c 6c 6f 0d 0a]") {
		t.Errorf("clipboard in hex mode = %q; want %q", got, want)
	}

	// The selection follows the row, not the index, as old rows go.
	v.SetLimit(5)
	if r2, ok := v.Selected(); !ok || r2.Time != r.Time {
		t.Errorf("Selected() after rows went = %+v, %v", r2, ok)
	}
	for i := range v.List.Length() {
		if bg := logShownRow(v, i).Background; bg.Visible() != (i == 0) {
			t.Errorf("after SetLimit row %d highlighted = %v", i, bg.Visible())
		}
	}
}

func TestLogViewFilter(t *testing.T) {
	l := newTestLogView(t, 64)
	v, q := l.LogView, l.q
	emitAll(q, logTestEvents())
	l.flush()
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
		v.SideSelect.SetSelected(tc.side)
		v.Search.SetText("")
		test.Type(v.Search, tc.search)
		if got, want := logJoinCells(logShownCells(v)), pick(tc.want...); got != want {
			t.Errorf("side %s search %q:\n%s\nwant:\n%s", tc.side, tc.search, got, want)
		}
		if got := len(v.Rows()); got != len(tc.want) {
			t.Errorf("side %s search %q: Rows() has %d; want %d", tc.side, tc.search, got, len(tc.want))
		}
	}

	// New rows pass through the filter as they come.
	v.SideSelect.SetSelected("Client")
	test.Type(v.Search, "hello")
	q.Emit(sockets.Event{Time: guitest.EventTime, Side: sockets.SideClient, Kind: sockets.KindReceived, Remote: "x", Bytes: 5, Data: []byte("hello")})
	q.Emit(sockets.Event{Time: guitest.EventTime, Side: sockets.SideServer, Kind: sockets.KindReceived, Remote: "x", Bytes: 5, Data: []byte("hello")})
	q.Emit(sockets.Event{Time: guitest.EventTime, Side: sockets.SideClient, Kind: sockets.KindReceived, Remote: "x", Bytes: 5, Data: []byte("bye")})
	l.flush()
	if got := logMsgsData(v.Rows()); got != "Hello\r\n,hello" {
		t.Errorf("client rows matching hello = %q", got)
	}
}

func logMsgsData(rows []sockets.Event) string {
	s := make([]string, len(rows))
	for i, r := range rows {
		s[i] = string(r.Data)
	}
	return strings.Join(s, ",")
}

func TestLogViewClear(t *testing.T) {
	l := newTestLogView(t, 64)
	v, q := l.LogView, l.q
	v.SetLimit(4)
	emitAll(q, logTestEvents())
	l.flush()
	v.Select(1)
	test.Tap(v.ClearButton)
	if n := len(v.Rows()); n != 0 || v.List.Length() != 0 {
		t.Errorf("after Clear: %d rows, list length %d; want 0", n, v.List.Length())
	}
	if v.Dropped.Text != "" || v.DetailText() != "" {
		t.Errorf("after Clear: dropped %q, detail %q; want both empty", v.Dropped.Text, v.DetailText())
	}
	if _, ok := v.Selected(); ok {
		t.Error("a row is still selected after Clear")
	}
	if c := v.Model.Counts(); c != (logview.LogCounts{}) {
		t.Errorf("counts after Clear = %+v", c)
	}
	emitAll(q, logTestEvents()[:2])
	l.flush()
	if got := logJoinCells(logShownCells(v)); got != logJoinCells(logTestTextRows[:2]) {
		t.Errorf("rows after Clear and two events:\n%s", got)
	}
}

func TestLogViewDroppedCount(t *testing.T) {
	l := newTestLogView(t, 64)
	v, q := l.LogView, l.q
	v.SetLimit(5)
	emitAll(q, logTestEvents()[:4])
	l.flush()
	if v.Dropped.Text != "" {
		t.Errorf("dropped label = %q before any row was dropped", v.Dropped.Text)
	}
	emitAll(q, logTestEvents()[4:])
	l.flush()
	if got, want := v.Dropped.Text, "4 older rows dropped"; got != want {
		t.Errorf("dropped label = %q; want %q", got, want)
	}
	if got, want := logJoinCells(logShownCells(v)), logJoinCells(logTestTextRows[4:]); got != want {
		t.Errorf("rows:\n%s\nwant:\n%s", got, want)
	}
	emitAll(q, logTestEvents())
	l.flush()
	if got, want := v.Dropped.Text, "13 older rows dropped"; got != want {
		t.Errorf("dropped label = %q; want %q", got, want)
	}
	if c := v.Model.Counts(); c.Total != 18 || c.Kept != 5 || c.Dropped != 13 {
		t.Errorf("counts = %+v; want total 18, kept 5, dropped 13", c)
	}
}

// logEmitN emits n received events numbered from first.
func logEmitN(q *sockets.EventQueue, first, n int) {
	for i := first; i < first+n; i++ {
		data := []byte(fmt.Sprintf("message %d", i))
		q.Emit(sockets.Event{Time: guitest.EventTime.Add(time.Duration(i) * time.Millisecond), Side: sockets.Side(i % 2),
			Kind: sockets.KindReceived, Network: "tcp", Remote: "127.0.0.1:5000", Bytes: len(data), Data: data})
	}
}

func TestLogViewFollow(t *testing.T) {
	l := newTestLogView(t, 1024)
	v, q, w := l.LogView, l.q, l.w
	if !v.Follow() || !v.FollowCheck.Checked {
		t.Fatal("Follow is off in a new view")
	}
	var changes []bool
	v.OnChanged = func() { changes = append(changes, v.Follow()) }
	logEmitN(q, 0, 200)
	l.flush()
	bottom := v.MaxOffset()
	if bottom <= 0 {
		t.Fatalf("200 rows fit in the window (max offset %v); the test needs them not to", bottom)
	}
	if got := v.List.GetScrollOffset(); got != bottom {
		t.Errorf("offset = %v; want the bottom, %v", got, bottom)
	}
	if rows := logOnScreen(v); len(rows) == 0 || rows[len(rows)-1][logview.LogColContent] != "message 199" {
		t.Errorf("last row on screen is not the newest")
	}

	// The user scrolls up: the next rows do not move the view, and Follow
	// shows it is paused.
	pos := fyne.CurrentApp().Driver().AbsolutePositionForObject(v.List).Add(fyne.NewPos(20, 20))
	test.Scroll(w.Canvas(), pos, 0, 300)
	up := v.List.GetScrollOffset()
	if up >= bottom {
		t.Fatalf("offset after scrolling up = %v; want less than %v", up, bottom)
	}
	logEmitN(q, 200, 10)
	l.flush()
	if v.Follow() || v.FollowCheck.Checked {
		t.Error("Follow still on after the user scrolled up")
	}
	if got := v.List.GetScrollOffset(); got != up {
		t.Errorf("offset = %v after new rows; want it left at %v", got, up)
	}
	if fyne.CurrentApp().Preferences().BoolWithFallback(logview.KeyLogFollow, true) != true {
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
	l.flush()
	if got := logOnScreen(v); len(got) == 0 || got[0][logview.LogColContent] != rowsBefore[0][logview.LogColContent] {
		t.Errorf("top row on screen changed from %q to %q while paused", rowsBefore[0][logview.LogColContent], got[0][logview.LogColContent])
	}

	// Scrolling back to the bottom resumes following.
	test.Scroll(w.Canvas(), pos, 0, -100000)
	logEmitN(q, 215, 3)
	l.flush()
	if !v.Follow() || !v.FollowCheck.Checked {
		t.Error("Follow did not resume after scrolling back to the bottom")
	}
	if got := v.List.GetScrollOffset(); got != v.MaxOffset() {
		t.Errorf("offset = %v; want the bottom %v", got, v.MaxOffset())
	}

	// The check turns it off for good, and on again.
	test.Tap(v.FollowCheck)
	if v.Follow() || fyne.CurrentApp().Preferences().BoolWithFallback(logview.KeyLogFollow, true) {
		t.Error("unticking Follow did not turn it off and remember it")
	}
	v.List.ScrollToTop()
	logEmitN(q, 218, 3)
	l.flush()
	if v.List.GetScrollOffset() != 0 {
		t.Error("view moved with Follow off")
	}
	test.Tap(v.FollowCheck)
	if !v.Follow() || v.List.GetScrollOffset() != v.MaxOffset() {
		t.Errorf("ticking Follow: Follow() = %v, offset %v; want true, %v", v.Follow(), v.List.GetScrollOffset(), v.MaxOffset())
	}
	if fmt.Sprint(changes) != "[false true false true]" {
		t.Errorf("onChanged saw Follow %v; want [false true false true]", changes)
	}
}

// TestLogViewFlood pushes 100,000 events through a small queue and the
// drain goroutine into a bounded model, and checks every counter adds up.
func TestLogViewFlood(t *testing.T) {
	const (
		events = 100_000
		limit  = 1000
		burst  = 512 // twice the queue
	)
	l := newTestLogView(t, 256)
	v, q := l.LogView, l.q
	v.SetLimit(limit)
	l.Stop()
	var refreshes int
	l.Drain.Do = func(f func()) { refreshes++; l.ui.post(f) }
	// One burst with no drain running: the queue keeps 256 and drops the
	// rest, so the flood surely tests the queue's bound.
	logEmitN(q, 0, burst)
	l.Start(q)
	for i := burst; i < events; i += burst {
		// The drain reads while the burst is emitted, so the queue drops
		// some of each burst; a tick then takes the rest (the second tick
		// returns once the drain is done with the first), so each burst
		// starts with an empty queue and at least 256 of it get through.
		logEmitN(q, i, min(burst, events-i))
		l.ticks.tick(l.Drain)
		l.ticks.tick(l.Drain)
		l.ui.pump()
	}
	l.flush()
	// The queue reports the events it had no room for with the next event,
	// or on its own a moment later; send one more, then wait until every
	// drop has been reported.
	q.Emit(sockets.Event{Side: sockets.SideServer, Kind: sockets.KindInfo, Msg: "last"})
	waitLog(t, l, "every dropped event reported", func() bool { return v.Model.Counts().NotShown == q.Dropped() })
	// Batches, not events: a batch goes to the UI only on a tick.
	if refreshes > l.ticks.sent {
		t.Errorf("%d refreshes for %d ticks; want at most one a tick", refreshes, l.ticks.sent)
	}

	c := v.Model.Counts()
	dropped := q.Dropped()
	t.Logf("%d refreshes for %d ticks; queue dropped %d of %d events in %d gaps; model total %d, dropped %d, kept %d",
		refreshes, l.ticks.sent, dropped, events, c.Gaps, c.Total, c.Dropped, c.Kept)
	if c.Kept != limit || len(v.Rows()) != limit || v.List.Length() != limit {
		t.Errorf("kept %d, shown %d, list %d; want %d", c.Kept, len(v.Rows()), v.List.Length(), limit)
	}
	if c.Dropped != c.Total-limit {
		t.Errorf("model dropped %d; want total-limit = %d", c.Dropped, c.Total-limit)
	}
	// Every event the queue accepted, plus its gap reports, reached the model.
	if want := events + 1 - dropped + c.Gaps; c.Total != want {
		t.Errorf("model total %d; want accepted %d + gap reports %d = %d", c.Total, events+1-dropped, c.Gaps, want)
	}
	if got, want := v.Dropped.Text, fmt.Sprintf("%d older rows dropped", c.Dropped); got != want {
		t.Errorf("dropped label %q; want %q", got, want)
	}
	rows := v.Rows()
	// A gap report may come after the last event (the queue's own timer).
	last := len(rows) - 1
	for last > 0 && rows[last].Kind == sockets.KindGap {
		last--
	}
	if rows[last].Msg != "last" {
		t.Errorf("newest row = %+v; want the last event", rows[last])
	}
	if dropped < burst/2 || c.Gaps == 0 || c.Total < 10*limit {
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

// waitLog flushes l until cond holds; see waitUntil.
func waitLog(t *testing.T, l *testLog, what string, cond func() bool) {
	t.Helper()
	waitUntil(t, what, l.ticks.armed, l.flush, cond, nil)
}

// TestLogViewDrainPacing checks that the drain sets its timer as the
// batcher says: logRefreshEvery after the first event of a batch, and
// logBusyRefreshEvery after a batch of logBusyRows or more.
func TestLogViewDrainPacing(t *testing.T) {
	l := newTestLogView(t, 4096)
	l.Stop()
	resets := make(chan time.Duration, 16)
	ticks := &recordingTicks{testTicks: l.ticks, resets: resets}
	l.Drain.NewTimer = func() logview.LogTimer { return ticks }
	l.Start(l.q)
	next := func(what string) time.Duration {
		t.Helper()
		select {
		case d := <-resets:
			return d
		case <-time.After(waitTimeout):
			t.Fatalf("the drain did not set its timer %s", what)
			return 0
		}
	}
	logEmitN(l.q, 0, 1)
	if d := next("for the first event"); d != logview.LogRefreshEvery {
		t.Errorf("timer for a first event = %v; want %v", d, logview.LogRefreshEvery)
	}
	// A screenful at once: the batch after it waits longer.
	logEmitN(l.q, 1, logview.LogBusyRows)
	l.flush()
	logEmitN(l.q, 100, 1)
	if d := next("after a big batch"); d != logview.LogBusyRefreshEvery {
		t.Errorf("timer after a batch of %d rows = %v; want %v", logview.LogBusyRows+1, d, logview.LogBusyRefreshEvery)
	}
	// That small batch brings the pace back.
	l.flush()
	logEmitN(l.q, 101, 1)
	if d := next("after a small batch"); d != logview.LogRefreshEvery {
		t.Errorf("timer after a batch of 1 row = %v; want %v", d, logview.LogRefreshEvery)
	}
	l.flush()
	if got := len(l.Rows()); got != logview.LogBusyRows+3 {
		t.Errorf("%d rows; want %d", got, logview.LogBusyRows+3)
	}
}

// recordingTicks are testTicks that also report each timer setting.
type recordingTicks struct {
	*testTicks
	resets chan time.Duration
}

func (r *recordingTicks) Reset(d time.Duration) {
	r.resets <- d
	r.testTicks.Reset(d)
}

func TestLogViewStartStop(t *testing.T) {
	l := newTestLogView(t, 64)
	v, q := l.LogView, l.q
	v.Stop()
	var refreshes atomic.Int32
	l.Drain.Do = func(f func()) { refreshes.Add(1); l.ui.post(f) }
	// Start again replaces the goroutine; Stop twice is fine.
	v.Start(q)
	v.Start(q)
	for range 10 {
		l.ticks.tick(l.Drain)
	}
	l.ui.pump()
	if n := refreshes.Load(); n != 0 {
		t.Errorf("an idle log refreshed %d times in 10 ticks", n)
	}
	logEmitN(q, 0, 10)
	l.flush()
	if n := refreshes.Load(); n != 1 {
		t.Errorf("10 events at once gave %d refreshes; want 1", n)
	}
	v.Stop()
	v.Stop()
	if got := len(v.Rows()); got != 10 {
		t.Errorf("rows after Stop = %d; want 10", got)
	}
	// What was queued or collected when the drain stopped reaches the
	// model too.
	v.Start(q)
	logEmitN(q, 10, 5)
	v.Stop()
	l.ui.pump()
	if got, want := logMsgsData(v.Rows()), "message 0,message 1,message 2,message 3,message 4,message 5,message 6,message 7,message 8,message 9,message 10,message 11,message 12,message 13,message 14"; got != want {
		t.Errorf("rows after a second Stop = %s; want %s", got, want)
	}
}

// TestLogViewRealTimer runs the drain with the app's own timer: events
// reach the view without any tick from the test.
func TestLogViewRealTimer(t *testing.T) {
	a := test.NewTempApp(t)
	batches := make(chan func(), 4)
	v := logview.NewLogView(test.NewTempWindow(t, nil), a.Preferences(), func(f func()) { batches <- f })
	q := sockets.NewEventQueue(64)
	v.Start(q)
	defer v.Stop()
	logEmitN(q, 0, 3)
	for len(v.Rows()) < 3 {
		select {
		case f := <-batches:
			f()
		case <-time.After(waitTimeout):
			t.Fatalf("no batch within %v; rows %d", waitTimeout, len(v.Rows()))
		}
	}
	if got, want := logMsgsData(v.Rows()), "message 0,message 1,message 2"; got != want {
		t.Errorf("rows = %s; want %s", got, want)
	}
}

func TestLogViewLooksInBothThemes(t *testing.T) {
	l := newTestLogView(t, 64)
	v, q, w := l.LogView, l.q, l.w
	emitAll(q, logTestEvents())
	l.flush()
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
		for kind, look := range v.Looks {
			name, ok := textColor[look.Importance]
			if !ok {
				t.Errorf("%s: label importance %d is not one the test knows", kind, look.Importance)
				continue
			}
			if c := logContrast(theme.Color(name), bg); c < 3 {
				t.Errorf("variant %d: %s text (%s) contrast %.2f; want at least 3", variant, kind, name, c)
			}
			if c := logContrast(theme.Color(look.IconColor), bg); c < 3 {
				t.Errorf("variant %d: %s icon (%s) contrast %.2f; want at least 3", variant, kind, look.IconColor, c)
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

func TestLogViewDrainsOnlyWhenStarted(t *testing.T) {
	a := test.NewTempApp(t)
	ui := newUIQueue()
	v := logview.NewLogView(test.NewTempWindow(t, nil), a.Preferences(), ui.post)
	ticks := newTestTicks(make(chan struct{}, 1))
	v.Drain.NewTimer = ticks.timer
	q := sockets.NewEventQueue(16)
	logEmitN(q, 0, 3)
	flushLog(v.Drain, ticks, ui) // not started: nothing to drain
	if n := len(v.Rows()); n != 0 {
		t.Fatalf("rows before Start = %d; want 0", n)
	}
	// Started: the flush moves the events, in order, on this goroutine.
	v.Start(q)
	defer v.Stop()
	flushLog(v.Drain, ticks, ui)
	logEmitN(q, 3, 2)
	flushLog(v.Drain, ticks, ui)
	if got, want := logMsgsData(v.Rows()), "message 0,message 1,message 2,message 3,message 4"; got != want {
		t.Errorf("rows = %s; want %s", got, want)
	}
}

func TestLogViewBeforeShown(t *testing.T) {
	a := test.NewTempApp(t)
	v := logview.NewLogView(test.NewTempWindow(t, nil), a.Preferences(), widgets.FyneDo)
	// None of these may need the view on screen.
	v.SetFollow(false)
	v.SetFollow(true)
	v.Clear()
	v.SetHex(true)
	v.SetLimit(3)
	v.Select(0)
	v.CopySelected()
	v.Stop()
	if len(v.Rows()) != 0 || v.DetailText() != "" {
		t.Error("an empty view shows something")
	}
}

// TestLogFollowHoldsThroughResize keeps the newest row in view when the
// window changes size, not only when the next event arrives.
func TestLogFollowHoldsThroughResize(t *testing.T) {
	l := newTestLogView(t, 1024)
	v := l.LogView
	for i := range 300 {
		l.q.Emit(sockets.Event{Time: guitest.EventTime.Add(time.Duration(i) * time.Millisecond), Side: sockets.SideClient,
			Kind: sockets.KindInfo, Msg: fmt.Sprintf("row %d", i)})
	}
	l.flush()
	atBottom := func() bool {
		return math.Abs(float64(v.List.GetScrollOffset()-v.MaxOffset())) < 1
	}
	if !v.Follow() || !atBottom() {
		t.Fatalf("follow %v, offset %v of %v before the resize", v.Follow(), v.List.GetScrollOffset(), v.MaxOffset())
	}
	for _, size := range []fyne.Size{{Width: 1100, Height: 400}, {Width: 900, Height: 900}, {Width: 1100, Height: 300}} {
		l.w.Resize(size)
		if !atBottom() {
			t.Errorf("at %v the list is at offset %v; the newest row is at %v", size, v.List.GetScrollOffset(), v.MaxOffset())
		}
	}
}

// TestNarrowLogKeepsTextsInTheirColumns checks a log squeezed beside the
// sequence diagram at 150% zoom: the reply time (which cannot end in "…")
// shows only in a column wide enough for it, and the dropped-rows note in
// the header shows
// only when its whole text fits its cell, never running over the columns
// to its left.
func TestNarrowLogKeepsTextsInTheirColumns(t *testing.T) {
	h := newAppHarness(t)
	h.mw.setZoom(1.5)
	defer h.mw.setZoom(1)
	h.mw.setDiagram(true)
	h.win.Resize(defaultWindow)
	h.startServer()
	h.connectToOwnServer()
	h.mw.log.SetLimit(3)
	h.sendPings(3)
	h.flushLog()
	v := h.mw.log
	if v.Dropped.Text == "" {
		t.Fatal("no dropped-rows note with 3 rows kept")
	}
	replies := 0
	for _, o := range test.LaidOutObjects(v.List) {
		r, ok := o.(*logview.LogRowItem)
		if !ok || !r.Visible() {
			continue
		}
		// The peer column shows the whole address, or its port.
		if r.Peer.Visible() == r.PeerPort.Visible() || r.PeerPort.Visible() && r.PeerPort.Text != logview.PeerPort(r.Peer.Text) {
			t.Errorf("peer %q: address shown %v, port %q shown %v; want one of them", r.Peer.Text, r.Peer.Visible(), r.PeerPort.Text, r.PeerPort.Visible())
		}
		if r.Reply.Text == "" {
			continue
		}
		replies++
		cell := r.Cells.Objects[1].(*fyne.Container)
		parts := cell.Objects[logview.LogColReply].(*fyne.Container).Objects
		skip := -1 // the parts shown: all, or all but the fraction
		if !r.ReplyFrac.Visible() {
			skip = 1
		}
		if need := (widgets.JoinedText{}).Width(parts, skip); r.Reply.Visible() && cell.Objects[logview.LogColReply].Size().Width < need {
			t.Errorf("the reply time %q gets %v of the %v it needs", r.Reply.Text+r.ReplyFrac.Text+r.ReplyUnit.Text, cell.Objects[logview.LogColReply].Size().Width, need)
		}
	}
	if replies == 0 {
		t.Error("no row on screen shows a reply time")
	}
	// Every header title shows within its column, or not at all.
	for _, o := range test.LaidOutObjects(v.Body()) {
		if l, ok := o.(*widget.Label); ok && l.Visible() && l.Importance == widget.HighImportance && l.Truncation == fyne.TextTruncateEllipsis {
			if w := fyne.MeasureText("…", theme.TextSize(), fyne.TextStyle{}).Width; l.Size().Width < w {
				t.Errorf("the title %q shows in %v, too narrow for …", l.Text, l.Size().Width)
			}
		}
	}
	note := fyne.MeasureText(v.Dropped.Text, theme.TextSize(), fyne.TextStyle{}).Width
	if v.Dropped.Visible() && v.Dropped.Size().Width < note {
		t.Errorf("the note %q shows in %v; its text needs %v", v.Dropped.Text, v.Dropped.Size().Width, note)
	}
	// Wide enough, both show.
	h.mw.setDiagram(false)
	h.mw.setZoom(1)
	h.win.Resize(fyne.NewSize(1600, defaultWindow.Height))
	v.Refresh()
	if !v.Dropped.Visible() {
		t.Errorf("the note %q is hidden in a 1600 wide log", v.Dropped.Text)
	}
	for _, o := range test.LaidOutObjects(v.List) {
		if r, ok := o.(*logview.LogRowItem); ok && r.Visible() && r.Reply.Text != "" && !r.Reply.Visible() {
			t.Errorf("the reply time %q is hidden in a 1600 wide log", r.Reply.Text+r.ReplyFrac.Text+r.ReplyUnit.Text)
		}
	}
}
