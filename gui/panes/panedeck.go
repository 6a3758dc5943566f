package panes

import (
	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"
	"github.com/sockettester/sockettester/gui/widgets"
)

// Deck lays out the panes above the exchange: side by side when the
// window is wide enough for all of them, else one at a time, the pane
// titles turned into tabs ([Server][Client]) in each pane's own title row,
// so a small window loses no height to a tab bar and every control stays
// reachable without scrolling.
type Deck struct {
	texts   *widgets.Texts
	frames  []*paneFrame
	keys    []string
	tabs    [][]*widgets.PlainButton // tabs[i] is pane i's row of tab buttons
	current int
	narrow  bool
	Root    *fyne.Container
}

// NewDeck is an empty deck; AddPane puts the panes in.
func NewDeck(t *widgets.Texts) *Deck {
	d := &Deck{texts: t}
	d.Root = container.New(&deckLayout{d: d})
	return d
}

// AddPane adds a pane, framed by f whose title key is titleKey.
func (d *Deck) AddPane(f *paneFrame, titleKey string) { d.AddPaneIn(f, titleKey, f.Object()) }

// AddPaneIn adds a pane shown by o, which holds its frame f (or one of
// several: setFrame).
func (d *Deck) AddPaneIn(f *paneFrame, titleKey string, o fyne.CanvasObject) {
	d.frames = append(d.frames, f)
	d.keys = append(d.keys, titleKey)
	d.Root.Add(container.NewPadded(o))
	// Every pane gets a row of tabs for every pane, its own among them.
	d.tabs = make([][]*widgets.PlainButton, len(d.frames))
	for i, fr := range d.frames {
		row := container.NewHBox()
		for j, key := range d.keys {
			b := d.texts.Button(key, nil, func() { d.Show(j) })
			row.Add(b)
			d.tabs[i] = append(d.tabs[i], b)
		}
		fr.tabs = row
	}
	d.apply()
}

// SetFrame makes f pane i's frame, the one its object shows now (the
// client tab shown), which gets the deck's tabs.
func (d *Deck) SetFrame(i int, f *paneFrame) {
	old := d.frames[i]
	if old == f {
		return
	}
	old.showTabs(false)
	f.tabs, old.tabs = old.tabs, nil
	d.frames[i] = f
	d.apply()
}

// Object returns the deck's root object.
func (d *Deck) Object() fyne.CanvasObject { return d.Root }

// Narrow reports whether the panes are tabs now.
func (d *Deck) Narrow() bool { return d.narrow }

// Current is the pane in front when the panes are tabs.
func (d *Deck) Current() int { return d.current }

// Show brings pane i to the front when the panes are tabs.
func (d *Deck) Show(i int) {
	d.current = i
	d.apply()
	d.Root.Refresh()
}

func (d *Deck) setNarrow(on bool) {
	if on != d.narrow {
		d.narrow = on
		d.apply()
	}
}

// apply shows the titles or the tabs, marking the current tab.
func (d *Deck) apply() {
	for i, f := range d.frames {
		f.showTabs(d.narrow)
		for j, b := range d.tabs[i] {
			imp := widget.LowImportance
			if j == d.current {
				imp = widget.HighImportance
			}
			if b.Importance != imp {
				b.Importance = imp
				b.Refresh()
			}
		}
	}
}

// wideWidth is the panes' width side by side, measured with the titles in
// place of the tabs: the wider tabs would keep a wide window in tabs.
func (d *Deck) wideWidth() float32 {
	if d.narrow {
		for _, f := range d.frames {
			f.putTabs(false)
		}
		defer func() {
			for _, f := range d.frames {
				f.putTabs(true)
			}
		}()
	}
	w := float32(0)
	for i, o := range d.Root.Objects {
		if i > 0 {
			w += theme.Padding()
		}
		w += o.MinSize().Width
	}
	return w
}

// deckLayout places the panes side by side or one at a time, switching to
// one at a time when they do not fit (a grid cannot); side by side they
// share the width equally when each fits in its share, else each gets its
// minimum and an equal part of what is left.
type deckLayout struct{ d *Deck }

func (l *deckLayout) Layout(objects []fyne.CanvasObject, size fyne.Size) {
	d := l.d
	if d.narrow {
		for i, o := range objects {
			widgets.SetVisible(o, i == d.current)
			o.Move(fyne.NewPos(0, 0))
			o.Resize(size)
		}
		return
	}
	pad := theme.Padding()
	n := float32(len(objects))
	share := (size.Width - pad*(n-1)) / n
	equal := true
	for _, o := range objects {
		equal = equal && o.MinSize().Width <= share
	}
	// Equal halves whenever both fit, so a pane whose minimum changes (a
	// button hidden on connect) moves nothing under the pointer.
	extra := (size.Width - d.wideWidth()) / n
	x := float32(0)
	for _, o := range objects {
		o.Show()
		w := o.MinSize().Width + extra
		if equal {
			w = share
		}
		o.Move(fyne.NewPos(x, 0))
		o.Resize(fyne.NewSize(w, size.Height))
		x += w + pad
	}
}

// MinSize is as tall as the tallest pane, and as wide as the widest (tabs)
// or all of them (side by side).
func (l *deckLayout) MinSize(objects []fyne.CanvasObject) fyne.Size {
	var s fyne.Size
	for i, o := range objects {
		m := o.MinSize()
		s.Height = max(s.Height, m.Height)
		if l.d.narrow {
			s.Width = max(s.Width, m.Width)
		} else {
			if i > 0 {
				s.Width += theme.Padding()
			}
			s.Width += m.Width
		}
	}
	return s
}
