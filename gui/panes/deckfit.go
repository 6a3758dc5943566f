package panes

// Fit shows the panes side by side if width holds them all, else as tabs;
// the window's layout calls it with the width it gives the panes.
func (d *Deck) Fit(width float32) { d.setNarrow(width < d.wideWidth()) }
