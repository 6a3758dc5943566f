package seqdiagram

import (
	"strings"
	"testing"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"
	"github.com/sockettester/sockettester/gui/logview"
	"github.com/sockettester/sockettester/gui/widgets"
	"github.com/sockettester/sockettester/sockets"
)

// drawRow lays out a three-lane row for an arrow from lane 1 to lane 0, as
// the relay passes a chunk back to a client.
func drawRow(t *testing.T, it *SeqItem) *seqRow {
	t.Helper()
	r := NewSeqRow()
	r.Look = seqRowLook{lanes: 3, From: 1, To: 0, Label: "Hello", item: it, color: "foreground"}
	test.WidgetRenderer(r).Layout(fyne.NewSize(600, SeqRowHeight()))
	return r
}

// Layout also runs while Fyne paints a frame (its pass over sizes), and a
// refresh from there asked for a second, identical frame after every
// batch; Refresh, after the look changed, has every part shown drawn.
func TestSeqRowLayoutAsksForNoFrame(t *testing.T) {
	test.NewTempApp(t)
	var refreshed []fyne.CanvasObject
	old := refreshObject
	refreshObject = func(o fyne.CanvasObject) { refreshed = append(refreshed, o) }
	defer func() { refreshObject = old }()
	r := drawRow(t, &SeqItem{Kind: SeqArrow})
	if len(refreshed) != 0 {
		t.Fatalf("Layout refreshed %d objects; want none", len(refreshed))
	}
	rr := test.WidgetRenderer(r)
	rr.Refresh()
	shown := 0
	for _, o := range rr.Objects() {
		if o.Visible() {
			shown++
		}
	}
	if len(refreshed) != shown || shown < 7 { // background, 3 lanes, arrow, 2 barbs, label, time
		t.Errorf("Refresh refreshed %d objects, %d shown; want every one shown, at least 7", len(refreshed), shown)
	}
	for _, o := range []fyne.CanvasObject{r.arrow, r.head[0], r.head[1]} {
		if !o.Visible() {
			t.Errorf("%T %p hidden; an arrow shows its line and head", o, o)
		}
	}
	if r.dot.Visible() || r.band.Visible() {
		t.Error("an arrow's row shows a marker's dot or a band")
	}
}

// A chunk passed on late draws a slanted arrow, higher at the relay lane;
// one passed on at once a level one; a dropped one ends in a cross, not a
// head.
func TestSeqRowSlantAndCross(t *testing.T) {
	test.NewTempApp(t)
	straight := drawRow(t, &SeqItem{Kind: SeqArrow})
	if a := straight.arrow; a.Position1.Y != a.Position2.Y {
		t.Errorf("arrow at once: from %v to %v; want level", a.Position1, a.Position2)
	}
	slanted := drawRow(t, &SeqItem{Kind: SeqArrow, held: 300e6})
	a := slanted.arrow
	if a.Position2.Y-a.Position1.Y < SeqRowHeight()/2 {
		t.Errorf("arrow held: from %v to %v; want it starting at least half a row higher", a.Position1, a.Position2)
	}
	if a.Position2 != straight.arrow.Position2 {
		t.Errorf("arrow held ends at %v; want where a level one does, %v", a.Position2, straight.arrow.Position2)
	}
	// The head's barbs lie either side of the slant, back from the tip:
	// halfway between their ends is a point on the line.
	b0, b1 := slanted.head[0].Position2, slanted.head[1].Position2
	mx, my := (b0.X+b1.X)/2-a.Position2.X, (b0.Y+b1.Y)/2-a.Position2.Y
	lx, ly := a.Position1.X-a.Position2.X, a.Position1.Y-a.Position2.Y
	if cross := mx*ly - my*lx; cross > 1 || cross < -1 || mx*lx+my*ly <= 0 ||
		slanted.head[0].Position1 != a.Position2 || slanted.head[1].Position1 != a.Position2 {
		t.Errorf("barbs to %v and %v; want them from the tip %v, either side of the line back to %v", b0, b1, a.Position2, a.Position1)
	}
	dropped := drawRow(t, &SeqItem{Kind: SeqArrow, dropped: true})
	tip := dropped.arrow.Position2
	h0, h1 := dropped.head[0], dropped.head[1]
	// Two strokes through the tip, one each way: a cross.
	mid := func(l fyne.Position, m fyne.Position) fyne.Position { return fyne.NewPos((l.X+m.X)/2, (l.Y+m.Y)/2) }
	if mid(h0.Position1, h0.Position2) != tip || mid(h1.Position1, h1.Position2) != tip ||
		(h0.Position2.Y-h0.Position1.Y)*(h1.Position2.Y-h1.Position1.Y) >= 0 {
		t.Errorf("dropped: strokes %v-%v and %v-%v; want a cross centred on %v", h0.Position1, h0.Position2, h1.Position1, h1.Position2, tip)
	}
}

// The labels say it too, in the diagram and so in its exported image:
// how late the relay passed a chunk on, and that a datagram was dropped.
func TestSeqRowLookSaysHeldAndDropped(t *testing.T) {
	a := test.NewTempApp(t)
	w := test.NewWindow(nil)
	defer w.Close()
	v := NewSeqView(logview.NewLogView(w, a.Preferences(), func(f func()) { f() }), &widgets.Texts{})
	for _, tt := range []struct {
		it   SeqItem
		want string
	}{
		{SeqItem{Kind: SeqArrow, preview: "Hello, world", held: 300 * time.Millisecond}, "+300 ms Hello, world"},
		{SeqItem{Kind: SeqArrow, preview: "lost", dropped: true}, "lost  (dropped)"},
		{SeqItem{Kind: SeqArrow, preview: "Hello, world"}, "Hello, world"},
		{SeqItem{Kind: SeqArrow, preview: "hello", opcode: sockets.OpText}, "[text] hello"},
		{SeqItem{Kind: SeqArrow, preview: `\x01\x02`, opcode: sockets.OpBinary}, `[binary] \x01\x02`},
	} {
		if got := v.RowLook(&tt.it).Label; got != tt.want {
			t.Errorf("label %q; want %q", got, tt.want)
		}
	}
}

// TestSeqRowLookSaysSystemDropOnce: a drop marker's label is its message,
// which already says "dropped by the system", not the kind and then the
// message again.
func TestSeqRowLookSaysSystemDropOnce(t *testing.T) {
	a := test.NewTempApp(t)
	w := test.NewWindow(nil)
	defer w.Close()
	v := NewSeqView(logview.NewLogView(w, a.Preferences(), func(f func()) { f() }), &widgets.Texts{})
	e := sockets.Event{Kind: sockets.KindSystemDrop, Side: sockets.SideServer, Msg: "dropped by the system before the app saw them: 7895"}
	it := SeqItem{Kind: seqMarker, mark: sockets.KindSystemDrop, event: &e, side: sockets.SideServer}
	if got := v.RowLook(&it).Label; strings.Count(got, "dropped by the system") != 1 {
		t.Fatalf("label %q; want the message once", got)
	}
}
