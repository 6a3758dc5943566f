package widgets

import "fyne.io/fyne/v2"

// ListItems makes the items a widget.List asks for (its CreateItem), and
// keeps one for the list to measure.
//
// Every List.Refresh makes one item only to measure its height and drops
// it; Fyne keeps every widget's renderer in its cache for a minute after
// the widget was last drawn, so a list refreshed a few times a second as
// rows come in (the log, the sequence diagram) built an item of a dozen
// labels, text shaping and all, at every refresh and held it a minute.
// That call comes first in a refresh, before any row is laid out, so
// Refresh hands it the same measuring item every time; rows get new ones,
// which the list keeps in its pool.
//
// (Items the list drops from its pool cannot be given back to it: the
// pool is a sync.Pool, which keeps some per thread where a refresh cannot
// empty it, so the list may take out an item it was thought to have let
// go, and show it twice.) The zero value is not ready: set New. Use it on
// the UI goroutine only.
type ListItems[T fyne.CanvasObject] struct {
	New     func() T // makes an item
	measure fyne.CanvasObject
	// first is true from the start of a refresh until its first item.
	first bool
	made  int
}

// Get returns the measuring item to a refresh's first call, a new item
// otherwise: the list's CreateItem.
func (p *ListItems[T]) Get() fyne.CanvasObject {
	if p.first {
		p.first = false
		if p.measure == nil {
			p.measure = p.New()
			p.made++
		}
		return p.measure
	}
	p.made++
	return p.New()
}

// Refresh runs list (the list's Refresh), giving it the measuring item.
func (p *ListItems[T]) Refresh(list func()) {
	p.first = true
	list()
	p.first = false
}

// Made is how many items it has made.
func (p *ListItems[T]) Made() int { return p.made }
