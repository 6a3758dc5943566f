package logview

import (
	"fyne.io/fyne/v2"
)

// FollowLayout is a Stack that scrolls back to the newest row when resized:
// Fyne's layouts have no resize hook, and a following log must keep its
// newest rows on screen through a resize, not only once the next event
// arrives.
type FollowLayout struct {
	Follow func() bool
	Scroll func()
	last   fyne.Size
}

// Layout resizes the list and keeps following.
func (l *FollowLayout) Layout(objects []fyne.CanvasObject, size fyne.Size) {
	for _, o := range objects {
		o.Move(fyne.NewPos(0, 0))
		o.Resize(size)
	}
	if size != l.last {
		l.last = size
		if l.Follow() {
			l.Scroll()
		}
	}
}

// MinSize is the list's.
func (l *FollowLayout) MinSize(objects []fyne.CanvasObject) fyne.Size {
	var s fyne.Size
	for _, o := range objects {
		s = s.Max(o.MinSize())
	}
	return s
}

// detailLayout puts the table above the detail area: a Border gives the
// bottom only its minimum and a VSplit a dragged share, while the detail must
// be as tall as its text (want), up to detailMaxShare, and leave the table
// its keep rows when it can (a short log at 200%). It takes space only
// while visible.
type detailLayout struct{ want, keep func() float32 }

// detailKeepRows is how many rows the table keeps beside the detail area
// when the log is short.
const detailKeepRows = 5

// detailMaxShare is the most of the log's height the detail area takes.
const detailMaxShare = 0.45

// Layout places objects[0] (the table) above objects[1] (the detail).
func (l *detailLayout) Layout(objects []fyne.CanvasObject, size fyne.Size) {
	table, detail := objects[0], objects[1]
	h := float32(0)
	if detail.Visible() {
		least := detail.MinSize().Height
		h = min(max(l.want(), least), size.Height*detailMaxShare, max(size.Height-l.keep(), least))
		detail.Move(fyne.NewPos(0, size.Height-h))
		detail.Resize(fyne.NewSize(size.Width, h))
	}
	table.Move(fyne.NewPos(0, 0))
	table.Resize(fyne.NewSize(size.Width, size.Height-h))
}

// MinSize is the table's, plus the detail's own minimum while visible.
func (l *detailLayout) MinSize(objects []fyne.CanvasObject) fyne.Size {
	s := objects[0].MinSize()
	if objects[1].Visible() {
		d := objects[1].MinSize()
		s.Width = max(s.Width, d.Width)
		s.Height += d.Height
	}
	return s
}
