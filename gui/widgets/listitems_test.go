package widgets

import (
	"fmt"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/widget"
)

// TestListItemsUsedAgain: a list that grows by two rows per refresh and
// follows its end, then jumps to the top and back, shows each row once, in
// order, in an item of its own, and has ListItems make a few screenfuls of
// items in all; Fyne's list alone makes more than one per refresh.
func TestListItemsUsedAgain(t *testing.T) {
	test.NewTempApp(t)
	w := test.NewTempWindow(t, nil)
	n := 0
	var items ListItems[*widget.Label]
	items.New = func() *widget.Label { return widget.NewLabel("") }
	made := 0
	var list *widget.List
	list = widget.NewList(func() int { return n }, items.Get, func(id widget.ListItemID, o fyne.CanvasObject) {
		l := o.(*widget.Label)
		items.Filled(l)
		l.SetText(fmt.Sprintf("row %d", id))
	})
	w.SetContent(list)
	w.Resize(fyne.NewSize(300, 400))
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
		if most := 5*len(shown) + 8; items.Made() > most {
			t.Errorf("%s: %d items made for %d rows shown; want at most %d", when, items.Made(), len(shown), most)
		}
	}
	for i := range 300 {
		n += 2
		refresh()
		list.ScrollToBottom()
		if i == 149 {
			made = items.Made()
		}
	}
	if items.Made() > made+4 {
		t.Errorf("%d items after 150 refreshes, %d after 300; want at most 4 more", made, items.Made())
	}
	check("after 300 refreshes", -1)
	for range 5 {
		list.ScrollToTop()
		refresh()
		check("at the top", 0)
		list.ScrollToBottom()
		refresh()
		check("at the bottom", -1)
	}
}
