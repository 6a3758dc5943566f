package logview

import "fyne.io/fyne/v2"

// rowItems hands the log's list the row items it asks for, used again.
//
// Fyne's List keeps the items of rows that scrolled away in a sync.Pool,
// which the collector empties, and every List.Refresh makes one more item
// to measure and empties that pool: under steady traffic each refresh made
// new rows of a dozen labels, text shaping and all, and Fyne keeps every
// widget's renderer in its cache for a minute after the widget was last
// drawn, so memory grew by the minute's worth and the collector worked for
// it. These items are made once and kept.
//
// An item is free when the list holds it nowhere. That is known right
// after a full List.Refresh (refresh): it fills every row it shows and
// drops the rest, pool included, so the items it did not fill are free.
// Items given out since then are the list's until the next full refresh.
type rowItems struct {
	make func() *LogRowItem
	all  []*LogRowItem
	free []*LogRowItem
	// gen counts full refreshes; an item filled during one gets its gen.
	gen       uint64
	filled    int
	refreshed bool // a full refresh is running
}

// get returns a free item, or a new one.
func (p *rowItems) get() fyne.CanvasObject {
	if n := len(p.free); n > 0 {
		it := p.free[n-1]
		p.free[n-1] = nil
		p.free = p.free[:n-1]
		return it
	}
	it := p.make()
	p.all = append(p.all, it)
	return it
}

// fill records that the list filled it for a row.
func (p *rowItems) fill(it *LogRowItem) {
	if p.refreshed && it.gen != p.gen {
		it.gen = p.gen
		p.filled++
	}
}

// refresh runs list (a full List.Refresh) and then frees every item it did
// not fill. A list that showed no row although it has some (not laid out
// yet) kept its pool, so nothing is freed then.
func (p *rowItems) refresh(list func(), rows int) {
	p.gen++
	p.filled, p.refreshed = 0, true
	list()
	p.refreshed = false
	if p.filled == 0 && rows > 0 {
		return
	}
	clear(p.free)
	p.free = p.free[:0]
	for _, it := range p.all {
		if it.gen != p.gen {
			p.free = append(p.free, it)
		}
	}
}
