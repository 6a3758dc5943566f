package widgets

import "fyne.io/fyne/v2"

// ListItems hands a widget.List the items it asks for (its CreateItem),
// used again.
//
// Fyne's List keeps the items of rows that scrolled away in a sync.Pool,
// which the collector empties, and every List.Refresh makes one more item
// to measure and empties that pool: a list refreshed a few times a second
// as rows come in (the log, the sequence diagram) made new items, text
// shaping and all, at every refresh, and Fyne keeps every widget's
// renderer in its cache for a minute after the widget was last drawn, so
// memory grew by the minute's worth and the collector worked for it. These
// items are made once and kept.
//
// An item is free when the list holds it nowhere. That is known right
// after a full List.Refresh (Refresh): it fills every row it shows (tell
// Filled from the list's UpdateItem) and drops the rest, its pool
// included, so the items it did not fill are free. Items given out since
// then are the list's until the next full refresh. The zero value is not
// ready: set New. Use it on the UI goroutine only.
type ListItems[T interface {
	comparable
	fyne.CanvasObject
}] struct {
	New  func() T // makes an item
	all  []T
	free []T
	// gen counts full refreshes; filled holds the one that last filled
	// each item.
	gen       uint64
	filled    map[T]uint64
	nfilled   int
	refreshed bool // a full refresh is running
}

// Get returns a free item, or a new one: the list's CreateItem.
func (p *ListItems[T]) Get() fyne.CanvasObject {
	var zero T
	if n := len(p.free); n > 0 {
		it := p.free[n-1]
		p.free[n-1] = zero
		p.free = p.free[:n-1]
		return it
	}
	it := p.New()
	p.all = append(p.all, it)
	return it
}

// Filled records that the list filled it for a row (call it from the
// list's UpdateItem).
func (p *ListItems[T]) Filled(it T) {
	if !p.refreshed || p.filled[it] == p.gen {
		return
	}
	if p.filled == nil {
		p.filled = make(map[T]uint64)
	}
	p.filled[it] = p.gen
	p.nfilled++
}

// Refresh runs list (the list's Refresh) and then frees every item it did
// not fill. A list that showed no row although it has rows (not laid out
// yet) kept its pool, so nothing is freed then.
func (p *ListItems[T]) Refresh(list func(), rows int) {
	p.gen++
	p.nfilled, p.refreshed = 0, true
	list()
	p.refreshed = false
	if p.nfilled == 0 && rows > 0 {
		return
	}
	clear(p.free)
	p.free = p.free[:0]
	for _, it := range p.all {
		if p.filled[it] != p.gen {
			p.free = append(p.free, it)
		}
	}
}

// Made is how many items it has made.
func (p *ListItems[T]) Made() int { return len(p.all) }
