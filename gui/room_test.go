package gui

import (
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"github.com/sockettester/sockettester/gui/i18n"
	"github.com/sockettester/sockettester/gui/logview"
	"github.com/sockettester/sockettester/sockets"
)

// projector is the screen of the room the zoom is for.
var projector = fyne.NewSize(1280, 800)

// roomWindow is the size a desktop window takes for the window's content:
// the size asked for, grown to the content's minimum.
func roomWindow(h *appHarness, want fyne.Size) fyne.Size {
	return want.Max(h.win.Content().MinSize())
}

// TestZoomFitsTheRoom zooms the default window to 150% and 200% on a
// 1280x800 screen with an exchange in the log: the window's content fits
// the screen, the log shows 8 rows (5 at 200%), every column title
// whole and the reply times, and the diagram's lane titles scale.
func TestZoomFitsTheRoom(t *testing.T) {
	for _, lang := range []string{i18n.English, i18n.Vietnamese} {
		t.Run(lang, func(t *testing.T) { testZoomFitsTheRoom(t, lang) })
	}
}

func testZoomFitsTheRoom(t *testing.T, lang string) {
	h := newAppHarness(t)
	h.mw.setLanguage(lang)
	defer h.mw.setLanguage(i18n.English)
	h.mw.setDiagram(true)
	h.win.Resize(defaultWindow)
	h.startServer()
	h.connectToOwnServer()
	h.sendPings(6)
	h.flushLog()
	sc := shortcutCanvas(t, h.win)
	for _, c := range []struct {
		zoom float32
		in   int // zoom-in steps from the last
		rows int
	}{{1.5, 3, 8}, {2, 2, 5}} {
		for range c.in {
			sc.TypedShortcut(shortcutZoomIn)
		}
		if h.mw.zoom != c.zoom {
			t.Fatalf("zoom %v; want %v", h.mw.zoom, c.zoom)
		}
		menu := menuBarAllowance * c.zoom
		// The window pads its content on every side.
		min := h.win.Content().MinSize().AddWidthHeight(2*theme.Padding(), 2*theme.Padding())
		if min.Width > projector.Width || min.Height > projector.Height-menu {
			t.Errorf("at %v%% the window needs %v; a 1280x800 screen holds %v", c.zoom*100, min, fyne.NewSize(projector.Width, projector.Height-menu))
		}
		h.win.Resize(roomWindow(h, fyne.NewSize(defaultWindow.Width, 720-menu)))
		h.mw.log.Refresh()
		if n := logRowsShown(h.mw.log); n < c.rows {
			t.Errorf("at %v%% in %v the log shows %d rows; want at least %d", c.zoom*100, h.win.Canvas().Size(), n, c.rows)
		}
		checkTitlesWhole(t, h, c.zoom)
		// The panes fold to their title rows: the state and Start or
		// Connect stay in sight, the rest scrolls.
		if ph, row := h.mw.paneScroll.Size().Height, h.mw.paneTitleRow(); ph < row {
			t.Errorf("at %v%% the panes get %v, less than their title rows' %v", c.zoom*100, ph, row)
		}
		if m := h.mw.status.message; m.Size().Width < labelTextWidth(m)-1 {
			t.Errorf("at %v%% the zoom indicator %q has %v of the %v it needs", c.zoom*100, m.Text, m.Size().Width, labelTextWidth(m))
		}
		checkRepliesShown(t, h, c.zoom)
		// The lane titles and arrows' labels at the text size, the times
		// at the caption size: both zoomed.
		big := 0
		for _, o := range test.LaidOutObjects(h.mw.seq.Object()) {
			tx, ok := o.(*canvas.Text)
			if !ok || tx.Text == "" {
				continue
			}
			if tx.TextSize == theme.TextSize() {
				big++
			} else if tx.TextSize != theme.CaptionTextSize() {
				t.Errorf("at %v%% the diagram's text %q is %v high; want the zoomed %v or %v", c.zoom*100, tx.Text, tx.TextSize, theme.TextSize(), theme.CaptionTextSize())
			}
		}
		if big < 3 {
			t.Errorf("at %v%% %d of the diagram's texts are at the zoomed text size; want the lane titles and labels", c.zoom*100, big)
		}
	}
}

// checkTitlesWhole checks that every log column title has its whole text.
func checkTitlesWhole(t *testing.T, h *appHarness, zoom float32) {
	t.Helper()
	names := map[string]bool{}
	for _, k := range []string{"time", "side", "event", "peer", "bytes", "reply", "content"} {
		names[i18n.Tr("log.col."+k)] = true
	}
	titles := 0
	for _, o := range test.LaidOutObjects(h.mw.log.Body()) {
		l, ok := o.(*widget.Label)
		if !ok || !names[l.Text] || !l.Visible() {
			continue
		}
		titles++
		need := fyne.MeasureText(l.Text, theme.TextSize(), l.TextStyle).Width + 2*theme.InnerPadding()
		if l.Size().Width < need {
			t.Errorf("at %v%% the title %q has %v of the %v it needs", zoom*100, l.Text, l.Size().Width, need)
		}
	}
	if titles != 7 {
		t.Errorf("at %v%% %d column titles show; want 7", zoom*100, titles)
	}
}

// checkRepliesShown checks that the rows with a reply time show it.
func checkRepliesShown(t *testing.T, h *appHarness, zoom float32) {
	t.Helper()
	replies := 0
	for _, o := range test.LaidOutObjects(h.mw.log.List) {
		r, ok := o.(*logview.LogRowItem)
		if !ok || !r.Visible() || r.Reply.Text == "" {
			continue
		}
		if !r.Reply.Visible() || r.Reply.Size().Width <= 0 {
			t.Errorf("at %v%% the reply time %q is hidden", zoom*100, r.Reply.Text+r.ReplyFrac.Text+r.ReplyUnit.Text)
		}
		replies++
	}
	if replies == 0 {
		t.Errorf("at %v%% no row on screen has a reply time", zoom*100)
	}
}

// TestResetZoomRestoresTheWindow zooms in to 200%, where a desktop window
// grows to the content's minimum, and checks that Ctrl+0 gives the window
// its size from before.
func TestResetZoomRestoresTheWindow(t *testing.T) {
	h := newAppHarness(t)
	h.mw.setDiagram(true)
	h.win.Resize(defaultWindow)
	before := h.win.Canvas().Size()
	sc := shortcutCanvas(t, h.win)
	for range 5 {
		sc.TypedShortcut(shortcutZoomIn)
	}
	h.win.Resize(roomWindow(h, before)) // what the desktop driver does
	sc.TypedShortcut(shortcutZoomReset)
	if got := h.win.Canvas().Size(); got != before {
		t.Errorf("after Ctrl+0 the window is %v; want %v, its size before zooming", got, before)
	}
}

// TestLessonPayloadWhole sends the lesson's payload at the default size
// with the diagram beside the log: every row's content reads the whole
// "Hello, world".
func TestLessonPayloadWhole(t *testing.T) {
	h := newAppHarness(t)
	h.mw.setDiagram(true)
	h.win.Resize(defaultWindow)
	h.startServer()
	h.connectToOwnServer()
	h.typeAndSend("Hello, world")
	h.waitFor("the echo", func() bool { return h.hasRow(sockets.SideClient, sockets.KindReceived, []byte("Hello, world")) })
	h.flushLog()
	h.mw.log.Refresh()
	rows := 0
	for _, o := range test.LaidOutObjects(h.mw.log.List) {
		r, ok := o.(*logview.LogRowItem)
		if !ok || !r.Visible() || r.Content.Text != "Hello, world" {
			continue
		}
		rows++
		need := fyne.MeasureText(r.Content.Text, theme.TextSize(), r.Content.TextStyle).Width + 2*theme.InnerPadding()
		if w := r.Content.Size().Width; w < need {
			t.Errorf("a %s row's content has %v of the %v \"Hello, world\" needs: it reads \"Hello, wo…\"", r.Direction.Text, w, need)
		}
	}
	if rows != 4 {
		t.Errorf("%d rows show Hello, world; want 4 (sent, received, sent back, received back)", rows)
	}
}
