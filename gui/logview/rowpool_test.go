package logview

import "testing"

// TestRowSpareGivesAnUnusedRowAgain checks that the row the list made and
// never filled (its template, made at each full refresh) comes back at the
// next ask, and that a row the list filled never does.
func TestRowSpareGivesAnUnusedRowAgain(t *testing.T) {
	cols := newLogColumns()
	var s rowSpare
	a := s.get(cols)
	if b := s.get(cols); b != a {
		t.Fatal("a row the list never filled was not given again")
	}
	s.fill(a)
	b := s.get(cols)
	if b == a {
		t.Fatal("a row the list filled was given again")
	}
	s.fill(a) // an older row filled again changes nothing
	if c := s.get(cols); c != b {
		t.Error("the unfilled newest row was not given again")
	}
}
