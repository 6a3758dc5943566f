package widgets

import (
	"fmt"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/widget"
)

// TestListItemsMeasureOnce: a list refreshed 100 times without a new row
// makes no item (Fyne's list alone made one per refresh, to measure), and
// still shows its rows in order.
func TestListItemsMeasureOnce(t *testing.T) {
	test.NewTempApp(t)
	w := test.NewTempWindow(t, nil)
	n := 100
	var items ListItems[*widget.Label]
	items.New = func() *widget.Label { return widget.NewLabel("") }
	list := widget.NewList(func() int { return n }, items.Get, func(id widget.ListItemID, o fyne.CanvasObject) {
		o.(*widget.Label).SetText(fmt.Sprintf("row %d", id))
	})
	w.SetContent(list)
	w.Resize(fyne.NewSize(300, 400))
	items.Refresh(list.Refresh)
	made := items.Made()
	for range 100 {
		items.Refresh(list.Refresh)
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
