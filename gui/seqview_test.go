package gui

import (
	"image/png"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/theme"

	"github.com/sockettester/sockettester/gui/logview"
	"github.com/sockettester/sockettester/gui/panes"
	"github.com/sockettester/sockettester/gui/seqdiagram"
	"github.com/sockettester/sockettester/gui/widgets"
	"github.com/sockettester/sockettester/sockets"
)

// TestSequenceDiagramEcho runs the lesson's echo and checks the ladder: a
// lane each for the client and the server, the connect markers, one arrow
// each way labelled Hello, world, and tapping an arrow selects its row in
// the log.
func TestSequenceDiagramEcho(t *testing.T) {
	h := newAppHarness(t)
	h.win.Resize(defaultWindow)
	if !h.mw.diagramShown() {
		t.Fatal("the diagram is not beside the log at the default size")
	}
	test.Tap(h.mw.client.UseServer)
	h.waitFor("the client to connect", func() bool { return h.mw.client.State == panes.ClientConnected })
	test.Tap(h.mw.client.SendBtn)
	h.assertExchange("Hello, world", "Hello, world")
	seq := h.mw.seq
	if got := seqdiagram.SeqText(seq.Model); !strings.Contains(got, `arrow 0->1 "Hello, world" paired`+"\n"+`arrow 1->0 "Hello, world" paired`) {
		t.Fatalf("diagram:\n%s\nwant the echo's two arrows, client to server and back", got)
	}
	// The app's client tab, named even while it is the only one.
	if got := []string{seqdiagram.LaneName(seq.Lanes.Keys[0]), seqdiagram.LaneName(seq.Lanes.Keys[1])}; got[0] != "Client 1" || got[1] != "Server" {
		t.Errorf("lanes %q", got)
	}
	// Tap the first arrow: its row is the client's send.
	first := -1
	for i := 0; i < seq.Model.Len(); i++ {
		if seq.Model.Item(i).Kind == seqdiagram.SeqArrow {
			first = i
			break
		}
	}
	seq.List.Select(first)
	r, ok := h.mw.log.Selected()
	if !ok || r.Side != sockets.SideClient || r.Kind != sockets.KindSent || string(r.Data) != "Hello, world" {
		t.Errorf("tapping the arrow selected %v, %v; want the client's send", r, ok)
	}
	// The row drawn for it is marked, and shows its lanes and label.
	row := seqdiagram.NewSeqRow()
	seq.UpdateRow(first, row)
	if !row.Look.Selected || row.Look.From != 0 || row.Look.To != 1 || row.Look.Label != "Hello, world" {
		t.Errorf("row look %+v", row.Look)
	}
	// Selecting the server's receive in the log marks the same arrow.
	for i, e := range h.mw.log.Rows() {
		if e.Side == sockets.SideServer && e.Kind == sockets.KindReceived {
			h.mw.log.Select(i)
		}
	}
	seq.UpdateRow(first, row)
	if !row.Look.Selected {
		t.Error("selecting the server's receive does not mark its arrow")
	}
	// Clearing the log clears the diagram.
	h.mw.log.Clear()
	if seq.Model.Len() != 0 || !seq.Empty.Visible() {
		t.Errorf("after Clear the diagram holds %d items", seq.Model.Len())
	}
}

// TestSequenceDiagramFloodBand repeats a send a few hundred times back to
// back: the diagram folds them into one band.
func TestSequenceDiagramFloodBand(t *testing.T) {
	h := newAppHarness(t)
	h.startServer()
	h.connectToOwnServer()
	c := h.mw.client
	h.repeatSend("x", "300", "1ms")
	h.waitFor("300 echoes", func() bool {
		st, _ := c.Stats()
		return st.BytesIn == 300
	})
	h.flushLog()
	var bands []*seqdiagram.SeqItem
	for i := 0; i < h.mw.seq.Model.Len(); i++ {
		if it := h.mw.seq.Model.Item(i); it.Kind == seqdiagram.SeqBand {
			bands = append(bands, it)
		}
	}
	total := 0
	for _, b := range bands {
		total += b.Count
	}
	if len(bands) == 0 || total < 300 {
		t.Fatalf("%d bands holding %d messages; want the repeat folded:\n%s", len(bands), total, seqdiagram.SeqText(h.mw.seq.Model))
	}
	row := seqdiagram.NewSeqRow()
	row.Look = h.mw.seq.RowLook(bands[0])
	if !strings.Contains(row.Look.Label, "messages,") || !strings.Contains(row.Look.Label, " in ") {
		t.Errorf("band label %q; want \"N messages, X bytes in T ms\"", row.Look.Label)
	}
}

// TestSequenceDiagramExport saves the diagram as a PNG image.
func TestSequenceDiagramExport(t *testing.T) {
	h := newAppHarness(t)
	h.win.Resize(defaultWindow)
	h.startServer()
	h.connectToOwnServer()
	h.typeAndSend("ping")
	h.assertExchange("ping", "ping")
	var msg string
	h.mw.seq.ExportDialog(h.win, h.app.Preferences(), func(m string) { msg = m })
	pd := h.win.Canvas().Focused().(*widgets.DialogEntry)
	path := filepath.Join(t.TempDir(), "ladder", "echo.png")
	retype(pd, path)
	pd.TypedKey(&fyne.KeyEvent{Name: fyne.KeyReturn})
	if msg != "Saved the diagram to "+path {
		t.Fatalf("status %q", msg)
	}
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	img, err := png.Decode(f)
	if err != nil {
		t.Fatalf("%s is not a PNG: %v", path, err)
	}
	if b := img.Bounds(); b.Dx() < seqdiagram.SeqExportMinWidth || b.Dy() < int(seqdiagram.SeqRowHeight())*h.mw.seq.Model.Len() {
		t.Errorf("image is %v; want at least %d wide and a row per item (%d)", b, seqdiagram.SeqExportMinWidth, h.mw.seq.Model.Len())
	}
}

// TestDiagramToggle hides and shows the diagram from the View menu and
// remembers it.
func TestDiagramToggle(t *testing.T) {
	a := test.NewTempApp(t)
	h := newAppHarnessFor(t, a)
	if !h.mw.diagramShown() {
		t.Fatal("the diagram is hidden on first launch at the default size")
	}
	h.mw.view.diagram.Action()
	if h.mw.diagramShown() || h.mw.view.diagram.Checked || a.Preferences().Bool(logview.KeySeqShown) {
		t.Error("View > Sequence diagram did not hide it")
	}
	h2 := newAppHarnessFor(t, a)
	if h2.mw.diagramShown() {
		t.Error("the hidden diagram came back in a new window")
	}
}

// TestLaneTitlesFit checks that lane titles too wide for their lane are
// shortened, a peer's address to its port and a tab's name to its number,
// so neighbours never run together.
func TestLaneTitlesFit(t *testing.T) {
	test.NewTempApp(t)
	size := theme.TextSize()
	wide := fyne.MeasureText("127.0.0.1:50890", size, fyne.TextStyle{}).Width
	for _, c := range []struct {
		title string
		w     float32
		want  string
	}{
		{"127.0.0.1:50890", wide, "127.0.0.1:50890"},
		{"127.0.0.1:50890", wide - 1, ":50890"},
		{"[::1]:50890", fyne.MeasureText(":50890", size, fyne.TextStyle{}).Width, ":50890"},
		{"Client 12", fyne.MeasureText("Clie", size, fyne.TextStyle{}).Width, "12"},
		{"Khách 3", fyne.MeasureText("Kh", size, fyne.TextStyle{}).Width, "3"},
		{"Máy chủ", fyne.MeasureText("Máy c…", size, fyne.TextStyle{}).Width, "Máy c…"},
	} {
		if got := seqdiagram.FitLaneTitle(c.title, c.w, size); got != c.want {
			t.Errorf("fitLaneTitle(%q, %v) = %q; want %q", c.title, c.w, got, c.want)
		}
	}
}
