package gui

import (
	"testing"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/theme"

	"github.com/sockettester/sockettester/gui/logview"
	"github.com/sockettester/sockettester/gui/panes"
	"github.com/sockettester/sockettester/sockets"
	"github.com/sockettester/sockettester/sockets/replytime"
)

func TestFormatBytes(t *testing.T) {
	for n, want := range map[uint64]string{
		0: "0 B", 1023: "1023 B", 1024: "1.0 KiB", 1536: "1.5 KiB",
		5 << 20: "5.0 MiB", 3 << 30: "3.0 GiB", 5000 << 30: "5000.0 GiB",
	} {
		if got := logview.FormatBytes(n); got != want {
			t.Errorf("formatBytes(%d) = %q; want %q", n, got, want)
		}
	}
}

func TestStatusBarSet(t *testing.T) {
	a := test.NewTempApp(t)
	s := newStatusBar()
	// Wide enough for every line whole.
	w := a.NewWindow("")
	defer w.Close()
	w.SetContent(s.Object())
	w.Resize(fyne.NewSize(1600, 100))
	s.Set(panes.Counts{Network: "tcp", OK: true, Stats: sockets.Stats{BytesIn: 2048, MsgsIn: 2, BytesOut: 1, MsgsOut: 1}}, 3,
		panes.Counts{Network: "udp", OK: true, Stats: sockets.Stats{BytesIn: 8, MsgsIn: 2, BytesOut: 12, MsgsOut: 3}},
		replytime.Summary{Sent: 3, Replies: 2, Lost: 1, P50: 231 * time.Microsecond, P99: 1500 * time.Microsecond}, true)
	for got, want := range map[string]string{
		s.server.Text: "Server: 3 clients · in 2.0 KiB (2 reads) · out 1 B (1 write)",
		s.client.Text: "Client: in 8 B (2 datagrams) · out 12 B (3 datagrams) · sent 3, received 2, lost 1, p50 0.231 ms, p99 1.500 ms",
	} {
		if got != want {
			t.Errorf("got %q; want %q", got, want)
		}
	}
	s.Set(panes.Counts{}, 1, panes.Counts{Network: "tcp", OK: true, Stats: sockets.Stats{}},
		replytime.Summary{Sent: 1, Replies: 1, P50: time.Millisecond, P99: time.Millisecond}, true)
	if want := "Client: in 0 B (0 reads) · out 0 B (0 writes) · 1 reply, p50 1.000 ms, p99 1.000 ms"; s.client.Text != want {
		t.Errorf("got %q; want %q", s.client.Text, want)
	}
	if want := "Server: 1 client · in 0 B (0 reads) · out 0 B (0 writes)"; s.server.Text != want {
		t.Errorf("got %q; want %q", s.server.Text, want)
	}

	s.ShowMessage("Saved 3 rows to /tmp/x.txt")
	for range statusMessageTicks - 1 {
		s.tick()
	}
	if !s.message.Visible() {
		t.Error("the message went before its time")
	}
	s.tick()
	if s.message.Visible() {
		t.Error("the message stayed past its time")
	}
}

func TestStatusMessageGetsItsTextWidth(t *testing.T) {
	a := test.NewTempApp(t)
	s := newStatusBar()
	w := a.NewWindow("")
	defer w.Close()
	w.SetContent(s.Object())
	w.Resize(fyne.NewSize(1100, 100))
	for _, msg := range []string{"Saved", "Saved packet “Hello, world”"} {
		s.ShowMessage(msg)
		need := fyne.MeasureText(msg, theme.CaptionTextSize(), fyne.TextStyle{}).Width + 2*theme.InnerPadding()
		if got := s.message.Size().Width; got < need {
			t.Errorf("message %q is %v wide; its text needs %v", msg, got, need)
		}
	}
}

// TestStatusMessageWholeOnHover saves to a long path: the confirmation
// shows whole, or, where the window is too narrow for it, whole in a
// pop-up while the pointer is over it.
func TestStatusMessageWholeOnHover(t *testing.T) {
	h := newAppHarness(t)
	msg := "Saved 12 rows to /home/teacher/Documents/workshops/2026-12-07 networking lab/session-log-room-b-afternoon-group.csv"
	for _, size := range []fyne.Size{defaultWindow, smallWindow} {
		h.win.Resize(size)
		h.mw.showMessage(msg)
		h.win.Content().Refresh()
		m := h.mw.status.message
		need := fyne.MeasureText(msg, theme.CaptionTextSize(), fyne.TextStyle{}).Width + 2*theme.InnerPadding()
		if m.Size().Width >= need {
			continue
		}
		if size == defaultWindow {
			t.Errorf("at %v the message has %v of the %v it needs", size, m.Size().Width, need)
		}
		pos := fyne.CurrentApp().Driver().AbsolutePositionForObject(m)
		test.MoveMouse(h.win.Canvas(), pos.Add(fyne.NewPos(m.Size().Width/2, m.Size().Height/2)))
		var shown []string
		for _, o := range h.win.Canvas().Overlays().List() {
			collectShownText(o, &shown)
		}
		found := false
		for _, s := range shown {
			found = found || s == msg
		}
		if !found {
			t.Errorf("at %v the message has %v of the %v it needs, and hovering it shows %q; want the whole %q", size, m.Size().Width, need, shown, msg)
		}
		test.MoveMouse(h.win.Canvas(), fyne.NewPos(1, 1))
		if top := h.win.Canvas().Overlays().Top(); top != nil {
			t.Errorf("the whole message stays after the pointer left: %v", top)
		}
	}
}
