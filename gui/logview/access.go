package logview

import "github.com/sockettester/sockettester/sockets"

// What the window and its tests read of the log view and its model, as a
// user would see it.

// Rows returns the events the view shows (after the filter), oldest first.
func (v *LogView) Rows() []sockets.Event { return v.shown().Shown() }

// Selected returns the row shown in the detail area. It stays selected after
// the limit pushes it out of the log, until another row is selected or the
// log is cleared.
func (v *LogView) Selected() (sockets.Event, bool) { return v.sel.event, v.sel.ok }

// Select selects shown row i, as tapping it does.
func (v *LogView) Select(i int) { v.List.Select(i) }

// DetailText returns what the detail area shows.
func (v *LogView) DetailText() string { return v.Detail.Text }

// Limit returns the bound on rows kept.
func (m *logModel) Limit() int {
	m.mu.Lock()
	defer m.mu.Unlock()
	return m.limit
}
