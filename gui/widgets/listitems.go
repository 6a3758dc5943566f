package widgets

import (
	"runtime/metrics"

	"fyne.io/fyne/v2"
)

// ListItems hands a widget.List the items it asks for (its CreateItem),
// used again once the list has surely let them go.
//
// Every List.Refresh makes one item only to measure its height, and
// empties the list's pool of rows that scrolled away, so a list refreshed a
// few times a second as rows come in (the log, the sequence diagram) built
// new rows of a dozen labels, text shaping and all, at every refresh; Fyne
// keeps every widget's renderer in its cache for a minute after the widget
// was last drawn, so memory grew by the minute's worth and the collector
// worked for it.
//
// The measuring call comes first in a refresh, before any row is laid
// out, so Refresh hands it the same item every time. A row item is free
// when the list holds it nowhere: not on screen, which a full refresh
// tells (it fills every row it shows: call Filled from the list's
// UpdateItem, before anything else), and not in its pool. The pool is a
// sync.Pool, which a refresh cannot always empty (it keeps an item per
// thread), but which drops whatever it holds within two garbage
// collections; and the list fills any item it takes out of it. So an item
// no full refresh has shown since collection N, and not filled since, is
// free from collection N+2 on. The zero value is not ready: set New. Use
// it on the UI goroutine only.
type ListItems[T interface {
	comparable
	fyne.CanvasObject
}] struct {
	New     func() T // makes an item
	measure fyne.CanvasObject
	first   bool // from the start of a refresh until its first item
	all     []T
	state   map[T]*itemState
	free    []T
	gen     uint64 // full refreshes so far
	gc      [1]metrics.Sample
	made    int
}

type itemState struct {
	filled uint64 // the full refresh running when it was last filled
	// hidden: no full refresh has shown it since collection since.
	hidden bool
	since  uint64
}

// Get returns the measuring item to a refresh's first call, a free item or
// a new one otherwise: the list's CreateItem.
func (p *ListItems[T]) Get() fyne.CanvasObject {
	if p.first {
		p.first = false
		if p.measure == nil {
			p.measure = p.New()
			p.made++
		}
		return p.measure
	}
	var zero T
	if n := len(p.free); n > 0 {
		it := p.free[n-1]
		p.free[n-1] = zero
		p.free = p.free[:n-1]
		p.state[it].hidden = false
		return it
	}
	it := p.New()
	p.made++
	if p.state == nil {
		p.state = make(map[T]*itemState)
	}
	p.state[it] = &itemState{}
	p.all = append(p.all, it)
	return it
}

// Filled records that the list filled it for a row: call it first thing
// in the list's UpdateItem.
func (p *ListItems[T]) Filled(it T) {
	if s := p.state[it]; s != nil {
		s.filled, s.hidden = p.gen, false
	}
}

// Refresh runs list (the list's Refresh), giving it the measuring item,
// and then frees the items the list surely holds no more. A list that
// showed no row although it has rows (not laid out yet) tells nothing.
func (p *ListItems[T]) Refresh(list func(), rows int) {
	p.gen++
	p.first = true
	list()
	p.first = false
	if p.countFilled() == 0 && rows > 0 {
		return
	}
	gc := p.collections()
	clear(p.free)
	p.free = p.free[:0]
	for _, it := range p.all {
		s := p.state[it]
		switch {
		case s.filled == p.gen:
		case !s.hidden:
			s.hidden, s.since = true, gc
		case gc >= s.since+2:
			p.free = append(p.free, it)
		}
	}
}

// countFilled counts the items the running refresh filled.
func (p *ListItems[T]) countFilled() int {
	n := 0
	for _, s := range p.state {
		if s.filled == p.gen {
			n++
		}
	}
	return n
}

// collections is how many garbage collections the program has done.
func (p *ListItems[T]) collections() uint64 {
	p.gc[0].Name = "/gc/cycles/total:gc-cycles"
	metrics.Read(p.gc[:])
	if p.gc[0].Value.Kind() != metrics.KindUint64 {
		return 0
	}
	return p.gc[0].Value.Uint64()
}

// Made is how many items it has made.
func (p *ListItems[T]) Made() int { return p.made }
