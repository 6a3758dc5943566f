package logview

import (
	"bytes"
	"strings"
	"testing"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/widget"

	"github.com/sockettester/sockettester/gui/widgets"
	"github.com/sockettester/sockettester/sockets"
)

var frameT0 = time.Date(2026, 1, 2, 3, 4, 5, 0, time.UTC)

// frameRead is a read of the server's connection from 127.0.0.1:5000,
// ms milliseconds after frameT0.
func frameRead(ms int, data string) sockets.Event {
	return sockets.Event{Time: frameT0.Add(time.Duration(ms) * time.Millisecond), Side: sockets.SideServer, Kind: sockets.KindReceived,
		Network: "tcp", Local: "127.0.0.1:9000", Remote: "127.0.0.1:5000", Bytes: len(data), Data: []byte(data)}
}

// frameView is a log view in a test window framing as set says.
func frameView(t testing.TB, set FrameSettings) *LogView {
	t.Helper()
	test.NewTempApp(t)
	v := NewLogView(test.NewTempWindow(t, nil), nil, widgets.FyneDo)
	t.Cleanup(v.Close)
	// Frames show when the test says, with flushFrames: no timer.
	v.frames.after = func(time.Duration, func()) func() { return func() {} }
	v.SetFrames(set)
	return v
}

// shownData is the data of the rows shown, as quoted text, and their
// reads.
func shownData(v *LogView) (data []string, reads []int) {
	for i, e := range v.Rows() {
		data = append(data, string(e.Data))
		reads = append(reads, v.FrameReads(i))
	}
	return data, reads
}

func sameStrings(a, b []string) bool {
	return strings.Join(a, "|") == strings.Join(b, "|") && len(a) == len(b)
}

func sameInts(a, b []int) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if a[i] != b[i] {
			return false
		}
	}
	return true
}

func wantShown(t *testing.T, v *LogView, when string, data []string, reads []int) {
	t.Helper()
	got, gotReads := shownData(v)
	if !sameStrings(got, data) || !sameInts(gotReads, reads) {
		t.Errorf("%s: rows %q with reads %v; want %q with %v", when, got, gotReads, data, reads)
	}
}

// TestFramesByDelimiter cuts reads after each \r\n, one row a frame; the
// tail waits for more and shows once idle for the gap.
func TestFramesByDelimiter(t *testing.T) {
	v := frameView(t, FrameSettings{Mode: FramesByDelimiter, Delimiter: []byte("\r\n"), Gap: 100 * time.Millisecond})
	v.apply(logBatch{rows: []sockets.Event{frameRead(0, "AB"), frameRead(1, "C\r\n"), frameRead(2, "DE\r\nF")}})
	wantShown(t, v, "after three reads", []string{"ABC\r\n", "DE\r\n"}, []int{2, 1})
	// The tail's gap is over at 102 ms; a read from then may reach the
	// view frameLate later.
	v.flushFrames(frameT0.Add(101*time.Millisecond + frameLate))
	wantShown(t, v, "before the gap", []string{"ABC\r\n", "DE\r\n"}, []int{2, 1})
	v.flushFrames(frameT0.Add(102*time.Millisecond + frameLate))
	wantShown(t, v, "after the gap", []string{"ABC\r\n", "DE\r\n", "F"}, []int{2, 1, 1})
	if n := v.Model.Len(); n != 3 {
		t.Errorf("the model keeps %d rows; want the 3 reads", n)
	}

	// A delimiter split between reads still ends a frame; a read after an
	// idle gap starts one, and the connection's end shows what it has. A
	// send (an echo) does not cut a frame, which shows once complete.
	v.Clear()
	sent := frameRead(3, "x")
	sent.Kind = sockets.KindSent
	closed := frameRead(300, "")
	closed.Kind, closed.Data = sockets.KindDisconnected, nil
	v.apply(logBatch{rows: []sockets.Event{frameRead(0, "A\r"), frameRead(1, "\nB"), sent, frameRead(4, "C"), frameRead(200, "D\r\n"), frameRead(201, "E"), closed}})
	wantShown(t, v, "split delimiter", []string{"A\r\n", "x", "BC", "D\r\n", "E", ""}, []int{2, 0, 2, 1, 1, 0})
}

// TestFramesByGap joins reads less than the gap apart.
func TestFramesByGap(t *testing.T) {
	v := frameView(t, FrameSettings{Mode: FramesByGap, Gap: 20 * time.Millisecond})
	other := frameRead(6, "other")
	other.Remote = "127.0.0.1:5001"
	v.apply(logBatch{rows: []sockets.Event{frameRead(0, "AB"), frameRead(5, "CD"), other, frameRead(40, "EF")}})
	wantShown(t, v, "after the reads", []string{"ABCD"}, []int{2})
	v.FlushFrames()
	wantShown(t, v, "flushed", []string{"ABCD", "other", "EF"}, []int{2, 1, 1})
	row := v.NewRowItem().(*LogRowItem)
	for i, want := range [][2]string{{"2 reads", "ABCD"}, {"received", "other"}, {"received", "EF"}} {
		v.UpdateRowItem(i, row)
		if got := [2]string{row.Direction.Text, row.Content.Text}; got != want {
			t.Errorf("row %d says %q; want %q", i, got, want)
		}
	}
	v.Select(0)
	d := v.DetailText()
	if strings.Split(d, "\n")[1] != "a frame of 2 reads" || !strings.Contains(d, "00000000  41 42 43 44                                       |ABCD|") {
		t.Errorf("the frame's detail does not say 2 reads and dump its 4 bytes:\n%s", d)
	}

	// The diagram selects by the model's rows: the second read selects
	// the frame it is in, and the frame tells the diagram its first read.
	var told uint64
	v.OnSelect = func(seq uint64, ok bool) { told = seq }
	if !v.SelectSeq(1) {
		t.Fatal("the second read selects no row")
	}
	if e, _ := v.Selected(); string(e.Data) != "ABCD" || told != 0 {
		t.Errorf("selecting the second read selected %q and told the diagram %d; want ABCD, 0", e.Data, told)
	}

	// As read again: the reads, each its own row.
	v.SetFrames(FrameSettings{Mode: FramesAsRead})
	wantShown(t, v, "as read", []string{"AB", "CD", "other", "EF"}, []int{0, 0, 0, 0})
}

// TestFramesTruncatedRead ends a frame at a read the engine did not
// capture whole, and counts its bytes.
func TestFramesTruncatedRead(t *testing.T) {
	v := frameView(t, FrameSettings{Mode: FramesByDelimiter, Delimiter: []byte("\n"), Gap: time.Second})
	big := frameRead(1, "0123")
	big.Bytes, big.Truncated = 4000, true
	v.apply(logBatch{rows: []sockets.Event{frameRead(0, "x\nab"), big, frameRead(2, "z\n")}})
	rows := v.Rows()
	if len(rows) != 3 || string(rows[1].Data) != "ab0123" || rows[1].Bytes != 4002 || !rows[1].Truncated || string(rows[2].Data) != "z\n" {
		t.Errorf("rows %+v; want x\\n, ab0123 of 4002 bytes truncated, z\\n", rows)
	}
}

// TestFramesSaveKeepsReads saves a framed log: every format has the reads
// as they came, byte for byte, with or without a filter.
func TestFramesSaveKeepsReads(t *testing.T) {
	v := frameView(t, FrameSettings{Mode: FramesByDelimiter, Delimiter: []byte("\r\n"), Gap: 100 * time.Millisecond})
	rows := []sockets.Event{frameRead(0, "AB"), frameRead(1, "C\r\n"), frameRead(2, "DE\r\nF")}
	v.apply(logBatch{rows: append([]sockets.Event(nil), rows...)})
	v.FlushFrames()
	if n := len(v.Rows()); n != 3 {
		t.Fatalf("%d rows shown; want 3 frames", n)
	}
	for _, f := range []SaveFormat{SaveFormatCSV, SaveFormatJSONL, SaveFormatText} {
		var want bytes.Buffer
		if err := WriteLog(&want, rows, f, false); err != nil {
			t.Fatal(err)
		}
		for _, shownOnly := range []bool{false, true} {
			if shownOnly {
				v.Search.SetText("127.0.0.1")
			}
			var got bytes.Buffer
			if n, err := v.Save(&got, f, shownOnly); err != nil || n != len(rows) || !bytes.Equal(got.Bytes(), want.Bytes()) {
				t.Errorf("%v shown=%v: saved %d rows, %v:\n%s\nwant the 3 reads:\n%s", f, shownOnly, n, err, got.Bytes(), want.Bytes())
			}
		}
		v.Search.SetText("")
	}
}

// TestFramesSettingsRefused refuses bad settings, saying what is right.
func TestFramesSettingsRefused(t *testing.T) {
	test.NewTempApp(t)
	for _, tc := range []struct{ in, want string }{
		{"", "enter a gap"},
		{"soon", `like 20ms or 0.5s, not "soon"`},
		{"0.5ms", "between 1ms and 10s"},
		{"0", "between 1ms and 10s"},
		{"11s", "between 1ms and 10s"},
		{"20000", "between 1ms and 10s"},
		{"-5ms", "between 1ms and 10s"},
	} {
		if _, err := ParseFrameGap(tc.in); err == nil || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("gap %q: %v; want an error saying %q", tc.in, err, tc.want)
		}
	}
	for in, want := range map[string]time.Duration{"20": 20 * time.Millisecond, "20ms": 20 * time.Millisecond, " 0.5s ": 500 * time.Millisecond, "1ms": time.Millisecond, "10s": 10 * time.Second} {
		if d, err := ParseFrameGap(in); err != nil || d != want {
			t.Errorf("gap %q = %v, %v; want %v", in, d, err, want)
		}
	}
	for _, tc := range []struct {
		in   string
		hex  bool
		want string
	}{
		{"", false, "enter a delimiter"},
		{"  ", true, "enter a delimiter"},
		{`\x0`, false, `position`},
		{`\q`, false, `position`},
		{"0G", true, `position`},
	} {
		if _, err := ParseFrameDelimiter(tc.in, tc.hex); err == nil || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("delimiter %q (hex %v): %v; want an error saying %q", tc.in, tc.hex, err, tc.want)
		}
	}
	for _, tc := range []struct {
		in   string
		hex  bool
		want string
	}{{`\r\n`, false, "\r\n"}, {`\x03`, false, "\x03"}, {"0d 0a", true, "\r\n"}, {";", false, ";"}} {
		if b, err := ParseFrameDelimiter(tc.in, tc.hex); err != nil || string(b) != tc.want {
			t.Errorf("delimiter %q (hex %v) = %q, %v; want %q", tc.in, tc.hex, b, err, tc.want)
		}
	}
}

// TestFramesDialogRefusesAsTyped types bad settings into the Frames
// dialog's fields: each says what is right, nothing changes, the text
// stays; good ones apply and a new view loads them.
func TestFramesDialogRefusesAsTyped(t *testing.T) {
	v := frameView(t, FrameSettings{})
	f := v.newFramesForm()
	f.Gap.SetText("100ms0")
	if err := f.Gap.Validate(); err == nil || !strings.Contains(err.Error(), `like 20ms or 0.5s, not "100ms0"`) {
		t.Errorf("gap 100ms0: %v", err)
	}
	f.Gap.SetText("20ms")
	f.Mode.SetSelected(f.modes[FramesByDelimiter])
	f.Delim.SetText(`\x4`)
	if err := f.Delim.Validate(); err == nil || !strings.Contains(err.Error(), "position") {
		t.Errorf(`delimiter \x4: %v; want where it is wrong`, err)
	}
	if v.applyFramesForm(f) || v.Frames().Mode != FramesAsRead || f.Delim.Text != `\x4` {
		t.Errorf("a bad delimiter applied (%v) or was lost (%q)", v.Frames(), f.Delim.Text)
	}
	f.Delim.SetText("")
	if err := f.Delim.Validate(); err == nil || !strings.Contains(err.Error(), "enter a delimiter") {
		t.Errorf("empty delimiter: %v", err)
	}
	f.Mode.SetSelected(f.modes[FramesAsRead])
	if err := f.Delim.Validate(); err != nil {
		t.Errorf("as read, the delimiter is not used, yet: %v", err)
	}
	f.Mode.SetSelected(f.modes[FramesByDelimiter])
	f.Delim.SetText("03")
	f.Hex.SetChecked(true)
	if !v.applyFramesForm(f) {
		t.Fatal("good settings refused")
	}
	want := FrameSettings{Mode: FramesByDelimiter, Gap: 20 * time.Millisecond, Delimiter: []byte{3}}
	again := NewLogView(test.NewTempWindow(t, nil), nil, widgets.FyneDo)
	defer again.Close()
	for _, got := range []FrameSettings{v.Frames(), again.Frames()} {
		if got.Mode != want.Mode || got.Gap != want.Gap || !bytes.Equal(got.Delimiter, want.Delimiter) {
			t.Errorf("settings %+v; want %+v", got, want)
		}
	}
}

// TestFramesDialogSaveOff types a bad delimiter into the dialog shown:
// its Save is off until the delimiter is right.
func TestFramesDialogSaveOff(t *testing.T) {
	v := frameView(t, FrameSettings{})
	v.Win.Resize(fyne.NewSize(1100, 720))
	f := v.showFramesDialog()
	save := findButton(v.Win.Canvas().Overlays().Top(), "Save")
	if save == nil {
		t.Fatal("no Save button in the dialog")
	}
	f.Mode.SetSelected(f.modes[FramesByDelimiter])
	f.Delim.SetText("")
	test.Type(f.Delim, `\x4`)
	if !save.Disabled() {
		t.Errorf(`Save is on with the delimiter \x4`)
	}
	test.Type(f.Delim, `0`)
	if save.Disabled() {
		t.Errorf(`Save is off with the delimiter \x40`)
	}
}

// findButton returns the button labelled text in o's tree, or nil.
func findButton(o fyne.CanvasObject, text string) *widget.Button {
	if b, ok := o.(*widget.Button); ok && b.Text == text {
		return b
	}
	var kids []fyne.CanvasObject
	switch c := o.(type) {
	case *fyne.Container:
		kids = c.Objects
	case fyne.Widget:
		kids = test.WidgetRenderer(c).Objects()
	}
	for _, k := range kids {
		if b := findButton(k, text); b != nil {
			return b
		}
	}
	return nil
}
