package panes

// Fit shows the panes side by side if width holds them all, else as tabs:
// what WindowLayout does, for a window that lays the deck out itself.
func (d *Deck) Fit(width float32) { d.setNarrow(width < d.wideWidth()) }
