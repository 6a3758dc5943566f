package logview

// rowSpare gives the log's list its last new row again while the list has
// not filled it. The list makes a row at every full refresh only to
// measure it (its template), and the view refreshes fully for every
// batch: that was a new row widget (thirteen labels, an icon whose SVG is
// parsed) thrown away per batch. A row the list has not filled since it
// got it was never shown, so no one else holds it.
type rowSpare struct {
	last   *LogRowItem
	filled bool // the list filled last since it got it
}

// get returns the spare row, or a new one.
func (s *rowSpare) get(columns *logColumns) *LogRowItem {
	if s.last == nil || s.filled {
		s.last = newLogRowItem(columns)
	}
	s.filled = false
	return s.last
}

// fill notes that the list filled r.
func (s *rowSpare) fill(r *LogRowItem) {
	if r == s.last {
		s.filled = true
	}
}
