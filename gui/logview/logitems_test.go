package logview

import (
	"fmt"
	"runtime"
	"testing"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"

	"github.com/sockettester/sockettester/gui/internal/guitest"
	"github.com/sockettester/sockettester/gui/widgets"
	"github.com/sockettester/sockettester/sockets"
)

// TestRowItemsUsedAgain: a log that follows its newest row through 300
// batches (a garbage collection every fifth), then is scrolled to the top
// and back five times, shows every visible row once, in
// order, each in an item of its own, and makes no more items than a few
// screenfuls, hardly any after the first 150 batches or the first round trip: Fyne's list alone made
// more than one per refresh (over 1,000 here).
func TestRowItemsUsedAgain(t *testing.T) {
	test.NewTempApp(t)
	w := test.NewTempWindow(t, nil)
	v := NewLogView(w, nil, widgets.FyneDo)
	w.SetContent(v.Object())
	w.Resize(fyne.NewSize(1100, 600))
	v.SetFollow(true)
	n := 0
	at := guitest.EventTime
	batch := func() logBatch {
		var b logBatch
		for range 2 {
			n++
			at = at.Add(25 * time.Millisecond)
			data := []byte(fmt.Sprintf("row %d", n))
			b.rows = append(b.rows, sockets.Event{Time: at, Side: sockets.SideServer, Kind: sockets.KindReceived, Network: "tcp",
				Local: "127.0.0.1:9000", Remote: "127.0.0.1:40000", Bytes: len(data), Data: data})
		}
		return b
	}
	check := func(when string, last int) {
		t.Helper()
		var items []*LogRowItem
		for _, o := range test.LaidOutObjects(v.List) {
			if r, ok := o.(*LogRowItem); ok && r.Visible() {
				items = append(items, r)
			}
		}
		if len(items) < 5 {
			t.Fatalf("%s: %d rows shown; want a screenful", when, len(items))
		}
		// The list lays its rows out top to bottom, in this order.
		seen := map[*LogRowItem]bool{}
		for _, r := range items {
			if seen[r] {
				t.Fatalf("%s: one item shows two rows", when)
			}
			seen[r] = true
		}
		if last > 0 {
			for i, r := range items {
				want := fmt.Sprintf("row %d", last-len(items)+1+i)
				if r.Content.Text != want {
					t.Fatalf("%s: row %d of %d shows %q; want %q", when, i+1, len(items), r.Content.Text, want)
				}
			}
		}
		// An item the list let go is used again only two collections
		// later, and a jump of a screenful takes a screenful at once: a
		// few screenfuls at most.
		if most := 8*len(items) + 8; v.items.Made() > most {
			t.Errorf("%s: %d row items made for %d rows shown; want at most %d", when, v.items.Made(), len(items), most)
		}
	}
	made := 0
	for i := range 300 {
		v.apply(batch())
		if i%5 == 4 {
			runtime.GC() // the list's pool lets go of what it held
		}
		if i%50 == 49 {
			check(fmt.Sprintf("after %d batches", i+1), n)
		}
		if i == 149 {
			made = v.items.Made()
		}
	}
	// Collections come when they like besides, so a refresh may now and
	// then need a few items more than ever before.
	if v.items.Made() > made+20 {
		t.Errorf("%d row items after 150 batches, %d after 300; want at most 20 more (a screenful; without reuse, hundreds)", made, v.items.Made())
	}
	// Back and forth a screenful at a time: the items come back, so the
	// round trips after the first make none.
	var after1 int
	for trip := range 5 {
		v.SetFollow(false)
		v.List.ScrollToTop()
		v.apply(batch())
		check("scrolled to the top", 0)
		runtime.GC()
		runtime.GC()
		v.apply(batch())
		v.SetFollow(true)
		v.apply(batch())
		check("back at the bottom", n)
		runtime.GC()
		runtime.GC()
		v.apply(batch())
		if trip == 0 {
			after1 = v.items.Made()
		}
	}
	if v.items.Made() > after1+20 {
		t.Errorf("%d row items after one round trip to the top, %d after five; want at most 20 more (a screenful; without reuse, hundreds)", after1, v.items.Made())
	}
}
