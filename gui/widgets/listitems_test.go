package widgets

import (
	"fmt"
	"runtime"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/widget"
)

// TestListItemsMeasureOnce: a list refreshed 100 times without a new row
// makes no item (Fyne's list alone made one per refresh, to measure), and
// still shows its rows in order.
func TestListItemsMeasureOnce(t *testing.T) {
	n := 100
	items, list := newItemsList(t, &n)
	items.Refresh(list.Refresh, n)
	made := items.Made()
	for range 100 {
		items.Refresh(list.Refresh, n)
	}
	if items.Made() != made {
		t.Errorf("%d items made by 100 refreshes with no new row; want none", items.Made()-made)
	}
	var shown []string
	for _, o := range test.LaidOutObjects(list) {
		if l, ok := o.(*widget.Label); ok && l.Visible() {
			shown = append(shown, l.Text)
		}
	}
	if len(shown) < 5 {
		t.Fatalf("%d rows shown; want a screenful", len(shown))
	}
	for i, s := range shown {
		if want := fmt.Sprintf("row %d", i); s != want {
			t.Fatalf("row %d shows %q; want %q", i+1, s, want)
		}
	}
}

// TestListItemsUsedAgain: a list that grows by two rows per refresh and
// follows its end, with a garbage collection every fifth refresh, then
// jumps to the top and back five times, shows each row once, in order, in
// an item of its own, and has ListItems make a few screenfuls of items in
// all (Fyne's list alone made 971 here).
func TestListItemsUsedAgain(t *testing.T) {
	n := 0
	items, list := newItemsList(t, &n)
	made := 0
	refresh := func() { items.Refresh(list.Refresh, n) }
	check := func(when string, first int) {
		t.Helper()
		seen := map[*widget.Label]bool{}
		var shown []*widget.Label
		for _, o := range test.LaidOutObjects(list) {
			if l, ok := o.(*widget.Label); ok && l.Visible() && seen[l] {
				t.Fatalf("%s: one item shows two rows", when)
			} else if ok && l.Visible() {
				seen[l] = true
				shown = append(shown, l)
			}
		}
		if len(shown) < 5 {
			t.Fatalf("%s: %d rows shown; want a screenful", when, len(shown))
		}
		if first < 0 {
			first = n - len(shown)
		}
		for i, l := range shown {
			if want := fmt.Sprintf("row %d", first+i); l.Text != want {
				t.Fatalf("%s: row %d of %d shows %q; want %q", when, i+1, len(shown), l.Text, want)
			}
		}
		// An item the list let go is used again only two collections
		// later, and a jump of a screenful takes a screenful at once: a
		// few screenfuls at most.
		if most := 8*len(shown) + 8; items.Made() > most {
			t.Errorf("%s: %d items made for %d rows shown; want at most %d", when, items.Made(), len(shown), most)
		}
	}
	for i := range 300 {
		n += 2
		refresh()
		list.ScrollToBottom()
		if i%5 == 4 {
			runtime.GC() // the list's pool lets go of what it held
		}
		if i == 149 {
			made = items.Made()
		}
	}
	if items.Made() > made+20 {
		t.Errorf("%d items after 150 refreshes, %d after 300; want at most 20 more (a screenful; without reuse, hundreds)", made, items.Made())
	}
	check("after 300 refreshes", -1)
	var after1 int
	for trip := range 5 {
		list.ScrollToTop()
		refresh()
		check("at the top", 0)
		runtime.GC()
		runtime.GC()
		refresh()
		list.ScrollToBottom()
		refresh()
		check("at the bottom", -1)
		runtime.GC()
		runtime.GC()
		refresh()
		if trip == 0 {
			after1 = items.Made()
		}
	}
	if items.Made() > after1+20 {
		t.Errorf("%d items after one round trip to the top, %d after five; want at most 20 more (a screenful; without reuse, hundreds)", after1, items.Made())
	}
}

// newItemsList shows a list of *n labels reading "row ID", 300x400, its
// items from a ListItems.
func newItemsList(t *testing.T, n *int) (*ListItems[*widget.Label], *widget.List) {
	test.NewTempApp(t)
	w := test.NewTempWindow(t, nil)
	items := &ListItems[*widget.Label]{New: func() *widget.Label { return widget.NewLabel("") }}
	list := widget.NewList(func() int { return *n }, items.Get, func(id widget.ListItemID, o fyne.CanvasObject) {
		l := o.(*widget.Label)
		items.Filled(l)
		l.SetText(fmt.Sprintf("row %d", id))
	})
	w.SetContent(list)
	w.Resize(fyne.NewSize(300, 400))
	return items, list
}
