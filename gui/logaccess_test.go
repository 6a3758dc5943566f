package gui

import "github.com/sockettester/sockettester/sockets"

// What tests read of the log view and its model, as a user would see it.

// Rows returns the events the view shows (after the filter), oldest first.
func (v *logView) Rows() []sockets.Event { return v.model.Shown() }

// Selected returns the row shown in the detail area. It stays selected after
// the limit pushes it out of the log, until another row is selected or the
// log is cleared.
func (v *logView) Selected() (sockets.Event, bool) { return v.sel.event, v.sel.ok }

// Select selects shown row i, as tapping it does.
func (v *logView) Select(i int) { v.list.Select(i) }

// DetailText returns what the detail area shows.
func (v *logView) DetailText() string { return v.detail.Text }

// Limit returns the bound on rows kept.
func (m *logModel) Limit() int {
	m.mu.Lock()
	defer m.mu.Unlock()
	return m.limit
}
